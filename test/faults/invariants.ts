/**
 * The fault suite's one invariant checker: over the emulator's recorded calls and final state, and the
 * runs' results, never over the action's internals.
 *
 * 1. the rollback point exists and is READY before any UpdateApplication;
 * 2. at most one UpdateApplication to new code per run, never on top of another deployment;
 * 3. the run ends upgraded-and-baked on the new version, rolled back and healthy on the old, or untouched
 *    with a clear instruction; `result`, the exit code and the real final state agree;
 * 4. never green after a rollback, never green for an unbaked version;
 * 5. no snapshot a rollback could need is deleted or replaced.
 */
import type { UpgradeReport } from '../../src/report/types.js';
import { isFailure } from '../../src/report/outputs.js';

export interface RecordedCall {
  service: string;
  operation: string;
  status: number;
  errorCode?: string;
  time: number;
}

export interface AppView {
  name: string;
  status: string;
  versionId: number;
  fileKey?: string;
  versions: { versionId: number; fileKey?: string; updatedFrom?: number; rolledBackFrom?: number }[];
  snapshots: { name: string; status: string; createdAt?: number }[];
}

/** One run as the checker sees it: its report (absent when refused at input time) and exit code. */
export interface RunView {
  report?: UpgradeReport;
  exitCode: number;
  /** the code key this run deploys */
  newKey: string;
  /** bake-time of the run, ms */
  bakeMs: number;
}

export interface Observation {
  calls: RecordedCall[];
  app: AppView;
  /** the application's code before any run */
  oldKey: string;
  runs: RunView[];
}

const CLEAR_INSTRUCTION =
  /Fix:|run again|aws kinesisanalyticsv2|superseded|another deployment|refused|set |use one of|check /i;

/** The invariants that do not hold, each as one line (empty: all held). */
export function violations(o: Observation): string[] {
  const out: string[] = [];
  const ok = (cond: boolean, n: number, what: string): void => {
    if (!cond) out.push(`invariant ${n}: ${what}`);
  };
  const msf = o.calls.filter((c) => c.service === 'kinesisanalyticsv2');
  const updates = msf.filter((c) => c.operation === 'UpdateApplication' && c.status === 200);
  const newKeys = new Set(o.runs.map((r) => r.newKey));
  // a deployment changes the code to a run's build (MSF's own versions, e.g. autoscaling, keep the code)
  const deployments = o.app.versions.filter(
    (v) =>
      v.updatedFrom !== undefined &&
      v.fileKey !== undefined &&
      newKeys.has(v.fileKey) &&
      o.app.versions.find((b) => b.versionId === v.updatedFrom)?.fileKey !== v.fileKey,
  );

  // 1. a READY snapshot taken before the first update to new code (or an older READY one kept)
  if (deployments.length > 0) {
    const firstUpdate = updates[0]?.time ?? Infinity;
    const readyBefore = o.app.snapshots.some(
      (s) => s.status === 'READY' && (s.createdAt === undefined || s.createdAt <= firstUpdate),
    );
    ok(readyBefore, 1, `no READY snapshot existed before UpdateApplication at ${firstUpdate}`);
  }

  // 2. at most one deployment of new code per run, and never one deployment on top of another's
  ok(
    deployments.length <= o.runs.length,
    2,
    `${deployments.length} deployments of new code by ${o.runs.length} run(s)`,
  );
  for (const v of deployments) {
    const base = o.app.versions.find((b) => b.versionId === v.updatedFrom);
    ok(
      !(base?.fileKey && newKeys.has(base.fileKey) && base.fileKey !== v.fileKey),
      2,
      `version ${v.versionId} (${v.fileKey}) was deployed on top of another deployment's version ${base?.versionId}`,
    );
  }

  // 3 + 4, per run
  const finalKey = o.app.fileKey;
  const rolledBack = msf.some((c) => c.operation === 'RollbackApplication' && c.status === 200);
  for (const [i, run] of o.runs.entries()) {
    const r = run.report;
    const tag = `run ${i + 1}`;
    if (!r) {
      ok(run.exitCode !== 0, 3, `${tag} was refused at input time but exited 0`);
      continue;
    }
    ok((run.exitCode !== 0) === isFailure(r), 3, `${tag}: result ${r.result} with exit code ${run.exitCode}`);
    if (r.result === 'upgraded') {
      ok(
        finalKey === run.newKey && o.app.status === 'RUNNING',
        3,
        `${tag}: upgraded, but the application is ${o.app.status} on ${finalKey}`,
      );
      ok(!rolledBack, 4, `${tag}: upgraded although a RollbackApplication succeeded`);
      if (run.bakeMs > 0)
        ok(
          r.gate?.verdict === 'healthy',
          4,
          `${tag}: upgraded without a healthy bake (${r.gate?.verdict ?? 'no gate'})`,
        );
    } else if (r.result === 'rolled-back') {
      ok(
        finalKey === o.oldKey && (o.app.status === 'RUNNING' || o.app.status === 'READY'),
        3,
        `${tag}: rolled-back, but the application is ${o.app.status} on ${finalKey}`,
      );
    } else if (r.result === 'unchanged' || r.result === 'planned') {
      ok(run.exitCode === 0, 3, `${tag}: ${r.result} with exit code ${run.exitCode}`);
    } else {
      // failed: untouched, or a clear instruction saying what is live and what to do
      const untouched =
        finalKey === o.oldKey || o.runs.some((x) => x !== run && x.report?.result === 'upgraded');
      ok(
        untouched || CLEAR_INSTRUCTION.test(r.reason),
        3,
        `${tag}: failed on ${finalKey} without a clear instruction: ${r.reason}`,
      );
      ok(CLEAR_INSTRUCTION.test(r.reason) || untouched, 3, `${tag}: failed without saying what to do`);
    }
  }

  // 5. no snapshot deleted; each run's pre-upgrade snapshot still READY once its update went out
  ok(
    !msf.some((c) => c.operation === 'DeleteApplicationSnapshot' && c.status === 200),
    5,
    'a snapshot was deleted',
  );
  for (const run of o.runs) {
    const name = run.report?.snapshotName;
    if (name && run.report?.operation) {
      ok(
        o.app.snapshots.some((s) => s.name === name && s.status === 'READY'),
        5,
        `pre-upgrade snapshot ${name} is gone or not READY`,
      );
    }
  }
  return out;
}
