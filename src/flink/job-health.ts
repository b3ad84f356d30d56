/** Reads a job's health snapshot from the JobManager REST API (see outcomes.ts for the reading). */
import { healthSnapshot, type JobHealthSnapshot } from './outcomes.js';
import type { FlinkRestClient } from './rest.js';

export async function readJobHealth(rest: FlinkRestClient, jobId: string): Promise<JobHealthSnapshot> {
  const [job, checkpoints, exceptions, metrics] = await Promise.all([
    rest.job(jobId),
    // a job without checkpointing answers 404 on some versions: no checkpoint counts then
    rest.checkpoints(jobId).catch((err: unknown) => {
      if ((err as { status?: number }).status === 404) return undefined;
      throw err;
    }),
    rest.exceptions(jobId),
    rest.jobMetrics(jobId, ['numRestarts']),
  ]);
  return healthSnapshot({ job, checkpoints, exceptions, metrics, now: Date.now() });
}
