/**
 * Fidelity with clients written elsewhere: the create → snapshot → update → operations → rollback flow,
 * plus a documented error, through boto3 (python3) and the aws CLI, run as child processes against the
 * emulator. Skipped only when the client is not installed on this machine.
 */
import { spawn } from 'node:child_process';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scaledClock } from '../../src/clock.js';
import { hasCommand, startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { healthyJobJar } from '../support/jar-builder.js';

const clock = scaledClock(600);
const BUCKET = 'flink-code';
let t: TestEmulator;

const hasBoto3 =
  hasCommand('python3') &&
  (await run('python3', ['-c', 'import boto3'], {}).then(
    (r) => r.code === 0,
    () => false,
  ));
const hasAws = hasCommand('aws');

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: {
        ...process.env,
        ...env,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PAGER: '',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

beforeAll(async () => {
  t = await startTestEmulator({ clock });
});

beforeEach(async () => {
  t.emulator.control.reset();
  await t.emulator.control.seed({
    buckets: [
      {
        name: BUCKET,
        objects: [
          { key: 'job-1.jar', body: await healthyJobJar(11) },
          { key: 'job-2.jar', body: await healthyJobJar(11, 'com/example/JobV2') },
        ],
      },
    ],
  });
});

const BOTO3_FLOW = String.raw`
import json, sys, time, datetime
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

c = boto3.client('kinesisanalyticsv2', config=Config(retries={'max_attempts': 1}))
app = 'orders-boto3'
bucket_arn = 'arn:aws:s3:::flink-code'
out = {}

def wait_op(op_id):
    for _ in range(400):
        d = c.describe_application_operation(ApplicationName=app, OperationId=op_id)['ApplicationOperationInfoDetails']
        if d['OperationStatus'] != 'IN_PROGRESS':
            return d
        time.sleep(0.02)
    raise SystemExit('operation did not finish: ' + op_id)

created = c.create_application(
    ApplicationName=app, RuntimeEnvironment='FLINK-1_20',
    ServiceExecutionRole='arn:aws:iam::123456789012:role/msf',
    ApplicationConfiguration={
        'ApplicationCodeConfiguration': {'CodeContentType': 'ZIPFILE', 'CodeContent': {
            'S3ContentLocation': {'BucketARN': bucket_arn, 'FileKey': 'job-1.jar'}}},
        'ApplicationSnapshotConfiguration': {'SnapshotsEnabled': True}})['ApplicationDetail']
assert isinstance(created['CreateTimestamp'], datetime.datetime)
out['created'] = created['ApplicationStatus']
start = c.start_application(ApplicationName=app)
out['start'] = wait_op(start['OperationId'])['OperationStatus']
c.create_application_snapshot(ApplicationName=app, SnapshotName='pre-upgrade')
for _ in range(400):
    s = c.describe_application_snapshot(ApplicationName=app, SnapshotName='pre-upgrade')['SnapshotDetails']
    if s['SnapshotStatus'] != 'CREATING':
        break
    time.sleep(0.02)
assert isinstance(s['SnapshotCreationTimestamp'], datetime.datetime)
out['snapshot'] = [s['SnapshotStatus'], s['RuntimeEnvironment']]
c.create_application_snapshot(ApplicationName=app, SnapshotName='scratch')
for _ in range(400):
    scratch = c.describe_application_snapshot(ApplicationName=app, SnapshotName='scratch')['SnapshotDetails']
    if scratch['SnapshotStatus'] != 'CREATING':
        break
    time.sleep(0.02)
c.delete_application_snapshot(ApplicationName=app, SnapshotName='scratch',
                              SnapshotCreationTimestamp=scratch['SnapshotCreationTimestamp'])
out['afterDelete'] = [x['SnapshotName'] for x in c.list_application_snapshots(ApplicationName=app)['SnapshotSummaries']]
token = c.describe_application(ApplicationName=app)['ApplicationDetail']['ConditionalToken']
up = c.update_application(
    ApplicationName=app, ConditionalToken=token, RuntimeEnvironmentUpdate='FLINK-2_2',
    ApplicationConfigurationUpdate={'ApplicationCodeConfigurationUpdate': {'CodeContentUpdate': {
        'S3ContentLocationUpdate': {'FileKeyUpdate': 'job-2.jar'}}}},
    RunConfigurationUpdate={'ApplicationRestoreConfiguration': {
        'ApplicationRestoreType': 'RESTORE_FROM_CUSTOM_SNAPSHOT', 'SnapshotName': 'pre-upgrade'}})
done = wait_op(up['OperationId'])
assert isinstance(done['StartTime'], datetime.datetime) and isinstance(done['EndTime'], datetime.datetime)
out['update'] = [done['OperationStatus'], done['ApplicationVersionChangeDetails']]
ops = c.list_application_operations(ApplicationName=app)['ApplicationOperationInfoList']
out['operations'] = [o['Operation'] for o in ops]
try:
    c.rollback_application(ApplicationName=app, CurrentApplicationVersionId=1)
    out['staleRollback'] = 'accepted'
except ClientError as e:
    out['staleRollback'] = e.response['Error']['Code']
rb = c.rollback_application(ApplicationName=app, CurrentApplicationVersionId=2)
out['rollback'] = wait_op(rb['OperationId'])['OperationStatus']
d = c.describe_application(ApplicationName=app)['ApplicationDetail']
out['final'] = [d['ApplicationStatus'], d['RuntimeEnvironment'], d['ApplicationVersionId'],
                d['ApplicationVersionRolledBackFrom'], d['ApplicationVersionRolledBackTo']]
print(json.dumps(out))
`;

describe('boto3', () => {
  it.skipIf(!hasBoto3)(
    'runs create → snapshot → update → operations → rollback with a documented error',
    async () => {
      const r = await run('python3', ['-c', BOTO3_FLOW], t.env);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out).toEqual({
        created: 'READY',
        start: 'SUCCESSFUL',
        snapshot: ['READY', 'FLINK-1_20'],
        afterDelete: ['pre-upgrade'],
        update: ['SUCCESSFUL', { ApplicationVersionUpdatedFrom: 1, ApplicationVersionUpdatedTo: 2 }],
        operations: ['UpdateApplication', 'StartApplication'],
        staleRollback: 'ConcurrentModificationException',
        rollback: 'SUCCESSFUL',
        final: ['RUNNING', 'FLINK-1_20', 3, 2, 1],
      });
    },
  );
});

describe('aws CLI', () => {
  const app = 'orders-cli';
  const cli = async (args: string[]): Promise<any> => {
    const r = await run('aws', ['kinesisanalyticsv2', ...args, '--output', 'json'], t.env);
    if (r.code !== 0) throw new Error(`aws ${args[0]} exited ${r.code}: ${r.stderr}`);
    return r.stdout.trim() ? JSON.parse(r.stdout) : {};
  };
  const waitOp = async (id: string): Promise<any> => {
    for (;;) {
      const d = (
        await cli(['describe-application-operation', '--application-name', app, '--operation-id', id])
      ).ApplicationOperationInfoDetails;
      if (d.OperationStatus !== 'IN_PROGRESS') return d;
      await clock.sleep(5_000);
    }
  };
  const parses = (v: unknown): boolean =>
    typeof v === 'number' ? Number.isFinite(v) : typeof v === 'string' && !Number.isNaN(Date.parse(v));

  it.skipIf(!hasAws)(
    'runs create → snapshot → update → operations → rollback with a documented error',
    async () => {
      const created = await cli([
        'create-application',
        '--cli-input-json',
        JSON.stringify({
          ApplicationName: app,
          RuntimeEnvironment: 'FLINK-1_20',
          ServiceExecutionRole: 'arn:aws:iam::123456789012:role/msf',
          ApplicationConfiguration: {
            ApplicationCodeConfiguration: {
              CodeContentType: 'ZIPFILE',
              CodeContent: {
                S3ContentLocation: { BucketARN: `arn:aws:s3:::${BUCKET}`, FileKey: 'job-1.jar' },
              },
            },
            ApplicationSnapshotConfiguration: { SnapshotsEnabled: true },
          },
        }),
      ]);
      expect(parses(created.ApplicationDetail.CreateTimestamp)).toBe(true);
      const start = await cli(['start-application', '--application-name', app]);
      expect((await waitOp(start.OperationId)).OperationStatus).toBe('SUCCESSFUL');
      await cli(['create-application-snapshot', '--application-name', app, '--snapshot-name', 'pre-upgrade']);
      let snap: any;
      do {
        await clock.sleep(5_000);
        snap = (
          await cli([
            'describe-application-snapshot',
            '--application-name',
            app,
            '--snapshot-name',
            'pre-upgrade',
          ])
        ).SnapshotDetails;
      } while (snap.SnapshotStatus === 'CREATING');
      expect(snap.SnapshotStatus).toBe('READY');
      expect(parses(snap.SnapshotCreationTimestamp)).toBe(true);
      // The CLI accepts back the timestamp it printed (it sends whole seconds).
      await cli(['create-application-snapshot', '--application-name', app, '--snapshot-name', 'scratch']);
      let scratch: any;
      do {
        await clock.sleep(5_000);
        scratch = (
          await cli([
            'describe-application-snapshot',
            '--application-name',
            app,
            '--snapshot-name',
            'scratch',
          ])
        ).SnapshotDetails;
      } while (scratch.SnapshotStatus === 'CREATING');
      await cli([
        'delete-application-snapshot',
        '--application-name',
        app,
        '--snapshot-name',
        'scratch',
        '--snapshot-creation-timestamp',
        String(scratch.SnapshotCreationTimestamp),
      ]);

      const update = await cli([
        'update-application',
        '--cli-input-json',
        JSON.stringify({
          ApplicationName: app,
          CurrentApplicationVersionId: 1,
          RuntimeEnvironmentUpdate: 'FLINK-2_2',
          ApplicationConfigurationUpdate: {
            ApplicationCodeConfigurationUpdate: {
              CodeContentUpdate: { S3ContentLocationUpdate: { FileKeyUpdate: 'job-2.jar' } },
            },
          },
        }),
      ]);
      const done = await waitOp(update.OperationId);
      expect(done.OperationStatus).toBe('SUCCESSFUL');
      expect(parses(done.StartTime) && parses(done.EndTime)).toBe(true);
      const ops = await cli(['list-application-operations', '--application-name', app]);
      expect(ops.ApplicationOperationInfoList.map((o: any) => o.Operation)).toEqual([
        'UpdateApplication',
        'StartApplication',
      ]);

      // Documented error: a stale CurrentApplicationVersionId.
      const stale = await run(
        'aws',
        [
          'kinesisanalyticsv2',
          'rollback-application',
          '--application-name',
          app,
          '--current-application-version-id',
          '1',
        ],
        t.env,
      );
      expect(stale.code).not.toBe(0);
      expect(stale.stderr).toContain('ConcurrentModificationException');

      const rb = await cli([
        'rollback-application',
        '--application-name',
        app,
        '--current-application-version-id',
        '2',
      ]);
      expect((await waitOp(rb.OperationId)).OperationStatus).toBe('SUCCESSFUL');
      const final = (await cli(['describe-application', '--application-name', app])).ApplicationDetail;
      expect(final).toMatchObject({
        ApplicationStatus: 'RUNNING',
        RuntimeEnvironment: 'FLINK-1_20',
        ApplicationVersionRolledBackFrom: 2,
        ApplicationVersionRolledBackTo: 1,
      });
    },
  );
});
