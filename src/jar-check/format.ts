/** Formatting of JAR-check findings for the log, GitHub annotations and the job summary. Pure. */
import type { Finding, JarCheckReport } from './types.js';

/** Rows of the job-summary table before the rest is cut to one "… more" row. */
export const DEFAULT_MAX_TABLE_ROWS = 25;

/** One log line: `error FLINK2_REMOVED_API at com.example.Job: message Fix: …`. */
export function formatFindingLine(f: Finding): string {
  const at = f.location ? ` at ${f.location}` : '';
  return `${f.severity} ${f.code}${at}: ${oneLine(f.message)} Fix: ${oneLine(f.fix)}`;
}

export interface FindingAnnotation {
  /** `core.error` for errors, `core.warning` for warnings, `core.notice` for infos */
  level: 'error' | 'warning' | 'notice';
  title: string;
  message: string;
}

/** A GitHub annotation (title + message); `artifact` names the checked file in the title. */
export function findingAnnotation(f: Finding, artifact?: string): FindingAnnotation {
  const level = f.severity === 'info' ? 'notice' : f.severity;
  const title = `JAR check ${f.code}${artifact ? ` (${baseName(artifact)})` : ''}`;
  const at = f.location ? `\nLocation: ${f.location}` : '';
  return { level, title: oneLine(title), message: `${f.message}${at}\nFix: ${f.fix}` };
}

/** Escapes text for a Markdown table cell: HTML special characters, pipes and line breaks. */
export function escapeCell(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll('|', '\\|')
    .replace(/\r?\n/g, '<br>');
}

const ICON: Record<Finding['severity'], string> = {
  error: '❌ error',
  warning: '⚠️ warning',
  info: 'ℹ️ info',
};

export const TABLE_HEADER = ['Severity', 'Code', 'Where', 'Finding', 'Fix'] as const;

/**
 * Escaped cells for the summary table, errors first as given, at most `maxRows` rows;
 * `omitted` says how many were left out.
 */
export function findingsTableRows(
  findings: readonly Finding[],
  maxRows = DEFAULT_MAX_TABLE_ROWS,
): { rows: string[][]; omitted: number } {
  const shown = findings.slice(0, Math.max(0, maxRows));
  return {
    rows: shown.map((f) => [
      ICON[f.severity],
      `\`${escapeCell(f.code)}\``,
      f.location ? `\`${escapeCell(f.location)}\`` : '',
      escapeCell(f.message),
      escapeCell(f.fix),
    ]),
    omitted: findings.length - shown.length,
  };
}

/** A complete Markdown table (header, rows, and a last row counting the omitted findings). */
export function findingsMarkdownTable(
  findings: readonly Finding[],
  maxRows = DEFAULT_MAX_TABLE_ROWS,
): string {
  if (findings.length === 0) return '_No findings._';
  const { rows, omitted } = findingsTableRows(findings, maxRows);
  const lines = [`| ${TABLE_HEADER.join(' | ')} |`, `|${TABLE_HEADER.map(() => ' --- ').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  if (omitted > 0)
    lines.push(`| | | | … and ${omitted} more finding${omitted === 1 ? '' : 's'} (see the job log) | |`);
  return lines.join('\n');
}

/** Counts per severity. */
export function countFindings(findings: readonly Finding[]): Record<Finding['severity'], number> {
  const out = { error: 0, warning: 0, info: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}

/** True when the report has findings that block the upgrade in strict mode. */
export function hasBlockingFindings(report: JarCheckReport): boolean {
  return report.findings.some((f) => f.severity === 'error');
}

/** `JAR check: 2 errors, 1 warning (20000 entries, 19000 classes, 200.0 MiB, 1.2 s)` */
export function summarizeReport(report: JarCheckReport): string {
  const c = countFindings(report.findings);
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  const s = report.stats;
  const what = report.kind === 'python-zip' ? 'Python zip check' : 'JAR check';
  const verdict =
    c.error + c.warning === 0
      ? 'no problems found'
      : `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}`;
  return `${what}: ${verdict} (${s.entries} entries, ${s.classes} classes, ${(s.bytes / (1024 * 1024)).toFixed(1)} MiB, ${(s.durationMs / 1000).toFixed(1)} s)`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
