/**
 * Managed Service for Apache Flink as a `Platform` (src/pipeline/platform.ts), in the platform-neutral
 * words a second platform speaks: built on MsfTarget and the same MSF modules the run drives through
 * FlinkTarget today (plan rules, snapshot, update with lost answers and one re-plan, follow with MSF's
 * system rollback, verification, rollback, S3, the CloudWatch gate, the record in tags). What only MSF
 * knows travels in `native`: the application as read (`app`), its operations, the UpgradePlan.
 */
import type { AwsClients } from '../aws/clients.js';
import { bucketNameFromArn } from '../aws/s3-arn.js';
import type { Inputs } from '../inputs.js';
import type { ArtifactInfo, PromotedObject } from '../pipeline/artifact-info.js';
import type { PhaseDeps } from '../pipeline/deps.js';
import type { DeploymentRecord } from '../pipeline/deployment-record.js';
import { PhaseError } from '../pipeline/errors.js';
import type {
  ArtifactRef,
  ArtifactStore,
  Checkpoint,
  CheckpointQuota,
  Followed,
  HealthSource,
  Landing,
  Liveness,
  Platform,
  PlanDecision,
  PlanFacts,
  PlatformContext,
  Release,
  ReleasePlan,
  RollbackRequest,
  RollbackResult,
  UpdateProgress,
  UpdateSent,
} from '../pipeline/platform.js';
import type { Landing as TargetLanding } from '../pipeline/target.js';
import { pollWith } from '../wait.js';
import type { ApplicationView, OperationView, SnapshotView, VersionRef } from './application.js';
import { toVersionRef } from './application.js';
import {
  buildPlan,
  defaultKey,
  describePlan,
  type PlanDecision as MsfDecision,
  type UpgradePlan,
} from './plan.js';
import type { RollbackResult as MsfRollbackResult } from './rollback-contract.js';
import { describeState, describeVersion } from './rollback-plan.js';
import { flinkVersionLabel, runtimeInfo } from './runtime.js';
import { MSF_PLATFORM, MsfTarget } from './target.js';

/** What a release carries on MSF (Release.native). */
export interface MsfReleaseFacts {
  app: ApplicationView;
  /** newest first, as read with the application (the plan judges in-flight operations) */
  operations?: OperationView[];
  version: VersionRef;
}

/** What the update sent (UpdateSent.native). */
interface MsfSentFacts {
  plan: UpgradePlan;
  calledAt: number;
  versionId: number;
  operationId?: string;
}

function liveness(status: string): Liveness {
  if (status === 'RUNNING') return 'running';
  if (status === 'READY') return 'stopped';
  return 'changing';
}

function s3Uri(bucket: string | undefined, key: string | undefined): string | undefined {
  return bucket && key ? `s3://${bucket}/${key}` : undefined;
}

function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new PhaseError('upload', `not an S3 location: ${uri}`);
  return { bucket: m[1]!, key: m[2]! };
}

/** MSF's answer as a Release. */
export function toRelease(app: ApplicationView, operations?: OperationView[]): Release {
  const uri = s3Uri(app.bucket, app.fileKey);
  return {
    application: app.name,
    status: app.status,
    liveness: liveness(app.status),
    revision: app.versionId,
    engineVersion: flinkVersionLabel(app.runtime),
    engineLabel: app.runtime,
    ...(uri
      ? {
          artifact: {
            uri,
            ...(app.objectVersion ? { version: app.objectVersion } : {}),
            ...(app.codeMd5 ? { md5Hex: app.codeMd5 } : {}),
            ...(app.codeSize !== undefined ? { size: app.codeSize } : {}),
          },
        }
      : {}),
    ...(app.parallelism !== undefined ? { parallelism: app.parallelism } : {}),
    ...(app.checkpointIntervalMs !== undefined ? { checkpointIntervalMs: app.checkpointIntervalMs } : {}),
    checkpointsEnabled: app.snapshotsEnabled,
    logLocations: app.logGroups,
    native: { app, ...(operations ? { operations } : {}), version: toVersionRef(app) },
  };
}

