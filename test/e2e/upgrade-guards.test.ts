import { createHash } from 'node:crypto';
import { UpdateApplicationCommand } from '@aws-sdk/client-kinesis-analytics-v2';
import { createClients } from '../../src/aws/clients.js';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { healthyJobJar } from '../support/jar-builder.js';
import { TEST_CREDENTIALS, TEST_REGION } from '../support/emulator.js';
import { BUCKET, startHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

beforeEach(() => {
  h.emulator.control.reset();
});

function calledOperations(from = 0): string[] {
  return h.emulator.control
    .calls()
    .slice(from)
    .filter((c) => c.service !== 'control')
    .map((c) => c.operation);
}

describe('version rules, before anything changes', () => {
  it('refuses a downgrade without consent', async () => {
    await h.seedApp({ name: 'orders', runtime: 'FLINK-1_20' });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11));
    const { outputs, report } = await h.run({
      'application-name': 'orders',
      artifact: jar,
      runtime: 'FLINK-1_19',
    });
    expect(outputs.result).toBe('failed');
    expect(report.reason).toMatch(/downgrade/);
    expect(report.reason).toContain('allow-downgrade');
    expect(h.mutatingCalls()).toEqual([]);
  });

  it('refuses 1.x → 2.x without allow-major-upgrade', async () => {
    await h.seedApp({ name: 'orders', runtime: 'FLINK-1_20' });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(17));
    const { outputs, report } = await h.run({
      'application-name': 'orders',
      artifact: jar,
      runtime: 'FLINK-2_2',
    });
    expect(outputs.result).toBe('failed');
    expect(report.reason).toContain('allow-major-upgrade: true');
    expect(h.mutatingCalls()).toEqual([]);
  });

  it('refuses a restore of state written by a newer runtime (stateful downgrade) even with the runtime unchanged', async () => {
    await h.seedApp({
      name: 'orders',
      runtime: 'FLINK-1_19',
      status: 'READY',
      snapshots: [{ name: 'from-1-20', runtime: 'FLINK-1_20', ageSeconds: 60 }],
    });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11));
    const { outputs, report } = await h.run({ 'application-name': 'orders', artifact: jar });
    expect(outputs.result).toBe('failed');
    expect(report.reason).toContain('stateful downgrade');
    expect(h.mutatingCalls()).toEqual([]);
  });
});

describe('promotion of an uploaded build', () => {
  const build = Buffer.from('a build that passed the tests');

  async function seedPromotable(): Promise<string> {
    const bytes = await healthyJobJar(11, 'com/example/Promoted');
    await h.seedApp({ name: 'orders' });
    await h.emulator.control.seed({
      buckets: [{ name: BUCKET, objects: [{ key: 'orders/rc1/orders.jar', body: bytes }] }],
    });
    return createHash('sha256').update(bytes).digest('hex');
  }

  it('promotes by key when the digest matches, without uploading', async () => {
    const sha = await seedPromotable();
    const { outputs, report } = await h.run({
      'application-name': 'orders',
      key: 'orders/rc1/orders.jar',
      'artifact-sha256': sha,
    });
    expect(outputs.result, report.reason).toBe('upgraded');
    expect(outputs['s3-key']).toBe('orders/rc1/orders.jar');
    const ops = calledOperations();
    expect(ops).not.toContain('PutObject');
    expect(ops).not.toContain('CreateMultipartUpload');
    expect(ops).toContain('UpdateApplication');
  });

  it('promotes by key alone: the object and its size are checked, the unverified digest is a warning', async () => {
    await seedPromotable();
    const { outputs, report, log } = await h.run({
      'application-name': 'orders',
      key: 'orders/rc1/orders.jar',
    });
    expect(outputs.result, report.reason).toBe('upgraded');
    expect(outputs['s3-key']).toBe('orders/rc1/orders.jar');
    expect(report.warnings.join('\n')).toContain('SHA-256 was not verified');
    expect(log.text()).toContain('warning: Upgrade of orders: s3://flink-artifacts/orders/rc1/orders.jar');
    const ops = calledOperations();
    expect(ops).not.toContain('PutObject');
    expect(ops).not.toContain('GetObject');
    expect(ops).toContain('UpdateApplication');
  });

  it('promotion by key alone still refuses a missing object, before any change', async () => {
    await seedPromotable();
    const { outputs, report } = await h.run({
      'application-name': 'orders',
      key: 'orders/rc9/orders.jar',
    });
    expect(outputs.result).toBe('failed');
    expect(report.reason).toContain('no such object');
    expect(h.mutatingCalls()).toEqual([]);
  });

  it('refuses a promotion whose digest does not match, before any change', async () => {
    await seedPromotable();
    const wrong = createHash('sha256').update(build).digest('hex');
    const { outputs, report } = await h.run({
      'application-name': 'orders',
      key: 'orders/rc1/orders.jar',
      'artifact-sha256': wrong,
    });
    expect(outputs.result).toBe('failed');
    expect(report.reason).toContain('not the artifact-sha256');
    expect(h.mutatingCalls()).toEqual([]);
  });
});

