/**
 * The gate's CloudWatch loop against a scripted CloudWatch client: one GetMetricData per poll, discovery,
 * transient errors, deadline, cancellation, and the baseline's error message.
 */
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { scaledClock } from '../../src/clock.js';
import type { Baseline, HealthSettings } from '../../src/health/contract.js';
import { buildQueries } from '../../src/msf/health/cloudwatch.js';
import { pollIntervalMs, relocate, runHealthGate, takeBaseline } from '../../src/msf/health/gate.js';
import { FLINK2_METRICS } from '../../src/msf/health/metrics.js';
import { MemoryLogger } from '../../src/log.js';
import type { PhaseDeps } from '../../src/pipeline/deps.js';
import { WaitAbortedError } from '../../src/wait.js';

const P = 60_000;

type Source = (metric: string, t: number) => number | undefined;

const healthy =
  (jobStart: number): Source =>
  (metric, t) => {
    switch (metric) {
      case 'numRestarts':
      case 'fullRestarts':
      case 'numberOfFailedCheckpoints':
        return 0;
      case 'runningTime':
      case 'uptime':
        return t - jobStart;
      case 'lastCheckpointDuration':
        return 1000 + (Math.floor(t / P) % 3) * 10;
      case 'lastCheckpointSize':
        return 5_000_000 + Math.floor(t / P);
      case 'numRecordsInPerSecond':
        return 100;
      case 'numRecordsOutPerSecond':
        return 95;
      default:
        return undefined;
    }
  };

function fakeCloudWatch(options: { source: Source; failFirst?: number; listed?: string[]; error?: Error }) {
  const calls: { name: string; input: any }[] = [];
  let failures = options.failFirst ?? 0;
  const clock = scaledClock(500, 1_800_000_000_000);
  const cloudwatch = {
    send: async (command: { constructor: { name: string }; input: any }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push({ name, input: command.input });
      if (options.error) throw options.error;
      if (name === 'ListMetrics')
        return { Metrics: (options.listed ?? []).map((MetricName) => ({ MetricName })) };
      if (name !== 'GetMetricData') throw new Error(`unexpected ${name}`);
      if (failures > 0) {
        failures -= 1;
        throw Object.assign(new Error('Rate exceeded'), {
          name: 'Throttling',
          $metadata: { httpStatusCode: 400 },
        });
      }
      const start = (command.input.StartTime as Date).getTime();
      const end = Math.min((command.input.EndTime as Date).getTime(), clock.now());
      return {
        MetricDataResults: (command.input.MetricDataQueries as any[]).map((q) => {
          const period = q.MetricStat.Period * 1000;
          const ts: Date[] = [];
          const vs: number[] = [];
          for (let t = Math.ceil(start / period) * period; t < end; t += period) {
            const v = options.source(q.MetricStat.Metric.MetricName, t);
            if (v === undefined) continue;
            ts.push(new Date(t));
            vs.push(v);
          }
          return { Id: q.Id, Label: q.Label, Timestamps: ts, Values: vs, StatusCode: 'Complete' };
        }),
      };
    },
  };
  const log = new MemoryLogger();
  const controller = new AbortController();
  const deps: PhaseDeps = {
    clients: { cloudwatch, region: 'eu-west-1' } as unknown as AwsClients,
    clock,
    log,
    signal: controller.signal,
  };
  return { deps, calls, log, clock, controller };
}

const settings: HealthSettings = {
  bakeMs: 10 * P,
  stabilisationMs: P,
  metricPeriodSeconds: 60,
  maxRestarts: 0,
  maxFailedCheckpoints: 0,
  requireCheckpoint: true,
  maxCheckpointDurationRatio: 3,
};

const baseline = (app: string): Baseline => ({
  application: app,
  runtime: 'FLINK-1_20',
  series: {},
  metricNames: { restarts: 'fullRestarts', runningTime: 'uptime' },
  checkpointDurationMs: 1000,
  recordsOutPerSecond: 95,
});

/** runHealthGate for `orders` on FLINK-2_2 with the settings above and a deadline 60 periods away. */
function gateFor(
  f: ReturnType<typeof fakeCloudWatch>,
  overrides: Partial<Parameters<typeof runHealthGate>[1]> = {},
): ReturnType<typeof runHealthGate> {
  return runHealthGate(f.deps, {
    application: 'orders',
    runtime: 'FLINK-2_2',
    baseline: baseline('orders'),
    settings,
    deadline: f.clock.now() + 60 * P,
    ...overrides,
  });
}

