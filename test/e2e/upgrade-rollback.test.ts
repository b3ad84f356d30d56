import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildJar, classMajorFor, healthyJobJar } from '../support/jar-builder.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

beforeEach(() => {
  h.emulator.control.reset();
});

interface AppState {
  name: string;
  status: string;
  runtime: string;
  fileKey?: string;
}

/** The emulator's metric period in the harness (1 s). */
const METRIC_PERIOD_MS = 1_000;

function emulatorJob(name: string) {
  const apps = h.emulator.control.describe().applications as {
    applications: {
      name: string;
      job?: { mode: { kind: string }; startedAt: number; counters: { restarts: number } };
    }[];
  };
  return apps.applications.find((a) => a.name === name)?.job;
}

function appState(name: string): AppState {
  const apps = h.emulator.control.describe().applications as { applications: AppState[] };
  return apps.applications.find((a) => a.name === name)!;
}

/** A job compiled for Java 21: FLINK-1_20 runs Java 11, so the job cannot start. */
function java21Jar(): Promise<Buffer> {
  return buildJar({
    manifest: { 'Main-Class': 'com.example.OrdersJob' },
    classes: [
      {
        name: 'com/example/OrdersJob',
        major: classMajorFor(21),
        references: ['org/apache/flink/streaming/api/environment/StreamExecutionEnvironment'],
      },
    ],
  });
}

describe('Path 2: binary incompatibility', () => {
  it('MSF rolls back by itself: result rolled-back with MSF’s error string, the step fails', async () => {
    await h.seedApp({ name: 'orders', runtime: 'FLINK-1_20', versionId: 5 });
    const jar = await h.writeJar('orders.jar', await java21Jar());
    const { outputs, report } = await h.run({
      'application-name': 'orders',
      artifact: jar,
      'jar-check': 'off',
      'system-rollback': 'enable',
    });
    expect(outputs.result, report.reason).toBe('rolled-back');
    expect(report.operation?.status).toBe('FAILED');
    expect(report.operation?.errorString).toBeTruthy();
    expect(outputs.reason).toContain(report.operation!.errorString!.slice(0, 40));
    expect(outputs['rollback-operation-id']).toMatch(/\S/);
    expect(report.rollbackOperation?.status).toBe('SUCCESSFUL');
    expect(report.reason).toContain(
      "back to version 5's configuration (FLINK-1_20), now application version 7",
    );
    expect(report.reason).not.toMatch(/\n/);
    // what MSF's rollback restored (the snapshot it took of version 5 at the update) and what it cost
    const snapshots = (
      h.emulator.control.describe().applications as {
        applications: {
          name: string;
          snapshots: { name: string; system: boolean; versionId: number; createdAt: number }[];
        }[];
      }
    ).applications.find((a) => a.name === 'orders')!.snapshots;
    const updateTime = snapshots.find((s) => s.system && s.versionId === 5)!;
    expect(outputs['rollback-snapshot']).toBe(updateTime.name);
    expect(Number(outputs['rewind-seconds'])).toBe(report.systemRollbackCost?.rewindSeconds);
    expect(report.systemRollbackCost?.snapshotAt).toBe(updateTime.createdAt);
    expect(report.reason).toContain(`Cost: restored snapshot ${updateTime.name} taken at`);
    const app = appState('orders');
    expect(app.status).toBe('RUNNING');
    expect(app.fileKey).toBe('orders/v1/orders.jar');
    // the rollback of ours was not needed
    expect(h.emulator.control.calls().map((c) => c.operation)).not.toContain('RollbackApplication');
  });

  it('MSF says its rollback succeeded but the application is not back on the previous version: failed, naming the state', async () => {
    await h.seedApp({ name: 'orders', runtime: 'FLINK-1_20', versionId: 5 });
    const jar = await h.writeJar('orders.jar', await java21Jar());
    let rollbackDone = false;
    const name = 'misreportRollback';
    h.clients.msf.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const output = result.output as {
          ApplicationOperationInfoDetails?: { Operation?: string; OperationStatus?: string };
          ApplicationDetail?: { ApplicationStatus?: string };
        };
        const op = output.ApplicationOperationInfoDetails;
        if (op?.Operation === 'RollbackApplication' && op.OperationStatus === 'SUCCESSFUL')
          rollbackDone = true;
        if (
          rollbackDone &&
          context.commandName === 'DescribeApplicationCommand' &&
          output.ApplicationDetail
        ) {
          output.ApplicationDetail.ApplicationStatus = 'READY';
        }
        return result;
      },
      { step: 'initialize', name },
    );
    try {
      const { outputs, report } = await h.run({
        'application-name': 'orders',
        artifact: jar,
        'jar-check': 'off',
        'system-rollback': 'enable',
      });
      expect(rollbackDone).toBe(true);
      expect(outputs.result, report.reason).toBe('failed');
      expect(report.reason).toContain('ended SUCCESSFUL but orders does not run version 5');
      expect(report.reason).toContain('status READY (expected RUNNING)');
      expect(report.reason).toContain('orders is READY on application version 7');
    } finally {
      h.clients.msf.middlewareStack.remove(name);
    }
  });

  it('jar-check strict stops the same build before anything changes', async () => {
    await h.seedApp({ name: 'orders', runtime: 'FLINK-1_20' });
    const jar = await h.writeJar('orders.jar', await java21Jar());
    const { outputs, report } = await h.run({ 'application-name': 'orders', artifact: jar });
    expect(outputs.result).toBe('failed');
    expect(report.reason).toContain('jar-check found');
    expect(report.jarCheck?.findings.some((f) => f.code === 'JAVA_CLASS_VERSION')).toBe(true);
    expect(h.mutatingCalls()).toEqual([]);
  });

  it('without system rollback and with rollback: never, the failure is reported and nothing is rolled back', async () => {
    await h.seedApp({ name: 'orders', runtime: 'FLINK-1_20' });
    const jar = await h.writeJar('orders.jar', await java21Jar());
    const { outputs, report } = await h.run({
      'application-name': 'orders',
      artifact: jar,
      'jar-check': 'off',
      'system-rollback': 'keep',
      rollback: 'never',
    });
    expect(outputs.result).toBe('failed');
    expect(report.reason).toContain('rollback: never');
    expect(report.reason).toContain(report.operation!.errorString!.slice(0, 30));
    expect(h.emulator.control.calls().map((c) => c.operation)).not.toContain('RollbackApplication');
  });

  it('a healthy build after a failed attempt upgrades normally', async () => {
    await h.seedApp({ name: 'orders', runtime: 'FLINK-1_20' });
    const bad = await h.writeJar('orders.jar', await java21Jar());
    const first = await h.run({ 'application-name': 'orders', artifact: bad, 'jar-check': 'off' });
    expect(first.outputs.result).toBe('rolled-back');
    const good = await h.writeJar('orders-fixed.jar', await healthyJobJar(11));
    const second = await h.run({
      'application-name': 'orders',
      artifact: good,
      version: 'v3',
      'snapshot-name': 'pre-upgrade-v3',
    });
    expect(second.outputs.result, second.report.reason).toBe('upgraded');
    expect(appState('orders').fileKey).toBe('orders/v3/orders-fixed.jar');
  });
});

