/**
 * Builds an application version's configuration from CreateApplication input, and the next version's
 * from UpdateApplication input (model shapes ApplicationConfiguration / ApplicationConfigurationUpdate).
 * Defaults as the model documents them: checkpointing DEFAULT = enabled, 60000 ms interval, 5000 ms minimum
 * pause; AllowNonRestoredState false, and reset to false by an update that omits it.
 */
import { AwsError } from '../types.js';
import type { AppConfig, CodeLocation, PropertyGroup, RestoreConfig } from './state.js';

/** Looks up a code object; throws the AWS error when it does not exist. */
export type CodeResolver = (
  bucketArn: string,
  fileKey: string,
  objectVersion: string | undefined,
) => CodeLocation;

export const DEFAULT_CHECKPOINT = {
  ConfigurationType: 'DEFAULT',
  CheckpointingEnabled: true,
  CheckpointInterval: 60_000,
  MinPauseBetweenCheckpoints: 5_000,
} as const;

export const DEFAULT_PARALLELISM = {
  ConfigurationType: 'DEFAULT',
  Parallelism: 1,
  ParallelismPerKPU: 1,
  AutoScalingEnabled: true,
} as const;

export const DEFAULT_MONITORING = {
  ConfigurationType: 'DEFAULT',
  MetricsLevel: 'APPLICATION',
  LogLevel: 'INFO',
} as const;

export const DEFAULT_RESTORE: RestoreConfig = { ApplicationRestoreType: 'RESTORE_FROM_LATEST_SNAPSHOT' };

/** `arn:aws:s3:::bucket` → `bucket` */
export function bucketFromArn(bucketArn: string): string {
  const m = /^arn:[^:]+:s3:::([^/]+)$/.exec(bucketArn);
  if (!m?.[1]) throw new AwsError('InvalidArgumentException', `Invalid bucket ARN: ${bucketArn}`);
  return m[1];
}

function checkpointFrom(c: any, prev: AppConfig['checkpoint']): AppConfig['checkpoint'] {
  const type = c.ConfigurationType ?? c.ConfigurationTypeUpdate ?? prev.ConfigurationType;
  if (type === 'DEFAULT') return { ...DEFAULT_CHECKPOINT };
  return {
    ConfigurationType: 'CUSTOM',
    CheckpointingEnabled: c.CheckpointingEnabled ?? c.CheckpointingEnabledUpdate ?? prev.CheckpointingEnabled,
    CheckpointInterval: c.CheckpointInterval ?? c.CheckpointIntervalUpdate ?? prev.CheckpointInterval,
    MinPauseBetweenCheckpoints:
      c.MinPauseBetweenCheckpoints ?? c.MinPauseBetweenCheckpointsUpdate ?? prev.MinPauseBetweenCheckpoints,
  };
}

function parallelismFrom(p: any, prev: AppConfig['parallelism']): AppConfig['parallelism'] {
  const type = p.ConfigurationType ?? p.ConfigurationTypeUpdate ?? prev.ConfigurationType;
  if (type === 'DEFAULT') return { ...DEFAULT_PARALLELISM };
  return {
    ConfigurationType: 'CUSTOM',
    Parallelism: p.Parallelism ?? p.ParallelismUpdate ?? prev.Parallelism,
    ParallelismPerKPU: p.ParallelismPerKPU ?? p.ParallelismPerKPUUpdate ?? prev.ParallelismPerKPU,
    AutoScalingEnabled: p.AutoScalingEnabled ?? p.AutoScalingEnabledUpdate ?? prev.AutoScalingEnabled,
  };
}

function monitoringFrom(m: any, prev: AppConfig['monitoring']): AppConfig['monitoring'] {
  const type = m.ConfigurationType ?? m.ConfigurationTypeUpdate ?? prev.ConfigurationType;
  if (type === 'DEFAULT') return { ...DEFAULT_MONITORING };
  return {
    ConfigurationType: 'CUSTOM',
    MetricsLevel: m.MetricsLevel ?? m.MetricsLevelUpdate ?? prev.MetricsLevel,
    LogLevel: m.LogLevel ?? m.LogLevelUpdate ?? prev.LogLevel,
  };
}

function propertyGroups(groups: any[] | undefined): PropertyGroup[] | undefined {
  return groups?.map((g: any) => ({
    PropertyGroupId: g.PropertyGroupId,
    PropertyMap: { ...(g.PropertyMap ?? {}) },
  }));
}

function rejectInlineCode(content: any): void {
  if (content?.ZipFileContent !== undefined || content?.ZipFileContentUpdate !== undefined) {
    throw new AwsError(
      'InvalidArgumentException',
      'ZipFileContent is not supported here; provide the code as an S3 content location.',
    );
  }
}

