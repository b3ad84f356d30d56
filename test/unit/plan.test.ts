import { describe, expect, it } from 'vitest';
import { buildPlan, defaultKey, describePlan, sameBuild, type PlanFacts } from '../../src/msf/plan.js';
import { app, artifact, inputs, snapshot } from './fixtures.js';

function facts(overrides: Partial<PlanFacts> = {}): PlanFacts {
  return {
    inputs: inputs(),
    region: 'us-east-1',
    app: app(),
    snapshots: [],
    operations: [],
    artifact: artifact(),
    ...overrides,
  };
}

function plan(overrides: Partial<PlanFacts> = {}) {
  const d = buildPlan(facts(overrides));
  if (d.kind !== 'upgrade')
    throw new Error(`expected an upgrade, got ${d.kind}: ${'reason' in d ? d.reason : ''}`);
  return d.plan;
}

function refusal(overrides: Partial<PlanFacts> = {}): string {
  const d = buildPlan(facts(overrides));
  if (d.kind !== 'refuse') throw new Error(`expected a refusal, got ${d.kind}`);
  return d.reason;
}

describe('key naming', () => {
  it('defaults to <application>/<version>/<file name>', () => {
    expect(defaultKey('orders', 'v2', 'orders.jar')).toBe('orders/v2/orders.jar');
    expect(plan().code).toMatchObject({
      bucket: 'artifacts',
      bucketArn: 'arn:aws:s3:::artifacts',
      key: 'orders/v2/orders.jar',
      source: 'upload',
    });
  });
  it('uses the given bucket and key, in the partition of the region', () => {
    const p = plan({
      inputs: inputs({ bucket: 'other', key: 'builds/x.jar' }),
      region: 'cn-north-1',
      app: app({ bucketArn: undefined, bucket: undefined, fileKey: undefined }),
    });
    expect(p.code).toMatchObject({
      bucket: 'other',
      bucketArn: 'arn:aws-cn:s3:::other',
      key: 'builds/x.jar',
    });
  });
  it('refuses to overwrite the object the application runs today with a different build', () => {
    expect(refusal({ inputs: inputs({ version: 'v1' }) })).toMatch(/runs today.*set a new version/);
  });
  it('needs a bucket when the application has no S3 code', () => {
    expect(refusal({ app: app({ bucket: undefined, bucketArn: undefined, fileKey: undefined }) })).toMatch(
      /set bucket/,
    );
  });
});

describe('preflight refusals', () => {
  it.each(['UPDATING', 'STARTING', 'ROLLING_BACK', 'AUTOSCALING', 'MAINTENANCE'])('status %s', (status) => {
    expect(refusal({ app: app({ status }) })).toMatch(new RegExp(`is ${status}, not RUNNING or READY`));
  });
  it('suggests a rollback only where MSF accepts one', () => {
    expect(refusal({ app: app({ status: 'UPDATING' }) })).toContain('(or roll it back)');
    expect(refusal({ app: app({ status: 'MAINTENANCE' }) })).not.toContain('roll it back');
    expect(refusal({ app: app({ status: 'STARTING' }) })).not.toContain('roll it back');
  });
  it('an operation in progress', () => {
    expect(
      refusal({ operations: [{ id: 'op-1', operation: 'UpdateApplication', status: 'IN_PROGRESS' }] }),
    ).toMatch(/op-1 is still IN_PROGRESS/);
  });
  it('snapshots disabled with a stateful restore', () => {
    expect(refusal({ app: app({ snapshotsEnabled: false }) })).toMatch(
      /snapshots are disabled.*restore: none/,
    );
    const p = plan({ app: app({ snapshotsEnabled: false }), inputs: inputs({ restore: 'none' }) });
    expect(p.snapshot.take).toBe(false);
    expect(p.warnings.join()).toMatch(/no pre-upgrade snapshot/);
  });
  it('a snapshot name already used by a failed snapshot: a fresh one is taken under a unique name', () => {
    const p = plan({
      snapshots: [snapshot('pre-upgrade-v2-1', 'FLINK-1_20', 1, 'FAILED')],
      now: Date.UTC(2026, 10, 30, 23, 59, 1),
    });
    expect(p.snapshot).toMatchObject({ take: true, name: 'pre-upgrade-v2-1-20261130T235901' });
  });
  it('downgrade and major upgrade (from the runtime rules)', () => {
    expect(refusal({ inputs: inputs({ runtime: 'FLINK-1_19' }) })).toMatch(/downgrade/);
    expect(refusal({ inputs: inputs({ runtime: 'FLINK-2_2' }) })).toMatch(/allow-major-upgrade/);
  });
  it('state newer than the target (newest snapshot) is a stateful downgrade', () => {
    expect(
      refusal({
        app: app({ runtime: 'FLINK-1_19' }),
        snapshots: [snapshot('old', 'FLINK-1_19', 1), snapshot('newer', 'FLINK-1_20', 2)],
      }),
    ).toMatch(/stateful downgrade/);
  });
  it('non-Flink application', () => {
    expect(refusal({ app: app({ runtime: 'SQL-1_0' }) })).toMatch(/not an Apache Flink runtime/);
  });
});

