/**
 * The MSF control plane driven directly through its operation handlers, with in-memory S3 and metric
 * stores and a scaled clock (1 real ms = 1 virtual second).
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { scaledClock, type Clock } from '../../src/clock.js';
import { codeChecksum, MsfControlPlane, SNAPSHOT_QUOTA } from '../../emulator/msf/control-plane.js';
import {
  AwsError,
  type MetricDatum,
  type MetricStoreApi,
  type SeedApplication,
  type S3StoreApi,
  type StoredObject,
  type Timings,
} from '../../emulator/types.js';
import { buildJar, classMajorFor, healthyJobJar } from '../support/jar-builder.js';

class MemoryS3 implements S3StoreApi {
  readonly objects = new Map<string, StoredObject>();
  private readonly buckets = new Set<string>();
  hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }
  createBucket(name: string): void {
    this.buckets.add(name);
  }
  setVersioning(): void {}
  getObject(bucket: string, key: string): StoredObject | undefined {
    return this.objects.get(`${bucket}/${key}`);
  }
  putObject(bucket: string, key: string, body: Buffer): StoredObject {
    const md5Hex = createHash('md5').update(body).digest('hex');
    const obj: StoredObject = {
      bucket,
      key,
      body,
      size: body.length,
      md5Hex,
      etag: `"${md5Hex}"`,
      lastModified: new Date(),
    };
    this.buckets.add(bucket);
    this.objects.set(`${bucket}/${key}`, obj);
    return obj;
  }
}

class MemoryMetrics implements MetricStoreApi {
  readonly data: MetricDatum[] = [];
  put(d: MetricDatum): void {
    this.data.push(d);
  }
  values(app: string, name: string, since = Number.NEGATIVE_INFINITY): number[] {
    return this.data
      .filter(
        (d) =>
          d.metricName === name &&
          d.timestamp >= since &&
          d.dimensions.some((x) => x.Name === 'Application' && x.Value === app),
      )
      .map((d) => d.value);
  }
}

const SCALE = 1000; // 1 real ms = 1 virtual second
const TIMINGS: Timings = {
  start: 20_000,
  stop: 10_000,
  forceStop: 5_000,
  update: 20_000,
  snapshot: 10_000,
  rollback: 20_000,
  delete: 5_000,
};
const BUCKET = 'code-bucket';
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const ROLE = 'arn:aws:iam::123456789012:role/msf';

interface Harness {
  cp: MsfControlPlane;
  s3: MemoryS3;
  metrics: MemoryMetrics;
  clock: Clock;
  call: (op: string, input: unknown) => Promise<any>;
  fail: (op: string, input: unknown) => Promise<AwsError>;
  waitFor: (what: string, check: () => boolean | Promise<boolean>, virtualMs?: number) => Promise<void>;
  describe: (name: string) => Promise<any>;
  waitStatus: (name: string, status: string) => Promise<any>;
  waitOperation: (name: string, id: string) => Promise<any>;
}

const open: MsfControlPlane[] = [];
afterEach(async () => {
  for (const cp of open.splice(0)) await cp.close();
});

function harness(timings: Partial<Timings> = {}): Harness {
  const clock = scaledClock(SCALE);
  const s3 = new MemoryS3();
  const metrics = new MemoryMetrics();
  const cp = new MsfControlPlane({
    clock,
    region: 'us-east-1',
    accountId: '123456789012',
    timings: { ...TIMINGS, ...timings },
    metricPeriodSeconds: 60,
    s3,
    metrics,
    log: () => undefined,
  });
  open.push(cp);
  const ctx = { requestId: 'r', region: 'us-east-1', accountId: '123456789012' };
  const call = async (op: string, input: unknown): Promise<any> => {
    const handler = cp.operations[op];
    if (!handler) throw new Error(`no handler ${op}`);
    return handler(input, ctx);
  };
  const fail = async (op: string, input: unknown): Promise<AwsError> => {
    try {
      await call(op, input);
    } catch (err) {
      if (err instanceof AwsError) return err;
      throw err;
    }
    throw new Error(`${op} succeeded but was expected to fail`);
  };
  const waitFor = async (
    what: string,
    check: () => boolean | Promise<boolean>,
    virtualMs = 600_000,
  ): Promise<void> => {
    const deadline = clock.now() + virtualMs;
    while (!(await check())) {
      if (clock.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await clock.sleep(1_000);
    }
  };
  const describeApp = async (name: string): Promise<any> =>
    (await call('DescribeApplication', { ApplicationName: name })).ApplicationDetail;
  const waitStatus = async (name: string, status: string): Promise<any> => {
    let last: any;
    await waitFor(`${name} ${status}`, async () => {
      last = await describeApp(name);
      return last.ApplicationStatus === status;
    });
    return last;
  };
  const waitOperation = async (name: string, id: string): Promise<any> => {
    let last: any;
    await waitFor(`operation ${id}`, async () => {
      last = (await call('DescribeApplicationOperation', { ApplicationName: name, OperationId: id }))
        .ApplicationOperationInfoDetails;
      return last.OperationStatus !== 'IN_PROGRESS';
    });
    return last;
  };
  return { cp, s3, metrics, clock, call, fail, waitFor, describe: describeApp, waitStatus, waitOperation };
}

async function putJar(h: Harness, key: string, javaRelease = 11, references: string[] = []): Promise<void> {
  const jar = references.length
    ? await buildJar({
        classes: [{ name: 'com/example/Job', major: classMajorFor(javaRelease), references }],
      })
    : await healthyJobJar(javaRelease);
  h.s3.putObject(BUCKET, key, jar);
}

/** Seeds an application (default runtime FLINK-1_20, code v1.jar), putting a healthy code JAR first when missing. */
async function seedApp(h: Harness, app: Partial<SeedApplication> & { name: string }): Promise<void> {
  const code = app.code ?? { bucket: BUCKET, key: 'v1.jar' };
  if (!h.s3.getObject(code.bucket, code.key)) await putJar(h, code.key);
  await h.cp.seedApplication({ runtime: 'FLINK-1_20', code, ...app });
}

