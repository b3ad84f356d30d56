/**
 * The self-managed Flink platform end to end on real clusters (Flink 1.20 and 2.2 on loopback): a
 * healthy upgrade with the counters continuing, a removed operator refused then allowed, a move from
 * 1.20 to 2.2, Kryo state that loops on 2.2 (caught by the gate, rolled back to 1.20 with the counters
 * intact), a JAR using APIs removed in 2.0 (predicted by the JAR check, rolled back), a savepoint that
 * cannot be written (nothing changed), and a run cancelled during the bake (rolled back afterwards, as
 * the post step does). Two clusters for the whole file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { cancelJob, submitJar, waitForJobRunning, type FlinkStepDeps } from '../../src/flink/steps.js';
import type { RawInputs } from '../../src/inputs.js';
import { postOnPlatform, type PlatformRunState } from '../../src/pipeline/platform-run.js';
import { createFlinkPlatform } from '../../src/flink/platform.js';
import { MemoryLogger } from '../../src/log.js';
import { type FlinkCluster, startFlinkCluster } from '../support/flink-cluster.js';
import { flinkVersion, testJar } from '../support/flink-install.js';
import { counted, lastCounts, readCounts, realFlinkReady } from '../support/flink-jobs.js';
import { flinkInputs, runFlinkUpgrade } from '../support/flink-platform-run.js';

const V1_20 = flinkVersion('1.20');
const V2_2 = flinkVersion('2.2');
const ready = realFlinkReady([V1_20, V2_2]);
const ARGS = '--delay-ms 20';

describe.skipIf(!ready)(
  `the Flink platform on Flink ${V1_20} and ${V2_2} clusters`,
  { timeout: 240_000 },
  () => {
    let old: FlinkCluster;
    let next: FlinkCluster;
    const echo = process.env.FLINK_TEST_LOG === '1' ? (line: string) => console.log(line) : undefined;
    const push = (line: string): void => echo?.(line);
    const deps = (cluster: FlinkCluster): FlinkStepDeps => ({
      rest: cluster.rest,
      clock: systemClock,
      log: { info: push },
    });

    beforeAll(async () => {
      old = await startFlinkCluster({ version: V1_20, log: push });
      next = await startFlinkCluster({
        version: V2_2,
        restartStrategy: { type: 'exponential-delay', initialMs: 250, maxMs: 2000 },
        log: push,
      });
    }, 240_000);

    afterEach(async () => {
      // no job of one test runs into the next
      for (const cluster of [old, next]) {
        for (const job of await cluster.rest.jobs()) {
          if (!['FINISHED', 'CANCELED', 'FAILED'].includes(job.state))
            await cancelJob(deps(cluster), job.jid, { timeoutMs: 60_000 });
        }
      }
    }, 120_000);

    afterAll(async () => {
      await Promise.all([old?.stop(), next?.stop()]);
    }, 60_000);

    /** Starts a test job on a cluster and waits until each key counted `min`. */
    async function start(
      cluster: FlinkCluster,
      version: string,
      jar: string,
      job: string,
      min: number,
    ): Promise<string> {
      const { jobId } = await submitJar(deps(cluster), testJar(version, jar), {
        programArgsList: ARGS.split(' '),
      });
      await waitForJobRunning(deps(cluster), jobId, { timeoutMs: 90_000 });
      if (min > 0) await counted(cluster, job, min);
      return jobId;
    }

    const gate: RawInputs = {
      'bake-time': '8s',
      'stabilisation-delay': '2s',
      timeout: '4m',
      'program-args': ARGS,
    };

    test('a healthy upgrade on one cluster: the counters continue, the gate reads the job in real time', async () => {
      await start(old, V1_20, 'counter-v1', 'v1', 8);
      const run = await runFlinkUpgrade(
        {
          ...gate,
          'flink-url': old.url,
          'job-name': 'counter-v1',
          artifact: testJar(V1_20, 'counter-v2'),
          'previous-artifact': testJar(V1_20, 'counter-v1'),
        },
        { ...(echo ? { echo } : {}) },
      );
      expect(run.report.result, run.report.reason).toBe('upgraded');
      expect(run.report.gate).toMatchObject({ verdict: 'healthy', source: 'jobmanager-rest' });
      expect(run.report.gate?.rest?.restarts).toBe(0);
      expect(run.report.gate?.rest?.completed).toBeGreaterThan(0);
      const before = lastCounts(readCounts(old.taskManagerOut, 'v1'));
      const after = await counted(old, 'v2', 2);
      for (const [key, count] of before) expect(after.get(key)?.[0], `key ${key}`).toBe(count + 1);
      expect(run.log.text()).toMatch(/\[bake \d+:\d+\/0:08\] job RUNNING, restarts 0/);
      // the cluster says what it is: the version preflight reads, the JVM the JAR check targets
      expect(run.report.previousRuntime).toBe(`Flink ${V1_20}`);
      expect(run.states.at(-1)?.previous).toMatchObject({ engineVersion: '1.20', status: 'RUNNING' });
      expect(run.report.phases.map((p) => `${p.phase} ${p.outcome}`)).toEqual([
        'preflight ok',
        'jar-check ok',
        'upload ok',
        'update ok',
        'bake ok',
      ]);
      expect((await old.rest.jobManagerEnvironment()).jvm.version).toMatch(/17\./);
      const savepoint = run.report.snapshotName!;
      expect(savepoint).toMatch(/^file:.*savepoint-/);
      const restored = await old.rest.checkpoints(run.report.startOperation!.id);
      expect(restored.latest.restored?.external_path).toBe(savepoint);
    });

    test('an operator removed: refused and rolled back without allow-non-restored-state, upgraded with it', async () => {
      await start(old, V1_20, 'counter-v1', 'v1', 4);
      const inputs: RawInputs = {
        ...gate,
        'flink-url': old.url,
        'job-name': 'counter-v1',
        artifact: testJar(V1_20, 'counter-no-stats'),
        'previous-artifact': testJar(V1_20, 'counter-v1'),
      };
      const refused = await runFlinkUpgrade(inputs, { ...(echo ? { echo } : {}) });
      expect(refused.report.result, refused.report.reason).toBe('rolled-back');
      expect(refused.report.reason).toMatch(/allow-non-restored-state|cannot be mapped|Cannot map/i);
      expect(refused.report.rollback?.cost?.text).toContain('restored savepoint');
      const back = (await old.rest.jobs()).filter((j) => j.state === 'RUNNING');
      expect(back.map((j) => j.name)).toEqual(['counter-v1']);

      const allowed = await runFlinkUpgrade(
        { ...inputs, 'allow-non-restored-state': 'true' },
        { ...(echo ? { echo } : {}) },
      );
      expect(allowed.report.result, allowed.report.reason).toBe('upgraded');
      expect((await old.rest.jobs()).filter((j) => j.state === 'RUNNING').map((j) => j.name)).toEqual([
        'counter-no-stats',
      ]);
    });

    test('1.20 → 2.2 needs allow-major-upgrade; with it the job moves and its counters continue', async () => {
      await start(old, V1_20, 'counter-v1', 'v1', 6);
      const inputs: RawInputs = {
        ...gate,
        'flink-url': old.url,
        'flink-target-url': next.url,
        'job-name': 'counter-v1',
        artifact: testJar(V2_2, 'counter-v2'),
        'previous-artifact': testJar(V1_20, 'counter-v1'),
      };
      const refused = await runFlinkUpgrade(inputs);
      expect(refused.report.result).toBe('failed');
      expect(refused.report.reason).toContain('allow-major-upgrade');
      const moved = await runFlinkUpgrade(
        { ...inputs, 'allow-major-upgrade': 'true' },
        { ...(echo ? { echo } : {}) },
      );
      expect(moved.report.result, moved.report.reason).toBe('upgraded');
      expect(moved.report).toMatchObject({ runtime: `Flink ${V2_2}`, status: 'RUNNING' });
      expect((moved.report.jarCheck?.findings ?? []).filter((f) => f.severity === 'error')).toEqual([]);
      const before = lastCounts(readCounts(old.taskManagerOut, 'v1'));
      const after = await counted(next, 'v2', 2);
      for (const [key, count] of before) expect(after.get(key)?.[0], `key ${key}`).toBe(count + 1);
    });

    test('Kryo collection state on 2.2: a restart loop, caught by the gate, rolled back to 1.20 with the counters intact', async () => {
      await start(old, V1_20, 'kryo-list', 'kryo-list', 5);
      const run = await runFlinkUpgrade(
        {
          ...gate,
          'flink-url': old.url,
          'flink-target-url': next.url,
          'job-name': 'kryo-list',
          artifact: testJar(V2_2, 'kryo-list'),
          'previous-artifact': testJar(V1_20, 'kryo-list'),
          'allow-major-upgrade': 'true',
          // the JAR check warns of this very risk; the run goes on to show the gate catching it
          'jar-check': 'warn',
        },
        { ...(echo ? { echo } : {}) },
      );
      expect((run.report.jarCheck?.findings ?? []).map((f) => f.code)).toContain('STATE_JAVA_COLLECTION');
      expect(run.report.result, run.report.reason).toBe('rolled-back');
      expect(run.report.gate).toMatchObject({ verdict: 'unhealthy', check: 'restarts' });
      expect(run.report.gate?.rest?.rootException).toMatch(/state|serializ|restore|Kryo/i);
      expect(run.report.rollback?.cost?.rewindSeconds).toBeGreaterThanOrEqual(0);
      expect(run.report.runtime).toBe(`Flink ${V1_20}`);
      const atRollback = readCounts(old.taskManagerOut, 'kryo-list');
      const most = Math.max(...[...atRollback.values()].map((l) => l.length));
      const after = await counted(old, 'kryo-list', most + 2);
      for (const [key, list] of after) {
        // the list sizes continue across the stop and the rollback: no state lost, none replayed twice
        expect(list, `key ${key}`).toEqual(list.map((_, i) => i + 1));
      }
      expect(readCounts(next.taskManagerOut, 'kryo-list').size).toBe(0);
    });

    test('a 1.20 JAR using addSource on 2.2: predicted by the JAR check, refused at run, rolled back', async () => {
      await start(old, V1_20, 'legacy-source', 'legacy', 0);
      const inputs: RawInputs = {
        ...gate,
        'flink-url': old.url,
        'flink-target-url': next.url,
        'job-name': 'legacy-source',
        artifact: testJar(V1_20, 'legacy-source'),
        'previous-artifact': testJar(V1_20, 'legacy-source'),
        'allow-major-upgrade': 'true',
      };
      const strict = await runFlinkUpgrade(inputs);
      expect(strict.report.result).toBe('failed');
      expect(
        (strict.report.jarCheck?.findings ?? []).filter((f) => f.severity === 'error').map((f) => f.code),
      ).toContain('FLINK2_REMOVED_API');
      expect((await old.rest.jobs()).filter((j) => j.state === 'RUNNING').map((j) => j.name)).toEqual([
        'legacy-source',
      ]);

      const warned = await runFlinkUpgrade({ ...inputs, 'jar-check': 'warn' }, { ...(echo ? { echo } : {}) });
      expect(warned.report.result, warned.report.reason).toBe('rolled-back');
      expect(warned.report.reason).toMatch(/SourceFunction|addSource|NoSuchMethodError|NoClassDefFoundError/);
      expect((await old.rest.jobs()).filter((j) => j.state === 'RUNNING').map((j) => j.name)).toEqual([
        'legacy-source',
      ]);
    });

    test('a savepoint that cannot be written: nothing changed, a clear error', async () => {
      const jobId = await start(old, V1_20, 'counter-v1', 'v1', 2);
      const blocker = join(old.dir, 'not-a-directory');
      writeFileSync(blocker, 'x');
      const run = await runFlinkUpgrade({
        ...gate,
        'flink-url': old.url,
        'job-name': 'counter-v1',
        artifact: testJar(V1_20, 'counter-v2'),
        'previous-artifact': testJar(V1_20, 'counter-v1'),
        'savepoint-dir': 'file:///proc/no-savepoints-here',
      });
      expect(run.report.result).toBe('failed');
      expect(run.report.reason).toContain('nothing changed, the job keeps running');
      expect((await old.rest.job(jobId)).state).toBe('RUNNING');
    });

    test('a run cancelled during the bake: the post step rolls it back', async () => {
      await start(old, V1_20, 'counter-v1', 'v1', 3);
      const controller = new AbortController();
      const raw: RawInputs = {
        ...gate,
        'bake-time': '60s',
        'flink-url': old.url,
        'job-name': 'counter-v1',
        artifact: testJar(V1_20, 'counter-v2'),
        'previous-artifact': testJar(V1_20, 'counter-v1'),
      };
      let saved: PlatformRunState | undefined;
      const cancelled = runFlinkUpgrade(raw, {
        signal: controller.signal,
        ...(echo ? { echo } : {}),
        onState: (state) => {
          // what the main step saves for the post step (core.saveState)
          saved = JSON.parse(JSON.stringify(state)) as PlatformRunState;
          if (state.phase === 'bake' && !controller.signal.aborted)
            setTimeout(() => controller.abort(new Error('cancelled')), 3000);
        },
      });
      await expect(cancelled).rejects.toThrow(/cancel/);
      expect(saved).toMatchObject({ phase: 'bake', expected: { status: 'RUNNING' } });
      expect(saved?.result).toBeUndefined();
      // the post step: a new process, the platform built from the inputs, the saved state
      const inputs = flinkInputs(raw);
      const postDeps = () => ({
        platform: createFlinkPlatform(inputs),
        clock: systemClock,
        log: new MemoryLogger(echo),
        signal: new AbortController().signal,
      });
      const post = await postOnPlatform(saved, inputs, postDeps());
      expect(post.action, post.message).toBe('rolled-back');
      expect(post.rollback?.cost?.rewindSeconds).toBeGreaterThanOrEqual(0);
      const running = (await old.rest.jobs()).filter((j) => j.state === 'RUNNING').map((j) => j.name);
      expect(running).toEqual(['counter-v1']);
      // the same post step again (a re-run of it) finds it done: no second job
      const again = await postOnPlatform(saved, inputs, postDeps());
      expect(again.action).toBe('rolled-back');
      expect((await old.rest.jobs()).filter((j) => j.state === 'RUNNING')).toHaveLength(1);
    });
  },
);
