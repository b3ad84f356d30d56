/**
 * Faults through the whole pipeline (runUpgrade, the action's own SDK clients over HTTP): transient
 * faults are survived, faults that outlast the retries and non-transient errors end with one message
 * naming the application, the phase and the fix, and a non-idempotent call whose answer is lost is
 * followed, not sent again.
 *
 * The SDK's retry backoff and adaptive rate limiter run on real time; `scaleSdkRetryTime` makes them
 * SDK_TIME_SCALE times faster so a run with dozens of retries stays fast. Attempts, retry classification
 * and the retry quota are the SDK's own.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import type { FaultSpec, JobBehaviour, SeedApplication } from '../../emulator/types.js';
import { buildJar, healthyJobJar } from '../support/jar-builder.js';
import { BUCKET, CLOCK_SCALE, CURRENT_KEY, startHarness, type Harness } from './harness.js';
import { PART_SIZE } from '../../src/msf/upload.js';

const APP = 'orders';
const NEW_KEY = 'orders/v2/orders.jar';
/** 5× faster than the shared clock: SDK retries still come in the same order relative to the polls. */
const SDK_TIME_SCALE = CLOCK_SCALE * 5;

let h: Harness;

// A fresh emulator and fresh clients per test: the SDK's retry quota and rate limiter are per client.
beforeEach(async () => {
  h = await startHarness();
  await scaleSdkRetryTime(h.clients, SDK_TIME_SCALE);
});

afterEach(async () => {
  await h.stop();
});

/**
 * Makes the SDK's retry delays and adaptive rate limiter `scale` times faster, as the emulator's clock
 * is. Fails loudly if the SDK's retry strategy no longer has the shape this relies on.
 */
async function scaleSdkRetryTime(clients: AwsClients, scale: number): Promise<void> {
  for (const client of [clients.msf, clients.s3, clients.cloudwatch]) {
    const provider = client.config.retryStrategy as unknown as () => Promise<any>;
    const strategy = await provider();
    const limiter = strategy?.rateLimiter;
    const backoff = strategy?.standardRetryStrategy?.retryBackoffStrategy;
    const limiterClass = limiter?.constructor as
      { setTimeoutFn?: (fn: () => void, ms: number) => unknown } | undefined;
    if (
      typeof limiter?.getCurrentTimeInSeconds !== 'function' ||
      typeof limiterClass?.setTimeoutFn !== 'function' ||
      typeof backoff?.computeNextBackoffDelay !== 'function'
    ) {
      throw new Error('the SDK retry strategy changed shape: update scaleSdkRetryTime');
    }
    const origin = Date.now();
    limiter.getCurrentTimeInSeconds = () => (origin + (Date.now() - origin) * scale) / 1000;
    limiterClass.setTimeoutFn = (fn, ms) => setTimeout(fn, ms / scale);
    const compute = backoff.computeNextBackoffDelay.bind(backoff) as (attempt: number) => number;
    backoff.computeNextBackoffDelay = (attempt: number) => Math.floor(compute(attempt) / scale);
  }
}

/** `status errorCode` of every call of one operation, in order (status 0: the connection was closed). */
function callsOf(service: FaultSpec['service'], operation: string): string[] {
  return h.emulator.control
    .calls()
    .filter((c) => c.service === service && c.operation === operation)
    .map((c) => `${c.status}${c.errorCode ? ` ${c.errorCode}` : ''}`);
}

function msfCalls(operation: string): string[] {
  return callsOf('kinesisanalyticsv2', operation);
}

function fault(spec: FaultSpec): void {
  h.emulator.control.injectFault(spec);
}

interface EmulatedApp {
  status: string;
  versionId: number;
  runtime: string;
  fileKey?: string;
  versions: { versionId: number }[];
  snapshots: { name: string }[];
  operations: { id: string; operation: string }[];
}

function emulated(): EmulatedApp {
  const view = h.emulator.control.describe().applications as {
    applications: (EmulatedApp & { name: string })[];
  };
  const app = view.applications.find((a) => a.name === APP);
  if (!app) throw new Error(`no application ${APP} in the emulator`);
  return app;
}

/** `orders` RUNNING v1 on FLINK-1_20, and a build of v2 on disk. */
async function seed(app: Partial<SeedApplication> = {}, newBehaviour?: JobBehaviour): Promise<string> {
  await h.seedApp({ name: APP, ...app });
  if (newBehaviour) {
    h.emulator.control.setJobBehaviour({ application: APP, fileKey: NEW_KEY, behaviour: newBehaviour });
  }
  return h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJobV2'));
}

