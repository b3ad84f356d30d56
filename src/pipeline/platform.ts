/**
 * The platform seam, owned by the pipeline: what the upgrade needs from whatever runs the Flink job, in
 * platform-neutral words. A platform (Managed Service for Apache Flink in `src/msf/`, a self-managed
 * Flink cluster in `src/flink/`) implements `Platform`; the entry points build one through their factory
 * and hand it to the pipeline, which never imports a platform folder.
 *
 * What belongs to the platform alone (MSF's bucket ARN and conditional token, its `RESTORE_FROM_*`
 * names, a JobManager's job id and JAR id) travels in the `native` bags below: JSON the platform writes
 * and reads back, that the pipeline stores (run state, report) and never looks into.
 *
 * Words: a *release* is what the application runs (artifact, engine version, parallelism, status); a
 * *checkpoint* is a retained copy of the job's state (MSF snapshot, Flink savepoint); the *engine* is
 * Apache Flink (its version as Flink names it: `1.20`, `2.2`). Times are clock ms (src/clock.ts).
 */
import type { Clock } from '../clock.js';
import type { Inputs } from '../inputs.js';
import type { Logger } from '../log.js';
import type { Baseline, GateResult, HealthSettings } from '../health/contract.js';
import type { ArtifactInfo } from './artifact-info.js';
import type { DeploymentRecord } from './deployment-record.js';

/** Opaque to the pipeline: the platform's own facts, JSON-serialisable (saved with the run state). */
export type Native = Readonly<Record<string, unknown>>;

/** What every platform call gets: time, a log, cancellation. The deadline is the run's (clock ms). */
export interface PlatformContext {
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
  /** absolute clock ms: when the run gives up */
  deadline: number;
  /** clock ms between polls of a long operation */
  pollIntervalMs: number;
  /** the run's timeout and its rollback's (ms), for messages that say what gave up when; optional */
  timeoutMs?: number;
  rollbackTimeoutMs?: number;
}

// ---- what the application runs ------------------------------------------------------------------

/** Where a build is kept: `s3://bucket/key` (MSF), a local path or JAR id (Flink). */
export interface ArtifactRef {
  /** for people and for equality: `s3://bucket/key`, `file:///…`, `flink-jar:<id>` */
  uri: string;
  /** the store's version of the object (S3 VersionId), when it keeps versions */
  version?: string;
  sha256Hex?: string;
  md5Hex?: string;
  size?: number;
}

/** A platform's status, mapped to what the pipeline reasons about; `status` keeps the platform's word. */
export type Liveness = 'running' | 'stopped' | 'changing' | 'failed' | 'unknown';

/** The application's current release: what runs now, and what a rollback returns to. */
export interface Release {
  /** the application (MSF) or job name (Flink) */
  application: string;
  /** the platform's own status word: `RUNNING`, `READY`, `UPDATING` (MSF), `RUNNING`, `FINISHED` (Flink) */
  status: string;
  liveness: Liveness;
  /** a number that grows with each change the platform records (MSF version id); absent when none */
  revision?: number;
  /** Flink version, `1.20` / `2.2` */
  engineVersion: string;
  /** the platform's name for it when it has one (`FLINK-1_20`), for messages */
  engineLabel?: string;
  artifact?: ArtifactRef;
  /** the configured parallelism (what a rollback restores) */
  parallelism?: number;
  /** the job's checkpoint interval, ms; undefined when checkpointing is off or unknown */
  checkpointIntervalMs?: number;
  /** whether the platform takes state checkpoints on stop/update (MSF: snapshots enabled) */
  checkpointsEnabled: boolean;
  /** where the job logs go (CloudWatch log groups …), for the summary */
  logLocations?: string[];
  native: Native;
}

/** A retained copy of the job's state: MSF snapshot, Flink savepoint. */
export interface Checkpoint {
  /** the name or path it is restored by (MSF snapshot name, savepoint path) */
  id: string;
  /** clock ms it was taken */
  createdAt?: number;
  /** the Flink version that wrote it */
  engineVersion?: string;
  engineLabel?: string;
  status: 'ready' | 'in-progress' | 'failed';
  native?: Native;
}

// ---- the plan -----------------------------------------------------------------------------------

export type RestoreIntent = 'latest' | 'checkpoint' | 'none';

/** What the upgrade will do, decided before anything changes. */
export interface ReleasePlan {
  application: string;
  /** the release running now: what a rollback returns to */
  previous: Release;
  artifact: ArtifactRef & { source: 'upload' | 'promote' };
  engine: {
    from: string;
    to: string;
    change: 'same' | 'upgrade' | 'major-upgrade' | 'downgrade';
    /** the Java feature release the new job will run on, when the platform reads it (the JAR check's) */
    javaRelease?: number;
  };
  /** restore from: the newest checkpoint, the one named, or none (stateless) */
  restore: { intent: RestoreIntent; checkpoint?: string; note?: string };
  allowNonRestoredState: boolean;
  parallelism?: { from?: number; to: number };
  /** take a checkpoint before changing anything */
  checkpoint: { take: boolean; name: string; note?: string };
  /** the checkpoint holding the state from before the upgrade (ours, or the newest on a stopped job) */
  preUpgradeCheckpoint?: Checkpoint;
  /** run the job after the update (false: a stopped application is left stopped) */
  start: boolean;
  warnings: string[];
  /** one line each, for the plan the run prints */
  lines?: string[];
  native: Native;
}

