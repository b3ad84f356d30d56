import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { declaredSha256, hashStream, hexToBase64 } from '../../src/pipeline/artifact.js';
import { awsFix, failureMessage, oneLine, PhaseError, wrapAwsError } from '../../src/pipeline/errors.js';
import { neutraliseCommands, writerLogger } from '../../src/log-adapters.js';
import { verifyApplication } from '../../src/msf/operation.js';
import { buildPlan } from '../../src/msf/plan.js';
import { logGroupFromStreamArn, toApplicationView } from '../../src/msf/application.js';
import { app, artifact, inputs } from './fixtures.js';

function plan() {
  const d = buildPlan({
    inputs: inputs({ runtime: 'FLINK-2_2', 'allow-major-upgrade': 'true' }),
    region: 'us-east-1',
    app: app(),
    snapshots: [],
    operations: [],
    artifact: artifact(),
  });
  if (d.kind !== 'upgrade') throw new Error(d.kind);
  return d.plan;
}

describe('verifyApplication', () => {
  const upgraded = app({
    versionId: 8,
    runtime: 'FLINK-2_2',
    fileKey: 'orders/v2/orders.jar',
    status: 'RUNNING',
  });
  it('accepts the new runtime, key and a newer version, RUNNING', () => {
    expect(verifyApplication(plan(), upgraded, 8)).toEqual({ ok: true, problems: [], backOnPrevious: false });
  });
  it('never calls it a success because the application is RUNNING on the old version', () => {
    const v = verifyApplication(plan(), app({ versionId: 9, status: 'RUNNING' }), 8);
    expect(v.ok).toBe(false);
    expect(v.backOnPrevious).toBe(true);
    expect(v.problems).toEqual(expect.arrayContaining(['runtime is FLINK-1_20, expected FLINK-2_2']));
  });
  it('names each difference', () => {
    const p = plan();
    p.code.objectVersion = 'obj-2';
    const v = verifyApplication(p, { ...upgraded, status: 'READY', objectVersion: 'obj-1', versionId: 7 });
    expect(v.problems).toEqual([
      'object version is obj-1, expected obj-2',
      'application version is 7, not newer than 7',
      'status is READY, expected RUNNING',
    ]);
  });
});

describe('errors: one line naming the application, the phase and the fix', () => {
  const ctx = {
    application: 'orders',
    phase: 'update' as const,
    action: 'kinesisanalytics:UpdateApplication',
    region: 'eu-west-1',
  };
  const sdkError = (name: string, message: string, status = 400) =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
  it('access denied names the IAM action', () => {
    const e = wrapAwsError(sdkError('AccessDeniedException', 'User is not authorized', 403), ctx);
    expect(e).toBeInstanceOf(PhaseError);
    expect(e.message).toBe(
      "update of orders failed at UpdateApplication: AccessDeniedException: User is not authorized. Fix: the role needs kinesisanalytics:UpdateApplication: add it to the role's IAM policy",
    );
  });
  it('a message that ends with a full stop gets one before the fix, not two', () => {
    const e = wrapAwsError(sdkError('ResourceNotFoundException', 'Application nope not found.'), ctx);
    expect(e.message).toContain('Application nope not found. Fix: check application-name');
    expect(e.message).not.toContain('..');
  });
  it('resource not found names the application and region', () => {
    expect(awsFix(sdkError('ResourceNotFoundException', 'nope'), ctx)).toBe(
      'check application-name (orders) and the region (eu-west-1)',
    );
  });
  it('missing credentials point to configure-aws-credentials', () => {
    expect(
      awsFix(sdkError('CredentialsProviderError', 'Could not load credentials from any providers'), ctx),
    ).toMatch(/configure-aws-credentials/);
  });
  it('expired credentials', () => {
    expect(
      awsFix(sdkError('ExpiredTokenException', 'The security token included in the request is expired'), ctx),
    ).toMatch(/role-duration-seconds/);
  });
  it('S3 access denied names the bucket and key', () => {
    expect(
      awsFix(sdkError('AccessDenied', 'Access Denied', 403), {
        ...ctx,
        action: 's3:PutObject',
        resource: 's3://b/k.jar',
      }),
    ).toContain('s3:PutObject on s3://b/k.jar');
  });
  it('other errors keep their text and get the phase', () => {
    expect(failureMessage(new Error('boom'), 'orders', 'snapshot')).toBe('snapshot of orders failed: boom');
    expect(failureMessage(new PhaseError('upload', 'already worded'), 'orders', 'snapshot')).toBe(
      'already worded',
    );
  });
});

