/**
 * The deployment record: what a run is doing to an application, kept on AWS's side (MSF application
 * tags) so that another run, or a re-run after a lost runner, sees it. Pure: tags ⇄ record, and the
 * decision a run takes when it finds one. The calls are the target's (`src/msf/target.ts`).
 *
 * One deployment at a time: a record of another run that has not passed its deadline means that run
 * may still be changing the application: refuse. A record of an earlier attempt of the same workflow
 * run (a re-run: GitHub runs attempts one after another), or one past its deadline (its runner was
 * lost), is left over: the new version it deployed was never baked, or its rollback never finished.
 * The run that finds it bakes that version when it is exactly what it would deploy itself, and
 * otherwise finishes the rollback (src/pipeline/upgrade.ts).
 */

/**
 * How long a run that claims the application (or takes a leftover over) waits between writing its
 * record and reading it back. Tags have no conditional write, so every write of the record is a read
 * (never over another run's record), the write and a read back (after this wait when claiming): a run
 * whose claim another run's write replaced sees it, and stops. What remains: a write that lands more
 * than this after the other run's read back (a call held up in flight, a tag read served stale) goes
 * unseen by that run until its next write; UpdateApplication's CurrentApplicationVersionId still lets
 * only one update go out per version, and the health gate and the next record write stop the run that
 * lost.
 */
export const RECORD_SETTLE_MS = 2_000;

/** Tag keys (`flink-upgrade-action:<field>`); values use only characters AWS allows in tag values. */
export const RECORD_TAG_PREFIX = 'flink-upgrade-action:';
const FIELDS = ['run', 'attempt', 'phase', 'from', 'to', 'snapshot', 'until'] as const;
export const RECORD_TAG_KEYS: readonly string[] = FIELDS.map((f) => `${RECORD_TAG_PREFIX}${f}`);

export interface DeploymentRecord {
  /** the workflow run (GITHUB_RUN_ID), or the command line's own id */
  run: string;
  /** GITHUB_RUN_ATTEMPT (1 when absent) */
  attempt: number;
  /** update: UpdateApplication sent or about to be; bake: deployed, not yet proven; rollback: going back */
  phase: 'update' | 'bake' | 'rollback';
  /** the application version before the update (what a rollback returns to) */
  from: number;
  /** the version the update made, once known */
  to?: number;
  /** the pre-upgrade snapshot, when one was taken or chosen */
  snapshot?: string;
  /** epoch ms: when that run gives up for good (its timeout and its rollback's) */
  until: number;
}

export interface Tag {
  Key: string;
  Value: string;
}

export function recordToTags(r: DeploymentRecord): Tag[] {
  const value: Record<(typeof FIELDS)[number], string | undefined> = {
    run: r.run,
    attempt: String(r.attempt),
    phase: r.phase,
    from: String(r.from),
    to: r.to === undefined ? undefined : String(r.to),
    snapshot: r.snapshot,
    until: new Date(r.until).toISOString(),
  };
  return FIELDS.filter((f) => value[f] !== undefined).map((f) => ({
    Key: `${RECORD_TAG_PREFIX}${f}`,
    Value: value[f]!,
  }));
}

/** The record in a resource's tags; undefined when there is none (or it is not one of ours). */
export function recordFromTags(
  tags: readonly { Key?: string; Value?: string }[],
): DeploymentRecord | undefined {
  const get = (f: (typeof FIELDS)[number]): string | undefined =>
    tags.find((t) => t.Key === `${RECORD_TAG_PREFIX}${f}`)?.Value;
  const run = get('run');
  const phase = get('phase');
  const from = Number(get('from'));
  const until = Date.parse(get('until') ?? '');
  if (!run || (phase !== 'update' && phase !== 'bake' && phase !== 'rollback')) return undefined;
  if (!Number.isInteger(from) || Number.isNaN(until)) return undefined;
  const to = get('to') === undefined ? undefined : Number(get('to'));
  const snapshot = get('snapshot');
  return {
    run,
    attempt: Number(get('attempt')) || 1,
    phase,
    from,
    ...(to !== undefined && Number.isInteger(to) ? { to } : {}),
    ...(snapshot ? { snapshot } : {}),
    until,
  };
}

/** The same record: the same run and attempt at the same phase and versions (what a read back expects). */
export function sameRecord(a: DeploymentRecord | undefined, b: DeploymentRecord | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.run === b.run &&
    a.attempt === b.attempt &&
    a.phase === b.phase &&
    a.from === b.from &&
    a.to === b.to &&
    a.snapshot === b.snapshot &&
    // tag values keep whole milliseconds
    Math.abs(a.until - b.until) < 1
  );
}

export function describeRecord(r: DeploymentRecord): string {
  return (
    `run ${r.run} (attempt ${r.attempt}) in its ${r.phase} phase, version ${r.from}` +
    `${r.to !== undefined ? ` → ${r.to}` : ''}${r.snapshot ? `, snapshot ${r.snapshot}` : ''}`
  );
}

export type RecordVerdict =
  | { kind: 'none' }
  /** another run may be changing the application */
  | { kind: 'busy'; reason: string }
  /** left over by a lost runner or an earlier attempt: finish it before anything else */
  | { kind: 'leftover'; record: DeploymentRecord; reason: string };

/** What a run (`run`, `attempt`) does with the record it finds at `now`. */
export function judgeRecord(
  record: DeploymentRecord | undefined,
  run: { run: string; attempt: number },
  now: number,
): RecordVerdict {
  if (!record) return { kind: 'none' };
  const sameRun = record.run === run.run;
  if (sameRun && record.attempt < run.attempt) {
    return {
      kind: 'leftover',
      record,
      reason: `attempt ${record.attempt} of this run stopped without finishing`,
    };
  }
  if (!sameRun && now >= record.until) {
    return {
      kind: 'leftover',
      record,
      reason: `${describeRecord(record)} passed its deadline ${new Date(record.until).toISOString()} without finishing`,
    };
  }
  return {
    kind: 'busy',
    reason:
      `another deployment is in progress: ${describeRecord(record)}, until ${new Date(record.until).toISOString()}. ` +
      'Nothing was changed. Run one deployment per application at a time (a `concurrency:` group per application ' +
      'in the workflow); if that run is gone, run again after its deadline, or re-run that workflow run',
  };
}
