/**
 * The health gate on the signals real MSF gives, as a scenario table: the whole pipeline against the
 * emulator's realistic CloudWatch (per-minute datapoints, scaled to 1 s periods here, arriving 0.5–2.5
 * periods late with gaps; gauges at -1 until a job's first checkpoint; restart counters per job; full
 * first checkpoints after a restore; Flink's default restart strategy per runtime; maintenance and
 * autoscaling). Every row runs twice: with the Flink dashboard (real time) and with it refused
 * (AccessDenied on CreateApplicationPresignedUrl), so CloudWatch alone must hold too. Healthy rows are
 * repeated with 20 seeds of the lag draws on CloudWatch alone (the source that depends on them).
 * The table is printed: decision, the source that decided, and when, in metric periods after the first
 * visible sign.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobBehaviour, MetricsLagSpec } from '../../emulator/types.js';
import type { RawInputs } from '../../src/inputs.js';
import { createClients } from '../../src/aws/clients.js';
import { startHarness, BUCKET, type Harness, type RunOutcome } from './harness.js';
import { TEST_CREDENTIALS, TEST_REGION } from '../support/emulator.js';
import { healthyJobJar } from '../support/jar-builder.js';

const PERIOD_MS = 1000;
const SEEDS = 20;

interface Row {
  name: string;
  expect: 'upgraded' | 'rolled-back';
  behaviour: JobBehaviour;
  /** the running job before the upgrade */
  oldBehaviour?: JobBehaviour;
  lag?: MetricsLagSpec;
  /** what happens a while into the bake */
  during?: (h: Harness, app: string) => void;
  /** when, clock ms after the bake begins (default 8 s) */
  duringAt?: number;
  /** GetMetricData throttled in this many polls in a row (each poll: every SDK attempt) */
  throttledPolls?: number;
  /** the metric whose first rise is the first visible sign of trouble */
  sign?: string;
  /** repeat with seeds (healthy rows) */
  seeds?: boolean;
  /** a new job that restarts at once (measure detection from the restart) */
}

const lagOf = (seconds: number): MetricsLagSpec => ({ minSeconds: seconds, maxSeconds: seconds, gapRate: 0 });

const ROWS: Row[] = [
  { name: 'healthy, lag 0 s', expect: 'upgraded', behaviour: { kind: 'healthy' }, lag: 'none', seeds: true },
  {
    name: 'healthy, lag 90 s',
    expect: 'upgraded',
    behaviour: { kind: 'healthy' },
    lag: lagOf(90),
    seeds: true,
  },
  {
    name: 'healthy, lag 150 s',
    expect: 'upgraded',
    behaviour: { kind: 'healthy' },
    lag: lagOf(150),
    seeds: true,
  },
  {
    name: 'healthy, lag 180 s',
    expect: 'upgraded',
    behaviour: { kind: 'healthy' },
    lag: lagOf(180),
    seeds: true,
  },
  {
    name: 'healthy, realistic lag 30–150 s with gaps',
    expect: 'upgraded',
    behaviour: { kind: 'healthy' },
    seeds: true,
  },
  {
    name: 'constant checkpoint duration and size',
    expect: 'upgraded',
    behaviour: { kind: 'healthy', checkpoints: 'constant' },
    oldBehaviour: { kind: 'healthy', checkpoints: 'constant' },
    seeds: true,
  },
  {
    name: 'first full checkpoint 5× the baseline',
    expect: 'upgraded',
    behaviour: { kind: 'healthy', firstCheckpointFactor: 5 },
    seeds: true,
  },
  {
    name: 'maintenance restart mid-bake',
    expect: 'upgraded',
    behaviour: { kind: 'healthy' },
    during: (h, app) =>
      h.emulator.control.enterStatus({ application: app, status: 'MAINTENANCE', durationMs: 400 }),
    seeds: true,
  },
  {
    name: 'autoscale mid-bake',
    expect: 'upgraded',
    behaviour: { kind: 'healthy' },
    during: (h, app) =>
      h.emulator.control.enterStatus({ application: app, status: 'AUTOSCALING', durationMs: 1500 }),
    seeds: true,
  },
  {
    name: 'three throttled GetMetricData polls in a row',
    expect: 'upgraded',
    behaviour: { kind: 'healthy' },
    throttledPolls: 3,
  },
  {
    name: 'sparse datapoints (30 % never arrive)',
    expect: 'upgraded',
    behaviour: { kind: 'healthy' },
    lag: { minSeconds: 30, maxSeconds: 150, gapRate: 0.3 },
    seeds: true,
  },
  {
    name: 'restart loop, fixed delay',
    expect: 'rolled-back',
    behaviour: { kind: 'restart-loop', afterSeconds: 3, restartStrategy: 'fixed-delay' },
    sign: 'numRestarts',
  },
  {
    name: 'restart loop, exponential delay',
    expect: 'rolled-back',
    behaviour: { kind: 'restart-loop', afterSeconds: 3, restartStrategy: 'exponential-delay' },
    sign: 'numRestarts',
  },
  {
    name: '3 restarts right after the start, then steady (old job at 5)',
    expect: 'rolled-back',
    behaviour: { kind: 'restart-loop', afterSeconds: 0, count: 3 },
    oldBehaviour: { kind: 'restart-loop', afterSeconds: 0, count: 5 },
    sign: 'numRestarts',
  },
  {
    name: 'failing checkpoints',
    expect: 'rolled-back',
    behaviour: { kind: 'failing-checkpoints' },
    sign: 'numberOfFailedCheckpoints',
  },
  {
    name: 'no checkpoint completed over three intervals',
    expect: 'rolled-back',
    behaviour: { kind: 'stuck-checkpoints' },
  },
  { name: 'a job that never publishes', expect: 'rolled-back', behaviour: { kind: 'no-metrics' } },
];

