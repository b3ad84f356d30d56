/**
 * The run's report for a terminal (pure): plain text and aligned tables, no Markdown and no Mermaid;
 * ANSI colour only when asked (the caller asks when the output is a TTY). The same rows and facts as
 * the job summary (src/report/model.ts).
 */
import { healthNotes, healthRows, healthWindow } from './health-section.js';
import { findingMessage } from '../pipeline/jar-check-phase.js';
import {
  overviewFacts,
  overviewTable,
  plainText,
  RESULT_TITLE,
  rollbackView,
  timelineRows,
  type Rich,
} from './model.js';
import type { UpgradeReport } from './types.js';

export interface TerminalOptions {
  color: boolean;
  /** the longest a free-text cell may be before it is cut (the full text is in the log) */
  maxCell?: number;
}

const ANSI = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36 } as const;
type Style = keyof typeof ANSI;

const RESULT_STYLE: Record<UpgradeReport['result'], Style> = {
  upgraded: 'green',
  unchanged: 'green',
  planned: 'cyan',
  'rolled-back': 'red',
  failed: 'red',
};

const RESULT_MARK: Record<UpgradeReport['result'], string> = {
  upgraded: '✔',
  unchanged: '=',
  planned: '…',
  'rolled-back': '↩',
  failed: '✖',
};

/** Control characters from AWS or users never reach the terminal (no escape sequences, no line breaks). */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '').replace(/\s*\n\s*/g, ' ');
}

/** Columns padded to the widest cell; the last column is not padded. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? '')].length)));
  const line = (r: readonly string[]): string =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length)))
      .join('  ')
      .trimEnd();
  return all.map(line);
}

export function renderTerminal(report: UpgradeReport, options: TerminalOptions): string {
  const paint = (style: Style, text: string): string =>
    options.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
  const max = options.maxCell ?? 100;
  const cut = (text: string): string => {
    const safe = terminalSafe(text);
    return [...safe].length > max ? `${[...safe].slice(0, max - 1).join('')}…` : safe;
  };
  const rich = (r: Rich): string =>
    r.map((s) => (typeof s === 'string' ? terminalSafe(s) : paint('cyan', terminalSafe(s.code)))).join('');
  const heading = (title: string): string => paint('bold', title);
  const out: string[] = [];

  const result = report.result;
  out.push(
    paint(
      RESULT_STYLE[result],
      paint('bold', `${RESULT_MARK[result]} ${RESULT_TITLE[result]}: ${terminalSafe(report.application)}`),
    ),
  );
  out.push(terminalSafe(report.reason), '');

  // plain cells for alignment: colour would count as width
  const t = overviewTable(report);
  out.push(
    ...textTable(
      t.header,
      t.rows.map(([label, before, after]) => [label, plainText(before), plainText(after)].map(terminalSafe)),
    ),
  );
  out.push('');
  for (const f of overviewFacts(report)) out.push(`- ${rich(f)}`);

  if (report.warnings.length > 0) {
    out.push('', paint('yellow', heading('Warnings')));
    for (const w of report.warnings) out.push(`- ${terminalSafe(w)}`);
  }
  const rb = rollbackView(report);
  if (rb) {
    const title = report.rollback ? `Rollback: ${rb.title}` : `Rollback ${rb.title}`;
    out.push('', paint(rb.ok ? 'yellow' : 'red', heading(title)), terminalSafe(rb.text));
    for (const c of rb.commands) out.push(`  ${terminalSafe(c)}`);
    for (const f of rb.facts) out.push(`- ${rich(f)}`);
  }

  const gate = report.gate;
  if (gate) {
    const verdict =
      gate.verdict === 'healthy'
        ? paint('green', 'healthy')
        : gate.verdict === 'unhealthy'
          ? paint('red', 'unhealthy')
          : 'skipped';
    out.push(
      '',
      `${heading('Health gate:')} ${verdict}${gate.reason ? ` — ${terminalSafe(gate.reason)}` : ''}`,
    );
    if (gate.verdict !== 'skipped') {
      out.push(`  ${healthWindow(gate)}`);
      for (const line of healthNotes(gate)) out.push(`  ${terminalSafe(line)}`);
      const rows = healthRows(gate);
      if (rows.length > 0) {
        out.push(
          ...textTable(
            ['metric', 'unit', 'before the upgrade', 'during the bake'],
            rows.map((r) => [r.label, r.unit, r.before, r.during].map(terminalSafe)),
          ).map((l) => `  ${l}`),
        );
      }
      for (const note of gate.baseline?.notes ?? []) out.push(`  note: ${terminalSafe(note)}`);
    }
  }

  if (report.phases.length > 0) {
    out.push('', heading('Timeline (real time)'));
    out.push(
      ...textTable(
        ['phase', 'took', 'outcome', 'note'],
        timelineRows(report).map((p) => [p.title, p.took, p.outcome, cut(p.note)]),
      ).map((l) => `  ${l}`),
    );
  }

  const jc = report.jarCheck;
  if (jc && !jc.skipped && jc.findings.length > 0) {
    out.push('', heading(`JAR check (${jc.mode}): ${jc.findings.length} finding(s)`));
    for (const f of jc.findings) {
      const sev =
        f.severity === 'error'
          ? paint('red', f.severity)
          : f.severity === 'warning'
            ? paint('yellow', f.severity)
            : f.severity;
      out.push(`  ${sev} ${f.code}: ${cut(findingMessage(f))}`);
    }
  }

  if (report.logGroups.length > 0) {
    out.push(
      '',
      `${heading('Logs:')} ${report.logGroups.map((g) => paint('cyan', terminalSafe(g))).join(', ')}`,
    );
  }
  return `${out.join('\n')}\n`;
}
