/**
 * The health gate's judgement (pure, no I/O): given the datapoints seen so far, the pre-upgrade
 * baseline and the thresholds, is the upgraded job healthy so far, unhealthy (and why), or healthy at
 * the end of the window?
 *
 * Time line: `startedAt` is when the new version was verified RUNNING. The first `stabilisationMs` only
 * the restart checks apply (a restart loop must trip at once); after that every check applies; at
 * `startedAt + stabilisationMs + bakeMs` the verdict is final.
 *
 * Counters (restarts, failed checkpoints) are Flink job counters: cumulative for one job, back to 0
 * when the job is resubmitted. The update submits a new job, so its increase is counted from 0 (not from
 * the old job's last value, which could hide restarts right after the start); a drop (a newer job, e.g.
 * after autoscaling) counts its new value as further increase. Restarts inside an `excused` window
 * (maintenance, autoscaling: the platform's, not the release's) are reported, not counted.
 *
 * CloudWatch data arrive late (MSF publishes once a minute; datapoints show one to three minutes after
 * their timestamp, sometimes never). "No data" is judged from when a datapoint could have arrived:
 * period end + `lagMs` (+ one period of grace, two for a gap after the last one), at `now`, the time the
 * data were read (not the clock after a slow or retried read).
 *
 * Evidence that a checkpoint completed (for `requireCheckpoint`): `numberOfCompletedCheckpoints` (when
 * published) grows, or `lastCheckpointDuration`/`lastCheckpointSize` is positive in a datapoint of the
 * new job (Flink's gauges are -1 until a job's first checkpoint completes, then repeat the last
 * completed checkpoint's figures, so equal consecutive values say nothing). The first checkpoint after
 * the restore is a full one: it is not compared with the baseline's duration.
 */
import type { Baseline, GateCheck, HealthThresholds } from './contract.js';
import { APPLICATION_DIMENSION, METRIC_NAMESPACE, REQUIRED_ROLES, type MetricNames } from './metric-roles.js';

export type { GateCheck };

export interface Point {
  t: number;
  v: number;
}
export type Series = Record<string, Point[]>;

/** Periods without datapoints tolerated, beyond the expected lag, before "no metrics". */
export const NO_DATA_GRACE_PERIODS = 2;

/** A time range whose restarts are the platform's (maintenance, autoscaling), clock ms. */
export interface Excuse {
  from: number;
  to: number;
  what: string;
}

export interface EvaluationInput {
  names: MetricNames;
  /** metric name → datapoints (period start, clock ms) since the window started, oldest first */
  series: Series;
  baseline?: Baseline;
  thresholds: HealthThresholds;
  /** clock ms: the new version was verified RUNNING */
  startedAt: number;
  /** clock ms */
  now: number;
  stabilisationMs: number;
  bakeMs: number;
  periodMs: number;
  /** how late a datapoint may arrive after its period ends (default 3 periods) */
  lagMs?: number;
  /** the application's checkpoint interval (undefined: not known, or checkpointing off) */
  checkpointIntervalMs?: number;
  /** restarts in these ranges are not counted */
  excused?: readonly Excuse[];
  /** wait after the window for its last datapoints to arrive (default true) */
  awaitCoverage?: boolean;
  /** for messages only */
  application?: string;
  region?: string;
}

export type Verdict =
  | { state: 'healthy-so-far' }
  | { state: 'healthy'; note?: string }
  | { state: 'unhealthy'; check: GateCheck; reason: string };

export interface CounterFigure {
  name: string;
  from: number;
  to: number;
  increase: number;
  resets: number;
  /** increase inside excused ranges (not counted in `increase`) */
  excused?: number;
}

/** The figures behind the verdict (progress line, summary). */
export interface Figures {
  restarts?: CounterFigure;
  runningTimeMs?: number;
  runningTimeResets: number;
  failedCheckpoints?: CounterFigure;
  /** distinct completed checkpoints seen in the window (a lower bound) */
  checkpointsCompleted: number;
  lastCheckpointDurationMs?: number;
  lastCheckpointSizeBytes?: number;
  recordsInPerSecond?: number;
  recordsOutPerSecond?: number;
  /** restarts reported but not counted (maintenance, autoscaling) */
  excusedRestarts?: number;
}

