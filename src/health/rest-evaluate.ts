/**
 * The health gate's judgement on Flink's own REST API (pure): the reads of the job through MSF's
 * dashboard (src/msf/health/dashboard.ts) or a JobManager, with exact restart and checkpoint counts and no ingestion lag.
 *
 * - Restarts: each job's `numRestarts` from 0, plus every change of job id (a resubmission) — except
 *   those inside an excused range (maintenance, autoscaling).
 * - A job that FAILED, was CANCELED or FINISHED is unhealthy at once.
 * - Failed checkpoints: the jobs' failed counts.
 * - A checkpoint must complete (`counts.completed`), within three checkpoint intervals.
 * - Checkpoint duration against the baseline, the first checkpoint of a restored job left out (a full
 *   one), sustained over the last two.
 */
import type { GateCheck, HealthThresholds } from './contract.js';
import type { RestSample } from './rest-sample.js';
import { formatNumber, formatSpan, type Excuse, type Verdict } from './evaluate.js';

export interface RestInput {
  samples: readonly RestSample[];
  thresholds: HealthThresholds;
  baselineCheckpointDurationMs?: number;
  startedAt: number;
  now: number;
  stabilisationMs: number;
  bakeMs: number;
  checkpointIntervalMs?: number;
  excused?: readonly Excuse[];
}

export interface RestFigures {
  restarts: number;
  excusedRestarts: number;
  jobs: number;
  completed: number;
  failed: number;
  lastCheckpointDurationMs?: number;
  lastCheckpointSizeBytes?: number;
  state?: string;
  rootException?: string;
}

export interface RestEvaluation {
  verdict: Verdict;
  figures: RestFigures;
  final: boolean;
  /** clock ms of the read that showed what tripped */
  seenAt?: number;
}

const TERMINAL = new Set(['FAILED', 'CANCELED', 'CANCELLING', 'FINISHED', 'SUSPENDED']);

function overlaps(from: number, to: number, excused: readonly Excuse[] | undefined): boolean {
  return (excused ?? []).some((e) => from <= e.to && to >= e.from);
}

export function evaluateRest(input: RestInput): RestEvaluation {
  const { samples, thresholds, startedAt, now, stabilisationMs, bakeMs } = input;
  const elapsed = now - startedAt;
  const final = elapsed >= stabilisationMs + bakeMs;
  const span = formatSpan(elapsed);
  let restarts = 0;
  let excusedRestarts = 0;
  let restartSeenAt: number | undefined;
  const jobs: string[] = [];
  const lastOfJob = new Map<string, RestSample>();
  let prev: RestSample | undefined;
  for (const s of samples) {
    const before = lastOfJob.get(s.jobId);
    if (!before && prev && prev.jobId !== s.jobId) {
      // a new job: the platform resubmitted it (autoscaling) or someone else did
      if (overlaps(prev.at, s.at, input.excused)) excusedRestarts += 1;
      else {
        restarts += 1;
        restartSeenAt ??= s.at;
      }
    }
    const from = before ? before.restarts : 0;
    const rise = Math.max(0, s.restarts - from);
    if (rise > 0) {
      const since = before?.at ?? s.startTime ?? prev?.at ?? startedAt;
      if (overlaps(since, s.at, input.excused)) excusedRestarts += rise;
      else {
        restarts += rise;
        restartSeenAt ??= s.at;
      }
    }
    if (!before) jobs.push(s.jobId);
    lastOfJob.set(s.jobId, s);
    prev = s;
  }
  const latest = samples[samples.length - 1];
  const lasts = [...lastOfJob.values()];
  const completed = lasts.reduce((n, s) => n + s.completed, 0);
  const failed = lasts.reduce((n, s) => n + s.failed, 0);
  // Durations in completion order, the first checkpoint of each restored job left out.
  const durations: { id: number; durationMs: number; sizeBytes?: number }[] = [];
  for (const s of lasts) {
    // the history still holds the job's first checkpoint when it holds all of them
    const first = s.restored && s.completed <= s.history.length ? s.history[0] : undefined;
    for (const c of s.history) if (c !== first) durations.push(c);
  }
  const lastCp = latest?.history[latest.history.length - 1];
  const figures: RestFigures = {
    restarts,
    excusedRestarts,
    jobs: jobs.length,
    completed,
    failed,
    ...(lastCp ? { lastCheckpointDurationMs: lastCp.durationMs } : {}),
    ...(lastCp?.sizeBytes !== undefined ? { lastCheckpointSizeBytes: lastCp.sizeBytes } : {}),
    ...(latest ? { state: latest.state } : {}),
    ...(latest?.rootException ? { rootException: latest.rootException } : {}),
  };
  const out = (verdict: Verdict, seenAt?: number): RestEvaluation => ({
    verdict,
    figures,
    final,
    ...(seenAt !== undefined ? { seenAt } : {}),
  });
  const unhealthy = (check: GateCheck, reason: string, seenAt?: number): RestEvaluation =>
    out({ state: 'unhealthy', check, reason }, seenAt);
  const cause = latest?.rootException ? `; root exception: ${latest.rootException}` : '';
  const jobStart = samples.find((x) => x.startTime !== undefined)?.startTime ?? startedAt;
  const age = formatSpan(Math.max(0, (latest?.at ?? now) - jobStart));

  if (restarts > thresholds.maxRestarts) {
    return unhealthy(
      'restarts',
      `the new job restarted ${restarts} time${restarts === 1 ? '' : 's'} in ${age} (Flink REST numRestarts; max-restarts ${thresholds.maxRestarts})${cause}`,
      restartSeenAt,
    );
  }
  if (latest && TERMINAL.has(latest.state)) {
    return unhealthy('running-time', `the job is ${latest.state} (Flink REST)${cause}`, latest.at);
  }
  if (failed > thresholds.maxFailedCheckpoints) {
    return unhealthy(
      'failed-checkpoints',
      `${failed} checkpoint${failed === 1 ? '' : 's'} failed in ${span} (Flink REST; max-failed-checkpoints ${thresholds.maxFailedCheckpoints})`,
      latest?.at,
    );
  }
  if (elapsed < stabilisationMs) return out({ state: 'healthy-so-far' });

  const base = input.baselineCheckpointDurationMs;
  if (base !== undefined && base > 0) {
    const recent = durations.slice(-2);
    const limit = thresholds.maxCheckpointDurationRatio * base;
    if (recent.length === 2 && recent.every((c) => c.durationMs > limit)) {
      const v = recent[1]!.durationMs;
      return unhealthy(
        'slow-checkpoints',
        `checkpoint ${recent[1]!.id} took ${formatNumber(v)} ms, ${formatNumber(v / base)}× the baseline ${formatNumber(base)} ms ` +
          `(Flink REST; max-checkpoint-duration-ratio ${thresholds.maxCheckpointDurationRatio}; the first checkpoint after the restore is not compared)`,
        latest?.at,
      );
    }
  }

  const interval = input.checkpointIntervalMs;
  const overdue = interval !== undefined && elapsed > 3 * interval;
  if (thresholds.requireCheckpoint && completed === 0 && (final || overdue)) {
    return unhealthy(
      'no-checkpoint',
      `no checkpoint completed in ${span}${interval !== undefined ? ` (checkpoint interval ${formatSpan(interval)})` : ''} (Flink REST counts.completed 0; require-checkpoint true)`,
      latest?.at,
    );
  }
  if (!final) return out({ state: 'healthy-so-far' });
  return out({
    state: 'healthy',
    ...(thresholds.requireCheckpoint ? {} : { note: 'checkpoint completion not required' }),
  });
}
