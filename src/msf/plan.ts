/**
 * MSF's upgrade plan: what will change, decided from the inputs and what the application looks like now
 * (its runtimes, snapshots, restore types, system rollback). Pure: no AWS calls, so every rule is
 * unit-tested. The run asks for it through the target (FlinkTarget.plan).
 */
import type { Inputs, RestoreMode } from '../inputs.js';
import type { ApplicationView, OperationView, SnapshotView } from './application.js';
import { bucketArnFor, bucketNameFromArn } from '../aws/s3-arn.js';
import { newestReadySnapshot, toVersionRef } from './application.js';
import {
  compareRuntimes,
  isFlinkRuntime,
  judgeRuntimeChange,
  newestRuntime,
  type RuntimeVerdict,
} from './runtime.js';
import { formatAge, staleBecause } from './rollback-plan.js';
import type { VersionRef } from './application.js';
import type { ArtifactInfo, PromotedObject } from '../pipeline/artifact-info.js';

export type { ArtifactInfo, PromotedObject };

export type RestoreType =
  'SKIP_RESTORE_FROM_SNAPSHOT' | 'RESTORE_FROM_LATEST_SNAPSHOT' | 'RESTORE_FROM_CUSTOM_SNAPSHOT';

export interface UpgradePlan {
  application: string;
  status: string;
  /** the version running now: what a rollback returns to */
  previous: VersionRef;
  /** optimistic lock for the update */
  expected: { versionId: number; conditionalToken?: string };
  runtime: { from: string; to: string; change: RuntimeVerdict['kind'] };
  code: {
    bucket: string;
    bucketArn: string;
    key: string;
    /** S3 VersionId of the new object, once known (versioned bucket) */
    objectVersion?: string;
    source: 'upload' | 'promote';
    /** sha256 of the build that will run */
    sha256Hex?: string;
    md5Hex?: string;
    size?: number;
  };
  restore: { mode: RestoreMode; type: RestoreType; snapshotName?: string; note?: string };
  allowNonRestoredState: boolean;
  parallelism?: { from?: number; to: number };
  snapshot: { take: boolean; name: string; note?: string };
  /** the snapshot that holds the state from before the upgrade (ours, or the newest one on a READY app) */
  preUpgradeSnapshot?: { name: string; runtime?: string; createdAt?: number };
  enableSystemRollback: boolean;
  /**
   * READY application with start: true: UpdateApplication, then StartApplication (MSF checks
   * compatibility at start). Without it a stopped application is upgraded and left READY.
   */
  startAfterUpdate: boolean;
  warnings: string[];
}

export type PlanDecision =
  | { kind: 'refuse'; reason: string; warnings: string[] }
  | { kind: 'unchanged'; reason: string; plan: UpgradePlan }
  | { kind: 'upgrade'; plan: UpgradePlan };

export interface PlanFacts {
  inputs: Inputs;
  region: string;
  app: ApplicationView;
  snapshots: readonly SnapshotView[];
  /** newest first */
  operations: readonly OperationView[];
  artifact?: ArtifactInfo;
  promoted?: PromotedObject;
  /**
   * The object the application runs today, when it is at the planned location: its SHA-256 as S3
   * declares it. Used to recognise "already deployed" when CodeMD5 is not a plain MD5.
   */
  runningObject?: { sha256Hex?: string; size?: number };
  /** clock ms: the age of snapshots (max-state-age) and a fresh snapshot name are judged from it */
  now?: number;
}

/**
 * A snapshot name not yet used on the application: `<name>-<UTC time>` (and `-2`, `-3` … if even that is
 * taken), within MSF's 256 characters. An existing snapshot with the requested name is never reused as
 * the rollback point: it may be hours old (a fixed or per-version name repeats on every redeploy).
 */
