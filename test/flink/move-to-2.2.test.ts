/**
 * Moving jobs from a real Flink 1.20 cluster to a real Flink 2.2 cluster: state Flink 2.2 restores
 * (Long, POJO: the counters continue), state it cannot restore (a Java collection Flink 1.20 wrote with
 * Kryo: a restart loop, then the previous JAR back on 1.20 from the savepoint), a JAR using APIs
 * removed in 2.0 (refused at submission); and the JAR check's prediction for every one of these JARs.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { readJobHealth } from '../../src/flink/job-health.js';
import type { JobHealthSnapshot } from '../../src/flink/outcomes.js';
import type { FlinkRestClient } from '../../src/flink/rest.js';
import {
  cancelJob,
  FlinkStepError,
  type FlinkStepDeps,
  stopWithSavepoint,
  submitJar,
  waitForJobRunning,
} from '../../src/flink/steps.js';
import { checkArtifact } from '../../src/jar-check/index.js';
import { pollUntil } from '../../src/wait.js';
import { type FlinkCluster, startFlinkCluster } from '../support/flink-cluster.js';
import { flinkVersion, testJar } from '../support/flink-install.js';
import { counted, lastCounts, readCounts, realFlinkReady } from '../support/flink-jobs.js';

const V1_20 = flinkVersion('1.20');
const V2_2 = flinkVersion('2.2');
const ready = realFlinkReady([V1_20, V2_2]);
const KEYS = 4;
const ARGS = ['--delay-ms', '20'];

/** What really happened to a JAR on Flink 2.2 (restoring Flink 1.20 state when it has any). */
type Outcome = 'runs' | 'restore-fails' | 'submission-fails';
const observed = new Map<string, { jar: string; outcome: Outcome }>();