export interface Evaluation {
  verdict: Verdict;
  figures: Figures;
  /** still within the stabilisation wait */
  stabilising: boolean;
  /** the window is over */
  final: boolean;
}

// ---------------------------------------------------------------------------------------------------

/** `45s`, `3m`, `3m 20s`, `1h 5m` */
export function formatSpan(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return s > 0 ? `${m}m ${s}s` : `${m}m`;
  return `${s}s`;
}

/** A figure for messages: integers as is, others with up to 3 significant decimals. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return String(Number(v.toFixed(digits)));
}

/** Median of finite values, undefined when none. */
export function median(values: readonly number[]): number | undefined {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 === 1 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}

function lastOf<T>(xs: readonly T[]): T | undefined {
  return xs[xs.length - 1];
}

function pointsOf(series: Series, name: string | undefined): Point[] {
  if (!name) return [];
  return (series[name] ?? []).filter((p) => Number.isFinite(p.v));
}

/** Does an excused range overlap (from, to]? (A restart seen in a datapoint happened after the one before.) */
export function excusedBetween(from: number, to: number, excused: readonly Excuse[] | undefined): boolean {
  return (excused ?? []).some((e) => e.from < to && e.to > from);
}

/**
 * Increase of a job counter over the window, counted from `from` (0 for the new job: see the module
 * comment); increases in datapoints inside `excused` ranges are reported apart.
 */
export function counterIncrease(
  points: readonly Point[],
  from = 0,
  /** did the increase seen at `t` happen in an excused range (after the datapoint at `prevT`)? */
  excuse: (prevT: number | undefined, t: number) => boolean = () => false,
): CounterFigure | undefined {
  const first = points[0];
  if (!first) return undefined;
  let increase = 0;
  let excused = 0;
  let resets = 0;
  const add = (prevT: number | undefined, t: number, n: number): void => {
    if (n <= 0) return;
    if (excuse(prevT, t)) excused += n;
    else increase += n;
  };
  add(undefined, first.t, first.v - Math.min(from, first.v));
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1]!;
    const cur = points[i]!;
    if (cur.v >= prev.v) add(prev.t, cur.t, cur.v - prev.v);
    else {
      resets += 1;
      add(prev.t, cur.t, Math.max(0, cur.v));
    }
  }
  return {
    name: '',
    from: Math.min(from, first.v),
    to: lastOf(points)!.v,
    increase,
    resets,
    ...(excused > 0 ? { excused } : {}),
  };
}

function describeCounter(c: CounterFigure, span: string, limitName: string, limit: number): string {
  const core =
    c.resets === 0
      ? `${c.name} rose from ${formatNumber(c.from)} to ${formatNumber(c.to)} in ${span}`
      : `${c.name} rose by ${formatNumber(c.increase)} in ${span} (the counter reset ${c.resets} time${c.resets === 1 ? '' : 's'}, now ${formatNumber(c.to)})`;
  return `${core} (${limitName} ${limit})`;
}

/** Drops of a running-time gauge (each one a job restart), apart from those in excused ranges. */
function gaugeResets(
  points: readonly Point[],
  excuse: (prevT: number | undefined, t: number) => boolean,
): { resets: number; excused: number; from?: number; to?: number; at?: number } {
  let resets = 0;
  let excused = 0;
  let from: number | undefined;
  let to: number | undefined;
  let at: number | undefined;
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1]!;
    const cur = points[i]!;
    if (prev.v > 0 && cur.v < prev.v) {
      if (excuse(prev.t, cur.t)) {
        excused += 1;
        continue;
      }
      resets += 1;
      if (from === undefined) {
        from = prev.v;
        to = cur.v;
        at = cur.t;
      }
    }
  }
  return { resets, excused, from, to, at };
}

interface CheckpointEvidence {
  completed: number;
  evidence: boolean;
  lastDuration?: number;
  lastSize?: number;
  sawAny: boolean;
  /** clock ms of the first datapoint showing a completed checkpoint of the new job */
  firstAt?: number;
}

