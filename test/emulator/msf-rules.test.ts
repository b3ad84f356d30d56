import { describe, expect, it } from 'vitest';
import { buildJar, classMajorFor, healthyJobJar } from '../support/jar-builder.js';
import { loadModel } from '../../emulator/model/load.js';
import {
  FLINK_RUNTIMES,
  JAVA_RELEASE,
  checkRestore,
  javaReleaseOf,
  metricFamily,
  runtimeRank,
} from '../../emulator/msf/runtime-rules.js';
import { checkJobStartup, checkStateRestore } from '../../emulator/msf/startup-rules.js';
import { assertAllowed, isAllowed } from '../../emulator/msf/status-rules.js';
import { matchBehaviourRule } from '../../emulator/msf/behaviour-rules.js';
import {
  checkpointFigures,
  countersAt,
  defaultRestartStrategy,
  loopRestartTimes,
  sampleMetrics,
  type JobProfile,
} from '../../emulator/msf/job-metrics.js';
import { AwsError } from '../../emulator/types.js';

describe('runtime rules', () => {
  it('takes the Flink runtimes from the RuntimeEnvironment enum of the MSF model, in release order', () => {
    const fromModel = loadModel('kinesisanalyticsv2').shapes['RuntimeEnvironment']?.enum ?? [];
    expect([...FLINK_RUNTIMES].sort()).toEqual(fromModel.filter((r) => r.startsWith('FLINK-')).sort());
    expect(FLINK_RUNTIMES.indexOf('FLINK-1_8')).toBeLessThan(FLINK_RUNTIMES.indexOf('FLINK-1_11'));
    expect(FLINK_RUNTIMES).toContain('FLINK-2_2');
    expect(FLINK_RUNTIMES).not.toContain('ZEPPELIN-FLINK-3_0');
  });

  it('has a Java release for every Flink runtime of the model', () => {
    expect(FLINK_RUNTIMES.filter((r) => JAVA_RELEASE[r] === undefined)).toEqual([]);
  });

  it('orders runtimes by release', () => {
    expect(runtimeRank('FLINK-1_15')).toBeLessThan(runtimeRank('FLINK-1_18'));
    expect(runtimeRank('FLINK-1_20')).toBeLessThan(runtimeRank('FLINK-2_2'));
    expect(runtimeRank('SQL-1_0')).toBe(-1);
  });

  it('maps runtimes to the Java release they run', () => {
    expect(javaReleaseOf('FLINK-1_8')).toBe(8);
    expect(javaReleaseOf('FLINK-1_20')).toBe(11);
    expect(javaReleaseOf('FLINK-2_2')).toBe(17);
  });

  it('allows restoring older state and refuses newer state and 1.6 state on 1.18+', () => {
    expect(checkRestore('FLINK-1_15', 'FLINK-1_20').ok).toBe(true);
    expect(checkRestore('FLINK-1_20', 'FLINK-2_2').ok).toBe(true);
    const down = checkRestore('FLINK-2_2', 'FLINK-1_20');
    expect(down.ok).toBe(false);
    if (!down.ok) expect(down.reason).toMatch(/uni-directional/);
    const minorDown = checkRestore('FLINK-1_20', 'FLINK-1_18');
    expect(minorDown.ok).toBe(false);
    if (!minorDown.ok) expect(minorDown.reason).toMatch(/matching or earlier/);
    expect(checkRestore('FLINK-1_6', 'FLINK-1_18').ok).toBe(false);
    expect(checkRestore('FLINK-1_6', 'FLINK-1_15').ok).toBe(true);
  });

  it('names the metric family of a runtime', () => {
    expect(metricFamily('FLINK-1_20')).toBe('flink1');
    expect(metricFamily('FLINK-2_3')).toBe('flink2');
  });
});

describe('status rules', () => {
  it('accepts operations only in their documented statuses', () => {
    expect(isAllowed('RollbackApplication', 'RUNNING')).toBe(true);
    expect(isAllowed('RollbackApplication', 'READY')).toBe(false);
    expect(isAllowed('ForceStopApplication', 'UPDATING')).toBe(true);
    expect(isAllowed('StopApplication', 'UPDATING')).toBe(false);
    expect(isAllowed('UpdateApplication', 'READY')).toBe(true);
  });

  it('throws ResourceInUseException naming the status', () => {
    try {
      assertAllowed('CreateApplicationSnapshot', 'app-a', 'READY');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AwsError);
      expect((err as AwsError).code).toBe('ResourceInUseException');
      expect((err as AwsError).message).toContain('READY');
    }
  });
});

