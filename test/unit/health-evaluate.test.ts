import { describe, expect, it } from 'vitest';
import type { Baseline, HealthThresholds } from '../../src/health/contract.js';
import {
  counterIncrease,
  gapTolerance,
  evaluate,
  formatSpan,
  gatePosition,
  progressLine,
  type EvaluationInput,
  type Point,
  type Series,
} from '../../src/health/evaluate.js';
import {
  FLINK1_METRICS,
  FLINK2_METRICS,
  metricNamesFor,
  namesFromListing,
} from '../../src/msf/health/metrics.js';

const P = 60_000; // period
const T0 = 1_800_000_000_000; // the new version was verified RUNNING (period-aligned)
const STAB = P;
const BAKE = 10 * P;
const END = T0 + STAB + BAKE;

const thresholds: HealthThresholds = {
  maxRestarts: 0,
  maxFailedCheckpoints: 0,
  requireCheckpoint: true,
  maxCheckpointDurationRatio: 3,
};

/** Points one per period from T0: values[i] at T0 + i·P. `null` = no datapoint for that period. */
function pts(values: (number | null)[], from = T0): Point[] {
  const out: Point[] = [];
  values.forEach((v, i) => {
    if (v !== null) out.push({ t: from + i * P, v });
  });
  return out;
}

const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

function healthySeries(names = FLINK2_METRICS, periods = 11): Series {
  return {
    [names.restarts]: pts(range(periods, () => 0)),
    [names.runningTime]: pts(range(periods, (i) => (i + 1) * P)),
    numberOfFailedCheckpoints: pts(range(periods, () => 0)),
    lastCheckpointDuration: pts(range(periods, (i) => 1000 + (i % 3) * 50)),
    lastCheckpointSize: pts(range(periods, (i) => 5_000_000 + i * 1000)),
    numRecordsInPerSecond: pts(range(periods, () => 100)),
    numRecordsOutPerSecond: pts(range(periods, () => 95)),
  };
}

function baselineFor(names = FLINK1_METRICS, runtime = 'FLINK-1_20'): Baseline {
  const from = T0 - 12 * P;
  return {
    application: 'orders',
    runtime,
    metricNames: { ...names },
    checkpointDurationMs: 1000,
    recordsInPerSecond: 100,
    recordsOutPerSecond: 95,
    series: {
      [names.restarts]: pts(
        range(10, () => 0),
        from,
      ),
      [names.runningTime]: pts(
        range(10, (i) => 86_400_000 + i * P),
        from,
      ),
      numberOfFailedCheckpoints: pts(
        range(10, () => 2),
        from,
      ),
      lastCheckpointDuration: pts(
        range(10, () => 1000),
        from,
      ),
      lastCheckpointSize: pts(
        range(10, () => 4_900_000),
        from,
      ),
      numRecordsInPerSecond: pts(
        range(10, () => 100),
        from,
      ),
      numRecordsOutPerSecond: pts(
        range(10, () => 95),
        from,
      ),
    },
  };
}

function input(over: Partial<EvaluationInput> = {}): EvaluationInput {
  return {
    names: FLINK2_METRICS,
    series: healthySeries(),
    baseline: baselineFor(),
    thresholds,
    startedAt: T0,
    now: END,
    stabilisationMs: STAB,
    bakeMs: BAKE,
    periodMs: P,
    application: 'orders',
    region: 'eu-west-1',
    ...over,
  };
}

function withSeries(base: Series, patch: Series): Series {
  return { ...base, ...patch };
}