describe('max-state-age', () => {
  const now = Date.UTC(2026, 10, 30, 12, 0, 0);
  it('READY: restoring a snapshot older than max-state-age is refused with its age and the fix', () => {
    const reason = refusal({
      app: app({ status: 'READY' }),
      snapshots: [snapshot('ss-stop', 'FLINK-1_20', now - 3 * 86_400_000 - 3_600_000)],
      now,
    });
    expect(reason).toBe(
      'the upgraded job would restore stale state: snapshot ss-stop was taken 3d 1h ago (2026-11-27T11:00:00.000Z), older than ' +
        "max-state-age 1d: restoring it would rewind the job's state and source positions by that much; use restore: none to " +
        'start without state, raise max-state-age (0 = no limit) to restore it anyway, or start the application and run again ' +
        '(a running application is snapshotted first)',
    );
  });
  it('0 means no limit; restore: none restores nothing', () => {
    const old = [snapshot('ss-stop', 'FLINK-1_20', now - 90 * 86_400_000)];
    expect(
      plan({ app: app({ status: 'READY' }), snapshots: old, now, inputs: inputs({ 'max-state-age': '0' }) })
        .restore.type,
    ).toBe('RESTORE_FROM_LATEST_SNAPSHOT');
    expect(
      plan({ app: app({ status: 'READY' }), snapshots: old, now, inputs: inputs({ restore: 'none' }) })
        .restore.type,
    ).toBe('SKIP_RESTORE_FROM_SNAPSHOT');
  });
  it('RUNNING: the state is snapshotted first, so an old snapshot does not matter', () => {
    const p = plan({ snapshots: [snapshot('weekly', 'FLINK-1_20', now - 30 * 86_400_000)], now });
    expect(p.snapshot.take).toBe(true);
  });
  it('snapshots disabled: the plan names what RollbackApplication would restore and that it is too old', () => {
    const p = plan({
      app: app({ snapshotsEnabled: false }),
      inputs: inputs({ restore: 'none' }),
      snapshots: [snapshot('ancient', 'FLINK-1_20', now - 60 * 86_400_000)],
      now,
    });
    expect(p.snapshot.note).toMatch(
      /RollbackApplication would restore the newest snapshot ancient, 60d old, older than max-state-age: a rollback would be refused/,
    );
  });
});

