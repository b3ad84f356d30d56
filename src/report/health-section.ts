/**
 * The job summary's health gate section (pure): verdict and reason, baseline vs bake figures, and one
 * Mermaid chart per kind of figure over the bake window (restarts, checkpoint duration, throughput).
 */
import type { GateResult } from '../health/contract.js';
import { counterIncrease, formatNumber, formatSpan, median } from '../health/evaluate.js';
import { axisLabel, renderChart, type TimePoint, type XyChart } from './chart.js';

type Points = readonly TimePoint[];

const VERDICT: Record<GateResult['verdict'], string> = {
  healthy: '✅ healthy',
  unhealthy: '❌ unhealthy',
  skipped: '⏭️ skipped',
  superseded: '↪️ superseded',
};

/** Markdown-safe text for a table cell or paragraph. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|');
}

function finite(points: Points | undefined): TimePoint[] {
  return (points ?? []).filter((p) => Number.isFinite(p.v));
}

function last(points: Points): number | undefined {
  return points[points.length - 1]?.v;
}

/** A figure in a row's unit; – when there is none. */
function num(v: number | undefined): string {
  return v === undefined ? '–' : formatNumber(v);
}

/** One metric: its values before and during the bake, both in `unit`. Plain text. */
export interface HealthRow {
  label: string;
  unit: string;
  before: string;
  during: string;
}

/** Every metric read, as rows (plain text: the summary escapes it, the terminal prints it). */
export function healthRows(gate: GateResult): HealthRow[] {
  const names = gate.metricNames ?? {};
  const bnames = gate.baseline?.metricNames ?? names;
  const bseries = gate.baseline?.series ?? {};
  const series = (role: string): TimePoint[] => finite(names[role] ? gate.series[names[role]] : undefined);
  const before = (role: string): TimePoint[] => finite(bnames[role] ? bseries[bnames[role]] : undefined);
  const label = (role: string, fallback: string): string => {
    const now = names[role];
    const then = bnames[role];
    if (now && then && now !== then) return `${now} (${then} before)`;
    return now ?? then ?? fallback;
  };
  const out: HealthRow[] = [];

  const counter = (role: string, fallback: string): void => {
    const b = before(role);
    const d = series(role);
    if (b.length === 0 && d.length === 0) return;
    const inc = counterIncrease(d);
    out.push({
      label: label(role, fallback),
      unit: 'count',
      before: num(last(b)),
      during: inc
        ? `${formatNumber(inc.from)} → ${formatNumber(inc.to)} (+${formatNumber(inc.increase)})`
        : '–',
    });
  };
  counter('restarts', 'restarts');

  const rb = before('runningTime');
  const rd = series('runningTime');
  if (rb.length > 0 || rd.length > 0) {
    const seconds = (v: number | undefined): number | undefined => (v === undefined ? undefined : v / 1000);
    out.push({
      label: label('runningTime', 'running time'),
      unit: 's',
      before: num(seconds(last(rb))),
      during: last(rd) === undefined ? '–' : `${num(seconds(last(rd)))} (last)`,
    });
  }
  counter('completedCheckpoints', 'completed checkpoints');
  counter('failedCheckpoints', 'failed checkpoints');

  // A gauge of the last checkpoint: 0 (or less) means no checkpoint completed yet, not a figure.
  const gauge = (role: string, fallback: string, unit: string, base: number | undefined): void => {
    const b =
      base ??
      median(
        before(role)
          .filter((p) => p.v > 0)
          .map((p) => p.v),
      );
    const d = series(role);
    if (b === undefined && d.length === 0) return;
    const done = d.filter((p) => p.v > 0).map((p) => p.v);
    const med = median(done);
    out.push({
      label: label(role, fallback),
      unit,
      before: b === undefined ? '–' : `${num(b)} (median)`,
      during:
        med === undefined
          ? d.length > 0
            ? 'no checkpoint'
            : '–'
          : `${num(med)} (median), max ${num(Math.max(...done))}`,
    });
  };
  gauge('checkpointDuration', 'lastCheckpointDuration', 'ms', gate.baseline?.checkpointDurationMs);
  gauge('checkpointSize', 'lastCheckpointSize', 'bytes', undefined);

  for (const [role, base] of [
    ['recordsIn', gate.baseline?.recordsInPerSecond],
    ['recordsOut', gate.baseline?.recordsOutPerSecond],
  ] as const) {
    const d = series(role);
    if (base === undefined && d.length === 0) continue;
    const med = median(d.map((p) => p.v));
    const min = d.length > 0 ? Math.min(...d.map((p) => p.v)) : undefined;
    out.push({
      label: label(role, role),
      unit: 'records/s',
      before: base === undefined ? '–' : `${num(base)} (median)`,
      during: med === undefined ? '–' : `${num(med)} (median), min ${num(min)}`,
    });
  }
  return out;
}

/** The window the gate observed, one line: `bake 5m, after 1m of stabilisation, …, 1 read`. */
export function healthWindow(gate: GateResult): string {
  const window: string[] = [];
  if (gate.bakeMs !== undefined) window.push(`bake ${formatSpan(gate.bakeMs)}`);
  if (gate.stabilisationMs !== undefined)
    window.push(`after ${formatSpan(gate.stabilisationMs)} of stabilisation`);
  if (gate.periodSeconds !== undefined) window.push(`metric period ${gate.periodSeconds}s`);
  window.push(`observed ${formatSpan(gate.endedAt - gate.startedAt)}`);
  const reads = gate.source === 'jobmanager-rest' ? 'REST read' : 'CloudWatch read';
  if (gate.polls !== undefined) window.push(`${gate.polls} ${reads}${gate.polls === 1 ? '' : 's'}`);
  return window.join(', ');
}