function toPromotedObject(ref: ArtifactRef): PromotedObject {
  const { bucket, key } = parseS3Uri(ref.uri);
  return {
    bucket,
    key,
    size: ref.size ?? 0,
    ...(ref.sha256Hex ? { sha256Hex: ref.sha256Hex } : {}),
    ...(ref.version ? { versionId: ref.version } : {}),
  };
}

function toCheckpoint(s: SnapshotView): Checkpoint {
  return {
    id: s.name,
    ...(s.createdAt !== undefined ? { createdAt: s.createdAt } : {}),
    ...(s.runtime ? { engineVersion: flinkVersionLabel(s.runtime), engineLabel: s.runtime } : {}),
    status: s.status === 'READY' ? 'ready' : s.status === 'FAILED' ? 'failed' : 'in-progress',
    native: { snapshot: s },
  };
}

function factsOf(release: Release): MsfReleaseFacts {
  return release.native as unknown as MsfReleaseFacts;
}

/** MSF's plan in the pipeline's words; the UpgradePlan itself in `native`. */
export function toReleasePlan(plan: UpgradePlan, previous: Release): ReleasePlan {
  const change = plan.runtime.change;
  return {
    application: plan.application,
    previous,
    artifact: {
      uri: `s3://${plan.code.bucket}/${plan.code.key}`,
      ...(plan.code.objectVersion ? { version: plan.code.objectVersion } : {}),
      ...(plan.code.sha256Hex ? { sha256Hex: plan.code.sha256Hex } : {}),
      ...(plan.code.md5Hex ? { md5Hex: plan.code.md5Hex } : {}),
      ...(plan.code.size !== undefined ? { size: plan.code.size } : {}),
      source: plan.code.source,
    },
    engine: {
      from: flinkVersionLabel(plan.runtime.from),
      to: flinkVersionLabel(plan.runtime.to),
      change:
        change === 'same' || change === 'upgrade' || change === 'major-upgrade' || change === 'downgrade'
          ? change
          : 'upgrade',
      ...(runtimeInfo(plan.runtime.to) ? { javaRelease: runtimeInfo(plan.runtime.to)!.javaRelease } : {}),
    },
    restore: {
      intent:
        plan.restore.type === 'SKIP_RESTORE_FROM_SNAPSHOT'
          ? 'none'
          : plan.restore.type === 'RESTORE_FROM_CUSTOM_SNAPSHOT'
            ? 'checkpoint'
            : 'latest',
      ...(plan.restore.snapshotName ? { checkpoint: plan.restore.snapshotName } : {}),
      ...(plan.restore.note ? { note: plan.restore.note } : {}),
    },
    allowNonRestoredState: plan.allowNonRestoredState,
    ...(plan.parallelism ? { parallelism: plan.parallelism } : {}),
    checkpoint: {
      take: plan.snapshot.take,
      name: plan.snapshot.name,
      ...(plan.snapshot.note ? { note: plan.snapshot.note } : {}),
    },
    ...(plan.preUpgradeSnapshot
      ? {
          preUpgradeCheckpoint: {
            id: plan.preUpgradeSnapshot.name,
            ...(plan.preUpgradeSnapshot.createdAt !== undefined
              ? { createdAt: plan.preUpgradeSnapshot.createdAt }
              : {}),
            ...(plan.preUpgradeSnapshot.runtime ? { engineLabel: plan.preUpgradeSnapshot.runtime } : {}),
            status: 'ready' as const,
          },
        }
      : {}),
    start: plan.status !== 'READY' || plan.startAfterUpdate,
    warnings: plan.warnings,
    lines: describePlan(plan),
    native: { plan },
  };
}

function upgradePlanOf(plan: ReleasePlan): UpgradePlan {
  return (plan.native as unknown as { plan: UpgradePlan }).plan;
}