describe('stateful downgrade', () => {
  const now = Date.UTC(2026, 10, 30, 12, 0, 0);
  const downgrade = (snapshots: ReturnType<typeof snapshot>[]) =>
    buildPlan(
      facts({
        app: app({ runtime: 'FLINK-1_20' }),
        inputs: inputs({ runtime: 'FLINK-1_19', 'allow-downgrade': 'true' }),
        snapshots,
        now,
      }),
    );
  it('restores the newest READY snapshot taken on the target runtime or older', () => {
    const d = downgrade([
      snapshot('on-1_18', 'FLINK-1_18', now - 7_200_000),
      snapshot('on-1_19', 'FLINK-1_19', now - 3_600_000),
      snapshot('on-1_19-failed', 'FLINK-1_19', now - 60_000, 'FAILED'),
      snapshot('on-1_20', 'FLINK-1_20', now - 600_000),
    ]);
    if (d.kind !== 'upgrade') throw new Error(`${d.kind}: ${'reason' in d ? d.reason : ''}`);
    expect(d.plan.restore).toMatchObject({ type: 'RESTORE_FROM_CUSTOM_SNAPSHOT', snapshotName: 'on-1_19' });
    expect(d.plan.restore.note).toMatch(
      /^downgrade: restoring on-1_19 \(FLINK-1_19\), the newest READY snapshot taken on FLINK-1_19 or older, 1h old/,
    );
    // the pre-upgrade snapshot (the rollback point) is still taken
    expect(d.plan.snapshot.take).toBe(true);
  });
  it('refuses with the list of snapshots and their runtimes when none is suitable', () => {
    const d = downgrade([snapshot('on-1_20', 'FLINK-1_20', now - 600_000)]);
    expect(d.kind).toBe('refuse');
    expect('reason' in d && d.reason).toBe(
      'stateful downgrade to FLINK-1_19 needs a READY snapshot taken on FLINK-1_19 or older, and orders has none ' +
        '(snapshots: on-1_20 (FLINK-1_20, 10m old)); use restore: none to start without state',
    );
  });
  it('refuses a suitable snapshot older than max-state-age', () => {
    const d = downgrade([snapshot('on-1_19', 'FLINK-1_19', now - 2 * 86_400_000)]);
    expect(d.kind).toBe('refuse');
    expect('reason' in d && d.reason).toMatch(
      /^stateful downgrade to FLINK-1_19: snapshot on-1_19 was taken 2d ago/,
    );
  });
});

describe('already at target', () => {
  it('same runtime, key and CodeMD5 → unchanged', () => {
    const d = buildPlan(
      facts({ inputs: inputs({ version: 'v1' }), app: app({ codeMd5: '1'.repeat(32), codeSize: 2000 }) }),
    );
    expect(d.kind).toBe('unchanged');
  });
  it('a CodeMD5 that is not an MD5: the SHA-256 the running object declares decides', () => {
    const a = artifact();
    expect(
      sameBuild({ codeMd5: 'f'.repeat(128), codeSize: a.size }, a, { sha256Hex: a.sha256Hex, size: a.size }),
    ).toBe(true);
    expect(sameBuild({ codeMd5: 'f'.repeat(128), codeSize: a.size }, a, { sha256Hex: '9'.repeat(64) })).toBe(
      false,
    );
    expect(sameBuild({ codeMd5: 'f'.repeat(128), codeSize: a.size }, a, undefined)).toBe(false);
    expect(sameBuild({ codeMd5: a.md5Hex, codeSize: a.size + 1 }, a)).toBe(false);
  });
  it('a parallelism change with the same build is an upgrade (the running object is kept)', () => {
    const p = plan({
      inputs: inputs({ version: 'v1', parallelism: '4' }),
      app: app({ codeMd5: '1'.repeat(32), codeSize: 2000 }),
    });
    expect(p.parallelism).toEqual({ from: 2, to: 4 });
    expect(p.code.key).toBe('orders/v1/orders.jar');
  });
  it('promotion of the key the application already runs → unchanged', () => {
    const d = buildPlan(
      facts({
        inputs: inputs({ artifact: '', key: 'orders/v1/orders.jar', 'artifact-sha256': 'a'.repeat(64) }),
        artifact: undefined,
        promoted: { bucket: 'artifacts', key: 'orders/v1/orders.jar', size: 10, sha256Hex: 'a'.repeat(64) },
      }),
    );
    expect(d.kind).toBe('unchanged');
  });
  it('promotion with a runtime change of the same key is an upgrade', () => {
    const p = plan({
      inputs: inputs({
        artifact: '',
        key: 'orders/v1/orders.jar',
        'artifact-sha256': 'a'.repeat(64),
        runtime: 'FLINK-2_2',
        'allow-major-upgrade': 'true',
      }),
      artifact: undefined,
      promoted: {
        bucket: 'artifacts',
        key: 'orders/v1/orders.jar',
        size: 10,
        sha256Hex: 'a'.repeat(64),
        versionId: 'v9',
      },
    });
    expect(p.code).toMatchObject({ source: 'promote', objectVersion: 'v9' });
    expect(p.runtime).toEqual({ from: 'FLINK-1_20', to: 'FLINK-2_2', change: 'major-upgrade' });
  });
});

