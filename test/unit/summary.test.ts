import { describe, expect, it } from 'vitest';
import { cell, escapeMd, truncateBytes, utf8Length } from '../../src/report/markdown.js';
import { isFailure, OUTPUT_NAMES, toOutputs } from '../../src/report/outputs.js';
import { deploymentOutcome } from '../../src/report/deployment.js';
import { renderSummary, SUMMARY_MAX_BYTES } from '../../src/report/summary.js';
import type { UpgradeReport } from '../../src/report/types.js';
import { upgradeReport as report } from './fixtures.js';
import type { GateResult } from '../../src/health/contract.js';

const METRICS = [
  'numRestarts',
  'runningTime',
  'numberOfFailedCheckpoints',
  'lastCheckpointDuration',
  'lastCheckpointSize',
  'numRecordsInPerSecond',
  'numRecordsOutPerSecond',
];

/** A gate that watched `periods` periods of `periodMs` and tripped on restarts at the end. */
function gate(periods: number, periodMs: number): GateResult {
  const start = 1_000_000;
  const value = (name: string, i: number): number =>
    name === 'numRestarts'
      ? Math.max(0, i - periods + 3)
      : name === 'lastCheckpointDuration'
        ? 900 + (i % 5) * 60
        : name.startsWith('numRecords')
          ? 2000 + (i % 7) * 10
          : i * periodMs;
  const series = (from: number): Record<string, { t: number; v: number }[]> =>
    Object.fromEntries(
      METRICS.map((name) => [
        name,
        Array.from({ length: periods }, (_, i) => ({ t: from + i * periodMs, v: value(name, i) })),
      ]),
    );
  const names = {
    restarts: 'numRestarts',
    runningTime: 'runningTime',
    failedCheckpoints: 'numberOfFailedCheckpoints',
    checkpointDuration: 'lastCheckpointDuration',
    checkpointSize: 'lastCheckpointSize',
    recordsIn: 'numRecordsInPerSecond',
    recordsOut: 'numRecordsOutPerSecond',
  };
  return {
    verdict: 'unhealthy',
    check: 'restarts',
    reason: 'numRestarts rose from 0 to 3 in 4m (max-restarts 0)',
    series: series(start),
    baseline: {
      application: 'orders',
      runtime: 'FLINK-1_20',
      series: series(start - periods * periodMs),
      checkpointDurationMs: 1000,
      recordsInPerSecond: 2030,
      recordsOutPerSecond: 1990,
      metricNames: names,
    },
    metricNames: names,
    startedAt: start,
    endedAt: start + periods * periodMs,
    periodSeconds: periodMs / 1000,
    stabilisationMs: periodMs,
    bakeMs: periods * periodMs,
    thresholds: {
      maxRestarts: 0,
      maxFailedCheckpoints: 0,
      requireCheckpoint: true,
      maxCheckpointDurationRatio: 3,
    },
    polls: periods,
  };
}

/** A run whose gate tripped and that RollbackApplication returned to the previous version. */
function rolledBack(overrides: Partial<UpgradeReport> = {}): UpgradeReport {
  return report({
    result: 'rolled-back',
    reason:
      'health gate: numRestarts rose from 0 to 3 in 4m (max-restarts 0); rolled back: orders is RUNNING on FLINK-1_20 with the previous code (application version 10), restored by RollbackApplication (state from snapshot ss-1)',
    phases: [
      {
        phase: 'operation',
        title: 'Operation',
        startedAt: 0,
        endedAt: 90_000,
        outcome: 'ok',
        note: 'SUCCESSFUL',
      },
      {
        phase: 'bake',
        title: 'Bake (health gate)',
        startedAt: 90_000,
        endedAt: 330_000,
        outcome: 'failed',
        note: 'unhealthy: numRestarts rose from 0 to 3 in 4m (max-restarts 0)',
      },
      {
        phase: 'rollback',
        title: 'Rollback',
        startedAt: 330_000,
        endedAt: 420_000,
        outcome: 'ok',
        note: 'rolled-back (rollback-application): orders is RUNNING on FLINK-1_20',
      },
    ],
    gate: gate(240, 1_000),
    rollback: {
      outcome: 'rolled-back',
      path: 'rollback-application',
      operationId: 'rb-1',
      message:
        'orders is RUNNING on FLINK-1_20 with the previous code (application version 10), restored by RollbackApplication (state from snapshot ss-1)',
      decision:
        'RollbackApplication restores the newest READY snapshot ss-1 (FLINK-1_20, application version 7), which belongs to the previous version',
      restoredSnapshot: 'ss-1',
      applicationStatus: 'RUNNING',
      versionId: 10,
      runtime: 'FLINK-1_20',
      fileKey: 'orders/v1/orders.jar',
    },
    rollbackOperation: { id: 'rb-1', operation: 'RollbackApplication', status: 'SUCCESSFUL' },
    ...overrides,
  });
}