interface Line {
  row: string;
  dashboard: 'available' | 'refused';
  result: string;
  source: string;
  check: string;
  periods: string;
}

const table: Line[] = [];
let h: Harness;
let jar: string;
let counter = 0;

beforeAll(async () => {
  // Half the usual clock scale: detection is measured in metric periods of 1 s, and a loaded machine's
  // stalls count half as much of a period.
  h = await startHarness({ clockScale: 10 });
  jar = await h.writeJar('job.jar', await healthyJobJar(11, 'com/example/OrdersJobV2'));
});
afterAll(async () => {
  const widths = [50, 10, 12, 11, 19, 30];
  const cells = (l: string[]): string => l.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(
    [
      cells(['scenario', 'dashboard', 'result', 'decided by', 'check', 'when (periods after first sign)']),
      ...table.map((l) => cells([l.row, l.dashboard, l.result, l.source, l.check, l.periods])),
    ].join('\n'),
  );
  await h?.stop();
});

function refuseDashboard(): void {
  h.emulator.control.injectFault({
    service: 'kinesisanalyticsv2',
    operation: 'CreateApplicationPresignedUrl',
    kind: 'access-denied',
    count: 100_000,
  });
}

async function runRow(
  row: Row,
  seed?: number,
): Promise<{ outcome: RunOutcome; app: string; periods?: number }> {
  const app = `app${++counter}`;
  const key = `${app}/v1/job.jar`;
  await h.seedApp(
    {
      name: app,
      runtime: 'FLINK-1_20',
      code: { bucket: BUCKET, key },
      metricsHistorySeconds: 120,
      checkpointIntervalSeconds: 5,
      metricsLag:
        seed === undefined
          ? (row.lag ?? 'realistic')
          : row.lag === 'none'
            ? 'none'
            : {
                ...(typeof row.lag === 'object'
                  ? row.lag
                  : { minSeconds: 30, maxSeconds: 150, gapRate: 0.03 }),
                seed,
              },
      ...(row.oldBehaviour ? { behaviour: row.oldBehaviour } : {}),
    },
    {},
  );
  h.emulator.control.setJobBehaviour({ application: app, runtime: 'FLINK-2_2', behaviour: row.behaviour });
  let bakeAt: number | undefined;
  const raw: RawInputs = {
    'application-name': app,
    artifact: jar,
    runtime: 'FLINK-2_2',
    'allow-major-upgrade': 'true',
    'bake-time': '30s',
    'stabilisation-delay': '2s',
    'metric-period': '1',
    'jar-check': 'warn',
  };
  // Each throttled poll fails (one attempt per read, so the SDK's own retries do not hide it).
  const cloudwatch = h.clients.cloudwatch;
  if (row.throttledPolls)
    h.clients.cloudwatch = createClients({
      region: TEST_REGION,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    }).cloudwatch;
  const outcome = await h.run(raw, {
    onState: (s) => {
      if (s.phase !== 'bake' || bakeAt !== undefined) return;
      bakeAt = h.clock.now();
      if (row.throttledPolls) {
        h.emulator.control.injectFault({
          service: 'cloudwatch',
          operation: 'GetMetricData',
          kind: 'throttle',
          count: row.throttledPolls,
        });
      }
      if (row.during) {
        const during = row.during;
        void h.clock.sleep(row.duringAt ?? 8_000).then(() => during(h, app));
      }
    },
  });
  h.clients.cloudwatch = cloudwatch;
  let periods: number | undefined;
  const decidedAt = outcome.report.gate?.decidedAt;
  if (row.sign && decidedAt !== undefined && bakeAt !== undefined) {
    const metric = row.sign === 'numRestarts' ? 'numRestarts' : row.sign;
    const sign = h.emulator.control.firstSign({
      application: app,
      metricName: metric,
      above: 0,
      fromMs: bakeAt - 5_000,
    });
    if (sign) {
      const from = outcome.report.gate?.source === 'cloudwatch' ? sign.visibleAt : sign.timestamp;
      periods = (decidedAt - from) / PERIOD_MS;
    }
  }
  return { outcome, app, ...(periods !== undefined ? { periods } : {}) };
}

