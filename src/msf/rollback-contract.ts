import type { RollbackPath } from './rollback-plan.js';
import type { VersionRef } from './application.js';

export interface RollbackRequest {
  application: string;
  /** the version to return to (read before the update) */
  previous: VersionRef;
  /** our named pre-upgrade snapshot, the state to return to if RollbackApplication cannot be trusted */
  preUpgradeSnapshot?: { name: string; runtime?: string; createdAt?: number };
  /** why we roll back, one line (goes to logs and the summary) */
  reason: string;
  /** absolute clock ms */
  deadline: number;
  pollIntervalMs: number;
  /** sent with StartApplication on the named-snapshot path (MSF resets it to false when omitted) */
  allowNonRestoredState?: boolean;
  /** refuse to restore a snapshot older than this (ms); 0 or absent = no limit (input max-state-age) */
  maxStateAgeMs?: number;
  /**
   * The application was READY (stopped) before the upgrade: the rollback returns it to READY on the
   * previous version and never starts it.
   */
  leaveStopped?: boolean;
}

/** What a rollback cost: the state it rewound to and what that means for the data. */
export interface RollbackCost {
  /** the snapshot restored (or, when left stopped, the one to start from) */
  snapshot: string;
  /** epoch ms: when that snapshot was taken */
  snapshotAt?: number;
  /** epoch ms: when the new version's job was stopped (the rollback's first change) */
  stoppedAt?: number;
  /** the rewind window, snapshot time → the new job's stop, in whole seconds */
  rewindSeconds?: number;
  /** the new job was force-stopped (no snapshot; the API warns of possible data loss or duplication) */
  forcedStop: boolean;
  /** one line for people: the figures and what they mean */
  text: string;
}

export interface RollbackResult {
  outcome: 'rolled-back' | 'failed';
  /** which way the application was returned to the previous version */
  path: RollbackPath;
  operationId?: string;
  /** one paragraph: what happened, and when failed, the state the application is in and what to do */
  message: string;
  applicationStatus?: string;
  versionId?: number;
  runtime?: string;
  fileKey?: string;
  objectVersion?: string;
  /** why this path was taken (one line) */
  decision?: string;
  /** the snapshot the application was restored from, when known */
  restoredSnapshot?: string;
  /** when failed: the AWS CLI commands that finish the job by hand */
  manualSteps?: string[];
  /** the best known rollback point (also named in the manual steps when failed) */
  rollbackPoint?: string;
  /** when rolled back: the snapshot restored, the rewind window and what it means */
  cost?: RollbackCost;
}