describe.skipIf(!ready)(`move from Flink ${V1_20} to Flink ${V2_2}`, { timeout: 240_000 }, () => {
  let old: FlinkCluster;
  let next: FlinkCluster;
  const lines: string[] = [];
  // FLINK_TEST_LOG=1 echoes the progress lines (cluster start, savepoints, submissions)
  const echo = process.env.FLINK_TEST_LOG === '1';
  const push = (line: string): void => {
    lines.push(line);
    if (echo) console.log(line);
  };
  const started: { cluster: () => FlinkCluster; jobId: string }[] = [];
  const deps = (cluster: FlinkCluster): FlinkStepDeps => ({
    rest: cluster.rest,
    clock: systemClock,
    log: { info: push },
  });

  beforeAll(async () => {
    // one after the other: two JVM pairs starting at once on 2 cores only slows both
    old = await startFlinkCluster({ version: V1_20, log: push });
    next = await startFlinkCluster({
      version: V2_2,
      // the default of Flink ≥ 1.19 with checkpointing (the 1.20 cluster runs fixed-delay)
      restartStrategy: { type: 'exponential-delay', initialMs: 250, maxMs: 2000 },
      log: push,
    });
  }, 240_000);

  afterEach(async () => {
    for (const { cluster, jobId } of started.splice(0)) {
      const c = cluster();
      const job = await c.rest.job(jobId);
      if (!['FINISHED', 'CANCELED', 'FAILED'].includes(job.state))
        await cancelJob(deps(c), jobId, { timeoutMs: 60_000 });
    }
  });

  afterAll(async () => {
    await Promise.all([old?.stop(), next?.stop()]);
  }, 60_000);

  async function run(
    cluster: FlinkCluster,
    jar: string,
    request: Parameters<typeof submitJar>[2] = {},
  ): Promise<string> {
    const { jobId } = await submitJar(deps(cluster), jar, { programArgsList: ARGS, ...request });
    started.push({ cluster: () => cluster, jobId });
    return jobId;
  }

  /** Runs a job on 1.20 until each key counted `min`, then stops it with a savepoint. */
  async function savepointOn120(
    name: string,
    job: string,
    min: number,
  ): Promise<{ savepoint: string; last: Map<number, number> }> {
    const jobId = await run(old, testJar(V1_20, name));
    await waitForJobRunning(deps(old), jobId, { timeoutMs: 90_000 });
    await counted(old, job, min);
    const savepoint = await stopWithSavepoint(deps(old), jobId, { timeoutMs: 90_000 });
    return { savepoint, last: lastCounts(readCounts(old.taskManagerOut, job)) };
  }

  async function waitForHealth(
    rest: FlinkRestClient,
    jobId: string,
    what: string,
    done: (h: JobHealthSnapshot) => boolean,
  ): Promise<JobHealthSnapshot> {
    return pollUntil({
      what,
      clock: systemClock,
      deadline: Date.now() + 90_000,
      intervalMs: 500,
      progress: push,
      probe: () => readJobHealth(rest, jobId),
      check: (h) =>
        done(h)
          ? { done: true, result: h }
          : { done: false, state: `${h.state}, ${h.restarts ?? '?'} restarts` },
    });
  }

  test('Long and POJO state: restored on 2.2, the counters continue', async () => {
    const config = await next.rest.config();
    expect(config['flink-version']).toBe(V2_2);
    expect(config.features?.['web-submit']).toBe(true);
    const { savepoint, last } = await savepointOn120('counter-v1', 'v1', 8);
    const jar = testJar(V2_2, 'counter-v2');
    const jobId = await run(next, jar, { savepointPath: savepoint });
    await waitForJobRunning(deps(next), jobId, { timeoutMs: 90_000 });
    const after = await counted(next, 'v2', 3);
    for (const [key, count] of last) expect(after.get(key)?.[0], `key ${key}`).toBe(count + 1);
    const health = await readJobHealth(next.rest, jobId);
    expect(health.state).toBe('RUNNING');
    expect(health.restarts).toBe(0);
    expect(health.restoredFrom).toBe(savepoint);
    observed.set('counter-v2 (2.2) from a 1.20 savepoint', { jar, outcome: 'runs' });
  });

  test('Java collection in Kryo state: restart loop on 2.2, then the previous JAR back on 1.20 with the counters intact', async () => {
    const { savepoint, last } = await savepointOn120('kryo-list', 'kryo-list', 5);
    const jar = testJar(V2_2, 'kryo-list');
    // Flink accepts the submission: the restore fails in the tasks, again and again
    const jobId = await run(next, jar, { savepointPath: savepoint });
    const looping = await waitForHealth(next.rest, jobId, 'restarts to climb', (h) => (h.restarts ?? 0) >= 3);
    expect(looping.rootException, 'root exception').toBeDefined();
    expect(looping.rootException?.summary).toMatch(/state|serializ|restore|Kryo/i);
    expect(readCounts(next.taskManagerOut, 'kryo-list').size).toBe(0);
    observed.set('kryo-list (2.2) from a 1.20 savepoint', { jar, outcome: 'restore-fails' });
    push(`kryo-list on 2.2: ${looping.restarts} restarts; root exception: ${looping.rootException?.summary}`);

    // rollback: cancel the looping job, the previous JAR on the original cluster from the same savepoint
    await cancelJob(deps(next), jobId, { timeoutMs: 60_000 });
    const back = await run(old, testJar(V1_20, 'kryo-list'), { savepointPath: savepoint });
    await waitForJobRunning(deps(old), back, { timeoutMs: 90_000 });
    await pollUntil({
      what: 'kryo-list to count again on 1.20',
      clock: systemClock,
      deadline: Date.now() + 60_000,
      intervalMs: 500,
      progress: () => {},
      probe: async () => readCounts(old.taskManagerOut, 'kryo-list'),
      check: (counts) => {
        const grown = [...last].filter(([key, n]) => (counts.get(key)?.length ?? 0) > n).length;
        return grown === KEYS
          ? { done: true, result: counts }
          : { done: false, state: `${grown}/${KEYS} keys` };
      },
    });
    const all = readCounts(old.taskManagerOut, 'kryo-list');
    for (const [key, n] of last) {
      const list = all.get(key) ?? [];
      // the list sizes printed after the rollback continue where the savepoint left them
      expect(list[n], `key ${key}`).toBe(n + 1);
    }
  });

  test('a 1.20 JAR using addSource(SourceFunction) is refused at submission on 2.2', async () => {
    const jar = testJar(V1_20, 'legacy-source');
    const failure = await run(next, jar).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(FlinkStepError);
    expect((failure as FlinkStepError).step).toBe('run');
    push(`legacy-source on 2.2: ${(failure as Error).message}`);
    expect((failure as FlinkStepError).reason).toMatch(
      /SourceFunction|addSource|NoSuchMethodError|NoClassDefFoundError/,
    );
    observed.set('legacy-source (1.20) on 2.2', { jar, outcome: 'submission-fails' });
  });

  test('a 1.20 JAR of the counter runs on 2.2 without state', async () => {
    const jar = testJar(V1_20, 'counter-v1');
    const jobId = await run(next, jar);
    await waitForJobRunning(deps(next), jobId, { timeoutMs: 90_000 });
    await waitForHealth(
      next.rest,
      jobId,
      'the 1.20 JAR to count on 2.2',
      () => (readCounts(next.taskManagerOut, 'v1').size ?? 0) > 0,
    );
    observed.set('counter-v1 (1.20) on 2.2, no state', { jar, outcome: 'runs' });
  });

  test('the JAR check predicts every real outcome on 2.2', async () => {
    expect([...observed.keys()]).toHaveLength(4);
    const predicted: Record<string, Outcome> = {};
    const real: Record<string, Outcome> = {};
    for (const [label, { jar, outcome }] of observed) {
      const report = await checkArtifact(jar, { targetRuntime: 'FLINK-2_2', currentRuntime: 'FLINK-1_20' });
      predicted[label] = predict(
        report.findings.map((f) => ({ severity: f.severity, code: f.code })),
        label.includes('savepoint'),
      );
      real[label] = outcome;
    }
    expect(predicted).toEqual(real);
  });
});

/** What the JAR check's findings predict on 2.2: refused at submission, a failed restore, or a run. */
function predict(findings: { severity: string; code: string }[], restoresState: boolean): Outcome {
  if (
    findings.some(
      (f) =>
        f.severity === 'error' &&
        ['FLINK2_REMOVED_API', 'JAVA_CLASS_VERSION', 'FLINK_CORE_BUNDLED'].includes(f.code),
    )
  ) {
    return 'submission-fails';
  }
  if (restoresState && findings.some((f) => f.code.startsWith('STATE_'))) return 'restore-fails';
  return 'runs';
}
