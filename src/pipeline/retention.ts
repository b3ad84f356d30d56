/**
 * Snapshot retention after a healthy upgrade (`keep-snapshots`): deletes this action's own older
 * pre-upgrade snapshots beyond the limit. `selectSnapshotsToDelete` is the pure choice; `applyRetention`
 * makes the calls through the target. Never the snapshot just taken, never the run's rollback point,
 * never one still CREATING (or DELETING), never one whose name is not ours.
 */
import { describeError } from '../aws/errors.js';
import type { KeepSnapshots } from '../inputs.js';
import { formatDuration } from '../duration.js';
import type { PhaseDeps } from './deps.js';
import type { FlinkTarget, SnapshotView } from './target.js';

/**
 * The default snapshot name (src/inputs.ts defaultSnapshotName): `pre-upgrade-<version>-<run id>[-<attempt>]`,
 * or `pre-upgrade-<version>-<UTC time>` without a run id. Anything else is not ours.
 */
const OUR_SNAPSHOT = /^pre-upgrade-[A-Za-z0-9._-]+-(?:\d+(?:-\d+)?|\d{8}T\d{6})$/;

export function isOwnSnapshot(name: string): boolean {
  return OUR_SNAPSHOT.test(name);
}

export interface RetentionRequest {
  keep: KeepSnapshots;
  /** names never deleted: the snapshot just taken, the run's rollback point */
  protect: readonly string[];
  /** clock ms */
  now: number;
}

export interface RetentionChoice {
  delete: SnapshotView[];
  /** our snapshots beyond the limit that stay, with the reason */
  spared: { name: string; why: string }[];
}

/** Which of our snapshots to delete. Pure. */
export function selectSnapshotsToDelete(
  snapshots: readonly SnapshotView[],
  req: RetentionRequest,
): RetentionChoice {
  const ours = snapshots
    .filter((s) => isOwnSnapshot(s.name) || req.protect.includes(s.name))
    .sort((a, b) => (b.createdAt ?? Number.MAX_SAFE_INTEGER) - (a.createdAt ?? Number.MAX_SAFE_INTEGER));
  const beyond =
    'count' in req.keep
      ? ours.slice(req.keep.count)
      : ours.filter(
          (s) =>
            s.createdAt !== undefined && req.now - s.createdAt > (req.keep as { maxAgeMs: number }).maxAgeMs,
        );
  const choice: RetentionChoice = { delete: [], spared: [] };
  for (const s of beyond) {
    const why = req.protect.includes(s.name)
      ? 'the rollback point of this run'
      : s.status !== 'READY' && s.status !== 'FAILED'
        ? `${s.status}`
        : s.createdAt === undefined
          ? 'no creation time (DeleteApplicationSnapshot needs it)'
          : undefined;
    if (why) choice.spared.push({ name: s.name, why });
    else choice.delete.push(s);
  }
  return choice;
}

export function describeKeep(keep: KeepSnapshots): string {
  if ('count' in keep) return `the newest ${keep.count}`;
  const days = keep.maxAgeMs / 86_400_000;
  return `those younger than ${Number.isInteger(days) ? `${days}d` : formatDuration(keep.maxAgeMs)}`;
}

/** The dry run's line about retention. */
export function retentionPlanLine(keep: KeepSnapshots): string {
  return `snapshot retention: after a healthy upgrade, keep ${describeKeep(keep)} of this action's pre-upgrade snapshots and delete older ones`;
}

export interface RetentionOutcome {
  deleted: string[];
  failed: string[];
  /** snapshots left on the application (all of them, ours or not) */
  remaining: number;
}

/**
 * Lists the snapshots, deletes the chosen ones one by one (stopping at the deadline or on abort), and
 * warns near the quota. Never throws: the upgrade already succeeded, so a refusal is a warning.
 */
export async function applyRetention(
  deps: PhaseDeps,
  target: FlinkTarget,
  req: RetentionRequest & { deadline: number; warn: (message: string) => void },
): Promise<RetentionOutcome> {
  const app = target.application;
  let snapshots: SnapshotView[];
  try {
    snapshots = await target.listSnapshots();
  } catch (err) {
    req.warn(`snapshot retention skipped: listing the snapshots of ${app} failed: ${describeError(err)}`);
    return { deleted: [], failed: [], remaining: 0 };
  }
  const choice = selectSnapshotsToDelete(snapshots, req);
  deps.log.info(
    `snapshot retention (keep ${describeKeep(req.keep)} of our pre-upgrade snapshots): ` +
      `${choice.delete.length} to delete of ${snapshots.length} snapshot(s)` +
      (choice.spared.length
        ? `; kept beyond the limit: ${choice.spared.map((s) => `${s.name} (${s.why})`).join(', ')}`
        : ''),
  );
  const outcome: RetentionOutcome = { deleted: [], failed: [], remaining: snapshots.length };
  let firstError = '';
  for (const s of choice.delete) {
    if (deps.signal.aborted || deps.clock.now() >= req.deadline) {
      req.warn(
        `snapshot retention stopped at the deadline: ${choice.delete.length - outcome.deleted.length - outcome.failed.length} ` +
          'old snapshot(s) left for the next run',
      );
      break;
    }
    try {
      await target.deleteSnapshot(s);
      outcome.deleted.push(s.name);
      outcome.remaining -= 1;
      deps.log.info(`deleted snapshot ${s.name} (${new Date(s.createdAt ?? 0).toISOString()})`);
    } catch (err) {
      outcome.failed.push(s.name);
      firstError ||= describeError(err);
      deps.log.warn(`snapshot ${s.name} not deleted: ${describeError(err)}`);
    }
  }
  if (outcome.failed.length) {
    req.warn(
      `snapshot retention: ${outcome.failed.length} snapshot(s) of ${app} not deleted (${outcome.failed.join(', ')}); ` +
        `the next run tries again. First error: ${firstError}`,
    );
  }
  const quota = target.checkpointQuota.nearlyFull(outcome.remaining);
  if (quota) req.warn(quota);
  return outcome;
}
