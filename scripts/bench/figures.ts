/**
 * The bench's figures: each one the median of several runs of the action's side, next to a reference
 * measured in the same run (alternating with it), a target, and whether it is met. Pure: no I/O.
 */

export interface Spread {
  /** median of the runs */
  median: number;
  min: number;
  max: number;
  runs: number;
}

export interface Figure {
  /** section the figure belongs to, e.g. "upload" */
  section: string;
  name: string;
  /** median of the runs; null when not measured */
  value: number | null;
  unit: string;
  min: number | null;
  max: number | null;
  runs: number;
  referenceName: string | null;
  referenceValue: number | null;
  referenceMin: number | null;
  referenceMax: number | null;
  /** value ÷ reference (median of the per-run ratios when the runs alternate) */
  ratio: number | null;
  target: string;
  /** null when not measured or when the figure has no target */
  met: boolean | null;
  note: string;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values.length };
}

/** A target on a figure: its text, and the check (on the figure's median value and ratio). */
export interface Target {
  text: string;
  met(value: number, ratio: number | null): boolean;
}

export const atMost = (limit: number, unit: string): Target => ({
  text: `≤ ${limit} ${unit}`,
  met: (value) => value <= limit,
});
export const exactly = (expected: number, unit: string): Target => ({
  text: `= ${expected} ${unit}`,
  met: (value) => value === expected,
});
export const ratioAtLeast = (limit: number): Target => ({
  text: `ratio ≥ ${limit.toFixed(1)}`,
  met: (_value, ratio) => ratio !== null && ratio >= limit,
});

export interface FigureSpec {
  section: string;
  name: string;
  unit: string;
  values: readonly number[];
  reference?: { name: string; values: readonly number[] };
  /** per-run ratios, when the runs were paired (alternating); else median ÷ reference median */
  ratios?: readonly number[];
  target?: Target;
  note?: string;
}

export function figure(spec: FigureSpec): Figure {
  const own = spread(spec.values);
  const ref = spec.reference && spec.reference.values.length > 0 ? spread(spec.reference.values) : undefined;
  let ratio: number | null = null;
  if (spec.ratios && spec.ratios.length > 0) ratio = median(spec.ratios);
  else if (ref && ref.median !== 0) ratio = own.median / ref.median;
  return {
    section: spec.section,
    name: spec.name,
    value: own.median,
    unit: spec.unit,
    min: own.min,
    max: own.max,
    runs: own.runs,
    referenceName: spec.reference?.name ?? null,
    referenceValue: ref?.median ?? null,
    referenceMin: ref?.min ?? null,
    referenceMax: ref?.max ?? null,
    ratio,
    target: spec.target?.text ?? '',
    met: spec.target ? spec.target.met(own.median, ratio) : null,
    note: spec.note ?? '',
  };
}

/** A row that could not be measured here, with the reason. */
export function notMeasured(section: string, name: string, target: string, reason: string): Figure {
  return {
    section,
    name,
    value: null,
    unit: '',
    min: null,
    max: null,
    runs: 0,
    referenceName: null,
    referenceValue: null,
    referenceMin: null,
    referenceMax: null,
    ratio: null,
    target,
    met: null,
    note: `not measured: ${reason}`,
  };
}

/** Runs `own` and `reference` alternately, `runs` times each (own first on even rounds, reference first on odd). */
export async function alternate<A, B>(
  runs: number,
  own: (round: number) => Promise<A>,
  reference: (round: number) => Promise<B>,
): Promise<{ own: A[]; reference: B[] }> {
  const a: A[] = [];
  const b: B[] = [];
  for (let round = 0; round < runs; round++) {
    if (round % 2 === 0) {
      a.push(await own(round));
      b.push(await reference(round));
    } else {
      b.push(await reference(round));
      a.push(await own(round));
    }
  }
  return { own: a, reference: b };
}

function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function withRange(value: number | null, min: number | null, max: number | null, unit: string): string {
  if (value === null) return '—';
  const u = unit ? ` ${unit}` : '';
  if (min === null || max === null || min === max) return `${formatNumber(value)}${u}`;
  return `${formatNumber(value)}${u} (${formatNumber(min)}–${formatNumber(max)})`;
}

function verdict(f: Figure): string {
  if (f.value === null) return f.note;
  if (f.met === null) return '';
  return f.met ? 'met' : '**MISSED**';
}

/** The one table `npm run bench` prints (Markdown). */
export function renderTable(figures: readonly Figure[]): string {
  const cell = (s: string): string => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const lines = [
    '| figure | value: median (min–max) | reference, same run | ratio | target | |',
    '|---|---|---|---|---|---|',
  ];
  for (const f of figures) {
    const ref =
      f.referenceName === null
        ? '—'
        : `${f.referenceName}: ${withRange(f.referenceValue, f.referenceMin, f.referenceMax, f.unit)}`;
    const runs = f.runs > 1 ? `, ${f.runs} runs` : '';
    lines.push(
      `| ${cell(`${f.section}: ${f.name}${runs}`)} | ${cell(withRange(f.value, f.min, f.max, f.unit))} | ${cell(ref)} | ${
        f.ratio === null ? '—' : `${f.ratio.toFixed(2)}×`
      } | ${cell(f.target || '—')} | ${cell(verdict(f))} |`,
    );
  }
  return lines.join('\n');
}
