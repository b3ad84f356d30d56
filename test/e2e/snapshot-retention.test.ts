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

const DAY_S = 86_400;

/** Four old snapshots of ours (seeds are READY or FAILED), two not ours. */
const SEEDED = [
  { name: 'pre-upgrade-v1.4-100', ageSeconds: 40 * DAY_S },
  { name: 'pre-upgrade-v1.3-90', ageSeconds: 50 * DAY_S },
  { name: 'pre-upgrade-v1.2-80-2', ageSeconds: 60 * DAY_S, status: 'FAILED' as const },
  { name: 'pre-upgrade-v1.1-70', ageSeconds: 70 * DAY_S },
  { name: 'nightly-backup', ageSeconds: 80 * DAY_S },
  { name: 'pre-upgrade-manual', ageSeconds: 90 * DAY_S },
];

function snapshotNames(app: string): string[] {
  const apps = h.emulator.control.describe().applications as {
    applications: { name: string; snapshots: { name: string }[] }[];
  };
  return (apps.applications.find((a) => a.name === app)?.snapshots ?? []).map((s) => s.name).sort();
}

function deleteCalls(): number {
  return h.emulator.control.calls().filter((c) => c.operation === 'DeleteApplicationSnapshot').length;
}

describe('keep-snapshots', () => {
  it('after a healthy upgrade keeps the newest N of ours, the new one included, and never others', async () => {
    await h.seedApp({ name: 'orders', snapshots: SEEDED });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11));
    const { report, log } = await h.run({
      'application-name': 'orders',
      artifact: jar,
      'snapshot-name': '', // the default name: pre-upgrade-v2-42
      'keep-snapshots': '2',
    });
    expect(report.result, report.reason).toBe('upgraded');
    expect(report.snapshotName).toBe('pre-upgrade-v2-42');
    const left = snapshotNames('orders');
    // ours: the new one and the newest old one; the others of ours are gone; MSF's own and foreign stay
    expect(left).toContain('pre-upgrade-v2-42');
    expect(left).toContain('pre-upgrade-v1.4-100');
    expect(left).toContain('nightly-backup');
    expect(left).toContain('pre-upgrade-manual');
    for (const gone of ['pre-upgrade-v1.3-90', 'pre-upgrade-v1.2-80-2', 'pre-upgrade-v1.1-70'])
      expect(left).not.toContain(gone);
    expect(report.retention?.deleted.sort()).toEqual([
      'pre-upgrade-v1.1-70',
      'pre-upgrade-v1.2-80-2',
      'pre-upgrade-v1.3-90',
    ]);
    expect(report.retention?.failed).toEqual([]);
    expect(log.text()).toContain('deleted snapshot pre-upgrade-v1.3-90');
  });

  it('by age: deletes ours older than the limit', async () => {
    await h.seedApp({ name: 'orders', snapshots: SEEDED });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11));
    const { report } = await h.run({
      'application-name': 'orders',
      artifact: jar,
      'snapshot-name': '',
      'keep-snapshots': '55d',
    });
    expect(report.result, report.reason).toBe('upgraded');
    expect(report.retention?.deleted.sort()).toEqual(['pre-upgrade-v1.1-70', 'pre-upgrade-v1.2-80-2']);
    expect(snapshotNames('orders')).toContain('pre-upgrade-v1.3-90');
  });

  it('a refused delete is a warning naming the IAM action, never a failed run', async () => {
    await h.seedApp({ name: 'orders', snapshots: SEEDED });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11));
    const { report } = await h.run(
      { 'application-name': 'orders', artifact: jar, 'snapshot-name': '', 'keep-snapshots': '2' },
      {
        beforeRun: () =>
          h.emulator.control.injectFault({
            service: 'kinesisanalyticsv2',
            operation: 'DeleteApplicationSnapshot',
            kind: 'access-denied',
          }),
      },
    );
    expect(report.result, report.reason).toBe('upgraded');
    expect(report.retention?.failed).toHaveLength(1);
    expect(report.retention?.deleted).toHaveLength(2);
    expect(report.warnings.join('\n')).toMatch(/snapshot retention: 1 snapshot\(s\) of orders not deleted/);
    expect(report.warnings.join('\n')).toContain('kinesisanalytics:DeleteApplicationSnapshot');
  });

  it('deletes nothing on a rolled-back run', async () => {
    await h.seedApp({ name: 'orders', snapshots: SEEDED });
    const java21 = await buildJar({
      manifest: { 'Main-Class': 'com.example.OrdersJob' },
      classes: [{ name: 'com/example/OrdersJob', major: classMajorFor(21) }],
    });
    const jar = await h.writeJar('orders.jar', java21);
    const { report } = await h.run({
      'application-name': 'orders',
      artifact: jar,
      'jar-check': 'off',
      'snapshot-name': '',
      'keep-snapshots': '1',
    });
    expect(report.result).toBe('rolled-back');
    expect(deleteCalls()).toBe(0);
    expect(report.retention).toBeUndefined();
    expect(snapshotNames('orders')).toEqual(expect.arrayContaining(SEEDED.map((s) => s.name)));
  });

  it('keeps everything without keep-snapshots', async () => {
    await h.seedApp({ name: 'orders', snapshots: SEEDED });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11));
    const { report } = await h.run({ 'application-name': 'orders', artifact: jar, 'snapshot-name': '' });
    expect(report.result, report.reason).toBe('upgraded');
    expect(deleteCalls()).toBe(0);
    expect(snapshotNames('orders')).toHaveLength(SEEDED.length + 1 + 1); // + ours + MSF's own at the update
  });

  it('warns when the application holds more than 80 % of the snapshot quota', async () => {
    const many = Array.from({ length: 801 }, (_, i) => ({ name: `nightly-${i}`, ageSeconds: 1000 + i }));
    await h.seedApp({ name: 'orders', snapshots: many });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11));
    const { report } = await h.run({ 'application-name': 'orders', artifact: jar, 'snapshot-name': '' });
    expect(report.result, report.reason).toBe('upgraded');
    expect(report.warnings.join('\n')).toContain('orders holds 801 of the 1,000 snapshots MSF allows');
    expect(deleteCalls()).toBe(0);
  });
});
