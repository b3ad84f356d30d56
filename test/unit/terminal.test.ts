import { describe, expect, it } from 'vitest';
import type { GateResult } from '../../src/health/contract.js';
import { renderSummary } from '../../src/report/summary.js';
import { renderTerminal, textTable } from '../../src/report/terminal.js';
import type { UpgradeReport } from '../../src/report/types.js';
import { upgradeReport } from './fixtures.js';

const T0 = 1_800_000_000_000;

function report(overrides: Partial<UpgradeReport> = {}): UpgradeReport {
  return upgradeReport({
    startedAt: T0,
    // the clock says 10 minutes (scaled), the run took 12 s of real time
    endedAt: T0 + 600_000,
    durationMs: 12_000,
    phases: [
      {
        phase: 'bake',
        title: 'Bake (health gate)',
        startedAt: T0,
        endedAt: T0 + 300_000,
        durationMs: 5_000,
        outcome: 'ok',
        note: 'healthy',
      },
    ],
    previousStatus: 'RUNNING',
    status: 'RUNNING',
    warnings: ['major upgrade FLINK-1_20 → FLINK-2_2: one-way'],
    ...overrides,
  });
}

const gate: GateResult = {
  verdict: 'healthy',
  reason: 'no condition tripped in 5m',
  startedAt: T0,
  endedAt: T0 + 300_000,
  bakeMs: 300_000,
  stabilisationMs: 60_000,
  periodSeconds: 60,
  polls: 5,
  metricNames: { restarts: 'numRestarts', checkpointDuration: 'lastCheckpointDuration' },
  series: {
    numRestarts: [0, 0, 0].map((v, i) => ({ t: T0 + i * 60_000, v })),
    lastCheckpointDuration: [900, 1000, 1100].map((v, i) => ({ t: T0 + i * 60_000, v })),
  },
  baseline: { application: 'orders', runtime: 'FLINK-1_20', series: {}, checkpointDurationMs: 1000 },
};

describe('terminal report', () => {
  it('is plain text with aligned tables: no Markdown, no Mermaid, no colour unless asked', () => {
    const text = renderTerminal(report({ gate }), { color: false });
    expect(text.split('\n')[0]).toBe('✔ upgraded: orders');
    expect(text).toMatch(/^Status +RUNNING +RUNNING$/m);
    expect(text).toMatch(/^Application version +7 +8$/m);
    expect(text).toMatch(/^ {2}lastCheckpointDuration +ms +1000 \(median\) +1000 \(median\), max 1100$/m);
    // real time, not the scaled clock's 10 minutes
    expect(text).toContain('- Took 12s');
    expect(text).toMatch(/^ {2}Bake \(health gate\) +5s +ok +healthy$/m);
    expect(text).not.toMatch(/```|\||mermaid|^#/m);
    expect(text).not.toContain('\u001b[');
    // the warning comes before what happened
    expect(text.indexOf('Warnings')).toBeLessThan(text.indexOf('Health gate'));
  });

  it('colours on request (a TTY): the result line and identifiers', () => {
    const text = renderTerminal(report({ result: 'failed', reason: 'refused' }), { color: true });
    expect(text.split('\n')[0]).toBe('\u001b[31m\u001b[1m✖ failed: orders\u001b[0m\u001b[0m');
    expect(text).toContain('\u001b[36mpre-upgrade-v2-1\u001b[0m');
  });

  it('never lets text from AWS or users drive the terminal or forge workflow commands on a line of its own', () => {
    const text = renderTerminal(
      report({ reason: 'bad \u001b[2J\u001b[31mred\nnext line\n::error::forged', result: 'failed' }),
      { color: false },
    );
    expect(text).not.toContain('\u001b');
    expect(text).not.toMatch(/^::/m);
    expect(text.split('\n')[1]).toBe('bad [2J[31mred next line ::error::forged');
  });

  it('pads columns to the widest cell', () => {
    expect(textTable(['a', 'bb'], [['ccc', 'd']])).toEqual(['a    bb', 'ccc  d']);
  });
});

describe('the same rows for every result', () => {
  const results: Partial<UpgradeReport>[] = [
    {},
    { result: 'failed', operation: undefined, applicationVersionId: undefined, status: undefined },
    {
      result: 'rolled-back',
      finalCode: { bucket: 'artifacts', key: 'orders/v1/orders.jar', status: 'RUNNING' },
    },
    { result: 'planned', operation: undefined, applicationVersionId: undefined, status: undefined },
    { result: 'unchanged', operation: undefined },
  ];
  it.each(results.map((r) => [r.result ?? 'upgraded', r] as const))('%s', (_name, over) => {
    const md = renderSummary(report(over));
    const rows = [...md.matchAll(/^\| (Runtime|Code|Status|Application version) \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(['Runtime', 'Code', 'Status', 'Application version']);
    expect(md).toMatch(/^\| Status \| RUNNING \| RUNNING \|$/m);
    const text = renderTerminal(report(over), { color: false });
    expect(text).toMatch(/^Status +RUNNING +RUNNING$/m);
  });
});
