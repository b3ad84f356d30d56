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
 * when the job is resubmitted. An increase is counted from the lower of the first reading in the window
 * and the last pre-upgrade reading; a drop (counter reset) counts its new value as further increase.
 *
 * Evidence that a checkpoint completed in the window (for `requireCheckpoint`), any of:
 * - `numberOfCompletedCheckpoints` (when the application publishes it) grows;
 * - `lastCheckpointDuration` or `lastCheckpointSize` takes two different positive values in the
 *   window (each completed checkpoint replaces the gauge's value);
 * - the first positive value in the window differs from the last pre-upgrade value, or follows a
 *   value ≤ 0 (Flink reports -1, some reporters 0, until the job's first checkpoint completes).
 */
import type { Baseline, GateCheck, HealthThresholds } from './contract.js';
import {
  APPLICATION_DIMENSION,
  METRIC_NAMESPACE,
  REQUIRED_ROLES,
  type MetricNames,
  type MetricRole,
} from './metrics.js';

export type { GateCheck };

export interface Point {
  t: number;
  v: number;
}
export type Series = Record<string, Point[]>;

/** Periods without datapoints tolerated before "no metrics". */
export const NO_DATA_GRACE_PERIODS = 2;

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
  recordsInPerSecond?: number;
  recordsOutPerSecond?: number;
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

/** The last pre-upgrade value of a role (the baseline may have used the previous runtime's names). */
function baselineLast(
  baseline: Baseline | undefined,
  role: MetricRole,
  names: MetricNames,
): number | undefined {
  if (!baseline) return undefined;
  const name = baseline.metricNames?.[role] ?? names[role];
  if (!name) return undefined;
  return lastOf((baseline.series[name] ?? []).filter((p) => Number.isFinite(p.v)))?.v;
}

/** Increase of a job counter over the window (see the module comment). */
export function counterIncrease(points: readonly Point[], before?: number): CounterFigure | undefined {
  const first = points[0];
  if (!first) return undefined;
  const from = before !== undefined && before >= 0 ? Math.min(before, first.v) : first.v;
  let increase = first.v - from;
  let resets = 0;
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1]!.v;
    const cur = points[i]!.v;
    if (cur >= prev) increase += cur - prev;
    else {
      resets += 1;
      increase += Math.max(0, cur);
    }
  }
  return { name: '', from, to: lastOf(points)!.v, increase, resets };
}

function describeCounter(c: CounterFigure, span: string, limitName: string, limit: number): string {
  const core =
    c.resets === 0
      ? `${c.name} rose from ${formatNumber(c.from)} to ${formatNumber(c.to)} in ${span}`
      : `${c.name} rose by ${formatNumber(c.increase)} in ${span} (the counter reset ${c.resets} time${c.resets === 1 ? '' : 's'}, now ${formatNumber(c.to)})`;
  return `${core} (${limitName} ${limit})`;
}

/** Number of drops of a running-time gauge (each one a job restart). */
function gaugeResets(points: readonly Point[]): { resets: number; from?: number; to?: number; at?: number } {
  let resets = 0;
  let from: number | undefined;
  let to: number | undefined;
  let at: number | undefined;
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1]!;
    const cur = points[i]!;
    if (prev.v > 0 && cur.v < prev.v) {
      resets += 1;
      if (from === undefined) {
        from = prev.v;
        to = cur.v;
        at = cur.t;
      }
    }
  }
  return { resets, from, to, at };
}

function checkpointEvidence(input: EvaluationInput): {
  completed: number;
  evidence: boolean;
  lastDuration?: number;
  sawAny: boolean;
} {
  const { names, series, baseline } = input;
  let completed = 0;
  let evidence = false;
  let sawAny = false;

  const counter = pointsOf(series, names.completedCheckpoints);
  if (counter.length > 0) {
    sawAny = true;
    const c = counterIncrease(counter, baselineLast(baseline, 'completedCheckpoints', names));
    if (c && c.increase > 0) {
      evidence = true;
      completed = Math.max(completed, c.increase);
    }
  }

  let lastDuration: number | undefined;
  for (const role of ['checkpointDuration', 'checkpointSize'] as const) {
    const name = names[role];
    const points = pointsOf(series, name);
    if (points.length === 0) continue;
    sawAny = true;
    if (role === 'checkpointDuration') lastDuration = lastOf(points.filter((p) => p.v > 0))?.v;
    let changes = 0;
    let prev: number | undefined = undefined;
    let sawNone = false;
    const before = baselineLast(baseline, role, names);
    for (const p of points) {
      if (p.v <= 0) {
        sawNone = true;
        continue;
      }
      if (prev === undefined) {
        if (sawNone || (before !== undefined && before !== p.v)) changes += 1;
      } else if (p.v !== prev) changes += 1;
      prev = p.v;
    }
    if (changes > 0) evidence = true;
    completed = Math.max(completed, changes);
  }
  return { completed, evidence, lastDuration, sawAny };
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
    `no metrics: ${parts.join('; ')} (${where}); likely causes: the application does not publish it ` +
    `(monitoring configuration / metrics level), the role lacks cloudwatch:GetMetricData, or the wrong region is read`
  );
}