function checkpointEvidence(input: EvaluationInput): CheckpointEvidence {
  const { names, series } = input;
  let completed = 0;
  let evidence = false;
  let sawAny = false;
  let firstAt: number | undefined;

  const counter = pointsOf(series, names.completedCheckpoints);
  if (counter.length > 0) {
    sawAny = true;
    const c = counterIncrease(counter);
    if (c && c.increase > 0) {
      evidence = true;
      completed = Math.max(completed, c.increase);
      firstAt = counter.find((p) => p.v > 0)?.t;
    }
  }

  let lastDuration: number | undefined;
  let lastSize: number | undefined;
  for (const role of ['checkpointDuration', 'checkpointSize'] as const) {
    const points = pointsOf(series, names[role]);
    if (points.length === 0) continue;
    sawAny = true;
    const positive = points.filter((p) => p.v > 0);
    if (role === 'checkpointDuration') lastDuration = lastOf(positive)?.v;
    else lastSize = lastOf(positive)?.v;
    if (positive.length === 0) continue;
    // The gauges of the new job are -1 until its first checkpoint completes: a positive value is one.
    evidence = true;
    firstAt = Math.min(firstAt ?? Infinity, positive[0]!.t);
    let changes = 1;
    for (let i = 1; i < positive.length; i++) if (positive[i]!.v !== positive[i - 1]!.v) changes += 1;
    completed = Math.max(completed, changes);
  }
  return {
    completed,
    evidence,
    sawAny,
    ...(lastDuration !== undefined ? { lastDuration } : {}),
    ...(lastSize !== undefined ? { lastSize } : {}),
    ...(firstAt !== undefined ? { firstAt } : {}),
  };
}

function noMetricsReason(
  input: EvaluationInput,
  missing: { name: string; sinceMs: number; never: boolean }[],
): string {
  const where = `${METRIC_NAMESPACE}, ${APPLICATION_DIMENSION}=${input.application ?? '?'}${input.region ? `, ${input.region}` : ''}`;
  const parts = missing.map((m) =>
    m.never
      ? `no datapoints of ${m.name} in ${formatSpan(m.sinceMs)}`
      : `no new datapoints of ${m.name} for ${formatSpan(m.sinceMs)}`,
  );
  return (
    `no metrics: ${parts.join('; ')}, beyond the expected lag of ${formatSpan(lagOf(input))} (${where}); likely causes: ` +
    `the application does not publish it (monitoring configuration / metrics level), the role lacks ` +
    `cloudwatch:GetMetricData, or the wrong region is read (raise metrics-lag if CloudWatch is slower here)`
  );
}

function lagOf(input: Pick<EvaluationInput, 'lagMs' | 'periodMs'>): number {
  return input.lagMs ?? 3 * input.periodMs;
}

/**
 * Periods in a row that may be missing after the last datapoint before "no new datapoints": two, or
 * more when the datapoints seen so far are sparse (CloudWatch loses some), so that a run of gaps that
 * long would happen by chance less than once in 10,000 (at most 12).
 */
export function gapTolerance(points: readonly Point[], periodMs: number): number {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last || points.length < 3) return NO_DATA_GRACE_PERIODS;
  const expected = Math.round((last.t - first.t) / periodMs) + 1;
  const missing = Math.max(0, 1 - points.length / expected);
  if (missing <= 0.05) return NO_DATA_GRACE_PERIODS;
  return Math.min(12, Math.max(NO_DATA_GRACE_PERIODS, Math.ceil(Math.log(1e-4) / Math.log(missing))));
}

