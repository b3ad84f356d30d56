/**
 * Following MSF's answer to an update: the UpdateApplication operation, for a READY application the
 * StartApplication after it (recognising a start whose answer was lost), and MSF's own system rollback
 * when the operation failed and MSF rolled back by itself. Ends in a Landing (undefined: it succeeded).
 * What it may change on the run is what `FollowContext` offers: the saved operation ids and the report's
 * operation records.
 */
import { attemptsOf, describeError, isTransient, transientCause } from '../aws/errors.js';
import { formatDuration } from '../duration.js';
import { oneLine, PhaseError } from '../pipeline/errors.js';
import { findOperation, findUnansweredStart, followOperation, mayHaveBeenApplied } from './operation.js';
import type { UpgradePlan } from './plan.js';
import type { FlinkTarget, FollowContext, Landing } from '../pipeline/target.js';
import type { OperationRecord } from '../report/types.js';
import { pollWith, WaitTimeoutError } from '../wait.js';
import type { OperationView } from './application.js';
import { differencesFrom } from './rollback.js';
import { describeState, systemRollbackCost } from './rollback-plan.js';

/** Follows the update (and, for a READY application, the start) to the end. undefined = succeeded. */
export async function followUpdate(
  ctx: FollowContext,
  target: FlinkTarget,
  plan: UpgradePlan,
  operationId: string | undefined,
  calledAt: number,
): Promise<Landing | undefined> {
  const updateOp = await follow(ctx, target, plan, 'UpdateApplication', operationId, calledAt);
  if (updateOp.landing) return updateOp.landing;
  if (!plan.startAfterUpdate) return undefined;

  ctx.deps.log.info(
    `${plan.application} is READY: starting it (${plan.restore.type}${plan.restore.snapshotName ? ` ${plan.restore.snapshotName}` : ''})`,
  );
  const startedAt = ctx.deps.clock.now();
  let started: { operationId?: string };
  try {
    started = await target.start(plan);
  } catch (err) {
    const lost = await findLostStart(ctx, target, err, startedAt);
    if (!lost) {
      return {
        kind: 'needs-rollback',
        reason: `StartApplication after the update was refused: ${ctx.explain(err)}`,
      };
    }
    started = lost;
  }
  if (started.operationId) {
    ctx.following(started.operationId);
    ctx.operation('start', { id: started.operationId, operation: 'StartApplication', status: 'IN_PROGRESS' });
  }
  const startOp = await follow(ctx, target, plan, 'StartApplication', started.operationId, startedAt);
  return startOp.landing;
}

/** Like findLostUpdate, for the StartApplication of a READY application: the start to follow, if it went out. */
async function findLostStart(
  ctx: FollowContext,
  target: FlinkTarget,
  err: unknown,
  startedAt: number,
): Promise<{ operationId?: string } | undefined> {
  const cause = err instanceof PhaseError ? err.cause : err;
  if (!mayHaveBeenApplied(cause)) return undefined;
  const name = target.application;
  ctx.deps.log.warn(
    `${name}: StartApplication ended with ${describeError(cause).replace(/\.$/, '')} after ${attemptsOf(cause)} attempt(s); an attempt ` +
      'may have been applied without its answer arriving: reading the application and its operations',
  );
  const found = await findUnansweredStart(target, startedAt).catch(() => undefined);
  if (found) {
    ctx.deps.log.warn(
      `${name}: the start was applied${found.operationId ? ` (operation ${found.operationId})` : ''}; following it`,
    );
  }
  return found;
}

