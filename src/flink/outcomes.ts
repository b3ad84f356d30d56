/**
 * Pure readings of Flink REST answers: how a savepoint operation ended, and a job's health snapshot
 * (status, restarts, checkpoints, root exception) from its detail, checkpoint, exception and metric answers.
 */
import type {
  CheckpointStats,
  JobDetails,
  JobExceptions,
  JobState,
  MetricValue,
  SavepointStatus,
} from './types.js';

export type SavepointOutcome =
  { state: 'IN_PROGRESS' } | { state: 'COMPLETED'; location: string } | { state: 'FAILED'; reason: string };

/** The first line and every "Caused by:" line of a Java stack trace, joined (plain text). */
export function summarizeStackTrace(trace: string, maxLength = 1000): string {
  const lines = trace.split('\n').map((l) => l.trim());
  const parts = [
    lines[0] ?? '',
    ...lines.filter((l) => l.startsWith('Caused by:')).map((l) => l.slice(10).trim()),
  ].filter((p, i, all) => p && all.indexOf(p) === i);
  const text = parts.join(' <- ') || 'no detail';
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}

export function savepointOutcome(status: SavepointStatus): SavepointOutcome {
  if (status.status.id !== 'COMPLETED') return { state: 'IN_PROGRESS' };
  const failure = status.operation?.['failure-cause'];
  if (failure) {
    const trace = failure['stack-trace'] ?? failure.class ?? 'unknown failure';
    return { state: 'FAILED', reason: summarizeStackTrace(trace) };
  }
  const location = status.operation?.location;
  if (!location) return { state: 'FAILED', reason: 'the savepoint completed without a location' };
  return { state: 'COMPLETED', location };
}

export interface RootException {
  name: string;
  /** first line and causes of the stack trace, plain text (callers escape it) */
  summary: string;
  timestamp: number;
  taskName?: string;
}

export interface JobHealthSnapshot {
  jobId: string;
  name: string;
  state: JobState;
  /** vertices per status, e.g. { RUNNING: 4 } */
  vertices: Record<string, number>;
  allVerticesRunning: boolean;
  /** job restarts since it was submitted (metric numRestarts), undefined when not reported yet */
  restarts: number | undefined;
  checkpoints: { completed: number; failed: number; inProgress: number; restored: number };
  /** end-to-end duration of the latest completed checkpoint */
  latestCheckpointMs: number | undefined;
  /** the savepoint or checkpoint the job was restored from */
  restoredFrom: string | undefined;
  rootException: RootException | undefined;
  /** ms since the job started (its start-time) at the time of the reading */
  uptimeMs: number;
}

export function metricNumber(metrics: readonly MetricValue[], id: string): number | undefined {
  const found = metrics.find((m) => m.id === id);
  if (!found) return undefined;
  const value = Number(found.value);
  return Number.isFinite(value) ? value : undefined;
}

/** The newest entry of the exception history (Flink 1.x also has 'root-exception'). */
export function rootException(exceptions: JobExceptions): RootException | undefined {
  const entries = exceptions.exceptionHistory?.entries ?? [];
  const newest = [...entries].sort((a, b) => b.timestamp - a.timestamp)[0];
  if (newest) {
    return {
      name: newest.exceptionName,
      summary: summarizeStackTrace(newest.stacktrace),
      timestamp: newest.timestamp,
      ...(newest.taskName ? { taskName: newest.taskName } : {}),
    };
  }
  const legacy = exceptions['root-exception'];
  if (legacy) {
    return {
      name: legacy.split(/[:\n]/, 1)[0] ?? 'exception',
      summary: summarizeStackTrace(legacy),
      timestamp: 0,
    };
  }
  return undefined;
}

export function healthSnapshot(input: {
  job: JobDetails;
  checkpoints: CheckpointStats | undefined;
  exceptions: JobExceptions;
  metrics: readonly MetricValue[];
  now: number;
}): JobHealthSnapshot {
  const { job, checkpoints } = input;
  const vertices: Record<string, number> = {};
  for (const v of job.vertices) vertices[v.status] = (vertices[v.status] ?? 0) + 1;
  const counts = checkpoints?.counts;
  return {
    jobId: job.jid,
    name: job.name,
    state: job.state,
    vertices,
    allVerticesRunning: job.vertices.length > 0 && job.vertices.every((v) => v.status === 'RUNNING'),
    restarts: metricNumber(input.metrics, 'numRestarts'),
    checkpoints: {
      completed: counts?.completed ?? 0,
      failed: counts?.failed ?? 0,
      inProgress: counts?.in_progress ?? 0,
      restored: counts?.restored ?? 0,
    },
    latestCheckpointMs: checkpoints?.latest.completed?.end_to_end_duration,
    restoredFrom: checkpoints?.latest.restored?.external_path,
    rootException: rootException(input.exceptions),
    uptimeMs: job['start-time'] > 0 ? Math.max(0, input.now - job['start-time']) : 0,
  };
}