describe('snapshot and restore', () => {
  it('RUNNING: takes the named snapshot; restore snapshot uses it', () => {
    const p = plan({ inputs: inputs({ restore: 'snapshot' }) });
    expect(p.snapshot).toMatchObject({ take: true, name: 'pre-upgrade-v2-1' });
    expect(p.restore).toMatchObject({
      type: 'RESTORE_FROM_CUSTOM_SNAPSHOT',
      snapshotName: 'pre-upgrade-v2-1',
    });
    expect(p.preUpgradeSnapshot).toEqual({ name: 'pre-upgrade-v2-1', runtime: 'FLINK-1_20' });
    expect(p.startAfterUpdate).toBe(false);
  });
  it('RUNNING: an existing READY snapshot of the requested name is never reused as the rollback point', () => {
    const now = Date.UTC(2026, 10, 30, 12, 0, 0);
    const taken = [
      snapshot('nightly', 'FLINK-1_20', now - 3_600_000),
      snapshot('nightly-20261130T120000', 'FLINK-1_20', now - 60_000),
    ];
    const d = buildPlan(
      facts({ inputs: inputs({ 'snapshot-name': 'nightly', restore: 'snapshot' }), snapshots: taken, now }),
    );
    if (d.kind !== 'upgrade') throw new Error(d.kind);
    const p = d.plan;
    expect(p.snapshot).toMatchObject({ take: true, name: 'nightly-20261130T120000-2' });
    expect(p.preUpgradeSnapshot?.name).toBe('nightly-20261130T120000-2');
    expect(p.restore).toMatchObject({
      type: 'RESTORE_FROM_CUSTOM_SNAPSHOT',
      snapshotName: 'nightly-20261130T120000-2',
    });
    expect(p.snapshot.note).toBe(
      'a snapshot named nightly already exists (READY, 1h old); it is not reused as the rollback point: taking a fresh snapshot nightly-20261130T120000-2',
    );
    expect(p.warnings).toContain(p.snapshot.note);
    expect(describePlan(p)).toContain(
      `rollback point: the newest READY snapshot of version ${p.previous.versionId} (FLINK-1_20): normally MSF's own, taken at the update, else nightly-20261130T120000-2; never one of the new version`,
    );
    // the plan says what restore: snapshot rewinds
    expect(describePlan(p).join('\n')).toMatch(
      /restore note: restoring nightly-20261130T120000-2, taken before the upload, the baseline and the update: the job's state and source positions rewind to that moment/,
    );
  });
  it('a fresh snapshot name stays within 256 characters', () => {
    const long = 'x'.repeat(256);
    const d = buildPlan(
      facts({
        inputs: inputs({ 'snapshot-name': long }),
        snapshots: [snapshot(long, 'FLINK-1_20', 1)],
        now: 0,
      }),
    );
    if (d.kind !== 'upgrade') throw new Error(d.kind);
    expect(d.plan.snapshot.name).toHaveLength(256);
    expect(d.plan.snapshot.name).toMatch(/-19700101T000000$/);
  });
  it('READY: no snapshot can be taken; relies on the newest existing one', () => {
    const p = plan({
      app: app({ status: 'READY' }),
      inputs: inputs({ restore: 'snapshot' }),
      snapshots: [
        snapshot('older', 'FLINK-1_20', 1),
        snapshot('newest', 'FLINK-1_20', 9),
        snapshot('failed', 'FLINK-1_20', 10, 'FAILED'),
      ],
    });
    expect(p.snapshot.take).toBe(false);
    expect(p.snapshot.note).toMatch(/no snapshot can be taken; relying on the newest snapshot newest/);
    expect(p.restore).toMatchObject({ type: 'RESTORE_FROM_CUSTOM_SNAPSHOT', snapshotName: 'newest' });
    expect(p.preUpgradeSnapshot?.name).toBe('newest');
    // stopped stays stopped unless start: true
    expect(p.startAfterUpdate).toBe(false);
    expect(describePlan(p)).toContain(
      'then: left READY (stopped), no health gate; start: true starts it after the upgrade',
    );
    expect(describePlan(p)).toContain(
      `rollback point: newest, the newest READY snapshot of version ${p.previous.versionId} (left READY: the application was stopped)`,
    );
    const started = plan({
      app: app({ status: 'READY' }),
      inputs: inputs({ start: 'true' }),
      snapshots: [snapshot('newest', 'FLINK-1_20', 9)],
    });
    expect(started.startAfterUpdate).toBe(true);
  });
  it('READY: an older snapshot with the requested name is not preferred to the newest', () => {
    const p = plan({
      app: app({ status: 'READY' }),
      inputs: inputs({ restore: 'snapshot' }),
      snapshots: [snapshot('pre-upgrade-v2-1', 'FLINK-1_20', 1), snapshot('ss-stop', 'FLINK-1_20', 9)],
    });
    expect(p.restore.snapshotName).toBe('ss-stop');
    expect(p.snapshot.note).toMatch(/an older snapshot named pre-upgrade-v2-1 exists and is not used/);
  });
  it('READY with restore: snapshot and no snapshot at all is refused', () => {
    expect(refusal({ app: app({ status: 'READY' }), inputs: inputs({ restore: 'snapshot' }) })).toMatch(
      /use restore: none/,
    );
  });
  it('READY with restore: latest and no snapshot warns that the job starts without state', () => {
    const p = plan({ app: app({ status: 'READY' }) });
    expect(p.warnings.join()).toMatch(/start without state/);
  });
  it('restore none skips restoring but still snapshots for a rollback', () => {
    const p = plan({ inputs: inputs({ restore: 'none' }) });
    expect(p.restore.type).toBe('SKIP_RESTORE_FROM_SNAPSHOT');
    expect(p.snapshot.take).toBe(true);
  });
});

describe('describePlan', () => {
  it('lists what would change', () => {
    const lines = describePlan(
      plan({ inputs: inputs({ parallelism: '4', runtime: 'FLINK-2_2', 'allow-major-upgrade': 'true' }) }),
      {
        jarFindings: ['warning STATE_KRYO: Kryo'],
      },
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'runtime: FLINK-1_20 → FLINK-2_2 (major-upgrade)',
        'code: s3://artifacts/orders/v1/orders.jar → s3://artifacts/orders/v2/orders.jar (upload)',
        'restore: RESTORE_FROM_LATEST_SNAPSHOT, allow-non-restored-state: false',
        'parallelism: 2 → 4',
        'snapshot: pre-upgrade-v2-1 before the update',
        'system rollback: enabled in the same update',
        'jar-check: warning STATE_KRYO: Kryo',
      ]),
    );
  });
});