describe('evaluate: table of recorded series', () => {
  const cases: {
    name: string;
    in: Partial<EvaluationInput>;
    state: 'healthy' | 'healthy-so-far' | 'unhealthy';
    check?: string;
    reason?: RegExp;
  }[] = [
    { name: 'healthy bake on 2.2 (end of window)', in: {}, state: 'healthy' },
    {
      name: 'healthy bake, mid-window',
      in: { now: T0 + 5 * P, series: healthySeries(FLINK2_METRICS, 5) },
      state: 'healthy-so-far',
    },
    {
      name: 'healthy bake on 1.20 (fullRestarts/uptime)',
      in: { names: FLINK1_METRICS, series: healthySeries(FLINK1_METRICS) },
      state: 'healthy',
    },
    {
      name: 'restart loop on 1.20: fullRestarts climbs',
      in: {
        names: FLINK1_METRICS,
        now: T0 + 3 * P,
        series: withSeries(healthySeries(FLINK1_METRICS, 3), {
          fullRestarts: pts([0, 1, 4]),
          uptime: pts([20_000, 5_000, 3_000]),
        }),
      },
      state: 'unhealthy',
      check: 'restarts',
      reason: /^fullRestarts rose from 0 to 4 in 3m \(max-restarts 0\)$/,
    },
    {
      name: 'restart loop on 2.2: numRestarts climbs (baseline read on 1.20 names)',
      in: {
        now: T0 + 2 * P,
        series: withSeries(healthySeries(FLINK2_METRICS, 2), {
          numRestarts: pts([2, 5]),
          runningTime: pts([4000, 2000]),
        }),
      },
      state: 'unhealthy',
      check: 'restarts',
      reason: /numRestarts rose from 0 to 5 in 2m \(max-restarts 0\)/,
    },
    {
      name: 'restart loop trips during stabilisation',
      in: {
        now: T0 + 30_000,
        series: withSeries(healthySeries(FLINK2_METRICS, 1), { numRestarts: pts([1]) }),
      },
      state: 'unhealthy',
      check: 'restarts',
    },
    {
      name: 'restarts within max-restarts pass',
      in: {
        thresholds: { ...thresholds, maxRestarts: 2 },
        series: withSeries(healthySeries(), {
          numRestarts: pts([...range(5, () => 0), ...range(6, () => 2)]),
        }),
      },
      state: 'healthy',
    },
    {
      name: 'uptime reset without a restart counter change',
      in: {
        names: FLINK1_METRICS,
        now: T0 + 4 * P,
        series: withSeries(healthySeries(FLINK1_METRICS, 4), {
          uptime: pts([60_000, 120_000, 180_000, 15_000]),
        }),
      },
      state: 'unhealthy',
      check: 'running-time',
      reason: /uptime reset from 180000 ms to 15000 ms at 3m/,
    },
    {
      name: 'running time does not grow',
      in: {
        now: T0 + 5 * P,
        series: withSeries(healthySeries(FLINK2_METRICS, 5), {
          runningTime: pts([60_000, 90_000, 90_000, 90_000, 90_000]),
        }),
      },
      state: 'unhealthy',
      check: 'running-time',
      reason: /runningTime stuck at 90000 ms for 2m/,
    },
    {
      name: 'running time -1 (job not running)',
      in: {
        now: T0 + 4 * P,
        series: withSeries(healthySeries(FLINK2_METRICS, 4), { runningTime: pts([60_000, -1, -1, -1]) }),
      },
      state: 'unhealthy',
      check: 'running-time',
    },
    {
      name: 'failing checkpoints',
      in: {
        now: T0 + 3 * P,
        series: withSeries(healthySeries(FLINK2_METRICS, 3), { numberOfFailedCheckpoints: pts([0, 1, 3]) }),
      },
      state: 'unhealthy',
      check: 'failed-checkpoints',
      reason: /^numberOfFailedCheckpoints rose from 0 to 3 in 3m \(max-failed-checkpoints 0\)$/,
    },
    {
      name: 'failed checkpoints within the allowance',
      in: {
        thresholds: { ...thresholds, maxFailedCheckpoints: 1 },
        series: withSeries(healthySeries(), {
          numberOfFailedCheckpoints: pts([...range(3, () => 0), ...range(8, () => 1)]),
        }),
      },
      state: 'healthy',
    },
    {
      name: 'slow checkpoints vs baseline',
      in: {
        now: T0 + 4 * P,
        series: withSeries(healthySeries(FLINK2_METRICS, 4), {
          lastCheckpointDuration: pts([1000, 1100, 5200, 5000]),
        }),
      },
      state: 'unhealthy',
      check: 'slow-checkpoints',
      reason:
        /lastCheckpointDuration 5000 ms is 5× the baseline 1000 ms \(max-checkpoint-duration-ratio 3; the first checkpoint after the restore is not compared\)/,
    },
    {
      name: 'one slow checkpoint is tolerated',
      in: {
        series: withSeries(healthySeries(), {
          lastCheckpointDuration: pts([1000, 5200, ...range(9, (i) => 1000 + i)]),
        }),
      },
      state: 'healthy',
    },
    {
      name: 'slow checkpoints without a baseline figure are not judged',
      in: {
        baseline: { ...baselineFor(), checkpointDurationMs: undefined },
        series: withSeries(healthySeries(), { lastCheckpointDuration: pts(range(11, (i) => 9000 + i)) }),
      },
      state: 'healthy',
    },
    {
      name: 'constant gauges (a small, steady job): a positive value is a completed checkpoint of the new job',
      in: {
        series: withSeries(healthySeries(), {
          lastCheckpointDuration: pts(range(11, () => 1000)),
          lastCheckpointSize: pts(range(11, () => 4_900_000)),
        }),
      },
      state: 'healthy',
    },
    {
      name: 'no checkpoint completed: the gauges stay at -1',
      in: {
        series: withSeries(healthySeries(), {
          lastCheckpointDuration: pts(range(11, () => -1)),
          lastCheckpointSize: pts(range(11, () => -1)),
        }),
      },
      state: 'unhealthy',
      check: 'no-checkpoint',
      reason: /^no checkpoint completed in 11m: lastCheckpointDuration stayed at -1/,
    },
    {
      name: 'no checkpoint completed: no checkpoint datapoints at all',
      in: { series: withSeries(healthySeries(), { lastCheckpointDuration: [], lastCheckpointSize: [] }) },
      state: 'unhealthy',
      check: 'no-checkpoint',
      reason: /no datapoints of lastCheckpointDuration \(is checkpointing enabled\?\)/,
    },
    {
      name: 'no checkpoint yet is fine mid-window',
      in: {
        now: T0 + 4 * P,
        series: withSeries(healthySeries(FLINK2_METRICS, 4), {
          lastCheckpointDuration: pts([-1, -1, -1, -1]),
          lastCheckpointSize: pts([-1, -1, -1, -1]),
        }),
      },
      state: 'healthy-so-far',
    },
    {
      name: 'gauges at 0 (no checkpoint yet) never count as a completed checkpoint',
      in: {
        series: withSeries(healthySeries(), {
          lastCheckpointDuration: pts(range(11, () => 0)),
          lastCheckpointSize: pts(range(11, () => 0)),
        }),
      },
      state: 'unhealthy',
      check: 'no-checkpoint',
    },
    {
      name: 'first checkpoint after -1 counts as completed',
      in: {
        series: withSeries(healthySeries(), {
          lastCheckpointDuration: pts([-1, -1, ...range(9, () => 1000)]),
          lastCheckpointSize: pts([-1, -1, ...range(9, () => 4_900_000)]),
        }),
      },
      state: 'healthy',
    },
    {
      name: 'completed-checkpoints counter is evidence',
      in: {
        names: { ...FLINK2_METRICS, completedCheckpoints: 'numberOfCompletedCheckpoints' },
        series: withSeries(healthySeries(), {
          lastCheckpointDuration: pts(range(11, () => 1000)),
          lastCheckpointSize: pts(range(11, () => 4_900_000)),
          numberOfCompletedCheckpoints: pts(range(11, (i) => i)),
        }),
      },
      state: 'healthy',
    },
    {
      name: 'require-checkpoint false',
      in: {
        thresholds: { ...thresholds, requireCheckpoint: false },
        series: withSeries(healthySeries(), { lastCheckpointDuration: [], lastCheckpointSize: [] }),
      },
      state: 'healthy',
    },
    {
      name: 'output drops to zero while input flows',
      in: {
        now: T0 + 5 * P,
        series: withSeries(healthySeries(FLINK2_METRICS, 5), {
          numRecordsOutPerSecond: pts([95, 90, 40, 0, 0]),
        }),
      },
      state: 'unhealthy',
      check: 'throughput',
      reason:
        /^numRecordsOutPerSecond dropped to 0 for 2m while numRecordsInPerSecond was 100\/s \(baseline output 95\/s\)$/,
    },
    {
      name: 'no output while input is also idle is not a drop',
      in: {
        series: withSeries(healthySeries(), {
          numRecordsInPerSecond: pts(range(11, () => 0)),
          numRecordsOutPerSecond: pts(range(11, () => 0)),
        }),
      },
      state: 'healthy',
    },
    {
      name: 'nothing ever seen: missing once the first period, the expected lag and one period of grace are over',
      in: { now: T0 + 5 * P + 1, series: {}, baseline: { ...baselineFor(), series: {} } },
      state: 'unhealthy',
      check: 'no-metrics',
      reason:
        /^no metrics: no datapoints of numRestarts in 5m; no datapoints of runningTime in 5m, beyond the expected lag of 3m \(AWS\/KinesisAnalytics, Application=orders, eu-west-1\); likely causes: .*metrics level.*cloudwatch:GetMetricData.*region/,
    },
    {
      name: 'the application published before the upgrade: two periods of grace for the first datapoint',
      in: { now: T0 + 5 * P + 1, series: {} },
      state: 'healthy-so-far',
    },
    {
      name: 'the application published before the upgrade: missing once those two periods are over',
      in: { now: T0 + 6 * P + 1, series: {} },
      state: 'unhealthy',
      check: 'no-metrics',
      reason: /^no metrics: no datapoints of numRestarts in 6m; no datapoints of runningTime in 6m, beyond/,
    },
    {
      name: 'no datapoints yet, within the expected lag',
      in: { now: T0 + 5 * P, series: {} },
      state: 'healthy-so-far',
    },
    {
      name: 'one required metric missing is named alone',
      in: {
        now: T0 + 7 * P,
        series: withSeries(healthySeries(FLINK2_METRICS, 5), { runningTime: [] }),
      },
      state: 'unhealthy',
      check: 'no-metrics',
      reason: /^no metrics: no datapoints of runningTime in 7m, beyond the expected lag of 3m \(/,
    },
    {
      name: 'metrics stop arriving mid-bake',
      in: { now: T0 + 11 * P, series: healthySeries(FLINK2_METRICS, 5) },
      state: 'unhealthy',
      check: 'no-metrics',
      reason: /no new datapoints of numRestarts for 6m/,
    },
    {
      name: 'a gap of two periods beyond the expected lag is tolerated',
      in: { now: T0 + 10 * P, series: healthySeries(FLINK2_METRICS, 5) },
      state: 'healthy-so-far',
    },
    {
      name: 'a maintenance restart is reported, not counted, and pauses the datapoints',
      in: {
        now: T0 + 8 * P,
        excused: [{ from: T0 + 4 * P, to: T0 + 6 * P, what: 'MAINTENANCE' }],
        series: withSeries(healthySeries(FLINK2_METRICS, 8), {
          numRestarts: pts([0, 0, 0, 0, 1, 1, 1, 1]),
          runningTime: pts([60e3, 120e3, 180e3, 240e3, 20e3, 80e3, 140e3, 200e3]),
        }),
      },
      state: 'healthy-so-far',
    },
    {
      name: 'the same restart outside the maintenance window is counted',
      in: {
        now: T0 + 8 * P,
        series: withSeries(healthySeries(FLINK2_METRICS, 8), {
          numRestarts: pts([0, 0, 0, 0, 1, 1, 1, 1]),
          runningTime: pts([60e3, 120e3, 180e3, 240e3, 20e3, 80e3, 140e3, 200e3]),
        }),
      },
      state: 'unhealthy',
      check: 'restarts',
    },
    {
      name: 'restarts of the new job count from 0, whatever the old job reached',
      in: {
        now: T0 + 3 * P,
        baseline: { ...baselineFor(), series: { numRestarts: pts([5, 5, 5]) } },
        series: withSeries(healthySeries(FLINK2_METRICS, 3), { numRestarts: pts([3, 3, 3]) }),
      },
      state: 'unhealthy',
      check: 'restarts',
      reason: /numRestarts rose from 0 to 3/,
    },
    {
      name: 'no data during stabilisation is not judged yet',
      in: { now: T0 + STAB - 1, series: {} },
      state: 'healthy-so-far',
    },
    {
      name: 'no data yet, still within the grace',
      in: { now: T0 + STAB + 2 * P, series: {} },
      state: 'healthy-so-far',
    },
    {
      name: 'data arriving late but within the grace',
      in: {
        now: T0 + STAB + 2 * P,
        series: withSeries(healthySeries(FLINK2_METRICS, 0), {
          numRestarts: pts([null, null, 0]),
          runningTime: pts([null, null, 170_000]),
        }),
      },
      state: 'healthy-so-far',
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const ev = evaluate(input(c.in));
      expect(ev.verdict.state).toBe(c.state);
      if (ev.verdict.state === 'unhealthy') {
        expect(ev.verdict.check).toBe(c.check);
        if (c.reason) expect(ev.verdict.reason).toMatch(c.reason);
        expect(ev.verdict.reason).not.toContain('\n');
      }
    });
  }
});

