/** Pure: renders the control plane's records as the model's output shapes (timestamps as Date). */
import { AwsError } from '../types.js';
import {
  currentVersionOf,
  type AppState,
  type AppVersion,
  type OperationRecord,
  type SnapshotRecord,
} from './state.js';

export function applicationDetail(
  app: AppState,
  version: AppVersion,
  status: string,
): Record<string, unknown> {
  const c = version.config;
  const code = c.code;
  const configuration: Record<string, unknown> = {
    ApplicationCodeConfigurationDescription: {
      CodeContentType: c.codeContentType,
      ...(code
        ? {
            CodeContentDescription: {
              CodeMD5: code.md5,
              CodeSize: code.size,
              S3ApplicationCodeLocationDescription: {
                BucketARN: code.bucketArn,
                FileKey: code.fileKey,
                ...(code.objectVersion !== undefined ? { ObjectVersion: code.objectVersion } : {}),
              },
            },
          }
        : {}),
    },
    RunConfigurationDescription: {
      ApplicationRestoreConfigurationDescription: { ...c.restore },
      FlinkRunConfigurationDescription: { AllowNonRestoredState: c.allowNonRestoredState },
    },
    FlinkApplicationConfigurationDescription: {
      CheckpointConfigurationDescription: { ...c.checkpoint },
      MonitoringConfigurationDescription: { ...c.monitoring },
      ParallelismConfigurationDescription: {
        ...c.parallelism,
        CurrentParallelism: c.parallelism.Parallelism,
      },
    },
    ApplicationSnapshotConfigurationDescription: { SnapshotsEnabled: c.snapshotsEnabled },
    ApplicationSystemRollbackConfigurationDescription: { RollbackEnabled: c.systemRollbackEnabled },
  };
  if (c.propertyGroups) {
    configuration.EnvironmentPropertyDescriptions = {
      PropertyGroupDescriptions: c.propertyGroups.map((g) => ({ ...g, PropertyMap: { ...g.PropertyMap } })),
    };
  }
  return {
    ApplicationARN: app.arn,
    ...(c.description !== undefined ? { ApplicationDescription: c.description } : {}),
    ApplicationName: app.name,
    RuntimeEnvironment: c.runtime,
    ServiceExecutionRole: c.serviceExecutionRole,
    ApplicationStatus: status,
    ApplicationVersionId: version.versionId,
    CreateTimestamp: new Date(app.createdAt),
    LastUpdateTimestamp: new Date(app.lastUpdatedAt),
    ApplicationConfigurationDescription: configuration,
    ...(c.logStreamArns.length > 0
      ? {
          CloudWatchLoggingOptionDescriptions: c.logStreamArns.map((arn, i) => ({
            CloudWatchLoggingOptionId: `${i + 1}.1`,
            LogStreamARN: arn,
          })),
        }
      : {}),
    ApplicationMaintenanceConfigurationDescription: {
      ApplicationMaintenanceWindowStartTime: '03:00',
      ApplicationMaintenanceWindowEndTime: '11:00',
    },
    ...(version.updatedFrom !== undefined ? { ApplicationVersionUpdatedFrom: version.updatedFrom } : {}),
    ...(version.rolledBackFrom !== undefined
      ? { ApplicationVersionRolledBackFrom: version.rolledBackFrom }
      : {}),
    ...(version.rolledBackTo !== undefined ? { ApplicationVersionRolledBackTo: version.rolledBackTo } : {}),
    ApplicationVersionCreateTimestamp: new Date(version.createdAt),
    ConditionalToken: version.conditionalToken,
    ...(c.mode ? { ApplicationMode: c.mode } : {}),
  };
}

export function snapshotDetails(s: SnapshotRecord): Record<string, unknown> {
  return {
    SnapshotName: s.name,
    SnapshotStatus: s.status,
    ApplicationVersionId: s.versionId,
    SnapshotCreationTimestamp: new Date(s.createdAt),
    RuntimeEnvironment: s.runtime,
  };
}