/** A build bigger than one 16 MiB part: a multipart upload of two parts. */
async function bigJar(): Promise<{ file: string; bytes: Buffer }> {
  const bytes = await buildJar({
    store: true,
    manifest: { 'Main-Class': 'com.example.OrdersJob' },
    classes: [
      {
        name: 'com/example/OrdersJob',
        references: ['org/apache/flink/streaming/api/environment/StreamExecutionEnvironment'],
      },
    ],
    files: { 'assets/model.bin': Buffer.alloc(17 * 1024 * 1024, 3) },
  });
  return { file: await h.writeJar('orders.jar', bytes), bytes };
}

/** The run's one-line failure: names the application and the phase, says what to do, no stack trace. */
function expectOneLineFailure(reason: string, phase: string): void {
  expect(reason).toContain(APP);
  expect(reason).toContain(phase);
  expect(reason).not.toMatch(/\n\s+at /);
  expect(reason.split('\n')).toHaveLength(1);
}

describe('transient faults are survived', () => {
  it('MSF throttling while preflight reads, the snapshot is awaited and the operation is followed: upgraded', async () => {
    const jar = await seed();
    // 3 per call are absorbed by the SDK's 6 attempts; 8 outlast one call, so the pipeline polls again.
    fault({ service: 'kinesisanalyticsv2', operation: 'DescribeApplication', kind: 'throttle', count: 3 });
    fault({
      service: 'kinesisanalyticsv2',
      operation: 'DescribeApplicationSnapshot',
      kind: 'throttle',
      count: 8,
    });
    fault({
      service: 'kinesisanalyticsv2',
      operation: 'DescribeApplicationOperation',
      kind: 'throttle',
      count: 8,
    });

    const { outputs, report, log } = await h.run({ 'application-name': APP, artifact: jar });

    expect(outputs.result, report.reason).toBe('upgraded');
    expect(msfCalls('DescribeApplication').slice(0, 4)).toEqual([
      '400 ThrottlingException',
      '400 ThrottlingException',
      '400 ThrottlingException',
      '200',
    ]);
    for (const operation of ['DescribeApplicationSnapshot', 'DescribeApplicationOperation']) {
      const calls = msfCalls(operation);
      expect(calls.filter((c) => c === '400 ThrottlingException')).toHaveLength(8);
      expect(calls).toContain('200');
    }
    expect(log.text()).toContain(
      'snapshot pre-upgrade-test of orders to be READY: transient error (ThrottlingException: Rate exceeded), retry 1/5',
    );
    expect(log.text()).toMatch(
      /UpdateApplication of orders \(operation \S+\): transient error \(ThrottlingException: Rate exceeded\), retry 1\/5/,
    );
    expect(emulated()).toMatchObject({ status: 'RUNNING', fileKey: NEW_KEY, versionId: 2 });
  });

  it('MSF 500s on reads and writes are retried; UpdateApplication is applied once', async () => {
    const jar = await seed();
    for (const operation of ['ListApplicationSnapshots', 'CreateApplicationSnapshot', 'UpdateApplication']) {
      fault({ service: 'kinesisanalyticsv2', operation, kind: 'internal-error', count: 2 });
    }
    fault({
      service: 'kinesisanalyticsv2',
      operation: 'DescribeApplicationOperation',
      kind: 'internal-error',
      count: 7,
    });

    const { outputs, report, log } = await h.run({ 'application-name': APP, artifact: jar });

    expect(outputs.result, report.reason).toBe('upgraded');
    for (const operation of ['ListApplicationSnapshots', 'CreateApplicationSnapshot', 'UpdateApplication']) {
      expect(msfCalls(operation), operation).toEqual(['500 InternalFailure', '500 InternalFailure', '200']);
    }
    expect(msfCalls('DescribeApplicationOperation').filter((c) => c === '500 InternalFailure')).toHaveLength(
      7,
    );
    expect(log.text()).toMatch(
      /UpdateApplication of orders \(operation \S+\): transient error \(InternalFailure: /,
    );
    expect(emulated().versions).toHaveLength(2);
  });

  it('MSF throttling when the result is verified after the operation: read again, upgraded', async () => {
    const jar = await seed();
    let injected = false;
    const { outputs, report, log } = await h.run(
      { 'application-name': APP, artifact: jar },
      {
        onState: (s) => {
          if (s.phase === 'verify' && !injected) {
            injected = true;
            fault({
              service: 'kinesisanalyticsv2',
              operation: 'DescribeApplication',
              kind: 'throttle',
              count: 8,
            });
          }
        },
      },
    );

    expect(injected).toBe(true);
    expect(outputs.result, report.reason).toBe('upgraded');
    expect(msfCalls('DescribeApplication').filter((c) => c === '400 ThrottlingException')).toHaveLength(8);
    expect(log.text()).toContain(
      'orders to be read for verification: transient error (ThrottlingException: Rate exceeded), retry 1/5',
    );
    expect(report.phases.find((p) => p.phase === 'verify')?.outcome).toBe('ok');
  });

  it('dropped connections while following the operation are retried', async () => {
    const jar = await seed();
    fault({
      service: 'kinesisanalyticsv2',
      operation: 'DescribeApplicationOperation',
      kind: 'drop',
      count: 7,
    });

    const { outputs, report, log } = await h.run({ 'application-name': APP, artifact: jar });

    expect(outputs.result, report.reason).toBe('upgraded');
    const calls = msfCalls('DescribeApplicationOperation');
    expect(calls.filter((c) => c === '0 drop')).toHaveLength(7);
    expect(calls.at(-1)).toBe('200');
    expect(log.text()).toMatch(
      /UpdateApplication of orders \(operation \S+\): transient error \(TimeoutError: socket hang up\), retry 1\/5/,
    );
    expect(report.operation?.status).toBe('SUCCESSFUL');
  });

  it('S3 SlowDown (503) and a 500 on PutObject are retried; the object is the build', async () => {
    const jar = await seed();
    fault({ service: 's3', operation: 'PutObject', kind: 'throttle', count: 2 });
    fault({ service: 's3', operation: 'PutObject', kind: 'internal-error', count: 1 });

    const { outputs, report } = await h.run({ 'application-name': APP, artifact: jar });

    expect(outputs.result, report.reason).toBe('upgraded');
    expect(callsOf('s3', 'PutObject')).toEqual(['503 SlowDown', '503 SlowDown', '500 InternalError', '200']);
    const head = await h.clients.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: NEW_KEY }));
    expect(head.Metadata?.sha256).toBe(
      createHash('sha256')
        .update(await readFile(jar))
        .digest('hex'),
    );
  });

  it('a multipart upload survives SlowDown and a 500 on UploadPart', async () => {
    await h.seedApp({ name: APP });
    const { file, bytes } = await bigJar();
    fault({ service: 's3', operation: 'UploadPart', kind: 'throttle', count: 2 });
    fault({ service: 's3', operation: 'UploadPart', kind: 'internal-error', count: 1 });

    const { outputs, report } = await h.run({ 'application-name': APP, artifact: file, 'jar-check': 'off' });

    expect(outputs.result, report.reason).toBe('upgraded');
    const parts = callsOf('s3', 'UploadPart');
    expect(parts.filter((c) => c === '503 SlowDown')).toHaveLength(2);
    expect(parts.filter((c) => c === '500 InternalError')).toHaveLength(1);
    expect(parts.filter((c) => c === '200')).toHaveLength(Math.ceil(bytes.length / PART_SIZE));
    expect(callsOf('s3', 'CompleteMultipartUpload')).toEqual(['200']);
    const head = await h.clients.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: NEW_KEY }));
    expect(head.ContentLength).toBe(bytes.length);
    expect(head.Metadata?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('CloudWatch throttling on GetMetricData during the bake: the gate reads again and passes', async () => {
    const jar = await seed({ metricsHistorySeconds: 60, checkpointIntervalSeconds: 2 });
    let injected = false;
    const { outputs, report, log } = await h.run(
      {
        'application-name': APP,
        artifact: jar,
        'bake-time': '40s',
        'stabilisation-delay': '1s',
        'metric-period': '1',
        // CloudWatch alone: its reads are what is throttled here
        'flink-dashboard': 'off',
      },
      {
        onState: (s) => {
          // 30: five gate polls in a row outlast the SDK's 6 attempts, over more than the 2 metric periods
          // after which missing datapoints mean "no metrics"
          if (s.phase === 'bake' && !injected) {
            injected = true;
            fault({ service: 'cloudwatch', operation: 'GetMetricData', kind: 'throttle', count: 30 });
          }
        },
      },
    );

    expect(injected).toBe(true);
    expect(outputs.result, report.reason).toBe('upgraded');
    expect(report.gate?.verdict).toBe('healthy');
    expect(callsOf('cloudwatch', 'GetMetricData').filter((c) => c === '400 Throttling')).toHaveLength(30);
    expect(log.text()).toContain('health gate for orders: reading metrics failed: Throttling: Rate exceeded');
    // what could not be read is not judged missing
    expect(log.text()).toMatch(
      /\] fullRestarts -, uptime -, .*; not judged: the last read failed \(Throttling: Rate exceeded\); reading again/,
    );
    expect(log.text()).not.toContain('UNHEALTHY');
  });

  it('latency on UpdateApplication: the run waits for the answer and sends the update once', async () => {
    const jar = await seed();
    fault({
      service: 'kinesisanalyticsv2',
      operation: 'UpdateApplication',
      kind: 'latency',
      latencyMs: 10_000,
    });

    const { outputs, report } = await h.run({ 'application-name': APP, artifact: jar });

    expect(outputs.result, report.reason).toBe('upgraded');
    expect(msfCalls('UpdateApplication')).toEqual(['200']);
    const update = report.phases.find((p) => p.phase === 'update')!;
    expect(update.endedAt! - update.startedAt).toBeGreaterThanOrEqual(10_000);
    expect(emulated().versions).toHaveLength(2);
  });
});

