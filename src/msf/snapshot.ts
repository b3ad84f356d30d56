/**
 * Phase 4: a named snapshot of the running application before anything changes, waited for until
 * READY. A FAILED snapshot or a timeout stops the run while the application is still untouched.
 */
import { attemptsOf, describeError, errorName, isTransient } from '../aws/errors.js';
import { pollWith, WaitTimeoutError } from '../wait.js';
import type { PhaseDeps } from '../pipeline/deps.js';
import { PhaseError } from '../pipeline/errors.js';
import type { FlinkTarget, SnapshotRequest, SnapshotView } from '../pipeline/target.js';
import { snapshotQuotaMessage } from './quotas.js';

export async function takeSnapshot(
  deps: PhaseDeps,
  target: FlinkTarget,
  req: SnapshotRequest,
): Promise<SnapshotView> {
  const app = target.application;
  try {
    await target.createSnapshot(req.name);
  } catch (err) {
    const cause = err instanceof PhaseError ? err.cause : err;
    if (await createdAnyway(target, req.name, cause)) {
      deps.log.warn(
        `CreateApplicationSnapshot of ${app} ended with ${describeError(cause).replace(/\.$/, '')} after ` +
          `${attemptsOf(cause)} attempt(s), but snapshot ${req.name} exists: an attempt went through; waiting for it`,
      );
      return waitForSnapshot(deps, target, req);
    }
    if (errorName(cause) === 'LimitExceededException') {
      const count = await target.listSnapshots().then(
        (s) => s.length,
        () => undefined,
      );
      throw new PhaseError(
        'snapshot',
        `snapshot of ${app} refused: ${snapshotQuotaMessage(app, count)}`,
        cause,
      );
    }
    if (errorName(cause) === 'InvalidApplicationConfigurationException') {
      throw new PhaseError(
        'snapshot',
        `snapshot of ${app} failed: ${(cause as Error).message.replace(/\.$/, '')}. The job is probably not healthy right now (MSF cannot ` +
          'snapshot a job that is restarting); nothing was changed. Check the application logs and run again',
        cause,
      );
    }
    throw err;
  }
  return waitForSnapshot(deps, target, req);
}

/**
 * A CreateApplicationSnapshot that failed after an attempt went through (its answer lost, the SDK's
 * retry refused because the name now exists, or a transient error on the last attempt): the snapshot
 * exists. The name was checked free in preflight, so it is ours.
 */
async function createdAnyway(target: FlinkTarget, name: string, cause: unknown): Promise<boolean> {
  const retriedIntoExisting =
    attemptsOf(cause) > 1 &&
    ['InvalidArgumentException', 'ResourceInUseException'].includes(errorName(cause)) &&
    /already exists/i.test(describeError(cause));
  if (!retriedIntoExisting && !isTransient(cause)) return false;
  const snapshot = await target.describeSnapshot(name).catch(() => undefined);
  return snapshot !== undefined;
}

async function waitForSnapshot(
  deps: PhaseDeps,
  target: FlinkTarget,
  req: SnapshotRequest,
): Promise<SnapshotView> {
  const app = target.application;
  try {
    return await pollWith(deps, {
      what: `snapshot ${req.name} of ${app} to be READY`,
      deadline: req.deadline,
      intervalMs: req.intervalMs,
      firstProbeAfterMs: req.intervalMs,
      probe: () => target.describeSnapshot(req.name),
      check: (s) => {
        if (!s) return { done: false, state: 'not listed yet' };
        if (s.status === 'READY') return { done: true, result: s };
        if (s.status === 'FAILED' || s.status === 'DELETING') {
          throw new PhaseError(
            'snapshot',
            `snapshot ${req.name} of ${app} is ${s.status}; nothing was changed. Check the application's health and ` +
              'logs (a job that cannot checkpoint cannot be snapshotted), then run again',
          );
        }
        return { done: false, state: s.status };
      },
      onTimeoutHint: 'Nothing was changed; raise timeout or check the application, then run again',
    });
  } catch (err) {
    if (err instanceof WaitTimeoutError)
      throw new PhaseError('snapshot', `snapshot of ${app}: ${err.message}`, err);
    throw err;
  }
}