export function configFromCreate(input: any, resolveCode: CodeResolver): AppConfig {
  const ac = input.ApplicationConfiguration ?? {};
  const code = ac.ApplicationCodeConfiguration;
  rejectInlineCode(code?.CodeContent);
  const s3 = code?.CodeContent?.S3ContentLocation;
  const flink = ac.FlinkApplicationConfiguration ?? {};
  return {
    description: input.ApplicationDescription,
    serviceExecutionRole: input.ServiceExecutionRole,
    runtime: input.RuntimeEnvironment,
    mode: input.ApplicationMode,
    codeContentType: code?.CodeContentType ?? 'ZIPFILE',
    code: s3 ? resolveCode(s3.BucketARN, s3.FileKey, s3.ObjectVersion) : undefined,
    snapshotsEnabled: ac.ApplicationSnapshotConfiguration?.SnapshotsEnabled ?? false,
    systemRollbackEnabled: ac.ApplicationSystemRollbackConfiguration?.RollbackEnabled ?? false,
    parallelism: parallelismFrom(flink.ParallelismConfiguration ?? {}, { ...DEFAULT_PARALLELISM }),
    checkpoint: checkpointFrom(flink.CheckpointConfiguration ?? {}, { ...DEFAULT_CHECKPOINT }),
    monitoring: monitoringFrom(flink.MonitoringConfiguration ?? {}, { ...DEFAULT_MONITORING }),
    restore: { ...DEFAULT_RESTORE },
    allowNonRestoredState: false,
    propertyGroups: propertyGroups(ac.EnvironmentProperties?.PropertyGroups),
    logStreamArns: (input.CloudWatchLoggingOptions ?? []).map((o: any) => String(o.LogStreamARN)),
  };
}

export function cloneConfig(c: AppConfig): AppConfig {
  return structuredClone(c);
}

/** The configuration of the version an UpdateApplication request creates. */
export function configFromUpdate(prev: AppConfig, input: any, resolveCode: CodeResolver): AppConfig {
  const next = cloneConfig(prev);
  if (input.RuntimeEnvironmentUpdate) next.runtime = input.RuntimeEnvironmentUpdate;
  if (input.ServiceExecutionRoleUpdate) next.serviceExecutionRole = input.ServiceExecutionRoleUpdate;
  const u = input.ApplicationConfigurationUpdate ?? {};
  const codeUpdate = u.ApplicationCodeConfigurationUpdate;
  if (codeUpdate) {
    rejectInlineCode(codeUpdate.CodeContentUpdate);
    if (codeUpdate.CodeContentTypeUpdate) next.codeContentType = codeUpdate.CodeContentTypeUpdate;
    const s3 = codeUpdate.CodeContentUpdate?.S3ContentLocationUpdate;
    if (s3) {
      const bucketArn = s3.BucketARNUpdate ?? prev.code?.bucketArn;
      const fileKey = s3.FileKeyUpdate ?? prev.code?.fileKey;
      if (!bucketArn || !fileKey) {
        throw new AwsError(
          'InvalidArgumentException',
          'S3ContentLocationUpdate needs BucketARNUpdate and FileKeyUpdate: the application has no code location yet.',
        );
      }
      const keyChanged = s3.FileKeyUpdate !== undefined || s3.BucketARNUpdate !== undefined;
      const objectVersion =
        s3.ObjectVersionUpdate !== undefined && s3.ObjectVersionUpdate !== ''
          ? s3.ObjectVersionUpdate
          : keyChanged
            ? undefined
            : prev.code?.objectVersion;
      next.code = resolveCode(bucketArn, fileKey, objectVersion);
    }
  }
  const flink = u.FlinkApplicationConfigurationUpdate;
  if (flink?.CheckpointConfigurationUpdate)
    next.checkpoint = checkpointFrom(flink.CheckpointConfigurationUpdate, prev.checkpoint);
  if (flink?.ParallelismConfigurationUpdate)
    next.parallelism = parallelismFrom(flink.ParallelismConfigurationUpdate, prev.parallelism);
  if (flink?.MonitoringConfigurationUpdate)
    next.monitoring = monitoringFrom(flink.MonitoringConfigurationUpdate, prev.monitoring);
  if (u.ApplicationSnapshotConfigurationUpdate)
    next.snapshotsEnabled = u.ApplicationSnapshotConfigurationUpdate.SnapshotsEnabledUpdate;
  if (u.ApplicationSystemRollbackConfigurationUpdate) {
    next.systemRollbackEnabled = u.ApplicationSystemRollbackConfigurationUpdate.RollbackEnabledUpdate;
  }
  if (u.EnvironmentPropertyUpdates)
    next.propertyGroups = propertyGroups(u.EnvironmentPropertyUpdates.PropertyGroups);
  const run = input.RunConfigurationUpdate ?? {};
  if (run.ApplicationRestoreConfiguration) next.restore = restoreFrom(run.ApplicationRestoreConfiguration);
  // Model: "If you update your application without specifying this parameter, AllowNonRestoredState will be
  // set to false, even if it was previously set to true."
  next.allowNonRestoredState = run.FlinkRunConfiguration?.AllowNonRestoredState ?? false;
  return next;
}

export function restoreFrom(r: any): RestoreConfig {
  return {
    ApplicationRestoreType: r.ApplicationRestoreType,
    ...(r.SnapshotName !== undefined ? { SnapshotName: r.SnapshotName } : {}),
  };
}