describe('a fault that outlasts the retries', () => {
  it('DescribeApplicationOperation throttled 50 times after the update: not verified, so rolled back, and the reason says why', async () => {
    const jar = await seed();
    fault({
      service: 'kinesisanalyticsv2',
      operation: 'DescribeApplicationOperation',
      kind: 'throttle',
      count: 50,
    });

    const { outputs, report, log } = await h.run({ 'application-name': APP, artifact: jar });

    expect(outputs.result, report.reason).toBe('rolled-back');
    expectOneLineFailure(report.reason, 'operation of orders');
    const id = report.operation?.id;
    expect(id).toMatch(/\S/);
    expect(report.reason).toContain(
      `operation of orders: could not follow UpdateApplication operation ${id}: ThrottlingException: Rate exceeded ` +
        'on every retry, so the UpdateApplication is not verified; check it with `aws kinesisanalyticsv2 ' +
        `describe-application-operation --application-name orders --operation-id ${id}\` and run again once the API answers; ` +
        'rolled back: orders is RUNNING on FLINK-1_20 with the previous code',
    );
    expect(report.phases.find((p) => p.phase === 'operation')?.outcome).toBe('failed');
    expect(log.text()).toContain('retry 5/5');
    expect(msfCalls('RollbackApplication')).toEqual(['200']);
    expect(emulated()).toMatchObject({ status: 'RUNNING', fileKey: CURRENT_KEY });
  });

  it('the same with rollback: never: failed, saying the application was left as it is', async () => {
    const jar = await seed();
    fault({
      service: 'kinesisanalyticsv2',
      operation: 'DescribeApplicationOperation',
      kind: 'throttle',
      count: 50,
    });

    const { outputs, report } = await h.run({ 'application-name': APP, artifact: jar, rollback: 'never' });

    expect(outputs.result).toBe('failed');
    expectOneLineFailure(report.reason, 'operation of orders');
    expect(report.reason).toMatch(
      /^operation of orders: could not follow UpdateApplication operation \S+: ThrottlingException: Rate exceeded on every retry, .*describe-application-operation --application-name orders --operation-id \S+` and run again once the API answers; rollback: never, so orders was left as it is\. orders is RUNNING on application version 2, .*; to return it to version 1, .* run the 3 commands listed under Warnings$/,
    );
    expect(msfCalls('RollbackApplication')).toEqual([]);
  });

  it('DescribeApplication throttled on every attempt in preflight: failed with nothing changed and the fix', async () => {
    const jar = await seed();
    fault({ service: 'kinesisanalyticsv2', operation: 'DescribeApplication', kind: 'throttle', count: 6 });

    const { outputs, report } = await h.run({ 'application-name': APP, artifact: jar });

    expect(outputs.result).toBe('failed');
    expectOneLineFailure(report.reason, 'preflight');
    expect(report.reason).toBe(
      'preflight of orders failed at DescribeApplication: ThrottlingException: Rate exceeded. Fix: AWS throttled ' +
        'kinesisanalytics:DescribeApplication on all 6 attempt(s), with backoff: other callers share this ' +
        "account's request rate; run again later, or ask AWS for a higher quota",
    );
    expect(msfCalls('DescribeApplication')).toHaveLength(6);
    expect(h.mutatingCalls()).toEqual([]);
  });

  it('UpdateApplication throttled on every attempt: failed, saying it was not applied', async () => {
    const jar = await seed();
    fault({ service: 'kinesisanalyticsv2', operation: 'UpdateApplication', kind: 'throttle', count: 6 });

    const { outputs, report } = await h.run({ 'application-name': APP, artifact: jar });

    expect(outputs.result).toBe('failed');
    expectOneLineFailure(report.reason, 'update');
    expect(report.reason).toMatch(
      /^update of orders failed at UpdateApplication: ThrottlingException: Rate exceeded after 6 attempt\(s\); it was not applied .*\. Fix: AWS throttled kinesisanalytics:UpdateApplication/,
    );
    expect(msfCalls('UpdateApplication')).toHaveLength(6);
    expect(emulated()).toMatchObject({ status: 'RUNNING', versionId: 1, fileKey: CURRENT_KEY });
  });
});

describe('non-transient errors fail at once', () => {
  it('AccessDenied on UpdateApplication names kinesisanalytics:UpdateApplication; nothing is retried or applied', async () => {
    const jar = await seed();
    fault({ service: 'kinesisanalyticsv2', operation: 'UpdateApplication', kind: 'access-denied' });

    const { outputs, report } = await h.run({ 'application-name': APP, artifact: jar });

    expect(outputs.result).toBe('failed');
    expectOneLineFailure(report.reason, 'update');
    expect(report.reason).toMatch(/^update of orders failed at UpdateApplication: AccessDeniedException: /);
    expect(report.reason).toMatch(
      /Fix: the role needs kinesisanalytics:UpdateApplication: add it to the role's IAM policy$/,
    );
    expect(msfCalls('UpdateApplication')).toEqual(['400 AccessDeniedException']);
    expect(emulated()).toMatchObject({ versionId: 1, fileKey: CURRENT_KEY });
  });

  it('S3 AccessDenied on PutObject names s3:PutObject and the bucket; nothing of MSF is changed', async () => {
    const jar = await seed();
    fault({ service: 's3', operation: 'PutObject', kind: 'access-denied' });

    const { outputs, report } = await h.run({ 'application-name': APP, artifact: jar });

    expect(outputs.result).toBe('failed');
    expectOneLineFailure(report.reason, 'upload');
    expect(report.reason).toMatch(/^upload of orders failed at PutObject: AccessDenied: Access Denied/);
    expect(report.reason).toContain(
      `Fix: the role needs s3:PutObject on s3://${BUCKET}/${NEW_KEY}: add it to the role's IAM policy`,
    );
    expect(callsOf('s3', 'PutObject')).toEqual(['403 AccessDenied']);
    expect(msfCalls('CreateApplicationSnapshot')).toEqual([]);
    expect(msfCalls('UpdateApplication')).toEqual([]);
  });

  it('a bucket that does not exist is named with the bucket input', async () => {
    const jar = await seed();

    const { outputs, report } = await h.run({
      'application-name': APP,
      artifact: jar,
      bucket: 'flink-artifacts-typo',
    });

    expect(outputs.result).toBe('failed');
    expectOneLineFailure(report.reason, 'upload');
    expect(report.reason).toContain('NoSuchBucket');
    expect(report.reason).toContain(
      'Fix: the bucket does not exist in this account: check bucket (s3://flink-artifacts-typo/',
    );
    expect(h.mutatingCalls().filter((c) => c.startsWith('kinesisanalyticsv2:'))).toEqual([]);
  });
});