function createInput(
  name: string,
  runtime: string,
  key: string,
  extra: Record<string, unknown> = {},
): unknown {
  return {
    ApplicationName: name,
    RuntimeEnvironment: runtime,
    ServiceExecutionRole: ROLE,
    ApplicationConfiguration: {
      ApplicationCodeConfiguration: {
        CodeContentType: 'ZIPFILE',
        CodeContent: { S3ContentLocation: { BucketARN: BUCKET_ARN, FileKey: key } },
      },
      ApplicationSnapshotConfiguration: { SnapshotsEnabled: true },
      ...extra,
    },
  };
}

/** Creates and starts an application; returns when RUNNING. */
async function runningApp(
  h: Harness,
  name: string,
  runtime = 'FLINK-1_20',
  key = 'v1.jar',
  extra: Record<string, unknown> = {},
): Promise<any> {
  if (!h.s3.getObject(BUCKET, key)) await putJar(h, key);
  await h.call('CreateApplication', createInput(name, runtime, key, extra));
  await h.call('StartApplication', { ApplicationName: name });
  return h.waitStatus(name, 'RUNNING');
}

async function snapshotReady(h: Harness, app: string, name: string): Promise<any> {
  await h.call('CreateApplicationSnapshot', { ApplicationName: app, SnapshotName: name });
  let details: any;
  await h.waitFor(`snapshot ${name}`, async () => {
    details = (await h.call('DescribeApplicationSnapshot', { ApplicationName: app, SnapshotName: name }))
      .SnapshotDetails;
    return details.SnapshotStatus !== 'CREATING';
  });
  return details;
}

function updateInput(
  name: string,
  versionId: number,
  runtime?: string,
  key?: string,
  extra: Record<string, unknown> = {},
): unknown {
  return {
    ApplicationName: name,
    CurrentApplicationVersionId: versionId,
    ...(runtime ? { RuntimeEnvironmentUpdate: runtime } : {}),
    ...(key
      ? {
          ApplicationConfigurationUpdate: {
            ApplicationCodeConfigurationUpdate: {
              CodeContentUpdate: {
                S3ContentLocationUpdate: { BucketARNUpdate: BUCKET_ARN, FileKeyUpdate: key },
              },
            },
          },
        }
      : {}),
    ...extra,
  };
}

describe('applications', () => {
  it('creates a READY application described as the model says', async () => {
    const h = harness();
    await putJar(h, 'v1.jar');
    const created = (await h.call('CreateApplication', createInput('orders', 'FLINK-1_20', 'v1.jar')))
      .ApplicationDetail;
    expect(created.ApplicationARN).toBe('arn:aws:kinesisanalytics:us-east-1:123456789012:application/orders');
    expect(created.ApplicationStatus).toBe('READY');
    expect(created.ApplicationVersionId).toBe(1);
    expect(created.ConditionalToken).toMatch(/^[a-zA-Z0-9\-_+/=]+$/);
    expect(created.CreateTimestamp).toBeInstanceOf(Date);
    const code = created.ApplicationConfigurationDescription.ApplicationCodeConfigurationDescription;
    const obj = h.s3.getObject(BUCKET, 'v1.jar')!;
    expect(code.CodeContentType).toBe('ZIPFILE');
    expect(code.CodeContentDescription).toMatchObject({
      CodeMD5: codeChecksum(obj.body),
      CodeSize: obj.size,
      S3ApplicationCodeLocationDescription: { BucketARN: BUCKET_ARN, FileKey: 'v1.jar' },
    });
    const flink = created.ApplicationConfigurationDescription.FlinkApplicationConfigurationDescription;
    expect(flink.CheckpointConfigurationDescription).toMatchObject({
      CheckpointingEnabled: true,
      CheckpointInterval: 60000,
    });
    expect(
      created.ApplicationConfigurationDescription.RunConfigurationDescription
        .FlinkRunConfigurationDescription,
    ).toEqual({
      AllowNonRestoredState: false,
    });
    expect((await h.fail('CreateApplication', createInput('orders', 'FLINK-1_20', 'v1.jar'))).code).toBe(
      'ResourceInUseException',
    );
    const list = await h.call('ListApplications', {});
    expect(list.ApplicationSummaries.map((s: any) => s.ApplicationName)).toEqual(['orders']);
  });

  it('refuses a code location that is not in S3', async () => {
    const h = harness();
    const err = await h.fail('CreateApplication', createInput('orders', 'FLINK-1_20', 'missing.jar'));
    expect(err.code).toBe('InvalidArgumentException');
    expect((await h.fail('DescribeApplication', { ApplicationName: 'orders' })).code).toBe(
      'ResourceNotFoundException',
    );
  });

  it('starts an application: STARTING → RUNNING, a StartApplication operation, metrics with the Application dimension', async () => {
    const h = harness();
    await putJar(h, 'v1.jar');
    await h.call('CreateApplication', createInput('orders', 'FLINK-1_20', 'v1.jar'));
    const { OperationId } = await h.call('StartApplication', { ApplicationName: 'orders' });
    expect((await h.describe('orders')).ApplicationStatus).toBe('STARTING');
    const op = await h.waitOperation('orders', OperationId);
    expect(op).toMatchObject({ Operation: 'StartApplication', OperationStatus: 'SUCCESSFUL' });
    expect(op.EndTime.getTime()).toBeGreaterThanOrEqual(op.StartTime.getTime());
    expect((await h.describe('orders')).ApplicationStatus).toBe('RUNNING');
    await h.waitFor('uptime datapoints', () => h.metrics.values('orders', 'uptime').length >= 2);
    const uptimes = h.metrics.values('orders', 'uptime');
    expect(uptimes[1]!).toBeGreaterThan(uptimes[0]!);
    expect(h.metrics.values('orders', 'fullRestarts').every((v) => v === 0)).toBe(true);
    expect(h.metrics.data[0]!.namespace).toBe('AWS/KinesisAnalytics');
    expect((await h.fail('StartApplication', { ApplicationName: 'orders' })).code).toBe(
      'ResourceInUseException',
    );
  });

  it('deletes an application only with its exact CreateTimestamp', async () => {
    const h = harness();
    await putJar(h, 'v1.jar');
    const d = (await h.call('CreateApplication', createInput('orders', 'FLINK-1_20', 'v1.jar')))
      .ApplicationDetail;
    const wrong = await h.fail('DeleteApplication', {
      ApplicationName: 'orders',
      CreateTimestamp: new Date(d.CreateTimestamp.getTime() + 5000),
    });
    expect(wrong.code).toBe('InvalidArgumentException');
    await h.call('DeleteApplication', { ApplicationName: 'orders', CreateTimestamp: d.CreateTimestamp });
    expect((await h.describe('orders')).ApplicationStatus).toBe('DELETING');
    await h.waitFor(
      'deletion',
      async () => (await h.call('ListApplications', {})).ApplicationSummaries.length === 0,
    );
  });
});

