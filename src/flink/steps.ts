/**
 * The upgrade steps on a Flink cluster, each followed to its end with a deadline, the caller's abort
 * signal and progress lines: take a savepoint or stop with one, upload and run a JAR (from a savepoint),
 * wait for a job to run, cancel it. Errors name the job, the step and what to do.
 */
import type { Clock } from '../clock.js';
import { pollWith } from '../wait.js';
import { rootException, savepointOutcome } from './outcomes.js';
import { FlinkRestError, rootCause } from './rest-errors.js';
import type { FlinkRestClient } from './rest.js';
import type { JobDetails, RunJarRequest } from './types.js';

export interface FlinkStepDeps {
  rest: FlinkRestClient;
  clock: Clock;
  signal?: AbortSignal;
  log: { info(line: string): void };
}

export interface WaitLimits {
  /** clock ms (default 10 min) */
  timeoutMs?: number;
  /** clock ms between polls (default 1 s) */
  intervalMs?: number;
}

/** A step that ended in a definite failure (not a timeout): its message says what failed and why. */
export class FlinkStepError extends Error {
  override readonly name = 'FlinkStepError';
  constructor(
    message: string,
    readonly step: 'savepoint' | 'stop-with-savepoint' | 'upload' | 'run' | 'start' | 'cancel',
    /** the reason as Flink gave it (plain text) */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const ENDED = new Set(['FAILED', 'CANCELED', 'FINISHED', 'SUSPENDED']);

function deadline(deps: FlinkStepDeps, limits: WaitLimits): number {
  return deps.clock.now() + (limits.timeoutMs ?? 600_000);
}

/** Follows a savepoint trigger (of /savepoints or /stop) to its location. */
export async function followSavepoint(
  deps: FlinkStepDeps,
  jobId: string,
  triggerId: string,
  step: 'savepoint' | 'stop-with-savepoint',
  limits: WaitLimits = {},
): Promise<string> {
  const outcome = await pollWith(deps, {
    what: `${step} of job ${jobId} on ${deps.rest.url}`,
    deadline: deadline(deps, limits),
    intervalMs: limits.intervalMs ?? 1000,
    probe: () => deps.rest.savepointStatus(jobId, triggerId),
    check: (status) => {
      const o = savepointOutcome(status);
      return o.state === 'IN_PROGRESS' ? { done: false, state: 'IN_PROGRESS' } : { done: true, result: o };
    },
    onTimeoutHint:
      'The job may still be writing the savepoint: look at the JobManager log and the savepoint directory.',
  });
  if (outcome.state === 'FAILED') {
    const fix =
      step === 'stop-with-savepoint'
        ? 'The job was not stopped and keeps running; fix the cause (e.g. a savepoint directory the cluster can write) and retry.'
        : 'Fix the cause (e.g. a savepoint directory the cluster can write) and retry.';
    throw new FlinkStepError(
      `${step} of job ${jobId} on ${deps.rest.url} failed: ${outcome.reason}. ${fix}`,
      step,
      outcome.reason,
    );
  }
  if (outcome.state !== 'COMPLETED') throw new Error('unreachable');
  deps.log.info(`${step} of job ${jobId}: completed at ${outcome.location}`);
  return outcome.location;
}

/** Stops the job with a savepoint (POST /jobs/:id/stop) and follows it: the savepoint's location. */
export async function stopWithSavepoint(
  deps: FlinkStepDeps,
  jobId: string,
  options: { targetDirectory?: string; drain?: boolean } & WaitLimits = {},
): Promise<string> {
  const triggerId = await deps.rest.stopWithSavepoint(jobId, {
    ...(options.targetDirectory ? { targetDirectory: options.targetDirectory } : {}),
    drain: options.drain ?? false,
  });
  deps.log.info(`stop-with-savepoint of job ${jobId} triggered (${triggerId})`);
  const location = await followSavepoint(deps, jobId, triggerId, 'stop-with-savepoint', options);
  // the savepoint completes a moment before the job reaches FINISHED: the step ends when it has
  await waitForJobEnd(deps, jobId, 'stop', options);
  return location;
}

async function waitForJobEnd(
  deps: FlinkStepDeps,
  jobId: string,
  verb: string,
  limits: WaitLimits,
): Promise<string> {
  return pollWith(deps, {
    what: `job ${jobId} on ${deps.rest.url} to ${verb}`,
    deadline: deadline(deps, limits),
    intervalMs: Math.min(limits.intervalMs ?? 500, 500),
    probe: () => deps.rest.job(jobId),
    check: (details) =>
      ENDED.has(details.state)
        ? { done: true, result: details.state }
        : { done: false, state: details.state },
  });
}

/** Takes a savepoint of a running job (POST /jobs/:id/savepoints), which keeps running. */
export async function takeSavepoint(
  deps: FlinkStepDeps,
  jobId: string,
  options: { targetDirectory?: string } & WaitLimits = {},
): Promise<string> {
  const triggerId = await deps.rest.triggerSavepoint(jobId, {
    ...(options.targetDirectory ? { targetDirectory: options.targetDirectory } : {}),
  });
  deps.log.info(`savepoint of job ${jobId} triggered (${triggerId})`);
  return followSavepoint(deps, jobId, triggerId, 'savepoint', options);
}

/**
 * Uploads a JAR and runs it (optionally from a savepoint): the new job's id. A refused run (the
 * program failed in main(), the savepoint does not match the job) is a FlinkStepError with Flink's
 * innermost cause as its reason.
 */
export async function submitJar(
  deps: FlinkStepDeps,
  jarPath: string,
  request: RunJarRequest = {},
): Promise<{ jarId: string; jobId: string }> {
  let jarId: string;
  try {
    jarId = await deps.rest.uploadJar(jarPath);
  } catch (err) {
    const reason = err instanceof FlinkRestError ? rootCause(err.errors) || err.message : String(err);
    throw new FlinkStepError(
      `upload of ${jarPath} to ${deps.rest.url} failed: ${reason}. Check that web submission is enabled (web.submit.enable) and the JAR is readable.`,
      'upload',
      reason,
      { cause: err },
    );
  }
  deps.log.info(`uploaded ${jarPath} to ${deps.rest.url} as ${jarId}`);
  try {
    const jobId = await deps.rest.runJar(jarId, request);
    deps.log.info(
      `job ${jobId} submitted from ${jarId}` +
        (request.savepointPath ? ` restoring ${request.savepointPath}` : ''),
    );
    return { jarId, jobId };
  } catch (err) {
    if (!(err instanceof FlinkRestError) || err.transient) throw err;
    const reason = rootCause(err.errors) || err.message;
    const hint = /allowNonRestoredState|cannot be mapped|Cannot map/i.test(err.message)
      ? ' The savepoint holds state of operators the new job does not have: keep their uids, or allow non-restored state.'
      : '';
    throw new FlinkStepError(`run of ${jarId} on ${deps.rest.url} failed: ${reason}.${hint}`, 'run', reason, {
      cause: err,
    });
  }
}

/** Waits until the job and all its tasks are RUNNING; a job that ends instead fails the wait. */
export async function waitForJobRunning(
  deps: FlinkStepDeps,
  jobId: string,
  limits: WaitLimits = {},
): Promise<JobDetails> {
  const job = await pollWith(deps, {
    what: `job ${jobId} on ${deps.rest.url} to run`,
    deadline: deadline(deps, limits),
    intervalMs: limits.intervalMs ?? 1000,
    probe: () => deps.rest.job(jobId),
    check: (details) => {
      const running = details.vertices.filter((v) => v.status === 'RUNNING').length;
      if (details.state === 'RUNNING' && running === details.vertices.length && running > 0) {
        return { done: true, result: details };
      }
      if (ENDED.has(details.state)) return { done: true, result: details };
      return {
        done: false,
        state: details.state,
        detail: `${running}/${details.vertices.length} tasks running`,
      };
    },
  });
  if (job.state !== 'RUNNING') {
    // why: the newest entry of the exception history (e.g. a savepoint that does not fit the job)
    const root = rootException(await deps.rest.exceptions(jobId));
    const reason = root ? root.summary : job.state;
    throw new FlinkStepError(
      `job ${jobId} on ${deps.rest.url} ended ${job.state} instead of running: ${reason}`,
      'start',
      reason,
    );
  }
  return job;
}

/** Cancels a job (PATCH /jobs/:id) and waits until it is CANCELED (or otherwise ended). */
export async function cancelJob(deps: FlinkStepDeps, jobId: string, limits: WaitLimits = {}): Promise<void> {
  try {
    await deps.rest.cancel(jobId);
  } catch (err) {
    // 409: the job reached another terminal state first (finished, failed): nothing left to cancel
    if (!(err instanceof FlinkRestError && err.status === 409)) throw err;
  }
  await waitForJobEnd(deps, jobId, 'be cancelled', limits);
}