function toDecision(d: MsfDecision, previous: Release): PlanDecision {
  if (d.kind === 'refuse') return d;
  const plan = toReleasePlan(d.plan, previous);
  return d.kind === 'unchanged' ? { kind: 'unchanged', reason: d.reason, plan } : { kind: 'upgrade', plan };
}

function toLanding(l: TargetLanding): Landing {
  if (l.kind === 'verified') return { kind: 'verified', release: toRelease(l.app) };
  if (l.kind === 'system-rolled-back') return { kind: 'platform-rolled-back', reason: l.reason, ok: l.ok };
  return l;
}

export class MsfPlatform implements Platform {
  readonly name = MSF_PLATFORM;
  readonly location: string;
  readonly application: string;
  readonly artifacts: ArtifactStore;
  readonly health: HealthSource;
  readonly checkpointQuota: CheckpointQuota;
  private readonly target: MsfTarget;

  constructor(
    private readonly clients: AwsClients,
    private readonly inputs: Inputs,
    signal?: AbortSignal,
  ) {
    this.application = inputs.applicationName;
    this.location = clients.region;
    this.target = new MsfTarget({
      client: clients.msf,
      application: inputs.applicationName,
      region: clients.region,
      ...(signal ? { signal } : {}),
    });
    this.checkpointQuota = this.target.checkpointQuota;
    this.artifacts = this.artifactStore();
    this.health = this.healthSource();
  }

  private deps(ctx: PlatformContext): PhaseDeps {
    return { clients: this.clients, clock: ctx.clock, log: ctx.log, signal: ctx.signal };
  }

  async describe(): Promise<Release> {
    const [app, operations] = await Promise.all([this.target.describe(), this.target.listOperations()]);
    return toRelease(app, operations);
  }

  async listCheckpoints(): Promise<Checkpoint[]> {
    return (await this.target.listSnapshots()).map(toCheckpoint);
  }

  plan(facts: PlanFacts): PlanDecision {
    const { app, operations } = factsOf(facts.release);
    const snapshots = facts.checkpoints.map((c) => (c.native as { snapshot: SnapshotView }).snapshot);
    const decision = buildPlan({
      inputs: facts.inputs,
      region: this.clients.region,
      app,
      snapshots,
      operations: operations ?? [],
      ...(facts.artifact ? { artifact: facts.artifact } : {}),
      ...(facts.promoted ? { promoted: toPromotedObject(facts.promoted) } : {}),
      ...(facts.runningObject ? { runningObject: facts.runningObject } : {}),
      now: facts.now,
    });
    return toDecision(decision, facts.release);
  }

  async takeCheckpoint(ctx: PlatformContext, plan: ReleasePlan): Promise<Checkpoint> {
    const snap = await this.target.takeSnapshot(this.deps(ctx), {
      name: plan.checkpoint.name,
      deadline: ctx.deadline,
      intervalMs: ctx.pollIntervalMs,
    });
    upgradePlanOf(plan).preUpgradeSnapshot = {
      name: snap.name,
      ...(snap.runtime ? { runtime: snap.runtime } : {}),
      ...(snap.createdAt !== undefined ? { createdAt: snap.createdAt } : {}),
    };
    return toCheckpoint(snap);
  }

