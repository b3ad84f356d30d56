import type { VersionRef } from '../pipeline/deps.js';

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
}

export interface RollbackResult {
  outcome: 'rolled-back' | 'failed';
  /** which way the application was returned to the previous version */
  path: 'rollback-application' | 'restore-named-snapshot' | 'none';
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
}