describe('the health gate on realistic MSF signals', () => {
  for (const row of ROWS) {
    for (const dashboard of [true, false]) {
      it(`${row.name} (dashboard ${dashboard ? 'available' : 'refused'}) → ${row.expect}`, async () => {
        h.emulator.control.clearFaults();
        if (!dashboard) refuseDashboard();
        const { outcome, periods } = await runRow(row);
        h.emulator.control.clearFaults();
        const { outputs, report } = outcome;
        table.push({
          row: row.name,
          dashboard: dashboard ? 'available' : 'refused',
          result: outputs.result ?? '?',
          source: report.gate?.source ?? '-',
          check: report.gate?.check ?? '-',
          periods: periods === undefined ? '-' : periods.toFixed(1),
        });
        expect(outputs.result, `${report.reason}\n${outcome.log.lines.join('\n')}`).toBe(row.expect);
        if (row.expect === 'upgraded') {
          expect(report.gate?.verdict).toBe('healthy');
        } else {
          expect(report.gate?.verdict).toBe('unhealthy');
        }
        if (dashboard) expect(report.gate?.sourceNote).toBeUndefined();
        else {
          expect(report.gate?.source).toBe('cloudwatch');
          expect(report.gate?.sourceNote).toMatch(/CreateApplicationPresignedUrl was refused/);
        }
        if (row.during) expect(report.gate?.events?.join('\n')).toMatch(/reported, not rolled back/);
        if (periods !== undefined) {
          // Flink REST: within one poll of the event; CloudWatch: within two periods of the datapoint showing.
          expect(periods, `decided ${periods} periods after the first sign`).toBeLessThanOrEqual(
            report.gate?.source === 'flink-rest' ? 1.5 : 2.5,
          );
        }
      });
    }
  }

  for (const dashboard of [true, false]) {
    it(`after an autoscale mid-bake, a rollback still returns to the pre-upgrade version (dashboard ${dashboard ? 'available' : 'refused'})`, async () => {
      h.emulator.control.clearFaults();
      if (!dashboard) refuseDashboard();
      const { outcome, app } = await runRow({
        name: 'autoscale, then a restart loop',
        expect: 'rolled-back',
        // the loop begins 14 s into a job: after the autoscale (3 s into the bake), on the new job
        behaviour: { kind: 'restart-loop', afterSeconds: 14 },
        duringAt: 3_000,
        during: (hh, a) =>
          hh.emulator.control.enterStatus({ application: a, status: 'AUTOSCALING', durationMs: 1500 }),
      });
      h.emulator.control.clearFaults();
      const { outputs, report } = outcome;
      expect(outputs.result, `${report.reason}\n${outcome.log.lines.join('\n')}`).toBe('rolled-back');
      expect(report.gate?.events?.join('\n'), outcome.log.lines.join('\n')).toMatch(/scaled the application/);
      // landed as version 2, scaled to version 3 during the bake
      expect(report.gate?.autoscaledVersionId).toBe(3);
      const state = (h.emulator.control.describe().applications as { applications: unknown })
        .applications as {
        name: string;
        runtime: string;
        fileKey?: string;
        status: string;
      }[];
      const now = state.find((a) => a.name === app)!;
      expect([now.status, now.runtime, now.fileKey]).toEqual(['RUNNING', 'FLINK-1_20', `${app}/v1/job.jar`]);
    });
  }

  for (const row of ROWS.filter((r) => r.seeds)) {
    it(`${row.name}: ${SEEDS} seeds of the lag draws on CloudWatch alone, 0 false rollbacks`, async () => {
      const results: string[] = [];
      h.emulator.control.clearFaults();
      refuseDashboard();
      for (let batch = 0; batch < SEEDS; batch += 5) {
        const outcomes = await Promise.all(
          Array.from({ length: Math.min(5, SEEDS - batch) }, (_, i) => runRow(row, 1000 + batch + i)),
        );
        for (const { outcome } of outcomes) {
          results.push(
            outcome.outputs.result === 'upgraded'
              ? 'upgraded'
              : `${outcome.outputs.result}: ${outcome.report.reason}`,
          );
        }
      }
      h.emulator.control.clearFaults();
      table.push({
        row: `${row.name} ×${SEEDS} seeds`,
        dashboard: 'refused',
        result: `${results.filter((r) => r === 'upgraded').length}/${SEEDS} upgraded`,
        source: 'cloudwatch',
        check: '-',
        periods: '-',
      });
      expect(results.filter((r) => r !== 'upgraded')).toEqual([]);
    });
  }
});
