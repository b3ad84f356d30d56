import { describe, expect, it } from 'vitest';
import { buildPlan, defaultKey, describePlan, sameBuild, type PlanFacts } from '../../src/pipeline/plan.js';
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
  it('a snapshot name already used by a failed snapshot', () => {
    expect(refusal({ snapshots: [snapshot('pre-upgrade-v2-1', 'FLINK-1_20', 1, 'FAILED')] })).toMatch(
      /set another snapshot-name/,
    );
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
  it('RUNNING: reuses a READY snapshot of the same name (re-run)', () => {
    const p = plan({ snapshots: [snapshot('pre-upgrade-v2-1', 'FLINK-1_20', 5)] });
    expect(p.snapshot.take).toBe(false);
    expect(p.snapshot.note).toMatch(/reusing/);
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
    expect(p.startAfterUpdate).toBe(true);
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
