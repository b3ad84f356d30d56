/**
 * The action's three paths end to end against the emulator on the real engine: each MSF application's
 * JAR runs on a real Flink cluster of its runtime (1.20, then 2.2), the action talks to the emulated
 * MSF, S3 and CloudWatch over HTTP, and what happens to the job is Flink's own doing:
 *  - Path 1: counter-v1 on 1.20 → counter-v2 on 2.2: upgraded, the keyed counters continue from the
 *    system snapshot (a real stop with a savepoint); a snapshot then taken on 2.2 cannot be restored on
 *    1.20: RollbackApplication fails for real (the snapshot trap).
 *  - Path 2: a JAR using SourceFunction (removed in Flink 2) on 2.2: the submission fails with a real
 *    NoClassDefFoundError, the update is FAILED with it, MSF's system rollback restarts counter-v1 on 1.20.
 *  - Path 3: Kryo-serialised List state from 1.20 restored on 2.2: the job restarts in a loop, the gate
 *    trips, the action rolls back to 1.20 and the counters continue.
 * Then the simulated engine's rules are checked against these real outcomes, JAR by JAR.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  CreateApplicationSnapshotCommand,
  DescribeApplicationCommand,
  DescribeApplicationOperationCommand,
  DescribeApplicationSnapshotCommand,
  RollbackApplicationCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { scaledClock } from '../../src/clock.js';
import { parseInputs, type RawInputs } from '../../src/inputs.js';
import { MemoryLogger } from '../../src/log.js';
import { runUpgrade } from '../../src/pipeline/upgrade.js';
import { createMsfTarget } from '../../src/platforms.js';
import type { UpgradeReport } from '../../src/report/types.js';
import { toOutputs } from '../../src/report/outputs.js';
import {
  checkJobStartup,
  checkOperatorMapping,
  checkStateRestore,
  operatorUidsOf,
} from '../../emulator/msf/startup-rules.js';
import { checkRestore } from '../../emulator/msf/runtime-rules.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { flinkVersion, testJar } from '../support/flink-install.js';
import { lastCounts, readCounts, realFlinkReady, waitForCounts } from '../support/flink-jobs.js';

const V1_20 = flinkVersion('1.20');
const V2_2 = flinkVersion('2.2');
const ready = realFlinkReady([V1_20, V2_2]);
const BUCKET = 'flink-artifacts';
const APP = 'orders';
/** The emulator's and the action's clock: 10 times real time (Flink keeps real time). */
const SCALE = 10;
const echo = process.env.FLINK_TEST_LOG === '1';

type Outcome = 'runs' | 'restore-fails' | 'submission-fails';
/** What really happened, per JAR and start (filled by the path tests, checked by the last test). */
const observed = new Map<
  string,
  {
    jar: string;
    runtime: string;
    snapshotRuntime?: string;
    /** the JAR whose job the snapshot was taken of */
    snapshotJar?: string;
    outcome: Outcome;
  }
>();

interface JobView {
  engine: string;
  runtime: string;
  flinkJobId: string;
  taskManagerOut: string;
  counters: { restarts: number };
  restoredFrom: { name: string; runtime: string } | null;
}
interface AppView {
  name: string;
  status: string;
  runtime: string;
  job: JobView | null;
  snapshots: { name: string; runtime: string; status: string; system: boolean; location?: string }[];
}

