import { createHash } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildJar, classMajorFor, healthyJobJar } from '../support/jar-builder.js';
import { BUCKET, startHarness, type Harness } from './harness.js';
import { PART_SIZE } from '../../src/msf/upload.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

beforeEach(() => {
  h.emulator.control.reset();
});

interface AppState {
  name: string;
  status: string;
  versionId: number;
  runtime: string;
  fileKey?: string;
  versions: {
    versionId: number;
    objectVersion?: string;
    fileKey?: string;
    systemRollbackEnabled?: boolean;
  }[];
}

function appState(name: string): AppState {
  const apps = h.emulator.control.describe().applications as { applications: AppState[] };
  const app = apps.applications.find((a) => a.name === name);
  if (!app) throw new Error(`no application ${name} in the emulator`);
  return app;
}

function operationsCalled(from = 0): string[] {
  return h.emulator.control
    .calls()
    .slice(from)
    .filter((c) => c.service !== 'control')
    .map((c) => c.operation);
}

describe('Path 1: a compatible upgrade', () => {
  it('upgrades a RUNNING application, verifies the new version and sets the outputs', async () => {
    await h.seedApp({ name: 'orders', runtime: 'FLINK-1_19', versionId: 3 });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJob'));
    const { report, outputs, states } = await h.run({
      'application-name': 'orders',
      artifact: jar,
      runtime: 'FLINK-1_20',
    });
    expect(outputs.result, report.reason).toBe('upgraded');
    expect(outputs['previous-application-version-id']).toBe('3');
    expect(outputs['previous-runtime']).toBe('FLINK-1_19');
    expect(outputs.runtime).toBe('FLINK-1_20');
    expect(Number(outputs['application-version-id'])).toBeGreaterThan(3);
    expect(outputs['s3-bucket']).toBe(BUCKET);
    expect(outputs['s3-key']).toBe('orders/v2/orders.jar');
    expect(outputs['snapshot-name']).toBe('pre-upgrade-test');
    expect(outputs['operation-id']).toMatch(/\S/);
    expect(outputs['rollback-operation-id']).toBe('');

    const app = appState('orders');
    expect(app.status).toBe('RUNNING');
    expect(app.runtime).toBe('FLINK-1_20');
    expect(app.fileKey).toBe('orders/v2/orders.jar');
    expect(app.versions.find((v) => v.versionId === app.versionId)?.systemRollbackEnabled).toBe(true);

    const ops = operationsCalled();
    expect(ops.indexOf('CreateApplicationSnapshot')).toBeLessThan(ops.indexOf('UpdateApplication'));
    expect(ops).toContain('DescribeApplicationOperation');
    expect(states.map((s) => s.phase)).toEqual(
      expect.arrayContaining(['preflight', 'upload', 'snapshot', 'update', 'operation', 'verify', 'done']),
    );
    expect(states.at(-1)).toMatchObject({ result: 'upgraded', snapshotName: 'pre-upgrade-test' });
    expect(report.phases.find((p) => p.phase === 'verify')?.outcome).toBe('ok');
  });

  it('a second run with the same build is unchanged and sends no UpdateApplication', async () => {
    await h.seedApp({ name: 'orders' });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJob'));
    const first = await h.run({ 'application-name': 'orders', artifact: jar });
    expect(first.outputs.result, first.report.reason).toBe('upgraded');
    const mark = h.emulator.control.calls().length;

    const second = await h.run({
      'application-name': 'orders',
      artifact: jar,
      'snapshot-name': 'pre-upgrade-test-2',
    });
    expect(second.outputs.result, second.report.reason).toBe('unchanged');
    expect(second.outputs['application-version-id']).toBe(first.outputs['application-version-id']);
    const after = operationsCalled(mark);
    expect(after).not.toContain('UpdateApplication');
    expect(after).not.toContain('CreateApplicationSnapshot');
    expect(after).not.toContain('PutObject');
  });

  it('skips the upload when the identical object is already at the key', async () => {
    await h.seedApp({ name: 'orders' });
    const bytes = await healthyJobJar(11, 'com/example/OrdersJob');
    const jar = await h.writeJar('orders.jar', bytes);
    await h.clients.s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'orders/v2/orders.jar',
        Body: bytes,
        Metadata: { sha256: createHash('sha256').update(bytes).digest('hex') },
      }),
    );
    const mark = h.emulator.control.calls().length;
    const { outputs, report, log } = await h.run({ 'application-name': 'orders', artifact: jar });
    expect(outputs.result, report.reason).toBe('upgraded');
    expect(log.text()).toContain('upload skipped');
    const after = operationsCalled(mark);
    expect(after).not.toContain('PutObject');
    expect(after).not.toContain('CreateMultipartUpload');
    expect(report.phases.find((p) => p.phase === 'upload')?.outcome).toBe('skipped');
  });

  it('versioned bucket: outputs the S3 object version and pins it with ObjectVersionUpdate', async () => {
    await h.seedApp({ name: 'orders' }, { versioning: true });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJob'));
    const { outputs, report } = await h.run({ 'application-name': 'orders', artifact: jar });
    expect(outputs.result, report.reason).toBe('upgraded');
    expect(outputs['s3-object-version']).toMatch(/\S/);
    const app = appState('orders');
    expect(app.versions.find((v) => v.versionId === app.versionId)?.objectVersion).toBe(
      outputs['s3-object-version'],
    );
  });

  it('READY application with start: true: UpdateApplication, then StartApplication with the restore configuration', async () => {
    await h.seedApp({
      name: 'orders',
      status: 'READY',
      snapshots: [{ name: 'nightly', runtime: 'FLINK-1_20', ageSeconds: 600 }],
    });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJob'));
    const { outputs, report, log } = await h.run({
      'application-name': 'orders',
      artifact: jar,
      restore: 'snapshot',
      start: 'true',
    });
    expect(outputs.result, report.reason).toBe('upgraded');
    const ops = operationsCalled();
    expect(ops).not.toContain('CreateApplicationSnapshot');
    expect(ops.indexOf('UpdateApplication')).toBeGreaterThan(-1);
    expect(ops.indexOf('StartApplication')).toBeGreaterThan(ops.indexOf('UpdateApplication'));
    expect(log.text()).toContain('no snapshot can be taken');
    expect(outputs['snapshot-name']).toBe('nightly');
    expect(appState('orders').status).toBe('RUNNING');
  });

  it('restore: snapshot on a running application: the result says what the restore rewound, in seconds', async () => {
    await h.seedApp({ name: 'orders' });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJob'));
    const { outputs, report } = await h.run({
      'application-name': 'orders',
      artifact: jar,
      restore: 'snapshot',
    });
    expect(outputs.result, report.reason).toBe('upgraded');
    const m =
      /; the new job restored pre-upgrade-test \(taken [\dT:.Z-]+\): its state and source positions rewound (\d+)s, so what the old job processed in that window is replayed \(what it wrote stays\)$/.exec(
        report.reason,
      );
    expect(m, report.reason).not.toBeNull();
    // from the snapshot to the update's start: the upload and the baseline took place in between
    expect(Number(m![1])).toBeGreaterThanOrEqual(0);
    expect(Number(m![1])).toBeLessThan(120);
  });

  it('dry-run prints the plan and changes nothing', async () => {
    await h.seedApp({ name: 'orders' });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJob'));
    const mark = h.emulator.control.calls().length;
    const { outputs, report, log } = await h.run({
      'application-name': 'orders',
      artifact: jar,
      runtime: 'FLINK-1_20',
      parallelism: '4',
      'dry-run': 'true',
    });
    expect(outputs.result, report.reason).toBe('planned');
    expect(log.text()).toContain('parallelism: 1 → 4');
    expect(log.text()).toContain('snapshot: pre-upgrade-test before the update');
    expect(h.mutatingCalls()).toEqual([]);
    expect(operationsCalled(mark)).toContain('DescribeApplication');
    expect(appState('orders').versionId).toBe(1);
  });

  it('dry-run with jar-check strict and error findings still prints the plan and the findings, and ends planned', async () => {
    await h.seedApp({ name: 'orders' });
    const java21 = await buildJar({
      manifest: { 'Main-Class': 'com.example.OrdersJob' },
      classes: [
        {
          name: 'com/example/OrdersJob',
          major: classMajorFor(21),
          references: ['org/apache/flink/streaming/api/environment/StreamExecutionEnvironment'],
        },
      ],
    });
    const jar = await h.writeJar('orders.jar', java21);
    const { outputs, report, log } = await h.run({
      'application-name': 'orders',
      artifact: jar,
      parallelism: '4',
      'jar-check': 'strict',
      'dry-run': 'true',
    });
    expect(outputs.result, report.reason).toBe('planned');
    expect(report.reason).toContain('blocked: jar-check found');
    expect(report.reason).toContain('a real run would stop before the upload');
    const text = log.text();
    expect(text).toContain('Plan for orders (dry run, nothing is changed):');
    // a dry run waits for nothing: no deadline announced
    expect(text).not.toContain('gives up after');
    expect(log.lines[0]).toMatch(/^Planning orders on .* \(dry run: nothing is changed\)$/);
    expect(text).toContain('runtime: FLINK-1_20 (unchanged)');
    expect(text).toContain(
      'code: s3://flink-artifacts/orders/v1/orders.jar → s3://flink-artifacts/orders/v2/orders.jar',
    );
    expect(text).toContain('restore: ');
    expect(text).toContain('parallelism: 1 → 4');
    expect(text).toContain('snapshot: pre-upgrade-test before the update');
    expect(text).toContain('  jar-check: error JAVA_CLASS_VERSION');
    // an error finding is logged once, as an error, not as "warning: error …", and names its class once
    const findingLines = log.lines.filter((l) => l.includes('is compiled for Java'));
    expect(findingLines).toHaveLength(1);
    expect(findingLines[0]).toMatch(
      /^error: JAR check JAVA_CLASS_VERSION: com\.example\.OrdersJob is compiled/,
    );
    expect(findingLines[0]!.split('com.example.OrdersJob')).toHaveLength(2);
    expect(text).not.toContain('warning: error');
    expect(h.mutatingCalls()).toEqual([]);
  });

  it('major upgrade with consent goes through', async () => {
    await h.seedApp({ name: 'orders', runtime: 'FLINK-1_20' });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(17, 'com/example/OrdersJob'));
    const { outputs, report } = await h.run({
      'application-name': 'orders',
      artifact: jar,
      runtime: 'FLINK-2_2',
      'allow-major-upgrade': 'true',
      'jar-check': 'warn',
    });
    expect(outputs.result, report.reason).toBe('upgraded');
    expect(appState('orders').runtime).toBe('FLINK-2_2');
  });

  it('a build bigger than one part goes up as a multipart upload with its SHA-256 in metadata', async () => {
    await h.seedApp({ name: 'orders' });
    const big = await buildJar({
      store: true,
      manifest: { 'Main-Class': 'com.example.OrdersJob' },
      classes: [
        {
          name: 'com/example/OrdersJob',
          references: ['org/apache/flink/streaming/api/environment/StreamExecutionEnvironment'],
        },
      ],
      files: { 'assets/model.bin': Buffer.alloc(20 * 1024 * 1024, 7) },
    });
    const jar = await h.writeJar('orders.jar', big);
    const { outputs, report } = await h.run({
      'application-name': 'orders',
      artifact: jar,
      'jar-check': 'off',
    });
    expect(outputs.result, report.reason).toBe('upgraded');
    const ops = operationsCalled();
    expect(ops).toContain('CreateMultipartUpload');
    expect(ops.filter((o) => o === 'UploadPart').length).toBe(Math.ceil(big.length / PART_SIZE));
    const head = await h.clients.s3.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: 'orders/v2/orders.jar' }),
    );
    expect(head.ContentLength).toBe(big.length);
    expect(head.Metadata?.sha256).toBe(createHash('sha256').update(big).digest('hex'));
  });
});