describe('runHealthGate with a scripted CloudWatch', () => {
  it('reads every metric in one GetMetricData call per period and passes a healthy bake', async () => {
    const f = fakeCloudWatch({ source: healthy(0) });
    const gate = await gateFor(f);
    expect(gate.verdict).toBe('healthy');
    const reads = f.calls.filter((c) => c.name === 'GetMetricData');
    expect(f.calls.every((c) => c.name === 'GetMetricData')).toBe(true);
    expect(reads.length).toBe(gate.polls);
    expect(reads.length).toBeGreaterThanOrEqual(9);
    expect(reads.length).toBeLessThanOrEqual(13);
    const queries = reads[0]!.input.MetricDataQueries as any[];
    expect(queries.map((q) => q.MetricStat.Metric.MetricName)).toEqual([
      'numRestarts',
      'runningTime',
      'numberOfFailedCheckpoints',
      'lastCheckpointDuration',
      'lastCheckpointSize',
      'numRecordsInPerSecond',
      'numRecordsOutPerSecond',
    ]);
    expect(
      queries.every(
        (q) => q.MetricStat.Period === 60 && q.MetricStat.Metric.Dimensions[0].Value === 'orders',
      ),
    ).toBe(true);
    // later polls re-read only the last periods, not the whole window
    const lastRead = reads.at(-1)!.input;
    expect((lastRead.EndTime as Date).getTime() - (lastRead.StartTime as Date).getTime()).toBeLessThanOrEqual(
      6 * P,
    );
    expect(
      f.log.lines.filter((l) =>
        /^\[(stabilising \d+:\d\d\/1:00|bake \d+:\d\d\/10:00)\] numRestarts 0 \(\+0\), runningTime /.test(l),
      ).length,
    ).toBe(reads.length);
    // the bake is counted on its own, after the stabilisation
    expect(f.log.lines.some((l) => /^\[stabilising 0:\d\d\/1:00\] /.test(l))).toBe(true);
    expect(f.log.lines.some((l) => l.startsWith('[bake 10:00/10:00] '))).toBe(true);
  });

  it('keeps going through a throttled read', async () => {
    const f = fakeCloudWatch({ source: healthy(0), failFirst: 1 });
    const gate = await gateFor(f);
    expect(gate.verdict).toBe('healthy');
    expect(f.log.text()).toContain(
      'warning: health gate for orders: reading metrics failed: Throttling: Rate exceeded',
    );
  });

  it('discovers metric names with ListMetrics for a runtime it does not know', async () => {
    const f = fakeCloudWatch({
      source: healthy(0),
      listed: ['fullRestarts', 'uptime', 'lastCheckpointDuration', 'numberOfFailedCheckpoints'],
    });
    const gate = await gateFor(f, { runtime: 'FLINK-9_9', settings: { ...settings, bakeMs: 3 * P } });
    expect(gate.metricNames).toMatchObject({ restarts: 'fullRestarts', runningTime: 'uptime' });
    expect(f.calls[0]!.name).toBe('ListMetrics');
    expect(gate.verdict).toBe('healthy');
  });

  it('a deadline before the end of the bake is not a pass', async () => {
    const f = fakeCloudWatch({ source: healthy(0) });
    const gate = await gateFor(f, { deadline: f.clock.now() + 4 * P });
    expect(gate.verdict).toBe('unhealthy');
    expect(gate.check).toBe('deadline');
    expect(gate.reason).toMatch(
      /^the run deadline cut the bake short after (3m 5\ds|4m( \d+s)?) of 11m \(healthy so far, but an unfinished bake is not a pass/,
    );
    expect(f.log.text()).toMatch(/the run deadline comes 7m( \d+s)? before the bake ends/);
  });

  it('no metrics: the reason says what ListMetrics sees', async () => {
    const f = fakeCloudWatch({ source: () => undefined, listed: [] });
    const gate = await gateFor(f);
    expect(gate.check).toBe('no-metrics');
    expect(gate.reason).toMatch(/; ListMetrics lists no metrics for Application=orders in eu-west-1$/);
    // the first period, the expected lag (3 periods) and one period of grace, seen at the next poll
    // (at most one period later: a loaded machine delays the scaled clock's timers)
    expect(gate.endedAt - gate.startedAt).toBeGreaterThan(5 * P);
    expect(gate.endedAt - gate.startedAt).toBeLessThanOrEqual(7 * P);
  });

  it('throws WaitAbortedError when cancelled', async () => {
    const f = fakeCloudWatch({ source: healthy(0) });
    const run = gateFor(f);
    await f.clock.sleep(2 * P);
    f.controller.abort(new Error('cancelled'));
    await expect(run).rejects.toBeInstanceOf(WaitAbortedError);
    await expect(run).rejects.toThrow(
      /cancelled while waiting for the health gate of orders; last state: healthy-so-far/,
    );
  });
});

describe('takeBaseline', () => {
  it('summarises the last periods', async () => {
    const f = fakeCloudWatch({ source: healthy(0) });
    const b = await takeBaseline(f.deps, {
      application: 'orders',
      runtime: 'FLINK-1_20',
      settings: { ...settings, baselinePeriods: 5 },
    });
    expect(b.metricNames).toMatchObject({ restarts: 'fullRestarts', runningTime: 'uptime' });
    expect(b.checkpointDurationMs).toBe(1010);
    expect(b.recordsOutPerSecond).toBe(95);
    expect(b.series.fullRestarts!.length).toBeGreaterThanOrEqual(5);
    expect(b.notes).toBeUndefined();
  });

  it('notes an application without history', async () => {
    const f = fakeCloudWatch({ source: () => undefined });
    const b = await takeBaseline(f.deps, { application: 'orders', runtime: 'FLINK-1_20', settings });
    expect(b.checkpointDurationMs).toBeUndefined();
    expect(b.notes?.[0]).toMatch(/^no datapoints in the 10 periods before the update/);
  });

  it('names the missing permission', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: cloudwatch:GetMetricData'), {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    const f = fakeCloudWatch({ source: healthy(0), error: denied });
    await expect(
      takeBaseline(f.deps, { application: 'orders', runtime: 'FLINK-1_20', settings }),
    ).rejects.toThrow(
      /^health gate baseline of orders: reading CloudWatch metrics failed: AccessDenied: User is not authorized .*\. The role needs cloudwatch:GetMetricData and cloudwatch:ListMetrics\.$/,
    );
  });
});

