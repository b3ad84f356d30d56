import { GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scaledClock } from '../../src/clock.js';
import { runHealthGate, takeBaseline } from '../../src/msf/health/gate.js';
import { rollBack } from '../../src/msf/rollback.js';
import { renderHealthSection } from '../../src/report/health-section.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import {
  OLD_KEY,
  emulatorApp,
  makeDeps,
  seedUpgradeScenario,
  testSettings,
  upgrade,
  viewApp,
  type Scenario,
} from './health-helpers.js';

let te: TestEmulator;

beforeAll(async () => {
  te = await startTestEmulator({ clock: scaledClock(10), metricPeriodSeconds: 1 });
});

afterEach(() => {
  te.emulator.control.reset();
});

async function upgradeAndBake(scenario: Scenario, settings = testSettings()) {
  const deps = makeDeps(te);
  const baseline = await takeBaseline(deps, {
    application: scenario.application,
    runtime: scenario.fromRuntime,
    settings,
  });
  const up = await upgrade(te, scenario);
  expect(up.status).toBe('SUCCESSFUL');
  expect(up.app.status).toBe('RUNNING');
  expect(up.app.runtime).toBe(scenario.toRuntime);
  const gate = await runHealthGate(deps, {
    application: scenario.application,
    runtime: scenario.toRuntime,
    baseline,
    settings,
    deadline: te.clock.now() + 10 * 60_000,
  });
  return { deps, baseline, gate };
}