describe('evaluate: fail fast on a restart loop', () => {
  // The job restarts every 10 s from 95 s after it started; CloudWatch shows a period's datapoint
  // (its maximum so far) while the period runs. The gate polls once per period.
  const firstRestart = T0 + 95_000;
  const restartsAt = (t: number): number =>
    t < firstRestart ? 0 : 1 + Math.floor((t - firstRestart) / 10_000);
  function visible(now: number): Series {
    const restarts: Point[] = [];
    const running: Point[] = [];
    for (let t = T0; t <= now; t += P) {
      const upTo = Math.min(now, t + P - 1);
      restarts.push({ t, v: restartsAt(upTo) });
      running.push({ t, v: upTo < firstRestart ? upTo - T0 : 5_000 });
    }
    return { numRestarts: restarts, runningTime: running };
  }

  it('trips within two periods of the first restart', () => {
    let trippedAt: number | undefined;
    for (let now = T0; now <= END; now += P) {
      const ev = evaluate(
        input({ now, series: visible(now), thresholds: { ...thresholds, requireCheckpoint: false } }),
      );
      if (ev.verdict.state === 'unhealthy') {
        trippedAt = now;
        expect(ev.verdict.check).toBe('restarts');
        break;
      }
    }
    expect(trippedAt).toBeDefined();
    expect(trippedAt! - firstRestart).toBeLessThanOrEqual(2 * P);
  });
});

