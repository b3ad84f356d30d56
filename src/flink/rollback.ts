/**
 * The rollback on a self-managed cluster: cancel the new job, then run the previous JAR on the original
 * cluster from the pre-upgrade savepoint (the original cluster is touched no further). Never throws: a
 * failure is a result naming what is left and the commands that finish the job by hand. The cost (the
 * rewind window: savepoint → the new job's cancellation) is stated as on Managed Service for Apache Flink.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import { formatSpan } from '../health/evaluate.js';
import { FlinkRestError } from './rest-errors.js';
import { neutraliseCommands } from '../workflow-commands.js';
import type { FlinkRestClient } from './rest.js';
import { cancelJob, FlinkStepError, submitJar, waitForJobRunning, type FlinkStepDeps } from './steps.js';

/** A Flink job id: 32 hex digits. */
export function newJobId(): string {
  return randomBytes(16).toString('hex');
}

/**
 * The id of the job an upgrade (or its rollback) starts from a given job: derived, so that the main
 * step, the post step and a retry after a lost answer all name the same job, and Flink refuses a
 * second submission of it.
 */
export function derivedJobId(role: 'upgrade' | 'rollback', fromJobId: string): string {
  return createHash('sha256').update(`${role}:${fromJobId}`).digest('hex').slice(0, 32);
}

/** The JAR the job ran before: a path to upload, or `jar:<id>` of one already on the original cluster. */
export function parsePreviousArtifact(text: string): { jarId: string } | { path: string } {
  return text.startsWith('jar:') ? { jarId: text.slice(4) } : { path: text };
}

export interface FlinkRollbackRequest {
  /** the original cluster (where the previous version ran) */
  source: FlinkRestClient;
  /** the cluster the new job runs on (the same one when the job did not move) */
  target: FlinkRestClient;
  /** the new job to cancel; absent when it never started */
  newJobId?: string;
  /** the id the previous version's job gets (default: a new one) */
  rollbackJobId?: string;
  /** the pre-upgrade savepoint (the stop's) and when it completed (epoch ms) */
  savepoint: { path: string; takenAt?: number };
  previous: {
    artifact: string;
    entryClass?: string;
    programArgs: string[];
    parallelism?: number;
  };
  reason: string;
  /** absolute clock ms */
  deadline: number;
  pollIntervalMs: number;
}

export interface FlinkRollbackResult {
  outcome: 'rolled-back' | 'failed';
  /** one paragraph: what happened; when failed, what is left and what to do */
  message: string;
  /** the job of the previous version (rolled back) */
  jobId?: string;
  /** the savepoint restored */
  restoredSavepoint: string;
  /** when the new job was cancelled (epoch ms of the clock) */
  stoppedAt?: number;
  rewindSeconds?: number;
  /** one line: the rewind window and what it means */
  cost: string;
  /** when failed: commands that finish the rollback by hand (no secrets in them) */
  manualSteps?: string[];
}

/** What the rollback cost, one line with figures (pure). */
export function rewindText(c: { savepoint: string; takenAt?: number; stoppedAt?: number }): {
  text: string;
  rewindSeconds?: number;
} {
  const at = c.takenAt !== undefined ? ` taken at ${new Date(c.takenAt).toISOString()}` : '';
  const rewindSeconds =
    c.takenAt !== undefined && c.stoppedAt !== undefined
      ? Math.max(0, Math.round((c.stoppedAt - c.takenAt) / 1000))
      : undefined;
  const window =
    rewindSeconds !== undefined
      ? `rewind ${rewindSeconds}s (${formatSpan(rewindSeconds * 1000)}: from the savepoint to the new job's cancellation at ${new Date(c.stoppedAt!).toISOString()})`
      : "rewind from the savepoint to the new job's cancellation";
  return {
    text:
      `restored savepoint ${c.savepoint}${at}; ${window}: output the new version wrote in that window is not undone, ` +
      "and the sources replay from the savepoint's positions (duplicates for at-least-once sinks)",
    ...(rewindSeconds !== undefined ? { rewindSeconds } : {}),
  };
}

function q(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The commands that finish a rollback by hand (pure; plain curl against the REST API, no headers). */
export function manualRollbackSteps(req: {
  sourceUrl: string;
  targetUrl: string;
  newJobId?: string;
  savepoint: string;
  previous: FlinkRollbackRequest['previous'];
}): string[] {
  const steps: string[] = [];
  if (req.newJobId) steps.push(`curl -X PATCH ${q(`${req.targetUrl}/jobs/${req.newJobId}?mode=cancel`)}`);
  const artifact = parsePreviousArtifact(req.previous.artifact);
  const jarId = 'jarId' in artifact ? artifact.jarId : '<id from the upload answer>';
  if ('path' in artifact)
    steps.push(`curl -X POST -F jarfile=@${q(artifact.path)} ${q(`${req.sourceUrl}/jars/upload`)}`);
  const body = JSON.stringify({
    savepointPath: req.savepoint,
    ...(req.previous.entryClass ? { entryClass: req.previous.entryClass } : {}),
    ...(req.previous.programArgs.length ? { programArgsList: req.previous.programArgs } : {}),
    ...(req.previous.parallelism ? { parallelism: req.previous.parallelism } : {}),
  });
  steps.push(
    `curl -X POST -H 'content-type: application/json' -d ${q(body)} ${q(`${req.sourceUrl}/jars/${jarId}/run`)}`,
  );
  return steps;
}

/** Retries a step while its failure is transient and the deadline allows (clock ms between tries). */
async function retrying<T>(
  deps: FlinkStepDeps,
  deadline: number,
  intervalMs: number,
  what: string,
  fn: () => Promise<T>,
): Promise<T> {
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      const transient = err instanceof FlinkRestError && err.transient;
      if (!transient || deps.clock.now() + intervalMs > deadline || deps.signal?.aborted) throw err;
      deps.log.info(
        neutraliseCommands(`${what}: ${(err as Error).message}; trying again in ${formatSpan(intervalMs)}`),
      );
      await deps.clock.sleep(intervalMs, deps.signal);
    }
  }
}

