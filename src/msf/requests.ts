/**
 * The UpdateApplication and StartApplication requests for a plan. Pure, so each restore mode and the
 * READY path are unit-tested.
 */
import type {
  RuntimeEnvironment,
  StartApplicationRequest,
  UpdateApplicationRequest,
} from '@aws-sdk/client-kinesis-analytics-v2';
import type { UpgradePlan } from './plan.js';

function restoreConfiguration(plan: UpgradePlan) {
  return {
    ApplicationRestoreType: plan.restore.type,
    ...(plan.restore.type === 'RESTORE_FROM_CUSTOM_SNAPSHOT' && plan.restore.snapshotName
      ? { SnapshotName: plan.restore.snapshotName }
      : {}),
  };
}

/**
 * UpdateApplication: the conditional token from the describe just before (the version id where MSF
 * gave no token), the runtime when it changes, the code location, and — for a RUNNING application —
 * the run configuration with an explicit restore type and AllowNonRestoredState (MSF resets the
 * latter to false when it is left out). A READY application gets its run configuration at start.
 */
export function buildUpdateRequest(plan: UpgradePlan): UpdateApplicationRequest {
  const s3Location = {
    BucketARNUpdate: plan.code.bucketArn,
    FileKeyUpdate: plan.code.key,
    ...(plan.code.objectVersion ? { ObjectVersionUpdate: plan.code.objectVersion } : {}),
  };
  return {
    ApplicationName: plan.application,
    ...(plan.expected.conditionalToken
      ? { ConditionalToken: plan.expected.conditionalToken }
      : { CurrentApplicationVersionId: plan.expected.versionId }),
    ...(plan.runtime.to !== plan.runtime.from
      ? { RuntimeEnvironmentUpdate: plan.runtime.to as RuntimeEnvironment }
      : {}),
    ApplicationConfigurationUpdate: {
      ApplicationCodeConfigurationUpdate: {
        CodeContentTypeUpdate: 'ZIPFILE',
        CodeContentUpdate: { S3ContentLocationUpdate: s3Location },
      },
      ...(plan.parallelism
        ? {
            FlinkApplicationConfigurationUpdate: {
              ParallelismConfigurationUpdate: {
                ConfigurationTypeUpdate: 'CUSTOM',
                ParallelismUpdate: plan.parallelism.to,
              },
            },
          }
        : {}),
      ...(plan.enableSystemRollback
        ? { ApplicationSystemRollbackConfigurationUpdate: { RollbackEnabledUpdate: true } }
        : {}),
    },
    ...(plan.startAfterUpdate
      ? {}
      : {
          RunConfigurationUpdate: {
            FlinkRunConfiguration: { AllowNonRestoredState: plan.allowNonRestoredState },
            ApplicationRestoreConfiguration: restoreConfiguration(plan),
          },
        }),
  };
}

/** StartApplication for a READY application, with the same restore configuration. */
export function buildStartRequest(plan: UpgradePlan): StartApplicationRequest {
  return {
    ApplicationName: plan.application,
    RunConfiguration: {
      FlinkRunConfiguration: { AllowNonRestoredState: plan.allowNonRestoredState },
      ApplicationRestoreConfiguration: restoreConfiguration(plan),
    },
  };
}