describe.skipIf(!ready)('the emulator on the real engine (Flink 1.20 → 2.2)', { timeout: 300_000 }, () => {
  const clock = scaledClock(SCALE);
  let t: TestEmulator;
  const lines: string[] = [];

  beforeAll(async () => {
    t = await startTestEmulator({
      clock,
      metricPeriodSeconds: 1,
      engine: 'flink',
      log: (line) => {
        lines.push(line);
        if (echo) console.log(`[emulator] ${line}`);
      },
    });
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
  }, 120_000);

  beforeEach(() => {
    t.emulator.control.reset();
  });

  function app(name = APP): AppView {
    const state = t.emulator.control.describe().applications as { applications: AppView[] };
    const found = state.applications.find((a) => a.name === name);
    if (!found) throw new Error(`no application ${name}`);
    return found;
  }

  /** An application running `jar` (built for 1.20) on FLINK-1_20; resolves once its job runs on Flink. */
  async function seed(jar: string): Promise<void> {
    await t.emulator.control.seed({
      buckets: [
        { name: BUCKET, objects: [{ key: 'orders/v1/orders.jar', body: readFileSync(testJar(V1_20, jar)) }] },
      ],
      applications: [
        {
          name: APP,
          runtime: 'FLINK-1_20',
          code: { bucket: BUCKET, key: 'orders/v1/orders.jar' },
          snapshotsEnabled: true,
          systemRollbackEnabled: true,
        },
      ],
    });
  }

  async function upgrade(
    artifact: string,
    raw: RawInputs = {},
  ): Promise<{ report: UpgradeReport; outputs: Record<string, string>; log: MemoryLogger }> {
    const inputs = parseInputs(
      {
        'application-name': APP,
        artifact,
        runtime: 'FLINK-2_2',
        'allow-major-upgrade': 'true',
        version: 'v2',
        'snapshot-name': 'pre-upgrade',
        'poll-interval': '1s',
        'metric-period': '1',
        'bake-time': '2m',
        timeout: '30m',
        ...raw,
      },
      { sha: '0123456789abcdef', runId: '42' },
    );
    const log = new MemoryLogger();
    const signal = new AbortController().signal;
    const report = await runUpgrade(inputs, {
      clients: t.clients,
      clock,
      log,
      signal,
      platform: createMsfTarget({ clients: t.clients, application: inputs.applicationName, signal }),
    });
    if (echo) for (const line of log.lines) console.log(`[action] ${line}`);
    return { report, outputs: toOutputs(report), log };
  }

  /** Counts of `job` on the TaskManager of the application's current job. */
  function countsNow(job: string): Map<number, number[]> {
    return readCounts(app().job!.taskManagerOut, job);
  }

  function counted(job: string, min: number): Promise<Map<number, number[]>> {
    return waitForCounts({
      file: app().job!.taskManagerOut,
      job,
      keys: 4,
      min,
      clock,
      timeoutMs: 90_000 * SCALE,
    });
  }

  test('Path 1: counter-v1 on 1.20 → counter-v2 on 2.2: upgraded, the counters continue; the snapshot trap fails for real', async () => {
    await seed('counter-v1');
    expect(app().job).toMatchObject({ engine: 'flink', runtime: 'FLINK-1_20' });
    await counted('v1', 3);
    const { report, outputs } = await upgrade(testJar(V2_2, 'counter-v2'));
    expect(outputs.result, report.reason).toBe('upgraded');
    const after = app();
    expect(after).toMatchObject({ status: 'RUNNING', runtime: 'FLINK-2_2' });
    expect(after.job).toMatchObject({ engine: 'flink', runtime: 'FLINK-2_2' });
    // the system snapshot is the stop with a savepoint of the 1.20 job; the 2.2 job restored it
    const system = after.snapshots.filter((s) => s.system);
    expect(system).toHaveLength(1);
    expect(system[0]).toMatchObject({ runtime: 'FLINK-1_20', status: 'READY' });
    expect(system[0]!.location).toMatch(/savepoint-/);
    expect(after.job!.restoredFrom?.name).toBe(system[0]!.name);
    // the counters continue where the 1.20 job stopped
    const before = lastCounts(readCounts(findOut(after, 'FLINK-1_20'), 'v1'));
    const v2 = await counted('v2', 2);
    expect(before.size).toBe(4);
    for (const [key, count] of before) expect(v2.get(key)?.[0], `key ${key}`).toBe(count + 1);
    observed.set('counter-v2', {
      jar: testJar(V2_2, 'counter-v2'),
      runtime: 'FLINK-2_2',
      snapshotRuntime: 'FLINK-1_20',
      snapshotJar: testJar(V1_20, 'counter-v1'),
      outcome: 'runs',
    });

    // a snapshot taken on 2.2 (real savepoint; DescribeApplicationSnapshot reports its runtime) …
    await t.clients.msf.send(
      new CreateApplicationSnapshotCommand({ ApplicationName: APP, SnapshotName: 'on-2-2' }),
    );
    const snap = await waitFor(async () => {
      const d = await t.clients.msf.send(
        new DescribeApplicationSnapshotCommand({ ApplicationName: APP, SnapshotName: 'on-2-2' }),
      );
      return d.SnapshotDetails?.SnapshotStatus === 'CREATING' ? undefined : d.SnapshotDetails;
    });
    expect(snap).toMatchObject({ SnapshotStatus: 'READY', RuntimeEnvironment: 'FLINK-2_2' });
    // … cannot be restored on 1.20: RollbackApplication fails with Flink's own error, the app is READY
    const detail = await t.clients.msf.send(new DescribeApplicationCommand({ ApplicationName: APP }));
    const rollback = await t.clients.msf.send(
      new RollbackApplicationCommand({
        ApplicationName: APP,
        CurrentApplicationVersionId: detail.ApplicationDetail!.ApplicationVersionId!,
      }),
    );
    const op = await waitFor(async () => {
      const d = await t.clients.msf.send(
        new DescribeApplicationOperationCommand({ ApplicationName: APP, OperationId: rollback.OperationId! }),
      );
      const info = d.ApplicationOperationInfoDetails;
      return info?.OperationStatus === 'IN_PROGRESS' ? undefined : info;
    });
    expect(op.OperationStatus).toBe('FAILED');
    expect(op.OperationFailureDetails?.ErrorInfo?.ErrorString).toMatch(
      /Unrecognized checkpoint version number/,
    );
    expect(app().status).toBe('READY');
    observed.set('counter-v1 from a 2.2 snapshot', {
      jar: testJar(V1_20, 'counter-v1'),
      runtime: 'FLINK-1_20',
      snapshotRuntime: 'FLINK-2_2',
      snapshotJar: testJar(V2_2, 'counter-v2'),
      outcome: 'submission-fails',
    });
  });

  test('Path 2: SourceFunction on 2.2: the submission fails with NoClassDefFoundError, MSF rolls back to 1.20 by itself', async () => {
    await seed('counter-v1');
    await counted('v1', 2);
    const legacy = testJar(V1_20, 'legacy-source');
    const { report, outputs } = await upgrade(legacy, { 'jar-check': 'off', 'system-rollback': 'enable' });
    expect(outputs.result, report.reason).toBe('rolled-back');
    expect(report.operation?.status).toBe('FAILED');
    expect(report.operation?.errorString).toMatch(
      /NoClassDefFoundError: org\/apache\/flink\/streaming\/api\/functions\/source\/SourceFunction/,
    );
    expect(report.rollbackOperation?.status).toBe('SUCCESSFUL');
    const after = app();
    expect(after).toMatchObject({ status: 'RUNNING', runtime: 'FLINK-1_20' });
    expect(after.job).toMatchObject({ engine: 'flink', runtime: 'FLINK-1_20' });
    expect(after.job!.restoredFrom?.runtime).toBe('FLINK-1_20');
    observed.set('legacy-source', {
      jar: legacy,
      runtime: 'FLINK-2_2',
      snapshotRuntime: 'FLINK-1_20',
      outcome: 'submission-fails',
    });
  });

  test('Path 3: Kryo List state on 2.2: a real restart loop, the gate trips, rolled back to 1.20 with the counters intact', async () => {
    await seed('kryo-list');
    await counted('kryo-list', 3);
    const { report, outputs } = await upgrade(testJar(V2_2, 'kryo-list'));
    expect(outputs.result, report.reason).toBe('rolled-back');
    expect(report.operation?.status).toBe('SUCCESSFUL');
    expect(report.gate?.verdict).toBe('unhealthy');
    // decided by Flink's REST API through the presigned dashboard URL, proxied to the real JobManager
    expect(report.gate?.source).toBe('flink-rest');
    const dashboard = t.emulator.control.calls().filter((c) => c.service === 'dashboard');
    expect(dashboard.some((c) => c.operation === 'login' && c.status === 200)).toBe(true);
    expect(
      dashboard.some((c) => /^jobs\/[0-9a-f]{32}\/checkpoints$/.test(c.operation) && c.status === 200),
    ).toBe(true);
    expect(report.reason).toMatch(/restart/i);
    expect(report.rollbackOperation?.status).toBe('SUCCESSFUL');
    const after = app();
    expect(after).toMatchObject({ status: 'RUNNING', runtime: 'FLINK-1_20' });
    expect(after.job).toMatchObject({ engine: 'flink', runtime: 'FLINK-1_20' });
    // the 1.20 job restored the snapshot of the update: its lists continue
    const snapshot = after.snapshots.find((s) => s.name === after.job!.restoredFrom?.name);
    expect(snapshot?.runtime).toBe('FLINK-1_20');
    const printed = countsNow('kryo-list');
    const continued = await waitFor(async () => {
      const now = countsNow('kryo-list');
      return [...printed].every(([key, l]) => (now.get(key)?.length ?? 0) > l.length + 2) ? now : undefined;
    });
    // each key's list grew by one per record across the stop, the 2.2 attempt and the rollback: never reset
    expect(continued.size).toBe(4);
    for (const [key, list] of continued) expect(list, `key ${key}`).toEqual(list.map((_, i) => i + 1));
    observed.set('kryo-list', {
      jar: testJar(V2_2, 'kryo-list'),
      runtime: 'FLINK-2_2',
      snapshotRuntime: 'FLINK-1_20',
      snapshotJar: testJar(V1_20, 'kryo-list'),
      outcome: 'restore-fails',
    });
  });

  test('the simulated engine predicts every real outcome above', async () => {
    expect([...observed.keys()].sort()).toEqual(
      ['counter-v1 from a 2.2 snapshot', 'counter-v2', 'kryo-list', 'legacy-source'].sort(),
    );
    for (const [name, o] of observed) {
      const jar = readFileSync(o.jar);
      let predicted: Outcome = 'runs';
      if (o.snapshotRuntime && !checkRestore(o.snapshotRuntime, o.runtime).ok) predicted = 'submission-fails';
      else if (!(await checkJobStartup(jar, o.runtime)).ok) predicted = 'submission-fails';
      else if (
        o.snapshotJar &&
        !checkOperatorMapping(
          await operatorUidsOf(readFileSync(o.snapshotJar)),
          await operatorUidsOf(jar),
          false,
          'the snapshot',
        ).ok
      )
        predicted = 'submission-fails';
      else if (o.snapshotRuntime && !(await checkStateRestore(jar, o.snapshotRuntime, o.runtime)).ok)
        predicted = 'restore-fails';
      expect(predicted, name).toBe(o.outcome);
    }
  });

  /** The TaskManager output file of the cluster of `runtime` (from the emulator's log of its jobs). */
  function findOut(current: AppView, runtime: string): string {
    if (current.job?.runtime === runtime) return current.job.taskManagerOut;
    // the clusters' folders are siblings: same layout, other version
    const version = runtime === 'FLINK-1_20' ? V1_20 : V2_2;
    const line = lines.find((l) => l.includes(`Flink ${version} up at`));
    const dir = /\(folder (\S+)\)/.exec(line ?? '')?.[1];
    if (!dir) throw new Error(`no cluster of ${runtime} in the emulator's log`);
    return `${dir}/log/taskmanager.out`;
  }

  async function waitFor<T>(probe: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('timed out');
      await clock.sleep(500 * SCALE);
    }
  }
});
