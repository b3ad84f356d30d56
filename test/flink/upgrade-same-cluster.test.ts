/**
 * Upgrade steps on one real Flink 1.20 cluster: stop with a savepoint and run the next version from it
 * (the counters continue), a removed operator (refused without allowNonRestoredState, accepted with
 * it), and a savepoint that cannot be written (the job keeps running, the error says why).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { readJobHealth } from '../../src/flink/job-health.js';
import {
  cancelJob,
  FlinkStepError,
  type FlinkStepDeps,
  stopWithSavepoint,
  submitJar,
  waitForJobRunning,
} from '../../src/flink/steps.js';
import { type FlinkCluster, startFlinkCluster } from '../support/flink-cluster.js';
import { flinkVersion, testJar } from '../support/flink-install.js';
import { counted, lastCounts, readCounts, realFlinkReady } from '../support/flink-jobs.js';

const V1_20 = flinkVersion('1.20');
const ready = realFlinkReady([V1_20]);
const ARGS = ['--delay-ms', '20'];

describe.skipIf(!ready)(`upgrade on one Flink ${V1_20} cluster`, { timeout: 240_000 }, () => {
  let cluster: FlinkCluster;
  let deps: FlinkStepDeps;
  const lines: string[] = [];
  // FLINK_TEST_LOG=1 echoes the progress lines (cluster start, savepoints, submissions)
  const echo = process.env.FLINK_TEST_LOG === '1';
  const push = (line: string): void => {
    lines.push(line);
    if (echo) console.log(line);
  };
  const started: string[] = [];

  beforeAll(async () => {
    cluster = await startFlinkCluster({ version: V1_20, log: push });
    deps = { rest: cluster.rest, clock: systemClock, log: { info: push } };
  }, 180_000);

  afterEach(async () => {
    // no job of one test runs into the next
    for (const jobId of started.splice(0)) {
      const job = await cluster.rest.job(jobId);
      if (!['FINISHED', 'CANCELED', 'FAILED'].includes(job.state))
        await cancelJob(deps, jobId, { timeoutMs: 60_000 });
    }
  });

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  async function run(jar: string, request: Parameters<typeof submitJar>[2] = {}): Promise<string> {
    const { jobId } = await submitJar(deps, testJar(V1_20, jar), { programArgsList: ARGS, ...request });
    started.push(jobId);
    return jobId;
  }

  test('v1 → v2 by stop-with-savepoint and run from it: the counters continue', async () => {
    // the cluster says what it is: the version the preflight reads, the JVM the JAR check targets
    expect((await cluster.rest.config())['flink-version']).toBe(V1_20);
    expect((await cluster.rest.jobManagerEnvironment()).jvm.version).toMatch(/17\./);
    const v1 = await run('counter-v1');
    await waitForJobRunning(deps, v1, { timeoutMs: 90_000 });
    await counted(cluster, 'v1', 10);
    const health = await readJobHealth(cluster.rest, v1);
    expect(health.state).toBe('RUNNING');
    expect(health.allVerticesRunning).toBe(true);

    const savepoint = await stopWithSavepoint(deps, v1, { timeoutMs: 90_000 });
    expect(savepoint).toMatch(/^file:.*savepoint-/);
    expect((await cluster.rest.job(v1)).state).toBe('FINISHED');
    const before = lastCounts(readCounts(cluster.taskManagerOut, 'v1'));

    const v2 = await run('counter-v2', { savepointPath: savepoint });
    await waitForJobRunning(deps, v2, { timeoutMs: 90_000 });
    const after = await counted(cluster, 'v2', 3);
    for (const [key, last] of before) {
      // exactly where v1 stopped: nothing lost, nothing counted twice
      expect(after.get(key)?.[0], `key ${key}`).toBe(last + 1);
    }
    const restored = await readJobHealth(cluster.rest, v2);
    expect(restored.restoredFrom).toBe(savepoint);
    expect(restored.checkpoints.restored).toBe(1);
  });

  test('operator removed: refused without allowNonRestoredState, accepted with it', async () => {
    const v1 = await run('counter-v1');
    await waitForJobRunning(deps, v1, { timeoutMs: 90_000 });
    await counted(cluster, 'v1', 3);
    const savepoint = await stopWithSavepoint(deps, v1, { timeoutMs: 90_000 });
    const before = lastCounts(readCounts(cluster.taskManagerOut, 'v1'));

    const refused = await run('counter-no-stats', { savepointPath: savepoint })
      .then((jobId) => waitForJobRunning(deps, jobId, { timeoutMs: 90_000 }))
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(refused).toBeInstanceOf(FlinkStepError);
    push(
      `counter-no-stats without allowNonRestoredState: ${(refused as FlinkStepError).step}: ${(refused as Error).message}`,
    );
    expect((refused as FlinkStepError).message).toMatch(/allowNonRestoredState|Cannot map/);

    const accepted = await run('counter-no-stats', {
      savepointPath: savepoint,
      allowNonRestoredState: true,
    });
    await waitForJobRunning(deps, accepted, { timeoutMs: 90_000 });
    const after = await counted(cluster, 'no-stats', 2);
    for (const [key, last] of before) expect(after.get(key)?.[0], `key ${key}`).toBe(last + 1);
  });

  test('a savepoint into a directory that cannot be written fails clearly and the job keeps running', async () => {
    const job = await run('counter-v1');
    await waitForJobRunning(deps, job, { timeoutMs: 90_000 });
    // a path below a regular file: not creatable, even by root
    const blocker = join(cluster.dir, 'not-a-directory');
    writeFileSync(blocker, 'x');
    const failure = await stopWithSavepoint(deps, job, {
      targetDirectory: `file://${blocker}/savepoints`,
      timeoutMs: 90_000,
    }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(FlinkStepError);
    const error = failure as FlinkStepError;
    push(`savepoint into a file: ${error.message}`);
    expect(error.step).toBe('stop-with-savepoint');
    expect(error.message).toContain(job);
    expect(error.message).toMatch(/keeps running/);
    expect(error.reason).toMatch(/not-a-directory|exists|directory|IOException/i);
    const health = await readJobHealth(cluster.rest, job);
    expect(health.state).toBe('RUNNING');
  });
});
