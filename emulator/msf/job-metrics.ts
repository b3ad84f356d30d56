/**
 * Pure: what a simulated Flink job reports at a moment of its life — the application-level metrics MSF
 * publishes to CloudWatch (namespace AWS/KinesisAnalytics, dimension Application) and the job's view in
 * Flink's REST API (state, restarts, checkpoint counts, exceptions). Values are a function of the job's
 * age, so cumulative counters keep counting over the job's life and start from zero when the job is
 * resubmitted (a new job = a new start time).
 *
 * Metric names per runtime (MSF "Metrics and dimensions", "Upgrading to Flink 2.2"): up to FLINK-1_20
 * `uptime`, `downtime`, `fullRestarts`; on 2.x `runningTime`, `restartingTime`, `numRestarts`, and —
 * deprecated in 2.2 but not removed — still `uptime` and `downtime`; `fullRestarts` is removed in 2.2.
 * Always: `numberOfFailedCheckpoints`, `lastCheckpointDuration`, `lastCheckpointSize`,
 * `numRecordsInPerSecond`, `numRecordsOutPerSecond`.
 *
 * What Flink's gauges really report (flink-runtime `CheckpointStatsTracker`): `lastCheckpointDuration`
 * and `lastCheckpointSize` are -1 until the job's first checkpoint completes, then keep the value of the
 * last completed checkpoint; a restore does not set them. A job restored from a snapshot in NO_CLAIM mode
 * makes a full first checkpoint (several times the usual duration and size). Restarts within one job
 * keep the tracker (and the counters); a resubmission starts them again.
 *
 * Restart strategy (Flink's default once checkpointing is on): exponential-delay from Flink 1.19
 * (FLIP-364: initial backoff 1 s, ×1.5, at most 1 min), fixed-delay before (10 s). The job's own times
 * (restart delays, maintenance downtime) are scaled with the metric period (`timeScale`), as the tests'
 * metric periods are; checkpoint intervals are not (the gate compares them with what DescribeApplication
 * says).
 */
import type { JobBehaviour } from '../types.js';
import { metricFamily, runtimeFlinkVersion } from './runtime-rules.js';

/** What the job is doing: a behaviour, or started-but-not-processing after a failed operation. */
export type JobMode = JobBehaviour | { kind: 'not-processing' };

export type RestartStrategy = 'fixed-delay' | 'exponential-delay';

/** A restart the platform caused (maintenance): at `atMs` of the job's age, down for `downMs`. */
export interface PlatformRestart {
  atMs: number;
  downMs: number;
}

export interface JobProfile {
  runtime: string;
  mode: JobMode;
  parallelism: number;
  checkpointIntervalMs: number;
  /** metric publishing period, ms */
  periodMs: number;
  /** the job was started from a snapshot: its first checkpoint is a full one */
  restored?: boolean;
  /** default: by runtime (exponential-delay from Flink 1.19) */
  restartStrategy?: RestartStrategy;
  /** restarts the platform caused, oldest first */
  platformRestarts?: readonly PlatformRestart[];
}

export interface MetricSample {
  name: string;
  value: number;
  unit: string;
}

/** How long a restarting job stays up between two failures in a restart loop (ms at a 60 s period). */
const LOOP_UPTIME_MS = 1_500;
const FIXED_DELAY_MS = 10_000;
const EXP_INITIAL_MS = 1_000;
const EXP_MAX_MS = 60_000;
const EXP_MULTIPLIER = 1.5;
const BASE_CHECKPOINT_MS = 900;
const BASE_STATE_BYTES = 4_000_000;
/** A full first checkpoint after a restore, against an incremental one. */
export const DEFAULT_FIRST_CHECKPOINT_FACTOR = 4;
const DEFAULT_LOOP_MESSAGE =
  'java.lang.IllegalStateException: simulated job failure: the job fails right after it restores its state';

/** Job times scale with the metric period (1 at MSF's 60 s). */
export function timeScale(profile: Pick<JobProfile, 'periodMs'>): number {
  return profile.periodMs / 60_000;
}

