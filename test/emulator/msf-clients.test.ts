/**
 * Fidelity with clients written elsewhere: the create → snapshot → update → operations → rollback flow,
 * plus documented errors (ResourceInUseException, InvalidRequestException, ValidationException,
 * ConcurrentModificationException), through boto3 (python3) and the aws CLI, run as child processes
 * against the emulator. Skipped, with a message naming the client, only when it is not installed.
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
if (!hasBoto3)
  console.warn('python3 with boto3 is not installed on this machine: the boto3 MSF flow test is skipped');
if (!hasAws)
  console.warn('the aws CLI is not installed on this machine: the aws CLI MSF flow test is skipped');

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

def error_code(call, **kwargs):
    try:
        call(**kwargs)
        return 'accepted'
    except ClientError as e:
        return e.response['Error']['Code']

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
out['snapshotOfReady'] = error_code(c.create_application_snapshot, ApplicationName=app, SnapshotName='too-early')
out['badName'] = error_code(c.describe_application, ApplicationName='orders boto3!')
start = c.start_application(ApplicationName=app)
out['start'] = wait_op(start['OperationId'])['OperationStatus']
out['rollbackWithoutSnapshot'] = error_code(c.rollback_application, ApplicationName=app, CurrentApplicationVersionId=1)
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
    'runs create → snapshot → update → operations → rollback with documented errors',
    async () => {
      const r = await run('python3', ['-c', BOTO3_FLOW], t.env);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out).toEqual({
        created: 'READY',
        snapshotOfReady: 'ResourceInUseException',
        badName: 'ValidationException',
        start: 'SUCCESSFUL',
        rollbackWithoutSnapshot: 'InvalidRequestException',
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
  /** Runs a command expected to fail; returns its stderr. */
  const cliError = async (args: string[]): Promise<string> => {
    const r = await run('aws', ['kinesisanalyticsv2', ...args, '--output', 'json'], t.env);
    expect(r.code, r.stdout).not.toBe(0);
    return r.stderr;
  };
  const parses = (v: unknown): boolean =>
    typeof v === 'number' ? Number.isFinite(v) : typeof v === 'string' && !Number.isNaN(Date.parse(v));

  it.skipIf(!hasAws)(
    'runs create → snapshot → update → operations → rollback with documented errors',
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
      // Documented errors: a snapshot of a READY application, an invalid application name.
      expect(
        await cliError([
          'create-application-snapshot',
          '--application-name',
          app,
          '--snapshot-name',
          'too-early',
        ]),
      ).toContain('ResourceInUseException');
      const badName = await cliError(['describe-application', '--application-name', 'orders cli!']);
      expect(badName).toContain('ValidationException');
      expect(badName).toContain('applicationName');
      const start = await cli(['start-application', '--application-name', app]);
      expect((await waitOp(start.OperationId)).OperationStatus).toBe('SUCCESSFUL');
      // Documented error: a rollback with no snapshot to load state from.
      expect(
        await cliError([
          'rollback-application',
          '--application-name',
          app,
          '--current-application-version-id',
          '1',
        ]),
      ).toContain('InvalidRequestException');
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