/** Judges the window so far. */
export function evaluate(input: EvaluationInput): Evaluation {
  const { names, series, baseline, thresholds, startedAt, now, stabilisationMs, bakeMs, periodMs } = input;
  const elapsed = now - startedAt;
  const observeFrom = startedAt + stabilisationMs;
  const stabilising = now < observeFrom;
  const lagMs = lagOf(input);
  const windowEnd = startedAt + stabilisationMs + bakeMs;
  const dataStart = Math.ceil(startedAt / periodMs) * periodMs;
  const span = formatSpan(elapsed);
  // The restart shown at t happened after the datapoint before it, within t's period at the latest.
  const excuse = (prevT: number | undefined, t: number): boolean =>
    excusedBetween(prevT ?? -Infinity, t + periodMs, input.excused);

  const restartPoints = pointsOf(series, names.restarts);
  const runningPoints = pointsOf(series, names.runningTime);
  const failedPoints = pointsOf(series, names.failedCheckpoints);

  // The new job's counters start at 0.
  const restarts = counterIncrease(restartPoints, 0, excuse);
  if (restarts) restarts.name = names.restarts;
  const failed = counterIncrease(failedPoints, 0);
  if (failed && names.failedCheckpoints) failed.name = names.failedCheckpoints;
  const running = gaugeResets(runningPoints, excuse);
  const cp = checkpointEvidence(input);
  const inPoints = pointsOf(series, names.recordsIn);
  const outPoints = pointsOf(series, names.recordsOut);

  // The window is over once its last periods could have arrived (or have).
  const covered = REQUIRED_ROLES.every((role) => {
    const last = lastOf(pointsOf(series, names[role]));
    return last !== undefined && last.t + periodMs >= windowEnd - periodMs;
  });
  const final =
    elapsed >= stabilisationMs + bakeMs &&
    (input.awaitCoverage === false || covered || now >= windowEnd + lagMs + periodMs);
  const excusedRestarts = Math.max(restarts?.excused ?? 0, running.excused);

  const figures: Figures = {
    restarts,
    runningTimeMs: lastOf(runningPoints)?.v,
    runningTimeResets: running.resets,
    failedCheckpoints: failed,
    checkpointsCompleted: cp.completed,
    lastCheckpointDurationMs: cp.lastDuration,
    ...(cp.lastSize !== undefined ? { lastCheckpointSizeBytes: cp.lastSize } : {}),
    recordsInPerSecond: lastOf(inPoints)?.v,
    recordsOutPerSecond: lastOf(outPoints)?.v,
    ...(excusedRestarts > 0 ? { excusedRestarts } : {}),
  };
  const result = (verdict: Verdict): Evaluation => ({ verdict, figures, stabilising, final });
  const unhealthy = (check: GateCheck, reason: string): Evaluation =>
    result({ state: 'unhealthy', check, reason });

  // 1. Restarts (any time: a restart loop trips as soon as a datapoint shows it).
  if (restarts && restarts.increase > thresholds.maxRestarts) {
    return unhealthy('restarts', describeCounter(restarts, span, 'max-restarts', thresholds.maxRestarts));
  }
  if (running.resets > thresholds.maxRestarts && (restarts?.increase ?? 0) < running.resets) {
    return unhealthy(
      'running-time',
      `${names.runningTime} reset from ${formatNumber(running.from ?? 0)} ms to ${formatNumber(running.to ?? 0)} ms ` +
        `at ${formatSpan((running.at ?? now) - startedAt)} (${running.resets} job restart${running.resets === 1 ? '' : 's'} in ${span}; ` +
        `max-restarts ${thresholds.maxRestarts})`,
    );
  }

  // 2. Failed checkpoints (any time).
  if (failed && failed.increase > thresholds.maxFailedCheckpoints) {
    return unhealthy(
      'failed-checkpoints',
      describeCounter(failed, span, 'max-failed-checkpoints', thresholds.maxFailedCheckpoints),
    );
  }

  if (stabilising) return result({ state: 'healthy-so-far' });

  // 3. Missing data is never healthy, but is judged from when it could have arrived.
  const missing: { name: string; sinceMs: number; never: boolean }[] = [];
  // A metric not seen yet: wait as long as for a gap in the sparsest series seen of this application,
  // in the window or in the baseline before the upgrade (CloudWatch loses some datapoints; where it loses
  // many, a late first datapoint is no sign of a missing configuration). Nothing seen at all: one period
  // of grace, so a missing configuration shows soon.
  const seen = [...Object.values(series), ...Object.values(baseline?.series ?? {})].filter(
    (points) => points.length > 0,
  );
  const firstGrace = seen.length > 0 ? Math.max(1, ...seen.map((p) => gapTolerance(p, periodMs))) : 1;
  for (const role of REQUIRED_ROLES) {
    const name = names[role];
    if (!name) continue;
    const last = lastOf(pointsOf(series, name));
    // A restart the platform made (maintenance, autoscaling) pauses the datapoints: count from its end.
    const excusedUntil = Math.max(
      -Infinity,
      ...(input.excused ?? []).filter((e) => e.from <= now).map((e) => Math.min(e.to, now)),
    );
    const due = Math.max(
      last
        ? last.t + periodMs + lagMs + gapTolerance(pointsOf(series, name), periodMs) * periodMs
        : dataStart + periodMs + lagMs + firstGrace * periodMs,
      excusedUntil + periodMs + lagMs + periodMs,
    );
    if (now > due)
      missing.push({ name, sinceMs: now - (last ? last.t + periodMs : startedAt), never: !last });
  }
  if (missing.length > 0) return unhealthy('no-metrics', noMetricsReason(input, missing));

  // 4. Running time must grow (between restarts).
  const lastReset = runningPoints.reduce(
    (at, p, i) => (i > 0 && p.v < runningPoints[i - 1]!.v ? p.t : at),
    -Infinity,
  );
  const observedRunning = runningPoints.filter((p) => p.t + periodMs > observeFrom && p.t >= lastReset);
  const lastRunning = lastOf(observedRunning);
  if (lastRunning) {
    const earlier = [...observedRunning]
      .reverse()
      .find((p) => p.t <= lastRunning.t - NO_DATA_GRACE_PERIODS * periodMs);
    if (earlier && lastRunning.v <= earlier.v) {
      const what =
        lastRunning.v < 0
          ? `${names.runningTime} is ${formatNumber(lastRunning.v)} (the job is not running)`
          : `${names.runningTime} stuck at ${formatNumber(lastRunning.v)} ms`;
      return unhealthy(
        'running-time',
        `${what} for ${formatSpan(lastRunning.t - earlier.t)} (it must grow while the job runs)`,
      );
    }
  }

  // 5. Checkpoint duration against the baseline, sustained for two datapoints, leaving out the first
  //    checkpoint after the restore (a full one).
  const base = baseline?.checkpointDurationMs;
  if (base !== undefined && base > 0 && names.checkpointDuration && cp.firstAt !== undefined) {
    const limit = thresholds.maxCheckpointDurationRatio * base;
    // A job's first checkpoint is its first positive value, or the first after -1 or after a running-time
    // reset (a new job: autoscaling, or a restore). Its value, and the datapoints until the next
    // checkpoint can have completed, are left out.
    const all = pointsOf(series, names.checkpointDuration);
    const jobStarts = runningPoints.filter((p, i) => i > 0 && p.v < runningPoints[i - 1]!.v).map((p) => p.t);
    const firsts: Point[] = [];
    for (let i = 0; i < all.length; i++) {
      const p = all[i]!;
      if (p.v <= 0) continue;
      const prev = all[i - 1];
      const newJob = jobStarts.some((t) => t <= p.t && (!prev || prev.t < t));
      if (!prev || prev.v <= 0 || newJob) firsts.push(p);
    }
    const interval = input.checkpointIntervalMs;
    const afterFirst = all.filter(
      (p) =>
        p.v > 0 &&
        p.t + periodMs > observeFrom &&
        firsts.every((f) =>
          p.t < f.t
            ? true
            : interval !== undefined
              ? p.t >= f.t + interval + periodMs
              : p.t > f.t && p.v !== f.v,
        ),
    );
    const recent = afterFirst.slice(-2);
    if (recent.length === 2 && recent.every((p) => p.v > limit)) {
      const v = lastOf(recent)!.v;
      return unhealthy(
        'slow-checkpoints',
        `${names.checkpointDuration} ${formatNumber(v)} ms is ${formatNumber(v / base)}× the baseline ${formatNumber(base)} ms ` +
          `(max-checkpoint-duration-ratio ${thresholds.maxCheckpointDurationRatio}; the first checkpoint after the restore is not compared)`,
      );
    }
  }

  // 6. Output stops while input flows (only when the job had output before the upgrade).
  const baseOut = baseline?.recordsOutPerSecond;
  if (baseOut !== undefined && baseOut > 0 && names.recordsOut && names.recordsIn) {
    const recentOut = outPoints.filter((p) => p.t + periodMs > observeFrom).slice(-2);
    const inAt = new Map(inPoints.map((p) => [p.t, p.v]));
    if (
      recentOut.length === 2 &&
      recentOut.every((p) => p.v <= 0 && (inAt.get(p.t) ?? 0) > 0) &&
      lastOf(recentOut)!.t - recentOut[0]!.t >= periodMs
    ) {
      const inNow = inAt.get(lastOf(recentOut)!.t) ?? 0;
      return unhealthy(
        'throughput',
        `${names.recordsOut} dropped to 0 for ${formatSpan(lastOf(recentOut)!.t - recentOut[0]!.t + periodMs)} while ` +
          `${names.recordsIn} was ${formatNumber(inNow)}/s (baseline output ${formatNumber(baseOut)}/s)`,
      );
    }
  }

  // 7. A checkpoint must complete: at the end of the window, or as soon as three intervals (and the
  //    time their datapoints take to arrive) passed without one.
  const interval = input.checkpointIntervalMs;
  const overdue = interval !== undefined && now > dataStart + 3 * interval + periodMs + lagMs + periodMs;
  if (thresholds.requireCheckpoint && !cp.evidence && (final || overdue)) {
    const detail = cp.sawAny
      ? `${names.checkpointDuration ?? 'lastCheckpointDuration'} stayed at -1 (no checkpoint of the new job)`
      : `no datapoints of ${names.checkpointDuration ?? 'lastCheckpointDuration'} (is checkpointing enabled?)`;
    return unhealthy(
      'no-checkpoint',
      `no checkpoint completed in ${span}${interval !== undefined ? ` (checkpoint interval ${formatSpan(interval)})` : ''}: ${detail} (require-checkpoint true)`,
    );
  }

  if (!final) return result({ state: 'healthy-so-far' });
  return result({
    state: 'healthy',
    ...(thresholds.requireCheckpoint ? {} : { note: 'checkpoint completion not required' }),
  });
}