/** Flink's default restart strategy with checkpointing on, by runtime. */
export function defaultRestartStrategy(runtime: string): RestartStrategy {
  const v = runtimeFlinkVersion(runtime);
  if (!v) return 'exponential-delay';
  return v.major > 1 || (v.major === 1 && v.minor >= 19) ? 'exponential-delay' : 'fixed-delay';
}

export function restartLoopStartMs(mode: JobMode): number | undefined {
  return mode.kind === 'restart-loop' ? Math.max(0, (mode.afterSeconds ?? 0) * 1000) : undefined;
}

/** Ages (ms) at which the restart loop's restarts happen, up to `ageMs`. */
export function loopRestartTimes(profile: JobProfile, ageMs: number): number[] {
  const loop = restartLoopStartMs(profile.mode);
  if (loop === undefined || ageMs < loop) return [];
  const scale = timeScale(profile);
  const strategy =
    (profile.mode.kind === 'restart-loop' ? profile.mode.restartStrategy : undefined) ??
    profile.restartStrategy ??
    defaultRestartStrategy(profile.runtime);
  const up = LOOP_UPTIME_MS * scale;
  const times: number[] = [];
  const limit = profile.mode.kind === 'restart-loop' ? (profile.mode.count ?? 100_000) : 0;
  let failedAt = loop;
  for (let k = 0; times.length < limit; k++) {
    const delay =
      strategy === 'fixed-delay'
        ? FIXED_DELAY_MS * scale
        : Math.min(EXP_MAX_MS, EXP_INITIAL_MS * EXP_MULTIPLIER ** k) * scale;
    const restartAt = failedAt + Math.max(1, delay);
    if (restartAt > ageMs) break;
    times.push(restartAt);
    failedAt = restartAt + Math.max(1, up);
  }
  return times;
}

/** Is the job at `ageMs` in a state where a savepoint can be taken? */
export function isHealthyAt(mode: JobMode, ageMs: number): boolean {
  if (mode.kind === 'not-processing' || mode.kind === 'stuck-checkpoints') return false;
  const loop = restartLoopStartMs(mode);
  return loop === undefined || ageMs < loop || mode.kind !== 'restart-loop' || mode.count !== undefined;
}

export type JobState = 'RUNNING' | 'RESTARTING';

export interface JobCounters {
  state: JobState;
  restarts: number;
  completedCheckpoints: number;
  failedCheckpoints: number;
  runningMs: number;
  downMs: number;
  processing: boolean;
  /** the restart loop's failures so far (ages, ms) */
  failures: number[];
}

