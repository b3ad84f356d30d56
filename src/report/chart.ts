/**
 * Mermaid `xychart-beta` charts for the job summary (GitHub renders Mermaid in Markdown). Pure.
 * Series are bucketed onto one shared time axis and downsampled to a bounded number of points, so a
 * 24-hour bake renders as small as a 10-minute one.
 */

export interface TimePoint {
  t: number;
  v: number;
}

export type Reduce = 'max' | 'min' | 'mean' | 'last';

export interface ChartLine {
  /** shown in the legend under the chart */
  label: string;
  points: readonly TimePoint[];
  /** how points falling into one bucket are combined (default max: a spike stays visible) */
  reduce?: Reduce;
}

export interface XyChart {
  title: string;
  yLabel: string;
  /** clock ms shown as 0:00 on the x axis */
  origin: number;
  lines: ChartLine[];
  /** at most this many x values (default 30) */
  maxPoints?: number;
}

export const DEFAULT_MAX_POINTS = 30;

/** Text safe inside a Mermaid double-quoted string: no quotes, backticks, brackets or line breaks. */
export function mermaidText(text: string, max = 80): string {
  const clean = text
    .replace(/["`]/g, "'")
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[[\]{}<>;#]/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** A number Mermaid parses: finite, plain decimal notation, at most 3 decimals. */
export function mermaidNumber(v: number): string {
  if (!Number.isFinite(v)) return '0';
  const rounded = Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 1000) / 1000;
  if (Math.abs(rounded) >= 1e21)
    return rounded.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 0 });
  return String(rounded === 0 ? 0 : rounded);
}

function reduceValues(values: number[], how: Reduce): number {
  switch (how) {
    case 'min':
      return Math.min(...values);
    case 'mean':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'last':
      return values[values.length - 1]!;
    default:
      return Math.max(...values);
  }
}

/** `m:ss` (or `h:mm:ss`) since the origin. */
export function axisLabel(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0
    ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`
    : `${m}:${String(s).padStart(2, '0')}`;
}

/**
 * Puts every line on the same x axis of at most `maxPoints` buckets. A bucket without a point of a
 * line repeats that line's previous value (its first value before it has one).
 */
export function bucketise(
  lines: readonly ChartLine[],
  maxPoints: number,
): { starts: number[]; values: number[][] } | undefined {
  const finite = lines.map((l) => l.points.filter((p) => Number.isFinite(p.v) && Number.isFinite(p.t)));
  const times = [...new Set(finite.flat().map((p) => p.t))].sort((a, b) => a - b);
  if (times.length === 0) return undefined;
  const first = times[0]!;
  const last = times[times.length - 1]!;
  let starts: number[];
  let bucketOf: (t: number) => number;
  if (times.length <= maxPoints) {
    // few enough: one x value per timestamp
    starts = times;
    const index = new Map(times.map((t, i) => [t, i]));
    bucketOf = (t) => index.get(t)!;
  } else {
    const n = maxPoints;
    const width = (last - first + 1) / n;
    bucketOf = (t) => Math.min(n - 1, Math.floor((t - first) / width));
    // label each bucket with the first timestamp in it
    const firstIn = new Map<number, number>();
    for (const t of times) if (!firstIn.has(bucketOf(t))) firstIn.set(bucketOf(t), t);
    starts = Array.from({ length: n }, (_, i) => firstIn.get(i) ?? first + Math.round(i * width));
  }
  const n = starts.length;
  const values = finite.map((points, li) => {
    const groups: number[][] = Array.from({ length: n }, () => []);
    for (const p of points) groups[bucketOf(p.t)]!.push(p.v);
    const reduced = groups.map((g) =>
      g.length > 0 ? reduceValues(g, lines[li]!.reduce ?? 'max') : undefined,
    );
    const firstValue = reduced.find((v) => v !== undefined) ?? 0;
    let prev = firstValue;
    return reduced.map((v) => {
      if (v !== undefined) prev = v;
      return prev;
    });
  });
  return { starts, values };
}

/** The chart as a fenced Mermaid block, or '' when no line has a point. */
export function renderXyChart(chart: XyChart): string {
  const maxPoints = Math.max(2, chart.maxPoints ?? DEFAULT_MAX_POINTS);
  const grid = bucketise(chart.lines, maxPoints);
  if (!grid) return '';
  const all = grid.values.flat();
  let lo = Math.min(0, ...all);
  let hi = Math.max(...all);
  if (hi <= lo) hi = lo + 1;
  else hi = hi + (hi - lo) * 0.1;
  if (lo < 0) lo = lo - (hi - lo) * 0.05;
  const labels = grid.starts.map((t) => `"${axisLabel(t - chart.origin)}"`);
  const out = [
    '```mermaid',
    'xychart-beta',
    `    title "${mermaidText(chart.title)}"`,
    `    x-axis "${mermaidText('time since the new version ran')}" [${labels.join(', ')}]`,
    `    y-axis "${mermaidText(chart.yLabel, 40)}" ${mermaidNumber(lo)} --> ${mermaidNumber(hi)}`,
    ...grid.values.map((vs) => `    line [${vs.map(mermaidNumber).join(', ')}]`),
    '```',
  ];
  return out.join('\n');
}
