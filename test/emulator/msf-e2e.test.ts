/**
 * The MSF control plane over HTTP with the real @aws-sdk/client-kinesis-analytics-v2 (and the S3 and
 * CloudWatch clients for code and metrics), on a scaled clock.
 */
import { readFileSync } from 'node:fs';
import {
  CreateApplicationCommand,
  CreateApplicationSnapshotCommand,
  DeleteApplicationSnapshotCommand,
  DescribeApplicationCommand,
  DescribeApplicationOperationCommand,
  DescribeApplicationSnapshotCommand,
  DescribeApplicationVersionCommand,
  ListApplicationOperationsCommand,
  ListApplicationSnapshotsCommand,
  ListApplicationVersionsCommand,
  RollbackApplicationCommand,
  StartApplicationCommand,
  StopApplicationCommand,
  UpdateApplicationCommand,
  type ApplicationDetail,
  type ApplicationOperationInfoDetails,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { KinesisAnalyticsV2Client } from '@aws-sdk/client-kinesis-analytics-v2';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scaledClock } from '../../src/clock.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { buildJar, classMajorFor, healthyJobJar } from '../support/jar-builder.js';
import { flinkVersion, realFlinkStatus, testJar } from '../support/flink-install.js';

const clock = scaledClock(600);
const BUCKET = 'flink-code';
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator({ clock, metricPeriodSeconds: 60 });
});

beforeEach(async () => {
  t.emulator.control.reset();
  await t.clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterEach(() => {
  // Every answer matched the model and nothing was retried after a server error.
  expect(t.emulator.outputErrors).toEqual([]);
  expect(t.emulator.control.calls().filter((c) => c.status >= 500)).toEqual([]);
});

async function putJar(key: string, jar: Buffer): Promise<void> {
  await t.clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: jar }));
}

async function describeApp(name: string): Promise<ApplicationDetail> {
  const out = await t.clients.msf.send(new DescribeApplicationCommand({ ApplicationName: name }));
  return out.ApplicationDetail!;
}

async function until<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  const deadline = clock.now() + 3_600_000;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (clock.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await clock.sleep(2_000);
  }
}

async function operationDone(app: string, id: string): Promise<ApplicationOperationInfoDetails> {
  return until(
    `operation ${id}`,
    async () =>
      (
        await t.clients.msf.send(
          new DescribeApplicationOperationCommand({ ApplicationName: app, OperationId: id }),
        )
      ).ApplicationOperationInfoDetails!,
    (d) => d.OperationStatus !== 'IN_PROGRESS',
  );
}

async function snapshotReady(app: string, name: string): Promise<void> {
  await t.clients.msf.send(
    new CreateApplicationSnapshotCommand({ ApplicationName: app, SnapshotName: name }),
  );
  await until(
    `snapshot ${name}`,
    async () =>
      (
        await t.clients.msf.send(
          new DescribeApplicationSnapshotCommand({ ApplicationName: app, SnapshotName: name }),
        )
      ).SnapshotDetails!,
    (s) => s.SnapshotStatus === 'READY',
  );
}

async function createRunning(
  name: string,
  runtime: string,
  key: string,
  rollback = false,
): Promise<ApplicationDetail> {
  await t.clients.msf.send(
    new CreateApplicationCommand({
      ApplicationName: name,
      RuntimeEnvironment: runtime as never,
      ServiceExecutionRole: 'arn:aws:iam::123456789012:role/msf',
      ApplicationConfiguration: {
        ApplicationCodeConfiguration: {
          CodeContentType: 'ZIPFILE',
          CodeContent: { S3ContentLocation: { BucketARN: BUCKET_ARN, FileKey: key } },
        },
        ApplicationSnapshotConfiguration: { SnapshotsEnabled: true },
        ApplicationSystemRollbackConfiguration: { RollbackEnabled: rollback },
      },
    }),
  );
  const start = await t.clients.msf.send(new StartApplicationCommand({ ApplicationName: name }));
  expect((await operationDone(name, start.OperationId!)).OperationStatus).toBe('SUCCESSFUL');
  return describeApp(name);
}

function codeKey(d: ApplicationDetail): string | undefined {
  return d.ApplicationConfigurationDescription?.ApplicationCodeConfigurationDescription
    ?.CodeContentDescription?.S3ApplicationCodeLocationDescription?.FileKey;
}

