/**
 * Managed Service for Apache Flink behind the platform-neutral `Platform` interface (src/msf/platform.ts),
 * driven by the run over the Platform interface (src/pipeline/platform-run.ts) against the emulator: the
 * same MSF modules as the run through FlinkTarget, in the words a second platform speaks.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseInputs, type RawInputs } from '../../src/inputs.js';
import { MemoryLogger } from '../../src/log.js';
import { createMsfPlatform } from '../../src/msf/platform.js';
import { runOnPlatform } from '../../src/pipeline/platform-run.js';
import type { ReleasePlan, UpdateProgress } from '../../src/pipeline/platform.js';
import { healthyJobJar } from '../support/jar-builder.js';
import { BUCKET, startHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

beforeEach(() => {
  h.emulator.control.reset();
});

function appState(name: string): { status: string; runtime: string; fileKey?: string; versionId: number } {
  const apps = h.emulator.control.describe().applications as {
    applications: { name: string; status: string; runtime: string; fileKey?: string; versionId: number }[];
  };
  return apps.applications.find((a) => a.name === name)!;
}

async function run(raw: RawInputs, withProgress?: (progress: UpdateProgress) => UpdateProgress) {
  const inputs = parseInputs(
    { 'poll-interval': '1s', 'snapshot-name': 'pre-upgrade-test', version: 'v2', bucket: BUCKET, ...raw },
    { sha: '0123456789abcdef', runId: '42' },
  );
  const log = new MemoryLogger();
  const signal = new AbortController().signal;
  const platform = createMsfPlatform(h.clients, inputs, signal);
  if (withProgress) {
    const update = platform.update.bind(platform);
    platform.update = (ctx, plan, progress) => update(ctx, plan, withProgress(progress));
  }
  const report = await runOnPlatform(inputs, {
    platform,
    clock: h.clock,
    log,
    signal,
  });
  return { report, log };
}

describe('MSF as a Platform', () => {
  it('upgrades through the Platform interface: snapshot, S3 upload, UpdateApplication, verified', async () => {
    await h.seedApp({ name: 'orders', runtime: 'FLINK-1_20', metricsHistorySeconds: 120 });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJobV2'));
    const { report, log } = await run({
      'application-name': 'orders',
      artifact: jar,
      runtime: 'FLINK-1_20',
      'bake-time': '0',
    });
    expect(report.result, `${report.reason}\n${log.lines.join('\n')}`).toBe('upgraded');
    expect(report.platform).toBe('Managed Service for Apache Flink');
    expect(report.snapshotName).toBe('pre-upgrade-test');
    expect(report.operation).toMatchObject({ operation: 'UpdateApplication' });
    expect(appState('orders')).toMatchObject({ status: 'RUNNING', fileKey: 'orders/v2/orders.jar' });
    const mutating = h.mutatingCalls();
    expect(mutating.filter((c) => c === 'kinesisanalyticsv2:UpdateApplication')).toHaveLength(1);
    expect(mutating).toContain('kinesisanalyticsv2:CreateApplicationSnapshot');
  });

  it('rolls back a job the health gate finds in a restart loop, to the version before', async () => {
    await h.seedApp({ name: 'orders', runtime: 'FLINK-1_20', metricsHistorySeconds: 120 });
    h.emulator.control.setJobBehaviour({
      application: 'orders',
      fileKey: 'orders/v2/orders.jar',
      behaviour: { kind: 'restart-loop', afterSeconds: 4 },
    });
    const before = appState('orders');
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJobV2'));
    const { report, log } = await run({
      'application-name': 'orders',
      artifact: jar,
      'bake-time': '30s',
      'metric-period': '1',
      'stabilisation-delay': '2s',
    });
    expect(report.gate?.verdict, log.lines.join('\n')).toBe('unhealthy');
    expect(report.result, report.reason).toBe('rolled-back');
    expect(report.rollback?.outcome).toBe('rolled-back');
    expect(appState('orders')).toMatchObject({ status: 'RUNNING', fileKey: 'orders/v1/orders.jar' });
    expect(appState('orders').versionId).toBeGreaterThan(before.versionId);
  });

  it('claims through the progress hook just before UpdateApplication, with the plan in neutral words', async () => {
    await h.seedApp({ name: 'orders', runtime: 'FLINK-1_20', metricsHistorySeconds: 120 });
    const before = appState('orders');
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJobV2'));
    const claims: { plan: ReleasePlan; mutatingBefore: string[] }[] = [];
    const { report, log } = await run(
      { 'application-name': 'orders', artifact: jar, runtime: 'FLINK-1_20', 'bake-time': '0' },
      (progress) => ({
        ...progress,
        claim: (plan) => {
          claims.push({ plan, mutatingBefore: [...h.mutatingCalls()] });
          return Promise.resolve();
        },
      }),
    );
    expect(report.result, `${report.reason}\n${log.lines.join('\n')}`).toBe('upgraded');
    expect(claims).toHaveLength(1);
    expect(claims[0]!.plan.previous.revision).toBe(before.versionId);
    expect(claims[0]!.plan.preUpgradeCheckpoint?.id).toBe('pre-upgrade-test');
    expect(claims[0]!.mutatingBefore).not.toContain('kinesisanalyticsv2:UpdateApplication');
    expect(claims[0]!.mutatingBefore).toContain('kinesisanalyticsv2:CreateApplicationSnapshot');
  });
});
