import { describe, expect, it } from 'vitest';
import { cell, escapeMd, truncateBytes, utf8Length } from '../../src/report/markdown.js';
import { isFailure, OUTPUT_NAMES, toOutputs } from '../../src/report/outputs.js';
import { deploymentState } from '../../src/report/deployment.js';
import { renderSummary, SUMMARY_MAX_BYTES } from '../../src/report/summary.js';
import type { UpgradeReport } from '../../src/report/types.js';

function report(overrides: Partial<UpgradeReport> = {}): UpgradeReport {
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
  it('success for an upgrade, failure for a release that did not go out, none otherwise', () => {
    expect(deploymentState(report())).toBe('success');
    expect(deploymentState(report({ result: 'rolled-back' }))).toBe('failure');
    expect(deploymentState(report({ result: 'failed' }))).toBe('failure');
    expect(deploymentState(report({ result: 'failed', operation: undefined }))).toBeUndefined();
    expect(deploymentState(report({ result: 'unchanged' }))).toBeUndefined();
    expect(deploymentState(report({ result: 'planned' }))).toBeUndefined();
  });
});