describe('startup rules', () => {
  it('starts a Java 11 job on 1.20 and 2.2', async () => {
    const jar = await healthyJobJar(11);
    expect(await checkJobStartup(jar, 'FLINK-1_20')).toEqual({ ok: true });
    expect(await checkJobStartup(jar, 'FLINK-2_2')).toEqual({ ok: true });
  });

  it('refuses class files newer than the runtime Java', async () => {
    const jar = await healthyJobJar(17);
    const verdict = await checkJobStartup(jar, 'FLINK-1_20');
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.message).toContain('UnsupportedClassVersionError');
    expect((await checkJobStartup(jar, 'FLINK-2_2')).ok).toBe(true);
  });

  it('refuses APIs removed in Flink 2 on a 2.x runtime only', async () => {
    const jar = await buildJar({
      classes: [
        {
          name: 'com/example/LegacyJob',
          major: classMajorFor(11),
          references: ['org/apache/flink/streaming/api/functions/source/SourceFunction'],
        },
      ],
    });
    expect((await checkJobStartup(jar, 'FLINK-1_20')).ok).toBe(true);
    const verdict = await checkJobStartup(jar, 'FLINK-2_2');
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.message).toContain('SourceFunction');
  });

  it('state holding a Java collection written by Flink 1.x with Kryo does not restore on 2.x: a restart loop', async () => {
    // the generic signature of `new TypeHint<List<Long>>() {}` (test-jobs/KryoList), as javac writes it
    const jar = await buildJar({
      classes: [
        {
          name: 'com/example/Recent$1',
          major: classMajorFor(11),
          references: ['Lorg/apache/flink/api/common/typeinfo/TypeHint<Ljava/util/List<Ljava/lang/Long;>;>;'],
        },
      ],
    });
    expect(await checkStateRestore(jar, 'FLINK-1_20', 'FLINK-1_20')).toEqual({ ok: true });
    expect(await checkStateRestore(jar, 'FLINK-2_2', 'FLINK-2_2')).toEqual({ ok: true });
    const verdict = await checkStateRestore(jar, 'FLINK-1_20', 'FLINK-2_2');
    expect(verdict.ok).toBe(false);
    if (!verdict.ok)
      expect(verdict.message).toMatch(/StateMigrationException.*KryoSerializer.*java\.util\.List/);
    // Long and POJO state (no collection through a TypeHint) restores
    expect(await checkStateRestore(await healthyJobJar(11), 'FLINK-1_20', 'FLINK-2_2')).toEqual({ ok: true });
  });

  it('refuses an object that is not a zip archive', async () => {
    const verdict = await checkJobStartup(Buffer.from('definitely not a jar'), 'FLINK-1_20');
    expect(verdict.ok).toBe(false);
  });
});

describe('behaviour rules', () => {
  it('prefers the most specific rule', () => {
    const rules = [
      { application: 'a', behaviour: { kind: 'healthy' as const } },
      { application: 'a', fileKey: 'k2', behaviour: { kind: 'restart-loop' as const } },
      { application: 'a', runtime: 'FLINK-2_2', behaviour: { kind: 'no-metrics' as const } },
      {
        application: 'a',
        fileKey: 'k2',
        runtime: 'FLINK-2_2',
        behaviour: { kind: 'startup-failure' as const },
      },
    ];
    expect(matchBehaviourRule(rules, 'a', 'k1', 'FLINK-1_20')?.behaviour.kind).toBe('healthy');
    expect(matchBehaviourRule(rules, 'a', 'k2', 'FLINK-1_20')?.behaviour.kind).toBe('restart-loop');
    expect(matchBehaviourRule(rules, 'a', 'k1', 'FLINK-2_2')?.behaviour.kind).toBe('no-metrics');
    expect(matchBehaviourRule(rules, 'a', 'k2', 'FLINK-2_2')?.behaviour.kind).toBe('startup-failure');
    expect(matchBehaviourRule(rules, 'b', 'k2', 'FLINK-2_2')).toBeUndefined();
  });
});

