/**
 * Where the health gate's readings come from on a self-managed cluster: the JobManager's REST API,
 * read in real time (no ingestion lag: a restart loop shows on its first restarts). One read of the
 * new job is a RestSample, judged by the gate's pure REST evaluation (src/health/rest-evaluate.ts);
 * the pre-upgrade job's checkpoint durations are the baseline.
 */
import type { RestSample } from '../health/rest-sample.js';
import { median } from '../health/evaluate.js';
import { metricNumber, rootException } from './outcomes.js';
import { FlinkRestError } from './rest-errors.js';
import type { FlinkRestClient } from './rest.js';
import type { CheckpointStats, JobDetails, JobExceptions, MetricValue } from './types.js';

/** The restart counter of a job (Flink 1.x also has the deprecated fullRestarts). */
export const RESTART_METRICS = ['numRestarts', 'fullRestarts'] as const;

/** Completed checkpoints (not savepoints) of a job, oldest first. */
export function completedCheckpoints(stats: CheckpointStats | undefined): RestSample['history'] {
  if (!stats) return [];
  const history = (stats.history ?? [])
    .filter((c) => c.status === 'COMPLETED' && !c.is_savepoint && Number.isFinite(c.end_to_end_duration))
    .map((c) => ({
      id: c.id,
      durationMs: c.end_to_end_duration,
      ...(Number.isFinite(c.state_size) ? { sizeBytes: c.state_size as number } : {}),
    }));
  const latest = stats.latest.completed;
  if (latest && !history.some((c) => c.id === latest.id) && Number.isFinite(latest.end_to_end_duration)) {
    history.push({
      id: latest.id,
      durationMs: latest.end_to_end_duration,
      ...(Number.isFinite(latest.state_size) ? { sizeBytes: latest.state_size as number } : {}),
    });
  }
  return history.sort((a, b) => a.id - b.id);
}

/** One reading of a job as the health gate judges it (pure). */
export function restSample(input: {
  at: number;
  job: JobDetails;
  checkpoints: CheckpointStats | undefined;
  exceptions: JobExceptions | undefined;
  metrics: readonly MetricValue[];
}): RestSample {
  const { job, checkpoints } = input;
  const counted =
    metricNumber(input.metrics, 'numRestarts') ?? metricNumber(input.metrics, 'fullRestarts') ?? 0;
  // a job FAILING or RESTARTING is in a restart the counter may not show yet (it counts when the
  // restart-strategy's delay is over): at least one
  const restarts = Math.max(counted, job.state === 'RESTARTING' || job.state === 'FAILING' ? 1 : 0);
  const root = input.exceptions ? rootException(input.exceptions) : undefined;
  return {
    at: input.at,
    jobId: job.jid,
    state: job.state,
    ...(job['start-time'] > 0 ? { startTime: job['start-time'] } : {}),
    restarts,
    completed: checkpoints?.counts.completed ?? 0,
    failed: checkpoints?.counts.failed ?? 0,
    restored: (checkpoints?.counts.restored ?? 0) > 0 || Boolean(checkpoints?.latest.restored),
    history: completedCheckpoints(checkpoints),
    // plain text: whoever logs or reports it neutralises it first
    ...(root ? { rootException: root.summary } : {}),
  };
}

/** The baseline the bake's checkpoint durations are compared with: the median of the old job's. */
export function checkpointBaseline(stats: CheckpointStats | undefined): number | undefined {
  return median(completedCheckpoints(stats).map((c) => c.durationMs));
}

/** Reads a job's sample from its cluster: detail, checkpoints, restarts, and the root exception when it failed. */
export async function readRestSample(rest: FlinkRestClient, jobId: string, at: number): Promise<RestSample> {
  const [job, checkpoints, metrics] = await Promise.all([
    rest.job(jobId),
    rest.checkpoints(jobId).catch((err: unknown) => {
      // a job without checkpointing answers an error on some versions: no checkpoint counts then
      if (err instanceof FlinkRestError && !err.transient) return undefined;
      throw err;
    }),
    rest.jobMetrics(jobId, RESTART_METRICS),
  ]);
  const restarts = metricNumber(metrics, 'numRestarts') ?? metricNumber(metrics, 'fullRestarts') ?? 0;
  const exceptions =
    restarts > 0 || job.state !== 'RUNNING' ? await rest.exceptions(jobId).catch(() => undefined) : undefined;
  return restSample({ at, job, checkpoints, exceptions, metrics });
}