describe('snapshots', () => {
  it('CREATING → READY with runtime and version; delete needs the exact timestamp and not while CREATING', async () => {
    const h = harness();
    await runningApp(h, 'orders');
    await h.call('CreateApplicationSnapshot', { ApplicationName: 'orders', SnapshotName: 'pre-upgrade-1' });
    const creating = (
      await h.call('DescribeApplicationSnapshot', {
        ApplicationName: 'orders',
        SnapshotName: 'pre-upgrade-1',
      })
    ).SnapshotDetails;
    expect(creating.SnapshotStatus).toBe('CREATING');
    const busy = await h.fail('DeleteApplicationSnapshot', {
      ApplicationName: 'orders',
      SnapshotName: 'pre-upgrade-1',
      SnapshotCreationTimestamp: creating.SnapshotCreationTimestamp,
    });
    expect(busy.code).toBe('ResourceInUseException');
    const ready = await snapshotReady(h, 'orders', 'pre-upgrade-2');
    await h.waitFor('first snapshot', async () => {
      const s = (
        await h.call('DescribeApplicationSnapshot', {
          ApplicationName: 'orders',
          SnapshotName: 'pre-upgrade-1',
        })
      ).SnapshotDetails;
      return s.SnapshotStatus === 'READY';
    });
    expect(ready).toMatchObject({
      SnapshotStatus: 'READY',
      RuntimeEnvironment: 'FLINK-1_20',
      ApplicationVersionId: 1,
    });
    const dup = await h.fail('CreateApplicationSnapshot', {
      ApplicationName: 'orders',
      SnapshotName: 'pre-upgrade-2',
    });
    expect(dup.code).toBe('InvalidArgumentException');
    const mismatch = await h.fail('DeleteApplicationSnapshot', {
      ApplicationName: 'orders',
      SnapshotName: 'pre-upgrade-2',
      SnapshotCreationTimestamp: new Date(ready.SnapshotCreationTimestamp.getTime() - 1000),
    });
    expect(mismatch.code).toBe('InvalidArgumentException');
    await h.call('DeleteApplicationSnapshot', {
      ApplicationName: 'orders',
      SnapshotName: 'pre-upgrade-2',
      SnapshotCreationTimestamp: ready.SnapshotCreationTimestamp,
    });
    const page1 = await h.call('ListApplicationSnapshots', { ApplicationName: 'orders', Limit: 1 });
    expect(page1.SnapshotSummaries.map((s: any) => s.SnapshotName)).toEqual(['pre-upgrade-1']);
    expect(page1.NextToken).toBeUndefined();
  });

  it('only snapshots a RUNNING application', async () => {
    const h = harness();
    await putJar(h, 'v1.jar');
    await h.call('CreateApplication', createInput('orders', 'FLINK-1_20', 'v1.jar'));
    const err = await h.fail('CreateApplicationSnapshot', { ApplicationName: 'orders', SnapshotName: 's1' });
    expect(err.code).toBe('ResourceInUseException');
  });

  it('refuses manual snapshots over the quota while service snapshots still succeed', async () => {
    const h = harness();
    await seedApp(h, {
      name: 'orders',
      snapshots: Array.from({ length: SNAPSHOT_QUOTA }, (_, i) => ({
        name: `s-${i}`,
        ageSeconds: SNAPSHOT_QUOTA - i,
      })),
    });
    const err = await h.fail('CreateApplicationSnapshot', {
      ApplicationName: 'orders',
      SnapshotName: 'one-more',
    });
    expect(err.code).toBe('LimitExceededException');
    const { OperationId } = await h.call('StopApplication', { ApplicationName: 'orders' });
    expect((await h.waitOperation('orders', OperationId)).OperationStatus).toBe('SUCCESSFUL');
    const all: any[] = [];
    let token: string | undefined;
    do {
      const page = await h.call('ListApplicationSnapshots', {
        ApplicationName: 'orders',
        Limit: 50,
        ...(token ? { NextToken: token } : {}),
      });
      all.push(...page.SnapshotSummaries);
      token = page.NextToken;
    } while (token);
    expect(all).toHaveLength(SNAPSHOT_QUOTA + 1);
    expect(all[SNAPSHOT_QUOTA].SnapshotName).toMatch(/^ss-\d+$/);
  });
});

