import { describe, expect, it } from 'vitest';
import type { SnapshotView } from '../../src/msf/application.js';
import type { VersionRef } from '../../src/msf/application.js';
import { chooseRollbackPath, manualSteps, shellQuote } from '../../src/msf/rollback-plan.js';
import { differencesFrom } from '../../src/msf/rollback.js';

const T = 1_800_000_000_000;
const previous: VersionRef = {
  versionId: 4,
  runtime: 'FLINK-1_20',
  bucketArn: 'arn:aws:s3:::artifacts',
  fileKey: 'orders/v1/job.jar',
  objectVersion: 'v1',
};
const pre = { name: 'pre-upgrade-42', runtime: 'FLINK-1_20', createdAt: T };

const snap = (name: string, over: Partial<SnapshotView> = {}): SnapshotView => ({
  name,
  status: 'READY',
  runtime: 'FLINK-1_20',
  versionId: 4,
  createdAt: T,
  ...over,
});

describe('chooseRollbackPath', () => {
  const cases: {
    name: string;
    snapshots: SnapshotView[];
    pre?: typeof pre;
    path: 'rollback-application' | 'restore-named-snapshot' | 'none';
    restoreFrom?: string;
    reason: RegExp;
  }[] = [
    {
      name: 'newest READY snapshot is ours: RollbackApplication',
      snapshots: [snap('old', { createdAt: T - 86_400_000 }), snap('pre-upgrade-42')],
      pre,
      path: 'rollback-application',
      restoreFrom: 'pre-upgrade-42',
      reason:
        /restores the newest READY snapshot pre-upgrade-42 \(FLINK-1_20, application version 4\), which belongs to the previous version/,
    },
    {
      name: "MSF's snapshot of the old version taken by the update is safe",
      snapshots: [snap('pre-upgrade-42'), snap('ss-1800000060000', { createdAt: T + 60_000 })],
      pre,
      path: 'rollback-application',
      reason: /ss-1800000060000/,
    },
    {
      name: 'a scheduled snapshot on the new runtime: named-snapshot path',
      snapshots: [
        snap('pre-upgrade-42'),
        snap('scheduled-1', { runtime: 'FLINK-2_2', versionId: 5, createdAt: T + 600_000 }),
      ],
      pre,
      path: 'restore-named-snapshot',
      restoreFrom: 'pre-upgrade-42',
      reason:
        /^the newest READY snapshot scheduled-1 \(FLINK-2_2, application version 5\) was taken on FLINK-2_2, and the previous version runs FLINK-1_20, so RollbackApplication would restore state the previous version may not load; restoring pre-upgrade-42 \(FLINK-1_20, application version 4\) instead \(the pre-upgrade snapshot, the newest READY snapshot of the previous version\)$/,
    },
    {
      name: 'a code-only upgrade: a snapshot of the new version on the same runtime is not trusted',
      snapshots: [snap('pre-upgrade-42'), snap('autoscale', { versionId: 5, createdAt: T + 600_000 })],
      pre,
      path: 'restore-named-snapshot',
      restoreFrom: 'pre-upgrade-42',
      reason: /was taken by the new version \(the previous one is application version 4\)/,
    },
    {
      name: 'runtime and version unknown, newer than ours: not trusted',
      snapshots: [snap('pre-upgrade-42'), { name: 'mystery', status: 'READY', createdAt: T + 1 }],
      pre,
      path: 'restore-named-snapshot',
      reason: /mystery was taken after pre-upgrade-42 and does not say which runtime or version took it/,
    },
    {
      name: 'ours is missing: the newest snapshot of the previous version is restored instead',
      snapshots: [
        snap('weekly', { createdAt: T - 3_600_000 }),
        snap('older', { createdAt: T - 7_200_000 }),
        snap('scheduled-1', { runtime: 'FLINK-2_2', versionId: 5, createdAt: T + 600_000 }),
      ],
      pre,
      path: 'restore-named-snapshot',
      restoreFrom: 'weekly',
      reason: /restoring weekly/,
    },
    {
      name: 'FAILED and CREATING snapshots do not count',
      snapshots: [
        snap('pre-upgrade-42'),
        snap('broken', { status: 'FAILED', runtime: 'FLINK-2_2', createdAt: T + 10 }),
        snap('busy', { status: 'CREATING', runtime: 'FLINK-2_2', createdAt: T + 20 }),
      ],
      pre,
      path: 'rollback-application',
      reason: /pre-upgrade-42/,
    },
    {
      name: 'no snapshot at all',
      snapshots: [],
      pre,
      path: 'none',
      reason: /^there is no READY snapshot: RollbackApplication refuses an application without snapshots/,
    },
    {
      name: 'only snapshots of the new version',
      snapshots: [snap('scheduled-1', { runtime: 'FLINK-2_2', versionId: 5, createdAt: T + 600_000 })],
      pre,
      path: 'none',
      reason: /no READY snapshot of the previous version exists to restore instead$/,
    },
    {
      name: 'no pre-upgrade snapshot given, newest is of the previous version',
      snapshots: [snap('weekly')],
      path: 'rollback-application',
      restoreFrom: 'weekly',
      reason: /weekly/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = chooseRollbackPath(c.snapshots, previous, c.pre);
      expect(plan.path).toBe(c.path);
      expect(plan.reason).toMatch(c.reason);
      if (c.restoreFrom) expect(plan.restoreFrom?.name).toBe(c.restoreFrom);
    });
  }
});

