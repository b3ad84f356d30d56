/** MSF's service quotas the action plans around. */

/** Snapshots an application may hold (automatic ones count too). */
export const SNAPSHOT_LIMIT = 1000;
