/**
 * The job summary's health gate section (pure): verdict and reason, baseline vs bake figures, and one
 * Mermaid chart per kind of figure over the bake window (restarts, checkpoint duration, throughput).
 */
import type { GateResult } from '../health/contract.js';
import { counterIncrease, formatNumber, formatSpan, median } from '../health/evaluate.js';
import { renderXyChart, type TimePoint } from './chart.js';

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

function ms(v: number | undefined): string {
  if (v === undefined) return '–';
  return v < 0 ? formatNumber(v) : v >= 60_000 ? formatSpan(v) : `${formatNumber(v)} ms`;
}

function rate(v: number | undefined): string {
  return v === undefined ? '–' : `${formatNumber(v)}/s`;
}

interface Row {
  label: string;
  before: string;
  during: string;
}

function rows(gate: GateResult): Row[] {
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
  const out: Row[] = [];

  const counter = (role: string, fallback: string): void => {
    const b = before(role);
    const d = series(role);
    if (b.length === 0 && d.length === 0) return;
    const inc = counterIncrease(d);
    out.push({
      label: label(role, fallback),
      before: last(b) === undefined ? '–' : formatNumber(last(b)!),
      during: inc
        ? `${formatNumber(inc.from)} → ${formatNumber(inc.to)} (+${formatNumber(inc.increase)})`
        : '–',
    });
  };
  counter('restarts', 'restarts');

  const rb = before('runningTime');
  const rd = series('runningTime');
  if (rb.length > 0 || rd.length > 0) {
    out.push({
      label: label('runningTime', 'running time'),
      before: ms(last(rb)),
      during: `${ms(last(rd))} (last)`,
    });
  }
  counter('failedCheckpoints', 'failed checkpoints');

  const cb = gate.baseline?.checkpointDurationMs;
  const cd = series('checkpointDuration').filter((p) => p.v > 0);
  if (cb !== undefined || cd.length > 0) {
    const med = median(cd.map((p) => p.v));
    const max = cd.length > 0 ? Math.max(...cd.map((p) => p.v)) : undefined;
    out.push({
      label: label('checkpointDuration', 'lastCheckpointDuration'),
      before: cb === undefined ? '–' : `${ms(cb)} (median)`,
      during: med === undefined ? 'no checkpoint' : `${ms(med)} (median), max ${ms(max)}`,
    });
  }
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
      before: base === undefined ? '–' : `${rate(base)} (median)`,
      during: med === undefined ? '–' : `${rate(med)} (median), min ${rate(min)}`,
    });
  }
  return out;
}

function charts(gate: GateResult): string[] {
  const names = gate.metricNames ?? {};
  const pts = (role: string): TimePoint[] => finite(names[role] ? gate.series[names[role]] : undefined);
  const origin = gate.startedAt;
  const out: string[] = [];
  const add = (chart: string, legend: string[]): void => {
    if (!chart) return;
    out.push(chart);
    if (legend.length > 1) out.push(legend.map((l, i) => `line ${i + 1}: ${escapeMarkdown(l)}`).join(' · '));
  };

  const restarts = pts('restarts');
  if (restarts.length > 0) {
    add(
      renderXyChart({
        title: `${names.restarts} during the bake`,
        yLabel: 'restarts',
        origin,
        lines: [{ label: names.restarts!, points: restarts }],
      }),
      [],
    );
  }
  // -1 is Flink's "no checkpoint yet", not a duration
  const duration = pts('checkpointDuration').filter((p) => p.v > 0);
  if (duration.length > 0) {
    const base = gate.baseline?.checkpointDurationMs;
    const ratio = gate.thresholds?.maxCheckpointDurationRatio;
    const lines = [{ label: names.checkpointDuration!, points: duration }];
    const legend = [names.checkpointDuration!];
    if (base !== undefined && ratio !== undefined && duration.length > 0) {
      const limit = base * ratio;
      lines.push({
        label: 'limit',
        points: [
          { t: duration[0]!.t, v: limit },
          { t: duration[duration.length - 1]!.t, v: limit },
        ],
      });
      legend.push(`limit: ${formatNumber(ratio)} × baseline ${ms(base)}`);
    }
    add(renderXyChart({ title: 'checkpoint duration (ms)', yLabel: 'ms', origin, lines }), legend);
  }
  const inPts = pts('recordsIn');
  const outPts = pts('recordsOut');
  if (inPts.length > 0 || outPts.length > 0) {
    const lines = [
      ...(inPts.length > 0 ? [{ label: names.recordsIn!, points: inPts, reduce: 'mean' as const }] : []),
      ...(outPts.length > 0 ? [{ label: names.recordsOut!, points: outPts, reduce: 'mean' as const }] : []),
    ];
    add(
      renderXyChart({ title: 'throughput (records/s)', yLabel: 'records/s', origin, lines }),
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

  const window: string[] = [];
  if (gate.bakeMs !== undefined) window.push(`bake ${formatSpan(gate.bakeMs)}`);
  if (gate.stabilisationMs !== undefined)
    window.push(`after ${formatSpan(gate.stabilisationMs)} of stabilisation`);
  if (gate.periodSeconds !== undefined) window.push(`metric period ${gate.periodSeconds}s`);
  window.push(`observed ${formatSpan(gate.endedAt - gate.startedAt)}`);
  if (gate.polls !== undefined) window.push(`${gate.polls} CloudWatch read${gate.polls === 1 ? '' : 's'}`);
  out.push(window.join(', '), '');
  if (gate.source) {
    const by =
      gate.source === 'flink-rest'
        ? "**Decided by:** Flink's REST API through the MSF dashboard (real time), CloudWatch as the second opinion"
        : '**Decided by:** CloudWatch (AWS/KinesisAnalytics)';
    out.push(`${by}${gate.sourceNote ? ` — ${escapeMarkdown(gate.sourceNote)}` : ''}`, '');
  }
  if (gate.rest) {
    const r = gate.rest;
    out.push(
      escapeMarkdown(
        `Flink REST: job ${r.state ?? '?'}, ${r.restarts} restart${r.restarts === 1 ? '' : 's'}, ${r.completed} checkpoint${r.completed === 1 ? '' : 's'} completed, ${r.failed} failed` +
          (r.lastCheckpointDurationMs !== undefined
            ? `, last checkpoint ${formatNumber(r.lastCheckpointDurationMs)} ms`
            : '') +
          (r.rootException ? `; root exception: ${r.rootException}` : ''),
      ),
      '',
    );
  }
  for (const e of gate.events ?? []) out.push(`> ${escapeMarkdown(e)}`, '');
  if (gate.checkpointNote) out.push(`> ${escapeMarkdown(gate.checkpointNote)}`, '');

  const table = rows(gate);
  if (table.length > 0) {
    out.push('| metric | before the upgrade | during the bake |', '|---|---|---|');
    for (const r of table)
      out.push(`| ${escapeMarkdown(r.label)} | ${escapeMarkdown(r.before)} | ${escapeMarkdown(r.during)} |`);
    out.push('');
  }
  for (const note of gate.baseline?.notes ?? []) out.push(`> ${escapeMarkdown(note)}`, '');
  for (const c of charts(gate)) out.push(c, '');
  return out.join('\n');
}
