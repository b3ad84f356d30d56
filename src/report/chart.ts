/**
 * Mermaid `xychart-beta` charts for the job summary (GitHub renders Mermaid in Markdown). Pure.
 * Series are bucketed onto one shared time axis and downsampled to a bounded number of points, so a
 * 24-hour bake renders as small as a 10-minute one. Missing data is left out, never drawn as 0.
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
  /** constant lines (a limit) drawn after the data lines, over the same x values */
  references?: { label: string; value: number }[];
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
 * Puts every line on the same x axis of at most `maxPoints` buckets. A bucket where a line has no point
 * has no value for it (undefined): nothing is invented, neither a 0 nor a repeated value.
 */
export function bucketise(
  lines: readonly ChartLine[],
  maxPoints: number,
): { starts: number[]; values: (number | undefined)[][] } | undefined {
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
    const raw = (t: number): number => Math.min(n - 1, Math.floor((t - first) / width));
    // only buckets that hold a point: an empty stretch of time is a gap, not a bucket
    const used = [...new Set(times.map(raw))].sort((a, b) => a - b);
    const index = new Map(used.map((b, i) => [b, i]));
    bucketOf = (t) => index.get(raw(t))!;
    // label each bucket with the first timestamp in it
    const firstIn = new Map<number, number>();
    for (const t of times) if (!firstIn.has(bucketOf(t))) firstIn.set(bucketOf(t), t);
    starts = used.map((_, i) => firstIn.get(i)!);
  }
  const n = starts.length;
  const values = finite.map((points, li) => {
    const groups: number[][] = Array.from({ length: n }, () => []);
    for (const p of points) groups[bucketOf(p.t)]!.push(p.v);
    return groups.map((g) => (g.length > 0 ? reduceValues(g, lines[li]!.reduce ?? 'max') : undefined));
  });
  return { starts, values };
}

export interface RenderedChart {
  /** the fenced Mermaid block, '' when fewer than two x values have data for every line */
  block: string;
  /** axis labels of the times left out because a line had no point there (a gap, never drawn as 0) */
  gaps: string[];
}

/**
 * The chart as a fenced Mermaid block. Mermaid's xychart cannot leave a gap in a line, so an x value
 * where a line has no point is left out of the chart (and listed in `gaps`); a chart needs two x values.
 */
export function renderChart(chart: XyChart): RenderedChart {
  const maxPoints = Math.max(2, chart.maxPoints ?? DEFAULT_MAX_POINTS);
  const grid = bucketise(chart.lines, maxPoints);
  if (!grid) return { block: '', gaps: [] };
  const keep = grid.starts.map((_, i) => grid.values.every((vs) => vs[i] !== undefined));
  const gaps = grid.starts.filter((_, i) => !keep[i]).map((t) => axisLabel(t - chart.origin));
  const starts = grid.starts.filter((_, i) => keep[i]);
  const values = grid.values.map((vs) => vs.filter((_, i) => keep[i]) as number[]);
  const refs = chart.references ?? [];
  for (const r of refs) values.push(starts.map(() => r.value));
  if (starts.length < 2) return { block: '', gaps };
  const all = values.flat();
  let lo = Math.min(0, ...all);
  let hi = Math.max(...all);
  if (hi <= lo) hi = lo + 1;
  else hi = hi + (hi - lo) * 0.1;
  if (lo < 0) lo = lo - (hi - lo) * 0.05;
  const labels = starts.map((t) => `"${axisLabel(t - chart.origin)}"`);
  const out = [
    '```mermaid',
    'xychart-beta',
    `    title "${mermaidText(chart.title)}"`,
    `    x-axis "${mermaidText('time since the new version ran')}" [${labels.join(', ')}]`,
    `    y-axis "${mermaidText(chart.yLabel, 40)}" ${mermaidNumber(lo)} --> ${mermaidNumber(hi)}`,
    ...values.map((vs) => `    line [${vs.map(mermaidNumber).join(', ')}]`),
    '```',
  ];
  return { block: out.join('\n'), gaps };
}

/** The chart's Mermaid block only ('' when there is nothing to draw). */
export function renderXyChart(chart: XyChart): string {
  return renderChart(chart).block;
}