/** The job's counters at `ageMs` after submission. */
export function countersAt(profile: JobProfile, ageMs: number): JobCounters {
  const age = Math.max(0, ageMs);
  const mode = profile.mode;
  const interval = Math.max(1, profile.checkpointIntervalMs);
  if (mode.kind === 'not-processing') {
    return {
      state: 'RESTARTING',
      restarts: 0,
      completedCheckpoints: 0,
      failedCheckpoints: 0,
      runningMs: 0,
      downMs: age + 1,
      processing: false,
      failures: [],
    };
  }
  const platform = (profile.platformRestarts ?? []).filter((r) => r.atMs <= age);
  const loop = restartLoopStartMs(mode);
  const ended =
    mode.kind === 'restart-loop' && mode.count !== undefined
      ? loopRestartTimes(profile, Number.MAX_SAFE_INTEGER)
      : undefined;
  const steadyFrom = ended && ended.length > 0 ? ended[ended.length - 1]! : undefined;
  if (loop !== undefined && age >= loop && (steadyFrom === undefined || age < steadyFrom)) {
    const restarts = loopRestartTimes(profile, age);
    const up = Math.max(1, LOOP_UPTIME_MS * timeScale(profile));
    const lastRestart = restarts[restarts.length - 1];
    const failures = [loop, ...restarts.map((r) => r + up)].filter((f) => f <= age);
    const running = lastRestart !== undefined && age < lastRestart + up;
    const lastFailure = failures[failures.length - 1] ?? loop;
    return {
      state: running ? 'RUNNING' : 'RESTARTING',
      restarts: restarts.length + platform.length,
      completedCheckpoints: Math.floor(loop / interval),
      failedCheckpoints: 0,
      runningMs: running ? age - lastRestart : 0,
      downMs: running ? 0 : age - lastFailure,
      processing: false,
      failures,
    };
  }
  const lastPlatform = platform[platform.length - 1];
  const down = lastPlatform !== undefined && age < lastPlatform.atMs + lastPlatform.downMs;
  const loopRestarts = steadyFrom !== undefined ? ended!.length : 0;
  const upSince = Math.max(lastPlatform ? lastPlatform.atMs + lastPlatform.downMs : 0, steadyFrom ?? 0);
  const failing = mode.kind === 'failing-checkpoints';
  const attempts = Math.floor(age / interval);
  return {
    state: down ? 'RESTARTING' : 'RUNNING',
    restarts: platform.length + loopRestarts,
    completedCheckpoints: failing || mode.kind === 'stuck-checkpoints' ? 0 : attempts,
    failedCheckpoints: failing ? attempts : 0,
    runningMs: down ? 0 : age - upSince,
    downMs: down ? age - lastPlatform.atMs : 0,
    processing: !down,
    failures: [],
  };
}

/** A deterministic value in [0, 1) for checkpoint `n` (jitter without a clock or global state). */
function unit(n: number, salt: number): number {
  let x = (Math.imul(n + 1, 0x9e3779b1) ^ Math.imul(salt + 7, 0x85ebca6b)) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) >>> 0;
  x = Math.imul(x ^ (x >>> 12), 0x297a2d39) >>> 0;
  return ((x ^ (x >>> 15)) >>> 0) / 4_294_967_296;
}

export interface CheckpointFigures {
  durationMs: number;
  sizeBytes: number;
}

/** Duration and size of the job's completed checkpoint number `n` (1-based). */
export function checkpointFigures(profile: JobProfile, n: number): CheckpointFigures {
  const mode = profile.mode;
  const slow = mode.kind === 'slow-checkpoints' ? (mode.factor ?? 10) : 1;
  const constant = mode.kind === 'healthy' && mode.checkpoints === 'constant';
  const firstFactor =
    n === 1 && profile.restored
      ? mode.kind === 'healthy' || mode.kind === 'slow-checkpoints'
        ? (mode.firstCheckpointFactor ?? DEFAULT_FIRST_CHECKPOINT_FACTOR)
        : DEFAULT_FIRST_CHECKPOINT_FACTOR
      : 1;
  const jitter = constant ? 1 : 0.8 + 0.4 * unit(n, 1);
  const sizeJitter = constant ? 1 : 0.9 + 0.2 * unit(n, 2);
  return {
    durationMs: Math.round(BASE_CHECKPOINT_MS * slow * firstFactor * jitter),
    sizeBytes: Math.round(BASE_STATE_BYTES * firstFactor * sizeJitter),
  };
}

/** The metrics the job publishes at `ageMs` (empty for a job that publishes nothing). */
export function sampleMetrics(profile: JobProfile, ageMs: number): MetricSample[] {
  if (profile.mode.kind === 'no-metrics') return [];
  const c = countersAt(profile, ageMs);
  const last = c.completedCheckpoints > 0 ? checkpointFigures(profile, c.completedCheckpoints) : undefined;
  const duration = last ? last.durationMs : -1;
  const size = last ? last.sizeBytes : -1;
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

/** The failure the restart loop's job throws (quoted by Flink's exceptions endpoint). */
export function loopFailureMessage(mode: JobMode): string {
  return mode.kind === 'restart-loop' ? (mode.message ?? DEFAULT_LOOP_MESSAGE) : DEFAULT_LOOP_MESSAGE;
}
