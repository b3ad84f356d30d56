/**
 * Self-managed Apache Flink as a platform of the pipeline (src/pipeline/platform.ts): a job on a
 * standalone or session cluster, driven through its JobManager REST API. The release is the RUNNING
 * job (its cluster and id in `native`); the pre-upgrade checkpoint is the savepoint the job is stopped
 * with, taken inside the update; the new JAR runs on the same cluster or on `flink-target-url`; the
 * rollback cancels the new job and runs the previous JAR on the original cluster from that savepoint.
 */
import type { Inputs } from '../inputs.js';
import { PhaseError } from '../pipeline/errors.js';
import type {
  ArtifactRef,
  ArtifactStore,
  Checkpoint,
  Followed,
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
import type { ArtifactInfo } from '../pipeline/artifact-info.js';
import { neutraliseCommands } from '../workflow-commands.js';
import { runNewJob, stopForUpgrade, uploadArtifact, waitForNewJob } from './deploy.js';
import { FlinkHealthSource, jobAddress } from './health-gate.js';
import { judgePreflight, jobParallelism, readClusterFacts, findJob, type ClusterFacts } from './preflight.js';
import { FlinkRestError } from './rest-errors.js';
import { FlinkRestClient } from './rest.js';
import { derivedJobId, manualRollbackSteps, rollBackFlink, type FlinkRollbackRequest } from './rollback.js';
import { movesCluster, targetUrlOf, type FlinkSettings } from './settings.js';
import { FlinkStepError, takeSavepoint, type FlinkStepDeps } from './steps.js';
import type { CheckpointStats, JobDetails, JobState } from './types.js';
import { flinkLine, parseFlinkVersion } from './versions.js';

/** What a release carries for this platform (Release.native). */
export interface FlinkReleaseFacts {
  cluster: string;
  jobId?: string;
  jobName?: string;
  flinkVersion: string;
  /** what preflight judges: the cluster (and the target cluster on a move) */
  source?: ClusterFacts;
  target?: ClusterFacts;
  /** why no job could be chosen */
  problem?: string;
  /** the job's checkpoint interval (ms), when checkpointing is on */
  checkpointIntervalMs?: number;
}

/** What the update sent (UpdateSent.native). */
export interface FlinkUpdateFacts {
  source: string;
  target: string;
  oldJobId: string;
  newJobId?: string;
  jarId: string;
  savepoint?: string;
  savepointAt?: number;
  /** the new JAR's run was refused: why (plain text) */
  refused?: string;
}

export function liveness(state: JobState | string): Liveness {
  switch (state) {
    case 'RUNNING':
      return 'running';
    case 'FINISHED':
    case 'CANCELED':
    case 'SUSPENDED':
      return 'stopped';
    case 'FAILED':
      return 'failed';
    case 'NOT_FOUND':
      return 'unknown';
    default:
      return 'changing';
  }
}

const DISABLED_INTERVAL = 9e18;

function intervalOf(config: { interval: number } | undefined): number | undefined {
  const i = config?.interval;
  return i !== undefined && i > 0 && i < DISABLED_INTERVAL ? i : undefined;
}

function savepointsOf(stats: CheckpointStats | undefined, engineVersion: string): Checkpoint[] {
  if (!stats) return [];
  const out = new Map<string, Checkpoint>();
  for (const c of stats.history ?? []) {
    const path = (c as { external_path?: string }).external_path;
    if (!c.is_savepoint || !path) continue;
    out.set(path, {
      id: path,
      ...(c.latest_ack_timestamp ? { createdAt: c.latest_ack_timestamp } : {}),
      engineVersion,
      status: c.status === 'COMPLETED' ? 'ready' : c.status === 'FAILED' ? 'failed' : 'in-progress',
    });
  }
  const latest = stats.latest.savepoint;
  if (latest?.external_path && !out.has(latest.external_path)) {
    out.set(latest.external_path, { id: latest.external_path, engineVersion, status: 'ready' });
  }
  return [...out.values()];
}

export class FlinkPlatform implements Platform {
  readonly name = 'Apache Flink cluster';
  readonly location: string;
  readonly application: string;
  readonly artifacts: ArtifactStore;
  readonly health: FlinkHealthSource;
  /** the upload of this run, when the pipeline put the build */
  private uploaded: { jarId: string; sha256Hex?: string } | undefined;
  /** what the update of this run did (for a rollback in the same process) */
  private sent: FlinkUpdateFacts | undefined;

  constructor(
    private readonly settings: FlinkSettings,
    private readonly inputs: Pick<Inputs, 'allowMajorUpgrade' | 'allowDowngrade' | 'rollback' | 'artifact'>,
  ) {
    this.application = settings.jobName ?? settings.jobId ?? 'job';
    this.location = movesCluster(settings) ? `${settings.url} → ${targetUrlOf(settings)}` : settings.url;
    this.health = new FlinkHealthSource((url, ctx) => this.rest(url, ctx));
    this.artifacts = this.artifactStore();
  }

  rest(url: string, ctx: Pick<PlatformContext, 'signal'>): FlinkRestClient {
    return new FlinkRestClient({ url, headers: this.settings.headers, signal: ctx.signal });
  }

  private steps(url: string, ctx: PlatformContext): FlinkStepDeps {
    return { rest: this.rest(url, ctx), clock: ctx.clock, signal: ctx.signal, log: ctx.log };
  }

  private limits(ctx: PlatformContext): { timeoutMs: number; intervalMs: number } {
    return {
      timeoutMs: Math.max(1000, ctx.deadline - ctx.clock.now()),
      intervalMs: Math.min(ctx.pollIntervalMs, 2000),
    };
  }

  /** A job as a release (pure). */
  release(
    job: JobDetails,
    facts: Omit<FlinkReleaseFacts, 'jobId' | 'jobName' | 'cluster'> & { cluster: string },
  ): Release {
    const version = parseFlinkVersion(facts.flinkVersion);
    return {
      application: this.application,
      status: job.state,
      liveness: liveness(job.state),
      engineVersion: version ? flinkLine(version) : facts.flinkVersion,
      engineLabel: `Flink ${facts.flinkVersion}`,
      ...(this.settings.previousArtifact ? { artifact: { uri: this.settings.previousArtifact } } : {}),
      parallelism: jobParallelism(job),
      ...(facts.checkpointIntervalMs !== undefined
        ? { checkpointIntervalMs: facts.checkpointIntervalMs }
        : {}),
      checkpointsEnabled: true,
      native: { ...facts, jobId: job.jid, jobName: job.name },
    };
  }

  async describe(ctx: PlatformContext): Promise<Release> {
    const s = this.settings;
    const source = this.rest(s.url, ctx);
    const moving = movesCluster(s);
    try {
      const [sourceFacts, targetFacts, jobs] = await Promise.all([
        readClusterFacts(source),
        moving ? readClusterFacts(this.rest(targetUrlOf(s), ctx)) : Promise.resolve(undefined),
        source.jobs(),
      ]);
      const found = findJob(jobs, s, s.url);
      let cluster = s.url;
      let version = sourceFacts.version;
      let id: string | undefined = 'job' in found ? found.job.jid : undefined;
      if (!id && moving && targetFacts) {
        // after a move, the job runs on the target cluster
        const there = findJob(await this.rest(targetFacts.url, ctx).jobs(), s, targetFacts.url);
        if ('job' in there) {
          id = there.job.jid;
          cluster = targetFacts.url;
          version = targetFacts.version;
        }
      }
      const facts = {
        cluster,
        flinkVersion: version,
        source: sourceFacts,
        ...(targetFacts ? { target: targetFacts } : {}),
      };
      if (!id) {
        const problem = 'problem' in found ? found.problem : 'no job';
        const v = parseFlinkVersion(version);
        return {
          application: this.application,
          status: 'NOT_FOUND',
          liveness: 'unknown',
          engineVersion: v ? flinkLine(v) : version,
          engineLabel: `Flink ${version}`,
          checkpointsEnabled: true,
          native: { ...facts, problem },
        };
      }
      const rest = this.rest(cluster, ctx);
      const [job, config] = await Promise.all([
        rest.job(id),
        rest.checkpointConfig(id).catch((err: unknown) => {
          if (err instanceof FlinkRestError && !err.transient) return undefined;
          throw err;
        }),
      ]);
      const interval = intervalOf(config);
      return this.release(job, {
        ...facts,
        ...(interval !== undefined ? { checkpointIntervalMs: interval } : {}),
      });
    } catch (err) {
      throw asPhaseError(err, 'preflight', `reading the job on ${s.url}`);
    }
  }

  async listCheckpoints(ctx: PlatformContext): Promise<Checkpoint[]> {
    if (this.sent?.savepoint) {
      return [
        {
          id: this.sent.savepoint,
          ...(this.sent.savepointAt ? { createdAt: this.sent.savepointAt } : {}),
          status: 'ready',
        },
      ];
    }
    const release = await this.describe(ctx);
    const at = jobAddress(release);
    if (!at) return [];
    const stats = await this.rest(at.url, ctx)
      .checkpoints(at.jobId)
      .catch(() => undefined);
    return savepointsOf(stats, release.engineVersion);
  }

  plan(facts: PlanFacts): PlanDecision {
    const { inputs, release } = facts;
    const s = this.settings;
    const native = release.native as unknown as FlinkReleaseFacts;
    if (native.problem || !native.source) {
      return { kind: 'refuse', reason: native.problem ?? 'the cluster was not read', warnings: [] };
    }
    const jobs = native.jobId
      ? [
          {
            jid: native.jobId,
            name: native.jobName ?? '',
            state: release.status as JobState,
            'start-time': 0,
            'end-time': -1,
          },
        ]
      : [];
    const preflight = judgePreflight(
      {
        source: native.source,
        ...(native.target ? { target: native.target } : {}),
        jobs,
        ...(native.jobId
          ? {
              job: {
                jid: native.jobId,
                name: native.jobName ?? '',
                state: release.status as JobState,
                'start-time': 0,
                'end-time': -1,
                vertices: [
                  { id: 'job', name: 'job', parallelism: release.parallelism ?? 1, status: release.status },
                ],
              },
            }
          : {}),
        ...(release.checkpointIntervalMs !== undefined
          ? { checkpointing: { interval: release.checkpointIntervalMs } }
          : {}),
      },
      {
        settings: native.jobId ? { ...s, jobId: native.jobId } : s,
        allowMajorUpgrade: inputs.allowMajorUpgrade,
        allowDowngrade: inputs.allowDowngrade,
        rollback: inputs.rollback,
      },
    );
    if (!preflight.ok)
      return { kind: 'refuse', reason: preflight.problems.join('; '), warnings: preflight.warnings };
    const from = preflight.from!;
    const to = preflight.to!;
    const stateful = s.upgradeMode === 'savepoint';
    const targetUrl = targetUrlOf(s);
    const change =
      preflight.move?.kind === 'major-upgrade'
        ? 'major-upgrade'
        : preflight.move?.kind === 'minor-upgrade'
          ? 'upgrade'
          : preflight.move?.kind === 'downgrade'
            ? 'downgrade'
            : 'same';
    const artifact = this.artifacts.locate({
      inputs,
      release,
      ...(facts.artifact ? { artifact: facts.artifact } : {}),
    });
    const parallelism = s.parallelism ?? release.parallelism ?? 1;
    const plan: ReleasePlan = {
      application: this.application,
      previous: release,
      artifact: { ...artifact, source: 'upload' },
      engine: {
        from: flinkLine(from),
        to: flinkLine(to),
        change,
        ...(preflight.targetJava !== undefined ? { javaRelease: preflight.targetJava } : {}),
      },
      restore: stateful
        ? { intent: 'checkpoint', note: 'the savepoint the job is stopped with (stop-with-savepoint)' }
        : { intent: 'none', note: 'upgrade-mode stateless: the new job starts without state' },
      allowNonRestoredState: stateful && s.allowNonRestoredState,
      parallelism: {
        ...(release.parallelism !== undefined ? { from: release.parallelism } : {}),
        to: parallelism,
      },
      checkpoint: {
        take: false,
        name: preflight.savepointDir ?? '',
        note: `taken by the update's stop-with-savepoint into ${preflight.savepointDir}: the job stops only once it is written`,
      },
      start: true,
      warnings: preflight.warnings,
      lines: [
        `job: ${release.application} (${native.jobId}) on ${s.url}, Flink ${from.text}, parallelism ${release.parallelism ?? '?'}`,
        `stop: with a savepoint into ${preflight.savepointDir}`,
        `run: ${inputs.artifact ?? 'the new JAR'} on ${targetUrl} (Flink ${to.text}${preflight.targetJava ? `, Java ${preflight.targetJava}` : ''}), parallelism ${parallelism}, ` +
          (stateful
            ? `from the savepoint${s.allowNonRestoredState ? ', allowing non-restored state' : ''}`
            : 'without state'),
        `rollback: cancel the new job, run ${s.previousArtifact ?? 'the previous JAR (previous-artifact not set)'} on ${s.url} from the savepoint`,
      ],
      native: {
        targetUrl,
        savepointDir: preflight.savepointDir,
        ...(preflight.jarCheck ? { jarCheck: preflight.jarCheck } : {}),
      },
    };
    return { kind: 'upgrade', plan };
  }

  async takeCheckpoint(ctx: PlatformContext, plan: ReleasePlan): Promise<Checkpoint> {
    const at = jobAddress(plan.previous);
    if (!at) throw new PhaseError('snapshot', `${this.application}: no running job to take a savepoint of`);
    const dir = (plan.native as { savepointDir?: string }).savepointDir;
    try {
      const path = await takeSavepoint(this.steps(at.url, ctx), at.jobId, {
        ...(dir ? { targetDirectory: dir } : {}),
        ...this.limits(ctx),
      });
      return { id: path, createdAt: ctx.clock.now(), engineVersion: plan.engine.from, status: 'ready' };
    } catch (err) {
      throw asPhaseError(err, 'snapshot', `savepoint of job ${at.jobId}`);
    }
  }

  async update(
    ctx: PlatformContext,
    plan: ReleasePlan,
    progress: UpdateProgress,
  ): Promise<UpdateSent | Landing> {
    const at = jobAddress(plan.previous);
    if (!at) throw new PhaseError('update', `${this.application}: no running job to upgrade`);
    const s = this.settings;
    const targetUrl = (plan.native as { targetUrl?: string }).targetUrl ?? targetUrlOf(s);
    const savepointDir = (plan.native as { savepointDir?: string }).savepointDir;
    const target = this.steps(targetUrl, ctx);
    let jarId = this.uploaded?.jarId ?? jarIdOf(plan.artifact);
    if (!jarId) {
      if (!this.inputs.artifact)
        throw new PhaseError('upload', 'platform flink deploys a local JAR: set artifact');
      try {
        jarId = await uploadArtifact(target, this.inputs.artifact);
      } catch (err) {
        throw asPhaseError(err, 'upload', 'upload of the new JAR (nothing changed)');
      }
    }
    // 1. stop with a savepoint: a failure leaves the job running, nothing changed
    let savepoint: { path: string; takenAt: number };
    try {
      savepoint = await stopForUpgrade(this.steps(at.url, ctx), at.jobId, savepointDir, this.limits(ctx));
    } catch (err) {
      const state = await this.rest(at.url, ctx)
        .job(at.jobId)
        .then((j) => j.state)
        .catch(() => 'unknown');
      const reason = err instanceof Error ? err.message : String(err);
      if (state === 'RUNNING') {
        throw new PhaseError(
          'update',
          neutraliseCommands(
            `stop-with-savepoint of job ${at.jobId} on ${at.url} failed; nothing changed, the job keeps running: ${reason}`,
          ),
          err,
        );
      }
      throw new PhaseError(
        'update',
        neutraliseCommands(
          `stop-with-savepoint of job ${at.jobId} on ${at.url} failed and the job is ${state}: ${reason}`,
        ),
        err,
      );
    }
    progress.operation({
      role: 'update',
      id: at.jobId,
      operation: 'stop-with-savepoint',
      status: 'COMPLETED',
    });
    const facts: FlinkUpdateFacts = {
      source: at.url,
      target: targetUrl,
      oldJobId: at.jobId,
      jarId,
      savepoint: savepoint.path,
      savepointAt: savepoint.takenAt,
    };
    this.sent = facts;
    // 2. run the new JAR, from the savepoint unless stateless
    const newJobId = derivedJobId('upgrade', at.jobId);
    try {
      await runNewJob(
        target,
        {
          jarId,
          mode: s.upgradeMode,
          savepointPath: savepoint.path,
          allowNonRestoredState: plan.allowNonRestoredState,
          ...(s.entryClass ? { entryClass: s.entryClass } : {}),
          programArgs: s.programArgs,
          ...(plan.parallelism ? { parallelism: plan.parallelism.to } : {}),
        },
        this.limits(ctx),
        newJobId,
      );
      facts.newJobId = newJobId;
      progress.operation({ role: 'start', id: newJobId, operation: 'run-jar', status: 'SUBMITTED' });
    } catch (err) {
      facts.refused = err instanceof FlinkStepError ? err.reason : (err as Error).message;
      progress.operation({
        role: 'start',
        id: newJobId,
        operation: 'run-jar',
        status: 'FAILED',
        errorString: neutraliseCommands(facts.refused),
      });
    }
    const to = parseFlinkVersion(
      (plan.previous.native as unknown as FlinkReleaseFacts).target?.version ??
        (plan.previous.native as unknown as FlinkReleaseFacts).flinkVersion,
    );
    const expected: Release = {
      application: this.application,
      status: 'RUNNING',
      liveness: 'running',
      engineVersion: plan.engine.to,
      engineLabel: to ? `Flink ${to.text}` : `Flink ${plan.engine.to}`,
      artifact: { uri: `flink-jar:${jarId}` },
      ...(plan.parallelism ? { parallelism: plan.parallelism.to } : {}),
      ...(plan.previous.checkpointIntervalMs !== undefined
        ? { checkpointIntervalMs: plan.previous.checkpointIntervalMs }
        : {}),
      checkpointsEnabled: true,
      native: {
        cluster: targetUrl,
        jobId: newJobId,
        jobName: (plan.previous.native as unknown as FlinkReleaseFacts).jobName,
        flinkVersion: to?.text ?? plan.engine.to,
        savepoint: savepoint.path,
        savepointAt: savepoint.takenAt,
      },
    };
    return {
      plan,
      expected,
      note: facts.refused
        ? neutraliseCommands(
            `job ${at.jobId} stopped with savepoint ${savepoint.path}; the new JAR's run was refused: ${facts.refused}`,
          )
        : `job ${at.jobId} stopped with savepoint ${savepoint.path}; new job ${newJobId} submitted on ${targetUrl}`,
      native: { ...facts },
    };
  }

  async follow(ctx: PlatformContext, sent: UpdateSent): Promise<Followed> {
    const facts = sent.native as unknown as FlinkUpdateFacts;
    if (facts.refused || !facts.newJobId) {
      const reason = neutraliseCommands(
        `the new JAR's run on ${facts.target} was refused: ${facts.refused ?? 'no job'}`,
      );
      return { landing: { kind: 'needs-rollback', reason }, note: reason };
    }
    try {
      const start = await waitForNewJob(this.steps(facts.target, ctx), facts.newJobId, this.limits(ctx));
      return {
        note:
          start.state === 'running'
            ? `job ${facts.newJobId} RUNNING on ${facts.target}`
            : `job ${facts.newJobId} on ${facts.target} is ${start.job.state} after ${start.restarts} restart(s): the health gate judges it`,
      };
    } catch (err) {
      const reason = neutraliseCommands(err instanceof Error ? err.message : String(err));
      return { landing: { kind: 'needs-rollback', reason }, note: reason };
    }
  }

  async verify(ctx: PlatformContext, sent: UpdateSent): Promise<{ landing: Landing; note: string }> {
    const facts = sent.native as unknown as FlinkUpdateFacts;
    if (!facts.newJobId)
      return { landing: { kind: 'needs-rollback', reason: 'no new job' }, note: 'no new job' };
    try {
      const rest = this.rest(facts.target, ctx);
      const [job, config, cluster] = await Promise.all([
        rest.job(facts.newJobId),
        rest.checkpointConfig(facts.newJobId).catch(() => undefined),
        rest.config(),
      ]);
      // a job that restarts is the health gate's to judge (with its root exception); one that ended is not there
      if (['FAILED', 'CANCELED', 'FINISHED', 'SUSPENDED', 'CANCELLING'].includes(job.state)) {
        const reason = `the new job ${job.jid} on ${facts.target} is ${job.state}`;
        return { landing: { kind: 'needs-rollback', reason }, note: reason };
      }
      const interval = intervalOf(config);
      const release = this.release(job, {
        cluster: facts.target,
        flinkVersion: cluster['flink-version'],
        ...(interval !== undefined ? { checkpointIntervalMs: interval } : {}),
      });
      release.artifact = sent.expected.artifact ?? { uri: `flink-jar:${facts.jarId}` };
      // where it came from: the savepoint it restored (the rollback point)
      release.native = {
        ...release.native,
        ...(facts.savepoint ? { savepoint: facts.savepoint } : {}),
        ...(facts.savepointAt !== undefined ? { savepointAt: facts.savepointAt } : {}),
      };
      return {
        landing: { kind: 'verified', release },
        note: `job ${job.jid} RUNNING on ${facts.target}, Flink ${cluster['flink-version']}`,
      };
    } catch (err) {
      const reason = neutraliseCommands(`the new job could not be read back: ${(err as Error).message}`);
      return { landing: { kind: 'needs-rollback', reason }, note: reason };
    }
  }

  async rollBack(ctx: PlatformContext, request: RollbackRequest): Promise<RollbackResult> {
    const prev = request.previous.native as unknown as FlinkReleaseFacts;
    const sourceUrl = prev.cluster ?? this.settings.url;
    const targetUrl = this.sent?.target ?? targetUrlOf(this.settings);
    const oldJobId = prev.jobId;
    if (!oldJobId) {
      return {
        outcome: 'failed',
        path: 'rerun-from-savepoint',
        message: 'the job before the upgrade is not known: nothing to return to',
      };
    }
    const source = this.rest(sourceUrl, ctx);
    // nothing changed yet: the old job still runs
    const old = await source.job(oldJobId).catch(() => undefined);
    if (old?.state === 'RUNNING') {
      return {
        outcome: 'rolled-back',
        path: 'nothing-to-undo',
        message: `job ${oldJobId} still runs on ${sourceUrl}: nothing had changed`,
        release: this.release(old, { cluster: sourceUrl, flinkVersion: prev.flinkVersion }),
      };
    }
    const savepoint =
      request.preUpgradeCheckpoint?.id ??
      this.sent?.savepoint ??
      (await source
        .checkpoints(oldJobId)
        .then((c) => c.latest.savepoint?.external_path)
        .catch(() => undefined));
    const savepointAt =
      request.preUpgradeCheckpoint?.createdAt ??
      this.sent?.savepointAt ??
      (old && old['end-time'] > 0 ? old['end-time'] : undefined);
    const previousArtifact = this.settings.previousArtifact;
    const newJobId = derivedJobId('upgrade', oldJobId);
    if (!savepoint || !previousArtifact) {
      const why = !savepoint
        ? `the savepoint job ${oldJobId} was stopped with is not known`
        : 'previous-artifact (the JAR the job ran) is not set';
      return {
        outcome: 'failed',
        path: 'rerun-from-savepoint',
        message: `rollback impossible: ${why}. Cancel job ${newJobId} on ${targetUrl} and run the previous JAR on ${sourceUrl} from the savepoint by hand.`,
        ...(savepoint ? { rollbackPoint: savepoint } : {}),
        manualSteps: this.manualSteps(request, savepoint),
      };
    }
    if (
      request.maxStateAgeMs &&
      savepointAt !== undefined &&
      ctx.clock.now() - savepointAt > request.maxStateAgeMs
    ) {
      ctx.log.warn(
        `the savepoint ${savepoint} is older than max-state-age; it is the only state of the previous version and is restored`,
      );
    }
    const result = await rollBackFlink(ctx, {
      source,
      target: this.rest(targetUrl, ctx),
      newJobId,
      rollbackJobId: derivedJobId('rollback', oldJobId),
      savepoint: { path: savepoint, ...(savepointAt !== undefined ? { takenAt: savepointAt } : {}) },
      previous: previousRun(this.settings, previousArtifact, request.previous.parallelism),
      reason: request.reason,
      deadline: ctx.deadline,
      pollIntervalMs: Math.min(ctx.pollIntervalMs, 2000),
    });
    const cost = {
      checkpoint: savepoint,
      ...(savepointAt !== undefined ? { checkpointAt: savepointAt } : {}),
      ...(result.stoppedAt !== undefined ? { stoppedAt: result.stoppedAt } : {}),
      ...(result.rewindSeconds !== undefined ? { rewindSeconds: result.rewindSeconds } : {}),
      forcedStop: false,
      text: result.cost,
    };
    let release: Release | undefined;
    if (result.jobId) {
      release = await source
        .job(result.jobId)
        .then((job) => this.release(job, { cluster: sourceUrl, flinkVersion: prev.flinkVersion }))
        .catch(() => undefined);
    }
    return {
      outcome: result.outcome,
      path: 'rerun-from-savepoint',
      message: neutraliseCommands(result.message),
      decision: `cancel the new job on ${targetUrl}, run ${previousArtifact} on ${sourceUrl} from the pre-upgrade savepoint`,
      restoredCheckpoint: savepoint,
      rollbackPoint: savepoint,
      ...(release ? { release } : {}),
      ...(result.manualSteps ? { manualSteps: result.manualSteps } : {}),
      ...(result.outcome === 'rolled-back' ? { cost } : {}),
      ...(result.jobId ? { operationId: result.jobId } : {}),
    };
  }

  manualSteps(request: RollbackRequest, rollbackPoint?: string): string[] {
    const prev = request.previous.native as unknown as FlinkReleaseFacts;
    return manualRollbackSteps({
      sourceUrl: prev.cluster ?? this.settings.url,
      targetUrl: this.sent?.target ?? targetUrlOf(this.settings),
      ...(prev.jobId ? { newJobId: derivedJobId('upgrade', prev.jobId) } : {}),
      savepoint: rollbackPoint ?? request.preUpgradeCheckpoint?.id ?? '<the savepoint of the stop>',
      previous: previousRun(
        this.settings,
        this.settings.previousArtifact ?? '<the previous JAR>',
        request.previous.parallelism,
      ),
    });
  }

  describeRelease(release: Release): string {
    const n = release.native as unknown as FlinkReleaseFacts;
    return (
      `${release.status} on ${release.engineLabel ?? `Flink ${release.engineVersion}`}` +
      (n.jobId ? `, job ${n.jobId}` : '') +
      ` at ${n.cluster}` +
      (release.parallelism !== undefined ? `, parallelism ${release.parallelism}` : '')
    );
  }

  private artifactStore(): ArtifactStore {
    return {
      locate: ({ artifact }) => ({
        uri: `${targetUrlOf(this.settings)}/jars (${artifact?.fileName ?? 'new JAR'})`,
        ...(artifact ? { sha256Hex: artifact.sha256Hex, size: artifact.size } : {}),
      }),
      inspect: () => Promise.resolve(undefined),
      promote: () =>
        Promise.reject(
          new PhaseError(
            'upload',
            'platform flink deploys a local JAR (artifact); promotion by key is for platform msf',
          ),
        ),
      put: async (ctx: PlatformContext, artifact: ArtifactInfo, ref: ArtifactRef) => {
        const target = this.steps(targetUrlOf(this.settings), ctx);
        try {
          const jarId = await uploadArtifact(target, artifact.path);
          this.uploaded = { jarId, sha256Hex: artifact.sha256Hex };
          return {
            ref: { ...ref, uri: `flink-jar:${jarId}`, sha256Hex: artifact.sha256Hex, size: artifact.size },
            skipped: false,
            note: `uploaded ${artifact.fileName} to ${target.rest.url} as ${jarId}`,
          };
        } catch (err) {
          throw asPhaseError(err, 'upload', `upload of ${artifact.fileName} (nothing changed)`);
        }
      },
    };
  }
}

/**
 * How a rollback runs the previous JAR: with the previous entry class and arguments
 * (`previous-entry-class`, `previous-program-args`; today's by default), never the new JAR's when they
 * differ, and the parallelism the job had.
 */
export function previousRun(
  settings: Pick<FlinkSettings, 'entryClass' | 'programArgs' | 'previousEntryClass' | 'previousProgramArgs'>,
  artifact: string,
  parallelism: number | undefined,
): FlinkRollbackRequest['previous'] {
  const entryClass = settings.previousEntryClass ?? settings.entryClass;
  return {
    artifact,
    ...(entryClass ? { entryClass } : {}),
    programArgs: settings.previousProgramArgs ?? settings.programArgs,
    ...(parallelism ? { parallelism } : {}),
  };
}

function jarIdOf(ref: ArtifactRef): string | undefined {
  return ref.uri.startsWith('flink-jar:') ? ref.uri.slice('flink-jar:'.length) : undefined;
}

/** Any failure of a step as the run's one-line PhaseError, Flink's text neutralised. */
function asPhaseError(
  err: unknown,
  phase: ConstructorParameters<typeof PhaseError>[0],
  what: string,
): PhaseError {
  if (err instanceof PhaseError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new PhaseError(phase, neutraliseCommands(`${what} failed: ${message}`), err);
}

/** The factory the entry points call for platform flink. */
export function createFlinkPlatform(inputs: Inputs): FlinkPlatform {
  if (!inputs.flink) throw new Error('platform flink needs flink-url and job-name or job-id');
  return new FlinkPlatform(inputs.flink, inputs);
}
