/**
 * Statuses MSF enters on its own (MAINTENANCE, AUTOSCALING): the preflight refuses to start an upgrade
 * while the application is in one, names the status and says what to do, and changes nothing.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { healthyJobJar } from '../support/jar-builder.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

beforeEach(() => {
  h.emulator.control.reset();
});

describe('preflight while MSF holds the application in a status of its own', () => {
  for (const status of ['MAINTENANCE', 'AUTOSCALING'] as const) {
    it(`refuses an application in ${status}, naming the status and the fix, and changes nothing`, async () => {
      await h.seedApp({ name: 'orders', parallelism: 2 });
      const jar = await h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJob'));
      // Long enough (clock ms) to outlast the whole run.
      h.emulator.control.enterStatus({ application: 'orders', status, durationMs: 3_600_000 });
      const { outputs, report, log } = await h.run({
        'application-name': 'orders',
        artifact: jar,
        runtime: 'FLINK-1_20',
      });
      expect(outputs.result).toBe('failed');
      expect(report.reason).toContain(`application orders is ${status}, not RUNNING or READY`);
      expect(report.reason).toContain('wait until its current transition ends');
      expect(report.reason).toContain('run again');
      expect(log.lines.join('\n')).toContain(`orders: ${status}, FLINK-1_20`);
      expect(h.mutatingCalls()).toEqual([]);
      const ops = h.emulator.control
        .calls()
        .filter((c) => c.service === 'kinesisanalyticsv2')
        .map((c) => c.operation);
      expect(ops).toContain('DescribeApplication');
      expect(ops).not.toContain('UpdateApplication');
      expect(ops).not.toContain('CreateApplicationSnapshot');
      const state = h.emulator.control.describe().applications as {
        applications: { name: string; status: string; versionId: number }[];
      };
      expect(state.applications.find((a) => a.name === 'orders')).toMatchObject({ status, versionId: 1 });
    });
  }
});