export function freshSnapshotName(name: string, taken: readonly SnapshotView[], now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const used = new Set(taken.map((s) => s.name));
  for (let n = 1; ; n++) {
    const suffix = `-${stamp}${n > 1 ? `-${n}` : ''}`;
    const candidate = `${name.slice(0, 256 - suffix.length)}${suffix}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** `name (FLINK-1_19, 3h ago)` for a list of snapshots in a refusal. */
function listSnapshots(snapshots: readonly SnapshotView[], now: number | undefined): string {
  const ready = snapshots.filter((s) => s.status === 'READY');
  if (ready.length === 0) return 'none READY';
  return ready
    .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))
    .slice(0, 10)
    .map(
      (s) =>
        `${s.name} (${s.runtime ?? 'runtime unknown'}${now !== undefined && s.createdAt !== undefined ? `, ${formatAge(now - s.createdAt)} old` : ''})`,
    )
    .join(', ');
}

/** `<application>/<version>/<file name>`. */
export function defaultKey(application: string, version: string, fileName: string): string {
  return `${application}/${version}/${fileName}`;
}

export function restoreTypeFor(mode: RestoreMode): RestoreType {
  switch (mode) {
    case 'latest':
      return 'RESTORE_FROM_LATEST_SNAPSHOT';
    case 'snapshot':
      return 'RESTORE_FROM_CUSTOM_SNAPSHOT';
    case 'none':
      return 'SKIP_RESTORE_FROM_SNAPSHOT';
  }
}

const STEADY = new Set(['RUNNING', 'READY']);

/** Decides what the run will do. Refusals are one line naming the condition and the fix. */
export function buildPlan(facts: PlanFacts): PlanDecision {
  const { inputs, app } = facts;
  const warnings: string[] = [];
  const refuse = (reason: string): PlanDecision => ({ kind: 'refuse', reason, warnings });

  if (!STEADY.has(app.status)) {
    // MSF accepts RollbackApplication only in RUNNING, UPDATING and AUTOSCALING.
    const rollbackHint =
      app.status === 'UPDATING' || app.status === 'AUTOSCALING' ? ' (or roll it back)' : '';
    return refuse(
      `application ${app.name} is ${app.status}, not RUNNING or READY; wait until its current transition ends` +
        `${rollbackHint} and run again`,
    );
  }
  const busy = facts.operations.find((o) => o.status === 'IN_PROGRESS');
  if (busy) {
    return refuse(
      `operation ${busy.operation} ${busy.id} is still IN_PROGRESS on ${app.name}; wait for it to finish and run again`,
    );
  }
  if (!isFlinkRuntime(app.runtime)) {
    return refuse(
      `application ${app.name} runs ${app.runtime}, not an Apache Flink runtime; this action upgrades Flink applications only`,
    );
  }

  // Where the code goes.
  const bucket = inputs.bucket ?? app.bucket;
  if (!bucket) {
    return refuse(
      `application ${app.name} does not run its code from S3; set bucket to the bucket to upload the build to`,
    );
  }
  let key: string;
  if (inputs.key) key = inputs.key;
  else if (facts.artifact) key = defaultKey(app.name, inputs.version, facts.artifact.fileName);
  else return refuse('set key (the object to promote) or artifact (a build to upload)');
  const sameLocation = bucket === app.bucket && key === app.fileKey;

  // Target runtime and parallelism.
  const targetRuntime = inputs.runtime ?? app.runtime;
  const parallelismChange =
    inputs.parallelism !== undefined && inputs.parallelism !== app.parallelism
      ? { ...(app.parallelism !== undefined ? { from: app.parallelism } : {}), to: inputs.parallelism }
      : undefined;

  const codeSame = facts.artifact
    ? sameLocation && sameBuild(app, facts.artifact, facts.runningObject)
    : sameLocation &&
      (facts.promoted?.versionId === undefined || facts.promoted.versionId === app.objectVersion);

  const isReady = app.status === 'READY';
  const newestSnapshot = newestReadySnapshot(facts.snapshots);
  const ownSnapshot = facts.snapshots.find((s) => s.name === inputs.snapshotName);

  const restoreType = restoreTypeFor(inputs.restore);
  const plan: UpgradePlan = {
    application: app.name,
    status: app.status,
    previous: toVersionRef(app),
    expected: {
      versionId: app.versionId,
      ...(app.conditionalToken ? { conditionalToken: app.conditionalToken } : {}),
    },
    runtime: { from: app.runtime, to: targetRuntime, change: 'same' },
    code: {
      bucket,
      bucketArn: bucketArnFor(bucket, facts.region, app.bucketArn),
      key,
      source: facts.artifact ? 'upload' : 'promote',
      ...(facts.artifact
        ? { sha256Hex: facts.artifact.sha256Hex, md5Hex: facts.artifact.md5Hex, size: facts.artifact.size }
        : facts.promoted
          ? {
              ...(facts.promoted.sha256Hex ? { sha256Hex: facts.promoted.sha256Hex } : {}),
              size: facts.promoted.size,
              ...(facts.promoted.versionId ? { objectVersion: facts.promoted.versionId } : {}),
            }
          : {}),
    },
    restore: { mode: inputs.restore, type: restoreType },
    allowNonRestoredState: inputs.allowNonRestoredState,
    ...(parallelismChange ? { parallelism: parallelismChange } : {}),
    snapshot: { take: false, name: inputs.snapshotName },
    enableSystemRollback: inputs.systemRollback === 'enable',
    startAfterUpdate: isReady && inputs.start,
    warnings,
  };

  if (targetRuntime === app.runtime && codeSame && !parallelismChange) {
    return {
      kind: 'unchanged',
      reason:
        `${app.name} already runs ${app.runtime} with s3://${bucket}/${key}` +
        (facts.artifact
          ? ` (${facts.artifact.size} bytes, sha256 ${facts.artifact.sha256Hex.slice(0, 12)}…)`
          : '') +
        `, version ${app.versionId}${isReady ? ' (the application is READY, not running)' : ''}`,
      plan,
    };
  }

  // Never overwrite the object the application runs today: a rollback needs it.
  if (facts.artifact && sameLocation && !codeSame) {
    return refuse(
      `s3://${bucket}/${key} is the object ${app.name} runs today and the new build differs from it; ` +
        'set a new version (or key) so the running build stays available for a rollback',
    );
  }

  // State and snapshots.
  const stateful = inputs.restore !== 'none';
  if (stateful && !app.snapshotsEnabled) {
    return refuse(
      `snapshots are disabled on ${app.name}, so restore: ${inputs.restore} has no state to restore; enable snapshots ` +
        '(ApplicationSnapshotConfiguration) or use restore: none to start without state',
    );
  }
  const ageOptions = {
    maxStateAgeMs: inputs.maxStateAgeMs,
    ...(facts.now !== undefined ? { now: facts.now } : {}),
  };
  const staleFix =
    'use restore: none to start without state, raise max-state-age (0 = no limit) to restore it anyway, or start the application and run again (a running application is snapshotted first)';
  if (isReady) {
    // Stopped: the state is the newest snapshot (normally MSF's, taken at the stop). A snapshot that only
    // has the requested name is not preferred to it.
    const restoreFrom = newestSnapshot;
    if (restoreFrom) {
      plan.snapshot.note =
        `${app.name} is READY (stopped): no snapshot can be taken; relying on the newest snapshot ${restoreFrom.name}` +
        (ownSnapshot && ownSnapshot !== restoreFrom
          ? ` (an older snapshot named ${ownSnapshot.name} exists and is not used)`
          : '');
      plan.preUpgradeSnapshot = snapshotRef(restoreFrom);
    } else {
      plan.snapshot.note = `${app.name} is READY (stopped): no snapshot can be taken and none exists`;
    }
    if (inputs.restore === 'snapshot') {
      if (!restoreFrom) {
        return refuse(
          `restore: snapshot needs a snapshot, but ${app.name} is READY (a stopped application cannot be snapshotted) ` +
            'and has none; use restore: none to start without state',
        );
      }
      plan.restore.snapshotName = restoreFrom.name;
      plan.restore.note = `restoring the newest existing snapshot ${restoreFrom.name}`;
    } else if (inputs.restore === 'latest' && !newestSnapshot) {
      warnings.push(`${app.name} has no snapshot: the job will start without state`);
    }
    if (stateful && restoreFrom) {
      const stale = staleBecause(restoreFrom, ageOptions, staleFix);
      if (stale) return refuse(`the upgraded job would restore stale state: ${stale}`);
    }
  } else if (app.snapshotsEnabled) {
    plan.snapshot.take = true;
    if (ownSnapshot) {
      plan.snapshot.name = freshSnapshotName(inputs.snapshotName, facts.snapshots, facts.now ?? Date.now());
      plan.snapshot.note =
        `a snapshot named ${ownSnapshot.name} already exists (${ownSnapshot.status}` +
        `${facts.now !== undefined && ownSnapshot.createdAt !== undefined ? `, ${formatAge(facts.now - ownSnapshot.createdAt)} old` : ''}` +
        `); it is not reused as the rollback point: taking a fresh snapshot ${plan.snapshot.name}`;
      warnings.push(plan.snapshot.note);
    }
    plan.preUpgradeSnapshot = { name: plan.snapshot.name, runtime: app.runtime };
    if (inputs.restore === 'snapshot') {
      plan.restore.snapshotName = plan.snapshot.name;
      plan.restore.note =
        `restoring ${plan.snapshot.name}, taken before the upload, the baseline and the update: the job's state and ` +
        'source positions rewind to that moment (what the current job processes until the update is replayed, and ' +
        "what it writes meanwhile stays); restore: latest restores MSF's own snapshot taken at the update instead";
    }
  } else {
    plan.snapshot.note = `snapshots are disabled on ${app.name}: no pre-upgrade snapshot; a rollback cannot restore state`;
    const old = newestSnapshot ? staleBecause(newestSnapshot, ageOptions) : undefined;
    if (newestSnapshot) {
      plan.snapshot.note +=
        ` (RollbackApplication would restore the newest snapshot ${newestSnapshot.name}` +
        `${facts.now !== undefined && newestSnapshot.createdAt !== undefined ? `, ${formatAge(facts.now - newestSnapshot.createdAt)} old` : ''}` +
        `${old ? ', older than max-state-age: a rollback would be refused' : ''})`;
    }
    warnings.push(plan.snapshot.note);
  }

  // A stateful downgrade restores a snapshot taken on the target runtime or older (MSF's rule).
  if (
    stateful &&
    isFlinkRuntime(targetRuntime) &&
    isFlinkRuntime(app.runtime) &&
    compareRuntimes(targetRuntime, app.runtime) < 0 &&
    inputs.allowDowngrade
  ) {
    const suitable = facts.snapshots
      .filter(
        (s) =>
          s.status === 'READY' &&
          s.runtime !== undefined &&
          isFlinkRuntime(s.runtime) &&
          compareRuntimes(s.runtime, targetRuntime) <= 0,
      )
      .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))[0];
    if (!suitable) {
      return refuse(
        `stateful downgrade to ${targetRuntime} needs a READY snapshot taken on ${targetRuntime} or older, and ${app.name} ` +
          `has none (snapshots: ${listSnapshots(facts.snapshots, facts.now)}); use restore: none to start without state`,
      );
    }
    const stale = staleBecause(suitable, ageOptions, staleFix.replace(/, or start the application.*$/, ''));
    if (stale) return refuse(`stateful downgrade to ${targetRuntime}: ${stale}`);
    plan.restore.type = 'RESTORE_FROM_CUSTOM_SNAPSHOT';
    plan.restore.snapshotName = suitable.name;
    plan.restore.note =
      `downgrade: restoring ${suitable.name} (${suitable.runtime}), the newest READY snapshot taken on ${targetRuntime} or older` +
      `${facts.now !== undefined && suitable.createdAt !== undefined ? `, ${formatAge(facts.now - suitable.createdAt)} old` : ''}` +
      ': MSF restores a downgrade only from such a snapshot';
  }

  // Runtime rules.
  const stateRuntime = stateful
    ? plan.restore.type === 'RESTORE_FROM_CUSTOM_SNAPSHOT'
      ? plan.restore.snapshotName === plan.snapshot.name && plan.snapshot.take
        ? app.runtime
        : facts.snapshots.find((s) => s.name === plan.restore.snapshotName)?.runtime
      : newestRuntime([newestSnapshot?.runtime, isReady ? undefined : app.runtime])
    : undefined;
  const verdict = judgeRuntimeChange({
    current: app.runtime,
    target: targetRuntime,
    stateful,
    ...(stateRuntime ? { stateRuntime } : {}),
    allowMajorUpgrade: inputs.allowMajorUpgrade,
    allowDowngrade: inputs.allowDowngrade,
  });
  warnings.push(...verdict.warnings);
  if (verdict.refusal) return refuse(verdict.refusal);
  plan.runtime.change = verdict.kind;

  if (!app.systemRollbackEnabled && !plan.enableSystemRollback) {
    warnings.push(
      `system rollback is off on ${app.name}: if the update fails, MSF leaves the application as it is ` +
        '(system-rollback: enable turns it on in the same update)',
    );
  }
  return { kind: 'upgrade', plan };
}