describe('health gate against the emulator', () => {
  it('passes a healthy bake (1.20 → 2.2) and reads every metric in one call per poll', async () => {
    const scenario = await seedUpgradeScenario(te, {
      application: 'healthy-app',
      behaviour: { kind: 'healthy' },
    });
    const { deps, baseline, gate } = await upgradeAndBake(scenario);

    expect(baseline.metricNames?.restarts).toBe('fullRestarts');
    expect(baseline.checkpointDurationMs).toBeGreaterThan(0);
    expect(baseline.recordsOutPerSecond).toBeGreaterThan(0);

    expect(gate.verdict).toBe('healthy');
    expect(gate.metricNames?.restarts).toBe('numRestarts');
    expect(gate.series.numRestarts!.length).toBeGreaterThan(20);
    expect(gate.series.lastCheckpointDuration!.some((p) => p.v > 0)).toBe(true);
    expect(gate.endedAt - gate.startedAt).toBeGreaterThanOrEqual(32_000);

    const calls = te.emulator.control.calls().filter((c) => c.service === 'cloudwatch');
    const reads = calls.filter((c) => c.operation === 'GetMetricData');
    // one baseline read + one per poll; never one call per metric
    expect(reads.length).toBe(1 + gate.polls!);
    expect(gate.polls!).toBeLessThanOrEqual(40);
    const progress = deps.log.lines.filter((l) =>
      /^\[(stabilising \d+:\d\d\/0:02|bake \d+:\d\d\/0:30)\] numRestarts/.test(l),
    );
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toMatch(/^\[bake 0:3\d\/0:30\] .*; healthy$/);

    const md = renderHealthSection(gate);
    if (process.env.E2E_ECHO) console.log(md);
    expect(md).toMatch(/^### Health gate: ✅ healthy/);
    expect(md).toMatch(/\| numRestarts \(fullRestarts before\) \| count \| 0 \| 0 → 0 \(\+0\) \|/);
    // checkpoint duration and throughput; restarts stayed at 0: the table says it, no flat chart
    expect(md.match(/```mermaid\nxychart-beta/g)).toHaveLength(2);
    expect(md).not.toContain('numRestarts during the bake');
    expect(md.length).toBeLessThan(12_000);
  });

  it('trips a restart loop within two periods of the first restart, then rolls back', async () => {
    const scenario = await seedUpgradeScenario(te, {
      application: 'looping-app',
      behaviour: { kind: 'restart-loop', afterSeconds: 5 },
    });
    const { deps, gate } = await upgradeAndBake(scenario);
    expect(gate.verdict).toBe('unhealthy');
    expect(gate.check).toBe('restarts');
    expect(gate.reason).toMatch(/^numRestarts rose from 0 to \d+ in \d+s \(max-restarts 0\)$/);
    // CloudWatch alone (no dashboard here): caught within two periods of the restart's datapoint showing
    const job = emulatorApp(te, scenario.application).job;
    const sign = te.emulator.control.firstSign({
      application: scenario.application,
      metricName: 'numRestarts',
      above: 0,
      fromMs: job.startedAt,
    });
    expect(sign).toBeDefined();
    expect(gate.decidedAt! - sign!.visibleAt).toBeLessThanOrEqual(2 * 1000);

    const result = await rollBack(deps, {
      application: scenario.application,
      previous: scenario.previous,
      preUpgradeSnapshot: scenario.preUpgradeSnapshot,
      reason: `health gate: ${gate.reason}`,
      deadline: te.clock.now() + 10 * 60_000,
      pollIntervalMs: 500,
    });
    expect(result.outcome, result.message).toBe('rolled-back');
    expect(result.path).toBe('rollback-application');
    const app = await viewApp(te, scenario.application);
    expect(app.status).toBe('RUNNING');
    expect(app.runtime).toBe('FLINK-1_20');
    expect(app.fileKey).toBe(OLD_KEY);
    expect(app.versionId).toBeGreaterThan(scenario.previous.versionId + 1);
    expect(deps.log.text()).toMatch(/waiting for RollbackApplication operation .*: IN_PROGRESS/);
  });

  it('trips a restart loop on 1.20 → 1.20 code change (fullRestarts)', async () => {
    const scenario = await seedUpgradeScenario(te, {
      application: 'looping-120',
      toRuntime: 'FLINK-1_20',
      behaviour: { kind: 'restart-loop', afterSeconds: 3 },
    });
    const { gate } = await upgradeAndBake(scenario);
    expect(gate.verdict).toBe('unhealthy');
    // on 1.20 the restart counter MSF publishes is fullRestarts; the running-time gauge may drop first
    expect(gate.metricNames?.restarts).toBe('fullRestarts');
    expect(['restarts', 'running-time']).toContain(gate.check);
    if (gate.check === 'restarts') expect(gate.reason).toMatch(/^fullRestarts rose from 0 to/);
    else expect(gate.reason).toMatch(/job restart|stuck at|not running/);
  });

  it('fails on failing checkpoints, then rolls back', async () => {
    const scenario = await seedUpgradeScenario(te, {
      application: 'failing-cp',
      behaviour: { kind: 'failing-checkpoints' },
    });
    const { deps, gate } = await upgradeAndBake(scenario);
    expect(gate.verdict).toBe('unhealthy');
    expect(gate.check).toBe('failed-checkpoints');
    expect(gate.reason).toMatch(
      /^numberOfFailedCheckpoints rose from 0 to \d+ in \d+s \(max-failed-checkpoints 0\)$/,
    );
    const result = await rollBack(deps, {
      application: scenario.application,
      previous: scenario.previous,
      preUpgradeSnapshot: scenario.preUpgradeSnapshot,
      reason: gate.reason!,
      deadline: te.clock.now() + 10 * 60_000,
      pollIntervalMs: 500,
    });
    expect(result.outcome, result.message).toBe('rolled-back');
    expect((await viewApp(te, scenario.application)).runtime).toBe('FLINK-1_20');
  });

  it('fails on checkpoints slower than the baseline, then rolls back', async () => {
    const scenario = await seedUpgradeScenario(te, {
      application: 'slow-cp',
      behaviour: { kind: 'slow-checkpoints', factor: 8 },
    });
    const { deps, gate } = await upgradeAndBake(scenario);
    expect(gate.verdict).toBe('unhealthy');
    expect(gate.check).toBe('slow-checkpoints');
    expect(gate.reason).toMatch(
      /^lastCheckpointDuration \d+ ms is [\d.]+× the baseline \d+ ms \(max-checkpoint-duration-ratio 3; the first checkpoint after the restore is not compared\)$/,
    );
    const result = await rollBack(deps, {
      application: scenario.application,
      previous: scenario.previous,
      preUpgradeSnapshot: scenario.preUpgradeSnapshot,
      reason: gate.reason!,
      deadline: te.clock.now() + 10 * 60_000,
      pollIntervalMs: 500,
    });
    expect(result.outcome, result.message).toBe('rolled-back');
    const app = await viewApp(te, scenario.application);
    expect([app.status, app.runtime, app.fileKey]).toEqual(['RUNNING', 'FLINK-1_20', OLD_KEY]);
  });

  it('fails with "no metrics" when the new job publishes nothing', async () => {
    const scenario = await seedUpgradeScenario(te, {
      application: 'silent-app',
      behaviour: { kind: 'no-metrics' },
    });
    const { gate } = await upgradeAndBake(scenario);
    expect(gate.verdict).toBe('unhealthy');
    expect(gate.check).toBe('no-metrics');
    expect(gate.reason).toMatch(
      /^no metrics: no datapoints of numRestarts in \d+s; no datapoints of runningTime in/,
    );
    expect(gate.reason).toMatch(/Application=silent-app, us-east-1/);
    expect(gate.reason).toMatch(/cloudwatch:GetMetricData/);
    // what ListMetrics shows is appended (the old job's metrics, never the new ones)
    expect(gate.reason).toMatch(/ListMetrics lists \d+ metric\(s\) for it: .*fullRestarts/);
    // judged once the first period, the expected lag (3 periods) and one of grace are over, not at the
    // end of the bake
    expect(gate.endedAt - gate.startedAt).toBeGreaterThan(5 * 1000);
    expect(gate.endedAt - gate.startedAt).toBeLessThan(8 * 1000);
  });

  it('skips the gate when the bake time is 0', async () => {
    const deps = makeDeps(te);
    const gate = await runHealthGate(deps, {
      application: 'nothing',
      runtime: 'FLINK-2_2',
      baseline: { application: 'nothing', runtime: 'FLINK-1_20', series: {} },
      settings: testSettings({ bakeMs: 0 }),
      deadline: te.clock.now() + 60_000,
    });
    expect(gate.verdict).toBe('skipped');
    expect(te.emulator.control.calls().filter((c) => c.service === 'cloudwatch')).toHaveLength(0);
  });

  it('reads the emulator the way CloudWatch answers (sanity of the wire format)', async () => {
    await seedUpgradeScenario(te, {
      application: 'wire-app',
      behaviour: { kind: 'healthy' },
      preUpgradeSnapshot: false,
    });
    const listed = await te.clients.cloudwatch.send(
      new ListMetricsCommand({
        Namespace: 'AWS/KinesisAnalytics',
        Dimensions: [{ Name: 'Application', Value: 'wire-app' }],
      }),
    );
    expect(listed.Metrics?.map((m) => m.MetricName)).toContain('fullRestarts');
    const now = te.clock.now();
    const data = await te.clients.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(now - 60_000),
        EndTime: new Date(now),
        MetricDataQueries: [
          {
            Id: 'restarts',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/KinesisAnalytics',
                MetricName: 'fullRestarts',
                Dimensions: [{ Name: 'Application', Value: 'wire-app' }],
              },
              Period: 1,
              Stat: 'Maximum',
            },
          },
        ],
      }),
    );
    expect(data.MetricDataResults?.[0]?.Values?.length).toBeGreaterThan(30);
  });
});