  async update(
    ctx: PlatformContext,
    plan: ReleasePlan,
    progress: UpdateProgress,
  ): Promise<UpdateSent | Landing> {
    const nativePlan = upgradePlanOf(plan);
    const artifactVersion = plan.artifact.version;
    if (artifactVersion && !nativePlan.code.objectVersion) nativePlan.code.objectVersion = artifactVersion;
    const out = await this.target.sendUpdate(
      {
        deps: this.deps(ctx),
        claim: (p) =>
          progress.claim
            ? progress.claim(p === nativePlan ? plan : toReleasePlan(p, plan.previous))
            : Promise.resolve(),
        refuseIfSuperseded: (what) => progress.refuseIfSuperseded(what),
        replan: async (why) => {
          const d = await progress.replan(why);
          if (d.kind === 'refuse')
            return { landing: { kind: 'failed', reason: `refused after a concurrent change: ${d.reason}` } };
          if (d.kind === 'unchanged') return { landing: { kind: 'unchanged', reason: d.reason } };
          progress.replanned(d.plan);
          return { plan: upgradePlanOf(d.plan) };
        },
      },
      nativePlan,
    );
    if ('landing' in out) return toLanding(out.landing);
    if (out.operationId)
      progress.operation({
        role: 'update',
        id: out.operationId,
        operation: out.operation,
        status: 'IN_PROGRESS',
      });
    const expected = toRelease({
      ...factsOf(plan.previous).app,
      versionId: out.versionId,
      runtime: out.plan.runtime.to,
      bucketArn: out.plan.code.bucketArn,
      bucket: out.plan.code.bucket,
      fileKey: out.plan.code.key,
      ...(out.plan.code.objectVersion ? { objectVersion: out.plan.code.objectVersion } : {}),
    });
    const facts: MsfSentFacts = {
      plan: out.plan,
      calledAt: out.calledAt,
      versionId: out.versionId,
      ...(out.operationId ? { operationId: out.operationId } : {}),
    };
    return {
      plan: out.plan === nativePlan ? plan : toReleasePlan(out.plan, plan.previous),
      expected,
      note: `${out.how}: version ${out.plan.expected.versionId} → ${out.versionId}${out.operationId ? `, operation ${out.operationId}` : ''}`,
      native: facts as unknown as Record<string, unknown>,
    };
  }

  async follow(ctx: PlatformContext, sent: UpdateSent, progress: UpdateProgress): Promise<Followed> {
    const facts = sent.native as unknown as MsfSentFacts;
    const deps = this.deps(ctx);
    const landing = await this.target.followUpdate(
      {
        deps,
        deadline: ctx.deadline,
        pollIntervalMs: ctx.pollIntervalMs,
        timeoutMs: ctx.timeoutMs ?? this.inputs.timeoutMs,
        rollbackTimeoutMs: ctx.rollbackTimeoutMs ?? this.inputs.rollbackTimeoutMs,
        explain: (err) =>
          progress.explain ? progress.explain(err) : err instanceof Error ? err.message : String(err),
        waitSteady: (what) => this.waitSteady(ctx, what),
        following: () => {},
        rollingBack: (operationId) => progress.platformRollingBack(operationId),
        operation: (role, record) => progress.operation({ role, ...record }),
        systemRollbackCost: (cost) =>
          progress.platformRollbackCost?.({
            checkpoint: cost.snapshot,
            ...(cost.snapshotAt !== undefined ? { checkpointAt: cost.snapshotAt } : {}),
            ...(cost.stoppedAt !== undefined ? { stoppedAt: cost.stoppedAt } : {}),
            ...(cost.rewindSeconds !== undefined ? { rewindSeconds: cost.rewindSeconds } : {}),
            forcedStop: cost.forcedStop,
            text: cost.text,
          }),
      },
      facts.plan,
      facts.operationId,
      facts.calledAt,
    );
    if (!landing) return { note: 'SUCCESSFUL' };
    const l = toLanding(landing);
    return { landing: l, note: 'reason' in l ? l.reason : l.kind };
  }

  async verify(ctx: PlatformContext, sent: UpdateSent): Promise<{ landing: Landing; note: string }> {
    const facts = sent.native as unknown as MsfSentFacts;
    const app = await pollWith(this.deps(ctx), {
      what: `${this.application} to be read for verification`,
      deadline: ctx.deadline,
      intervalMs: ctx.pollIntervalMs,
      probe: () => this.target.describe(),
      check: (a) => ({ done: true, result: a }),
    });
    const v = this.target.verify(facts.plan, app, facts.versionId);
    if (v.ok) {
      return {
        landing: { kind: 'verified', release: toRelease(app) },
        note: `${app.status}, ${app.runtime}, s3://${app.bucket}/${app.fileKey}, version ${app.versionId}`,
      };
    }
    const reason = `${this.application} does not run what was deployed although the operation succeeded: ${v.problems.join('; ')}`;
    return {
      landing: v.backOnPrevious
        ? { kind: 'failed', reason: `${reason}; it runs the previous version again` }
        : { kind: 'needs-rollback', reason },
      note: reason,
    };
  }