describe('a non-idempotent call whose answer is lost is followed, not sent again', () => {
  it('UpdateApplication applied, answer lost: the SDK retry is refused and the run follows the update it made', async () => {
    const jar = await seed();
    fault({ service: 'kinesisanalyticsv2', operation: 'UpdateApplication', kind: 'drop-response' });

    const { outputs, report, log } = await h.run({ 'application-name': APP, artifact: jar });

    expect(outputs.result, report.reason).toBe('upgraded');
    // the SDK retried the dropped call; the conditional token made MSF refuse the second one
    expect(msfCalls('UpdateApplication')).toEqual(['0 drop-response', '400 ConcurrentModificationException']);
    const app = emulated();
    expect(app.versions).toHaveLength(2);
    expect(app).toMatchObject({ status: 'RUNNING', versionId: 2, fileKey: NEW_KEY });
    const updates = app.operations.filter((o) => o.operation === 'UpdateApplication');
    expect(updates).toHaveLength(1);
    expect(outputs['operation-id']).toBe(updates[0]!.id);
    expect(report.operation?.status).toBe('SUCCESSFUL');
    expect(log.text()).toContain(
      `orders: the update was applied (version 1 → 2, operation ${updates[0]!.id}); following it`,
    );
    expect(log.text()).not.toContain('re-reading and planning once more');
  });

  it('UpdateApplication dropped before MSF handled it: the SDK retry applies it, once', async () => {
    const jar = await seed();
    fault({ service: 'kinesisanalyticsv2', operation: 'UpdateApplication', kind: 'drop' });

    const { outputs, report } = await h.run({ 'application-name': APP, artifact: jar });

    expect(outputs.result, report.reason).toBe('upgraded');
    expect(msfCalls('UpdateApplication')).toEqual(['0 drop', '200']);
    expect(emulated().versions).toHaveLength(2);
  });

  it('CreateApplicationSnapshot applied, answer lost: the run waits for that snapshot', async () => {
    const jar = await seed();
    fault({ service: 'kinesisanalyticsv2', operation: 'CreateApplicationSnapshot', kind: 'drop-response' });

    const { outputs, report, log } = await h.run({ 'application-name': APP, artifact: jar });

    expect(outputs.result, report.reason).toBe('upgraded');
    expect(msfCalls('CreateApplicationSnapshot')).toEqual([
      '0 drop-response',
      '400 InvalidArgumentException',
    ]);
    expect(log.text()).toContain(
      'but snapshot pre-upgrade-test exists: an attempt went through; waiting for it',
    );
    expect(emulated().snapshots.map((s) => s.name)).toContain('pre-upgrade-test');
  });

  it('StartApplication of a READY application applied, answer lost: the start is followed, nothing rolled back', async () => {
    const jar = await seed({ status: 'READY' });
    fault({ service: 'kinesisanalyticsv2', operation: 'StartApplication', kind: 'drop-response' });

    const { outputs, report, log } = await h.run({ 'application-name': APP, artifact: jar, start: 'true' });

    expect(outputs.result, report.reason).toBe('upgraded');
    expect(msfCalls('StartApplication')).toEqual(['0 drop-response', '400 ResourceInUseException']);
    expect(log.text()).toMatch(/orders: the start was applied \(operation \S+\); following it/);
    expect(report.startOperation?.status).toBe('SUCCESSFUL');
    expect(msfCalls('RollbackApplication')).toEqual([]);
    expect(emulated()).toMatchObject({ status: 'RUNNING', fileKey: NEW_KEY });
  });

  it('RollbackApplication applied, answer lost: the rollback is followed and reported done', async () => {
    const jar = await seed({ metricsHistorySeconds: 120 }, { kind: 'restart-loop', afterSeconds: 3 });
    fault({ service: 'kinesisanalyticsv2', operation: 'RollbackApplication', kind: 'drop-response' });

    const { outputs, report, log } = await h.run({
      'application-name': APP,
      artifact: jar,
      'bake-time': '65s',
      'stabilisation-delay': '2s',
      'metric-period': '1',
    });

    expect(report.gate?.verdict).toBe('unhealthy');
    expect(outputs.result, report.reason).toBe('rolled-back');
    expect(report.rollback?.path).toBe('rollback-application');
    // the resend finds the rollback in progress (ResourceInUse) or already past the version it names
    expect(msfCalls('RollbackApplication')).toEqual([
      '0 drop-response',
      expect.stringMatching(/^400 (ResourceInUseException|ConcurrentModificationException)$/),
    ]);
    expect(log.text()).toMatch(
      /RollbackApplication of orders ended with .* but operation \S+ started: an attempt went through; following it/,
    );
    const app = emulated();
    const rollbacks = app.operations.filter((o) => o.operation === 'RollbackApplication');
    expect(rollbacks).toHaveLength(1);
    expect(outputs['rollback-operation-id']).toBe(rollbacks[0]!.id);
    expect(app).toMatchObject({ status: 'RUNNING', fileKey: CURRENT_KEY });
  });
});
