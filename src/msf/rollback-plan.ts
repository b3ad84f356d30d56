/**
 * The rollback decision and the hand-over text (pure).
 *
 * RollbackApplication "loads state data from the last successful snapshot" (kinesisanalyticsv2 model).
 * When the newest READY snapshot was taken by the new version (a scheduled snapshot, autoscaling, a
 * stop, the service's own snapshot of the new version), that state may not load on the previous
 * runtime or code: a Flink 2 snapshot never restores on Flink 1. Then we restore the rollback point
 * ourselves (the newest READY snapshot of the previous version: normally MSF's own, taken at the update;
 * else our named pre-upgrade snapshot): stop, update back, start with RESTORE_FROM_CUSTOM_SNAPSHOT.
 */
import { bucketNameFromArn } from '../aws/s3-arn.js';
import type { SnapshotView } from './application.js';
import type { VersionRef } from './application.js';

/**
 * `rollback-application`: MSF's RollbackApplication; `restore-named-snapshot`: stop, update back, start
 * from the rollback point; `update-back`: an application that was stopped before the upgrade is updated
 * back and left READY; `none`: nothing was done.
 */
export type RollbackPath = 'rollback-application' | 'restore-named-snapshot' | 'update-back' | 'none';

export interface RollbackPlan {
  path: RollbackPath;
  /** one line: why this path */
  reason: string;
  /** the newest READY snapshot (what RollbackApplication would load) */
  latest?: SnapshotView;
  /** the rollback point: the newest READY snapshot of the previous version (else ours) */
  restoreFrom?: SnapshotView;
  /** path none because the rollback point is older than max-state-age */
  stale?: boolean;
}

export interface PreUpgradeSnapshot {
  name: string;
  runtime?: string;
  createdAt?: number;
}

function newestFirst(snapshots: readonly SnapshotView[]): SnapshotView[] {
  return snapshots
    .filter((s) => s.status === 'READY')
    .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0) || (b.versionId ?? 0) - (a.versionId ?? 0));
}

function describeSnapshot(s: SnapshotView): string {
  const parts = [
    s.runtime,
    s.versionId !== undefined ? `application version ${s.versionId}` : undefined,
  ].filter(Boolean);
  return `${s.name}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * Why a snapshot cannot be trusted to restore on the previous version, or undefined when it can.
 * A snapshot is of the previous version when its runtime is the previous runtime and it was taken at
 * or before the previous application version; when neither is reported, when it is not newer than our
 * pre-upgrade snapshot.
 */
export function untrustedBecause(
  s: SnapshotView,
  previous: VersionRef,
  pre?: PreUpgradeSnapshot,
): string | undefined {
  if (s.runtime && s.runtime !== previous.runtime) {
    return `the newest READY snapshot ${describeSnapshot(s)} was taken on ${s.runtime}, and the previous version runs ${previous.runtime}`;
  }
  if (s.versionId !== undefined && s.versionId > previous.versionId) {
    return `the newest READY snapshot ${describeSnapshot(s)} was taken by the new version (the previous one is application version ${previous.versionId})`;
  }
  if (
    !s.runtime &&
    s.versionId === undefined &&
    pre?.createdAt !== undefined &&
    s.name !== pre.name &&
    (s.createdAt ?? 0) > pre.createdAt
  ) {
    return `the newest READY snapshot ${s.name} was taken after ${pre.name} and does not say which runtime or version took it`;
  }
  return undefined;
}

export interface RollbackPointOptions {
  /** refuse a rollback point older than this (ms); 0 or absent = no limit (input max-state-age) */
  maxStateAgeMs?: number;
  /** clock ms, for the age */
  now?: number;
}

/** `2h 5m`, `3d 4h`, `45s`: an age for a person. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d${h > 0 ? ` ${h}h` : ''}`;
  if (h > 0) return `${h}h${m > 0 ? ` ${m}m` : ''}`;
  if (m > 0) return `${m}m${s % 60 > 0 ? ` ${s % 60}s` : ''}`;
  return `${s}s`;
}

/**
 * Why restoring `s` is refused by max-state-age (one line with the age and the fix), or undefined. A
 * snapshot whose creation time is unknown is treated as too old when there is a limit.
 */
export function staleBecause(
  s: SnapshotView,
  opts: RollbackPointOptions,
  fix = 'raise max-state-age (0 = no limit) to restore it anyway, or restore by hand',
): string | undefined {
  const limit = opts.maxStateAgeMs ?? 0;
  if (limit <= 0 || opts.now === undefined) return undefined;
  if (s.createdAt === undefined) {
    return `snapshot ${s.name} does not say when it was taken, and max-state-age is ${formatAge(limit)}; ${fix}`;
  }
  const age = opts.now - s.createdAt;
  if (age <= limit) return undefined;
  return (
    `snapshot ${s.name} was taken ${formatAge(age)} ago (${new Date(s.createdAt).toISOString()}), older than ` +
    `max-state-age ${formatAge(limit)}: restoring it would rewind the job's state and source positions by that much; ${fix}`
  );
}

