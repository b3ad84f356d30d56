/**
 * MSF's update: UpdateApplication against the version preflight read (with its conditional token). A
 * concurrent change re-plans once (the run re-decides, src/pipeline/upgrade.ts); an answer lost after the
 * update was applied is recognised from the application and its operations instead of sending it again.
 */
import { attemptsOf, describeError, errorName, isTransient } from '../aws/errors.js';
import { PhaseError, awsFix } from '../pipeline/errors.js';
import type { UpgradePlan } from './plan.js';
import type { FlinkTarget, UpdateContext, UpdateOut, UpdateUnsent } from '../pipeline/target.js';
import { findUnansweredUpdate, mayHaveBeenApplied } from './operation.js';

export async function sendUpdate(
  target: FlinkTarget,
  ctx: UpdateContext,
  first: UpgradePlan,
): Promise<UpdateOut | UpdateUnsent> {
  let plan = first;
  let replanned = false;
  for (;;) {
    const current = await target.describe();
    if (current.versionId !== plan.expected.versionId) {
      await ctx.refuseIfSuperseded(
        `version ${plan.expected.versionId} became ${current.versionId} since preflight`,
      );
      if (replanned)
        throw new PhaseError(
          'update',
          `${plan.application} changed again while re-planning (version ${current.versionId}); not updating blindly. Run again`,
        );
      const next = await ctx.replan(
        `version ${plan.expected.versionId} became ${current.versionId} since preflight`,
      );
      if ('landing' in next) return next;
      plan = next.plan;
      replanned = true;
      continue;
    }
    plan.expected = {
      versionId: current.versionId,
      ...(current.conditionalToken ? { conditionalToken: current.conditionalToken } : {}),
    };
    await ctx.claim(plan);
    const calledAt = ctx.deps.clock.now();
    try {
      const res = await target.update(plan);
      return {
        plan,
        calledAt,
        versionId: res.app.versionId,
        ...(res.operationId ? { operationId: res.operationId } : {}),
        how: 'UpdateApplication accepted',
        operation: 'UpdateApplication',
      };
    } catch (err) {
      const cause = err instanceof PhaseError ? err.cause : err;
      const lost = await findLostUpdate(target, ctx, plan, err, calledAt);
      if (lost) {
        return {
          plan,
          calledAt,
          versionId: lost.versionId,
          ...(lost.operationId ? { operationId: lost.operationId } : {}),
          how: 'UpdateApplication applied, its answer lost',
          operation: 'UpdateApplication',
        };
      }
      if (errorName(cause) !== 'ConcurrentModificationException') throw err;
      await ctx.refuseIfSuperseded('UpdateApplication was refused as a concurrent modification');
      if (replanned) {
        throw new PhaseError(
          'update',
          `${plan.application} was modified concurrently twice; not sending a second blind update. Nothing of ours was applied; run again`,
          cause,
        );
      }
      const next = await ctx.replan(
        'ConcurrentModificationException: the application changed since it was read',
      );
      if ('landing' in next) return next;
      plan = next.plan;
      replanned = true;
    }
  }
}

/**
 * UpdateApplication failed in a way that may hide an applied update (its answer lost, the SDK's retry
 * refused because the first attempt went through): read the application and its operations instead of
 * sending it again. Returns the update to follow; undefined when nothing of ours was applied (then a
 * transient error is rethrown saying so, and anything else is left to the caller).
 */
async function findLostUpdate(
  target: FlinkTarget,
  ctx: UpdateContext,
  plan: UpgradePlan,
  err: unknown,
  calledAt: number,
): Promise<{ versionId: number; operationId?: string } | undefined> {
  const cause = err instanceof PhaseError ? err.cause : err;
  if (!mayHaveBeenApplied(cause)) return undefined;
  const name = plan.application;
  const attempts = attemptsOf(cause);
  ctx.deps.log.warn(
    `${name}: UpdateApplication ended with ${describeError(cause).replace(/\.$/, '')} after ${attempts} attempt(s); an attempt may ` +
      'have been applied without its answer arriving: reading the application and its operations instead of sending it again',
  );
  let found: Awaited<ReturnType<typeof findUnansweredUpdate>>;
  try {
    found = await findUnansweredUpdate(target, plan, calledAt);
  } catch (readErr) {
    throw new PhaseError(
      'update',
      `update of ${name}: UpdateApplication got no usable answer (${describeError(cause)}) and reading back whether it ` +
        `was applied failed too (${describeError(readErr instanceof PhaseError ? (readErr.cause ?? readErr) : readErr)}). ` +
        `The update may be in progress: check \`aws kinesisanalyticsv2 list-application-operations --application-name ${name}\` ` +
        'and the application before running again',
      readErr,
    );
  }
  if (found) {
    ctx.deps.log.warn(
      `${name}: the update was applied (version ${plan.expected.versionId} → ${found.versionId}` +
        `${found.operationId ? `, operation ${found.operationId}` : ''}); following it`,
    );
    return found;
  }
  if (isTransient(cause)) {
    const fix = awsFix(cause, {
      application: name,
      phase: 'update',
      action: 'kinesisanalytics:UpdateApplication',
      region: ctx.deps.clients.region,
    });
    throw new PhaseError(
      'update',
      `update of ${name} failed at UpdateApplication: ${describeError(cause).replace(/\.$/, '')} after ${attempts} attempt(s); it was not ` +
        `applied (MSF lists no update from version ${plan.expected.versionId} since the call)${fix ? `. Fix: ${fix}` : ''}`,
      cause,
    );
  }
  return undefined;
}