  async rollBack(ctx: PlatformContext, request: RollbackRequest): Promise<RollbackResult> {
    const cp = request.preUpgradeCheckpoint;
    const r = await this.target.rollBack(this.deps(ctx), {
      application: request.application,
      previous: factsOf(request.previous).version,
      ...(cp
        ? {
            preUpgradeSnapshot: {
              name: cp.id,
              ...(cp.engineLabel ? { runtime: cp.engineLabel } : {}),
              ...(cp.createdAt !== undefined ? { createdAt: cp.createdAt } : {}),
            },
          }
        : {}),
      reason: request.reason,
      deadline: ctx.deadline,
      pollIntervalMs: ctx.pollIntervalMs,
      ...(request.allowNonRestoredState !== undefined
        ? { allowNonRestoredState: request.allowNonRestoredState }
        : {}),
      ...(request.maxStateAgeMs !== undefined ? { maxStateAgeMs: request.maxStateAgeMs } : {}),
      ...(request.leaveStopped ? { leaveStopped: true } : {}),
    });
    return toRollbackResult(r);
  }

  manualSteps(request: RollbackRequest, rollbackPoint?: string): string[] {
    return this.target.manualSteps(
      undefined,
      factsOf(request.previous).version,
      rollbackPoint ?? request.preUpgradeCheckpoint?.id,
      { start: !request.leaveStopped },
    );
  }

  describeRelease(release: Release): string {
    const facts = factsOf(release);
    return facts.app ? describeState(this.application, facts.app) : describeVersion(facts.version);
  }

  async deleteCheckpoint(_ctx: PlatformContext, checkpoint: Checkpoint): Promise<void> {
    await this.target.deleteSnapshot((checkpoint.native as { snapshot: SnapshotView }).snapshot);
  }

  readRecord(): Promise<DeploymentRecord | undefined> {
    return this.target.readRecord();
  }

  writeRecord(_ctx: PlatformContext, record: DeploymentRecord): Promise<void> {
    return this.target.writeRecord(record);
  }

  clearRecord(): Promise<void> {
    return this.target.clearRecord();
  }

  async describeRevision(_ctx: PlatformContext, revision: number): Promise<Release> {
    const version = await this.target.describeVersion(revision);
    const bucket = bucketNameFromArn(version.bucketArn);
    const uri = s3Uri(bucket, version.fileKey);
    return {
      application: this.application,
      // a past revision: what it ran, not how it runs now
      status: `version ${version.versionId}`,
      liveness: 'unknown',
      revision: version.versionId,
      engineVersion: flinkVersionLabel(version.runtime),
      engineLabel: version.runtime,
      ...(uri
        ? { artifact: { uri, ...(version.objectVersion ? { version: version.objectVersion } : {}) } }
        : {}),
      ...(version.parallelism?.parallelism !== undefined
        ? { parallelism: version.parallelism.parallelism }
        : {}),
      checkpointsEnabled: true,
      native: { version },
    };
  }

  private waitSteady(ctx: PlatformContext, what: string): Promise<ApplicationView> {
    return pollWith(this.deps(ctx), {
      what,
      deadline: ctx.deadline,
      intervalMs: ctx.pollIntervalMs,
      probe: () => this.target.describe(),
      check: (app) =>
        this.target.isSteady(app) ? { done: true, result: app } : { done: false, state: app.status },
    });
  }

