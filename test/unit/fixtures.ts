/** Named fixtures for the pure pipeline tests. */
import { parseInputs, type Inputs, type RawInputs } from '../../src/inputs.js';
import type { ApplicationView, SnapshotView } from '../../src/msf/application.js';
import type { ArtifactInfo } from '../../src/pipeline/artifact-info.js';
import type { UpgradeReport } from '../../src/report/types.js';

export function inputs(raw: RawInputs = {}): Inputs {
  return parseInputs(
    {
      'application-name': 'orders',
      artifact: 'build/orders.jar',
      version: 'v2',
      'snapshot-name': 'pre-upgrade-v2-1',
      ...raw,
    },
    { runId: '1' },
  );
}

export function app(overrides: Partial<ApplicationView> = {}): ApplicationView {
  return {
    name: 'orders',
    arn: 'arn:aws:kinesisanalytics:us-east-1:123456789012:application/orders',
    status: 'RUNNING',
    versionId: 7,
    conditionalToken: 'token-7',
    runtime: 'FLINK-1_20',
    codeContentType: 'ZIPFILE',
    bucketArn: 'arn:aws:s3:::artifacts',
    bucket: 'artifacts',
    fileKey: 'orders/v1/orders.jar',
    codeMd5: '0'.repeat(32),
    codeSize: 1000,
    snapshotsEnabled: true,
    systemRollbackEnabled: false,
    parallelism: 2,
    parallelismConfigurationType: 'CUSTOM',
    logGroups: ['/aws/kinesis-analytics/orders'],
    ...overrides,
  };
}

export function artifact(overrides: Partial<ArtifactInfo> = {}): ArtifactInfo {
  return {
    path: 'build/orders.jar',
    fileName: 'orders.jar',
    size: 2000,
    md5Hex: '1'.repeat(32),
    sha256Hex: '2'.repeat(64),
    ...overrides,
  };
}

export function snapshot(name: string, runtime: string, createdAt: number, status = 'READY'): SnapshotView {
  return { name, runtime, createdAt, status, versionId: 1 };
}

/** The report of an upgraded run (summary and terminal rendering). */
export function upgradeReport(overrides: Partial<UpgradeReport> = {}): UpgradeReport {
  return {
    application: 'orders',
    platform: 'Managed Service for Apache Flink',
    region: 'us-east-1',
    version: 'v2',
    dryRun: false,
    result: 'upgraded',
    reason: 'orders runs FLINK-1_20 with s3://artifacts/orders/v2/orders.jar, version 8',
    startedAt: 0,
    endedAt: 185_000,
    planLines: ['runtime: FLINK-1_20 (unchanged)'],
    phases: [
      {
        phase: 'preflight',
        title: 'Preflight',
        startedAt: 0,
        endedAt: 2_000,
        outcome: 'ok',
        note: 'FLINK-1_20 → FLINK-1_20',
      },
      { phase: 'snapshot', title: 'Snapshot', startedAt: 2_000, endedAt: 62_000, outcome: 'ok' },
      {
        phase: 'baseline',
        title: 'Baseline',
        startedAt: 62_000,
        endedAt: 62_000,
        outcome: 'skipped',
        note: 'bake-time 0',
      },
    ],
    applicationVersionId: 8,
    previousApplicationVersionId: 7,
    runtime: 'FLINK-1_20',
    previousRuntime: 'FLINK-1_20',
    snapshotName: 'pre-upgrade-v2-1',
    s3Bucket: 'artifacts',
    s3Key: 'orders/v2/orders.jar',
    operation: { id: 'op-1', operation: 'UpdateApplication', status: 'SUCCESSFUL' },
    logGroups: ['/aws/kinesis-analytics/orders'],
    warnings: [],
    ...overrides,
  };
}
