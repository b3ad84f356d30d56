/**
 * The MSF-shaped seam the run drives today: MsfTarget (`src/msf/target.ts`) implements it, built once
 * by `src/platforms.ts`. Its views are MSF's (ApplicationView, UpgradePlan, VersionRef); the
 * platform-neutral seam a second platform implements is `Platform` in `./platform.ts`, and the run moves
 * onto it part by part (test/unit/architecture.test.ts lists the MSF imports still to go).
 *
 * Behind MsfTarget, MSF's implementation: `src/msf/` (the kinesisanalyticsv2 calls, their requests and
 * views, the runtime rules, the rollback and its path decision, and its health reader in `src/msf/health/`:
 * CloudWatch, the Flink dashboard); the gate loop and the evaluation in `src/health/` are neutral.
 */
import type { ApplicationView, OperationView, SnapshotView } from '../msf/application.js';
import type { RollbackCost, RollbackRequest, RollbackResult } from '../msf/rollback-contract.js';
import type { Baseline, GateResult, HealthSettings } from '../health/contract.js';
import type { BakeRequest } from '../health/gate.js';
import type { OperationRecord } from '../report/types.js';
import type { PhaseDeps } from './deps.js';
import type { VersionRef } from '../msf/application.js';
import type { DeploymentRecord } from './deployment-record.js';
import type { Phase } from './errors.js';
import type { PlanDecision, PlanFacts, UpgradePlan } from '../msf/plan.js';
import type { ArtifactInfo, PromotedObject } from './artifact-info.js';
import type { CheckpointQuota } from './platform.js';

/** A snapshot to take before the update: its name, until when, how often to look. */
export interface SnapshotRequest {
  name: string;
  /** absolute clock ms */
  deadline: number;
  intervalMs: number;
}

export type { ApplicationView, OperationView, SnapshotView };

/** How the update and its operation ended, before any rollback of ours. */
export type Landing =
  | { kind: 'verified'; app: ApplicationView }
  | { kind: 'unchanged'; reason: string }
  | { kind: 'system-rolled-back'; reason: string; ok: boolean }
  | { kind: 'needs-rollback'; reason: string }
  | { kind: 'failed'; reason: string };

/** What following an update may touch on the run (src/pipeline/upgrade.ts gives it; the platform follows). */
export interface FollowContext {
  deps: PhaseDeps;
  /** absolute clock ms: when the run gives up */
  deadline: number;
  pollIntervalMs: number;
  timeoutMs: number;
  rollbackTimeoutMs: number;
  /** an error as one line of the run's result */
  explain(err: unknown): string;
  /** waits until the application is steady again (RUNNING or READY) */
  waitSteady(what: string): Promise<ApplicationView>;
  /** the operation the post step should follow from now on */
  following(operationId: string): void;
  /** the platform rolls back by itself: the run is in its rollback phase */
  rollingBack(operationId: string): void;
  /** an operation for the report */
  operation(role: 'update' | 'start' | 'platform-rollback', record: OperationRecord): void;
  /** what the platform's own rollback cost */
  systemRollbackCost(cost: RollbackCost): void;
}

/** What sending the update may ask of the run (src/pipeline/upgrade.ts gives it; the platform sends). */
export interface UpdateContext {
  deps: PhaseDeps;
  /** writes this run's deployment record right before the call (ends the run when another run holds it) */
  claim(plan: UpgradePlan): Promise<void>;
  /** another deployment changed the application since preflight: ends the run (never rolls back) */
  refuseIfSuperseded(what: string): Promise<void>;
  /** waits for the application to settle, reads it again and re-decides the plan (once) */
  replan(why: string): Promise<UpdateUnsent | { plan: UpgradePlan }>;
}

/** The update went out (answered, or found applied after a lost answer): what to follow. */
export interface UpdateOut {
  /** the plan as sent (re-decided after a concurrent change) */
  plan: UpgradePlan;
  /** clock ms of the call */
  calledAt: number;
  /** the version the update made */
  versionId: number;
  operationId?: string;
  /** how it went out, for the phase note */
  how: string;
  /** the platform's name of the operation that carries it (`UpdateApplication`) */
  operation: string;
}

/** The update did not go out: re-planning found nothing to do, or refused. */
export interface UpdateUnsent {
  landing: Exclude<Landing, { kind: 'verified' }>;
}

/** Whether the application runs what the plan deployed. */
export interface Verification {
  ok: boolean;
  /** what differs, one line per field */
  problems: string[];
  /** the application runs the previous runtime and code again: MSF rolled it back */
  backOnPrevious: boolean;
}

/** Where the builds go (MSF: S3), as the run calls it. */
export interface BuildStore {
  /** what the store says about an object (its declared SHA-256, its size); undefined when absent */
  inspect(
    deps: PhaseDeps,
    bucket: string,
    key: string,
    versionId?: string,
  ): Promise<{ sha256Hex?: string; size?: number } | undefined>;
  /** a build already in the store, verified (against `sha256Hex` when given) before it is promoted */
  promote(
    deps: PhaseDeps,
    bucket: string,
    key: string,
    sha256Hex?: string,
    versionId?: string,
  ): Promise<PromotedObject>;
  /** puts the build there, skipped when the same bytes are already there; progress lines through deps.log */
  put(
    deps: PhaseDeps,
    artifact: ArtifactInfo,
    bucket: string,
    key: string,
  ): Promise<{ skipped: boolean; versionId?: string; note: string }>;
}