/**
 * Is the build the application runs the same as the local one? CodeMD5 decides when it is an MD5 (32
 * hex characters); otherwise the SHA-256 the running object declares in S3. The size must match too.
 */
export function sameBuild(
  app: Pick<ApplicationView, 'codeMd5' | 'codeSize'>,
  artifact: Pick<ArtifactInfo, 'md5Hex' | 'sha256Hex' | 'size'>,
  runningObject?: { sha256Hex?: string; size?: number },
): boolean {
  if (app.codeSize !== undefined && app.codeSize !== artifact.size) return false;
  if (app.codeMd5 && /^[0-9a-f]{32}$/.test(app.codeMd5)) return app.codeMd5 === artifact.md5Hex;
  if (runningObject?.size !== undefined && runningObject.size !== artifact.size) return false;
  return runningObject?.sha256Hex !== undefined && runningObject.sha256Hex === artifact.sha256Hex;
}

function snapshotRef(s: SnapshotView): { name: string; runtime?: string; createdAt?: number } {
  return {
    name: s.name,
    ...(s.runtime ? { runtime: s.runtime } : {}),
    ...(s.createdAt !== undefined ? { createdAt: s.createdAt } : {}),
  };
}

/** The plan as the lines a person reads before it runs (dry-run and the log); its warnings apart. */
export function describePlan(
  plan: UpgradePlan,
  extra: { jarFindings?: string[]; gate?: string } = {},
): string[] {
  const lines: string[] = [];
  const rt =
    plan.runtime.from === plan.runtime.to
      ? `runtime: ${plan.runtime.to} (unchanged)`
      : `runtime: ${plan.runtime.from} → ${plan.runtime.to} (${plan.runtime.change})`;
  lines.push(rt);
  lines.push(
    `code: ${plan.previous.fileKey ? `s3://${bucketOf(plan.previous.bucketArn)}/${plan.previous.fileKey}` : '(not in S3)'} → ` +
      `s3://${plan.code.bucket}/${plan.code.key}` +
      (plan.code.source === 'promote' ? ' (promoted, no upload)' : ' (upload)'),
  );
  lines.push(
    `restore: ${plan.restore.type}${plan.restore.snapshotName ? ` ${plan.restore.snapshotName}` : ''}` +
      `, allow-non-restored-state: ${plan.allowNonRestoredState}`,
  );
  if (plan.parallelism) lines.push(`parallelism: ${plan.parallelism.from ?? '?'} → ${plan.parallelism.to}`);
  lines.push(
    plan.snapshot.take
      ? `snapshot: ${plan.snapshot.name} before the update`
      : `snapshot: none taken${plan.snapshot.note ? ` (${plan.snapshot.note})` : ''}`,
  );
  lines.push(`system rollback: ${plan.enableSystemRollback ? 'enabled in the same update' : 'kept as is'}`);
  lines.push(`rollback point: ${rollbackPointLine(plan)}`);
  if (plan.startAfterUpdate) lines.push('then: StartApplication (the application is READY; start: true)');
  else if (plan.status === 'READY')
    lines.push('then: left READY (stopped), no health gate; start: true starts it after the upgrade');
  if (plan.restore.note) lines.push(`restore note: ${plan.restore.note}`);
  if (extra.gate && !(plan.status === 'READY' && !plan.startAfterUpdate)) lines.push(extra.gate);
  for (const f of extra.jarFindings ?? []) lines.push(`jar-check: ${f}`);
  // plan.warnings are reported once, as warnings (log, annotation, the summary's Warnings)
  return lines;
}