describe('artifact digests', () => {
  it('hashes MD5 and SHA-256 in one pass', async () => {
    const d = await hashStream(Readable.from([Buffer.from('hello '), Buffer.from('world')]));
    expect(d).toEqual({
      size: 11,
      md5Hex: '5eb63bbbe01eeed093cb22bb8f5acdc3',
      sha256Hex: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9',
    });
  });
  it('reads the declared SHA-256 from metadata or a full-object checksum, never a composite one', () => {
    const hex = 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9';
    const meta = { $metadata: {} };
    expect(declaredSha256({ ...meta, Metadata: { sha256: hex.toUpperCase() } })).toBe(hex);
    expect(declaredSha256({ ...meta, ChecksumSHA256: hexToBase64(hex), ChecksumType: 'FULL_OBJECT' })).toBe(
      hex,
    );
    expect(
      declaredSha256({ ...meta, ChecksumSHA256: `${hexToBase64(hex)}-3`, ChecksumType: 'COMPOSITE' }),
    ).toBeUndefined();
    expect(declaredSha256(meta)).toBeUndefined();
  });
});

describe('application view', () => {
  it('takes log group names from CloudWatchLoggingOptionDescriptions', () => {
    expect(
      logGroupFromStreamArn(
        'arn:aws:logs:us-east-1:123:log-group:/aws/kinesis-analytics/orders:log-stream:kinesis-analytics-log-stream',
      ),
    ).toBe('/aws/kinesis-analytics/orders');
    const view = toApplicationView({
      ApplicationARN: 'arn',
      ApplicationName: 'orders',
      RuntimeEnvironment: 'FLINK-1_20',
      ApplicationStatus: 'RUNNING',
      ApplicationVersionId: 3,
      CloudWatchLoggingOptionDescriptions: [
        { LogStreamARN: 'arn:aws:logs:us-east-1:1:log-group:g1:log-stream:s' },
      ],
      ApplicationConfigurationDescription: {
        ApplicationCodeConfigurationDescription: {
          CodeContentType: 'ZIPFILE',
          CodeContentDescription: {
            CodeMD5: 'ABC',
            CodeSize: 5,
            S3ApplicationCodeLocationDescription: {
              BucketARN: 'arn:aws:s3:::b',
              FileKey: 'k.jar',
              ObjectVersion: '',
            },
          },
        },
      },
    });
    expect(view).toMatchObject({
      bucket: 'b',
      fileKey: 'k.jar',
      codeMd5: 'abc',
      codeSize: 5,
      logGroups: ['g1'],
      snapshotsEnabled: false,
    });
    expect(view.objectVersion).toBeUndefined();
  });
});

describe('loggers', () => {
  it('neutralises workflow commands in text from AWS or users', () => {
    expect(neutraliseCommands('::set-output name=x::y')).not.toMatch(/^::/);
    expect(neutraliseCommands('ok\n  ::error::x')).not.toMatch(/^\s*::/m);
    expect(neutraliseCommands('a :: b')).toBe('a :: b');
  });
  it('writes groups as headings and hides debug unless asked', async () => {
    const lines: string[] = [];
    const log = writerLogger((l) => lines.push(l));
    await log.group('Upload', async () => log.info('x'));
    log.debug('hidden');
    log.warn('careful');
    expect(lines).toEqual(['▶ Upload', 'x', 'warning: careful']);
  });
});

describe('oneLine', () => {
  it('flattens newlines and whitespace runs of an AWS error string', () => {
    expect(oneLine('Job failed:\n  java.lang.UnsupportedClassVersionError\r\n\tat  Main')).toBe(
      'Job failed: java.lang.UnsupportedClassVersionError at Main',
    );
  });
  it('caps a long error string at about 400 characters', () => {
    const out = oneLine('x'.repeat(5000));
    expect(out.length).toBe(400);
    expect(out.endsWith('…')).toBe(true);
  });
});

describe('wrapAwsError', () => {
  it('joins an AWS message that ends with a full stop and the fix without doubling it', () => {
    const err = Object.assign(new Error('The security token included in the request is invalid.'), {
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 400 },
    });
    const wrapped = wrapAwsError(err, {
      application: 'orders',
      phase: 'preflight',
      action: 'kinesisanalytics:DescribeApplication',
    });
    expect(wrapped.message).toBe(
      'preflight of orders failed at DescribeApplication: UnrecognizedClientException: The security token ' +
        'included in the request is invalid. Fix: the AWS credentials are not valid here: check ' +
        'configure-aws-credentials and the region',
    );
  });
});
