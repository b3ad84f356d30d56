/**
 * Phase 7: follows an MSF operation (UpdateApplication, StartApplication, a system rollback) to a
 * terminal state, one progress line per poll, then checks that the application really runs what the
 * plan asked for. Pure verdicts apart from the reads.
 */
import { attemptsOf, errorName, isTransient } from '../aws/errors.js';
import { pollWith } from '../wait.js';
import type { PhaseDeps } from '../pipeline/deps.js';
import type { UpgradePlan } from './plan.js';
import type { ApplicationView, FlinkTarget, OperationView, Verification } from '../pipeline/target.js';

export const TERMINAL_OPERATION_STATES = new Set(['SUCCESSFUL', 'FAILED', 'CANCELLED']);

export interface FollowRequest {
  operationId: string;
  /** e.g. `UpdateApplication of app-x` */
  what: string;
  deadline: number;
  intervalMs: number;
}

/** Polls DescribeApplicationOperation until SUCCESSFUL, FAILED or CANCELLED (WaitTimeoutError at the deadline). */
export function followOperation(
  deps: PhaseDeps,
  target: FlinkTarget,
  req: FollowRequest,
): Promise<OperationView> {
  return pollWith(deps, {
    what: `${req.what} (operation ${req.operationId})`,
    deadline: req.deadline,
    intervalMs: req.intervalMs,
    firstProbeAfterMs: req.intervalMs,
    probe: () => target.describeOperation(req.operationId),
    check: (op) =>
      TERMINAL_OPERATION_STATES.has(op.status)
        ? { done: true, result: op }
        : { done: false, state: op.status, detail: op.operation },
  });
}

/**
 * The operation a call started when the response carried no OperationId: the newest one of that kind
 * that started after the call (with some slack for clock skew).
 */
export async function findOperation(
  target: FlinkTarget,
  operation: string,
  notBefore: number,
): Promise<OperationView | undefined> {
  const ops = await target.listOperations();
  return ops.find((o) => o.operation === operation && (o.startTime ?? 0) >= notBefore - CLOCK_SLACK_MS);
}

/** Slack for clock skew between the runner and AWS when matching operations to calls. */
const CLOCK_SLACK_MS = 5 * 60_000;
/**
 * The same, for recognising a call whose answer was lost by an operation that carries nothing else to
 * match on (StartApplication): tight, so an earlier operation of the same kind is not taken for it. A
 * runner clock further off than this only means the call is not recognised and the run fails as before.
 */
export const LOST_ANSWER_SLACK_MS = 60_000;

/**
 * Whether a call that failed may still have been applied: its answer was lost (the SDK retries a dropped
 * connection or a 5xx, and the retry is refused because the first attempt already changed the
 * application: ConcurrentModificationException, ResourceInUseException), or it ended on a transient error.
 */
export function mayHaveBeenApplied(err: unknown): boolean {
  if (isTransient(err)) return true;
  const name = errorName(err);
  return (
    attemptsOf(err) > 1 && (name === 'ConcurrentModificationException' || name === 'ResourceInUseException')
  );
}

/** Does the application's configuration name the plan's runtime and code? (Status aside.) */
export function configuredAsPlanned(plan: UpgradePlan, app: ApplicationView): boolean {
  return (
    app.runtime === plan.runtime.to &&
    app.bucket === plan.code.bucket &&
    app.fileKey === plan.code.key &&
    (!plan.code.objectVersion || app.objectVersion === plan.code.objectVersion)
  );
}

/**
 * The update this run sent although its answer never arrived (see mayHaveBeenApplied): an
 * UpdateApplication operation that started after the call and updated from the version the request
 * named, or — an update of a READY application starts no operation — the application one version on,
 * configured as planned. Undefined when the update was not applied (or someone else's change won).
 */
export async function findUnansweredUpdate(
  target: FlinkTarget,
  plan: UpgradePlan,
  calledAt: number,
): Promise<{ operationId?: string; versionId: number; app: ApplicationView } | undefined> {
  const ops = await target.listOperations();
  const app = await target.describe();
  const candidates = ops
    .filter((o) => o.operation === 'UpdateApplication' && (o.startTime ?? 0) >= calledAt - CLOCK_SLACK_MS)
    .slice(0, 3);
  for (const candidate of candidates) {
    const op = await target.describeOperation(candidate.id);
    if (op.versionFrom !== plan.expected.versionId) continue;
    // Another update from the same version (same token) won the race: not ours.
    if (op.versionTo === app.versionId && !configuredAsPlanned(plan, app)) return undefined;
    return { operationId: op.id, versionId: op.versionTo ?? app.versionId, app };
  }
  if (app.versionId === plan.expected.versionId + 1 && configuredAsPlanned(plan, app)) {
    return { versionId: app.versionId, app };
  }
  return undefined;
}

/**
 * The StartApplication this run sent although its answer never arrived: the newest StartApplication
 * operation that started after the call, or (none listed) an application already STARTING or RUNNING.
 */
export async function findUnansweredStart(
  target: FlinkTarget,
  calledAt: number,
): Promise<{ operationId?: string } | undefined> {
  const ops = await target.listOperations();
  const op = ops.find(
    (o) => o.operation === 'StartApplication' && (o.startTime ?? 0) >= calledAt - LOST_ANSWER_SLACK_MS,
  );
  if (op) return { operationId: op.id };
  const app = await target.describe();
  return app.status === 'STARTING' || app.status === 'RUNNING' ? {} : undefined;
}

/** Does the application run the plan's runtime and code, in a new version, and is it RUNNING? Pure. */
export function verifyApplication(
  plan: UpgradePlan,
  app: ApplicationView,
  expectedVersion?: number,
): Verification {
  const problems: string[] = [];
  if (app.runtime !== plan.runtime.to)
    problems.push(`runtime is ${app.runtime}, expected ${plan.runtime.to}`);
  if (app.fileKey !== plan.code.key)
    problems.push(`code key is ${app.fileKey ?? 'none'}, expected ${plan.code.key}`);
  if (app.bucket !== plan.code.bucket)
    problems.push(`code bucket is ${app.bucket ?? 'none'}, expected ${plan.code.bucket}`);
  if (plan.code.objectVersion && app.objectVersion !== plan.code.objectVersion) {
    problems.push(`object version is ${app.objectVersion ?? 'none'}, expected ${plan.code.objectVersion}`);
  }
  if (app.versionId <= plan.previous.versionId) {
    problems.push(`application version is ${app.versionId}, not newer than ${plan.previous.versionId}`);
  } else if (expectedVersion !== undefined && app.versionId !== expectedVersion) {
    // A later version is fine only if it is ours plus a start; anything else is someone else's change.
    if (app.versionId < expectedVersion)
      problems.push(`application version is ${app.versionId}, expected ${expectedVersion}`);
  }
  // A stopped application upgraded without start: true stays READY.
  const expectedStatus = plan.status === 'READY' && !plan.startAfterUpdate ? 'READY' : 'RUNNING';
  if (app.status !== expectedStatus) problems.push(`status is ${app.status}, expected ${expectedStatus}`);
  const backOnPrevious =
    app.runtime === plan.previous.runtime &&
    app.fileKey === plan.previous.fileKey &&
    (plan.runtime.from !== plan.runtime.to || plan.previous.fileKey !== plan.code.key);
  return { ok: problems.length === 0, problems, backOnPrevious };
}
