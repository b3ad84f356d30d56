/**
 * The rollback point and the state restored, through the whole pipeline against the emulator: the
 * snapshot MSF loads (recorded by the emulator), what a rollback costs, stopped applications staying
 * stopped, max-state-age, snapshot-name reuse and stateful downgrades. The invariants: never a snapshot
 * of the new version, never one older than max-state-age, the rollback point READY before any change.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobBehaviour, SeedApplication } from '../../emulator/types.js';
import { renderSummary } from '../../src/report/summary.js';
import { healthyJobJar } from '../support/jar-builder.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

beforeEach(() => {
  h.emulator.control.reset();
});

const APP = 'orders';
const OLD_KEY = 'orders/v1/orders.jar';
const NEW_KEY = 'orders/v2/orders.jar';

interface Snap {
  name: string;
  status: string;
  runtime: string;
  versionId: number;
  createdAt: number;
  system: boolean;
}

interface Emulated {
  status: string;
  versionId: number;
  runtime: string;
  fileKey?: string;
  snapshots: Snap[];
  job: { runtime: string; restoredFrom: { name: string } | null } | null;
}

function emulated(): Emulated {
  const view = h.emulator.control.describe().applications as {
    applications: (Emulated & { name: string })[];
  };
  return view.applications.find((a) => a.name === APP)!;
}

interface Call {
  operation: string;
  status: number;
  time: number;
}

function msfCalls(): Call[] {
  return h.emulator.control
    .calls()
    .filter((c) => c.service === 'kinesisanalyticsv2')
    .map((c) => ({ operation: c.operation, status: c.status, time: c.time }));
}

const MUTATING = new Set(['UpdateApplication', 'StartApplication', 'StopApplication', 'RollbackApplication']);

/**
 * The invariant over the recorded calls: before the first change, the rollback point (the pre-upgrade
 * snapshot) existed and was READY — it was created and described READY before the UpdateApplication.
 */
function firstChange(): Call | undefined {
  return msfCalls().find((c) => MUTATING.has(c.operation) && c.status === 200);
}

async function seed(app: Partial<SeedApplication> = {}, newBehaviour?: JobBehaviour): Promise<string> {
  await h.seedApp({ name: APP, metricsHistorySeconds: 120, ...app });
  if (newBehaviour) {
    h.emulator.control.setJobBehaviour({ application: APP, fileKey: NEW_KEY, behaviour: newBehaviour });
  }
  return h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJobV2'));
}

const BAKE = { 'bake-time': '30s', 'stabilisation-delay': '2s', 'metric-period': '1' } as const;