export type PlanDecision =
  | { kind: 'refuse'; reason: string; warnings: string[] }
  | { kind: 'unchanged'; reason: string; plan: ReleasePlan }
  | { kind: 'upgrade'; plan: ReleasePlan };

/** What the plan is decided from: the inputs and what the platform and the store just said. Pure. */
export interface PlanFacts {
  inputs: Inputs;
  release: Release;
  checkpoints: readonly Checkpoint[];
  artifact?: ArtifactInfo;
  /** a build already in the store, promoted without upload */
  promoted?: ArtifactRef;
  /** what the store says about the object the application runs now, when at the planned location */
  runningObject?: { sha256Hex?: string; size?: number };
  now: number;
}

// ---- how an update ends -------------------------------------------------------------------------

/** How the update (and what the platform did on its own) ended, before any rollback of the pipeline's. */
export type Landing =
  | { kind: 'verified'; release: Release }
  | { kind: 'unchanged'; reason: string }
  /** the platform returned to the previous release by itself (MSF system rollback); ok: it runs again */
  | { kind: 'platform-rolled-back'; reason: string; ok: boolean }
  | { kind: 'needs-rollback'; reason: string }
  | { kind: 'failed'; reason: string };

/** What the platform tells the pipeline while it updates, so a cancelled run can be finished later. */
export interface UpdateProgress {
  /** the platform started (or found) an operation worth recording: saved for the post step, reported */
  operation(record: OperationRecord): void;
  /** the plan was re-decided after a concurrent change (same intent, new facts) */
  replanned(plan: ReleasePlan): void;
  /** the platform is returning to the previous release by itself (MSF system rollback) */
  platformRollingBack(operationId: string): void;
  /** a line worth an annotation (it is logged too) */
  warn(message: string): void;
  /** another deployment changed the application since preflight: throws to end the run (never rolls back) */
  refuseIfSuperseded(what: string): Promise<void>;
  /** re-reads and re-decides the plan (the pipeline's own preflight facts, e.g. the store's answer) */
  replan(why: string): Promise<PlanDecision>;
  /**
   * optional: claims the deployment record for this plan just before the change goes out (one
   * deployment at a time); throws to end the run when another deployment holds it
   */
  claim?(plan: ReleasePlan): Promise<void>;
  /** optional: an error as one line of the run's result (its phase, a cancellation, what is left running) */
  explain?(err: unknown): string;
  /** optional: what the platform's own return to the previous release cost (the state it rewound to) */
  platformRollbackCost?(cost: RollbackCost): void;
}

/** An operation the platform ran: the update, the start after it, its own rollback. */
export interface OperationRecord {
  role: 'update' | 'start' | 'platform-rollback';
  id: string;
  /** the platform's name for it: `UpdateApplication`, `stop-with-savepoint`, `run-jar` */
  operation: string;
  status: string;
  errorString?: string;
}

/** The change went out (answered, or found applied after a lost answer): what to follow and verify. */
export interface UpdateSent {
  /** the plan as sent (re-decided after a concurrent change) */
  plan: ReleasePlan;
  /** the release the platform should run once the update lands (saved: the post step may roll it back) */
  expected: Release;
  /** one line for the phase note */
  note: string;
  /** the platform's own handle: operation id, call time, expected revision, job id … */
  native: Native;
}

/** How following the change ended: undefined landing = it completed; verify next. */
export interface Followed {
  landing?: Landing;
  /** one line for the phase note */
  note: string;
}

// ---- rollback -----------------------------------------------------------------------------------

export interface RollbackRequest {
  application: string;
  /** the release to return to (read before the update) */
  previous: Release;
  /** the status before the upgrade: a stopped application is returned stopped, never started */
  leaveStopped: boolean;
  preUpgradeCheckpoint?: Checkpoint;
  /** one line: why */
  reason: string;
  allowNonRestoredState?: boolean;
  /** refuse to restore a checkpoint older than this (ms); 0 or absent = no limit */
  maxStateAgeMs?: number;
}

/** What a rollback cost: the state it rewound to and what that means for the data. */
export interface RollbackCost {
  checkpoint: string;
  checkpointAt?: number;
  stoppedAt?: number;
  rewindSeconds?: number;
  forcedStop: boolean;
  /** one line for people */
  text: string;
}

export interface RollbackResult {
  outcome: 'rolled-back' | 'failed';
  /** which way, in the platform's words (`rollback-application`, `restore-named-snapshot`, `rerun-from-savepoint`) */
  path: string;
  /** one paragraph: what happened, and when failed, the state left behind and what to do */
  message: string;
  release?: Release;
  decision?: string;
  restoredCheckpoint?: string;
  rollbackPoint?: string;
  manualSteps?: string[];
  cost?: RollbackCost;
  operationId?: string;
}

// ---- the two other seams ------------------------------------------------------------------------