describe('UpdateApplication', () => {
  it('Path 1: RUNNING → UPDATING → RUNNING with a service snapshot of the old runtime, a new version and token', async () => {
    const h = harness();
    const before = await runningApp(h, 'orders', 'FLINK-1_20', 'v1.jar', {});
    await putJar(h, 'v2.jar', 11);
    const res = await h.call(
      'UpdateApplication',
      updateInput('orders', 1, 'FLINK-2_2', 'v2.jar', {
        RunConfigurationUpdate: { FlinkRunConfiguration: { AllowNonRestoredState: true } },
      }),
    );
    expect(res.OperationId).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(res.ApplicationDetail).toMatchObject({
      ApplicationStatus: 'UPDATING',
      ApplicationVersionId: 2,
      ApplicationVersionUpdatedFrom: 1,
    });
    expect(res.ApplicationDetail.ConditionalToken).not.toBe(before.ConditionalToken);
    const op = await h.waitOperation('orders', res.OperationId);
    expect(op).toMatchObject({
      Operation: 'UpdateApplication',
      OperationStatus: 'SUCCESSFUL',
      ApplicationVersionChangeDetails: { ApplicationVersionUpdatedFrom: 1, ApplicationVersionUpdatedTo: 2 },
    });
    const after = await h.describe('orders');
    expect(after).toMatchObject({
      ApplicationStatus: 'RUNNING',
      RuntimeEnvironment: 'FLINK-2_2',
      ApplicationVersionId: 2,
    });
    expect(
      after.ApplicationConfigurationDescription.RunConfigurationDescription.FlinkRunConfigurationDescription
        .AllowNonRestoredState,
    ).toBe(true);
    const snaps = (await h.call('ListApplicationSnapshots', { ApplicationName: 'orders' })).SnapshotSummaries;
    expect(snaps).toHaveLength(1);
    expect(snaps[0]).toMatchObject({
      SnapshotStatus: 'READY',
      RuntimeEnvironment: 'FLINK-1_20',
      ApplicationVersionId: 1,
    });
    expect(snaps[0].SnapshotName).toMatch(/^ss-\d+$/);
    await h.waitFor('2.x metrics', () => h.metrics.values('orders', 'numRestarts').length > 0);
    expect(h.metrics.values('orders', 'runningTime').length).toBeGreaterThan(0);

    // An update that omits AllowNonRestoredState resets it to false.
    const third = await h.call('UpdateApplication', {
      ApplicationName: 'orders',
      ConditionalToken: after.ConditionalToken,
    });
    expect(third.ApplicationDetail.ApplicationVersionId).toBe(3);
    expect(
      third.ApplicationDetail.ApplicationConfigurationDescription.RunConfigurationDescription
        .FlinkRunConfigurationDescription.AllowNonRestoredState,
    ).toBe(false);
  });

  it('rejects stale version ids and tokens, and requires exactly one of them', async () => {
    const h = harness();
    const d = await runningApp(h, 'orders');
    expect(
      (await h.fail('UpdateApplication', { ApplicationName: 'orders', CurrentApplicationVersionId: 7 })).code,
    ).toBe('ConcurrentModificationException');
    expect(
      (await h.fail('UpdateApplication', { ApplicationName: 'orders', ConditionalToken: 'stale-token' }))
        .code,
    ).toBe('ConcurrentModificationException');
    expect((await h.fail('UpdateApplication', { ApplicationName: 'orders' })).code).toBe(
      'InvalidArgumentException',
    );
    expect(
      (
        await h.fail('UpdateApplication', {
          ApplicationName: 'orders',
          CurrentApplicationVersionId: 1,
          ConditionalToken: d.ConditionalToken,
        })
      ).code,
    ).toBe('InvalidArgumentException');
    const missing = await h.fail('UpdateApplication', updateInput('orders', 1, undefined, 'nope.jar'));
    expect(missing.code).toBe('InvalidArgumentException');
  });

  it('refuses a stateful downgrade and leaves the application RUNNING untouched', async () => {
    const h = harness();
    await runningApp(h, 'orders', 'FLINK-2_2');
    const err = await h.fail('UpdateApplication', updateInput('orders', 1, 'FLINK-1_20'));
    expect(err.code).toBe('InvalidApplicationConfigurationException');
    const d = await h.describe('orders');
    expect(d).toMatchObject({
      ApplicationStatus: 'RUNNING',
      ApplicationVersionId: 1,
      RuntimeEnvironment: 'FLINK-2_2',
    });
    expect(
      (await h.call('ListApplicationOperations', { ApplicationName: 'orders' })).ApplicationOperationInfoList,
    ).toHaveLength(1);
  });

  it('Path 2 without system rollback: the operation FAILS and the application stays RUNNING without processing', async () => {
    const h = harness();
    await runningApp(h, 'orders', 'FLINK-1_20');
    await putJar(h, 'v2.jar', 11, ['org/apache/flink/api/java/DataSet']);
    const res = await h.call('UpdateApplication', updateInput('orders', 1, 'FLINK-2_2', 'v2.jar'));
    const op = await h.waitOperation('orders', res.OperationId);
    expect(op.OperationStatus).toBe('FAILED');
    expect(op.OperationFailureDetails.ErrorInfo.ErrorString).toContain('DataSet');
    expect(op.OperationFailureDetails.RollbackOperationId).toBeUndefined();
    const d = await h.describe('orders');
    expect(d).toMatchObject({
      ApplicationStatus: 'RUNNING',
      RuntimeEnvironment: 'FLINK-2_2',
      ApplicationVersionId: 2,
    });
    await h.waitFor('downtime', () => h.metrics.values('orders', 'restartingTime').some((v) => v > 0));
    expect(h.metrics.values('orders', 'numRecordsInPerSecond').slice(-1)[0]).toBe(0);
  });

  it('Path 2 with system rollback: a RollbackApplication operation returns the application to the previous version', async () => {
    const h = harness();
    await runningApp(h, 'orders', 'FLINK-1_20', 'v1.jar', {
      ApplicationSystemRollbackConfiguration: { RollbackEnabled: true },
    });
    await putJar(h, 'v2.jar', 21);
    const res = await h.call('UpdateApplication', updateInput('orders', 1, 'FLINK-1_20', 'v2.jar'));
    const op = await h.waitOperation('orders', res.OperationId);
    expect(op.OperationStatus).toBe('FAILED');
    expect(op.OperationFailureDetails.ErrorInfo.ErrorString).toContain('UnsupportedClassVersionError');
    const rollbackId = op.OperationFailureDetails.RollbackOperationId;
    expect(rollbackId).toBeDefined();
    const rb = await h.waitOperation('orders', rollbackId);
    expect(rb).toMatchObject({ Operation: 'RollbackApplication', OperationStatus: 'SUCCESSFUL' });
    const d = await h.describe('orders');
    expect(d).toMatchObject({
      ApplicationStatus: 'RUNNING',
      ApplicationVersionId: 3,
      ApplicationVersionRolledBackFrom: 2,
      ApplicationVersionRolledBackTo: 1,
    });
    expect(
      d.ApplicationConfigurationDescription.ApplicationCodeConfigurationDescription.CodeContentDescription
        .S3ApplicationCodeLocationDescription.FileKey,
    ).toBe('v1.jar');
    const versions = (await h.call('ListApplicationVersions', { ApplicationName: 'orders' }))
      .ApplicationVersionSummaries;
    expect(versions).toEqual([
      { ApplicationVersionId: 3, ApplicationStatus: 'RUNNING' },
      { ApplicationVersionId: 2, ApplicationStatus: 'ROLLED_BACK' },
      { ApplicationVersionId: 1, ApplicationStatus: 'RUNNING' },
    ]);
    const v2 = (
      await h.call('DescribeApplicationVersion', { ApplicationName: 'orders', ApplicationVersionId: 2 })
    ).ApplicationVersionDetail;
    expect(
      v2.ApplicationConfigurationDescription.ApplicationCodeConfigurationDescription.CodeContentDescription
        .S3ApplicationCodeLocationDescription.FileKey,
    ).toBe('v2.jar');
  });

  it('records an update of a READY application without an operation and checks compatibility at start', async () => {
    const h = harness();
    await seedApp(h, {
      name: 'orders',
      runtime: 'FLINK-2_2',
      status: 'READY',
      snapshots: [{ name: 'state-on-2-2', runtime: 'FLINK-2_2', ageSeconds: 60 }],
    });
    const res = await h.call('UpdateApplication', updateInput('orders', 1, 'FLINK-1_20'));
    expect(res.OperationId).toBeUndefined();
    expect(res.ApplicationDetail).toMatchObject({
      ApplicationStatus: 'READY',
      ApplicationVersionId: 2,
      RuntimeEnvironment: 'FLINK-1_20',
    });
    const err = await h.fail('StartApplication', { ApplicationName: 'orders' });
    expect(err.code).toBe('InvalidApplicationConfigurationException');
    expect((await h.describe('orders')).ApplicationStatus).toBe('READY');
    const missing = await h.fail('StartApplication', {
      ApplicationName: 'orders',
      RunConfiguration: {
        ApplicationRestoreConfiguration: {
          ApplicationRestoreType: 'RESTORE_FROM_CUSTOM_SNAPSHOT',
          SnapshotName: 'nope',
        },
      },
    });
    expect(missing.code).toBe('InvalidArgumentException');
    const { OperationId } = await h.call('StartApplication', {
      ApplicationName: 'orders',
      RunConfiguration: {
        ApplicationRestoreConfiguration: { ApplicationRestoreType: 'SKIP_RESTORE_FROM_SNAPSHOT' },
      },
    });
    expect((await h.waitOperation('orders', OperationId)).OperationStatus).toBe('SUCCESSFUL');
  });
});