/**
 * Which way to return the application to `previous`, and from which snapshot (see the module comment).
 * The rollback point is the newest READY snapshot of the previous version and runtime, normally MSF's own
 * snapshot taken at the moment of the update (minutes newer than ours, and the one AWS recommends for
 * two-phase-commit sinks); our named pre-upgrade snapshot otherwise; never one of the new version, and
 * never one older than max-state-age.
 */
export function chooseRollbackPath(
  snapshots: readonly SnapshotView[],
  previous: VersionRef,
  preUpgradeSnapshot?: PreUpgradeSnapshot,
  opts: RollbackPointOptions = {},
): RollbackPlan {
  const ready = newestFirst(snapshots);
  const previousOnes = ready.filter((s) => !untrustedBecause(s, previous, preUpgradeSnapshot));
  const ours = preUpgradeSnapshot ? ready.find((s) => s.name === preUpgradeSnapshot.name) : undefined;
  const restoreFrom = previousOnes[0] ?? ours;
  const latest = ready[0];
  if (!latest) {
    return {
      path: 'none',
      reason:
        'there is no READY snapshot: RollbackApplication refuses an application without snapshots, and there is no state to restore',
    };
  }
  if (!restoreFrom) {
    return {
      path: 'none',
      reason: `${untrustedBecause(latest, previous, preUpgradeSnapshot) ?? 'no READY snapshot belongs to the previous version'}, so RollbackApplication would restore state the previous version may not load; and no READY snapshot of the previous version exists to restore instead`,
      latest,
    };
  }
  const why =
    ours && restoreFrom !== ours
      ? `the newest READY snapshot of the previous version, ${(restoreFrom.createdAt ?? 0) > (ours.createdAt ?? 0) ? `newer than ${ours.name}` : `preferred to ${ours.name}`}`
      : ours
        ? 'the pre-upgrade snapshot, the newest READY snapshot of the previous version'
        : 'the newest READY snapshot of the previous version';
  const stale = staleBecause(restoreFrom, opts);
  if (stale) {
    return {
      path: 'none',
      reason: `the rollback point is too old: ${stale}`,
      latest,
      restoreFrom,
      stale: true,
    };
  }
  const untrusted = untrustedBecause(latest, previous, preUpgradeSnapshot);
  if (!untrusted && latest === restoreFrom) {
    return {
      path: 'rollback-application',
      reason: `RollbackApplication restores the newest READY snapshot ${describeSnapshot(latest)}, which belongs to the previous version (${why})`,
      latest,
      restoreFrom,
    };
  }
  return {
    path: 'restore-named-snapshot',
    reason: `${untrusted ?? `the newest READY snapshot ${describeSnapshot(latest)} is not the rollback point`}, so RollbackApplication would restore state the previous version may not load; restoring ${describeSnapshot(restoreFrom)} instead (${why})`,
    latest,
    restoreFrom,
  };
}

// ---------------------------------------------------------------------------------------------------

/** What the application looks like now (for failure messages). */
export interface ApplicationState {
  status: string;
  versionId: number;
  runtime: string;
  bucketArn?: string;
  fileKey?: string;
  objectVersion?: string;
}

function s3Url(bucketArn: string | undefined, key: string | undefined, objectVersion?: string): string {
  if (!key) return '(code not in S3)';
  const bucket = bucketArn ? (bucketNameFromArn(bucketArn) ?? bucketArn) : '?';
  return `s3://${bucket}/${key}${objectVersion ? ` (object version ${objectVersion})` : ''}`;
}

export function describeState(app: string, s: ApplicationState): string {
  return `${app} is ${s.status} on application version ${s.versionId}, runtime ${s.runtime}, code ${s3Url(s.bucketArn, s.fileKey, s.objectVersion)}`;
}

export function describeVersion(v: VersionRef): string {
  return `version ${v.versionId}, runtime ${v.runtime}, code ${s3Url(v.bucketArn, v.fileKey, v.objectVersion)}`;
}

/** Single-quotes a value for a POSIX shell. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_.\-/:=@+,]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The AWS CLI commands that return the application to `previous` by hand, restoring `snapshot`. With
 * `start: false` (an application that was stopped before the upgrade) it is left READY.
 */
