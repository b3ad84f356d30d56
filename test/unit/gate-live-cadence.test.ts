/**
 * The gate's cadence with the live view (Flink's REST API, no lag): the live view every poll-interval,
 * the metrics once per metric period, the application itself (DescribeApplication) only when it
 * matters — and a restart caught within one poll, a platform's autoscale still excused.
 */
import { describe, expect, it } from 'vitest';
import { scaledClock } from '../../src/clock.js';
import type { Baseline, HealthSettings } from '../../src/health/contract.js';
import type { Series } from '../../src/health/evaluate.js';
import { runGate } from '../../src/health/gate.js';
import type { GateWatch, HealthReader } from '../../src/health/reader.js';
import type { RestSample } from '../../src/health/rest-sample.js';
import { MemoryLogger } from '../../src/log.js';
import { FLINK2_METRICS } from '../../src/msf/health/metrics.js';
import { MSF_GATE_WORDS } from '../../src/msf/health/reader.js';

const P = 60_000;
const POLL = 15_000;

const settings: HealthSettings = {
  bakeMs: 10 * P,
  stabilisationMs: P,
  metricPeriodSeconds: 60,
  maxRestarts: 0,
  maxFailedCheckpoints: 0,
  requireCheckpoint: false,
  maxCheckpointDurationRatio: 3,
  metricsLagMs: 3 * P,
  dashboard: 'auto',
  livePollMs: POLL,
};

const baseline: Baseline = {
  application: 'orders',
  runtime: 'FLINK-2_2',
  series: {},
  metricNames: { ...FLINK2_METRICS },
  checkpointDurationMs: 1000,
  recordsOutPerSecond: 95,
};

interface Scenario {
  /** gate ms at which the job restarts (numRestarts 1 from then on) */
  restartAt?: number;
  /** gate ms at which the platform scales the application: a new version of the same code, a new job */
  autoscaleAt?: number;
}

function world(s: Scenario) {
  const clock = scaledClock(200);
  const start = clock.now();
  const calls = { live: 0, metrics: 0, describe: 0, liveAt: [] as number[] };
  const value = (metric: string, t: number): number | undefined => {
    switch (metric) {
      case 'numRestarts':
      case 'numberOfFailedCheckpoints':
        return 0;
      case 'runningTime':
        return t - start;
      case 'lastCheckpointDuration':
        return 1000;
      case 'lastCheckpointSize':
        return 5_000_000;
      case 'numRecordsInPerSecond':
        return 100;
      case 'numRecordsOutPerSecond':
        return 95;
      default:
        return undefined;
    }
  };
  const scaled = (at: number): boolean => s.autoscaleAt !== undefined && at - start >= s.autoscaleAt;
  const reader: HealthReader = {
    words: MSF_GATE_WORDS,
    region: 'us-east-1',
    resolveNames: () => Promise.resolve({ names: { ...FLINK2_METRICS }, discovered: false }),
    fallbackNames: { ...FLINK2_METRICS },
    readMetrics: (_deps, read) => {
      calls.metrics += 1;
      const out: Series = {};
      for (const name of Object.values(read.names)) {
        out[name] = [];
        // one datapoint per period, a period after it ends (no lag beyond that)
        for (let t = read.start; t < read.end && t + 2 * P <= clock.now(); t += P) {
          const v = value(name, t);
          if (v !== undefined) out[name].push({ t, v });
        }
      }
      return Promise.resolve(out);
    },
    baselineError: (_app, err) => (err instanceof Error ? err : new Error(String(err))),
    relocate: () => Promise.resolve({ evidence: () => '' }),
    live: () => ({
      prepare: () => Promise.resolve(),
      sample: (at: number): Promise<RestSample> => {
        calls.live += 1;
        calls.liveAt.push(at - start);
        const restarted = s.restartAt !== undefined && at - start >= s.restartAt;
        return Promise.resolve({
          at,
          jobId: scaled(at) ? 'job-2' : 'job-1',
          state: 'RUNNING',
          startTime: start,
          restarts: restarted ? 1 : 0,
          completed: Math.floor((at - start) / P),
          failed: 0,
          restored: true,
          history: [],
        });
      },
    }),
    pausedStatus: (status) => status === 'MAINTENANCE' || status === 'AUTOSCALING',
    ownOperation: (operation) => operation === 'Maintenance',
  };
  const watch: GateWatch = {
    describe: () => {
      calls.describe += 1;
      const version = scaled(clock.now()) ? 3 : 2;
      return Promise.resolve({ status: 'RUNNING', versionId: version, runtime: 'FLINK-2_2', fileKey: 'k' });
    },
    listOperations: () => Promise.resolve([]),
  };
  const log = new MemoryLogger();
  const run = () =>
    runGate(
      reader,
      { clock, log, signal: new AbortController().signal },
      {
        application: 'orders',
        runtime: 'FLINK-2_2',
        baseline,
        settings,
        deadline: start + 60 * P,
        watch,
        landed: { versionId: 2, runtime: 'FLINK-2_2', fileKey: 'k' },
      },
    );
  return { run, calls, start, log };
}

describe('the gate with the live view', () => {
  it('reads the live view every poll-interval, the metrics once per period, the application not at all when healthy', async () => {
    const w = world({});
    const gate = await w.run();
    expect(gate.verdict, gate.reason).toBe('healthy');
    expect(gate.source).toBe('flink-rest');
    // 11 minutes at 15 s: 45 reads of the live view; 11 minutes of 60 s periods: 11 or 12 metric reads
    expect(w.calls.live).toBeGreaterThanOrEqual(42);
    expect(w.calls.live).toBeLessThanOrEqual(46);
    expect(w.calls.metrics).toBeGreaterThanOrEqual(10);
    expect(w.calls.metrics).toBeLessThanOrEqual(12);
    expect(gate.polls).toBe(w.calls.metrics);
    expect(w.calls.describe).toBe(0);
    expect(w.log.lines.some((l) => /poll the Flink dashboard every 15s, CloudWatch every 1m/.test(l))).toBe(
      true,
    );
  });

  it('catches a restart within one poll-interval, reading the application before the verdict', async () => {
    const w = world({ restartAt: 200_000 });
    const gate = await w.run();
    expect(gate.verdict).toBe('unhealthy');
    expect(gate.check).toBe('restarts');
    expect(gate.source).toBe('flink-rest');
    expect(gate.decidedAt! - w.start - 200_000).toBeLessThanOrEqual(POLL + 2_000);
    expect(w.calls.describe).toBe(1);
  });

  it("excuses the new job of the platform's autoscale, seen when the application is read for the restart", async () => {
    const w = world({ autoscaleAt: 200_000 });
    const gate = await w.run();
    expect(gate.verdict, gate.reason).toBe('healthy');
    expect(gate.autoscaledVersionId).toBe(3);
    expect(gate.events?.join('\n')).toMatch(/scaled the application/);
    expect(w.calls.describe).toBe(1);
  });
});