describe('restart loop', () => {
  it('keeps RUNNING while restarts grow, downtime is positive and snapshots are refused', async () => {
    const h = harness();
    await seedApp(h, {
      name: 'orders',
      snapshots: [{ name: 'base', ageSeconds: 600 }],
    });
    await putJar(h, 'v2.jar');
    h.cp.setJobBehaviour({ application: 'orders', fileKey: 'v2.jar', behaviour: { kind: 'restart-loop' } });
    const res = await h.call('UpdateApplication', updateInput('orders', 1, undefined, 'v2.jar'));
    expect((await h.waitOperation('orders', res.OperationId)).OperationStatus).toBe('SUCCESSFUL');
    const since = h.clock.now();
    await h.waitFor('restarts', () => h.metrics.values('orders', 'fullRestarts', since).length >= 3);
    const restarts = h.metrics.values('orders', 'fullRestarts', since);
    expect(restarts[restarts.length - 1]!).toBeGreaterThan(restarts[0]!);
    // down between a failure and the next restart (0 while the restarted job runs for a moment)
    expect(h.metrics.values('orders', 'downtime', since).some((v) => v > 0)).toBe(true);
    expect((await h.describe('orders')).ApplicationStatus).toBe('RUNNING');
    const err = await h.fail('CreateApplicationSnapshot', {
      ApplicationName: 'orders',
      SnapshotName: 'during-loop',
    });
    expect(err.code).toBe('InvalidApplicationConfigurationException');
    expect(err.message).toContain('downtime');
  });
});