export function manualSteps(
  app: string,
  state: ApplicationState | undefined,
  previous: VersionRef,
  snapshot: string | undefined,
  options: { start?: boolean } = {},
): string[] {
  const steps: string[] = [];
  const stopped = state?.status === 'READY';
  if (!stopped)
    steps.push(`aws kinesisanalyticsv2 stop-application --application-name ${shellQuote(app)} --force`);
  const s3: Record<string, string> = {};
  if (previous.bucketArn) s3.BucketARNUpdate = previous.bucketArn;
  if (previous.fileKey) s3.FileKeyUpdate = previous.fileKey;
  if (previous.objectVersion) s3.ObjectVersionUpdate = previous.objectVersion;
  const update = [
    `aws kinesisanalyticsv2 update-application --application-name ${shellQuote(app)}`,
    `--current-application-version-id ${state ? state.versionId : '<ApplicationVersionId from describe-application>'}`,
  ];
  if (!state || state.runtime !== previous.runtime)
    update.push(`--runtime-environment-update ${previous.runtime}`);
  if (Object.keys(s3).length > 0) {
    update.push(
      `--application-configuration-update ${shellQuote(JSON.stringify({ ApplicationCodeConfigurationUpdate: { CodeContentUpdate: { S3ContentLocationUpdate: s3 } } }))}`,
    );
  }
  steps.push(update.join(' '));
  if (options.start === false) return steps;
  const restore = snapshot
    ? { ApplicationRestoreType: 'RESTORE_FROM_CUSTOM_SNAPSHOT', SnapshotName: snapshot }
    : { ApplicationRestoreType: 'SKIP_RESTORE_FROM_SNAPSHOT' };
  steps.push(
    `aws kinesisanalyticsv2 start-application --application-name ${shellQuote(app)} --run-configuration ${shellQuote(JSON.stringify({ ApplicationRestoreConfiguration: restore }))}`,
  );
  return steps;
}

/**
 * What a rollback cost, as one line with figures: the snapshot restored and its time, the rewind window
 * (snapshot → the new job's stop), what it means for sinks and sources, and whether the stop was forced.
 */
export function rollbackCostText(c: {
  snapshot: string;
  snapshotAt?: number;
  stoppedAt?: number;
  forcedStop: boolean;
  /** left READY: the snapshot is the one to start from, nothing was restored yet */
  leftStopped?: boolean;
}): { text: string; rewindSeconds?: number } {
  const at = c.snapshotAt !== undefined ? ` taken at ${new Date(c.snapshotAt).toISOString()}` : '';
  const rewindSeconds =
    c.snapshotAt !== undefined && c.stoppedAt !== undefined
      ? Math.max(0, Math.round((c.stoppedAt - c.snapshotAt) / 1000))
      : undefined;
  const window =
    rewindSeconds !== undefined
      ? `rewind ${rewindSeconds}s (${formatAge(rewindSeconds * 1000)}: from the snapshot to the new job's stop at ${new Date(c.stoppedAt!).toISOString()})`
      : "rewind from the snapshot to the new job's stop (time unknown)";
  const forced = c.forcedStop
    ? 'the new job was force-stopped (no snapshot; the API warns this may lead to data loss or duplication)'
    : 'no forced stop';
  const head = c.leftStopped
    ? `left READY: the next start should restore snapshot ${c.snapshot}${at}; ${window}`
    : `restored snapshot ${c.snapshot}${at}; ${window}`;
  return {
    text:
      `${head}: output the new version wrote in that window is not undone, and the sources replay from the ` +
      `snapshot's positions (duplicates for at-least-once sinks); ${forced}`,
    ...(rewindSeconds !== undefined ? { rewindSeconds } : {}),
  };
}

/**
 * The cost of MSF's own (system) rollback: it "loads state data from the last successful snapshot", i.e.
 * the newest READY snapshot when the rollback began, and the new job stopped then. Undefined when no
 * snapshot was READY by then (nothing restored).
 */
export function systemRollbackCost(
  snapshots: readonly SnapshotView[],
  rollbackStartedAt: number,
):
  | {
      snapshot: string;
      snapshotAt?: number;
      stoppedAt: number;
      rewindSeconds?: number;
      forcedStop: false;
      text: string;
    }
  | undefined {
  const loaded = newestFirst(snapshots).find((s) => (s.createdAt ?? 0) <= rollbackStartedAt);
  if (!loaded) return undefined;
  const { text, rewindSeconds } = rollbackCostText({
    snapshot: loaded.name,
    ...(loaded.createdAt !== undefined ? { snapshotAt: loaded.createdAt } : {}),
    stoppedAt: rollbackStartedAt,
    forcedStop: false,
  });
  return {
    snapshot: loaded.name,
    ...(loaded.createdAt !== undefined ? { snapshotAt: loaded.createdAt } : {}),
    stoppedAt: rollbackStartedAt,
    ...(rewindSeconds !== undefined ? { rewindSeconds } : {}),
    forcedStop: false,
    text,
  };
}
