/** MSF's service quotas the action plans around, and its words for them. */
import type { CheckpointQuota } from '../pipeline/platform.js';

/** Snapshots an application may hold (automatic ones count too). */
export const SNAPSHOT_LIMIT = 1000;

/** Share of MSF's snapshot quota above which a run warns. */
export const SNAPSHOT_WARN_SHARE = 0.8;

/** The application is at MSF's snapshot quota: how many it has and how to delete old ones. */
export function snapshotQuotaMessage(app: string, count: number | undefined): string {
  return (
    `the application has ${count ?? 'too many'} snapshots and MSF allows ${SNAPSHOT_LIMIT.toLocaleString('en-US')} ` +
    '(automatic snapshots count too). Nothing was changed. Delete old ones with `aws kinesisanalyticsv2 ' +
    `list-application-snapshots --application-name ${app}\` and \`aws kinesisanalyticsv2 delete-application-snapshot ` +
    `--application-name ${app} --snapshot-name <name> --snapshot-creation-timestamp <timestamp>\`, then run again`
  );
}

/** A warning when the application holds more than 80 % of MSF's snapshot quota. Pure. */
export function snapshotQuotaWarning(application: string, count: number): string | undefined {
  if (count <= SNAPSHOT_LIMIT * SNAPSHOT_WARN_SHARE) return undefined;
  return (
    `${application} holds ${count} of the ${SNAPSHOT_LIMIT.toLocaleString('en-US')} snapshots MSF allows per ` +
    `application (more than ${SNAPSHOT_WARN_SHARE * 100} %); at the limit, the pre-upgrade snapshot is refused. ` +
    'Set keep-snapshots (e.g. 10 or 30d) to delete old pre-upgrade snapshots, or delete snapshots you no longer need'
  );
}

/** MSF's snapshot quota as the pipeline sees it (src/pipeline/platform.ts, CheckpointQuota). */
export function msfSnapshotQuota(application: string): CheckpointQuota {
  return {
    limit: SNAPSHOT_LIMIT,
    full: (count) => snapshotQuotaMessage(application, count),
    nearlyFull: (count) => snapshotQuotaWarning(application, count),
  };
}
