import { describe, expect, it } from 'vitest';
import { buildStartRequest, buildUpdateRequest } from '../../src/msf/requests.js';
import { buildPlan, type UpgradePlan } from '../../src/msf/plan.js';
import { app, artifact, inputs, snapshot } from './fixtures.js';
import type { RawInputs } from '../../src/inputs.js';
import type { ApplicationView } from '../../src/msf/application.js';

function planFor(
  raw: RawInputs = {},
  appOverrides: Partial<ApplicationView> = {},
  snapshots = [snapshot('nightly', 'FLINK-1_20', 1)],
): UpgradePlan {
  const d = buildPlan({
    inputs: inputs(raw),
    region: 'us-east-1',
    app: app(appOverrides),
    snapshots,
    operations: [],
    artifact: artifact(),
  });
  if (d.kind !== 'upgrade')
    throw new Error(`expected an upgrade: ${d.kind === 'refuse' ? d.reason : d.kind}`);
  return d.plan;
}

describe('UpdateApplication request', () => {
  it('RUNNING, restore latest: token, code location, explicit restore and AllowNonRestoredState, system rollback', () => {
    const p = planFor();
    p.code.objectVersion = 'obj-v3';
    expect(buildUpdateRequest(p)).toEqual({
      ApplicationName: 'orders',
      ConditionalToken: 'token-7',
      ApplicationConfigurationUpdate: {
        ApplicationCodeConfigurationUpdate: {
          CodeContentTypeUpdate: 'ZIPFILE',
          CodeContentUpdate: {
            S3ContentLocationUpdate: {
              BucketARNUpdate: 'arn:aws:s3:::artifacts',
              FileKeyUpdate: 'orders/v2/orders.jar',
              ObjectVersionUpdate: 'obj-v3',
            },
          },
        },
        ApplicationSystemRollbackConfigurationUpdate: { RollbackEnabledUpdate: true },
      },
      RunConfigurationUpdate: {
        FlinkRunConfiguration: { AllowNonRestoredState: false },
        ApplicationRestoreConfiguration: { ApplicationRestoreType: 'RESTORE_FROM_LATEST_SNAPSHOT' },
      },
    });
  });

  it('restore snapshot: custom snapshot with our name; allow-non-restored-state true is sent', () => {
    const req = buildUpdateRequest(planFor({ restore: 'snapshot', 'allow-non-restored-state': 'true' }));
    expect(req.RunConfigurationUpdate).toEqual({
      FlinkRunConfiguration: { AllowNonRestoredState: true },
      ApplicationRestoreConfiguration: {
        ApplicationRestoreType: 'RESTORE_FROM_CUSTOM_SNAPSHOT',
        SnapshotName: 'pre-upgrade-v2-1',
      },
    });
  });

  it('restore none: SKIP_RESTORE_FROM_SNAPSHOT, AllowNonRestoredState false still explicit', () => {
    const req = buildUpdateRequest(planFor({ restore: 'none' }));
    expect(req.RunConfigurationUpdate).toEqual({
      FlinkRunConfiguration: { AllowNonRestoredState: false },
      ApplicationRestoreConfiguration: { ApplicationRestoreType: 'SKIP_RESTORE_FROM_SNAPSHOT' },
    });
  });

  it('runtime and parallelism changes; keep system rollback; version id when there is no token', () => {
    const req = buildUpdateRequest(
      planFor(
        { runtime: 'FLINK-2_2', 'allow-major-upgrade': 'true', parallelism: '8', 'system-rollback': 'keep' },
        { conditionalToken: undefined },
      ),
    );
    expect(req.CurrentApplicationVersionId).toBe(7);
    expect(req.ConditionalToken).toBeUndefined();
    expect(req.RuntimeEnvironmentUpdate).toBe('FLINK-2_2');
    expect(req.ApplicationConfigurationUpdate?.FlinkApplicationConfigurationUpdate).toEqual({
      ParallelismConfigurationUpdate: { ConfigurationTypeUpdate: 'CUSTOM', ParallelismUpdate: 8 },
    });
    expect(req.ApplicationConfigurationUpdate?.ApplicationSystemRollbackConfigurationUpdate).toBeUndefined();
  });

  it('unchanged runtime is not sent; no object version on an unversioned bucket', () => {
    const req = buildUpdateRequest(planFor());
    expect('RuntimeEnvironmentUpdate' in req).toBe(false);
    expect(
      req.ApplicationConfigurationUpdate?.ApplicationCodeConfigurationUpdate?.CodeContentUpdate
        ?.S3ContentLocationUpdate,
    ).not.toHaveProperty('ObjectVersionUpdate');
  });

  it('READY with start: true: no run configuration in the update; StartApplication carries the restore configuration', () => {
    const p = planFor({ restore: 'snapshot', start: 'true' }, { status: 'READY' });
    const update = buildUpdateRequest(p);
    expect(update.RunConfigurationUpdate).toBeUndefined();
    expect(buildStartRequest(p)).toEqual({
      ApplicationName: 'orders',
      RunConfiguration: {
        FlinkRunConfiguration: { AllowNonRestoredState: false },
        ApplicationRestoreConfiguration: {
          ApplicationRestoreType: 'RESTORE_FROM_CUSTOM_SNAPSHOT',
          SnapshotName: 'nightly',
        },
      },
    });
  });

  it('a runtime outside the API model never reaches a request: refused as an input', () => {
    expect(() => buildUpdateRequest(planFor({ runtime: 'FLINK-1_21' }))).toThrow(
      /input "runtime": "FLINK-1_21" is not a runtime/,
    );
  });
});