/**
 * One progress line per poll: elapsed / window, restarts, running time, checkpoints, verdict so far
 * (or `instead` in place of the verdict).
 */
/** `0:30`, `5:00`, `1:05:00` (whole seconds). */
function clockTime(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * Where the gate is, as a person reads it: `[stabilising 0:30/1:00]` while the new job settles, then
 * `[bake 2:00/5:00]`, counting the bake time on its own.
 */
export function gatePosition(elapsedMs: number, stabilisationMs: number, bakeMs: number): string {
  if (elapsedMs < stabilisationMs) {
    return `[stabilising ${clockTime(elapsedMs)}/${clockTime(stabilisationMs)}]`;
  }
  const baked = Math.min(bakeMs, Math.max(0, elapsedMs - stabilisationMs));
  return `[bake ${clockTime(baked)}/${clockTime(bakeMs)}]`;
}

export function progressLine(
  ev: Evaluation,
  elapsedMs: number,
  window: { stabilisationMs: number; bakeMs: number },
  names: MetricNames,
  instead?: string,
): string {
  const f = ev.figures;
  const restarts = f.restarts
    ? `${names.restarts} ${formatNumber(f.restarts.to)} (+${formatNumber(f.restarts.increase)})`
    : `${names.restarts} -`;
  const running =
    f.runningTimeMs !== undefined
      ? f.runningTimeMs >= 0
        ? formatSpan(f.runningTimeMs)
        : formatNumber(f.runningTimeMs)
      : '-';
  const failed = f.failedCheckpoints
    ? `${formatNumber(f.failedCheckpoints.increase)} failed`
    : 'failed: no data';
  const last =
    f.lastCheckpointDurationMs !== undefined ? `, last ${formatNumber(f.lastCheckpointDurationMs)} ms` : '';
  const verdict =
    instead !== undefined
      ? instead
      : ev.verdict.state === 'unhealthy'
        ? `UNHEALTHY: ${ev.verdict.reason}`
        : ev.verdict.state === 'healthy'
          ? 'healthy'
          : ev.stabilising
            ? 'stabilising'
            : 'healthy so far';
  return (
    `${gatePosition(elapsedMs, window.stabilisationMs, window.bakeMs)} ${restarts}, ${names.runningTime} ${running}, ` +
    `checkpoints: ${f.checkpointsCompleted} completed, ${failed}${last}; ${verdict}`
  );
}