describe('manual steps', () => {
  it('stop, update back, start from the snapshot', () => {
    const steps = manualSteps(
      'orders',
      { status: 'RUNNING', versionId: 5, runtime: 'FLINK-2_2' },
      previous,
      'pre-upgrade-42',
    );
    expect(steps).toEqual([
      'aws kinesisanalyticsv2 stop-application --application-name orders --force',
      `aws kinesisanalyticsv2 update-application --application-name orders --current-application-version-id 5 --runtime-environment-update FLINK-1_20 --application-configuration-update '{"ApplicationCodeConfigurationUpdate":{"CodeContentUpdate":{"S3ContentLocationUpdate":{"BucketARNUpdate":"arn:aws:s3:::artifacts","FileKeyUpdate":"orders/v1/job.jar","ObjectVersionUpdate":"v1"}}}}'`,
      `aws kinesisanalyticsv2 start-application --application-name orders --run-configuration '{"ApplicationRestoreConfiguration":{"ApplicationRestoreType":"RESTORE_FROM_CUSTOM_SNAPSHOT","SnapshotName":"pre-upgrade-42"}}'`,
    ]);
  });
  it('no stop when READY, no runtime change when unchanged, no state without a snapshot', () => {
    const steps = manualSteps(
      'orders',
      { status: 'READY', versionId: 6, runtime: 'FLINK-1_20' },
      previous,
      undefined,
    );
    expect(steps).toHaveLength(2);
    expect(steps[0]).not.toContain('--runtime-environment-update');
    expect(steps[1]).toContain('SKIP_RESTORE_FROM_SNAPSHOT');
  });
  it('quotes for a POSIX shell', () => {
    expect(shellQuote('plain-name_1.0')).toBe('plain-name_1.0');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('{"a":1}')).toBe(`'{"a":1}'`);
  });
});

describe('differencesFrom', () => {
  const app = {
    name: 'orders',
    status: 'RUNNING',
    versionId: 7,
    runtime: 'FLINK-1_20',
    bucketArn: 'arn:aws:s3:::artifacts',
    fileKey: 'orders/v1/job.jar',
    objectVersion: 'v1',
    snapshotsEnabled: true,
    systemRollbackEnabled: false,
    logGroups: [],
  };
  it('none when it runs the previous version (whatever the version number)', () => {
    expect(differencesFrom(app, previous)).toEqual([]);
  });
  it('names each difference', () => {
    expect(
      differencesFrom(
        { ...app, runtime: 'FLINK-2_2', fileKey: 'orders/v2/job.jar', objectVersion: 'v9' },
        previous,
      ),
    ).toEqual([
      'runtime FLINK-2_2 (expected FLINK-1_20)',
      'code key orders/v2/job.jar (expected orders/v1/job.jar)',
      'object version v9 (expected v1)',
    ]);
  });
});

describe('the rollback point: invariants over generated snapshot sets', () => {
  // A small deterministic generator (no dependency): mulberry32.
  function rng(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const now = T + 3_600_000;
  const maxStateAgeMs = 24 * 3_600_000;

  it('never a snapshot of the new version, never older than max-state-age, always READY; the newest such one', () => {
    const random = rng(9);
    let restored = 0;
    for (let i = 0; i < 2_000; i++) {
      const snapshots: SnapshotView[] = [];
      const count = Math.floor(random() * 6);
      for (let j = 0; j < count; j++) {
        const newVersion = random() < 0.35;
        snapshots.push(
          snap(`s${j}`, {
            status: random() < 0.8 ? 'READY' : random() < 0.5 ? 'FAILED' : 'CREATING',
            runtime: newVersion && random() < 0.5 ? 'FLINK-2_2' : 'FLINK-1_20',
            versionId: newVersion ? 5 : random() < 0.5 ? 4 : 2,
            createdAt: now - Math.floor(random() * 3 * 86_400_000),
          }),
        );
      }
      const withPre = random() < 0.5;
      if (withPre)
        snapshots.push(snap('pre-upgrade-42', { createdAt: now - Math.floor(random() * 2 * 86_400_000) }));
      const plan = chooseRollbackPath(
        snapshots,
        previous,
        withPre ? { ...pre, createdAt: snapshots.at(-1)!.createdAt! } : undefined,
        { maxStateAgeMs, now },
      );
      const eligible = snapshots
        .filter((s) => s.status === 'READY' && s.runtime === 'FLINK-1_20' && (s.versionId ?? 0) <= 4)
        .sort((a, b) => b.createdAt! - a.createdAt!);
      if (plan.path === 'none') {
        // refused only when there is no eligible snapshot, or the newest eligible one is too old
        if (eligible[0]) expect(now - eligible[0].createdAt!).toBeGreaterThan(maxStateAgeMs);
        continue;
      }
      restored += 1;
      const point = plan.restoreFrom!;
      expect(point.status).toBe('READY');
      expect(point.runtime).toBe('FLINK-1_20');
      expect(point.versionId).toBeLessThanOrEqual(4);
      expect(now - point.createdAt!).toBeLessThanOrEqual(maxStateAgeMs);
      expect(point).toBe(eligible[0]);
      // RollbackApplication only when what it loads (the newest READY snapshot) is the rollback point
      if (plan.path === 'rollback-application') expect(plan.latest).toBe(point);
    }
    expect(restored).toBeGreaterThan(500);
  });
});
