/**
 * What the reports say, once, as plain data (pure): the job summary (Markdown) and the terminal report
 * render the same rows and facts, each in its own form. Identifiers are marked `{ code }` so the
 * Markdown puts them in backticks and the terminal may colour them.
 */
import { firstParagraph } from '../pipeline/errors.js';
import { bucketNameFromArn } from '../aws/s3-arn.js';
import { formatDuration } from '../duration.js';
import type { RollbackResult } from '../msf/rollback-contract.js';
import type { PhaseRecord, UpgradeReport } from './types.js';

export type Segment = string | { code: string };
/** A line of text made of plain and identifier segments. */
export type Rich = Segment[];

export const RESULT_TITLE: Record<UpgradeReport['result'], string> = {
  upgraded: 'upgraded',
  unchanged: 'unchanged',
  planned: 'planned (dry run)',
  'rolled-back': 'rolled back',
  failed: 'failed',
};

/** The text of a rich line, identifiers as written. */
export function plainText(rich: Rich): string {
  return rich.map((s) => (typeof s === 'string' ? s : s.code)).join('');
}

function c(text: string): Segment {
  return { code: text };
}

function location(bucket?: string, key?: string, version?: string): Rich {
  if (!bucket || !key) return ['—'];
  return [c(`s3://${bucket}/${key}`), ...(version ? [' (version ', c(version), ')'] : [])];
}

function bucketFromArn(arn: string | undefined): string | undefined {
  return arn === undefined ? undefined : (bucketNameFromArn(arn) ?? arn);
}

function text(v: string | number | undefined): Rich {
  return [v === undefined || v === '' ? '—' : String(v)];
}

export interface OverviewTable {
  header: [string, string, string];
  /** always the same rows, in the same order, whatever the result: Runtime, Code, Status, Application version */
  rows: [string, Rich, Rich][];
}

/** Before and after (or planned), the same four rows for every result. */
export function overviewTable(r: UpgradeReport): OverviewTable {
  const plan = r.plan;
  const prevLoc = plan
    ? location(bucketFromArn(plan.previous.bucketArn), plan.previous.fileKey, plan.previous.objectVersion)
    : ['—'];
  // Without a final read, "after" is only known when nothing was sent (it is "before") or for a dry run
  // (what would run); a run stopped before its update never claims the new code.
  const planned = r.result === 'planned';
  const untouched = !r.finalCode && !r.operation && !planned;
  const before = {
    status: r.previousStatus ?? plan?.status,
    version: r.previousApplicationVersionId,
  };
  const plannedStatus = plan ? (plan.startAfterUpdate ? 'RUNNING' : plan.status) : before.status;
  const afterStatus =
    r.finalCode?.status ?? r.status ?? (untouched ? before.status : planned ? plannedStatus : undefined);
  const afterCode: Rich = r.finalCode
    ? location(r.finalCode.bucket, r.finalCode.key, r.finalCode.objectVersion)
    : untouched
      ? prevLoc
      : location(r.s3Bucket ?? plan?.code.bucket, r.s3Key ?? plan?.code.key, r.s3ObjectVersion);
  return {
    header: ['', 'before', planned ? 'planned' : 'after'],
    rows: [
      [
        'Runtime',
        text(r.previousRuntime),
        text(untouched ? r.previousRuntime : (r.runtime ?? plan?.runtime.to)),
      ],
      ['Code', prevLoc, afterCode],
      ['Status', text(before.status), text(afterStatus)],
      [
        'Application version',
        text(before.version),
        text(untouched ? before.version : planned ? undefined : r.applicationVersionId),
      ],
    ],
  };
}

/** What a rollback path does, where its name does not say it. */
const ROLLBACK_PATH: Partial<Record<RollbackResult['path'], string>> = {
  'restore-named-snapshot': 'stop, update back, start from the rollback point',
  'update-back': 'update back and leave READY: the application was stopped before the upgrade',
};

/**
 * The snapshots, side by side: the pre-upgrade one and, after a rollback, the one it restored and
 * why that one (RollbackApplication restores the newest READY snapshot, which is usually MSF's own,
 * taken when the update stopped the previous version: newer than the pre-upgrade one).
 */
export function snapshotFacts(r: UpgradeReport): Rich[] {
  const out: Rich[] = [];
  const pre = r.snapshotName;
  if (pre) out.push(['Pre-upgrade snapshot ', c(pre)]);
  const rb = r.rollback;
  const restored = rb?.restoredSnapshot;
  if (rb && restored) {
    if (restored === pre) {
      out.push([
        'Rollback restored ',
        c(restored),
        ', the pre-upgrade snapshot',
        rb.decision ? `: ${rb.decision}` : '',
      ]);
    } else if (rb.path === 'rollback-application') {
      out.push([
        'Rollback restored ',
        c(restored),
        ...(pre ? [' rather than ', c(pre)] : []),
        ': RollbackApplication restores the newest READY snapshot, and that one belongs to the previous version' +
          (pre
            ? ' (it is newer: MSF takes one when an update stops a running job); the pre-upgrade snapshot is the fallback for when the newest belongs to the new version'
            : ''),
      ]);
    } else {
      out.push(['Rollback restored ', c(restored), rb.decision ? `: ${rb.decision}` : '']);
    }
  }
  return out;
}

