/**
 * The job summary, rendered from the run's report. Pure: the same report always gives the same
 * Markdown, every user or AWS string is escaped, and the result stays under GitHub's 1 MiB limit.
 */
import { formatDuration } from '../duration.js';
import { renderHealthSection } from './health-section.js';
import { cell, code, escapeMd, table, truncateBytes, utf8Length } from './markdown.js';
import type { RollbackResult } from '../rollback/contract.js';
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
  if (report.planLines.length > 0 && (report.result === 'planned' || report.plan)) {
    add('plan', `### Plan\n\n${report.planLines.map((l) => `- ${escapeMd(l)}`).join('\n')}`, 80);
  }
  add('timeline', timeline(report), 70);
  add('jar-check', jarCheck(report), 40);
  if (report.gate) add('health', renderHealthSection(report.gate), 50);
  add('rollback', rollback(report), 85);
  if (report.logGroups.length > 0) {
    add(
      'logs',
      `### Logs\n\nCloudWatch log group${report.logGroups.length > 1 ? 's' : ''}: ${report.logGroups.map(code).join(', ')}`,
      60,
    );
  }
  if (report.warnings.length > 0) {
    add('warnings', `### Warnings\n\n${report.warnings.map((w) => `- ${escapeMd(w)}`).join('\n')}`, 55);
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

function location(bucket?: string, key?: string, version?: string): string {
  if (!bucket || !key) return '—';
  return `${code(`s3://${bucket}/${key}`)}${version ? ` (version ${code(version)})` : ''}`;
}

function overview(r: UpgradeReport): string {
  const plan = r.plan;
  const rows: string[][] = [];
  const prevLoc = plan
    ? location(bucketFromArn(plan.previous.bucketArn), plan.previous.fileKey, plan.previous.objectVersion)
    : '—';
  // Without a final read, "after" is only known when nothing was sent (it is "before") or for a dry run
  // (what would run); a run stopped before its update never claims the new code.
  const planned = r.result === 'planned';
  const untouched = !r.finalCode && !r.operation && !planned;
  rows.push([
    'Runtime',
    cell(r.previousRuntime),
    cell(untouched ? r.previousRuntime : (r.runtime ?? plan?.runtime.to)),
  ]);
  const after = r.finalCode
    ? location(r.finalCode.bucket, r.finalCode.key, r.finalCode.objectVersion)
    : untouched
      ? prevLoc
      : location(r.s3Bucket ?? plan?.code.bucket, r.s3Key ?? plan?.code.key, r.s3ObjectVersion);
  rows.push(['Code', prevLoc, after]);
  if (r.finalCode?.status) rows.push(['Status', cell(plan?.status), cell(r.finalCode.status)]);
  rows.push(['Application version', cell(r.previousApplicationVersionId), cell(r.applicationVersionId)]);
  const lines = [table(['', 'before', planned ? 'planned' : 'after'], rows), ''];
  const facts: string[] = [];
  facts.push(`Version ${code(r.version)} on ${escapeMd(r.platform)} (${code(r.region)})`);
  if (r.snapshotName) facts.push(`Pre-upgrade snapshot ${code(r.snapshotName)}`);
  if (plan) {
    facts.push(
      `Restore ${code(plan.restore.type)}${plan.restore.snapshotName ? ` from ${code(plan.restore.snapshotName)}` : ''}, ` +
        `allow-non-restored-state ${code(String(plan.allowNonRestoredState))}`,
    );
  }
  if (r.operation)
    facts.push(
      `Operation ${code(r.operation.id)}: ${cell(r.operation.status)}${r.operation.errorString ? ` — ${cell(r.operation.errorString, 600)}` : ''}`,
    );
  if (r.startOperation)
    facts.push(`Start operation ${code(r.startOperation.id)}: ${cell(r.startOperation.status)}`);
  if (r.rollbackOperation)
    facts.push(`Rollback operation ${code(r.rollbackOperation.id)}: ${cell(r.rollbackOperation.status)}`);
  facts.push(`Took ${formatDuration(Math.max(0, r.endedAt - r.startedAt))}`);
  lines.push(facts.map((f) => `- ${f}`).join('\n'));
  return lines.join('\n');
}

function timeline(r: UpgradeReport): string | undefined {
  if (r.phases.length === 0) return undefined;
  const icon = { ok: '✅', skipped: '⏭️', failed: '❌' } as const;
  const rows = r.phases.map((p) => [
    cell(p.title),
    p.endedAt !== undefined ? formatDuration(Math.max(0, p.endedAt - p.startedAt)) : '—',
    `${icon[p.outcome]} ${p.outcome}`,
    cell(p.note),
  ]);
  return `### Timeline\n\n${table(['Phase', 'Duration', 'Outcome', 'Note'], rows)}`;
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

/** What a rollback path does, where its name does not say it. */
const ROLLBACK_PATH: Partial<Record<RollbackResult['path'], string>> = {
  'restore-named-snapshot': 'stop, update back, start from the rollback point',
  'update-back': 'update back and leave READY: the application was stopped before the upgrade',
};

/** A shell block: the text shows as written (a fence in a command would end the block early). */
function shellBlock(commands: readonly string[]): string {
  return ['```sh', ...commands.map((c) => c.replace(/```/g, "'''")), '```'].join('\n');
}

function rollback(r: UpgradeReport): string | undefined {
  const rb = r.rollback;
  if (rb) {
    const ok = rb.outcome === 'rolled-back';
    // The message's first line is the text; a failed rollback's next lines are the commands.
    const text = rb.message.split('\n')[0] ?? rb.message;
    const facts: string[] = [
      `Path: ${code(rb.path)}${ROLLBACK_PATH[rb.path] ? ` (${escapeMd(ROLLBACK_PATH[rb.path]!)})` : ''}` +
        (rb.decision ? ` — ${escapeMd(rb.decision)}` : ''),
    ];
    if (rb.restoredSnapshot) facts.push(`Restored snapshot: ${code(rb.restoredSnapshot)}`);
    if (rb.rollbackPoint) facts.push(`Rollback point: ${code(rb.rollbackPoint)}`);
    if (rb.cost) {
      if (rb.cost.rewindSeconds !== undefined) facts.push(`Rewind: ${rb.cost.rewindSeconds}s`);
      facts.push(`Cost: ${escapeMd(rb.cost.text)}`);
    }
    if (rb.applicationStatus) {
      facts.push(
        `Application now: ${code(rb.applicationStatus)}` +
          (rb.runtime ? ` on ${code(rb.runtime)}` : '') +
          (rb.versionId !== undefined ? `, application version ${rb.versionId}` : '') +
          (rb.fileKey ? `, code ${code(rb.fileKey)}` : ''),
      );
    }
    const out = [`### Rollback: ${ok ? '↩️ rolled back' : '❌ failed'}`, '', escapeMd(text), ''];
    // a failed rollback's text ends with "run:": the commands follow it
    if (!ok && rb.manualSteps && rb.manualSteps.length > 0) out.push(shellBlock(rb.manualSteps), '');
    out.push(facts.map((f) => `- ${f}`).join('\n'));
    return out.join('\n');
  }
  if (r.rollbackOperation) {
    // MSF's error is in the headline and the overview already
    const failed = r.startOperation?.status === 'FAILED' ? r.startOperation : r.operation;
    return (
      `### Rollback by Managed Service for Apache Flink\n\n` +
      `${failed ? `${escapeMd(failed.operation)} ${code(failed.id)} ended ${cell(failed.status)}; ` : ''}` +
      `MSF's own rollback ${code(r.rollbackOperation.id)} ended ${cell(r.rollbackOperation.status)}.` +
      (r.systemRollbackCost
        ? `\n\n- Rollback point: ${code(r.systemRollbackCost.snapshot)}` +
          (r.systemRollbackCost.rewindSeconds !== undefined
            ? `\n- Rewind: ${r.systemRollbackCost.rewindSeconds}s`
            : '') +
          `\n- Cost: ${escapeMd(r.systemRollbackCost.text)}`
        : '')
    );
  }
  return undefined;
}

function bucketFromArn(arn: string | undefined): string | undefined {
  return arn?.replace(/^arn:[^:]+:s3:::/, '');
}