export function operationInfo(op: OperationRecord): Record<string, unknown> {
  return {
    Operation: op.operation,
    OperationId: op.id,
    StartTime: new Date(op.startTime),
    ...(op.endTime !== undefined ? { EndTime: new Date(op.endTime) } : {}),
    OperationStatus: op.status,
  };
}

/**
 * The model marks EndTime required in ApplicationOperationInfoDetails (unlike ApplicationOperationInfo in
 * ListApplicationOperations, where it is optional): while the operation is IN_PROGRESS the emulator reports
 * the time of the request (`now`), so EndTime is present and never before StartTime. Read OperationStatus,
 * not EndTime, to know whether an operation finished.
 */
export function operationDetails(op: OperationRecord, now: number): Record<string, unknown> {
  return {
    Operation: op.operation,
    StartTime: new Date(op.startTime),
    EndTime: new Date(op.endTime ?? Math.max(now, op.startTime)),
    OperationStatus: op.status,
    ...(op.versionChange
      ? {
          ApplicationVersionChangeDetails: {
            ApplicationVersionUpdatedFrom: op.versionChange.from,
            ApplicationVersionUpdatedTo: op.versionChange.to,
          },
        }
      : {}),
    ...(op.failure
      ? {
          OperationFailureDetails: {
            ...(op.failure.rollbackOperationId
              ? { RollbackOperationId: op.failure.rollbackOperationId }
              : {}),
            ...(op.failure.errorString
              ? { ErrorInfo: { ErrorString: op.failure.errorString.slice(0, 512) } }
              : {}),
          },
        }
      : {}),
  };
}

/** Offset-based NextToken (opaque to clients). */
export function page<T>(
  items: T[],
  limit: number | undefined,
  nextToken: string | undefined,
  max = 50,
): { items: T[]; next?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    const decoded = Number(Buffer.from(nextToken, 'base64url').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0)
      throw new AwsError('InvalidArgumentException', 'Invalid NextToken.');
    start = decoded;
  }
  const size = Math.min(limit ?? max, max);
  const slice = items.slice(start, start + size);
  const end = start + slice.length;
  return end < items.length
    ? { items: slice, next: Buffer.from(String(end)).toString('base64url') }
    : { items: slice };
}

/** A JSON-serialisable view of an application, its versions, snapshots, operations and job (describeState). */
export function describeApplication(app: AppState, now: number): Record<string, unknown> {
  const current = currentVersionOf(app);
  return {
    name: app.name,
    arn: app.arn,
    status: app.status,
    versionId: app.currentVersion,
    runtime: current.config.runtime,
    fileKey: current.config.code?.fileKey,
    createdAt: app.createdAt,
    tags: Object.fromEntries(app.tags ?? []),
    versions: [...app.versions.values()].map((v) => ({
      versionId: v.versionId,
      status: v.versionId === app.currentVersion ? app.status : v.status,
      runtime: v.config.runtime,
      fileKey: v.config.code?.fileKey,
      objectVersion: v.config.code?.objectVersion,
      codeMd5: v.config.code?.md5,
      parallelism: v.config.parallelism.Parallelism,
      snapshotsEnabled: v.config.snapshotsEnabled,
      systemRollbackEnabled: v.config.systemRollbackEnabled,
      restore: v.config.restore,
      allowNonRestoredState: v.config.allowNonRestoredState,
      updatedFrom: v.updatedFrom,
      rolledBackFrom: v.rolledBackFrom,
      rolledBackTo: v.rolledBackTo,
      createdAt: v.createdAt,
    })),
    snapshots: app.snapshots.map((s) => ({ ...s })),
    operations: app.operations.map((o) => structuredClone(o)),
    job: app.job ? { ...app.job.describe(now), restoredFrom: app.restoredFrom ?? null } : null,
  };
}
