/**
 * Fidelity with clients nobody here wrote: boto3 and the aws CLI, run as child processes with
 * AWS_ENDPOINT_URL pointing at the emulator. Each is skipped only when it is not installed.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCommand, startTestEmulator, type TestEmulator } from '../support/emulator.js';

const run = promisify(execFile);

let t: TestEmulator;
let dir: string;
let childEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  t = await startTestEmulator();
  dir = mkdtempSync(join(tmpdir(), 'emulator-clients-'));
  // Path-style S3 for the CLI (boto3 gets it in code); no pager, no stray profile.
  const config = join(dir, 'config');
  writeFileSync(config, '[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n');
  childEnv = {
    ...process.env,
    ...t.env,
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
    AWS_PAGER: '',
  };
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const PYTHON =
  hasCommand('python3') && spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;
const AWS = hasCommand('aws');

if (!PYTHON)
  console.warn('python3 with boto3 is not installed on this machine: the boto3 fidelity test is skipped');
if (!AWS) console.warn('the aws CLI is not installed on this machine: the aws CLI fidelity test is skipped');

const BOTO3_SCRIPT = `
import base64, hashlib, json, sys, time, datetime
import boto3
from botocore.config import Config
s3 = boto3.client('s3', config=Config(s3={'addressing_style': 'path'}))
cw = boto3.client('cloudwatch')
data = bytes(range(256)) * 4096
s3.create_bucket(Bucket='boto3-bucket')
s3.put_bucket_versioning(Bucket='boto3-bucket', VersioningConfiguration={'Status': 'Enabled'})
put = s3.put_object(Bucket='boto3-bucket', Key='jars/app.jar', Body=data, ChecksumAlgorithm='SHA256')
head = s3.head_object(Bucket='boto3-bucket', Key='jars/app.jar', ChecksumMode='ENABLED')
got = s3.get_object(Bucket='boto3-bucket', Key='jars/app.jar')['Body'].read()
listing = s3.list_objects_v2(Bucket='boto3-bucket', Prefix='jars/')
base = (int(time.time()) // 600) * 600 - 1200
ts = lambda s: datetime.datetime.fromtimestamp(base + s, tz=datetime.timezone.utc)
cw.put_metric_data(Namespace='Boto3/Test', MetricData=[
  {'MetricName': 'uptime', 'Dimensions': [{'Name': 'Application', 'Value': 'a'}], 'Timestamp': ts(5), 'Value': 4.0},
  {'MetricName': 'uptime', 'Dimensions': [{'Name': 'Application', 'Value': 'a'}], 'Timestamp': ts(50), 'Value': 8.0},
])
res = cw.get_metric_data(StartTime=ts(0), EndTime=ts(60), MetricDataQueries=[{'Id': 'avg', 'MetricStat': {
  'Metric': {'Namespace': 'Boto3/Test', 'MetricName': 'uptime', 'Dimensions': [{'Name': 'Application', 'Value': 'a'}]},
  'Period': 60, 'Stat': 'Average'}}])
try:
  cw.get_metric_data(StartTime=ts(0), EndTime=ts(60), MetricDataQueries=[{'Id': 'Bad-Id', 'MetricStat': {
    'Metric': {'Namespace': 'N', 'MetricName': 'm'}, 'Period': 60, 'Stat': 'Sum'}}])
  cw_error = None
except Exception as e:
  cw_error = e.response['Error']['Code']
print(json.dumps({
  'putETag': put['ETag'], 'putVersion': put.get('VersionId'),
  'headETag': head['ETag'], 'headLength': head['ContentLength'], 'headSha256': head.get('ChecksumSHA256'),
  'headVersion': head.get('VersionId'),
  'sameBytes': got == data, 'md5': hashlib.md5(data).hexdigest(),
  'sha256': base64.b64encode(hashlib.sha256(data).digest()).decode(),
  'keys': [o['Key'] for o in listing.get('Contents', [])],
  'values': res['MetricDataResults'][0]['Values'], 'timestamp': res['MetricDataResults'][0]['Timestamps'][0].timestamp(),
  'base': base, 'cwError': cw_error,
}))
`;

describe.skipIf(!PYTHON)('boto3', () => {
  it('S3 put/head/get/list and CloudWatch put/get round-trip', async () => {
    const { stdout } = await run('python3', ['-c', BOTO3_SCRIPT], { env: childEnv, timeout: 60_000 });
    const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, any>;
    expect(r.sameBytes).toBe(true);
    expect(r.putETag).toBe(`"${r.md5}"`);
    expect(r.headETag).toBe(r.putETag);
    expect(r.headLength).toBe(1024 * 1024);
    expect(r.headSha256).toBe(r.sha256);
    expect(r.putVersion).toBeTruthy();
    expect(r.headVersion).toBe(r.putVersion);
    expect(r.keys).toEqual(['jars/app.jar']);
    expect(r.values).toEqual([6]);
    expect(r.timestamp).toBe(r.base);
    expect(r.cwError).toBe('InvalidParameterValue');
  });
});

describe.skipIf(!AWS)('aws CLI', () => {
  const aws = async (...args: string[]): Promise<any> => {
    const { stdout } = await run('aws', [...args, '--output', 'json'], { env: childEnv, timeout: 60_000 });
    return stdout.trim() ? JSON.parse(stdout) : {};
  };

  it('s3api put/head/get and cloudwatch put/get round-trip', async () => {
    const data = randomBytes(300_000);
    const file = join(dir, 'in.bin');
    const out = join(dir, 'out.bin');
    writeFileSync(file, data);
    await aws('s3api', 'create-bucket', '--bucket', 'cli-bucket');
    const put = await aws(
      's3api',
      'put-object',
      '--bucket',
      'cli-bucket',
      '--key',
      'app.jar',
      '--body',
      file,
    );
    const md5 = createHash('md5').update(data).digest('hex');
    expect(put.ETag).toBe(`"${md5}"`);
    const head = await aws('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'app.jar');
    expect(head).toMatchObject({ ETag: `"${md5}"`, ContentLength: data.length });
    const get = await aws('s3api', 'get-object', '--bucket', 'cli-bucket', '--key', 'app.jar', out);
    expect(get.ContentLength).toBe(data.length);
    expect(readFileSync(out).equals(data)).toBe(true);
    const missing = await run('aws', ['s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'nope'], {
      env: childEnv,
    }).catch((e: { stderr: string }) => e);
    expect((missing as { stderr: string }).stderr).toMatch(/404|Not Found/);

    const base = Math.floor(Date.now() / 600_000) * 600_000 - 1_200_000;
    const iso = (ms: number): string => new Date(ms).toISOString();
    await aws(
      'cloudwatch',
      'put-metric-data',
      '--namespace',
      'Cli/Test',
      '--metric-data',
      JSON.stringify([
        { MetricName: 'lag', Timestamp: iso(base + 1000), Value: 3 },
        { MetricName: 'lag', Timestamp: iso(base + 2000), Value: 9 },
      ]),
    );
    const res = await aws(
      'cloudwatch',
      'get-metric-data',
      '--start-time',
      iso(base),
      '--end-time',
      iso(base + 60_000),
      '--metric-data-queries',
      JSON.stringify([
        {
          Id: 'mx',
          MetricStat: { Metric: { Namespace: 'Cli/Test', MetricName: 'lag' }, Period: 60, Stat: 'Maximum' },
        },
      ]),
    );
    expect(res.MetricDataResults[0]).toMatchObject({ Id: 'mx', Values: [9], StatusCode: 'Complete' });
    // CLI v1 prints timestamps as received on the wire (epoch seconds for JSON protocols); v2 as ISO 8601.
    const ts = res.MetricDataResults[0].Timestamps[0] as number | string;
    expect(typeof ts === 'number' ? ts * 1000 : Date.parse(ts)).toBe(base);
  });
});
