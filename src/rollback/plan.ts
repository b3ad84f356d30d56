/**
 * The rollback decision and the hand-over text (pure).
 *
 * RollbackApplication "loads state data from the last successful snapshot" (kinesisanalyticsv2 model).
 * When the newest READY snapshot was taken by the new version (a scheduled snapshot, autoscaling, a
 * stop, the service's own snapshot of the new version), that state may not load on the previous
 * runtime or code: a Flink 2 snapshot never restores on Flink 1. Then we restore our named pre-upgrade
 * snapshot ourselves: stop, update back, start with RESTORE_FROM_CUSTOM_SNAPSHOT.
 */
import type { SnapshotView } from '../msf/application.js';
import type { VersionRef } from '../pipeline/deps.js';

export type RollbackPath = 'rollback-application' | 'restore-named-snapshot' | 'none';

export interface RollbackPlan {
  path: RollbackPath;
  /** one line: why this path */
  reason: string;
  /** the newest READY snapshot (what RollbackApplication would load) */
  latest?: SnapshotView;
  /** the snapshot the named-snapshot path restores (ours, or the newest one of the previous version) */
  restoreFrom?: SnapshotView;
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

/** Which way to return the application to `previous` (see the module comment). */
export function chooseRollbackPath(
  snapshots: readonly SnapshotView[],
  previous: VersionRef,
  preUpgradeSnapshot?: PreUpgradeSnapshot,
): RollbackPlan {
  const ready = newestFirst(snapshots);
  const ours = preUpgradeSnapshot ? ready.find((s) => s.name === preUpgradeSnapshot.name) : undefined;
  const previousOnes = ready.filter((s) => !untrustedBecause(s, previous, preUpgradeSnapshot));
  const restoreFrom = ours ?? previousOnes[0];
  const latest = ready[0];
  if (!latest) {
    return {
      path: 'none',
      reason:
        'there is no READY snapshot: RollbackApplication refuses an application without snapshots, and there is no state to restore',
    };
  }
  const untrusted = untrustedBecause(latest, previous, preUpgradeSnapshot);
  if (!untrusted) {
    return {
      path: 'rollback-application',
      reason: `RollbackApplication restores the newest READY snapshot ${describeSnapshot(latest)}, which belongs to the previous version`,
      latest,
      ...(restoreFrom ? { restoreFrom } : {}),
    };
  }
  if (!restoreFrom) {
    return {
      path: 'none',
      reason: `${untrusted}, so RollbackApplication would restore state the previous version may not load; and no READY snapshot of the previous version exists to restore instead`,
      latest,
    };
  }
  return {
    path: 'restore-named-snapshot',
    reason: `${untrusted}, so RollbackApplication would restore state the previous version may not load; restoring ${describeSnapshot(restoreFrom)} instead`,
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
  const bucket = bucketArn ? (/^arn:[^:]+:s3:::(.+)$/.exec(bucketArn)?.[1] ?? bucketArn) : '?';
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

/** The AWS CLI commands that return the application to `previous` by hand, restoring `snapshot`. */
export function manualSteps(
  app: string,
  state: ApplicationState | undefined,
  previous: VersionRef,
  snapshot: string | undefined,
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
  const restore = snapshot
    ? { ApplicationRestoreType: 'RESTORE_FROM_CUSTOM_SNAPSHOT', SnapshotName: snapshot }
    : { ApplicationRestoreType: 'SKIP_RESTORE_FROM_SNAPSHOT' };
  steps.push(
    `aws kinesisanalyticsv2 start-application --application-name ${shellQuote(app)} --run-configuration ${shellQuote(JSON.stringify({ ApplicationRestoreConfiguration: restore }))}`,
  );
  return steps;
}
