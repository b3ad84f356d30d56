/** The MSF control plane's in-memory records. */
import type { MetricsLagSpec } from '../types.js';
import type { EngineJob } from '../engine/types.js';
import type { ApplicationStatus } from './status-rules.js';

export interface CodeLocation {
  bucketArn: string;
  bucket: string;
  fileKey: string;
  objectVersion?: string;
  md5: string;
  size: number;
}

export type RestoreType =
  'SKIP_RESTORE_FROM_SNAPSHOT' | 'RESTORE_FROM_LATEST_SNAPSHOT' | 'RESTORE_FROM_CUSTOM_SNAPSHOT';

export interface RestoreConfig {
  ApplicationRestoreType: RestoreType;
  SnapshotName?: string;
}

export interface PropertyGroup {
  PropertyGroupId: string;
  PropertyMap: Record<string, string>;
}

/** The full configuration of one application version. */
export interface AppConfig {
  description?: string;
  serviceExecutionRole: string;
  runtime: string;
  mode?: 'STREAMING' | 'INTERACTIVE';
  codeContentType: 'ZIPFILE' | 'PLAINTEXT';
  code?: CodeLocation;
  snapshotsEnabled: boolean;
  systemRollbackEnabled: boolean;
  parallelism: {
    ConfigurationType: 'DEFAULT' | 'CUSTOM';
    Parallelism: number;
    ParallelismPerKPU: number;
    AutoScalingEnabled: boolean;
  };
  checkpoint: {
    ConfigurationType: 'DEFAULT' | 'CUSTOM';
    CheckpointingEnabled: boolean;
    CheckpointInterval: number;
    MinPauseBetweenCheckpoints: number;
  };
  monitoring: {
    ConfigurationType: 'DEFAULT' | 'CUSTOM';
    MetricsLevel: 'APPLICATION' | 'TASK' | 'OPERATOR' | 'PARALLELISM';
    LogLevel: 'INFO' | 'WARN' | 'ERROR' | 'DEBUG';
  };
  restore: RestoreConfig;
  allowNonRestoredState: boolean;
  propertyGroups?: PropertyGroup[];
  logStreamArns: string[];
}

export interface AppVersion {
  versionId: number;
  config: AppConfig;
  /** clock ms */
  createdAt: number;
  conditionalToken: string;
  updatedFrom?: number;
  rolledBackFrom?: number;
  rolledBackTo?: number;
  /** the version's status: the application's while current, its last status (or ROLLED_BACK) after */
  status: ApplicationStatus;
}

export type SnapshotStatus = 'CREATING' | 'READY' | 'DELETING' | 'FAILED';

export interface SnapshotRecord {
  name: string;
  status: SnapshotStatus;
  versionId: number;
  /** clock ms */
  createdAt: number;
  runtime: string;
  /** taken by the service (update, stop), not by CreateApplicationSnapshot */
  system: boolean;
  /** the real engine's savepoint (a path Flink reads); absent on the simulated engine */
  location?: string;
  /** the operator uids of the program whose state it holds (simulated engine; absent: unknown) */
  operatorUids?: string[];
}

export type OperationStatus = 'IN_PROGRESS' | 'CANCELLED' | 'SUCCESSFUL' | 'FAILED';

export interface OperationRecord {
  id: string;
  operation: string;
  status: OperationStatus;
  startTime: number;
  endTime?: number;
  versionChange?: { from: number; to: number };
  failure?: { rollbackOperationId?: string; errorString?: string };
}

export interface AppState {
  name: string;
  arn: string;
  createdAt: number;
  lastUpdatedAt: number;
  status: ApplicationStatus;
  currentVersion: number;
  versions: Map<number, AppVersion>;
  snapshots: SnapshotRecord[];
  /** in start order (oldest first) */
  operations: OperationRecord[];
  /** the running job (simulated or on a real Flink cluster) */
  job?: EngineJob;
  /** the snapshot the running job restored (undefined: started without state) */
  restoredFrom?: { name: string; createdAt: number; runtime: string; versionId: number } | undefined;
  /** cancels the running status transition */
  flow?: AbortController;
  /** when the job's datapoints become visible in CloudWatch (default: the emulator's) */
  metricsLag?: MetricsLagSpec;
  /** resource tags (TagResource / UntagResource / ListTagsForResource); not versioned, like MSF's */
  tags?: Map<string, string>;
}

export function currentVersionOf(app: AppState): AppVersion {
  const v = app.versions.get(app.currentVersion);
  if (!v) throw new Error(`application ${app.name} has no version ${app.currentVersion}`);
  return v;
}
