/**
 * The upgrade itself on self-managed Flink, in the order that changes nothing until it must: upload the
 * new JAR to the cluster it will run on (a refused upload changes nothing), stop the job with a
 * savepoint (a failed savepoint leaves the job running: nothing changed), then run the new JAR from
 * that savepoint (or without state), on the same cluster or the target one, with a job id chosen here
 * so that a retried submission cannot start the job twice.
 */
import { FlinkRestError, rootCause } from './rest-errors.js';
import { newJobId } from './rollback.js';
import { stopWithSavepoint, FlinkStepError, type FlinkStepDeps, type WaitLimits } from './steps.js';
import type { UpgradeMode } from './settings.js';
import type { JobDetails, RunJarRequest } from './types.js';
import { pollWith } from '../wait.js';
import { metricNumber, rootException } from './outcomes.js';

const ENDED = new Set(['FAILED', 'CANCELED', 'FINISHED', 'SUSPENDED']);

/** Uploads the new JAR (POST /jars/upload): its id on the cluster. */
export async function uploadArtifact(deps: FlinkStepDeps, path: string): Promise<string> {
  try {
    const jarId = await deps.rest.uploadJar(path);
    deps.log.info(`uploaded ${path} to ${deps.rest.url} as ${jarId}`);
    return jarId;
  } catch (err) {
    const reason =
      err instanceof FlinkRestError ? rootCause(err.errors) || err.message : (err as Error).message;
    const hint =
      err instanceof FlinkRestError && err.status === 413
        ? ' The JAR is larger than the JobManager accepts: raise rest.server.max-content-length.'
        : err instanceof FlinkRestError && err.status === 404
          ? ' Web submission is off: set web.submit.enable: true.'
          : '';
    throw new FlinkStepError(
      `upload of ${path} to ${deps.rest.url} failed: ${reason}.${hint}`,
      'upload',
      reason,
      {
        cause: err,
      },
    );
  }
}

/** Stops the job with a savepoint: its location and when it completed (clock ms). */
export async function stopForUpgrade(
  deps: FlinkStepDeps,
  jobId: string,
  savepointDir: string | undefined,
  limits: WaitLimits,
): Promise<{ path: string; takenAt: number }> {
  const path = await stopWithSavepoint(deps, jobId, {
    ...(savepointDir ? { targetDirectory: savepointDir } : {}),
    ...limits,
  });
  return { path, takenAt: deps.clock.now() };
}

export interface RunNewRequest {
  jarId: string;
  mode: UpgradeMode;
  savepointPath?: string;
  allowNonRestoredState: boolean;
  entryClass?: string;
  programArgs: string[];
  parallelism?: number;
}

/** The run request of the new job (pure). */
export function runRequest(req: RunNewRequest, jobId: string): RunJarRequest {
  const stateful = req.mode === 'savepoint' && req.savepointPath !== undefined;
  return {
    jobId,
    ...(stateful
      ? { savepointPath: req.savepointPath, allowNonRestoredState: req.allowNonRestoredState }
      : {}),
    ...(req.entryClass ? { entryClass: req.entryClass } : {}),
    ...(req.programArgs.length ? { programArgsList: req.programArgs } : {}),
    ...(req.parallelism ? { parallelism: req.parallelism } : {}),
  };
}

/**
 * Runs the uploaded JAR (POST /jars/:id/run): the new job's id, once Flink accepted it (follow it with
 * waitForJobRunning). A refused run is a FlinkStepError('run') with Flink's innermost cause (a
 * savepoint the job cannot take, a program that fails in main()).
 */
export async function runNewJob(
  deps: FlinkStepDeps,
  req: RunNewRequest,
  limits: WaitLimits,
  jobId: string = newJobId(),
): Promise<string> {
  const request = runRequest(req, jobId);
  let attempts = 0;
  for (;;) {
    try {
      await deps.rest.runJar(req.jarId, request);
      break;
    } catch (err) {
      if (err instanceof FlinkRestError && err.transient && attempts < 3) {
        attempts += 1;
        // the answer may have been lost after the job was accepted: the id tells
        const existing = await deps.rest.job(jobId).catch(() => undefined);
        if (existing) break;
        await deps.clock.sleep(limits.intervalMs ?? 1000, deps.signal);
        continue;
      }
      if (!(err instanceof FlinkRestError)) throw err;
      const reason = rootCause(err.errors) || err.message;
      const hint = /allowNonRestoredState|cannot be mapped|Cannot map/i.test(err.message + reason)
        ? ' The savepoint holds state of operators the new job does not have: keep their uids, or set allow-non-restored-state: true.'
        : '';
      throw new FlinkStepError(
        `run of the new JAR on ${deps.rest.url} failed: ${reason}.${hint}`,
        'run',
        reason,
        {
          cause: err,
        },
      );
    }
  }
  deps.log.info(
    `job ${jobId} submitted on ${deps.rest.url}` +
      (request.savepointPath ? ` restoring ${request.savepointPath}` : ' without state'),
  );
  return jobId;
}

/** How the new job came up: all its tasks run, or it restarts already (the health gate judges that). */
export type NewJobStart =
  { state: 'running'; job: JobDetails } | { state: 'restarting'; job: JobDetails; restarts: number };

/**
 * Waits until the new job's tasks all run, or until it restarts (a restore that fails in the tasks
 * loops there: the gate catches it on its first reading, with the root exception). A job that ends
 * fails the wait with its root exception.
 */
export async function waitForNewJob(
  deps: FlinkStepDeps,
  jobId: string,
  limits: WaitLimits,
): Promise<NewJobStart> {
  const start = await pollWith<
    { job: JobDetails; restarts: number },
    NewJobStart | { state: 'ended'; job: JobDetails }
  >(deps, {
    what: `job ${jobId} on ${deps.rest.url} to run`,
    deadline: deps.clock.now() + (limits.timeoutMs ?? 600_000),
    intervalMs: limits.intervalMs ?? 1000,
    probe: async () => {
      const [job, metrics] = await Promise.all([
        deps.rest.job(jobId),
        deps.rest.jobMetrics(jobId, ['numRestarts']).catch(() => []),
      ]);
      return { job, restarts: metricNumber(metrics, 'numRestarts') ?? 0 };
    },
    check: ({ job, restarts }) => {
      const running = job.vertices.filter((v) => v.status === 'RUNNING').length;
      if (ENDED.has(job.state)) return { done: true, result: { state: 'ended', job } };
      if (job.state === 'RUNNING' && running === job.vertices.length && running > 0) {
        return { done: true, result: { state: 'running', job } };
      }
      if (restarts > 0 || job.state === 'RESTARTING') {
        return { done: true, result: { state: 'restarting', job, restarts } };
      }
      return { done: false, state: job.state, detail: `${running}/${job.vertices.length} tasks running` };
    },
  });
  if (start.state === 'ended') {
    const root = rootException(await deps.rest.exceptions(jobId).catch(() => ({})));
    const reason = root ? root.summary : start.job.state;
    throw new FlinkStepError(
      `job ${jobId} on ${deps.rest.url} ended ${start.job.state} instead of running: ${reason}`,
      'start',
      reason,
    );
  }
  return start;
}
