/**
 * Pure: the application-level metrics a simulated Flink job reports at a moment of its life, as MSF
 * publishes them to CloudWatch (namespace AWS/KinesisAnalytics, dimension Application). Values are a
 * function of the job's age, so cumulative counters (restarts, failed checkpoints) keep counting over the
 * job's life and restart from zero when the job is resubmitted (a new job = a new start time).
 *
 * Metric names per runtime (MSF "Metrics and dimensions", "Upgrading to Flink 2.2"): up to FLINK-1_20
 * `uptime`, `downtime`, `fullRestarts`; on 2.x `runningTime`, `restartingTime`, `numRestarts`, and —
 * deprecated in 2.2 but not removed — still `uptime` and `downtime`; `fullRestarts` is removed in 2.2.
 * Always: `numberOfFailedCheckpoints`, `lastCheckpointDuration`, `lastCheckpointSize`,
 * `numRecordsInPerSecond`, `numRecordsOutPerSecond`.
 */
import type { JobBehaviour } from '../types.js';
import { metricFamily } from './runtime-rules.js';

/** What the job is doing: a behaviour, or started-but-not-processing after a failed operation. */
export type JobMode = JobBehaviour | { kind: 'not-processing' };

export interface JobProfile {
  runtime: string;
  mode: JobMode;
  parallelism: number;
  checkpointIntervalMs: number;
  /** metric publishing period, ms */
  periodMs: number;
}

export interface MetricSample {
  name: string;
  value: number;
  unit: string;
}

/** How long a restarting job stays up between two failures in a restart loop (ms). */
const LOOP_UPTIME_MS = 1_500;
/**
 * Time between two restarts in a loop: Flink's fixed-delay strategy (the default once checkpointing is on,
 * with unlimited attempts) commonly waits 10 s; with shorter metric periods, one restart per period.
 */
const RESTART_DELAY_MS = 10_000;
const BASE_CHECKPOINT_MS = 900;
const BASE_STATE_BYTES = 4_000_000;

export function restartLoopStartMs(mode: JobMode): number | undefined {
  return mode.kind === 'restart-loop' ? Math.max(0, (mode.afterSeconds ?? 0) * 1000) : undefined;
}

/** Is the job at `ageMs` in a state where a savepoint can be taken? */
export function isHealthyAt(mode: JobMode, ageMs: number): boolean {
  if (mode.kind === 'not-processing') return false;
  const loop = restartLoopStartMs(mode);
  return loop === undefined || ageMs < loop;
}

export interface JobCounters {
  restarts: number;
  completedCheckpoints: number;
  failedCheckpoints: number;
  runningMs: number;
  downMs: number;
  processing: boolean;
}

/** The job's counters at `ageMs` after submission. */
export function countersAt(profile: JobProfile, ageMs: number): JobCounters {
  const age = Math.max(0, ageMs);
  const mode = profile.mode;
  const interval = Math.max(1, profile.checkpointIntervalMs);
  if (mode.kind === 'not-processing') {
    return {
      restarts: 0,
      completedCheckpoints: 0,
      failedCheckpoints: 0,
      runningMs: 0,
      downMs: age + 1,
      processing: false,
    };
  }
  const loop = restartLoopStartMs(mode);
  if (loop !== undefined && age >= loop) {
    const sinceLoop = age - loop;
    const restarts = 1 + Math.floor(sinceLoop / Math.max(1, Math.min(RESTART_DELAY_MS, profile.periodMs)));
    return {
      restarts,
      completedCheckpoints: Math.floor(loop / interval),
      failedCheckpoints: 0,
      runningMs: LOOP_UPTIME_MS + (restarts % 3) * 500,
      downMs: 2_000 + (restarts % 4) * 750,
      processing: false,
    };
  }
  const failing = mode.kind === 'failing-checkpoints';
  return {
    restarts: 0,
    completedCheckpoints: failing ? 0 : Math.floor(age / interval),
    failedCheckpoints: failing ? 1 + Math.floor(age / Math.max(1, profile.periodMs)) : 0,
    runningMs: age,
    downMs: 0,
    processing: true,
  };
}

/** The metrics the job publishes at `ageMs` (empty for a job that publishes nothing). */
export function sampleMetrics(profile: JobProfile, ageMs: number): MetricSample[] {
  if (profile.mode.kind === 'no-metrics') return [];
  const c = countersAt(profile, ageMs);
  const factor = profile.mode.kind === 'slow-checkpoints' ? (profile.mode.factor ?? 10) : 1;
  const duration =
    c.completedCheckpoints > 0 ? (BASE_CHECKPOINT_MS + (c.completedCheckpoints % 5) * 60) * factor : 0;
  const size = c.completedCheckpoints > 0 ? BASE_STATE_BYTES + c.completedCheckpoints * 2_048 : 0;
  const inRate = c.processing ? 1_000 * profile.parallelism + (Math.floor(ageMs / 1000) % 7) * 10 : 0;
  const outRate = c.processing ? Math.round(inRate * 0.98) : 0;
  const samples: MetricSample[] = [];
  if (metricFamily(profile.runtime) === 'flink2') {
    samples.push(
      { name: 'runningTime', value: c.runningMs, unit: 'Milliseconds' },
      { name: 'restartingTime', value: c.downMs, unit: 'Milliseconds' },
      { name: 'numRestarts', value: c.restarts, unit: 'Count' },
      { name: 'uptime', value: c.runningMs, unit: 'Milliseconds' },
      { name: 'downtime', value: c.downMs, unit: 'Milliseconds' },
    );
  } else {
    samples.push(
      { name: 'uptime', value: c.runningMs, unit: 'Milliseconds' },
      { name: 'downtime', value: c.downMs, unit: 'Milliseconds' },
      { name: 'fullRestarts', value: c.restarts, unit: 'Count' },
    );
  }
  samples.push(
    { name: 'numberOfFailedCheckpoints', value: c.failedCheckpoints, unit: 'Count' },
    { name: 'lastCheckpointDuration', value: duration, unit: 'Milliseconds' },
    { name: 'lastCheckpointSize', value: size, unit: 'Bytes' },
    { name: 'numRecordsInPerSecond', value: inRate, unit: 'Count/Second' },
    { name: 'numRecordsOutPerSecond', value: outRate, unit: 'Count/Second' },
  );
  return samples;
}
