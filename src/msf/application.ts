/**
 * MSF's DescribeApplication / snapshot / operation responses turned into the flat views the pipeline
 * reasons about. Pure.
 */
import { bucketNameFromArn } from '../aws/s3-arn.js';
import type {
  ApplicationDetail,
  ApplicationOperationInfo,
  ApplicationOperationInfoDetails,
  SnapshotDetails,
} from '@aws-sdk/client-kinesis-analytics-v2';

/**
 * A parallelism configuration as DescribeApplication shows it (ParallelismConfigurationDescription).
 * The configured values, not CurrentParallelism (which autoscaling moves).
 */
export interface ParallelismRef {
  /** `DEFAULT` (MSF's own settings) or `CUSTOM` */
  configurationType: string;
  parallelism?: number;
  parallelismPerKpu?: number;
  autoScalingEnabled?: boolean;
}

/** One version of the application, as DescribeApplication shows it: what a rollback returns to. */
export interface VersionRef {
  versionId: number;
  runtime: string;
  bucketArn?: string;
  fileKey?: string;
  objectVersion?: string;
  codeMd5?: string;
  /** absent in states saved before it was recorded: then parallelism is not restored */
  parallelism?: ParallelismRef;
}

export interface ApplicationView {
  name: string;
  arn?: string;
  status: string;
  versionId: number;
  conditionalToken?: string;
  runtime: string;
  /** `ZIPFILE` for JARs and Python zips */
  codeContentType?: string;
  bucketArn?: string;
  bucket?: string;
  fileKey?: string;
  objectVersion?: string;
  codeMd5?: string;
  codeSize?: number;
  snapshotsEnabled: boolean;
  systemRollbackEnabled: boolean;
  parallelism?: number;
  parallelismConfigurationType?: string;
  /** the configured parallelism (what a rollback restores) */
  parallelismConfig?: ParallelismRef;
  allowNonRestoredState?: boolean;
  /** CloudWatch log group names, from CloudWatchLoggingOptionDescriptions */
  logGroups: string[];
  /** the job's checkpoint interval, ms; undefined when checkpointing is off or not reported */
  checkpointIntervalMs?: number;
}

export interface SnapshotView {
  name: string;
  status: string;
  runtime?: string;
  versionId?: number;
  /** epoch ms */
  createdAt?: number;
}

export interface OperationView {
  id: string;
  operation: string;
  status: string;
  startTime?: number;
  endTime?: number;
  errorString?: string;
  rollbackOperationId?: string;
  versionFrom?: number;
  versionTo?: number;
}

/** `arn:aws:logs:us-east-1:123:log-group:/aws/kinesis-analytics/app:log-stream:kinesis-analytics-log-stream` → the group. */
export function logGroupFromStreamArn(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const match = /:log-group:(.+?)(?::log-stream:.*)?$/.exec(arn);
  return match ? match[1] : undefined;
}

export function toApplicationView(detail: ApplicationDetail): ApplicationView {
  const config = detail.ApplicationConfigurationDescription;
  const code = config?.ApplicationCodeConfigurationDescription;
  const s3 = code?.CodeContentDescription?.S3ApplicationCodeLocationDescription;
  const parallelism = config?.FlinkApplicationConfigurationDescription?.ParallelismConfigurationDescription;
  const logGroups = (detail.CloudWatchLoggingOptionDescriptions ?? [])
    .map((o) => logGroupFromStreamArn(o.LogStreamARN))
    .filter((g): g is string => Boolean(g));
  return {
    name: detail.ApplicationName ?? '',
    arn: detail.ApplicationARN,
    status: detail.ApplicationStatus ?? 'UNKNOWN',
    versionId: detail.ApplicationVersionId ?? 0,
    conditionalToken: detail.ConditionalToken,
    runtime: detail.RuntimeEnvironment ?? 'UNKNOWN',
    codeContentType: code?.CodeContentType,
    bucketArn: s3?.BucketARN,
    bucket: bucketNameFromArn(s3?.BucketARN),
    fileKey: s3?.FileKey,
    objectVersion: s3?.ObjectVersion || undefined,
    codeMd5: code?.CodeContentDescription?.CodeMD5?.toLowerCase(),
    codeSize: code?.CodeContentDescription?.CodeSize,
    snapshotsEnabled: config?.ApplicationSnapshotConfigurationDescription?.SnapshotsEnabled ?? false,
    systemRollbackEnabled:
      config?.ApplicationSystemRollbackConfigurationDescription?.RollbackEnabled ?? false,
    parallelism: parallelism?.CurrentParallelism ?? parallelism?.Parallelism,
    parallelismConfigurationType: parallelism?.ConfigurationType,
    ...(parallelism?.ConfigurationType
      ? {
          parallelismConfig: {
            configurationType: parallelism.ConfigurationType,
            ...(parallelism.Parallelism !== undefined ? { parallelism: parallelism.Parallelism } : {}),
            ...(parallelism.ParallelismPerKPU !== undefined
              ? { parallelismPerKpu: parallelism.ParallelismPerKPU }
              : {}),
            ...(parallelism.AutoScalingEnabled !== undefined
              ? { autoScalingEnabled: parallelism.AutoScalingEnabled }
              : {}),
          },
        }
      : {}),
    allowNonRestoredState:
      config?.RunConfigurationDescription?.FlinkRunConfigurationDescription?.AllowNonRestoredState,
    logGroups: [...new Set(logGroups)],
    ...checkpointIntervalOf(
      config?.FlinkApplicationConfigurationDescription?.CheckpointConfigurationDescription,
    ),
  };
}