describe('RollbackApplication', () => {
  it('is refused in READY, with a stale version, and without snapshots', async () => {
    const h = harness();
    await seedApp(h, {
      name: 'ready-app',
      status: 'READY',
    });
    expect(
      (await h.fail('RollbackApplication', { ApplicationName: 'ready-app', CurrentApplicationVersionId: 1 }))
        .code,
    ).toBe('ResourceInUseException');
    await seedApp(h, { name: 'no-snaps', snapshotsEnabled: false });
    await putJar(h, 'v2.jar');
    const up = await h.call('UpdateApplication', updateInput('no-snaps', 1, undefined, 'v2.jar'));
    await h.waitOperation('no-snaps', up.OperationId);
    expect(
      (await h.fail('RollbackApplication', { ApplicationName: 'no-snaps', CurrentApplicationVersionId: 1 }))
        .code,
    ).toBe('ConcurrentModificationException');
    expect(
      (await h.fail('RollbackApplication', { ApplicationName: 'no-snaps', CurrentApplicationVersionId: 2 }))
        .code,
    ).toBe('InvalidRequestException');
  });

  it('rolls a restart-looping upgrade back to the previous runtime and code', async () => {
    const h = harness();
    await seedApp(h, {
      name: 'orders',
      metricsHistorySeconds: 600,
    });
    await putJar(h, 'v2.jar');
    h.cp.setJobBehaviour({
      application: 'orders',
      fileKey: 'v2.jar',
      behaviour: { kind: 'restart-loop', afterSeconds: 30 },
    });
    const up = await h.call('UpdateApplication', updateInput('orders', 1, 'FLINK-2_2', 'v2.jar'));
    await h.waitOperation('orders', up.OperationId);
    const rb = await h.call('RollbackApplication', {
      ApplicationName: 'orders',
      CurrentApplicationVersionId: 2,
    });
    expect(rb.ApplicationDetail.ApplicationStatus).toBe('ROLLING_BACK');
    const op = await h.waitOperation('orders', rb.OperationId);
    expect(op).toMatchObject({ Operation: 'RollbackApplication', OperationStatus: 'SUCCESSFUL' });
    expect(await h.describe('orders')).toMatchObject({
      ApplicationStatus: 'RUNNING',
      RuntimeEnvironment: 'FLINK-1_20',
      ApplicationVersionRolledBackFrom: 2,
      ApplicationVersionRolledBackTo: 1,
    });
    // "it loads state data from the last successful snapshot": the service snapshot the update took of
    // version 1, the newest READY one; the emulator records which snapshot each job restored.
    const app = (h.cp.describeState() as any).applications[0];
    const serviceSnapshot = app.snapshots.find((s: any) => s.system && s.versionId === 1);
    expect(serviceSnapshot).toMatchObject({ status: 'READY', runtime: 'FLINK-1_20' });
    expect(app.job.restoredFrom).toMatchObject({ name: serviceSnapshot.name, runtime: 'FLINK-1_20' });
  });

  it('rolls back an update stuck in UPDATING and cancels the update operation', async () => {
    const h = harness({ update: 3_600_000 });
    await seedApp(h, {
      name: 'orders',
      snapshots: [{ name: 'nightly', ageSeconds: 600 }],
    });
    await putJar(h, 'v2.jar');
    const up = await h.call('UpdateApplication', updateInput('orders', 1, 'FLINK-2_2', 'v2.jar'));
    await h.waitFor('service snapshot', async () => {
      const snaps = (await h.call('ListApplicationSnapshots', { ApplicationName: 'orders' }))
        .SnapshotSummaries;
      return snaps.length === 2 && snaps[1].SnapshotStatus === 'READY';
    });
    expect((await h.describe('orders')).ApplicationStatus).toBe('UPDATING');
    const rb = await h.call('RollbackApplication', {
      ApplicationName: 'orders',
      CurrentApplicationVersionId: 2,
    });
    expect((await h.waitOperation('orders', rb.OperationId)).OperationStatus).toBe('SUCCESSFUL');
    expect((await h.waitOperation('orders', up.OperationId)).OperationStatus).toBe('CANCELLED');
    expect(await h.describe('orders')).toMatchObject({
      ApplicationStatus: 'RUNNING',
      RuntimeEnvironment: 'FLINK-1_20',
    });
  });

  it('fails when the latest snapshot was taken on the newer runtime (restore of newer state)', async () => {
    const h = harness();
    await seedApp(h, { name: 'orders' });
    await putJar(h, 'v2.jar');
    const up = await h.call('UpdateApplication', updateInput('orders', 1, 'FLINK-2_2', 'v2.jar'));
    await h.waitOperation('orders', up.OperationId);
    await snapshotReady(h, 'orders', 'after-upgrade');
    const rb = await h.call('RollbackApplication', {
      ApplicationName: 'orders',
      CurrentApplicationVersionId: 2,
    });
    const op = await h.waitOperation('orders', rb.OperationId);
    expect(op.OperationStatus).toBe('FAILED');
    expect(op.OperationFailureDetails.ErrorInfo.ErrorString).toContain('after-upgrade');
    expect((await h.describe('orders')).ApplicationStatus).toBe('READY');
  });
});

