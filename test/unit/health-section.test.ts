import { describe, expect, it } from 'vitest';
import type { GateResult } from '../../src/health/contract.js';
import {
  axisLabel,
  bucketise,
  mermaidNumber,
  mermaidText,
  renderChart,
  renderXyChart,
} from '../../src/report/chart.js';
import { escapeMarkdown, renderHealthSection } from '../../src/report/health-section.js';

const T0 = 1_800_000_000_000;
const P = 60_000;
const pts = (values: number[], from = T0, step = P) => values.map((v, i) => ({ t: from + i * step, v }));

/** The structure GitHub's Mermaid accepts for an xychart-beta block. */
function assertValidXyChart(block: string): { labels: string[]; lines: number[][] } {
  const lines = block.split('\n');
  expect(lines[0]).toBe('```mermaid');
  expect(lines[1]).toBe('xychart-beta');
  expect(lines.at(-1)).toBe('```');
  const title = lines.find((l) => l.trim().startsWith('title '))!;
  expect(title).toMatch(/^ {4}title "[^"\n`]*"$/);
  const x = lines.find((l) => l.trim().startsWith('x-axis '))!;
  const xm = /^ {4}x-axis "[^"]*" \[((?:"[^"]*"(?:, )?)+)\]$/.exec(x);
  expect(xm, x).not.toBeNull();
  const labels = [...xm![1]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
  expect(lines.find((l) => l.trim().startsWith('y-axis '))).toMatch(
    /^ {4}y-axis "[^"]*" -?\d+(\.\d+)? --> -?\d+(\.\d+)?$/,
  );
  const data = lines
    .filter((l) => l.trim().startsWith('line '))
    .map((l) => {
      const m = /^ {4}line \[(.*)\]$/.exec(l);
      expect(m, l).not.toBeNull();
      return m![1]!.split(', ').map((n) => {
        expect(n).toMatch(/^-?\d+(\.\d+)?$/);
        return Number(n);
      });
    });
  for (const d of data) expect(d).toHaveLength(labels.length);
  return { labels, lines: data };
}

describe('Mermaid chart', () => {
  it('renders a valid xychart-beta block', () => {
    const chart = renderXyChart({
      title: 'numRestarts during the bake',
      yLabel: 'restarts',
      origin: T0,
      lines: [{ label: 'numRestarts', points: pts([0, 0, 1, 4]) }],
    });
    const parsed = assertValidXyChart(chart);
    expect(parsed.labels).toEqual(['0:00', '1:00', '2:00', '3:00']);
    expect(parsed.lines).toEqual([[0, 0, 1, 4]]);
    expect(chart).toContain('y-axis "restarts" 0 --> 4.4');
  });

  it('downsamples a long series to a bounded number of points, keeping spikes', () => {
    const values = Array.from({ length: 24 * 60 }, (_, i) => (i === 777 ? 50 : 1));
    const chart = renderXyChart({
      title: 'a day',
      yLabel: 'n',
      origin: T0,
      lines: [{ label: 'x', points: pts(values) }],
      maxPoints: 30,
    });
    const parsed = assertValidXyChart(chart);
    expect(parsed.labels).toHaveLength(30);
    expect(Math.max(...parsed.lines[0]!)).toBe(50);
    expect(parsed.labels[0]).toBe('0:00');
    expect(parsed.labels.at(-1)).toBe('23:12:00');
    expect(parsed.labels[1]).toBe('48:00');
    expect(chart.length).toBeLessThan(1_500);
  });

  it('aligns lines with different timestamps and leaves a missing point undefined (nothing invented)', () => {
    const grid = bucketise(
      [
        { label: 'a', points: pts([1, 2, 3, 4]) },
        { label: 'b', points: [{ t: T0 + 2 * P, v: 9 }] },
      ],
      10,
    )!;
    expect(grid.starts).toHaveLength(4);
    expect(grid.values[0]).toEqual([1, 2, 3, 4]);
    expect(grid.values[1]).toEqual([undefined, undefined, 9, undefined]);
  });

  it('leaves an x value without data out of the chart and names it as a gap, never drawing 0', () => {
    const points = pts([5, 6, 7, 8]).filter((_, i) => i !== 1);
    const chart = renderChart({
      title: 'checkpoint duration (ms)',
      yLabel: 'ms',
      origin: T0,
      lines: [{ label: 'lastCheckpointDuration', points }],
      references: [{ label: 'limit', value: 20 }],
    });
    const parsed = assertValidXyChart(chart.block);
    expect(parsed.labels).toEqual(['0:00', '2:00', '3:00']);
    expect(parsed.lines).toEqual([
      [5, 7, 8],
      [20, 20, 20],
    ]);
    expect(parsed.lines.flat()).not.toContain(0);
    expect(chart.gaps).toEqual([]);
    const two = renderChart({
      title: 't',
      yLabel: 'y',
      origin: T0,
      lines: [
        { label: 'a', points: pts([1, 2, 3]) },
        { label: 'b', points: pts([4, 5, 6]).filter((_, i) => i !== 1) },
      ],
    });
    expect(assertValidXyChart(two.block).lines).toEqual([
      [1, 3],
      [4, 6],
    ]);
    expect(two.gaps).toEqual(['1:00']);
  });

  it('draws no chart for a single x value (a line needs two points)', () => {
    expect(
      renderXyChart({ title: 't', yLabel: 'y', origin: T0, lines: [{ label: 'a', points: pts([6]) }] }),
    ).toBe('');
  });

  it('escapes titles and labels, and writes plain numbers', () => {
    expect(mermaidText('a "quoted" `tick` [x]\nnext; #1')).toBe("a 'quoted' 'tick' x next 1");
    expect(mermaidText('x'.repeat(200)).length).toBe(80);
    expect(mermaidNumber(1e-7)).toBe('0');
    expect(mermaidNumber(1234.5678)).toBe('1235');
    expect(mermaidNumber(1.23456)).toBe('1.235');
    expect(mermaidNumber(Number.NaN)).toBe('0');
    expect(mermaidNumber(1e22)).toBe('10000000000000000000000');
    expect(axisLabel(3_725_000)).toBe('1:02:05');
  });

  it('renders nothing without points', () => {
    expect(renderXyChart({ title: 't', yLabel: 'y', origin: T0, lines: [{ label: 'a', points: [] }] })).toBe(
      '',
    );
  });

  it('gives a flat series a usable y range', () => {
    const chart = renderXyChart({
      title: 't',
      yLabel: 'y',
      origin: T0,
      lines: [{ label: 'a', points: pts([0, 0, 0]) }],
    });
    expect(chart).toContain('y-axis "y" 0 --> 1');
  });
});

function gate(over: Partial<GateResult> = {}): GateResult {
  return {
    verdict: 'unhealthy',
    check: 'restarts',
    reason: 'numRestarts rose from 0 to 4 in 3m (max-restarts 0)',
    startedAt: T0,
    endedAt: T0 + 3 * P,
    bakeMs: 10 * P,
    stabilisationMs: P,
    periodSeconds: 60,
    polls: 4,
    thresholds: {
      maxRestarts: 0,
      maxFailedCheckpoints: 0,
      requireCheckpoint: true,
      maxCheckpointDurationRatio: 3,
    },
    metricNames: {
      restarts: 'numRestarts',
      runningTime: 'runningTime',
      failedCheckpoints: 'numberOfFailedCheckpoints',
      checkpointDuration: 'lastCheckpointDuration',
      recordsIn: 'numRecordsInPerSecond',
      recordsOut: 'numRecordsOutPerSecond',
    },
    series: {
      numRestarts: pts([0, 1, 4]),
      runningTime: pts([50_000, 3_000, 2_000]),
      numberOfFailedCheckpoints: pts([0, 0, 0]),
      lastCheckpointDuration: pts([-1, 1200, 1300]),
      numRecordsInPerSecond: pts([100, 100, 100]),
      numRecordsOutPerSecond: pts([90, 20, 0]),
    },
    baseline: {
      application: 'orders',
      runtime: 'FLINK-1_20',
      metricNames: {
        restarts: 'fullRestarts',
        runningTime: 'uptime',
        failedCheckpoints: 'numberOfFailedCheckpoints',
      },
      series: { fullRestarts: pts([0, 0], T0 - 2 * P), uptime: pts([86_400_000, 86_460_000], T0 - 2 * P) },
      checkpointDurationMs: 1000,
      recordsInPerSecond: 100,
      recordsOutPerSecond: 95,
    },
    ...over,
  };
}

describe('health section', () => {
  it('shows the verdict, the reason, baseline vs bake and one chart per kind of figure', () => {
    const md = renderHealthSection(gate());
    expect(md).toMatch(
      /^### Health gate: ❌ unhealthy\n\n\*\*Reason:\*\* numRestarts rose from 0 to 4 in 3m \(max-restarts 0\)\n/,
    );
    expect(md).toContain(
      'bake 10m, after 1m of stabilisation, metric period 60s, observed 3m, 4 CloudWatch reads',
    );
    expect(md).toContain('| metric | unit | before the upgrade | during the bake |');
    expect(md).toContain('| numRestarts (fullRestarts before) | count | 0 | 0 → 4 (+4) |');
    // one unit per row: both sides in seconds, never `24h 1m` next to `2000 ms`
    expect(md).toContain('| runningTime (uptime before) | s | 86460 | 2 (last) |');
    expect(md).toContain('| lastCheckpointDuration | ms | 1000 (median) | 1250 (median), max 1300 |');
    expect(md).toContain('| numRecordsOutPerSecond | records/s | 95 (median) | 20 (median), min 0 |');
    const blocks = md.match(/```mermaid[\s\S]*?```/g)!;
    expect(blocks).toHaveLength(3);
    for (const b of blocks) assertValidXyChart(b);
    expect(md).toContain('line 1: lastCheckpointDuration · line 2: limit: 3 × baseline 1000 ms');
    // the -1 (no checkpoint yet) is left out of the chart, not drawn
    expect(md).toContain('no checkpoint completed at 0:00 (left out of the chart)');
    expect(md).toContain('4 CloudWatch reads');
  });

  it('shows every metric read, and "no checkpoint" where the gauge says none completed', () => {
    const g = gate();
    g.metricNames = { ...g.metricNames, checkpointSize: 'lastCheckpointSize' };
    g.series = {
      ...g.series,
      lastCheckpointDuration: pts([0, 0, 0]),
      lastCheckpointSize: pts([0, 2048, 4096]),
    };
    g.polls = 1;
    const md = renderHealthSection(g);
    expect(md).toContain('| lastCheckpointDuration | ms | 1000 (median) | no checkpoint |');
    expect(md).toContain('| lastCheckpointSize | bytes | – | 3072 (median), max 4096 |');
    expect(md).toContain(', 1 CloudWatch read\n');
    // no duration chart made of zeros
    expect(md).not.toContain('checkpoint duration (ms)');
    for (const b of md.match(/```mermaid[\s\S]*?```/g) ?? []) expect(b).not.toMatch(/line \[0(, 0)*\]/);
  });

  it('escapes reasons that come from outside', () => {
    const md = renderHealthSection(gate({ reason: 'a | b <script> & c\nd' }));
    expect(md).toContain('**Reason:** a \\| b &lt;script&gt; &amp; c d');
    expect(escapeMarkdown('x|y')).toBe('x\\|y');
  });

  it('stays small for a 24-hour bake', () => {
    const day = Array.from({ length: 24 * 60 }, (_, i) => i);
    const md = renderHealthSection(
      gate({
        verdict: 'healthy',
        reason: 'no condition tripped in 24h',
        endedAt: T0 + 24 * 3600_000,
        series: {
          numRestarts: pts(day.map(() => 0)),
          runningTime: pts(day.map((i) => i * P)),
          lastCheckpointDuration: pts(day.map((i) => 1000 + (i % 7))),
          numRecordsInPerSecond: pts(day.map(() => 100)),
          numRecordsOutPerSecond: pts(day.map(() => 95)),
        },
      }),
    );
    expect(md).toMatch(/^### Health gate: ✅ healthy\n\nno condition tripped in 24h/);
    expect(md.length).toBeLessThan(8_000);
  });

  it('a skipped gate is one line of reason', () => {
    const md = renderHealthSection({
      verdict: 'skipped',
      reason: 'bake time is 0',
      series: {},
      startedAt: T0,
      endedAt: T0,
    });
    expect(md).toBe('### Health gate: ⏭️ skipped\n\nbake time is 0\n');
  });

  it('shows the baseline notes', () => {
    const md = renderHealthSection(
      gate({
        baseline: { ...gate().baseline!, notes: ['no datapoints in the 10 periods before the update'] },
      }),
    );
    expect(md).toContain('> no datapoints in the 10 periods before the update');
  });
});