/** The overview's facts under the table. Durations are real time. */
export function overviewFacts(r: UpgradeReport): Rich[] {
  const plan = r.plan;
  const facts: Rich[] = [];
  facts.push(['Version ', c(r.version), ` on ${r.platform} (`, c(r.region), ')']);
  facts.push(...snapshotFacts(r));
  if (plan) {
    facts.push([
      'Restore ',
      c(plan.restore.type),
      ...(plan.restore.snapshotName ? [' from ', c(plan.restore.snapshotName)] : []),
      ', allow-non-restored-state ',
      c(String(plan.allowNonRestoredState)),
    ]);
  }
  if (r.operation) {
    facts.push(['Operation ', c(r.operation.id), `: ${r.operation.status}${operationError(r)}`]);
  }
  if (r.startOperation)
    facts.push(['Start operation ', c(r.startOperation.id), `: ${r.startOperation.status}`]);
  if (r.rollbackOperation) {
    facts.push(['Rollback operation ', c(r.rollbackOperation.id), `: ${r.rollbackOperation.status}`]);
  }
  facts.push([`Took ${formatDuration(Math.round(runDuration(r)))}`]);
  return facts;
}

/** Real time the run took (older reports without it: the clock's). */
export function runDuration(r: UpgradeReport): number {
  return r.durationMs ?? Math.max(0, r.endedAt - r.startedAt);
}

/** Real time a phase took; undefined while it runs. */
export function phaseDuration(p: PhaseRecord): number | undefined {
  if (p.durationMs !== undefined) return p.durationMs;
  return p.endedAt !== undefined ? Math.max(0, p.endedAt - p.startedAt) : undefined;
}

export interface TimelineRow {
  title: string;
  took: string;
  outcome: PhaseRecord['outcome'];
  note: string;
}

export function timelineRows(r: UpgradeReport): TimelineRow[] {
  return r.phases.map((p) => {
    const d = phaseDuration(p);
    return {
      title: p.title,
      took: d === undefined ? '—' : formatDuration(Math.round(d)),
      outcome: p.outcome,
      note: p.note ?? '',
    };
  });
}

export interface RollbackView {
  ok: boolean;
  title: string;
  /** the first line of the rollback's message */
  text: string;
  /** a failed rollback: the commands that finish it by hand */
  commands: string[];
  facts: Rich[];
}

export function rollbackView(r: UpgradeReport): RollbackView | undefined {
  const rb = r.rollback;
  if (rb) {
    const ok = rb.outcome === 'rolled-back';
    const facts: Rich[] = [
      [
        'Path: ',
        c(rb.path),
        ROLLBACK_PATH[rb.path] ? ` (${ROLLBACK_PATH[rb.path]!})` : '',
        ...(rb.decision && !rb.restoredSnapshot ? [` — ${rb.decision}`] : []),
      ],
    ];
    // the restored snapshot and why: next to the pre-upgrade one (snapshotFacts), not repeated here
    if (rb.rollbackPoint) facts.push(['Rollback point: ', c(rb.rollbackPoint)]);
    if (rb.cost) {
      if (rb.cost.rewindSeconds !== undefined) facts.push([`Rewind: ${rb.cost.rewindSeconds}s`]);
      facts.push([`Cost: ${rb.cost.text}`]);
    }
    if (rb.applicationStatus) {
      facts.push([
        'Application now: ',
        c(rb.applicationStatus),
        ...(rb.runtime ? [' on ', c(rb.runtime)] : []),
        rb.versionId !== undefined ? `, application version ${rb.versionId}` : '',
        ...(rb.fileKey ? [', code ', c(rb.fileKey)] : []),
      ]);
    }
    return {
      ok,
      title: ok ? 'rolled back' : 'failed',
      text: firstParagraph(rb.message),
      commands: !ok && rb.manualSteps ? rb.manualSteps : [],
      facts,
    };
  }
  if (r.rollbackOperation) {
    const failed = r.startOperation?.status === 'FAILED' ? r.startOperation : r.operation;
    return {
      ok: r.rollbackOperation.status === 'SUCCESSFUL',
      title: 'by Managed Service for Apache Flink',
      text:
        `${failed ? `${failed.operation} ${failed.id} ended ${failed.status}; ` : ''}` +
        `MSF's own rollback ${r.rollbackOperation.id} ended ${r.rollbackOperation.status}.`,
      commands: [],
      facts: r.systemRollbackCost
        ? [
            ['Rollback point: ', c(r.systemRollbackCost.snapshot)],
            ...(r.systemRollbackCost.rewindSeconds !== undefined
              ? [[`Rewind: ${r.systemRollbackCost.rewindSeconds}s`] as Rich]
              : []),
            [`Cost: ${r.systemRollbackCost.text}`],
          ]
        : [],
    };
  }
  return undefined;
}

/** MSF's error for the update, unless the headline's reason already says it. */
function operationError(r: UpgradeReport): string {
  const error = r.operation?.errorString;
  if (!error) return '';
  const flat = (t: string): string => t.replace(/\s+/g, ' ').trim();
  return flat(r.reason).includes(flat(error).slice(0, 200))
    ? ' (its error is in the reason above)'
    : ` — ${oneLine(error, 600)}`;
}

function oneLine(s: string, max: number): string {
  const one = s.replace(/\s*\r?\n\s*/g, ' ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