describe('our rollback', () => {
  it('operation FAILED without system rollback and rollback: auto → rollBack() returns to the previous version', async () => {
    await h.seedApp({ name: 'orders', runtime: 'FLINK-1_20' });
    const jar = await h.writeJar('orders.jar', await java21Jar());
    const { outputs, report, states } = await h.run({
      'application-name': 'orders',
      artifact: jar,
      'jar-check': 'off',
      'system-rollback': 'keep',
    });
    expect(outputs.result, report.reason).toBe('rolled-back');
    expect(report.reason).toContain('UnsupportedClassVersionError');
    expect(report.rollback?.outcome).toBe('rolled-back');
    expect(states.map((s) => s.phase)).toContain('rollback');
    const app = appState('orders');
    expect(app.status).toBe('RUNNING');
    expect(app.fileKey).toBe('orders/v1/orders.jar');
  });

  it('health gate: a job in a restart loop after a successful update is rolled back within two metric periods of its first restart', async () => {
    await h.seedApp({ name: 'orders', runtime: 'FLINK-1_20', metricsHistorySeconds: 120 });
    h.emulator.control.setJobBehaviour({
      application: 'orders',
      fileKey: 'orders/v2/orders.jar',
      behaviour: { kind: 'restart-loop', afterSeconds: 4 },
    });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJobV2'));
    // the new job, as the emulator runs it when the rollback phase begins
    let looping: { mode: { kind: string }; startedAt: number; counters: { restarts: number } } | undefined;
    const { outputs, report, log } = await h.run(
      {
        'application-name': 'orders',
        artifact: jar,
        'bake-time': '30s',
        'metric-period': '1',
        'stabilisation-delay': '2s',
      },
      {
        onState: (s) => {
          if (s.phase === 'rollback' && !looping) looping = emulatorJob('orders');
        },
      },
    );
    expect(report.operation?.status).toBe('SUCCESSFUL');
    expect(report.gate?.verdict).toBe('unhealthy');
    expect(report.gate?.check).toBe('restarts');
    expect(outputs.result, report.reason).toBe('rolled-back');
    expect(outputs.reason).toMatch(
      /^health gate: the new job restarted \d+ times? in [\dms ]+ \(Flink REST numRestarts; max-restarts 0\); root exception: .*; rolled back: /,
    );
    expect(outputs['rollback-operation-id']).toMatch(/\S/);
    expect(appState('orders').fileKey).toBe('orders/v1/orders.jar');

    expect(looping?.mode.kind).toBe('restart-loop');
    expect(looping!.counters.restarts).toBeGreaterThan(0);
    // the loop begins 4 s into the new job; the data that tripped the gate were read within two periods
    // of it (or of the gate's start, when the loop began before the bake did), plus the period in which
    // the gate opens the dashboard session
    const firstRestart = looping!.startedAt + 4_000;
    const rollbackPhase = report.phases.find((p) => p.phase === 'rollback')!;
    const latency = report.gate!.decidedAt! - Math.max(firstRestart, report.gate!.startedAt);
    expect(
      latency,
      `the gate decided ${latency} ms after the first restart\n${log.lines.join('\n')}`,
    ).toBeLessThanOrEqual(3 * METRIC_PERIOD_MS);
    expect(rollbackPhase.startedAt).toBeGreaterThanOrEqual(report.gate!.decidedAt!);
    const rollbackCalls = h.emulator.control.calls().filter((c) => c.operation === 'RollbackApplication');
    expect(rollbackCalls).toHaveLength(1);
    expect(rollbackCalls[0]!.time).toBeGreaterThanOrEqual(rollbackPhase.startedAt);
  });
});
