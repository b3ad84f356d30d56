/**
 * The server itself: routing, model validation with the errors AWS returns, strict output checking,
 * faults, and the control endpoint over HTTP.
 */
import { existsSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DescribeApplicationCommand,
  KinesisAnalyticsV2Client,
  ListApplicationsCommand,
  UpdateApplicationCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { startTestEmulator, TEST_CREDENTIALS, TEST_REGION, type TestEmulator } from '../support/emulator.js';
import { MODEL_SOURCES, trimModel } from '../../emulator/model/trim.js';
import { checkOutput } from '../../emulator/model/validate.js';
import { loadModel } from '../../emulator/model/load.js';
import { startEmulator } from '../../emulator/index.js';

let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator();
});

beforeEach(() => {
  t.emulator.control.reset();
});

async function post(
  path: string,
  headers: Record<string, string>,
  body: string | Buffer,
): Promise<{ status: number; headers: Headers; json: any }> {
  const res = await fetch(`${t.emulator.url}${path}`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

describe('routing', () => {
  it('an unknown X-Amz-Target or operation is UnknownOperationException', async () => {
    const unknownService = await post(
      '/',
      { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0' },
      '{}',
    );
    expect(unknownService.status).toBe(400);
    expect(unknownService.json.__type).toBe('UnknownOperationException');
    const unknownOp = await post(
      '/',
      {
        'x-amz-target': 'KinesisAnalytics_20180523.LaunchRocket',
        'content-type': 'application/x-amz-json-1.1',
      },
      '{}',
    );
    expect(unknownOp.json.__type).toBe('UnknownOperationException');
    expect(unknownOp.headers.get('content-type')).toBe('application/x-amz-json-1.1');
  });

  it('CloudWatch gunzips a gzip body and answers errors with x-amzn-query-error', async () => {
    const ok = await post(
      '/',
      {
        'x-amz-target': 'GraniteServiceVersion20100801.ListMetrics',
        'content-type': 'application/x-amz-json-1.0',
        'content-encoding': 'gzip',
        'x-amzn-query-mode': 'true',
      },
      gzipSync(JSON.stringify({ Namespace: 'A' })),
    );
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ Metrics: [] });
    const bad = await post(
      '/',
      {
        'x-amz-target': 'GraniteServiceVersion20100801.PutMetricData',
        'content-type': 'application/x-amz-json-1.0',
      },
      JSON.stringify({ MetricData: [] }),
    );
    expect(bad.status).toBe(400);
    expect(bad.json.__type).toBe('MissingRequiredParameterException');
    expect(bad.headers.get('x-amzn-query-error')).toBe('MissingParameter;Sender');
  });
});

describe('request validation against the model (real SDK)', () => {
  it('MSF: a pattern violation is ValidationException with the Coral message, before the handler runs', async () => {
    const err = await t.clients.msf
      .send(new DescribeApplicationCommand({ ApplicationName: 'bad name!' }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect((err as Error).message).toBe(
      "1 validation error detected: Value 'bad name!' at 'applicationName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    );
    expect(t.emulator.control.calls().at(-1)).toMatchObject({
      service: 'kinesisanalyticsv2',
      operation: 'DescribeApplication',
      status: 400,
      errorCode: 'ValidationException',
    });
  });

  it('MSF: a missing required member and nested violations are all reported', async () => {
    const err = await t.clients.msf
      .send(
        new UpdateApplicationCommand({
          ApplicationName: undefined as never,
          CurrentApplicationVersionId: 0,
          RunConfigurationUpdate: {
            ApplicationRestoreConfiguration: { ApplicationRestoreType: 'RESTORE_FROM_NOWHERE' as never },
          },
        }),
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ValidationException' });
    const message = (err as Error).message;
    expect(message).toMatch(/^3 validation errors detected: /);
    expect(message).toContain(
      "Value null at 'applicationName' failed to satisfy constraint: Member must not be null",
    );
    expect(message).toContain(
      "Value '0' at 'currentApplicationVersionId' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expect(message).toContain(
      "at 'runConfigurationUpdate.applicationRestoreConfiguration.applicationRestoreType' failed to satisfy constraint: Member must satisfy enum value set: [SKIP_RESTORE_FROM_SNAPSHOT, RESTORE_FROM_LATEST_SNAPSHOT, RESTORE_FROM_CUSTOM_SNAPSHOT]",
    );
  });

  it('list members are addressed as Coral (MSF) and Query (CloudWatch) paths', async () => {
    const msf = await post(
      '/',
      {
        'x-amz-target': 'KinesisAnalytics_20180523.UpdateApplication',
        'content-type': 'application/x-amz-json-1.1',
      },
      JSON.stringify({
        ApplicationName: 'a',
        CurrentApplicationVersionId: 1,
        CloudWatchLoggingOptionUpdates: [
          { CloudWatchLoggingOptionId: 'ok' },
          { CloudWatchLoggingOptionId: '' },
        ],
      }),
    );
    expect(msf.json.message).toBe(
      "2 validation errors detected: Value '' at 'cloudWatchLoggingOptionUpdates.2.member.cloudWatchLoggingOptionId' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'cloudWatchLoggingOptionUpdates.2.member.cloudWatchLoggingOptionId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    );
    const cw = await post(
      '/',
      {
        'x-amz-target': 'GraniteServiceVersion20100801.PutMetricData',
        'content-type': 'application/x-amz-json-1.0',
      },
      JSON.stringify({ Namespace: 'N', MetricData: [{ MetricName: 'm', Value: 1 }, { Value: 2 }] }),
    );
    expect(cw.json).toEqual({
      __type: 'MissingRequiredParameterException',
      message: 'The parameter MetricData.member.2.MetricName is required.',
    });
  });

  it('MSF: wrong JSON types are SerializationException; unknown members are rejected', async () => {
    const headers = {
      'x-amz-target': 'KinesisAnalytics_20180523.DescribeApplication',
      'content-type': 'application/x-amz-json-1.1',
    };
    const wrongType = await post('/', headers, JSON.stringify({ ApplicationName: 42 }));
    expect(wrongType.json.__type).toBe('SerializationException');
    const unknown = await post(
      '/',
      headers,
      JSON.stringify({ ApplicationName: 'a', ApplicationNmae: 'typo' }),
    );
    expect(unknown.json.__type).toBe('ValidationException');
    expect(unknown.json.message).toContain("'applicationNmae'");
    const notJson = await post('/', headers, '{nope');
    expect(notJson.json.__type).toBe('SerializationException');
  });

  it('MSF: a valid request reaches the control plane', async () => {
    const list = await t.clients.msf.send(new ListApplicationsCommand({}));
    expect(list.ApplicationSummaries).toEqual([]);
    await expect(
      t.clients.msf.send(new DescribeApplicationCommand({ ApplicationName: 'missing' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('S3: an invalid bucket name is rejected', async () => {
    await expect(t.clients.s3.send(new CreateBucketCommand({ Bucket: 'Not_Valid' }))).rejects.toMatchObject({
      name: 'InvalidBucketName',
    });
  });
});

describe('strict output', () => {
  it('flags a handler output that does not match the output shape', () => {
    const model = loadModel('kinesisanalyticsv2');
    const ok = checkOutput(model, 'ListApplicationsResponse', { ApplicationSummaries: [] });
    expect(ok.violations).toEqual([]);
    const bad = checkOutput(model, 'DescribeApplicationResponse', {
      ApplicationDetail: {
        ApplicationName: 'a',
        ApplicationStatus: 'SLEEPING',
        CreateTimestamp: 1700000000,
        Extra: 1,
      },
    });
    const kinds = bad.violations.map(
      (v) => `${v.kind}:${v.path.map((p) => ('member' in p ? p.member : '')).join('.')}`,
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        'required:ApplicationDetail.ApplicationARN',
        'constraint:ApplicationDetail.ApplicationStatus',
        'type:ApplicationDetail.CreateTimestamp',
        'unknown:ApplicationDetail.Extra',
      ]),
    );
  });

  it('converts Date to epoch seconds', () => {
    const model = loadModel('cloudwatch');
    const { value } = checkOutput(model, 'GetMetricDataOutput', {
      MetricDataResults: [
        { Id: 'a', Timestamps: [new Date(1_700_000_000_500)], Values: [1], StatusCode: 'Complete' },
      ],
    });
    expect(value).toEqual({
      MetricDataResults: [{ Id: 'a', Timestamps: [1_700_000_000.5], Values: [1], StatusCode: 'Complete' }],
    });
  });
});

describe('faults', () => {
  it('a throttle is retried by the SDK and succeeds; the calls record both attempts', async () => {
    t.emulator.control.injectFault({
      service: 'kinesisanalyticsv2',
      operation: 'ListApplications',
      kind: 'throttle',
    });
    t.emulator.control.injectFault({ service: 'cloudwatch', kind: 'throttle' });
    t.emulator.control.injectFault({ service: 's3', operation: 'CreateBucket', kind: 'throttle' });
    await t.clients.msf.send(new ListApplicationsCommand({}));
    await t.clients.cloudwatch.send(new ListMetricsCommand({}));
    await t.clients.s3.send(new CreateBucketCommand({ Bucket: 'throttled-bucket' }));
    const calls = t.emulator.control.calls().map((c) => `${c.operation}:${c.status}:${c.errorCode ?? ''}`);
    expect(calls).toEqual([
      'ListApplications:400:ThrottlingException',
      'ListApplications:200:',
      'ListMetrics:400:Throttling',
      'ListMetrics:200:',
      'CreateBucket:503:SlowDown',
      'CreateBucket:200:',
    ]);
  });

  it('throttle and internal-error answer as each service does (single attempt)', async () => {
    const opts = {
      endpoint: t.emulator.url,
      region: TEST_REGION,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    };
    const msf = new KinesisAnalyticsV2Client(opts);
    const cw = new CloudWatchClient(opts);
    const s3 = new S3Client({ ...opts, forcePathStyle: true });
    t.emulator.control.injectFault({ service: 'cloudwatch', kind: 'throttle' });
    await expect(cw.send(new ListMetricsCommand({}))).rejects.toMatchObject({
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    t.emulator.control.injectFault({ service: 'kinesisanalyticsv2', kind: 'internal-error' });
    await expect(msf.send(new ListApplicationsCommand({}))).rejects.toMatchObject({
      name: 'InternalFailure',
      $metadata: { httpStatusCode: 500 },
    });
    t.emulator.control.injectFault({ service: 's3', kind: 'internal-error' });
    await expect(s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }))).rejects.toMatchObject({
      name: 'InternalError',
      $metadata: { httpStatusCode: 500 },
    });
    t.emulator.control.injectFault({ service: 's3', kind: 'throttle', count: 2 });
    await expect(s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }))).rejects.toMatchObject({
      name: 'SlowDown',
      $metadata: { httpStatusCode: 503 },
    });
    expect(t.emulator.control.describe().faults).toMatchObject([
      { service: 's3', kind: 'throttle', remaining: 1 },
    ]);
    for (const c of [msf, cw, s3]) c.destroy();
  });

  it('drop destroys the connection: a network error without retries', async () => {
    const msf = new KinesisAnalyticsV2Client({
      endpoint: t.emulator.url,
      region: TEST_REGION,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    t.emulator.control.injectFault({ service: 'kinesisanalyticsv2', kind: 'drop' });
    const err = (await msf.send(new ListApplicationsCommand({})).then(
      () => new Error('expected a network error'),
      (e: unknown) => e,
    )) as Error & { code?: string };
    expect(err).toBeInstanceOf(Error);
    expect(`${err.name} ${err.code ?? ''} ${err.message}`).toMatch(/ECONNRESET|socket hang up|EPIPE/);
    expect(t.emulator.control.calls().at(-1)).toMatchObject({
      operation: 'ListApplications',
      status: 0,
      errorCode: 'drop',
    });
    msf.destroy();
  });

  it('latency delays the answer by the given clock time', async () => {
    t.emulator.control.injectFault({
      service: 'cloudwatch',
      operation: 'ListMetrics',
      kind: 'latency',
      latencyMs: 300,
    });
    const started = Date.now();
    await t.clients.cloudwatch.send(new ListMetricsCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe('control endpoint over HTTP', () => {
  it('seeds buckets and objects, describes state, records calls, resets', async () => {
    const control = (method: string, arg?: unknown): Promise<{ status: number; json: any }> =>
      post(
        `/_emulator/${method}`,
        { 'content-type': 'application/json' },
        arg === undefined ? '' : JSON.stringify(arg),
      );
    const seeded = await control('seed', {
      buckets: [
        {
          name: 'artifacts',
          versioning: true,
          objects: [
            { key: 'a.txt', body: 'hello' },
            { key: 'b.bin', bodyBase64: Buffer.from([1, 2, 3]).toString('base64') },
          ],
        },
      ],
    });
    expect(seeded.status).toBe(200);
    const got = await t.clients.s3.send(new GetObjectCommand({ Bucket: 'artifacts', Key: 'b.bin' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(Buffer.from([1, 2, 3]));
    expect(got.VersionId).toBeTruthy();
    const state = await control('describe');
    expect(state.json.buckets[0]).toMatchObject({ name: 'artifacts', versioning: 'Enabled' });
    expect(state.json.buckets[0].objects.map((o: { key: string }) => o.key).sort()).toEqual([
      'a.txt',
      'b.bin',
    ]);
    const calls = await control('calls');
    expect(
      calls.json.map((c: { service: string; operation: string }) => `${c.service}.${c.operation}`),
    ).toEqual(['control.seed', 's3.GetObject', 'control.describe']);
    const fault = await control('injectFault', { service: 's3', kind: 'explode' });
    expect(fault.status).toBe(400);
    expect(fault.json.error).toMatch(/fault kind must be one of/);
    const unknown = await control('selfDestruct');
    expect(unknown.status).toBe(404);
    expect((await control('reset')).status).toBe(200);
    expect((await control('describe')).json.buckets).toEqual([]);
  });
});

describe('models', () => {
  const botocore = new URL('../../../shared/aws-models/botocore', import.meta.url).pathname;
  it.skipIf(!existsSync(botocore))(
    'the committed trimmed models match ../shared/aws-models (npm run models:sync)',
    () => {
      for (const source of MODEL_SOURCES) {
        const committed = readFileSync(
          new URL(`../../emulator/models/${source.service}.json`, import.meta.url),
          'utf8',
        );
        expect(
          trimModel(source, botocore),
          `emulator/models/${source.service}.json is stale: run npm run models:sync`,
        ).toBe(committed);
      }
    },
  );

  it('every served operation is in its trimmed model', () => {
    expect(Object.keys(loadModel('s3').operations)).toHaveLength(14);
    expect(Object.keys(loadModel('cloudwatch').operations).sort()).toEqual([
      'GetMetricData',
      'GetMetricStatistics',
      'ListMetrics',
      'PutMetricData',
    ]);
    expect(loadModel('kinesisanalyticsv2').operations.RollbackApplication).toBeDefined();
  });
});

describe('startEmulator', () => {
  it('listens on a given port and stops', async () => {
    const em = await startEmulator({ port: 0 });
    expect(em.url).toBe(`http://127.0.0.1:${em.port}`);
    const res = await fetch(`${em.url}/_emulator/describe`, { method: 'POST' });
    expect(res.status).toBe(200);
    await em.stop();
    await expect(fetch(`${em.url}/_emulator/describe`, { method: 'POST' })).rejects.toThrow();
  });
});