/** Where health comes from, as the run calls it (the neutral gate over the platform's health reader). */
export interface HealthGate {
  /** one line for the plan: what the gate will watch and when it fails */
  describe(settings: HealthSettings, checkpointIntervalMs: number | undefined): string;
  /** the figures before the update, what the bake is compared with */
  baseline(
    deps: PhaseDeps,
    req: { application: string; runtime: string; settings: HealthSettings },
  ): Promise<Baseline>;
  /** watches the landed release for the bake time; never throws for an unhealthy job (a verdict) */
  bake(deps: PhaseDeps, req: BakeRequest): Promise<GateResult>;
}

export interface FlinkTarget {
  /** For messages: "Managed Service for Apache Flink". */
  readonly platform: string;
  readonly application: string;
  /** the health gate's source on this platform */
  readonly health: HealthGate;
  /** where the builds go */
  readonly builds: BuildStore;
  describe(): Promise<ApplicationView>;
  /** The plan from the facts just read: the platform's rules (runtimes, restore, snapshots), pure once loaded. */
  plan(facts: PlanFacts): Promise<PlanDecision>;
  /** The plan as lines for people (the gate's line, the JAR check's findings added). */
  describePlan(plan: UpgradePlan, extras?: { jarFindings?: string[]; gate?: string }): Promise<string[]>;
  listSnapshots(): Promise<SnapshotView[]>;
  /** Newest first. */
  listOperations(): Promise<OperationView[]>;
  describeOperation(operationId: string): Promise<OperationView>;
  createSnapshot(name: string): Promise<void>;
  /** Takes the named snapshot and waits until it is READY (PhaseError when it cannot be). */
  takeSnapshot(deps: PhaseDeps, req: SnapshotRequest): Promise<SnapshotView>;
  /** the snapshots an application may hold, and the platform's words when that runs out */
  readonly checkpointQuota: CheckpointQuota;
  /** undefined when no snapshot has that name */
  describeSnapshot(name: string): Promise<SnapshotView | undefined>;
  /** Deletes a snapshot as listed (MSF identifies it by name and creation time). */
  deleteSnapshot(snapshot: SnapshotView): Promise<void>;
  /**
   * Sends the update against the version preflight read: re-plans once through `ctx` after a concurrent
   * change, and recognises an update applied whose answer was lost (never sent twice).
   */
  sendUpdate(ctx: UpdateContext, plan: UpgradePlan): Promise<UpdateOut | UpdateUnsent>;
  /** Does the application run the plan's release, in a new version, with the status asked for? Pure. */
  verify(plan: UpgradePlan, app: ApplicationView, expectedVersion?: number): Verification;
  /** What differs between the application and a version (empty when it runs that version's configuration). */
  differences(app: ApplicationView, version: VersionRef): string[];
  /** Whether the newest update among `operations` (newest first) succeeded; true when there is none. */
  lastUpdateSucceeded(operations: readonly OperationView[]): boolean;
  /** Where the platform puts a build by default (MSF: `<application>/<version>/<file name>`). */
  defaultKey(version: string, fileName: string): Promise<string>;
  /** Whether the application is steady (not changing): a re-plan or a leftover waits for it. */
  isSteady(app: ApplicationView): boolean;
  /**
   * What restoring the pre-upgrade snapshot cost the upgrade (the state and source positions rewound from
   * the snapshot to the update's start, clock ms), as a clause for the result; '' when nothing was rewound.
   */
  restoreCost(plan: UpgradePlan, updateStartedAt: number): Promise<string>;
  /** the platform's name of the operation a rollback ended with, for the report */
  rollbackOperation(result: RollbackResult): string;
  /** Applies the plan's code, runtime and configuration; returns the operation to follow. */
  update(plan: UpgradePlan): Promise<{ operationId?: string; app: ApplicationView }>;
  /**
   * Follows the update (and, for a READY application, the start after it) to its end; undefined when
   * it succeeded.
   */
  followUpdate(
    ctx: FollowContext,
    plan: UpgradePlan,
    operationId: string | undefined,
    calledAt: number,
  ): Promise<Landing | undefined>;
  /** Starts a READY application with the plan's restore configuration. */
  start(plan: UpgradePlan): Promise<{ operationId?: string }>;
  /**
   * Returns the application to `request.previous` (runtime, code and configuration) with the state it
   * had. Never throws: a failure is a result naming the state left behind and the way out.
   */
  rollBack(deps: PhaseDeps, request: RollbackRequest): Promise<RollbackResult>;
  /** One version as it was (runtime, code, configuration): what a re-run rolls a leftover back to. */
  describeVersion?(versionId: number): Promise<VersionRef>;
  /** The deployment record on the platform's side (src/pipeline/deployment-record.ts). */
  readRecord?(): Promise<DeploymentRecord | undefined>;
  writeRecord?(record: DeploymentRecord): Promise<void>;
  clearRecord?(): Promise<void>;
  /** one line: what the application runs now, `orders is RUNNING on application version 5, …` */
  describeApplication(app: ApplicationView): string;
  /** one line: a version to return to, `version 4, runtime …, code …` */
  describeRelease(version: VersionRef): string;
  /**
   * The commands that return the application to `previous` by hand, restoring `checkpoint`; with
   * `start: false` it is left stopped.
   */
  manualSteps(
    current: ApplicationView | undefined,
    previous: VersionRef,
    checkpoint: string | undefined,
    options?: { start?: boolean },
  ): string[];
  /** the phase the run is in, for the platform's error messages */
  attribute?(phase: Phase): void;
}