  private artifactStore(): ArtifactStore {
    const builds = this.target.builds;
    return {
      locate: ({ release, artifact }) => {
        const app = factsOf(release).app;
        return {
          uri: `s3://${this.inputs.bucket ?? app.bucket ?? '(bucket)'}/${
            this.inputs.key ??
            defaultKey(this.application, this.inputs.version, artifact?.fileName ?? 'build.jar')
          }`,
          ...(artifact ? { sha256Hex: artifact.sha256Hex, size: artifact.size } : {}),
        };
      },
      inspect: async (ctx, ref) => {
        const { bucket, key } = parseS3Uri(ref.uri);
        const found = await builds.inspect(this.deps(ctx), bucket, key, ref.version);
        return found ? { ...ref, ...found } : undefined;
      },
      promote: async (ctx, ref, sha256Hex) => {
        const { bucket, key } = parseS3Uri(ref.uri);
        const o = await builds.promote(this.deps(ctx), bucket, key, sha256Hex, ref.version);
        return {
          uri: `s3://${o.bucket}/${o.key}`,
          size: o.size,
          ...(o.sha256Hex ? { sha256Hex: o.sha256Hex } : {}),
          ...(o.versionId ? { version: o.versionId } : {}),
        };
      },
      put: async (ctx, artifact: ArtifactInfo, ref: ArtifactRef) => {
        const { bucket, key } = parseS3Uri(ref.uri);
        const r = await builds.put(this.deps(ctx), artifact, bucket, key);
        return {
          ref: { ...ref, ...(r.versionId ? { version: r.versionId } : {}) },
          skipped: r.skipped,
          note: r.note,
        };
      },
    };
  }

  private healthSource(): HealthSource {
    const gate = this.target.health;
    return {
      describe: (settings, interval) => gate.describe(settings, interval),
      baseline: (ctx, req) =>
        gate.baseline(this.deps(ctx), {
          application: this.application,
          runtime: req.release.engineLabel ?? req.release.engineVersion,
          settings: req.settings,
        }),
      bake: (ctx, req) => {
        const app = factsOf(req.landed).app;
        return gate.bake(this.deps(ctx), {
          application: this.application,
          runtime: app.runtime,
          baseline: req.baseline,
          settings: req.settings,
          deadline: ctx.deadline,
          watch: this.target,
          landed: {
            versionId: app.versionId,
            runtime: app.runtime,
            ...(app.fileKey ? { fileKey: app.fileKey } : {}),
          },
          ...(app.checkpointIntervalMs !== undefined
            ? { checkpointIntervalMs: app.checkpointIntervalMs }
            : {}),
          checkpointIntervalKnown: true,
        });
      },
    };
  }
}

function toRollbackResult(r: MsfRollbackResult): RollbackResult {
  return {
    outcome: r.outcome,
    path: r.path,
    message: r.message,
    ...(r.decision ? { decision: r.decision } : {}),
    ...(r.restoredSnapshot ? { restoredCheckpoint: r.restoredSnapshot } : {}),
    ...(r.rollbackPoint ? { rollbackPoint: r.rollbackPoint } : {}),
    ...(r.manualSteps ? { manualSteps: r.manualSteps } : {}),
    ...(r.operationId ? { operationId: r.operationId } : {}),
    ...(r.cost
      ? {
          cost: {
            checkpoint: r.cost.snapshot,
            ...(r.cost.snapshotAt !== undefined ? { checkpointAt: r.cost.snapshotAt } : {}),
            ...(r.cost.stoppedAt !== undefined ? { stoppedAt: r.cost.stoppedAt } : {}),
            ...(r.cost.rewindSeconds !== undefined ? { rewindSeconds: r.cost.rewindSeconds } : {}),
            forcedStop: r.cost.forcedStop,
            text: r.cost.text,
          },
        }
      : {}),
  };
}

/** The factory for platform msf (the Platform interface). */
export function createMsfPlatform(clients: AwsClients, inputs: Inputs, signal?: AbortSignal): MsfPlatform {
  return new MsfPlatform(clients, inputs, signal);
}