async function follow(
  ctx: FollowContext,
  target: FlinkTarget,
  plan: UpgradePlan,
  operation: 'UpdateApplication' | 'StartApplication',
  operationId: string | undefined,
  calledAt: number,
): Promise<{ landing?: Landing }> {
  const { deps } = ctx;
  let id = operationId;
  if (!id) id = (await findOperation(target, operation, calledAt))?.id;
  if (!id) {
    // No operation to follow: wait for the application to leave its transition instead.
    const app = await ctx.waitSteady(`${plan.application} to finish ${operation}`);
    deps.log.info(`${operation}: no operation id; ${plan.application} is ${app.status}`);
    return {};
  }
  let op: OperationView;
  try {
    op = await followOperation(deps, target, {
      operationId: id,
      what: `${operation} of ${plan.application}`,
      deadline: ctx.deadline,
      intervalMs: ctx.pollIntervalMs,
    });
  } catch (err) {
    if (err instanceof WaitTimeoutError) {
      return {
        landing: {
          kind: 'needs-rollback',
          reason: `${operation} operation ${id} still IN_PROGRESS after ${formatDuration(ctx.timeoutMs)} (timeout)`,
        },
      };
    }
    if (isTransient(err)) {
      // The change went out but its outcome cannot be read: not verified, so treated like a timeout.
      return {
        landing: {
          kind: 'needs-rollback',
          reason:
            `operation of ${plan.application}: could not follow ${operation} operation ${id}: ` +
            `${describeError(transientCause(err)).replace(/\.$/, '')} on every retry, so the ${operation} is not verified; ` +
            `check it with \`aws kinesisanalyticsv2 describe-application-operation --application-name ${plan.application} ` +
            `--operation-id ${id}\` and run again once the API answers`,
        },
      };
    }
    throw err;
  }
  const record: OperationRecord = {
    id,
    operation,
    status: op.status,
    ...(op.errorString ? { errorString: op.errorString } : {}),
  };
  ctx.operation(operation === 'UpdateApplication' ? 'update' : 'start', record);
  deps.log.info(`${operation} operation ${id}: ${op.status}${op.errorString ? `: ${op.errorString}` : ''}`);
  if (op.status === 'SUCCESSFUL') return {};

  // (without its closing full stop: the message goes on after it)
  const msfError = op.errorString
    ? oneLine(op.errorString).replace(/\.$/, '')
    : `${operation} ${op.status} without an error message`;
  if (op.status === 'FAILED' && op.rollbackOperationId) {
    return {
      landing: await followSystemRollback(ctx, target, plan, operation, op.rollbackOperationId, msfError),
    };
  }
  return {
    landing: { kind: 'needs-rollback', reason: `${operation} operation ${id} ${op.status}: ${msfError}` },
  };
}

/** MSF rolled the application back by itself (system rollback): follow that operation to its end. */
async function followSystemRollback(
  ctx: FollowContext,
  target: FlinkTarget,
  plan: UpgradePlan,
  operation: string,
  rollbackId: string,
  msfError: string,
): Promise<Landing> {
  const { deps } = ctx;
  ctx.rollingBack(rollbackId);
  deps.log.warn(
    `${operation} failed: ${msfError}. MSF started its own rollback (operation ${rollbackId}); following it`,
  );
  let op: OperationView;
  try {
    op = await followOperation(deps, target, {
      operationId: rollbackId,
      what: `MSF's rollback of ${plan.application}`,
      deadline: deps.clock.now() + ctx.rollbackTimeoutMs,
      intervalMs: ctx.pollIntervalMs,
    });
  } catch (err) {
    if (err instanceof WaitTimeoutError) {
      return {
        kind: 'system-rolled-back',
        ok: false,
        reason: `${operation} failed (${msfError}) and MSF's rollback ${rollbackId} did not finish in ${formatDuration(ctx.rollbackTimeoutMs)}; check the application`,
      };
    }
    throw err;
  }
  ctx.operation('platform-rollback', {
    id: rollbackId,
    operation: op.operation,
    status: op.status,
    ...(op.errorString ? { errorString: op.errorString } : {}),
  });
  if (op.status !== 'SUCCESSFUL') {
    return {
      kind: 'system-rolled-back',
      ok: false,
      reason:
        `${operation} failed: ${msfError}; MSF's automatic rollback ${rollbackId} ended ${op.status}` +
        `${op.errorString ? ` (${op.errorString})` : ''}: the application needs attention (it is usually READY now)`,
    };
  }
  // The operation says SUCCESSFUL; the application must say so too before the run reports rolled-back.
  const app = await pollWith(deps, {
    what: `${plan.application} to be read after MSF's rollback`,
    deadline: deps.clock.now() + ctx.rollbackTimeoutMs,
    intervalMs: ctx.pollIntervalMs,
    probe: () => target.describe(),
    check: (a) => ({ done: true, result: a }),
  });
  const expectedStatus = plan.status === 'READY' ? ['READY', 'RUNNING'] : ['RUNNING'];
  const problems = [
    ...(expectedStatus.includes(app.status)
      ? []
      : [`status ${app.status} (expected ${expectedStatus.join(' or ')})`]),
    ...differencesFrom(app, plan.previous),
  ];
  if (problems.length > 0) {
    return {
      kind: 'system-rolled-back',
      ok: false,
      reason:
        `${operation} failed: ${msfError}; MSF's automatic rollback ${rollbackId} ended SUCCESSFUL but ` +
        `${plan.application} does not run version ${plan.previous.versionId}'s configuration: ${problems.join('; ')}. ` +
        `${describeState(plan.application, app)}; the application needs attention`,
    };
  }
  const cost = await target.listSnapshots().then(
    (snapshots) => systemRollbackCost(snapshots, op.startTime ?? deps.clock.now()),
    () => undefined,
  );
  if (cost) ctx.systemRollbackCost(cost);
  return {
    kind: 'system-rolled-back',
    ok: true,
    reason:
      `${operation} failed and MSF rolled ${plan.application} back to version ${plan.previous.versionId}'s ` +
      `configuration (${plan.previous.runtime}), now application version ${app.versionId}: ${msfError}` +
      (cost ? `. Cost: ${cost.text}` : ''),
  };
}