describe('job metrics', () => {
  const profile = (mode: JobProfile['mode'], runtime = 'FLINK-1_20'): JobProfile => ({
    runtime,
    mode,
    parallelism: 2,
    checkpointIntervalMs: 60_000,
    periodMs: 60_000,
  });
  const value = (p: JobProfile, age: number, name: string): number | undefined =>
    sampleMetrics(p, age).find((s) => s.name === name)?.value;

  it('reports a healthy 1.x job with growing uptime and completed checkpoints', () => {
    const p = profile({ kind: 'healthy' });
    expect(value(p, 120_000, 'uptime')).toBe(120_000);
    expect(value(p, 120_000, 'downtime')).toBe(0);
    expect(value(p, 120_000, 'fullRestarts')).toBe(0);
    expect(value(p, 120_000, 'lastCheckpointDuration')).toBeGreaterThan(0);
    expect(value(p, 120_000, 'numRestarts')).toBeUndefined();
  });

  it('reports 2.x names without fullRestarts', () => {
    const names = sampleMetrics(profile({ kind: 'healthy' }, 'FLINK-2_2'), 60_000).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['runningTime', 'restartingTime', 'numRestarts']));
    expect(names).not.toContain('fullRestarts');
  });

  it('counts restarts in a restart loop', () => {
    const p = profile({ kind: 'restart-loop', afterSeconds: 60 });
    expect(countersAt(p, 30_000).restarts).toBe(0);
    expect(countersAt(p, 120_000).restarts).toBeLessThan(countersAt(p, 300_000).restarts);
    expect(value(p, 300_000, 'downtime')).toBeGreaterThan(0);
    expect(value(p, 300_000, 'uptime')).toBeLessThan(60_000);
  });

  it("reports Flink's -1 before a job's first completed checkpoint, then the last one's figures", () => {
    const p = profile({ kind: 'healthy' });
    expect(value(p, 30_000, 'lastCheckpointDuration')).toBe(-1);
    expect(value(p, 30_000, 'lastCheckpointSize')).toBe(-1);
    expect(value(p, 60_000, 'lastCheckpointDuration')).toBeGreaterThan(0);
    // between two checkpoints the gauges repeat the last completed one
    expect(value(p, 61_000, 'lastCheckpointDuration')).toBe(value(p, 119_000, 'lastCheckpointDuration'));
  });

  it('jitters checkpoint figures, or keeps them constant for a steady job', () => {
    const jitter = profile({ kind: 'healthy' });
    const constant = profile({ kind: 'healthy', checkpoints: 'constant' });
    const at = (p: JobProfile, name: string): number[] =>
      [1, 2, 3, 4, 5].map((n) => value(p, n * 60_000, name)!);
    expect(new Set(at(jitter, 'lastCheckpointDuration')).size).toBeGreaterThan(1);
    expect(new Set(at(constant, 'lastCheckpointDuration')).size).toBe(1);
    expect(new Set(at(constant, 'lastCheckpointSize')).size).toBe(1);
  });

  it('makes the first checkpoint after a restore a full one', () => {
    const restored: JobProfile = { ...profile({ kind: 'healthy', checkpoints: 'constant' }), restored: true };
    const fresh = profile({ kind: 'healthy', checkpoints: 'constant' });
    expect(value(restored, 60_000, 'lastCheckpointDuration')).toBe(
      4 * value(fresh, 60_000, 'lastCheckpointDuration')!,
    );
    expect(value(restored, 120_000, 'lastCheckpointDuration')).toBe(
      value(fresh, 120_000, 'lastCheckpointDuration'),
    );
    const five: JobProfile = { ...profile({ kind: 'healthy', firstCheckpointFactor: 5 }), restored: true };
    expect(checkpointFigures(five, 1).durationMs).toBeGreaterThan(4 * checkpointFigures(five, 2).durationMs);
  });

  it("restarts at Flink's default pace: exponential delay from 1.19, fixed delay before", () => {
    expect(defaultRestartStrategy('FLINK-1_18')).toBe('fixed-delay');
    expect(defaultRestartStrategy('FLINK-1_19')).toBe('exponential-delay');
    expect(defaultRestartStrategy('FLINK-2_2')).toBe('exponential-delay');
    const loop = (runtime: string): JobProfile => profile({ kind: 'restart-loop', afterSeconds: 0 }, runtime);
    const fixed = loopRestartTimes(loop('FLINK-1_18'), 120_000);
    const exp = loopRestartTimes(loop('FLINK-1_20'), 600_000);
    // fixed delay: 10 s apart; exponential: quick at first, then slower, at most a minute apart
    expect(fixed[1]! - fixed[0]!).toBe(fixed[2]! - fixed[1]!);
    expect(exp[1]! - exp[0]!).toBeLessThan(exp[5]! - exp[4]!);
    expect(Math.max(...exp.slice(1).map((t, i) => t - exp[i]!))).toBeLessThanOrEqual(61_500);
  });

  it('counts a platform restart (maintenance) and resets running time, for the same job', () => {
    const p: JobProfile = {
      ...profile({ kind: 'healthy' }, 'FLINK-2_2'),
      platformRestarts: [{ atMs: 100_000, downMs: 20_000 }],
    };
    expect(countersAt(p, 90_000)).toMatchObject({ restarts: 0, state: 'RUNNING' });
    expect(countersAt(p, 110_000)).toMatchObject({ restarts: 1, state: 'RESTARTING', runningMs: 0 });
    expect(countersAt(p, 150_000)).toMatchObject({ restarts: 1, state: 'RUNNING', runningMs: 30_000 });
  });

  it('ends a counted restart loop and runs steadily after it', () => {
    const p = profile({ kind: 'restart-loop', afterSeconds: 0, count: 3 }, 'FLINK-2_2');
    expect(countersAt(p, 600_000)).toMatchObject({ restarts: 3, state: 'RUNNING' });
    expect(countersAt(p, 600_000).runningMs).toBeGreaterThan(500_000);
  });

  it('grows failed checkpoints, slows checkpoints, or publishes nothing as told', () => {
    const failing = profile({ kind: 'failing-checkpoints' });
    expect(value(failing, 300_000, 'numberOfFailedCheckpoints')!).toBeGreaterThan(
      value(failing, 60_000, 'numberOfFailedCheckpoints')!,
    );
    const slow = value(profile({ kind: 'slow-checkpoints', factor: 10 }), 120_000, 'lastCheckpointDuration')!;
    const normal = value(profile({ kind: 'healthy' }), 120_000, 'lastCheckpointDuration')!;
    expect(slow / normal).toBeCloseTo(10, 1);
    expect(sampleMetrics(profile({ kind: 'no-metrics' }), 120_000)).toEqual([]);
  });
});