/** Which snapshot a rollback of this plan would restore, and why (one line). */
function rollbackPointLine(plan: UpgradePlan): string {
  const back = plan.status === 'READY' ? ' (left READY: the application was stopped)' : '';
  if (plan.snapshot.take) {
    return (
      `the newest READY snapshot of version ${plan.previous.versionId} (${plan.previous.runtime}): normally MSF's own, ` +
      `taken at the update, else ${plan.snapshot.name}; never one of the new version${back}`
    );
  }
  if (plan.preUpgradeSnapshot) {
    return `${plan.preUpgradeSnapshot.name}, the newest READY snapshot of version ${plan.previous.versionId}${back}`;
  }
  return `none: no snapshot of version ${plan.previous.versionId} exists${back}`;
}

function bucketOf(arn: string | undefined): string {
  return arn === undefined ? '?' : (bucketNameFromArn(arn) ?? arn);
}

/**
 * What `restore: snapshot` cost an upgrade: the new job restored our pre-upgrade snapshot, so its state
 * and source positions rewound from the snapshot to the old job's stop (the update's start, clock ms).
 * A clause for the result; '' when the job did not restore it. Pure.
 */
export function restoreCostClause(plan: UpgradePlan, updateStartedAt: number): string {
  const snap = plan.preUpgradeSnapshot;
  if (
    !snap?.createdAt ||
    plan.status === 'READY' ||
    plan.restore.type !== 'RESTORE_FROM_CUSTOM_SNAPSHOT' ||
    plan.restore.snapshotName !== snap.name
  )
    return '';
  const rewind = Math.max(0, Math.round((updateStartedAt - snap.createdAt) / 1000));
  return (
    `; the new job restored ${snap.name} (taken ${new Date(snap.createdAt).toISOString()}): its state and source ` +
    `positions rewound ${rewind}s, so what the old job processed in that window is replayed (what it wrote stays)`
  );
}