/** Returns the job to its previous version on the original cluster. Never throws. */
export async function rollBackFlink(
  deps: { clock: Clock; signal?: AbortSignal; log: { info(line: string): void } },
  req: FlinkRollbackRequest,
): Promise<FlinkRollbackResult> {
  const sourceDeps: FlinkStepDeps = { ...deps, rest: req.source };
  const targetDeps: FlinkStepDeps = { ...deps, rest: req.target };
  const limits = {
    timeoutMs: Math.max(1000, req.deadline - deps.clock.now()),
    intervalMs: req.pollIntervalMs,
  };
  const interval = Math.min(req.pollIntervalMs, 5000);
  let stoppedAt: number | undefined;
  let phase = 'cancel the new job';
  try {
    if (req.newJobId) {
      const id = req.newJobId;
      const job = await retrying(targetDeps, req.deadline, interval, 'read of the new job', () =>
        req.target.job(id).catch((err: unknown) => {
          if (err instanceof FlinkRestError && err.status === 404) return undefined;
          throw err;
        }),
      );
      if (job && !['FAILED', 'CANCELED', 'FINISHED'].includes(job.state)) {
        deps.log.info(`rollback: cancelling the new job ${id} on ${req.target.url} (${req.reason})`);
        await retrying(targetDeps, req.deadline, interval, 'cancel', () =>
          cancelJob(targetDeps, id, {
            ...limits,
            timeoutMs: Math.max(1000, req.deadline - deps.clock.now()),
          }),
        );
        stoppedAt = deps.clock.now();
      } else if (job) {
        deps.log.info(`rollback: the new job ${id} on ${req.target.url} is ${job.state} already`);
        stoppedAt = job['end-time'] > 0 ? job['end-time'] : deps.clock.now();
      }
    }
    phase = 'run the previous JAR';
    const artifact = parsePreviousArtifact(req.previous.artifact);
    const jobId = req.rollbackJobId ?? newJobId();
    const request = {
      savepointPath: req.savepoint.path,
      jobId,
      ...(req.previous.entryClass ? { entryClass: req.previous.entryClass } : {}),
      ...(req.previous.programArgs.length ? { programArgsList: req.previous.programArgs } : {}),
      ...(req.previous.parallelism ? { parallelism: req.previous.parallelism } : {}),
    };
    deps.log.info(
      `rollback: running the previous JAR on ${req.source.url} from savepoint ${req.savepoint.path}`,
    );
    await retrying(sourceDeps, req.deadline, interval, 'run of the previous JAR', async () => {
      // a retry after a lost answer finds the job already there (same id): not submitted twice
      const existing = await req.source.job(jobId).catch(() => undefined);
      if (existing) return;
      if ('jarId' in artifact) {
        await req.source.runJar(artifact.jarId, request);
        deps.log.info(`job ${jobId} submitted from ${artifact.jarId} restoring ${req.savepoint.path}`);
      } else await submitJar(sourceDeps, artifact.path, request);
    });
    phase = 'wait for the previous version to run';
    await waitForJobRunning(sourceDeps, jobId, {
      ...limits,
      timeoutMs: Math.max(1000, req.deadline - deps.clock.now()),
    });
    const { text, rewindSeconds } = rewindText({
      savepoint: req.savepoint.path,
      ...(req.savepoint.takenAt !== undefined ? { takenAt: req.savepoint.takenAt } : {}),
      ...(stoppedAt !== undefined ? { stoppedAt } : {}),
    });
    return {
      outcome: 'rolled-back',
      message: `rolled back: the previous JAR runs again as job ${jobId} on ${req.source.url}, restored from savepoint ${req.savepoint.path}`,
      jobId,
      restoredSavepoint: req.savepoint.path,
      ...(stoppedAt !== undefined ? { stoppedAt } : {}),
      ...(rewindSeconds !== undefined ? { rewindSeconds } : {}),
      cost: text,
    };
  } catch (err) {
    const reason = err instanceof FlinkStepError ? err.message : (err as Error).message;
    const cancelled = stoppedAt !== undefined || !req.newJobId;
    const left = cancelled
      ? `the new job is cancelled and the previous version does not run: the job is down.`
      : `the new job ${req.newJobId} may still run on ${req.target.url}.`;
    return {
      outcome: 'failed',
      message: `rollback failed (could not ${phase}: ${reason}). ${left} Finish it by hand from savepoint ${req.savepoint.path}.`,
      restoredSavepoint: req.savepoint.path,
      ...(stoppedAt !== undefined ? { stoppedAt } : {}),
      cost: `nothing restored yet; the savepoint to restore is ${req.savepoint.path}`,
      manualSteps: manualRollbackSteps({
        sourceUrl: req.source.url,
        targetUrl: req.target.url,
        ...(req.newJobId && !cancelled ? { newJobId: req.newJobId } : {}),
        savepoint: req.savepoint.path,
        previous: req.previous,
      }),
    };
  }
}