describe('queries and intervals', () => {
  it('one query per metric with the statistic of its role', () => {
    const q = buildQueries('orders', FLINK2_METRICS, 60);
    expect(q.map((x) => [x.Id, x.MetricStat?.Stat])).toEqual([
      ['restarts', 'Maximum'],
      ['runningTime', 'Maximum'],
      ['failedCheckpoints', 'Maximum'],
      ['checkpointDuration', 'Maximum'],
      ['checkpointSize', 'Maximum'],
      ['recordsIn', 'Average'],
      ['recordsOut', 'Average'],
    ]);
    expect(q.every((x) => /^[a-z][a-zA-Z0-9_]*$/.test(x.Id!))).toBe(true);
  });
  it('polls once per period within bounds', () => {
    expect(pollIntervalMs(60)).toBe(60_000);
    expect(pollIntervalMs(1)).toBe(1_000);
    expect(pollIntervalMs(3600)).toBe(300_000);
  });
});

describe('finding a required metric elsewhere', () => {
  it('reads uptime when runningTime is not published (2.2 still publishes the deprecated name)', async () => {
    const base = healthy(0);
    const f = fakeCloudWatch({
      source: (m, t) => (m === 'runningTime' ? undefined : base(m, t)),
      listed: ['numRestarts', 'uptime', 'lastCheckpointDuration'],
    });
    const gate = await gateFor(f, { settings: { ...settings, bakeMs: 6 * P } });
    expect(gate.verdict, gate.reason).toBe('healthy');
    expect(gate.metricNames?.runningTime).toBe('uptime');
    expect(f.log.text()).toContain(
      'warning: health gate for orders: no datapoints of runningTime; ListMetrics lists uptime with Application=orders: reading that instead',
    );
  });

  it('reads a metric published with more dimensions than Application', async () => {
    const base = healthy(0);
    const f = fakeCloudWatch({ source: base });
    // runningTime exists only with a Flow dimension
    const send = f.deps.clients.cloudwatch.send.bind(f.deps.clients.cloudwatch) as (c: any) => Promise<any>;
    (f.deps.clients.cloudwatch as any).send = async (command: any) => {
      const name = command.constructor.name;
      if (name === 'ListMetricsCommand') {
        return {
          Metrics: [
            { MetricName: 'numRestarts', Dimensions: [{ Name: 'Application', Value: 'orders' }] },
            {
              MetricName: 'runningTime',
              Dimensions: [
                { Name: 'Application', Value: 'orders' },
                { Name: 'Flow', Value: 'job' },
              ],
            },
          ],
        };
      }
      const out = await send(command);
      if (name === 'GetMetricDataCommand') {
        for (const r of out.MetricDataResults) {
          const q = command.input.MetricDataQueries.find((x: any) => x.Id === r.Id);
          if (r.Id === 'runningTime' && q.MetricStat.Metric.Dimensions.length === 1) {
            r.Timestamps = [];
            r.Values = [];
          }
        }
      }
      return out;
    };
    const gate = await gateFor(f, { settings: { ...settings, bakeMs: 6 * P } });
    expect(gate.verdict, gate.reason).toBe('healthy');
    expect(gate.metricNames?.runningTime).toBe('runningTime');
    expect(f.log.text()).toContain(
      'ListMetrics lists runningTime with Application=orders, Flow=job: reading that instead',
    );
  });

  it('relocate keeps to the names of the runtime', () => {
    const listed = [
      { name: 'fullRestarts', dimensions: [] },
      { name: 'uptime', dimensions: [] },
    ];
    const moved = relocate(listed, FLINK2_METRICS, {}, 'orders', 'FLINK-2_2', new Set());
    expect(moved?.roles).toEqual(['runningTime']);
    expect(moved?.names.restarts).toBe('numRestarts');
  });

  it('relocate changes nothing when the listing has what is read already', () => {
    expect(
      relocate(
        [
          { name: 'numRestarts', dimensions: [] },
          { name: 'runningTime', dimensions: [] },
        ],
        FLINK2_METRICS,
        {},
        'orders',
        'FLINK-2_2',
        new Set(),
      ),
    ).toBeUndefined();
  });
});