describe('the rollback point and its cost', () => {
  it("a restart loop is rolled back to MSF's update-time snapshot; the result, outputs and summary state the cost", async () => {
    const jar = await seed({}, { kind: 'restart-loop', afterSeconds: 3 });
    const { outputs, report } = await h.run({ 'application-name': APP, artifact: jar, ...BAKE });

    expect(outputs.result, report.reason).toBe('rolled-back');
    const app = emulated();
    const ours = app.snapshots.find((s) => s.name === 'pre-upgrade-test')!;
    const updateTime = app.snapshots.find((s) => s.system && s.versionId === 1)!;
    expect(ours.status).toBe('READY');
    expect(updateTime.createdAt).toBeGreaterThan(ours.createdAt);
    // The job runs the previous version, restored from the update-time snapshot (never the new version's).
    expect([app.status, app.runtime, app.fileKey]).toEqual(['RUNNING', 'FLINK-1_20', OLD_KEY]);
    expect(app.job?.restoredFrom?.name).toBe(updateTime.name);
    expect(app.snapshots.find((s) => s.name === app.job?.restoredFrom?.name)!.versionId).toBe(1);

    const cost = report.rollback!.cost!;
    expect(outputs['rollback-snapshot']).toBe(updateTime.name);
    expect(Number(outputs['rewind-seconds'])).toBe(cost.rewindSeconds);
    const rollbackCall = msfCalls().find((c) => c.operation === 'RollbackApplication')!;
    // the window runs from the snapshot to the new job's stop (the RollbackApplication call)
    expect(cost.stoppedAt).toBeLessThanOrEqual(rollbackCall.time);
    expect(cost.rewindSeconds).toBe(Math.round((cost.stoppedAt! - updateTime.createdAt) / 1000));
    expect(cost.rewindSeconds).toBeGreaterThan(0);
    expect(report.reason).toContain(
      `Cost: restored snapshot ${updateTime.name} taken at ${new Date(updateTime.createdAt).toISOString()}; rewind ${cost.rewindSeconds}s`,
    );
    expect(report.reason).toMatch(/sources replay from the snapshot's positions .*; no forced stop$/);

    const summary = renderSummary(report);
    expect(summary).toContain(`Rollback point: \`${updateTime.name}\``);
    expect(summary).toContain(`Rewind: ${cost.rewindSeconds}s`);
    expect(summary).toMatch(/not undone/);
  });

  it('a rollback whose snapshot is older than max-state-age is refused before it changes anything', async () => {
    // snapshots disabled: the update takes none, so RollbackApplication would restore a 3-day-old one
    const jar = await seed(
      { snapshotsEnabled: false, snapshots: [{ name: 'weekly', ageSeconds: 3 * 86_400 }] },
      { kind: 'restart-loop', afterSeconds: 3 },
    );
    const { outputs, report } = await h.run({
      'application-name': APP,
      artifact: jar,
      restore: 'none',
      ...BAKE,
    });
    expect(report.warnings.join('\n')).toMatch(
      /RollbackApplication would restore the newest snapshot weekly, 3d( \d+h)? old, older than max-state-age/,
    );
    expect(outputs.result, report.reason).toBe('failed');
    expect(report.reason).toMatch(
      /rollback failed: Rollback of orders failed: no safe way back: the rollback point is too old: snapshot weekly was taken 3d( \d+h)? ago/,
    );
    expect(report.rollback?.rollbackPoint).toBe('weekly');
    expect(report.rollback?.manualSteps?.at(-1)).toContain('"SnapshotName":"weekly"');
    expect(msfCalls().filter((c) => c.operation === 'RollbackApplication')).toEqual([]);
    expect(emulated().fileKey).toBe(NEW_KEY);
  });
});

describe('a stopped application stays stopped', () => {
  it('is upgraded and left READY, without health gate, and the summary says so', async () => {
    const jar = await seed({ status: 'READY', snapshots: [{ name: 'ss-stop', ageSeconds: 600 }] });
    const { outputs, report } = await h.run({ 'application-name': APP, artifact: jar, ...BAKE });
    expect(outputs.result, report.reason).toBe('upgraded');
    expect(report.reason).toMatch(
      /is READY \(stopped, as before\) on FLINK-1_20 .*not started and not health-checked/,
    );
    expect(msfCalls().map((c) => c.operation)).not.toContain('StartApplication');
    expect(emulated()).toMatchObject({ status: 'READY', fileKey: NEW_KEY });
    expect(report.phases.find((p) => p.phase === 'bake')).toMatchObject({ outcome: 'skipped' });
    expect(renderSummary(report)).toMatch(/stays READY \(start: false\)/);
  });

  it('with start: true, an unhealthy release is rolled back to READY on the previous version, never started', async () => {
    const jar = await seed(
      { status: 'READY', snapshots: [{ name: 'ss-stop', ageSeconds: 600 }] },
      { kind: 'restart-loop', afterSeconds: 3 },
    );
    const { outputs, report } = await h.run({
      'application-name': APP,
      artifact: jar,
      start: 'true',
      ...BAKE,
    });
    expect(outputs.result, report.reason).toBe('rolled-back');
    expect(report.rollback?.path).toBe('update-back');
    const app = emulated();
    expect([app.status, app.runtime, app.fileKey]).toEqual(['READY', 'FLINK-1_20', OLD_KEY]);
    const ops = msfCalls().map((c) => c.operation);
    // one start (ours, of the new version); after the rollback began nothing started the application
    expect(ops.filter((o) => o === 'StartApplication')).toHaveLength(1);
    expect(ops).not.toContain('RollbackApplication');
    expect(report.rollback?.cost?.forcedStop).toBe(true);
    expect(outputs['rollback-snapshot']).toBe('ss-stop');
    expect(report.reason).toMatch(/left READY: the next start should restore snapshot ss-stop/);
  });

  it('a stopped application whose newest snapshot is older than max-state-age is refused before any change', async () => {
    const jar = await seed({ status: 'READY', snapshots: [{ name: 'ss-stop', ageSeconds: 2 * 86_400 }] });
    const { outputs, report } = await h.run({ 'application-name': APP, artifact: jar });
    expect(outputs.result).toBe('failed');
    expect(report.reason).toMatch(
      /^refused: the upgraded job would restore stale state: snapshot ss-stop was taken 2d ago/,
    );
    expect(h.mutatingCalls()).toEqual([]);
  });
});

describe('snapshot-name and downgrades', () => {
  it('an existing snapshot with the requested name is not reused: a fresh one is taken and restored', async () => {
    const jar = await seed({ snapshots: [{ name: 'nightly', ageSeconds: 3600 }] });
    const { outputs, report } = await h.run({
      'application-name': APP,
      artifact: jar,
      'snapshot-name': 'nightly',
      restore: 'snapshot',
    });
    expect(outputs.result, report.reason).toBe('upgraded');
    const fresh = outputs['snapshot-name'];
    expect(fresh).toMatch(/^nightly-\d{8}T\d{6}$/);
    const app = emulated();
    const snap = app.snapshots.find((s) => s.name === fresh)!;
    expect(snap.status).toBe('READY');
    // READY before the first change, and it is the state the new job started from
    expect(snap.createdAt).toBeLessThan(firstChange()!.time);
    expect(app.job?.restoredFrom?.name).toBe(fresh);
    expect(report.warnings.join('\n')).toMatch(
      /a snapshot named nightly already exists \(READY, 1h old\); it is not reused/,
    );
  });

  it('a stateful downgrade restores the newest snapshot taken on the target runtime or older', async () => {
    const jar = await seed({
      runtime: 'FLINK-1_20',
      snapshots: [
        { name: 'on-1_18', runtime: 'FLINK-1_18', ageSeconds: 7200 },
        { name: 'on-1_19', runtime: 'FLINK-1_19', ageSeconds: 3600 },
      ],
    });
    const { outputs, report } = await h.run({
      'application-name': APP,
      artifact: jar,
      runtime: 'FLINK-1_19',
      'allow-downgrade': 'true',
    });
    expect(outputs.result, report.reason).toBe('upgraded');
    expect(report.planLines.join('\n')).toMatch(/restore: RESTORE_FROM_CUSTOM_SNAPSHOT on-1_19/);
    const app = emulated();
    expect(app.runtime).toBe('FLINK-1_19');
    expect(app.job?.restoredFrom?.name).toBe('on-1_19');
  });

  it('a stateful downgrade without a suitable snapshot is refused with the list, before any change', async () => {
    const jar = await seed({ runtime: 'FLINK-1_20', snapshots: [{ name: 'weekly', ageSeconds: 3600 }] });
    const { outputs, report } = await h.run({
      'application-name': APP,
      artifact: jar,
      runtime: 'FLINK-1_19',
      'allow-downgrade': 'true',
    });
    expect(outputs.result).toBe('failed');
    expect(report.reason).toBe(
      'refused: stateful downgrade to FLINK-1_19 needs a READY snapshot taken on FLINK-1_19 or older, and orders has ' +
        'none (snapshots: weekly (FLINK-1_20, 1h old)); use restore: none to start without state',
    );
    expect(h.mutatingCalls()).toEqual([]);
  });
});