describe('concurrent modification', () => {
  it.each(['latest', 'snapshot'] as const)(
    're-reads and re-plans once after a stale conditional token, then succeeds (restore: %s)',
    async (restore) => {
      await h.seedApp({ name: 'orders' });
      const jar = await h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJob'));
      const other = createClients({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
      let injected = false;
      const name = 'injectConcurrentUpdate';
      h.clients.msf.middlewareStack.add(
        (next, context) => async (args) => {
          if (!injected && context.commandName === 'UpdateApplicationCommand') {
            injected = true;
            // Someone else updates the application between our describe and our update.
            await other.msf.send(
              new UpdateApplicationCommand({
                ApplicationName: 'orders',
                CurrentApplicationVersionId: 1,
                ApplicationConfigurationUpdate: {
                  ApplicationSnapshotConfigurationUpdate: { SnapshotsEnabledUpdate: true },
                },
              }),
            );
          }
          return next(args);
        },
        { step: 'initialize', name },
      );
      try {
        const { outputs, report, log } = await h.run({
          'application-name': 'orders',
          artifact: jar,
          restore,
        });
        expect(injected).toBe(true);
        expect(outputs.result, report.reason).toBe('upgraded');
        expect(log.text()).toContain('ConcurrentModificationException');
        const updates = h.emulator.control.calls().filter((c) => c.operation === 'UpdateApplication');
        // ours (refused), the concurrent one, ours again after re-planning
        expect(updates.map((c) => c.errorCode ?? c.status)).toEqual([
          200,
          'ConcurrentModificationException',
          200,
        ]);
        expect(Number(outputs['previous-application-version-id'])).toBe(2);
        expect(Number(outputs['application-version-id'])).toBe(3);
        if (restore === 'snapshot') {
          // the re-plan restores the snapshot this run took, not a name it never took
          const app = (
            h.emulator.control.describe().applications as {
              applications: { name: string; job: { restoredFrom: { name: string } | null } }[];
            }
          ).applications.find((a) => a.name === 'orders')!;
          expect(app.job.restoredFrom?.name).toBe('pre-upgrade-test');
          expect(outputs['snapshot-name']).toBe('pre-upgrade-test');
        }
      } finally {
        h.clients.msf.middlewareStack.remove(name);
        other.msf.destroy();
      }
    },
  );
});

describe('snapshot step', () => {
  it('1,000 snapshots: refused in preflight, before any upload or snapshot, with the count and how to delete old ones', async () => {
    await h.seedApp({
      name: 'orders',
      snapshots: Array.from({ length: 1000 }, (_, i) => ({ name: `auto-${i}`, ageSeconds: 100_000 - i })),
    });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJob'));
    const mark = h.emulator.control.calls().length;
    const { outputs, report } = await h.run({ 'application-name': 'orders', artifact: jar });
    expect(outputs.result).toBe('failed');
    expect(report.reason).toContain('refused: snapshot quota');
    expect(report.reason).toContain('has 1000 snapshots');
    expect(report.reason).toContain('delete-application-snapshot');
    expect(report.reason).toContain('--snapshot-creation-timestamp');
    expect(report.reason).toContain('Nothing was changed');
    expect(report.phases.find((p) => p.phase === 'preflight')?.outcome).toBe('failed');
    const ops = calledOperations(mark);
    // read fully: 1,000 snapshots are 20 pages of 50
    expect(ops.filter((o) => o === 'ListApplicationSnapshots').length).toBeGreaterThanOrEqual(20);
    expect(ops).not.toContain('PutObject');
    expect(ops).not.toContain('CreateMultipartUpload');
    expect(ops).not.toContain('CreateApplicationSnapshot');
    expect(ops).not.toContain('UpdateApplication');
    expect(h.mutatingCalls()).toEqual([]);
  });

  it('a job that cannot be snapshotted stops the run before the update', async () => {
    await h.seedApp({ name: 'orders', behaviour: { kind: 'restart-loop', afterSeconds: 0 } });
    await h.clock.sleep(3000);
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJob'));
    const { outputs, report } = await h.run({ 'application-name': 'orders', artifact: jar });
    expect(outputs.result).toBe('failed');
    expect(report.reason).toMatch(/snapshot/);
    expect(report.reason).toMatch(/nothing was changed/i);
    expect(calledOperations()).not.toContain('UpdateApplication');
  });
});