/** Where the build goes: S3 (MSF), the JobManager's JAR store or a shared folder (Flink). */
export interface ArtifactStore {
  /** where a build of this version would be put (inputs bucket/key, or the store's default) */
  locate(facts: { inputs: Inputs; release: Release; artifact?: ArtifactInfo }): ArtifactRef;
  /** what the store says about an object (size, declared digest, version); undefined when absent */
  inspect(ctx: PlatformContext, ref: ArtifactRef): Promise<ArtifactRef | undefined>;
  /** a build already in the store, to promote: verified against `sha256Hex` when given */
  promote(ctx: PlatformContext, ref: ArtifactRef, sha256Hex?: string): Promise<ArtifactRef>;
  /** puts the build there (skipping when the same bytes are already there); progress lines through ctx.log */
  put(
    ctx: PlatformContext,
    artifact: ArtifactInfo,
    ref: ArtifactRef,
  ): Promise<{ ref: ArtifactRef; skipped: boolean; note: string }>;
}

/** Where health comes from: CloudWatch + the Flink dashboard (MSF), the JobManager REST API (Flink). */
export interface HealthSource {
  /** one line for the plan: what the gate will watch and when it fails */
  describe(settings: HealthSettings, checkpointIntervalMs: number | undefined): string;
  /** the figures before the update, what the bake is compared with */
  baseline(ctx: PlatformContext, req: { release: Release; settings: HealthSettings }): Promise<Baseline>;
  /** watches the landed release for the bake time; never throws for an unhealthy job (a verdict) */
  bake(
    ctx: PlatformContext,
    req: { landed: Release; baseline: Baseline; settings: HealthSettings },
  ): Promise<GateResult>;
}

/** How many checkpoints the platform lets an application hold, and its words when that runs out. */
export interface CheckpointQuota {
  limit: number;
  /** at the limit: the pre-upgrade checkpoint would be refused (what to delete, how) */
  full(count: number | undefined): string;
  /** a warning when close to the limit; undefined when not */
  nearlyFull(count: number): string | undefined;
}

// ---- the platform -------------------------------------------------------------------------------

export interface Platform {
  /** for messages: "Managed Service for Apache Flink", "Apache Flink cluster" */
  readonly name: string;
  /** where it is, for messages: an AWS region, a JobManager URL */
  readonly location: string;
  readonly application: string;
  readonly artifacts: ArtifactStore;
  readonly health: HealthSource;

  describe(ctx: PlatformContext): Promise<Release>;
  listCheckpoints(ctx: PlatformContext): Promise<Checkpoint[]>;
  /** the plan from the facts: pure, the platform's rules (engine versions, restore, quotas) */
  plan(facts: PlanFacts): PlanDecision;
  /** takes the pre-upgrade checkpoint and waits until it is ready (PhaseError when it cannot be) */
  takeCheckpoint(ctx: PlatformContext, plan: ReleasePlan): Promise<Checkpoint>;
  /**
   * Sends the change (the artifact is already in the store). `UpdateSent` once it went out; a Landing
   * when it did not need to or could not (nothing changed); throws when it failed before going out.
   * Lost answers are the platform's to recognise (a call applied whose answer never came).
   */
  update(ctx: PlatformContext, plan: ReleasePlan, progress: UpdateProgress): Promise<UpdateSent | Landing>;
  /** Follows the change (and a start after it) to its end, with progress lines and the run's deadline. */
  follow(ctx: PlatformContext, sent: UpdateSent, progress: UpdateProgress): Promise<Followed>;
  /** Reads the application back: `verified` with the release it runs, or why not. */
  verify(ctx: PlatformContext, sent: UpdateSent): Promise<{ landing: Landing; note: string }>;
  /** Returns to `request.previous` with its state. Never throws: a failure is a result. */
  rollBack(ctx: PlatformContext, request: RollbackRequest): Promise<RollbackResult>;
  /** the commands that finish a rollback by hand, in the platform's own tool (aws CLI, flink CLI/curl) */
  manualSteps(request: RollbackRequest, rollbackPoint?: string): string[];
  /** one line: `RUNNING on FLINK-1_20, s3://…, version 7` */
  describeRelease(release: Release): string;

  /** optional: a limit on the checkpoints an application holds (MSF's snapshot quota) */
  readonly checkpointQuota?: CheckpointQuota;
  /** optional: removes an old checkpoint (keep-snapshots) */
  deleteCheckpoint?(ctx: PlatformContext, checkpoint: Checkpoint): Promise<void>;
  /** optional: the deployment record on the platform's side (one deployment at a time) */
  readRecord?(ctx: PlatformContext): Promise<DeploymentRecord | undefined>;
  writeRecord?(ctx: PlatformContext, record: DeploymentRecord): Promise<void>;
  clearRecord?(ctx: PlatformContext): Promise<void>;
  /** optional: a release as it was at a revision (what a re-run rolls a leftover back to) */
  describeRevision?(ctx: PlatformContext, revision: number): Promise<Release>;
}

/** Builds the platform named by the inputs; each entry point calls the one factory once. */
export type PlatformFactory = (inputs: Inputs) => Platform;