/** MSF's DEFAULT checkpoint configuration checkpoints every 60 s (CheckpointConfiguration in the API model). */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 60_000;

function checkpointIntervalOf(
  c: { ConfigurationType?: string; CheckpointingEnabled?: boolean; CheckpointInterval?: number } | undefined,
): { checkpointIntervalMs?: number } {
  if (!c) return {};
  if (c.ConfigurationType === 'DEFAULT') return { checkpointIntervalMs: DEFAULT_CHECKPOINT_INTERVAL_MS };
  if (c.CheckpointingEnabled === false) return {};
  return { checkpointIntervalMs: c.CheckpointInterval ?? DEFAULT_CHECKPOINT_INTERVAL_MS };
}

export function toVersionRef(app: ApplicationView): VersionRef {
  return {
    versionId: app.versionId,
    runtime: app.runtime,
    ...(app.bucketArn ? { bucketArn: app.bucketArn } : {}),
    ...(app.fileKey ? { fileKey: app.fileKey } : {}),
    ...(app.objectVersion ? { objectVersion: app.objectVersion } : {}),
    ...(app.codeMd5 ? { codeMd5: app.codeMd5 } : {}),
    ...(app.parallelismConfig ? { parallelism: { ...app.parallelismConfig } } : {}),
  };
}

export function toSnapshotView(s: SnapshotDetails): SnapshotView {
  return {
    name: s.SnapshotName ?? '',
    status: s.SnapshotStatus ?? 'UNKNOWN',
    runtime: s.RuntimeEnvironment,
    versionId: s.ApplicationVersionId,
    createdAt: s.SnapshotCreationTimestamp?.getTime(),
  };
}

export function toOperationSummary(o: ApplicationOperationInfo): OperationView {
  return {
    id: o.OperationId ?? '',
    operation: o.Operation ?? 'unknown',
    status: o.OperationStatus ?? 'UNKNOWN',
    startTime: o.StartTime?.getTime(),
    endTime: o.EndTime?.getTime(),
  };
}

export function toOperationView(id: string, d: ApplicationOperationInfoDetails): OperationView {
  return {
    id,
    operation: d.Operation ?? 'unknown',
    status: d.OperationStatus ?? 'UNKNOWN',
    startTime: d.StartTime?.getTime(),
    endTime: d.EndTime?.getTime(),
    errorString: d.OperationFailureDetails?.ErrorInfo?.ErrorString,
    rollbackOperationId: d.OperationFailureDetails?.RollbackOperationId,
    versionFrom: d.ApplicationVersionChangeDetails?.ApplicationVersionUpdatedFrom,
    versionTo: d.ApplicationVersionChangeDetails?.ApplicationVersionUpdatedTo,
  };
}

/** The newest READY snapshot (by creation time). */
export function newestReadySnapshot(snapshots: readonly SnapshotView[]): SnapshotView | undefined {
  let best: SnapshotView | undefined;
  for (const s of snapshots) {
    if (s.status !== 'READY') continue;
    if (!best || (s.createdAt ?? 0) > (best.createdAt ?? 0)) best = s;
  }
  return best;
}