async function expectError(promise: Promise<unknown>, name: string): Promise<Error> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(err?.name).toBe(name);
  return err!;
}

describe('MSF over HTTP with the JS SDK', () => {
  it('create → snapshot → update (Path 1) → operations → rollback', async () => {
    await putJar('job-1.jar', await healthyJobJar(11));
    await putJar('job-2.jar', await healthyJobJar(11, 'com/example/StreamingJobV2'));
    const created = await createRunning('orders', 'FLINK-1_20', 'job-1.jar');
    expect(created.ApplicationStatus).toBe('RUNNING');
    expect(created.CreateTimestamp).toBeInstanceOf(Date);
    expect(Math.abs(created.CreateTimestamp!.getTime() - clock.now())).toBeLessThan(3_600_000);
    await snapshotReady('orders', 'pre-upgrade');

    const update = await t.clients.msf.send(
      new UpdateApplicationCommand({
        ApplicationName: 'orders',
        ConditionalToken: created.ConditionalToken,
        RuntimeEnvironmentUpdate: 'FLINK-2_2',
        ApplicationConfigurationUpdate: {
          ApplicationCodeConfigurationUpdate: {
            CodeContentUpdate: {
              S3ContentLocationUpdate: { BucketARNUpdate: BUCKET_ARN, FileKeyUpdate: 'job-2.jar' },
            },
          },
        },
        RunConfigurationUpdate: {
          ApplicationRestoreConfiguration: {
            ApplicationRestoreType: 'RESTORE_FROM_CUSTOM_SNAPSHOT',
            SnapshotName: 'pre-upgrade',
          },
          FlinkRunConfiguration: { AllowNonRestoredState: false },
        },
      }),
    );
    expect(update.ApplicationDetail?.ApplicationStatus).toBe('UPDATING');
    const op = await operationDone('orders', update.OperationId!);
    expect(op.OperationStatus).toBe('SUCCESSFUL');
    expect(op.ApplicationVersionChangeDetails).toEqual({
      ApplicationVersionUpdatedFrom: 1,
      ApplicationVersionUpdatedTo: 2,
    });
    expect(op.EndTime).toBeInstanceOf(Date);
    const upgraded = await describeApp('orders');
    expect(upgraded).toMatchObject({
      RuntimeEnvironment: 'FLINK-2_2',
      ApplicationVersionId: 2,
      ApplicationVersionUpdatedFrom: 1,
    });
    expect(codeKey(upgraded)).toBe('job-2.jar');

    const ops = await t.clients.msf.send(new ListApplicationOperationsCommand({ ApplicationName: 'orders' }));
    expect(ops.ApplicationOperationInfoList?.map((o) => o.Operation)).toEqual([
      'UpdateApplication',
      'StartApplication',
    ]);
    const snaps = await t.clients.msf.send(
      new ListApplicationSnapshotsCommand({ ApplicationName: 'orders' }),
    );
    expect(snaps.SnapshotSummaries?.map((s) => s.RuntimeEnvironment)).toEqual(['FLINK-1_20', 'FLINK-1_20']);

    const rollback = await t.clients.msf.send(
      new RollbackApplicationCommand({ ApplicationName: 'orders', CurrentApplicationVersionId: 2 }),
    );
    expect(rollback.ApplicationDetail?.ApplicationStatus).toBe('ROLLING_BACK');
    expect((await operationDone('orders', rollback.OperationId!)).OperationStatus).toBe('SUCCESSFUL');
    const back = await describeApp('orders');
    expect(back).toMatchObject({
      ApplicationStatus: 'RUNNING',
      RuntimeEnvironment: 'FLINK-1_20',
      ApplicationVersionId: 3,
      ApplicationVersionRolledBackFrom: 2,
      ApplicationVersionRolledBackTo: 1,
    });
    expect(codeKey(back)).toBe('job-1.jar');
    const versions = await t.clients.msf.send(
      new ListApplicationVersionsCommand({ ApplicationName: 'orders' }),
    );
    expect(versions.ApplicationVersionSummaries?.map((v) => v.ApplicationVersionId)).toEqual([3, 2, 1]);
    const v2 = await t.clients.msf.send(
      new DescribeApplicationVersionCommand({ ApplicationName: 'orders', ApplicationVersionId: 2 }),
    );
    expect(v2.ApplicationVersionDetail?.RuntimeEnvironment).toBe('FLINK-2_2');
  });

  it('Path 2 with and without system rollback', async () => {
    await putJar('ok.jar', await healthyJobJar(11));
    await putJar(
      'legacy.jar',
      await buildJar({
        classes: [
          {
            name: 'com/example/Legacy',
            major: classMajorFor(11),
            references: ['org/apache/flink/streaming/api/functions/sink/SinkFunction'],
          },
        ],
      }),
    );
    for (const rollbackEnabled of [true, false]) {
      const name = rollbackEnabled ? 'with-rollback' : 'without-rollback';
      await createRunning(name, 'FLINK-1_20', 'ok.jar', rollbackEnabled);
      const update = await t.clients.msf.send(
        new UpdateApplicationCommand({
          ApplicationName: name,
          CurrentApplicationVersionId: 1,
          RuntimeEnvironmentUpdate: 'FLINK-2_2',
          ApplicationConfigurationUpdate: {
            ApplicationCodeConfigurationUpdate: {
              CodeContentUpdate: { S3ContentLocationUpdate: { FileKeyUpdate: 'legacy.jar' } },
            },
          },
        }),
      );
      const op = await operationDone(name, update.OperationId!);
      expect(op.OperationStatus).toBe('FAILED');
      expect(op.OperationFailureDetails?.ErrorInfo?.ErrorString).toContain('SinkFunction');
      if (rollbackEnabled) {
        const rb = await operationDone(name, op.OperationFailureDetails!.RollbackOperationId!);
        expect(rb.OperationStatus).toBe('SUCCESSFUL');
        expect(await describeApp(name)).toMatchObject({
          ApplicationStatus: 'RUNNING',
          RuntimeEnvironment: 'FLINK-1_20',
        });
      } else {
        expect(op.OperationFailureDetails?.RollbackOperationId).toBeUndefined();
        expect(await describeApp(name)).toMatchObject({
          ApplicationStatus: 'RUNNING',
          RuntimeEnvironment: 'FLINK-2_2',
        });
      }
    }
  });

  it('restart loop: restarts grow in CloudWatch while the application stays RUNNING', async () => {
    await t.emulator.control.seed({
      buckets: [{ name: BUCKET, objects: [{ key: 'v1.jar', body: await healthyJobJar(11) }] }],
      applications: [
        {
          name: 'looping',
          runtime: 'FLINK-1_20',
          code: { bucket: BUCKET, key: 'v1.jar' },
          behaviour: { kind: 'restart-loop' },
        },
      ],
    });
    const query = async (): Promise<number[]> => {
      const out = await t.clients.cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(clock.now() - 3_600_000),
          EndTime: new Date(clock.now() + 60_000),
          MetricDataQueries: [
            {
              Id: 'restarts',
              MetricStat: {
                Metric: {
                  Namespace: 'AWS/KinesisAnalytics',
                  MetricName: 'fullRestarts',
                  Dimensions: [{ Name: 'Application', Value: 'looping' }],
                },
                Period: 60,
                Stat: 'Maximum',
              },
            },
          ],
        }),
      );
      return out.MetricDataResults?.[0]?.Values ?? [];
    };
    const values = await until('three restart datapoints', query, (v) => v.length >= 3);
    expect(Math.max(...values)).toBeGreaterThan(Math.min(...values));
    expect((await describeApp('looping')).ApplicationStatus).toBe('RUNNING');
  });

  it('seeds applications and behaviour rules through the HTTP control endpoint', async () => {
    const control = async (method: string, body: unknown): Promise<any> => {
      const res = await fetch(`${t.emulator.url}/_emulator/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      const text = await res.text();
      return text ? JSON.parse(text) : undefined;
    };
    const jar = await healthyJobJar(11);
    await control('seed', {
      buckets: [{ name: BUCKET, objects: [{ key: 'seeded.jar', bodyBase64: jar.toString('base64') }] }],
      applications: [
        {
          name: 'seeded',
          runtime: 'FLINK-1_19',
          code: { bucket: BUCKET, key: 'seeded.jar' },
          versionId: 7,
          systemRollbackEnabled: true,
          snapshots: [{ name: 'nightly', ageSeconds: 3600 }],
          metricsHistorySeconds: 300,
        },
      ],
    });
    await control('setJobBehaviour', {
      application: 'seeded',
      runtime: 'FLINK-1_20',
      behaviour: { kind: 'startup-failure', message: 'java.lang.NoSuchMethodError: boom' },
    });
    const d = await describeApp('seeded');
    expect(d).toMatchObject({
      ApplicationStatus: 'RUNNING',
      ApplicationVersionId: 7,
      RuntimeEnvironment: 'FLINK-1_19',
    });
    const update = await t.clients.msf.send(
      new UpdateApplicationCommand({
        ApplicationName: 'seeded',
        CurrentApplicationVersionId: 7,
        RuntimeEnvironmentUpdate: 'FLINK-1_20',
      }),
    );
    const op = await operationDone('seeded', update.OperationId!);
    expect(op.OperationFailureDetails?.ErrorInfo?.ErrorString).toBe('java.lang.NoSuchMethodError: boom');
    await operationDone('seeded', op.OperationFailureDetails!.RollbackOperationId!);
    const state = await control('describe', {});
    const app = state.applications.applications.find((a: any) => a.name === 'seeded');
    expect(app).toMatchObject({ status: 'RUNNING', runtime: 'FLINK-1_19', versionId: 9 });
    expect(app.job.mode).toEqual({ kind: 'healthy' });
    expect(app.versions.map((v: any) => [v.versionId, v.status])).toEqual([
      [7, 'RUNNING'],
      [8, 'ROLLED_BACK'],
      [9, 'RUNNING'],
    ]);
  });

  it('errors: stale token, wrong status, snapshot quota, delete-snapshot timestamp, incompatible start', async () => {
    await putJar('v1.jar', await healthyJobJar(11));
    const d = await createRunning('orders', 'FLINK-2_2', 'v1.jar');
    await expectError(
      t.clients.msf.send(
        new UpdateApplicationCommand({
          ApplicationName: 'orders',
          ConditionalToken: `${d.ConditionalToken!}x`,
        }),
      ),
      'ConcurrentModificationException',
    );
    await expectError(
      t.clients.msf.send(new StartApplicationCommand({ ApplicationName: 'orders' })),
      'ResourceInUseException',
    );
    await snapshotReady('orders', 'on-2-2');
    const snap = (
      await t.clients.msf.send(
        new DescribeApplicationSnapshotCommand({ ApplicationName: 'orders', SnapshotName: 'on-2-2' }),
      )
    ).SnapshotDetails!;
    await expectError(
      t.clients.msf.send(
        new DeleteApplicationSnapshotCommand({
          ApplicationName: 'orders',
          SnapshotName: 'on-2-2',
          SnapshotCreationTimestamp: new Date(snap.SnapshotCreationTimestamp!.getTime() + 1000),
        }),
      ),
      'InvalidArgumentException',
    );

    // READY update to 1.20, then start restoring the 2.2 snapshot: refused.
    await t.emulator.control.seed({
      applications: [
        {
          name: 'ready-app',
          runtime: 'FLINK-2_2',
          status: 'READY',
          code: { bucket: BUCKET, key: 'v1.jar' },
          snapshots: [{ name: 'state-2-2', runtime: 'FLINK-2_2', ageSeconds: 60 }],
        },
      ],
    });
    await t.clients.msf.send(
      new UpdateApplicationCommand({
        ApplicationName: 'ready-app',
        CurrentApplicationVersionId: 1,
        RuntimeEnvironmentUpdate: 'FLINK-1_20',
      }),
    );
    await expectError(
      t.clients.msf.send(
        new StartApplicationCommand({
          ApplicationName: 'ready-app',
          RunConfiguration: {
            ApplicationRestoreConfiguration: {
              ApplicationRestoreType: 'RESTORE_FROM_CUSTOM_SNAPSHOT',
              SnapshotName: 'state-2-2',
            },
          },
        }),
      ),
      'InvalidApplicationConfigurationException',
    );

    await t.emulator.control.seed({
      applications: [
        {
          name: 'full',
          runtime: 'FLINK-1_20',
          code: { bucket: BUCKET, key: 'v1.jar' },
          snapshots: Array.from({ length: 1000 }, (_, i) => ({ name: `s${i}`, ageSeconds: 5000 - i })),
        },
      ],
    });
    // The SDK classifies LimitExceededException as throttling and retries it: ask once.
    const once = new KinesisAnalyticsV2Client({
      region: 'us-east-1',
      endpoint: t.emulator.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    try {
      await expectError(
        once.send(new CreateApplicationSnapshotCommand({ ApplicationName: 'full', SnapshotName: 'extra' })),
        'LimitExceededException',
      );
    } finally {
      once.destroy();
    }
  });
});

/** The operators of test-jobs/CounterV1 and CounterNoStats (which drops `stats`). */
const V1_UIDS = ['source', 'throttle', 'stats', 'counter', 'print'];
const NO_STATS_UIDS = ['source', 'throttle', 'counter', 'print'];
const V1_20 = flinkVersion('1.20');
const testJobsBuilt = realFlinkStatus([V1_20]).state === 'ready';

describe('operator state is mapped by uid, as Flink maps it (simulated engine)', () => {
  const jars: [string, () => Promise<{ v1: Buffer; noStats: Buffer }>][] = [
    [
      'JARs whose classes set the uids',
      async () => ({
        v1: await buildJar({
          classes: [{ name: 'flinktest/CounterV1', major: classMajorFor(11), uids: V1_UIDS }],
        }),
        noStats: await buildJar({
          classes: [{ name: 'flinktest/CounterNoStats', major: classMajorFor(11), uids: NO_STATS_UIDS }],
        }),
      }),
    ],
  ];
  if (testJobsBuilt) {
    jars.push([
      'the test jobs counter-v1 and counter-no-stats',
      () =>
        Promise.resolve({
          v1: readFileSync(testJar(V1_20, 'counter-v1')),
          noStats: readFileSync(testJar(V1_20, 'counter-no-stats')),
        }),
    ]);
  }

  for (const [what, load] of jars) {
    it(`UpdateApplication dropping an operator fails without AllowNonRestoredState, runs with it (${what})`, async () => {
      const { v1, noStats } = await load();
      await putJar('v1.jar', v1);
      await putJar('no-stats.jar', noStats);
      await createRunning('uids', 'FLINK-1_20', 'v1.jar', true);
      const update = await t.clients.msf.send(
        new UpdateApplicationCommand({
          ApplicationName: 'uids',
          CurrentApplicationVersionId: 1,
          ApplicationConfigurationUpdate: {
            ApplicationCodeConfigurationUpdate: {
              CodeContentUpdate: { S3ContentLocationUpdate: { FileKeyUpdate: 'no-stats.jar' } },
            },
          },
        }),
      );
      const op = await operationDone('uids', update.OperationId!);
      expect(op.OperationStatus).toBe('FAILED');
      const error = op.OperationFailureDetails?.ErrorInfo?.ErrorString ?? '';
      expect(error).toContain('java.lang.IllegalStateException: Failed to rollback to checkpoint/savepoint');
      expect(error).toContain(
        'Cannot map checkpoint/savepoint state for operator 6ff44e1cda9c78739616fcefe460e861 to the new program, ' +
          'because the operator is not available in the new program. If you want to allow to skip this, you can ' +
          'set the --allowNonRestoredState option on the CLI.',
      );
      const rb = await operationDone('uids', op.OperationFailureDetails!.RollbackOperationId!);
      expect(rb.OperationStatus).toBe('SUCCESSFUL');
      const back = await describeApp('uids');
      expect(back.ApplicationStatus).toBe('RUNNING');
      expect(codeKey(back)).toBe('v1.jar');

      const allowed = await t.clients.msf.send(
        new UpdateApplicationCommand({
          ApplicationName: 'uids',
          CurrentApplicationVersionId: back.ApplicationVersionId!,
          ApplicationConfigurationUpdate: {
            ApplicationCodeConfigurationUpdate: {
              CodeContentUpdate: { S3ContentLocationUpdate: { FileKeyUpdate: 'no-stats.jar' } },
            },
          },
          RunConfigurationUpdate: { FlinkRunConfiguration: { AllowNonRestoredState: true } },
        }),
      );
      expect((await operationDone('uids', allowed.OperationId!)).OperationStatus).toBe('SUCCESSFUL');
      const upgraded = await describeApp('uids');
      expect(upgraded.ApplicationStatus).toBe('RUNNING');
      expect(codeKey(upgraded)).toBe('no-stats.jar');
    });
  }

  it('StartApplication from a snapshot of a program with more operators fails, unless AllowNonRestoredState', async () => {
    const v1 = await buildJar({
      classes: [{ name: 'flinktest/CounterV1', major: classMajorFor(11), uids: V1_UIDS }],
    });
    const noStats = await buildJar({
      classes: [{ name: 'flinktest/CounterNoStats', major: classMajorFor(11), uids: NO_STATS_UIDS }],
    });
    await putJar('v1.jar', v1);
    await putJar('no-stats.jar', noStats);
    await createRunning('starts', 'FLINK-1_20', 'v1.jar');
    await snapshotReady('starts', 'with-stats');
    const stop = await t.clients.msf.send(new StopApplicationCommand({ ApplicationName: 'starts' }));
    expect((await operationDone('starts', stop.OperationId!)).OperationStatus).toBe('SUCCESSFUL');
    await t.clients.msf.send(
      new UpdateApplicationCommand({
        ApplicationName: 'starts',
        CurrentApplicationVersionId: (await describeApp('starts')).ApplicationVersionId!,
        ApplicationConfigurationUpdate: {
          ApplicationCodeConfigurationUpdate: {
            CodeContentUpdate: { S3ContentLocationUpdate: { FileKeyUpdate: 'no-stats.jar' } },
          },
        },
      }),
    );
    const fromSnapshot = (allow: boolean) =>
      new StartApplicationCommand({
        ApplicationName: 'starts',
        RunConfiguration: {
          FlinkRunConfiguration: { AllowNonRestoredState: allow },
          ApplicationRestoreConfiguration: {
            ApplicationRestoreType: 'RESTORE_FROM_CUSTOM_SNAPSHOT',
            SnapshotName: 'with-stats',
          },
        },
      });
    const refused = await t.clients.msf.send(fromSnapshot(false));
    const failed = await operationDone('starts', refused.OperationId!);
    expect(failed.OperationStatus).toBe('FAILED');
    expect(failed.OperationFailureDetails?.ErrorInfo?.ErrorString).toContain(
      'Cannot map checkpoint/savepoint state for operator 6ff44e1cda9c78739616fcefe460e861',
    );
    // as on MSF, a failed start leaves the application RUNNING without a job that processes
    expect((await describeApp('starts')).ApplicationStatus).toBe('RUNNING');
    const forced = await t.clients.msf.send(
      new StopApplicationCommand({ ApplicationName: 'starts', Force: true }),
    );
    expect((await operationDone('starts', forced.OperationId!)).OperationStatus).toBe('SUCCESSFUL');

    const started = await t.clients.msf.send(fromSnapshot(true));
    expect((await operationDone('starts', started.OperationId!)).OperationStatus).toBe('SUCCESSFUL');
    expect((await describeApp('starts')).ApplicationStatus).toBe('RUNNING');
  });
});

describe('statuses the service enters on its own (control method enterStatus)', () => {
  async function seedRunning(name: string, parallelism?: number): Promise<void> {
    await t.emulator.control.seed({
      buckets: [{ name: BUCKET, objects: [{ key: 'v1.jar', body: await healthyJobJar(11) }] }],
      applications: [
        {
          name,
          runtime: 'FLINK-1_20',
          code: { bucket: BUCKET, key: 'v1.jar' },
          versionId: 3,
          ...(parallelism !== undefined ? { parallelism } : {}),
        },
      ],
    });
  }

  it('MAINTENANCE over HTTP: refuses updates and snapshots, then RUNNING on the same version', async () => {
    await seedRunning('patched');
    const res = await fetch(`${t.emulator.url}/_emulator/enterStatus`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ application: 'patched', status: 'MAINTENANCE', durationMs: 60_000 }),
    });
    expect(res.status).toBe(200);
    expect((await describeApp('patched')).ApplicationStatus).toBe('MAINTENANCE');
    await expectError(
      t.clients.msf.send(
        new UpdateApplicationCommand({
          ApplicationName: 'patched',
          CurrentApplicationVersionId: 3,
          RuntimeEnvironmentUpdate: 'FLINK-2_2',
        }),
      ),
      'ResourceInUseException',
    );
    await expectError(
      t.clients.msf.send(
        new CreateApplicationSnapshotCommand({ ApplicationName: 'patched', SnapshotName: 'during' }),
      ),
      'ResourceInUseException',
    );
    const again = await fetch(`${t.emulator.url}/_emulator/enterStatus`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ application: 'patched', status: 'AUTOSCALING', durationMs: 1_000 }),
    });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toContain('is MAINTENANCE');

    const after = await until(
      'RUNNING',
      () => describeApp('patched'),
      (d) => d.ApplicationStatus !== 'MAINTENANCE',
    );
    expect(after).toMatchObject({ ApplicationStatus: 'RUNNING', ApplicationVersionId: 3 });
    const listed = await t.clients.msf.send(
      new ListApplicationOperationsCommand({ ApplicationName: 'patched' }),
    );
    // MSF lists maintenance as an operation ("Maintenance", documented beside UpdateApplication & co.)
    expect(listed.ApplicationOperationInfoList).toEqual([
      expect.objectContaining({ Operation: 'Maintenance', OperationStatus: 'SUCCESSFUL' }),
    ]);
  });

  it('AUTOSCALING: a system snapshot, then a new version with the new parallelism, RUNNING', async () => {
    await seedRunning('scaled', 2);
    t.emulator.control.enterStatus({ application: 'scaled', status: 'AUTOSCALING', durationMs: 30_000 });
    const during = await describeApp('scaled');
    expect(during).toMatchObject({ ApplicationStatus: 'AUTOSCALING', ApplicationVersionId: 3 });
    const after = await until(
      'scaled',
      () => describeApp('scaled'),
      (d) => d.ApplicationStatus !== 'AUTOSCALING',
    );
    expect(after).toMatchObject({ ApplicationStatus: 'RUNNING', ApplicationVersionId: 4 });
    expect(
      after.ApplicationConfigurationDescription?.FlinkApplicationConfigurationDescription
        ?.ParallelismConfigurationDescription,
    ).toMatchObject({ ConfigurationType: 'CUSTOM', Parallelism: 4, CurrentParallelism: 4 });
    const snaps = await t.clients.msf.send(
      new ListApplicationSnapshotsCommand({ ApplicationName: 'scaled' }),
    );
    expect(snaps.SnapshotSummaries?.map((s) => [s.SnapshotStatus, s.ApplicationVersionId])).toEqual([
      ['READY', 3],
    ]);
    const versions = await t.clients.msf.send(
      new ListApplicationVersionsCommand({ ApplicationName: 'scaled' }),
    );
    expect(versions.ApplicationVersionSummaries).toEqual([
      { ApplicationVersionId: 4, ApplicationStatus: 'RUNNING' },
      { ApplicationVersionId: 3, ApplicationStatus: 'RUNNING' },
    ]);
    const state = t.emulator.control.describe().applications as {
      applications: { name: string; job: { healthy: boolean } | null; versions: { parallelism: number }[] }[];
    };
    const app = state.applications.find((a) => a.name === 'scaled')!;
    expect(app.versions.map((v) => v.parallelism)).toEqual([2, 4]);
    expect(app.job?.healthy).toBe(true);
  });

  it('refuses an application that is not RUNNING, an unknown one and another status', async () => {
    await seedRunning('busy');
    t.emulator.control.enterStatus({
      application: 'busy',
      status: 'AUTOSCALING',
      durationMs: 5_000,
      parallelism: 8,
    });
    expect(() =>
      t.emulator.control.enterStatus({ application: 'busy', status: 'MAINTENANCE', durationMs: 5_000 }),
    ).toThrow(/busy is AUTOSCALING/);
    expect(() =>
      t.emulator.control.enterStatus({ application: 'nope', status: 'MAINTENANCE', durationMs: 5_000 }),
    ).toThrow(/nope does not exist/);
    expect(() =>
      t.emulator.control.enterStatus({ application: 'busy', status: 'UPDATING' as never, durationMs: 5_000 }),
    ).toThrow(/AUTOSCALING or MAINTENANCE/);
    const after = await until(
      'scaled',
      () => describeApp('busy'),
      (d) => d.ApplicationStatus === 'RUNNING',
    );
    expect(
      after.ApplicationConfigurationDescription?.FlinkApplicationConfigurationDescription
        ?.ParallelismConfigurationDescription?.Parallelism,
    ).toBe(8);
  });
});
