/**
 * The job summary, rendered from the run's report. Pure: the same report always gives the same
 * Markdown, every user or AWS string is escaped, and the result stays under GitHub's 1 MiB limit.
 */
import { renderHealthSection } from './health-section.js';
import { cell, code, escapeMd, table, truncateBytes, utf8Length } from './markdown.js';
import { overviewFacts, overviewTable, rollbackView, timelineRows, type Rich } from './model.js';
import type { UpgradeReport } from './types.js';

/** GitHub refuses step summaries over 1 MiB; keep a margin for other steps' content. */
export const SUMMARY_MAX_BYTES = 1024 * 1024 - 16 * 1024;

const RESULT_HEADLINE: Record<UpgradeReport['result'], string> = {
  upgraded: '✅ upgraded',
  unchanged: '⏸️ unchanged',
  planned: '📝 planned (dry run)',
  'rolled-back': '↩️ rolled back',
  failed: '❌ failed',
};

const MAX_FINDING_ROWS = 200;

interface Section {
  body: string;
  /** lower = dropped first when the summary is too big */
  priority: number;
  title: string;
}

export function renderSummary(report: UpgradeReport, maxBytes: number = SUMMARY_MAX_BYTES): string {
  const sections: Section[] = [];
  const add = (title: string, body: string | undefined, priority: number): void => {
    if (body) sections.push({ title, body, priority });
  };

  add(
    'headline',
    `## ${RESULT_HEADLINE[report.result]}: ${code(report.application)}\n\n${escapeMd(report.reason)}`,
    100,
  );
  add('overview', overview(report), 90);
  // What a reviewer must act on first: the warnings, then what happened to the application.
  if (report.warnings.length > 0) {
    add('warnings', `### Warnings\n\n${report.warnings.map((w) => `- ${escapeMd(w)}`).join('\n')}`, 55);
  }
  add('rollback', rollback(report), 85);
  if (report.gate) add('health', renderHealthSection(report.gate), 50);
  add('timeline', timeline(report), 70);
  if (report.planLines.length > 0 && (report.result === 'planned' || report.plan)) {
    add('plan', `### Plan\n\n${report.planLines.map((l) => `- ${escapeMd(l)}`).join('\n')}`, 80);
  }
  add('jar-check', jarCheck(report), 40);
  if (report.logGroups.length > 0) {
    add(
      'logs',
      `### Logs\n\nCloudWatch log group${report.logGroups.length > 1 ? 's' : ''}: ${report.logGroups.map(code).join(', ')}`,
      60,
    );
  }

  let text = join(sections);
  // Too big: drop the least important sections (replaced by a note) until it fits.
  const byPriority = [...sections].sort((a, b) => a.priority - b.priority);
  for (const s of byPriority) {
    if (utf8Length(text) <= maxBytes || s.priority >= 90) break;
    s.body = `### ${s.title}\n\n_left out: the summary would exceed GitHub's 1 MiB limit; see the log_`;
    text = join(sections);
  }
  if (utf8Length(text) > maxBytes) {
    const note = '\n\n_…truncated to stay under the 1 MiB summary limit_\n';
    text = truncateBytes(text, maxBytes - utf8Length(note)) + note;
  }
  return text;
}

function join(sections: Section[]): string {
  return `${sections.map((s) => s.body).join('\n\n')}\n`;
}

/** A rich line as Markdown: text escaped, identifiers in backticks. */
function md(rich: Rich): string {
  return rich.map((seg) => (typeof seg === 'string' ? escapeMd(seg) : code(seg.code))).join('');
}

/** A rich line as one table cell. */
function mdCell(rich: Rich): string {
  return rich.map((seg) => (typeof seg === 'string' ? (seg ? cell(seg) : '') : code(seg.code))).join('');
}

function overview(r: UpgradeReport): string {
  const t = overviewTable(r);
  const lines = [
    table(
      t.header,
      t.rows.map(([label, before, after]) => [label, mdCell(before), mdCell(after)]),
    ),
    '',
  ];
  lines.push(
    overviewFacts(r)
      .map((f) => `- ${md(f)}`)
      .join('\n'),
  );
  return lines.join('\n');
}

function timeline(r: UpgradeReport): string | undefined {
  if (r.phases.length === 0) return undefined;
  const icon = { ok: '✅', skipped: '⏭️', failed: '❌' } as const;
  const rows = timelineRows(r).map((p) => [
    cell(p.title),
    p.took,
    `${icon[p.outcome]} ${p.outcome}`,
    cell(p.note),
  ]);
  return `### Timeline\n\n${table(['Phase', 'Took (real time)', 'Outcome', 'Note'], rows)}`;
}

function jarCheck(r: UpgradeReport): string | undefined {
  const jc = r.jarCheck;
  if (!jc) return undefined;
  if (jc.skipped) return `### JAR check\n\nSkipped: ${escapeMd(jc.skipped)}`;
  if (jc.findings.length === 0) return `### JAR check (${escapeMd(jc.mode)})\n\nNo findings.`;
  const rows = jc.findings
    .slice(0, MAX_FINDING_ROWS)
    .map((f) => [cell(f.severity), code(f.code), cell(f.message), cell(f.location), cell(f.fix)]);
  const more =
    jc.findings.length > MAX_FINDING_ROWS
      ? `\n\n_${jc.findings.length - MAX_FINDING_ROWS} more finding(s) in the log_`
      : '';
  const errors = jc.findings.filter((f) => f.severity === 'error').length;
  return (
    `### JAR check (${escapeMd(jc.mode)}): ${jc.findings.length} finding(s), ${errors} error(s)\n\n` +
    `<details${errors > 0 ? ' open' : ''}><summary>Findings</summary>\n\n` +
    `${table(['Severity', 'Code', 'Finding', 'Where', 'Fix'], rows)}${more}\n\n</details>`
  );
}

/** A shell block: the text shows as written (a fence in a command would end the block early). */
function shellBlock(commands: readonly string[]): string {
  return ['```sh', ...commands.map((c) => c.replace(/```/g, "'''")), '```'].join('\n');
}

function rollback(r: UpgradeReport): string | undefined {
  const view = rollbackView(r);
  if (!view) return undefined;
  const icon = view.ok ? '↩️' : '❌';
  const heading = r.rollback ? `### Rollback: ${icon} ${view.title}` : `### Rollback ${view.title}`;
  const out = [heading, '', escapeMd(view.text), ''];
  // a failed rollback's text ends with "run:": the commands follow it
  if (view.commands.length > 0) out.push(shellBlock(view.commands), '');
  if (view.facts.length > 0) out.push(view.facts.map((f) => `- ${md(f)}`).join('\n'));
  return out.join('\n').trimEnd();
}