describe('stop and operations', () => {
  it('stops with a service snapshot, force-stops without one, and lists operations newest first', async () => {
    const h = harness();
    await runningApp(h, 'orders');
    const stop = await h.call('StopApplication', { ApplicationName: 'orders' });
    expect((await h.describe('orders')).ApplicationStatus).toBe('STOPPING');
    await h.waitOperation('orders', stop.OperationId);
    expect((await h.describe('orders')).ApplicationStatus).toBe('READY');
    expect(
      (await h.call('ListApplicationSnapshots', { ApplicationName: 'orders' })).SnapshotSummaries,
    ).toHaveLength(1);
    await h.call('StartApplication', { ApplicationName: 'orders' });
    expect((await h.fail('StopApplication', { ApplicationName: 'orders' })).code).toBe(
      'ResourceInUseException',
    );
    const force = await h.call('StopApplication', { ApplicationName: 'orders', Force: true });
    expect((await h.describe('orders')).ApplicationStatus).toBe('FORCE_STOPPING');
    await h.waitStatus('orders', 'READY');
    expect(
      (await h.call('ListApplicationSnapshots', { ApplicationName: 'orders' })).SnapshotSummaries,
    ).toHaveLength(1);

    const ops = (await h.call('ListApplicationOperations', { ApplicationName: 'orders' }))
      .ApplicationOperationInfoList;
    expect(ops.map((o: any) => [o.Operation, o.OperationStatus])).toEqual([
      ['StopApplication', 'SUCCESSFUL'],
      ['StartApplication', 'CANCELLED'],
      ['StopApplication', 'SUCCESSFUL'],
      ['StartApplication', 'SUCCESSFUL'],
    ]);
    expect(ops[0].OperationId).toBe(force.OperationId);
    const starts = await h.call('ListApplicationOperations', {
      ApplicationName: 'orders',
      Operation: 'StartApplication',
      OperationStatus: 'SUCCESSFUL',
    });
    expect(starts.ApplicationOperationInfoList).toHaveLength(1);
    const p1 = await h.call('ListApplicationOperations', { ApplicationName: 'orders', Limit: 3 });
    expect(p1.ApplicationOperationInfoList).toHaveLength(3);
    const p2 = await h.call('ListApplicationOperations', {
      ApplicationName: 'orders',
      Limit: 3,
      NextToken: p1.NextToken,
    });
    expect(p2.ApplicationOperationInfoList.map((o: any) => o.OperationId)).toEqual([ops[3].OperationId]);
    expect(p2.NextToken).toBeUndefined();
    expect(
      (await h.fail('DescribeApplicationOperation', { ApplicationName: 'orders', OperationId: 'nope' })).code,
    ).toBe('ResourceNotFoundException');
  });
});

describe('seeding, state view, reset', () => {
  it('seeds metric history at period spacing ending now, describes state, and stops publishing after close', async () => {
    const h = harness();
    await seedApp(h, {
      name: 'orders',
      versionId: 4,
      metricsHistorySeconds: 600,
      snapshots: [{ name: 'old', runtime: 'FLINK-1_18', ageSeconds: 3600 }],
    });
    const times = h.metrics.data.filter((d) => d.metricName === 'uptime').map((d) => d.timestamp);
    expect(times).toHaveLength(10);
    expect(times[1]! - times[0]!).toBe(60_000);
    expect(times[times.length - 1]!).toBeLessThanOrEqual(h.clock.now());
    expect(h.clock.now() - times[times.length - 1]!).toBeLessThan(5_000);
    const state = h.cp.describeState() as any;
    expect(state.applications[0]).toMatchObject({
      name: 'orders',
      status: 'RUNNING',
      versionId: 4,
      runtime: 'FLINK-1_20',
    });
    expect(state.applications[0].snapshots[0]).toMatchObject({
      name: 'old',
      runtime: 'FLINK-1_18',
      status: 'READY',
    });
    expect(state.applications[0].job.counters.restarts).toBe(0);
    expect(() =>
      h.cp.seedApplication({ name: 'x', runtime: 'FLINK-1_20', code: { bucket: BUCKET, key: 'absent.jar' } }),
    ).toThrow(/does not exist/);
    await h.cp.close();
    const count = h.metrics.data.length;
    await h.clock.sleep(180_000);
    expect(h.metrics.data.length).toBe(count);
    h.cp.reset();
    expect((h.cp.describeState() as any).applications).toEqual([]);
  });

  it('seeds a CUSTOM checkpoint interval that the job checkpoints at', async () => {
    const h = harness();
    await seedApp(h, { name: 'fast', metricsHistorySeconds: 600, checkpointIntervalSeconds: 10 });
    await seedApp(h, { name: 'default', metricsHistorySeconds: 600 });
    const config = (await h.describe('fast')).ApplicationConfigurationDescription;
    expect(config.FlinkApplicationConfigurationDescription.CheckpointConfigurationDescription).toMatchObject({
      ConfigurationType: 'CUSTOM',
      CheckpointingEnabled: true,
      CheckpointInterval: 10_000,
    });
    const jobs = Object.fromEntries(
      (h.cp.describeState() as any).applications.map((a: any) => [a.name, a.job.counters]),
    );
    expect(jobs.fast.completedCheckpoints).toBe(6 * jobs.default.completedCheckpoints);
    expect(jobs.default.completedCheckpoints).toBeGreaterThan(0);
    expect(() =>
      h.cp.seedApplication({
        name: 'bad',
        runtime: 'FLINK-1_20',
        code: { bucket: BUCKET, key: 'v1.jar' },
        checkpointIntervalSeconds: 0,
      }),
    ).toThrow(/checkpointIntervalSeconds/);
  });
});