/** Which source decided, the Flink REST figures, what the platform did, the checkpoint rule (plain text). */
export function healthNotes(gate: GateResult): string[] {
  const out: string[] = [];
  if (gate.source) {
    const by =
      gate.source === 'flink-rest'
        ? "Decided by Flink's REST API through the MSF dashboard (real time), CloudWatch as the second opinion"
        : gate.source === 'jobmanager-rest'
          ? "Decided by the JobManager's REST API (real time)"
          : 'Decided by CloudWatch (AWS/KinesisAnalytics)';
    out.push(`${by}${gate.sourceNote ? ` — ${gate.sourceNote}` : ''}`);
  }
  if (gate.rest) {
    const r = gate.rest;
    out.push(
      `Flink REST: job ${r.state ?? '?'}, ${r.restarts} restart${r.restarts === 1 ? '' : 's'}, ${r.completed} checkpoint${r.completed === 1 ? '' : 's'} completed, ${r.failed} failed` +
        (r.lastCheckpointDurationMs !== undefined
          ? `, last checkpoint ${formatNumber(r.lastCheckpointDurationMs)} ms`
          : '') +
        (r.rootException ? `; root exception: ${r.rootException}` : ''),
    );
  }
  for (const e of gate.events ?? []) out.push(e);
  if (gate.checkpointNote) out.push(gate.checkpointNote);
  return out;
}

function charts(gate: GateResult): string[] {
  const names = gate.metricNames ?? {};
  const pts = (role: string): TimePoint[] => finite(names[role] ? gate.series[names[role]] : undefined);
  const origin = gate.startedAt;
  const out: string[] = [];
  const add = (chart: XyChart, legend: string[], gapsAre = 'no datapoint'): void => {
    const { block, gaps } = renderChart(chart);
    if (!block) return;
    out.push(block);
    const notes: string[] = [];
    if (legend.length > 1)
      notes.push(legend.map((l, i) => `line ${i + 1}: ${escapeMarkdown(l)}`).join(' · '));
    if (gaps.length > 0) notes.push(`left out (${gapsAre}, not drawn as 0): ${gaps.join(', ')}`);
    if (notes.length > 0) out.push(notes.join('; '));
  };

  const restarts = pts('restarts');
  // a counter that never moved is a flat line on the axis: the table says it
  if (restarts.length > 0 && Math.max(...restarts.map((p) => p.v)) > Math.min(...restarts.map((p) => p.v))) {
    add(
      {
        title: `${names.restarts} during the bake`,
        yLabel: 'restarts',
        origin,
        lines: [{ label: names.restarts!, points: restarts }],
      },
      [],
    );
  }
  // lastCheckpointDuration is -1 (Flink) until a checkpoint completes: those points are no data, not 0 ms
  const all = pts('checkpointDuration');
  const duration = all.filter((p) => p.v > 0);
  const skipped = all.filter((p) => p.v <= 0);
  if (duration.length > 0) {
    const base = gate.baseline?.checkpointDurationMs;
    const ratio = gate.thresholds?.maxCheckpointDurationRatio;
    const legend = [names.checkpointDuration!];
    const references: { label: string; value: number }[] = [];
    if (base !== undefined && ratio !== undefined) {
      references.push({ label: 'limit', value: base * ratio });
      legend.push(`limit: ${formatNumber(ratio)} × baseline ${formatNumber(base)} ms`);
    }
    add(
      {
        title: 'checkpoint duration (ms)',
        yLabel: 'ms',
        origin,
        lines: [{ label: names.checkpointDuration!, points: duration }],
        references,
      },
      legend,
    );
    if (skipped.length > 0)
      out.push(
        `no checkpoint completed at ${skipped.map((p) => axisLabel(p.t - origin)).join(', ')} (left out of the chart)`,
      );
  }
  const inPts = pts('recordsIn');
  const outPts = pts('recordsOut');
  if (inPts.length > 0 || outPts.length > 0) {
    const lines = [
      ...(inPts.length > 0 ? [{ label: names.recordsIn!, points: inPts, reduce: 'mean' as const }] : []),
      ...(outPts.length > 0 ? [{ label: names.recordsOut!, points: outPts, reduce: 'mean' as const }] : []),
    ];
    add(
      { title: 'throughput (records/s)', yLabel: 'records/s', origin, lines },
      lines.map((l) => l.label),
    );
  }
  return out;
}

export function renderHealthSection(gate: GateResult): string {
  const out: string[] = [`### Health gate: ${VERDICT[gate.verdict]}`, ''];
  if (gate.reason)
    out.push(`${gate.verdict === 'unhealthy' ? '**Reason:** ' : ''}${escapeMarkdown(gate.reason)}`, '');
  if (gate.verdict === 'skipped') return out.join('\n');

  out.push(healthWindow(gate), '');
  for (const line of healthNotes(gate)) out.push(escapeMarkdown(line), '');

  const table = healthRows(gate);
  if (table.length > 0) {
    out.push('| metric | unit | before the upgrade | during the bake |', '|---|---|---|---|');
    for (const r of table)
      out.push(`| ${[r.label, r.unit, r.before, r.during].map(escapeMarkdown).join(' | ')} |`);
    out.push('');
  }
  for (const note of gate.baseline?.notes ?? []) out.push(`> ${escapeMarkdown(note)}`, '');
  const drawn = charts(gate);
  for (const c of drawn) out.push(c, '');
  if (drawn.length === 0 && Object.keys(gate.series).length > 0)
    out.push('_No chart: a line needs two reads with data; the table has the figures._', '');
  return out.join('\n');
}