describe('counterIncrease', () => {
  it('counts the new job from 0 (or from a given value)', () => {
    expect(counterIncrease(pts([3, 3]), 0)).toMatchObject({ from: 0, to: 3, increase: 3, resets: 0 });
    expect(counterIncrease(pts([0, 0]), 7)).toMatchObject({ from: 0, increase: 0 });
    expect(counterIncrease(pts([2, 4]))).toMatchObject({ from: 0, increase: 4 });
    expect(counterIncrease(pts([2, 4]), 2)).toMatchObject({ from: 2, increase: 2 });
  });
  it('sets increases inside excused ranges apart', () => {
    const excuse = (_prevT: number | undefined, t: number): boolean => t === pts([0, 1])[1]!.t;
    expect(counterIncrease(pts([0, 1, 2]), 0, excuse)).toMatchObject({ increase: 1, excused: 1 });
  });
  it('counts a counter reset as further increase', () => {
    expect(counterIncrease(pts([0, 2, 1, 3]), 0)).toMatchObject({ increase: 5, resets: 1, to: 3 });
  });
  it('has nothing to say without datapoints', () => {
    expect(counterIncrease([], 0)).toBeUndefined();
  });
});

describe('gapTolerance', () => {
  it('tolerates two missing periods, more when datapoints are sparse', () => {
    expect(gapTolerance(pts([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), P)).toBe(2);
    // 3 of 10 periods missing: a run of 8 gaps happens by chance less than once in 10,000
    expect(gapTolerance(pts([0, null, 0, 0, null, 0, 0, null, 0, 0]), P)).toBe(8);
    expect(gapTolerance(pts([0, null, null, null, null, null, null, null, null, 0, 0]), P)).toBe(12);
  });
});

describe('metric names', () => {
  it('by runtime', () => {
    expect(metricNamesFor('FLINK-1_20')).toMatchObject({ restarts: 'fullRestarts', runningTime: 'uptime' });
    expect(metricNamesFor('FLINK-1_15')).toMatchObject({ restarts: 'fullRestarts' });
    expect(metricNamesFor('FLINK-2_2')).toMatchObject({
      restarts: 'numRestarts',
      runningTime: 'runningTime',
    });
    expect(metricNamesFor('FLINK-2_3')).toMatchObject({ restarts: 'numRestarts' });
    expect(metricNamesFor('FLINK-9_9')).toBeUndefined();
  });
  it('from a ListMetrics listing', () => {
    const names = namesFromListing([
      'fullRestarts',
      'uptime',
      'lastCheckpointDuration',
      'numberOfCompletedCheckpoints',
    ]);
    expect(names.restarts).toBe('fullRestarts');
    expect(names.runningTime).toBe('uptime');
    expect(names.completedCheckpoints).toBe('numberOfCompletedCheckpoints');
    // a required role not listed keeps the newest name, so "no metrics" names it
    expect(namesFromListing([]).restarts).toBe('numRestarts');
  });
});

describe('progress line', () => {
  it('shows the bake time, restarts, running time, checkpoints and the verdict', () => {
    const ev = evaluate(input({ now: T0 + 3 * P, series: healthySeries(FLINK2_METRICS, 3) }));
    const line = progressLine(ev, 3 * P, { stabilisationMs: STAB, bakeMs: BAKE }, FLINK2_METRICS);
    expect(line).toBe(
      '[bake 2:00/10:00] numRestarts 0 (+0), runningTime 3m, checkpoints: 3 completed, 0 failed, last 1100 ms; healthy so far',
    );
  });
  it('counts stabilisation and bake separately', () => {
    // a 5-minute bake after 1 minute of stabilisation
    expect(gatePosition(0, P, 5 * P)).toBe('[stabilising 0:00/1:00]');
    expect(gatePosition(30_000, P, 5 * P)).toBe('[stabilising 0:30/1:00]');
    expect(gatePosition(P, P, 5 * P)).toBe('[bake 0:00/5:00]');
    expect(gatePosition(3 * P, P, 5 * P)).toBe('[bake 2:00/5:00]');
    expect(gatePosition(7 * P, P, 5 * P)).toBe('[bake 5:00/5:00]');
    expect(gatePosition(45_000, 0, 5 * P)).toBe('[bake 0:45/5:00]');
    expect(gatePosition(2 * 3_600_000, P, 3 * 3_600_000)).toBe('[bake 1:59:00/3:00:00]');
  });
  it('names the reason when unhealthy', () => {
    const ev = evaluate(
      input({
        now: T0 + 2 * P,
        series: withSeries(healthySeries(FLINK2_METRICS, 2), { numRestarts: pts([0, 3]) }),
      }),
    );
    expect(progressLine(ev, 2 * P, { stabilisationMs: STAB, bakeMs: BAKE }, FLINK2_METRICS)).toMatch(
      /; UNHEALTHY: numRestarts rose from 0 to 3 in 2m/,
    );
  });
  it('formats spans', () => {
    expect(formatSpan(45_000)).toBe('45s');
    expect(formatSpan(180_000)).toBe('3m');
    expect(formatSpan(200_000)).toBe('3m 20s');
    expect(formatSpan(3_900_000)).toBe('1h 5m');
  });
});