describe('job behaviours', () => {
  it('fails a start that restores incompatible state (restore-failure) but not one without state', async () => {
    const h = harness();
    await seedApp(h, {
      name: 'orders',
      status: 'READY',
    });
    h.cp.setJobBehaviour({
      application: 'orders',
      behaviour: { kind: 'restore-failure', message: 'StateMigrationException: PojoSerializer' },
    });
    // LATEST with no snapshot starts without state: nothing to restore, nothing fails.
    const first = await h.call('StartApplication', { ApplicationName: 'orders' });
    expect((await h.waitOperation('orders', first.OperationId)).OperationStatus).toBe('SUCCESSFUL');
    await snapshotReady(h, 'orders', 'with-state');
    const stop = await h.call('StopApplication', { ApplicationName: 'orders', Force: true });
    await h.waitOperation('orders', stop.OperationId);
    const second = await h.call('StartApplication', {
      ApplicationName: 'orders',
      RunConfiguration: {
        ApplicationRestoreConfiguration: {
          ApplicationRestoreType: 'RESTORE_FROM_CUSTOM_SNAPSHOT',
          SnapshotName: 'with-state',
        },
      },
    });
    const op = await h.waitOperation('orders', second.OperationId);
    expect(op.OperationStatus).toBe('FAILED');
    expect(op.OperationFailureDetails.ErrorInfo.ErrorString).toContain('PojoSerializer');
    const d = await h.describe('orders');
    expect(
      d.ApplicationConfigurationDescription.RunConfigurationDescription
        .ApplicationRestoreConfigurationDescription,
    ).toEqual({
      ApplicationRestoreType: 'RESTORE_FROM_CUSTOM_SNAPSHOT',
      SnapshotName: 'with-state',
    });
  });

  it('fails a snapshot whose job starts restarting while it is taken', async () => {
    // The loop starts 30 s after the job, while the 60 s snapshot is being taken.
    const h = harness({ snapshot: 60_000 });
    await seedApp(h, {
      name: 'orders',
      behaviour: { kind: 'restart-loop', afterSeconds: 30 },
    });
    const details = await snapshotReady(h, 'orders', 'too-late');
    expect(details.SnapshotStatus).toBe('FAILED');
    expect((h.cp.describeState() as any).applications[0].job.healthy).toBe(false);
  });

  it('publishes nothing for a no-metrics job and growing failures for failing checkpoints', async () => {
    const h = harness();
    await seedApp(h, {
      name: 'silent',
      runtime: 'FLINK-2_2',
      behaviour: { kind: 'no-metrics' },
    });
    await seedApp(h, {
      name: 'failing',
      runtime: 'FLINK-2_2',
      code: { bucket: BUCKET, key: 'v2.jar' },
      behaviour: { kind: 'failing-checkpoints' },
    });
    await h.waitFor(
      'failed checkpoints',
      () => h.metrics.values('failing', 'numberOfFailedCheckpoints').length >= 3,
    );
    const failed = h.metrics.values('failing', 'numberOfFailedCheckpoints');
    expect(failed[failed.length - 1]!).toBeGreaterThan(failed[0]!);
    expect(h.metrics.values('silent', 'runningTime')).toEqual([]);
  });

  it('resets cumulative counters when the job is resubmitted by an update', async () => {
    const h = harness();
    await seedApp(h, {
      name: 'orders',
      metricsHistorySeconds: 1800,
    });
    await putJar(h, 'v2.jar');
    const before = h.metrics.values('orders', 'uptime');
    expect(before[before.length - 1]!).toBeGreaterThanOrEqual(1_700_000);
    const up = await h.call('UpdateApplication', updateInput('orders', 1, undefined, 'v2.jar'));
    await h.waitOperation('orders', up.OperationId);
    const count = before.length;
    await h.waitFor('new uptime', () => h.metrics.values('orders', 'uptime').length > count);
    const after = h.metrics.values('orders', 'uptime');
    expect(after[after.length - 1]!).toBeLessThan(600_000);
  });
});