/** Judges the window so far. */
export function evaluate(input: EvaluationInput): Evaluation {
  const { names, series, baseline, thresholds, startedAt, now, stabilisationMs, bakeMs, periodMs } = input;
  const elapsed = now - startedAt;
  const observeFrom = startedAt + stabilisationMs;
  const stabilising = now < observeFrom;
  const final = elapsed >= stabilisationMs + bakeMs;
  const span = formatSpan(elapsed);

  const restartPoints = pointsOf(series, names.restarts);
  const runningPoints = pointsOf(series, names.runningTime);
  const failedPoints = pointsOf(series, names.failedCheckpoints);

  const restarts = counterIncrease(restartPoints, baselineLast(baseline, 'restarts', names));
  if (restarts) restarts.name = names.restarts;
  const failed = counterIncrease(failedPoints, baselineLast(baseline, 'failedCheckpoints', names));
  if (failed && names.failedCheckpoints) failed.name = names.failedCheckpoints;
  const running = gaugeResets(runningPoints);
  const cp = checkpointEvidence(input);
  const inPoints = pointsOf(series, names.recordsIn);
  const outPoints = pointsOf(series, names.recordsOut);

  const figures: Figures = {
    restarts,
    runningTimeMs: lastOf(runningPoints)?.v,
    runningTimeResets: running.resets,
    failedCheckpoints: failed,
    checkpointsCompleted: cp.completed,
    lastCheckpointDurationMs: cp.lastDuration,
    recordsInPerSecond: lastOf(inPoints)?.v,
    recordsOutPerSecond: lastOf(outPoints)?.v,
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

  // 3. Missing data is never healthy.
  const graceMs = NO_DATA_GRACE_PERIODS * periodMs;
  const missing: { name: string; sinceMs: number; never: boolean }[] = [];
  for (const role of REQUIRED_ROLES) {
    const name = names[role];
    if (!name) continue;
    const last = lastOf(pointsOf(series, name));
    const since = Math.max(observeFrom, last ? last.t + periodMs : startedAt);
    if (now - since > graceMs)
      missing.push({ name, sinceMs: now - (last ? last.t + periodMs : startedAt), never: !last });
  }
  if (missing.length > 0) return unhealthy('no-metrics', noMetricsReason(input, missing));

  // 4. Running time must grow.
  const observedRunning = runningPoints.filter((p) => p.t + periodMs > observeFrom);
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

  // 5. Checkpoint duration against the baseline, sustained for two datapoints.
  const base = baseline?.checkpointDurationMs;
  if (base !== undefined && base > 0 && names.checkpointDuration) {
    const limit = thresholds.maxCheckpointDurationRatio * base;
    const recent = pointsOf(series, names.checkpointDuration)
      .filter((p) => p.t + periodMs > observeFrom && p.v > 0)
      .slice(-2);
    if (recent.length === 2 && recent.every((p) => p.v > limit)) {
      const v = lastOf(recent)!.v;
      return unhealthy(
        'slow-checkpoints',
        `${names.checkpointDuration} ${formatNumber(v)} ms is ${formatNumber(v / base)}× the baseline ${formatNumber(base)} ms ` +
          `(max-checkpoint-duration-ratio ${thresholds.maxCheckpointDurationRatio})`,
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

  if (!final) return result({ state: 'healthy-so-far' });

  // 7. End of the window: a checkpoint must have completed.
  if (thresholds.requireCheckpoint && !cp.evidence) {
    const detail = cp.sawAny
      ? `${names.checkpointDuration ?? 'lastCheckpointDuration'} and ${names.checkpointSize ?? 'lastCheckpointSize'} did not change`
      : `no datapoints of ${names.checkpointDuration ?? 'lastCheckpointDuration'} (is checkpointing enabled?)`;
    return unhealthy(
      'no-checkpoint',
      `no checkpoint completed in ${span}: ${detail} (require-checkpoint true)`,
    );
  }
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
