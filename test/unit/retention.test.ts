import { describe, expect, it } from 'vitest';
import { parseInputs } from '../../src/inputs.js';
import { snapshotQuotaWarning } from '../../src/msf/quotas.js';
import { isOwnSnapshot, retentionPlanLine, selectSnapshotsToDelete } from '../../src/pipeline/retention.js';
import type { SnapshotView } from '../../src/pipeline/target.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30);

function snap(name: string, ageDays: number, status = 'READY'): SnapshotView {
  return { name, status, createdAt: NOW - ageDays * DAY };
}

const names = (s: SnapshotView[]): string[] => s.map((x) => x.name);

describe('keep-snapshots input', () => {
  const base = { 'application-name': 'orders', key: 'orders/v1/app.jar', version: 'v1' };
  it('is absent (keep all) by default and for "all"', () => {
    expect(parseInputs(base).keepSnapshots).toBeUndefined();
    expect(parseInputs({ ...base, 'keep-snapshots': 'all' }).keepSnapshots).toBeUndefined();
  });
  it('reads a count or an age', () => {
    expect(parseInputs({ ...base, 'keep-snapshots': '10' }).keepSnapshots).toEqual({ count: 10 });
    expect(parseInputs({ ...base, 'keep-snapshots': '30d' }).keepSnapshots).toEqual({ maxAgeMs: 30 * DAY });
  });
  it.each([
    ['0', 'expected a count from 1 to 1000'],
    ['1001', 'expected a count from 1 to 1000'],
    ['ten', 'expected a count like 10, an age like 30d, or all, got "ten"'],
    ['30m', 'an age must be at least 1h'],
  ])('refuses %s in one line naming the input', (value, message) => {
    expect(() => parseInputs({ ...base, 'keep-snapshots': value })).toThrow(
      new RegExp(`^input "keep-snapshots": ${message}`),
    );
  });
});

describe('our snapshot names', () => {
  it.each([
    ['pre-upgrade-v1.2.3-123456789', true],
    ['pre-upgrade-v1.2.3-123456789-2', true],
    ['pre-upgrade-abc1234-20261130T235500', true],
    ['pre-upgrade-release-2026-11-987', true],
    ['pre-upgrade-test', false],
    ['nightly-backup', false],
    ['pre-upgrade-v1-manual', false],
    ['my-pre-upgrade-v1-123', false],
  ])('%s is ours: %s', (name, ours) => {
    expect(isOwnSnapshot(name)).toBe(ours);
  });
});

describe('selectSnapshotsToDelete', () => {
  const snapshots = [
    snap('pre-upgrade-v6-600', 0), // just taken
    snap('pre-upgrade-v5-500', 5),
    snap('nightly-backup', 6), // not ours
    snap('pre-upgrade-v4-400', 10),
    snap('pre-upgrade-v3-300', 20, 'CREATING'),
    snap('pre-upgrade-v2-200', 40),
    snap('pre-upgrade-v1-100', 50, 'FAILED'),
    snap('custom-rollback-point', 60), // the run's rollback point under a custom name
  ];
  const protect = ['pre-upgrade-v6-600', 'custom-rollback-point'];

  it('keeps the newest N of ours, the protected ones count and stay', () => {
    const choice = selectSnapshotsToDelete(snapshots, { keep: { count: 2 }, protect, now: NOW });
    expect(names(choice.delete)).toEqual(['pre-upgrade-v4-400', 'pre-upgrade-v2-200', 'pre-upgrade-v1-100']);
    expect(choice.spared).toEqual([
      { name: 'pre-upgrade-v3-300', why: 'CREATING' },
      { name: 'custom-rollback-point', why: 'the rollback point of this run' },
    ]);
  });

  it('keeps ours younger than the age', () => {
    const choice = selectSnapshotsToDelete(snapshots, { keep: { maxAgeMs: 15 * DAY }, protect, now: NOW });
    expect(names(choice.delete)).toEqual(['pre-upgrade-v2-200', 'pre-upgrade-v1-100']);
    expect(names(choice.delete)).not.toContain('nightly-backup');
  });

  it('never deletes the snapshot just taken, even with keep 1 and it being the oldest by clock skew', () => {
    const skewed = [snap('pre-upgrade-v9-900', 3), snap('pre-upgrade-v8-800', 1)];
    const choice = selectSnapshotsToDelete(skewed, {
      keep: { count: 1 },
      protect: ['pre-upgrade-v9-900'],
      now: NOW,
    });
    expect(choice.delete).toEqual([]);
    expect(choice.spared.map((s) => s.name)).toEqual(['pre-upgrade-v9-900']);
  });

  it('deletes nothing when within the limit', () => {
    expect(selectSnapshotsToDelete(snapshots, { keep: { count: 10 }, protect, now: NOW }).delete).toEqual([]);
  });
});

describe('snapshotQuotaWarning', () => {
  it('warns above 80 % of the 1,000-snapshot quota', () => {
    expect(snapshotQuotaWarning('orders', 800)).toBeUndefined();
    expect(snapshotQuotaWarning('orders', 801)).toMatch(/^orders holds 801 of the 1,000 snapshots/);
  });
});

describe('retentionPlanLine', () => {
  it('says what a real run would delete', () => {
    expect(retentionPlanLine({ count: 10 })).toBe(
      "snapshot retention: after a healthy upgrade, keep the newest 10 of this action's pre-upgrade snapshots and delete older ones",
    );
    expect(retentionPlanLine({ maxAgeMs: 30 * DAY })).toContain('those younger than 30d');
  });
});