describe('renderSummary', () => {
  it('shows the outcome, before/after, the timeline with durations and the log groups', () => {
    const md = renderSummary(report());
    expect(md).toContain('## ✅ upgraded: `orders`');
    expect(md).toContain('| Runtime | FLINK-1_20 | FLINK-1_20 |');
    expect(md).toContain('| Application version | 7 | 8 |');
    expect(md).toMatch(/\| Snapshot \| 1m \| ✅ ok \|/);
    expect(md).toContain('| Baseline | 0s | ⏭️ skipped | bake-time 0 |');
    expect(md).toContain('`/aws/kinesis-analytics/orders`');
    expect(md).toContain('Took 3m5s');
    expect(md).toContain('Pre-upgrade snapshot `pre-upgrade-v2-1`');
  });

  it('escapes user and AWS strings (HTML, table pipes, Markdown)', () => {
    const md = renderSummary(
      report({
        result: 'rolled-back',
        reason: 'UpdateApplication failed: <script>alert(1)</script> | *boom*',
        operation: {
          id: 'op-1',
          operation: 'UpdateApplication',
          status: 'FAILED',
          errorString: 'java.lang.UnsupportedClassVersionError: a|b <x>',
        },
        rollbackOperation: { id: 'rb-1', operation: 'RollbackApplication', status: 'SUCCESSFUL' },
        warnings: ['`code` and [link](http://x)'],
      }),
    );
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;');
    expect(md).toContain('\\| \\*boom\\*');
    expect(md).toContain('a\\|b &lt;x&gt;');
    expect(md).toContain('\\`code\\` and \\[link\\](http://x)');
    expect(md).toContain('## ↩️ rolled back');
    expect(md).toContain('Rollback by Managed Service for Apache Flink');
  });

  it('renders JAR-check findings in a table, errors open', () => {
    const md = renderSummary(
      report({
        result: 'failed',
        jarCheck: {
          mode: 'strict',
          findings: [
            {
              severity: 'error',
              code: 'JAVA_CLASS_VERSION',
              message: 'classes for Java 21',
              location: 'com.example.Job',
              fix: 'build for Java 11',
            },
          ],
        },
      }),
    );
    expect(md).toContain('JAR check (strict): 1 finding(s), 1 error(s)');
    expect(md).toContain('<details open>');
    expect(md).toContain('`JAVA_CLASS_VERSION`');
  });

  it('includes the health section when a gate ran', () => {
    const md = renderSummary(report({ gate: { verdict: 'healthy', series: {}, startedAt: 0, endedAt: 1 } }));
    expect(md).toContain('### Health gate');
    expect(md).toMatch(/healthy/);
  });

  it('stays under the size cap, keeping the headline', () => {
    const findings = Array.from({ length: 5000 }, (_, i) => ({
      severity: 'warning' as const,
      code: 'FLINK_CONNECTOR_MISMATCH',
      message: `connector ${i} `.repeat(40),
      fix: 'upgrade it',
    }));
    const warnings = Array.from({ length: 3000 }, (_, i) => `warning ${i} `.repeat(50));
    const md = renderSummary(report({ jarCheck: { mode: 'warn', findings }, warnings }), 200_000);
    expect(utf8Length(md)).toBeLessThanOrEqual(200_000);
    expect(md).toContain('## ✅ upgraded');
    expect(
      utf8Length(renderSummary(report({ warnings: ['x'.repeat(3 * 1024 * 1024)] }))),
    ).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
  });

  it('a rolled-back run: reason with figures, timeline, the bake chart and the rollback path', () => {
    const md = renderSummary(rolledBack());
    expect(md).toContain('## ↩️ rolled back: `orders`');
    expect(md).toContain('health gate: numRestarts rose from 0 to 3 in 4m (max-restarts 0); rolled back:');
    expect(md).toContain('| Bake (health gate) | 4m | ❌ failed | unhealthy: numRestarts rose from 0 to 3');
    expect(md).toContain('| Rollback | 1m30s | ✅ ok |');
    expect(md).toContain('### Health gate: ❌ unhealthy');
    expect(md).toMatch(/```mermaid\nxychart-beta\n {4}title "numRestarts during the bake"/);
    expect(md).toContain('### Rollback: ↩️ rolled back');
    expect(md).toContain('- Path: `rollback-application`\n');
    // the restored snapshot next to the pre-upgrade one, with why it was chosen
    const pre = md.indexOf('- Pre-upgrade snapshot `pre-upgrade-v2-1`');
    const restored = md.indexOf(
      '- Rollback restored `ss-1` rather than `pre-upgrade-v2-1`: RollbackApplication restores the newest READY snapshot',
    );
    expect(pre).toBeGreaterThan(0);
    expect(restored).toBeGreaterThan(pre);
    expect(md.slice(pre, restored).split('\n')).toHaveLength(2);
    // the same four rows as an upgraded run
    for (const row of ['| Runtime |', '| Code |', '| Status |', '| Application version |'])
      expect(md).toContain(row);
    expect(md).toContain('- Rollback operation `rb-1`: SUCCESSFUL');
    expect(md).toContain('- Application now: `RUNNING` on `FLINK-1_20`, application version 10');
    expect(md).not.toContain('```sh');
  });

  it('a failed rollback: its text, then the commands in a sh block, one per line and not escaped', () => {
    const steps = [
      'aws kinesisanalyticsv2 stop-application --application-name orders --force',
      `aws kinesisanalyticsv2 update-application --application-name orders --current-application-version-id 9 --runtime-environment-update FLINK-1_20 --application-configuration-update '{"ApplicationCodeConfigurationUpdate":{"CodeContentUpdate":{"S3ContentLocationUpdate":{"FileKeyUpdate":"orders/v1/orders.jar"}}}}'`,
      `aws kinesisanalyticsv2 start-application --application-name orders --run-configuration '{"ApplicationRestoreConfiguration":{"ApplicationRestoreType":"RESTORE_FROM_CUSTOM_SNAPSHOT","SnapshotName":"pre-upgrade_v2"}}'`,
    ];
    const md = renderSummary(
      rolledBack({
        result: 'failed',
        rollback: {
          outcome: 'failed',
          path: 'rollback-application',
          message: `Rollback of orders failed: RollbackApplication was refused: ResourceInUseException: busy. No further changes were made. orders is RUNNING on application version 9, runtime FLINK-2_2, code s3://artifacts/orders/v2/orders.jar. To return it to version 8 from snapshot pre-upgrade_v2, run:\n${steps.map((c) => `  ${c}`).join('\n')}`,
          manualSteps: steps,
          decision: 'RollbackApplication restores the newest READY snapshot ss-1',
          applicationStatus: 'RUNNING',
          versionId: 9,
          runtime: 'FLINK-2_2',
        },
      }),
    );
    expect(md).toContain('### Rollback: ❌ failed');
    expect(md).toContain(
      'orders is RUNNING on application version 9, runtime FLINK-2_2, code s3://artifacts/orders/v2/orders.jar. To return it to version 8 from snapshot pre-upgrade_v2, run:\n\n```sh\n',
    );
    const block = /```sh\n([\s\S]*?)\n```/.exec(md)?.[1];
    expect(block?.split('\n')).toEqual(steps);
    expect(md).toContain('- Application now: `RUNNING` on `FLINK-2_2`, application version 9');
  });

  it('a 10-minute bake with 1 s periods stays small', () => {
    const md = renderSummary(rolledBack({ gate: gate(600, 1_000) }));
    expect(md).toContain('### Health gate: ❌ unhealthy');
    expect(md.match(/```mermaid/g)).toHaveLength(3);
    expect(utf8Length(md)).toBeLessThan(100 * 1024);
  });

  it('dry run shows the plan', () => {
    const md = renderSummary(
      report({ result: 'planned', planLines: ['runtime: FLINK-1_20 → FLINK-2_2 (major-upgrade)'] }),
    );
    expect(md).toContain('📝 planned (dry run)');
    expect(md).toContain('### Plan');
    expect(md).toContain('FLINK-1_20 → FLINK-2_2');
  });
});

describe('markdown helpers', () => {
  it('cell keeps one line and bounds length', () => {
    expect(cell('a\nb')).toBe('a b');
    expect(cell(undefined)).toBe('—');
    expect(cell('x'.repeat(400), 10)).toHaveLength(10);
  });
  it('escapes list markers at line start', () => {
    expect(escapeMd('- not a list')).toBe('\\- not a list');
  });
  it('escapes emphasis underscores but not those inside words', () => {
    expect(escapeMd('FLINK-1_20 and _em_')).toBe('FLINK-1_20 and \\_em\\_');
  });
  it('truncates by bytes without splitting a character', () => {
    const t = truncateBytes('ééé', 3);
    expect(t).toBe('é');
  });
});

describe('outputs', () => {
  it('maps the report to every output', () => {
    const o = toOutputs(
      report({
        s3ObjectVersion: 'ver-1',
        rollbackOperation: { id: 'rb', operation: 'RollbackApplication', status: 'SUCCESSFUL' },
      }),
    );
    expect(Object.keys(o)).toEqual([...OUTPUT_NAMES]);
    expect(o).toMatchObject({
      result: 'upgraded',
      'application-version-id': '8',
      'previous-application-version-id': '7',
      'operation-id': 'op-1',
      'rollback-operation-id': 'rb',
      's3-object-version': 'ver-1',
    });
  });
  it('rolled back and failed runs fail the step', () => {
    expect(isFailure(report({ result: 'rolled-back' }))).toBe(true);
    expect(isFailure(report({ result: 'failed' }))).toBe(true);
    expect(isFailure(report({ result: 'unchanged' }))).toBe(false);
    expect(isFailure(report({ result: 'planned' }))).toBe(false);
  });
});

describe('GitHub deployment status', () => {
  it('success for an upgrade or no change, failure with the reason for a release that did not go out', () => {
    expect(deploymentOutcome(report())).toEqual({ state: 'success', description: report().reason });
    expect(deploymentOutcome(report({ result: 'unchanged', reason: 'already there' })).state).toBe('success');
    expect(deploymentOutcome(report({ result: 'rolled-back', reason: 'health gate: restarts' }))).toEqual({
      state: 'failure',
      description: 'rolled back: health gate: restarts',
    });
    const failed = deploymentOutcome(report({ result: 'failed', reason: 'x'.repeat(300) }));
    expect(failed.state).toBe('failure');
    expect(failed.description).toHaveLength(140);
  });
});

describe('overview of a run stopped before its update', () => {
  const plan = {
    application: 'orders',
    status: 'RUNNING',
    previous: {
      versionId: 7,
      runtime: 'FLINK-1_20',
      bucketArn: 'arn:aws:s3:::artifacts',
      fileKey: 'orders/v1/orders.jar',
    },
    expected: { versionId: 7 },
    runtime: { from: 'FLINK-1_20', to: 'FLINK-2_2', change: 'major-upgrade' },
    code: {
      bucket: 'artifacts',
      bucketArn: 'arn:aws:s3:::artifacts',
      key: 'orders/v2/orders.jar',
      source: 'upload',
    },
    restore: { mode: 'latest', type: 'RESTORE_FROM_LATEST_SNAPSHOT' },
    allowNonRestoredState: false,
    snapshot: { take: true, name: 'pre-upgrade-v2-1' },
    enableSystemRollback: true,
    startAfterUpdate: false,
    warnings: [],
  } as unknown as NonNullable<UpgradeReport['plan']>;

  it('shows the application as it was, not the planned code, when nothing was sent', () => {
    const md = renderSummary(
      report({ result: 'failed', plan, operation: undefined, runtime: undefined, s3Key: undefined }),
    );
    const codeRow = md.split('\n').find((l) => l.startsWith('| Code |')) ?? '';
    expect(codeRow).toContain('orders/v1/orders.jar');
    expect(codeRow).not.toContain('orders/v2/orders.jar');
    expect(md.split('\n').find((l) => l.startsWith('| Runtime |'))).toBe(
      '| Runtime | FLINK-1_20 | FLINK-1_20 |',
    );
  });

  it("labels a dry run's column as planned", () => {
    const md = renderSummary(report({ result: 'planned', dryRun: true, plan, operation: undefined }));
    expect(md).toContain('| | before | planned |'.replace('| |', '|  |'));
    expect(md).toContain('orders/v2/orders.jar');
  });
});
