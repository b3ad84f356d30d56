import { beforeAll, describe, expect, it } from 'vitest';
import { healthyJobJar } from '../support/jar-builder.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  // An update that takes an hour: still IN_PROGRESS when the run's time is up.
  h = await startHarness({ timings: { update: 3_600_000 } });
});

describe('deadline', () => {
  it('an operation still IN_PROGRESS at the deadline is rolled back, with its own deadline', async () => {
    await h.seedApp({ name: 'orders' });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJob'));
    const { outputs, report, log } = await h.run({
      'application-name': 'orders',
      artifact: jar,
      timeout: '20s',
      'rollback-timeout': '5m',
    });
    expect(report.reason).toContain('still IN_PROGRESS after 20s (timeout)');
    expect(log.text()).toMatch(/waiting for UpdateApplication of orders .*IN_PROGRESS/);
    expect(report.rollback).toBeDefined();
    expect(outputs.result, report.reason).toBe('rolled-back');
    expect(h.emulator.control.calls().map((c) => c.operation)).toContain('RollbackApplication');
  });
});
