/**
 * The run driven through the Platform interface (src/pipeline/platform-run.ts) against a platform in
 * memory: what it calls in which order, what it reports, when it rolls back, what the post step does.
 * The real platform is proven on real clusters in test/flink/platform-upgrade.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { scaledClock } from '../../src/clock.js';
import type { GateResult } from '../../src/health/contract.js';
import { parseInputs } from '../../src/inputs.js';
import { MemoryLogger } from '../../src/log.js';
import {
  engineRuntime,
  postOnPlatform,
  runOnPlatform,
  type PlatformRunState,
} from '../../src/pipeline/platform-run.js';
import type { Landing, Platform, Release, ReleasePlan } from '../../src/pipeline/platform.js';
import { runPostStep } from '../../src/pipeline/post-step.js';
import { runRelease, type RunPlatform } from '../../src/pipeline/run.js';
import { useTempDir } from '../support/temp-dir.js';
import { writeFileSync } from 'node:fs';

const tmp = useTempDir('platform-run-');

const release = (jobId: string, version = '1.20'): Release => ({
  application: 'orders',
  status: 'RUNNING',
  liveness: 'running',
  engineVersion: version,
  engineLabel: `Flink ${version}.5`,
  parallelism: 2,
  checkpointsEnabled: true,
  native: { jobId },
});

function fakePlatform(options: { refuse?: string; landing?: Landing; gate?: GateResult['verdict'] } = {}) {
  const calls: string[] = [];
  const platform: Platform = {
    name: 'Apache Flink cluster',
    location: 'http://jm:8081',
    application: 'orders',
    artifacts: {
      locate: () => ({ uri: 'http://jm:8081/jars' }),
      inspect: () => Promise.resolve(undefined),
      promote: () => Promise.reject(new Error('no')),
      put: (_ctx, artifact) => {
        calls.push('put');
        return Promise.resolve({
          ref: { uri: `flink-jar:${artifact.fileName}` },
          skipped: false,
          note: 'uploaded',
        });
      },
    },
    health: {
      describe: () => 'the REST API',
      baseline: () => {
        calls.push('baseline');
        return Promise.resolve({
          application: 'orders',
          runtime: '1.20',
          series: {},
          checkpointDurationMs: 20,
        });
      },
      bake: (ctx) => {
        calls.push('bake');
        const now = ctx.clock.now();
        return Promise.resolve({
          verdict: options.gate ?? 'healthy',
          ...(options.gate === 'unhealthy'
            ? { reason: 'the new job restarted 3 times', check: 'restarts' as const }
            : {}),
          series: {},
          startedAt: now,
          endedAt: now,
          source: 'jobmanager-rest',
        });
      },
    },
    describe: () => {
      calls.push('describe');
      return Promise.resolve(release('old'));
    },
    // the update stops the job with a savepoint: the pre-upgrade checkpoint is there once it went out
    listCheckpoints: () =>
      Promise.resolve(
        calls.includes('update')
          ? [{ id: 'file:///sp/savepoint-1', status: 'ready' as const, createdAt: 1 }]
          : [],
      ),
    plan: (facts) => {
      calls.push('plan');
      if (options.refuse) return { kind: 'refuse', reason: options.refuse, warnings: [] };
      const plan: ReleasePlan = {
        application: 'orders',
        previous: facts.release,
        artifact: { uri: 'http://jm:8081/jars', source: 'upload' },
        engine: { from: '1.20', to: '2.2', change: 'major-upgrade', javaRelease: 17 },
        restore: { intent: 'checkpoint' },
        allowNonRestoredState: false,
        checkpoint: { take: false, name: 'file:///sp' },
        start: true,
        warnings: [],
        lines: ['run: the new JAR'],
        native: {},
      };
      return { kind: 'upgrade', plan };
    },
    takeCheckpoint: () => Promise.reject(new Error('not called')),
    update: (_ctx, plan, progress) => {
      calls.push('update');
      progress.operation({
        role: 'update',
        id: 'file:///sp/savepoint-1',
        operation: 'stop-with-savepoint',
        status: 'COMPLETED',
      });
      return Promise.resolve({ plan, expected: release('new', '2.2'), note: 'sent', native: {} });
    },
    follow: () => {
      calls.push('follow');
      return Promise.resolve(
        options.landing ? { landing: options.landing, note: 'landed' } : { note: 'running' },
      );
    },
    verify: () => {
      calls.push('verify');
      return Promise.resolve({
        landing: { kind: 'verified', release: release('new', '2.2') },
        note: 'verified',
      });
    },
    rollBack: (_ctx, req) => {
      calls.push(`rollBack(${req.reason})`);
      return Promise.resolve({
        outcome: 'rolled-back',
        path: 'rerun-from-savepoint',
        message: 'the previous JAR runs again',
        restoredCheckpoint: 'file:///sp/savepoint-1',
        cost: {
          checkpoint: 'file:///sp/savepoint-1',
          rewindSeconds: 12,
          forcedStop: false,
          text: 'rewind 12s',
        },
        release: release('back'),
      });
    },
    manualSteps: () => [],
    describeRelease: (r) => `${r.status} on Flink ${r.engineVersion}`,
  };
  return { platform, calls };
}

function inputs(extra: Record<string, string> = {}) {
  const jar = tmp.path('app.jar');
  // the pipeline reads only the archive's signature and digests here (jar-check: off)
  writeFileSync(jar, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(64)]));
  return parseInputs({
    platform: 'flink',
    'flink-url': 'http://jm:8081',
    'job-name': 'orders',
    artifact: jar,
    version: 'v2',
    'jar-check': 'off',
    ...extra,
  });
}

function deps(platform: Platform, states: PlatformRunState[] = []) {
  return {
    platform,
    clock: scaledClock(1000),
    log: new MemoryLogger(),
    signal: new AbortController().signal,
    onState: (s: PlatformRunState) => states.push(s),
  };
}

describe('the run through a Platform', () => {
  it('upgrades in the pipeline order and reports it', async () => {
    const { platform, calls } = fakePlatform();
    const report = await runOnPlatform(inputs(), deps(platform));
    expect(report.result, report.reason).toBe('upgraded');
    expect(calls).toEqual(['describe', 'plan', 'put', 'baseline', 'update', 'follow', 'verify', 'bake']);
    expect(report).toMatchObject({
      platform: 'Apache Flink cluster',
      region: 'http://jm:8081',
      previousRuntime: 'Flink 1.20.5',
      runtime: 'Flink 2.2.5',
      snapshotName: 'file:///sp/savepoint-1',
      upload: { note: 'uploaded' },
      planLines: ['run: the new JAR'],
    });
  });

  it('refuses in preflight before anything changes', async () => {
    const { platform, calls } = fakePlatform({ refuse: 'no RUNNING job named "orders"' });
    const report = await runOnPlatform(inputs(), deps(platform));
    expect(report).toMatchObject({ result: 'failed', reason: 'preflight: no RUNNING job named "orders"' });
    expect(calls).toEqual(['describe', 'plan']);
  });

  it('plans without changing anything on a dry run', async () => {
    const { platform, calls } = fakePlatform();
    const report = await runOnPlatform(inputs({ 'dry-run': 'true' }), deps(platform));
    expect(report.result).toBe('planned');
    expect(calls).toEqual(['describe', 'plan']);
  });

  it('rolls back a new job that did not come up, and an unhealthy one; rollback: never leaves it', async () => {
    const refused = fakePlatform({ landing: { kind: 'needs-rollback', reason: 'the run was refused' } });
    const r1 = await runOnPlatform(inputs(), deps(refused.platform));
    expect(r1.result).toBe('rolled-back');
    expect(refused.calls.at(-1)).toBe('rollBack(the run was refused)');
    expect(r1.rollback).toMatchObject({
      outcome: 'rolled-back',
      decision: 'rerun-from-savepoint',
      cost: { rewindSeconds: 12 },
    });
    expect(r1.runtime).toBe('Flink 1.20.5');

    const unhealthy = fakePlatform({ gate: 'unhealthy' });
    const r2 = await runOnPlatform(inputs(), deps(unhealthy.platform));
    expect(r2.result).toBe('rolled-back');
    expect(r2.reason).toContain('health gate: the new job restarted 3 times');

    const never = fakePlatform({ gate: 'unhealthy' });
    const r3 = await runOnPlatform(inputs({ rollback: 'never' }), deps(never.platform));
    expect(r3.result).toBe('failed');
    expect(never.calls.some((c) => c.startsWith('rollBack'))).toBe(false);
  });

  it('saves what the post step needs, which rolls back a run cancelled after its update', async () => {
    const { platform, calls } = fakePlatform();
    const states: PlatformRunState[] = [];
    await runOnPlatform(inputs(), deps(platform, states));
    const inBake = states.find((s) => s.phase === 'bake')!;
    expect(inBake).toMatchObject({
      preUpgradeCheckpoint: { id: 'file:///sp/savepoint-1' },
      previous: { native: { jobId: 'old' } },
      expected: { native: { jobId: 'new' } },
    });
    expect(states.at(-1)).toMatchObject({ phase: 'done', result: 'upgraded' });

    const d = deps(platform);
    expect((await postOnPlatform(states.at(-1), inputs(), d)).action).toBe('nothing');
    expect((await postOnPlatform(states[0], inputs(), d)).action).toBe('nothing');
    const post = await postOnPlatform(JSON.parse(JSON.stringify(inBake)) as PlatformRunState, inputs(), d);
    expect(post).toMatchObject({ action: 'rolled-back' });
    expect(calls.at(-1)).toBe('rollBack(the run was cancelled during bake)');
    expect((await postOnPlatform(inBake, inputs({ rollback: 'never' }), d)).action).toBe('left-as-is');
  });

  it("runs and finishes through the entry points' calls (runRelease, runPostStep) with the state saved by key", async () => {
    const { platform, calls } = fakePlatform();
    const built: RunPlatform = { location: platform.location, secrets: [], drive: { platform } };
    const saved = new Map<string, string>();
    const states: string[] = [];
    const common = {
      clock: scaledClock(1000),
      log: new MemoryLogger(),
      signal: new AbortController().signal,
    };
    const report = await runRelease(inputs(), {
      ...common,
      platform: built,
      saveState: (key, json) => {
        saved.set(key, json);
        states.push(json);
      },
    });
    expect(report.result, report.reason).toBe('upgraded');
    expect([...saved.keys()]).toEqual(['platform-run-state']);

    const inBake = states.find((s) => (JSON.parse(s) as PlatformRunState).phase === 'bake')!;
    const builds: { inputs?: unknown; application: string }[] = [];
    const post = await runPostStep({
      ...common,
      getState: (key) => (key === 'platform-run-state' ? inBake : ''),
      inputs: () => inputs(),
      postInputs: () => inputs(),
      platform: (parsed, application) => {
        builds.push({ inputs: parsed, application });
        return built;
      },
    });
    expect(post).toMatchObject({ action: 'rolled-back' });
    expect(calls.at(-1)).toBe('rollBack(the run was cancelled during bake)');
    expect(builds).toMatchObject([{ application: 'orders' }]);
    expect(builds[0]!.inputs).toBeDefined();
  });

  it('names engine versions as the JAR check does', () => {
    expect(engineRuntime('2.2')).toBe('FLINK-2_2');
    expect(engineRuntime('1.20')).toBe('FLINK-1_20');
  });
});
