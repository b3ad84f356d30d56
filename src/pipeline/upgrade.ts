/**
 * The orchestrator: validate → preflight (+ JAR check) → upload → snapshot → baseline → update →
 * operation → verify → bake → (rollback) → report. Each phase is a log group, records its timing and
 * updates the RunState handed to `deps.onState`. Never throws: every ending is an UpgradeReport.
 */
import { describeGate, takeBaseline, runHealthGate } from './health-gate.js';
import type { Baseline } from '../health/contract.js';
import type { Inputs } from '../inputs.js';
import { formatDuration } from '../duration.js';
import type { RollbackResult } from '../msf/rollback-contract.js';
import type { PhaseRecord, RunResult, UpgradeReport } from '../report/types.js';
import { WaitAbortedError, pollWith } from '../wait.js';
import { inspectArtifact } from './artifact.js';
import type { Logger } from '../log.js';
import type { Annotation, PhaseDeps } from './deps.js';
import type { RunState } from './run-state.js';
import { describeRecord, type RecordVerdict } from './deployment-record.js';
import { Finished } from './finished.js';
import { RecordKeeper } from './record-keeper.js';
import { PhaseError, failureMessage, firstParagraph, type Phase } from './errors.js';
import { findingLine, findingMessage, runJarCheck, type Finding } from './jar-check-phase.js';
import type { ArtifactInfo, PromotedObject } from './artifact-info.js';
import type { PlanDecision, UpgradePlan } from '../msf/plan.js';
import { applyRetention, retentionPlanLine } from './retention.js';
import type {
  ApplicationView,
  FlinkTarget,
  FollowContext,
  Landing,
  OperationView,
  SnapshotView,
} from './target.js';

/**
 * What the orchestrator gets on top of PhaseDeps: where to save the run state (core.saveState in the
 * action), where annotations go, and the platform (built once by the entry point: src/platforms.ts).
 */
export interface PipelineDeps extends PhaseDeps {
  onState?: (state: RunState) => void;
  annotate?: (annotation: Annotation) => void;
  platform: FlinkTarget;
}

export async function runUpgrade(inputs: Inputs, deps: PipelineDeps): Promise<UpgradeReport> {
  return new UpgradeRun(inputs, deps).execute();
}

class UpgradeRun {
  private readonly state: RunState;
  private readonly report: UpgradeReport;
  private readonly target: FlinkTarget;
  private readonly deadline: number;
  private readonly deps: PipelineDeps;
  /** lines written so far: a phase that wrote none logs its note, so no log group is empty */
  private lineCount = 0;
  private artifact?: ArtifactInfo;
  private promoted?: PromotedObject;
  private plan?: UpgradePlan;
  /** the application's checkpoint interval, as preflight read it (undefined: checkpointing off) */
  private checkpointIntervalMs?: number;
  /** set once UpdateApplication went out (answered, or found applied after a lost answer) */
  private updateOut = false;
  /** the deployment record this run keeps on the application (one deployment at a time) */
  private readonly records: RecordKeeper;
  /** a record left by a lost runner or an earlier attempt, found in preflight */
  private leftover?: Extract<RecordVerdict, { kind: 'leftover' }>;
  /** the version an earlier attempt deployed with this run's build and never baked: baked by this run */
  private adopted?: ApplicationView;

  constructor(
    private readonly inputs: Inputs,
    deps: PipelineDeps,
  ) {
    this.deps = { ...deps, log: this.counted(deps.log) };
    const now = deps.clock.now();
    this.deadline = now + inputs.timeoutMs;
    this.state = {
      application: inputs.applicationName,
      run: inputs.run.id,
      attempt: inputs.run.attempt,
      phase: 'validate',
      deadline: this.deadline,
    };
    this.target = deps.platform;
    this.records = new RecordKeeper(this.target, {
      run: { run: inputs.run.id, attempt: inputs.run.attempt },
      application: inputs.applicationName,
      clock: deps.clock,
      signal: deps.signal,
      warn: (message) => this.warn(message),
    });
    this.target.attribute?.(this.state.phase);
    this.report = {
      application: inputs.applicationName,
      platform: this.target.platform,
      region: deps.clients.region,
      version: inputs.version,
      dryRun: inputs.dryRun,
      result: 'failed',
      reason: '',
      startedAt: now,
      endedAt: now,
      planLines: [],
      phases: [],
      logGroups: [],
      warnings: [],
    };
  }

  async execute(): Promise<UpgradeReport> {
    const realStart = performance.now();
    try {
      await this.steps();
    } catch (err) {
      if (err instanceof Finished)
        this.finish(
          err.result,
          err.result === 'upgraded' ? err.reason + (await this.restoreCost()) : err.reason,
        );
      else if (this.updateOut && !this.deps.signal.aborted && this.state.phase !== 'rollback')
        await this.afterUpdateError(err);
      else this.finish('failed', this.explain(err), this.updateOut);
    }
    // keep-snapshots: only after a healthy upgrade (never on a failed or rolled-back run, nor a cancelled one)
    if (this.report.result === 'upgraded' && this.inputs.keepSnapshots && !this.deps.signal.aborted) {
      this.report.retention = await applyRetention(this.deps, this.target, {
        keep: this.inputs.keepSnapshots,
        protect: [this.plan?.snapshot.name, this.plan?.preUpgradeSnapshot?.name].filter(
          (n): n is string => n !== undefined,
        ),
        now: this.deps.clock.now(),
        deadline: this.deadline,
        warn: (message) => this.warn(message),
      });
    }
    await this.records.settle((this.report.result !== 'failed' || !this.updateOut) && !this.state.unresolved);
    if (!this.deps.signal.aborted) {
      await this.finalRead();
      // an unresolved run keeps the phase it stopped in, for the post step
      if (!this.state.unresolved) this.setState({ phase: 'done' });
    }
    this.report.endedAt = this.deps.clock.now();
    this.report.durationMs = performance.now() - realStart;
    return this.report;
  }

  // ---- the phases --------------------------------------------------------------------------------

  private async steps(): Promise<void> {
    const { inputs, deps } = this;
    deps.log.info(
      inputs.dryRun
        ? `Planning ${inputs.applicationName} on ${this.target.platform} (${deps.clients.region}), version ${inputs.version} (dry run: nothing is changed)`
        : `Upgrading ${inputs.applicationName} on ${this.target.platform} (${deps.clients.region}), version ` +
            `${inputs.version}; gives up after ${formatDuration(inputs.timeoutMs)} at ${new Date(this.deadline).toISOString()}`,
    );

    // parseInputs already refuses a bake-time + stabilisation-delay that cannot fit in timeout; a bake
    // the deadline still cuts short ends `unhealthy` (check `deadline`) and is rolled back.
    await this.phase('validate', 'Validate inputs', async () => {
      if (inputs.artifact) {
        this.artifact = await inspectArtifact(inputs.artifact, inputs.applicationName);
        return `${this.artifact.fileName}: ${this.artifact.size} bytes, sha256 ${this.artifact.sha256Hex}`;
      }
      return `promotion of s3://${inputs.bucket ?? '(current bucket)'}/${inputs.key}`;
    });

    let { decision } = await this.phase('preflight', 'Preflight', () => this.preflight());
    if (this.leftover && !inputs.dryRun) {
      // first what an earlier run left (it may be the transition the plan refused): this run's own
      // build, deployed and unbaked, is baked; anything else is undone, then planned again
      const adopted = await this.adoptLeftover(this.leftover);
      if (adopted) decision = adopted;
      else {
        await this.recoverLeftover(this.leftover);
        ({ decision } = await this.phase('preflight', 'Preflight (again)', () => this.preflight()));
      }
      this.leftover = undefined;
    }
    if (decision.kind === 'refuse') throw new Finished('failed', `refused: ${decision.reason}`);
    this.plan = decision.plan;
    this.report.plan = decision.plan;
    const gateLine = describeGate(inputs.health, this.checkpointIntervalMs);
    this.report.planLines = await this.target.describePlan(decision.plan, { gate: gateLine });
    this.setState({ previous: decision.plan.previous, previousStatus: decision.plan.status });
    if (decision.kind === 'unchanged' && !this.adopted) {
      this.report.runtime = decision.plan.runtime.from;
      this.report.applicationVersionId = decision.plan.previous.versionId;
      throw new Finished('unchanged', decision.reason);
    }
    const plan = decision.plan;

    const jar = await this.phase('jar-check', 'JAR check', async () => {
      const outcome = await runJarCheck({
        mode: inputs.jarCheck,
        ...(this.artifact ? { artifactPath: this.artifact.path } : {}),
        targetRuntime: plan.runtime.to,
        currentRuntime: plan.runtime.from,
      });
      this.report.jarCheck = {
        mode: outcome.mode,
        findings: outcome.findings,
        ...(outcome.skipped ? { skipped: outcome.skipped } : {}),
      };
      // Each finding once: an annotation (one log line) for errors and warnings, a log line for infos.
      for (const f of outcome.findings) {
        if (f.severity === 'info') deps.log.info(findingLine(f));
        else {
          this.attend({
            level: f.severity === 'error' && inputs.jarCheck === 'strict' ? 'error' : 'warning',
            title: `JAR check ${f.code}`,
            message: findingMessage(f),
            importance: f.severity === 'error' ? 'high' : 'low',
          });
        }
      }
      if (outcome.skipped) return { skip: outcome.skipped, outcome };
      const errors = outcome.findings.filter((f) => f.severity === 'error').length;
      return {
        note:
          outcome.findings.length === 0
            ? `no findings for ${plan.runtime.to}`
            : `${plural(outcome.findings.length, 'finding')}, ${plural(errors, 'error')}`,
        outcome,
        ...(outcome.blocking ? { failed: true } : {}),
      };
    });
    // The findings themselves were printed above: the plan names them by code.
    const flagged = jar.outcome.findings.filter((f) => f.severity !== 'info');
    this.report.planLines = await this.target.describePlan(plan, {
      gate: gateLine,
      jarFindings: flagged.length > 0 ? [flagged.map((f) => `${f.severity} ${f.code}`).join(', ')] : [],
    });
    if (inputs.keepSnapshots) this.report.planLines.push(retentionPlanLine(inputs.keepSnapshots));
    let blocked: string | undefined;
    if (jar.outcome.blocking) {
      // The findings were printed once each above: the reason names them, it does not repeat them.
      const errors = jar.outcome.findings.filter((f) => f.severity === 'error');
      blocked =
        `jar-check found ${plural(errors.length, 'error')} in ${this.artifact?.fileName ?? 'the artifact'} for ` +
        `${plan.runtime.to} (${findingCodes(errors)})`;
      if (!inputs.dryRun) {
        throw new Finished(
          'failed',
          `${blocked}; nothing was changed. Fix the build, or set jar-check: warn to deploy anyway`,
        );
      }
    }

    await deps.log.group('Plan', async () => {
      if (inputs.dryRun) deps.log.info(`Plan for ${inputs.applicationName} (dry run, nothing is changed):`);
      for (const line of this.report.planLines) deps.log.info(inputs.dryRun ? `  ${line}` : line);
    });
    if (inputs.dryRun) {
      this.report.runtime = plan.runtime.to;
      this.report.s3Bucket = plan.code.bucket;
      this.report.s3Key = plan.code.key;
      throw new Finished(
        'planned',
        `dry run: ${plan.runtime.from} → ${plan.runtime.to}, s3://${plan.code.bucket}/${plan.code.key}` +
          (blocked
            ? `; blocked: ${blocked}, so a real run would stop before the upload (jar-check: strict)`
            : ''),
      );
    }
    await this.phase('upload', 'Upload', async () => {
      if (this.adopted)
        return {
          skip: `s3://${plan.code.bucket}/${plan.code.key} already runs (version ${this.adopted.versionId})`,
        };
      if (!this.artifact) {
        return {
          skip: `promoted s3://${plan.code.bucket}/${plan.code.key}, sha256 ${inputs.artifactSha256 ? 'verified' : 'not verified'}`,
        };
      }
      const result = await this.target.builds.put(deps, this.artifact, plan.code.bucket, plan.code.key);
      if (result.versionId) plan.code.objectVersion = result.versionId;
      this.report.upload = { skipped: result.skipped, note: result.note };
      deps.log.info(result.note);
      return result.skipped ? { skip: result.note } : result.note;
    });
    this.report.s3Bucket = plan.code.bucket;
    this.report.s3Key = plan.code.key;
    this.report.s3ObjectVersion = plan.code.objectVersion;

    await this.phase('snapshot', 'Snapshot', async () => {
      if (this.adopted && plan.preUpgradeSnapshot) {
        this.setState({ snapshotName: plan.preUpgradeSnapshot.name });
        return { skip: `taken before version ${this.adopted.versionId}: ${plan.preUpgradeSnapshot.name}` };
      }
      if (!plan.snapshot.take) {
        if (plan.snapshot.note) deps.log.info(plan.snapshot.note);
        if (plan.preUpgradeSnapshot) this.setState({ snapshotName: plan.preUpgradeSnapshot.name });
        return { skip: plan.snapshot.note ?? 'no snapshot' };
      }
      this.setState({ snapshotName: plan.snapshot.name });
      const snap = await this.target.takeSnapshot(deps, {
        name: plan.snapshot.name,
        deadline: this.deadline,
        intervalMs: inputs.pollIntervalMs,
      });
      plan.preUpgradeSnapshot = {
        name: snap.name,
        ...(snap.runtime ? { runtime: snap.runtime } : {}),
        ...(snap.createdAt !== undefined ? { createdAt: snap.createdAt } : {}),
      };
      return `snapshot ${snap.name} is READY (${snap.runtime ?? plan.runtime.from})`;
    });
    this.report.snapshotName = plan.preUpgradeSnapshot?.name;

    // A stopped application is upgraded and left READY unless start: true: nothing runs to bake.
    const leftStopped = plan.status === 'READY' && !plan.startAfterUpdate;
    let baseline: Baseline | undefined;
    await this.phase('baseline', 'Baseline', async () => {
      if (inputs.health.bakeMs <= 0) return { skip: 'bake-time 0: no health gate' };
      if (leftStopped) return { skip: `${plan.application} stays READY (start: false): no health gate` };
      baseline = await takeBaseline(deps, {
        application: inputs.applicationName,
        runtime: plan.runtime.from,
        settings: inputs.health,
      });
      return `baseline of ${Object.keys(baseline.series).length} metric(s)`;
    });

    const landing = await this.updateAndFollow();
    if (landing.kind === 'unchanged') throw new Finished('unchanged', landing.reason);
    if (landing.kind === 'failed') throw new Finished('failed', landing.reason);
    if (landing.kind === 'system-rolled-back')
      throw new Finished(landing.ok ? 'rolled-back' : 'failed', landing.reason);
    if (landing.kind === 'needs-rollback') return this.rollBackPhase(landing.reason);

    this.report.applicationVersionId = landing.app.versionId;
    this.report.runtime = landing.app.runtime;
    this.report.status = landing.app.status;

    if (leftStopped) {
      await this.phase('bake', 'Bake (health gate)', async () => ({
        skip: `${plan.application} was READY (stopped) and stays READY (start: false): nothing runs, so there is no health gate`,
      }));
      throw new Finished(
        'upgraded',
        `${inputs.applicationName} is READY (stopped, as before) on ${landing.app.runtime} with s3://${plan.code.bucket}/${plan.code.key}, ` +
          `version ${landing.app.versionId}; not started and not health-checked (start: true starts it after the upgrade)`,
      );
    }
    if (inputs.health.bakeMs <= 0 || !baseline) {
      await this.records.notGreenIfSuperseded();
      throw new Finished(
        'upgraded',
        `${inputs.applicationName} runs ${landing.app.runtime} with s3://${plan.code.bucket}/${plan.code.key}, version ${landing.app.versionId}`,
      );
    }
    const gateBaseline = baseline;
    const gate = await this.phase('bake', 'Bake (health gate)', async () => {
      const result = await runHealthGate(deps, {
        application: inputs.applicationName,
        runtime: plan.runtime.to,
        baseline: gateBaseline,
        settings: inputs.health,
        deadline: this.deadline,
        watch: this.target,
        landed: {
          versionId: landing.app.versionId,
          runtime: landing.app.runtime,
          ...(landing.app.fileKey ? { fileKey: landing.app.fileKey } : {}),
        },
        ...(landing.app.checkpointIntervalMs !== undefined
          ? { checkpointIntervalMs: landing.app.checkpointIntervalMs }
          : {}),
        checkpointIntervalKnown: true,
      });
      this.report.gate = result;
      return {
        note: `${result.verdict}${result.reason ? `: ${result.reason}` : ''}`,
        result,
        ...(result.verdict === 'unhealthy' ? { failed: true } : {}),
      };
    });
    if (gate.result.verdict === 'unhealthy') {
      return this.rollBackPhase(`health gate: ${gate.result.reason ?? 'unhealthy'}`);
    }
    if (gate.result.verdict === 'superseded') {
      // Another deployment changed the application: never roll back a version this run did not make.
      throw new Finished(
        'failed',
        `health gate: ${gate.result.reason ?? 'superseded by another deployment'}`,
      );
    }
    await this.records.notGreenIfSuperseded();
    throw new Finished(
      'upgraded',
      `${inputs.applicationName} runs ${landing.app.runtime} with s3://${plan.code.bucket}/${plan.code.key}, version ` +
        `${landing.app.versionId}; health gate ${gate.result.verdict}${gate.result.reason ? ` (${gate.result.reason})` : ''}`,
    );
  }

  /**
   * What `restore: snapshot` cost an upgrade: the new job restored our pre-upgrade snapshot, so its state
   * and source positions rewound from the snapshot to the old job's stop (the update's start).
   */
  private async restoreCost(): Promise<string> {
    const update = this.report.phases.find((p) => p.phase === 'update');
    return this.plan && update ? this.target.restoreCost(this.plan, update.startedAt) : '';
  }

  private async preflight(): Promise<{ note: string; decision: PlanDecision; failed?: boolean }> {
    const { inputs, deps } = this;
    const app = await this.target.describe();
    this.checkpointIntervalMs = app.checkpointIntervalMs;
    this.report.previousApplicationVersionId = app.versionId;
    this.report.previousRuntime = app.runtime;
    this.report.previousStatus = app.status;
    this.report.logGroups = app.logGroups;
    deps.log.info(
      `${app.name}: ${app.status}, ${app.runtime}, version ${app.versionId}, code ` +
        `${app.fileKey ? `s3://${app.bucket}/${app.fileKey}` : '(not in S3)'}, snapshots ` +
        `${app.snapshotsEnabled ? 'on' : 'off'}, system rollback ${app.systemRollbackEnabled ? 'on' : 'off'}`,
    );
    const [snapshots, operations, verdict] = await Promise.all([
      this.target.listSnapshots(),
      this.target.listOperations(),
      this.records.verdict(),
    ]);
    if (verdict.kind === 'busy') {
      if (!inputs.dryRun)
        return {
          note: `refused: ${verdict.reason}`,
          decision: { kind: 'refuse', reason: verdict.reason, warnings: [] },
          failed: true,
        };
      this.warn(`a real run would be refused now: ${verdict.reason}`);
    }
    if (verdict.kind === 'leftover') {
      this.leftover = verdict;
      this.warn(`${app.name}: ${verdict.reason}; this run finishes it before anything else`);
    }
    if (!this.artifact && inputs.key) {
      const bucket = inputs.bucket ?? app.bucket;
      if (!bucket) throw new PhaseError('preflight', `${app.name} does not run its code from S3; set bucket`);
      this.promoted = await this.target.builds.promote(
        deps,
        bucket,
        inputs.key,
        inputs.artifactSha256,
        inputs.objectVersion,
      );
      if (inputs.artifactSha256) {
        deps.log.info(`s3://${bucket}/${inputs.key}: ${this.promoted.size} bytes, sha256 verified`);
      } else {
        this.warn(
          `s3://${bucket}/${inputs.key}: ${this.promoted.size} bytes; its SHA-256 was not verified (no artifact-sha256)` +
            (this.promoted.sha256Hex ? `; the object declares sha256 ${this.promoted.sha256Hex}` : ''),
        );
      }
    }
    let decision = await this.decide(app, snapshots, operations);
    if (
      decision.kind === 'upgrade' &&
      snapshots.length >= this.target.checkpointQuota.limit &&
      (decision.plan.snapshot.take || app.snapshotsEnabled)
    ) {
      // Refused here, before the upload: the snapshot (ours, or MSF's own at the update) would be refused.
      decision = {
        kind: 'refuse',
        reason: `snapshot quota: ${this.target.checkpointQuota.full(snapshots.length)}`,
        warnings: decision.plan.warnings,
      };
    }
    // with keep-snapshots, the retention after a healthy upgrade warns with the count it leaves
    const quotaWarning = inputs.keepSnapshots
      ? undefined
      : this.target.checkpointQuota.nearlyFull(snapshots.length);
    if (quotaWarning && decision.kind !== 'refuse') this.warn(quotaWarning);
    for (const w of decision.kind === 'refuse' ? decision.warnings : decision.plan.warnings) this.warn(w);
    const note =
      decision.kind === 'refuse'
        ? `refused: ${decision.reason}`
        : decision.kind === 'unchanged'
          ? `already at target: ${decision.reason}`
          : `${decision.plan.runtime.from} → ${decision.plan.runtime.to}, ${snapshots.length} snapshot(s)`;
    return { note, decision, ...(decision.kind === 'refuse' ? { failed: true } : {}) };
  }

  /** The plan for the application as just read: what this run's artifact or promoted object would change. */
  private async decide(
    app: ApplicationView,
    snapshots: readonly SnapshotView[],
    operations: OperationView[],
  ): Promise<PlanDecision> {
    const runningObject = await this.runningObject(app);
    return this.target.plan({
      inputs: this.inputs,
      region: this.deps.clients.region,
      app,
      snapshots,
      operations,
      ...(this.artifact ? { artifact: this.artifact } : {}),
      ...(this.promoted ? { promoted: this.promoted } : {}),
      ...(runningObject ? { runningObject } : {}),
      now: this.deps.clock.now(),
    });
  }

  /**
   * When the local build would go where the application's code already is, what S3 says about the
   * object it runs (so a re-run is recognised as "already deployed").
   */
  private async runningObject(
    app: ApplicationView,
  ): Promise<{ sha256Hex?: string; size?: number } | undefined> {
    const { inputs, deps } = this;
    if (!this.artifact || !app.fileKey || !app.bucket) return undefined;
    const bucket = inputs.bucket ?? app.bucket;
    const key = inputs.key ?? (await this.target.defaultKey(inputs.version, this.artifact.fileName));
    if (bucket !== app.bucket || key !== app.fileKey) return undefined;
    return this.target.builds.inspect(deps, bucket, key, app.objectVersion);
  }

  /** Update (re-planning once on a concurrent change), then the operation(s), then verification. */
  private async updateAndFollow(): Promise<Landing> {
    if (this.adopted) return { kind: 'verified', app: this.adopted };
    const update = await this.phase('update', 'Update', () => this.update());
    if ('landing' in update) return update.landing;
    await this.records.mark({ phase: 'bake', to: update.expectedVersion });
    const plan = update.plan;
    const opLanding = await this.phase('operation', 'Operation', async () => {
      const landing = await this.target.followUpdate(
        this.followContext(),
        plan,
        update.operationId,
        update.calledAt,
      );
      if (!landing) return { note: 'SUCCESSFUL', landing };
      const note =
        landing.kind === 'system-rolled-back'
          ? `FAILED; MSF rolled back (operation ${this.report.rollbackOperation?.id ?? '?'}: ${this.report.rollbackOperation?.status ?? '?'})`
          : 'reason' in landing
            ? landing.reason
            : landing.kind;
      return { note, landing, failed: true };
    });
    if (opLanding.landing) return opLanding.landing;
    return this.phase('verify', 'Verify', async () => {
      // The update went out: a throttled read here is retried like the polls before it.
      const app = await pollWith(this.deps, {
        what: `${plan.application} to be read for verification`,
        deadline: this.deadline,
        intervalMs: this.inputs.pollIntervalMs,
        probe: () => this.target.describe(),
        check: (a) => ({ done: true, result: a }),
      });
      const v = this.target.verify(plan, app, update.expectedVersion);
      if (v.ok) {
        this.setState({
          target: {
            versionId: app.versionId,
            runtime: app.runtime,
            ...(app.fileKey ? { fileKey: app.fileKey } : {}),
            ...(app.bucketArn ? { bucketArn: app.bucketArn } : {}),
            ...(app.objectVersion ? { objectVersion: app.objectVersion } : {}),
          },
        });
        const landing: Landing = { kind: 'verified', app };
        return {
          note: `${app.status}, ${app.runtime}, s3://${app.bucket}/${app.fileKey}, version ${app.versionId}`,
          landing,
        };
      }
      const reason = `${plan.application} does not run what was deployed although the operation succeeded: ${v.problems.join('; ')}`;
      const landing: Landing = v.backOnPrevious
        ? { kind: 'failed', reason: `${reason}; it runs the previous version again` }
        : { kind: 'needs-rollback', reason };
      return { note: reason, landing, failed: true };
    }).then((r) => r.landing);
  }

  /** The update, sent by the platform (re-planning once on a concurrent change, recognising a lost answer). */
  private async update(): Promise<
    | { landing: Landing; note: string }
    | { plan: UpgradePlan; operationId?: string; calledAt: number; expectedVersion: number; note: string }
  > {
    const out = await this.target.sendUpdate(
      {
        deps: this.deps,
        claim: (plan) =>
          this.records.claim({
            from: plan.expected.versionId,
            ...(plan.preUpgradeSnapshot ? { snapshot: plan.preUpgradeSnapshot.name } : {}),
            until: this.deadline + this.inputs.rollbackTimeoutMs,
          }),
        refuseIfSuperseded: (what) => this.records.refuseIfSuperseded(what),
        replan: (why) => this.replan(why),
      },
      this.plan!,
    );
    if ('landing' in out) return { landing: out.landing, note: out.landing.reason };
    return this.updateSent(out.plan, out.calledAt, out.versionId, out.operationId, out.how, out.operation);
  }

  /** The update went out (answered, or found after a lost answer): the state and what to follow. */
  private updateSent(
    plan: UpgradePlan,
    calledAt: number,
    versionId: number,
    operationId: string | undefined,
    how: string,
    operation: string,
  ): { plan: UpgradePlan; operationId?: string; calledAt: number; expectedVersion: number; note: string } {
    this.updateOut = true;
    this.setState({
      ...(operationId ? { operationId } : {}),
      target: {
        versionId,
        runtime: plan.runtime.to,
        bucketArn: plan.code.bucketArn,
        fileKey: plan.code.key,
        ...(plan.code.objectVersion ? { objectVersion: plan.code.objectVersion } : {}),
      },
    });
    this.report.operation = operationId ? { id: operationId, operation, status: 'IN_PROGRESS' } : undefined;
    return {
      plan,
      ...(operationId ? { operationId } : {}),
      calledAt,
      expectedVersion: versionId,
      note: `${how}: version ${plan.expected.versionId} → ${versionId}${operationId ? `, operation ${operationId}` : ''}`,
    };
  }

  /** Waits until the application is RUNNING or READY again (within the run's deadline). */
  private waitSteady(what: string): Promise<ApplicationView> {
    const { deps, inputs } = this;
    return pollWith(deps, {
      what,
      deadline: this.deadline,
      intervalMs: inputs.pollIntervalMs,
      probe: () => this.target.describe(),
      check: (app) =>
        this.target.isSteady(app) ? { done: true, result: app } : { done: false, state: app.status },
    });
  }

  /** Someone else changed the application: wait for it to settle, read it again and plan once more. */
  private async replan(
    why: string,
  ): Promise<{ landing: Exclude<Landing, { kind: 'verified' }> } | { plan: UpgradePlan }> {
    const { deps, inputs } = this;
    const old = this.plan!;
    deps.log.warn(`${inputs.applicationName}: ${why}; re-reading and planning once more`);
    await this.waitSteady(`${inputs.applicationName} to settle after a concurrent change`);
    const [app, snapshots, operations] = await Promise.all([
      this.target.describe(),
      this.target.listSnapshots(),
      this.target.listOperations(),
    ]);
    const decision = await this.decide(app, snapshots, operations);
    if (decision.kind === 'refuse') {
      return { landing: { kind: 'failed', reason: `refused after a concurrent change: ${decision.reason}` } };
    }
    if (decision.kind === 'unchanged') return { landing: { kind: 'unchanged', reason: decision.reason } };
    const plan = decision.plan;
    // Keep what this run already did: the uploaded object and the pre-upgrade snapshot.
    if (old.code.objectVersion && plan.code.key === old.code.key)
      plan.code.objectVersion = old.code.objectVersion;
    if (old.preUpgradeSnapshot) plan.preUpgradeSnapshot = old.preUpgradeSnapshot;
    // The new plan sees our snapshot under the requested name and names a fresh one; restore ours.
    if (plan.snapshot.take && plan.restore.snapshotName === plan.snapshot.name && old.preUpgradeSnapshot)
      plan.restore.snapshotName = old.preUpgradeSnapshot.name;
    plan.snapshot = { ...plan.snapshot, name: old.snapshot.name, take: false };
    this.plan = plan;
    this.report.plan = plan;
    this.report.previousApplicationVersionId = app.versionId;
    this.report.previousRuntime = app.runtime;
    this.setState({ previous: plan.previous });
    deps.log.info(
      `re-planned on version ${plan.expected.versionId}: ${(await this.target.describePlan(plan)).join('; ')}`,
    );
    return { plan };
  }

  /** What the platform's following of the update may touch: the saved state and the report. */
  private followContext(): FollowContext {
    const { deps, inputs } = this;
    return {
      deps,
      deadline: this.deadline,
      pollIntervalMs: inputs.pollIntervalMs,
      timeoutMs: inputs.timeoutMs,
      rollbackTimeoutMs: inputs.rollbackTimeoutMs,
      explain: (err) => this.explain(err),
      waitSteady: (what) => this.waitSteady(what),
      following: (operationId) => this.setState({ operationId }),
      rollingBack: (operationId) => this.setState({ phase: 'rollback', rollbackOperationId: operationId }),
      operation: (role, record) => {
        if (role === 'update') this.report.operation = record;
        else if (role === 'start') this.report.startOperation = record;
        else this.report.rollbackOperation = record;
      },
      systemRollbackCost: (cost) => {
        this.report.systemRollbackCost = cost;
      },
    };
  }

  /**
   * An error stopped the run after the update went out (following the operation, verifying, baking):
   * the new version may be live and unproven. It is rolled back (`rollback: auto`); where that cannot be
   * done, the result says the new version is live and how to undo it, and the saved state has no result,
   * so the post step rolls back or repeats the instructions.
   */
  private async afterUpdateError(err: unknown): Promise<void> {
    const why = `after the update went out: ${this.explain(err).replace(/\.$/, '')}`;
    try {
      await this.rollBackPhase(why);
    } catch (end) {
      if (end instanceof Finished) this.finish(end.result, end.reason, end.result !== 'rolled-back');
      else if (this.deps.signal.aborted) this.finish('failed', this.explain(end), true);
      else
        this.finish(
          'failed',
          `${why}; the rollback failed too: ${this.explain(end)}. ${await this.liveVersionAdvice()}`,
          true,
        );
    }
  }

  /**
   * One line saying which version is live and how to undo it; the commands go to the log and the
   * summary's warnings.
   */
  private async liveVersionAdvice(): Promise<string> {
    const plan = this.plan!;
    const app = await this.target.describe().catch(() => undefined);
    const steps = this.target.manualSteps(app, plan.previous, plan.preUpgradeSnapshot?.name);
    for (const step of steps) this.warn(`to undo: ${step}`);
    const live = app ? this.target.describeApplication(app) : `${plan.application} may run the new version`;
    return (
      `${live}; to return it to ${this.target.describeRelease(plan.previous)}` +
      `${plan.preUpgradeSnapshot ? ` from snapshot ${plan.preUpgradeSnapshot.name}` : ''}, run the ${steps.length} ` +
      'commands listed under Warnings'
    );
  }

  private async rollBackPhase(why: string): Promise<void> {
    const { inputs, deps } = this;
    const plan = this.plan!;
    const other = await this.records.supersededBy();
    if (other) {
      throw new Finished(
        'failed',
        `${why}; superseded by ${other}: not rolling back a version this run may not have deployed`,
      );
    }
    if (inputs.rollback === 'never') {
      throw new Finished(
        'failed',
        `${why}; rollback: never, so ${plan.application} was left as it is. ${await this.liveVersionAdvice()}`,
      );
    }
    await this.records.mark({ phase: 'rollback' });
    const result = await this.phase('rollback', 'Rollback', async () => {
      this.attend({
        level: 'warning',
        title: `Rolling back ${plan.application}`,
        message: `${why}; returning to version ${plan.previous.versionId} (${plan.previous.runtime})`,
        importance: 'high',
      });
      const r: RollbackResult = await this.target.rollBack(deps, {
        application: plan.application,
        previous: plan.previous,
        ...(plan.preUpgradeSnapshot ? { preUpgradeSnapshot: plan.preUpgradeSnapshot } : {}),
        reason: why,
        deadline: deps.clock.now() + inputs.rollbackTimeoutMs,
        pollIntervalMs: inputs.pollIntervalMs,
        allowNonRestoredState: inputs.allowNonRestoredState,
        maxStateAgeMs: inputs.maxStateAgeMs,
        ...(plan.status === 'READY' ? { leaveStopped: true } : {}),
      });
      this.report.rollback = r;
      if (r.operationId) {
        this.setState({ rollbackOperationId: r.operationId });
        this.report.rollbackOperation = {
          id: r.operationId,
          operation: this.target.rollbackOperation(r),
          status: r.outcome === 'rolled-back' ? 'SUCCESSFUL' : 'FAILED',
        };
      }
      return {
        // the message is the run's reason and the summary's Rollback section: the note names the path
        note: `${r.outcome} (${r.path})`,
        r,
        ...(r.outcome === 'failed' ? { failed: true } : {}),
      };
    });
    const r = result.r;
    // The reason is one line; the commands to finish by hand are in the log and the summary.
    throw new Finished(
      r.outcome === 'rolled-back' ? 'rolled-back' : 'failed',
      `${why}; ${r.outcome === 'rolled-back' ? 'rolled back' : 'rollback failed'}: ${firstParagraph(r.message, 'the commands in the job summary')}`,
    );
  }

  /**
   * A lost runner or an earlier attempt left a new version unbaked, and it is exactly what this run asks
   * for (the same build at the same place, the same runtime and parallelism), its update SUCCESSFUL and
   * the application RUNNING it: this run takes the record over and bakes that version instead of
   * deploying it again (rolled back, as by the run that made it, if the bake fails). The plan is the
   * deployment's: `previous` is the version before it, the rollback point its pre-upgrade snapshot.
   * undefined: not this run's to bake (a half-done rollback, another build, a failed update): undone.
   */
  private async adoptLeftover(
    found: Extract<RecordVerdict, { kind: 'leftover' }>,
  ): Promise<PlanDecision | undefined> {
    const left = found.record;
    if (left.phase === 'rollback' || !this.target.describeVersion) return undefined;
    const name = this.inputs.applicationName;
    const app = await this.waitSteady(`${name} to settle before finishing what ${describeRecord(left)} left`);
    if (app.status !== 'RUNNING' || app.versionId === left.from) return undefined;
    if (left.to !== undefined && app.versionId !== left.to) return undefined;
    const [snapshots, operations] = await Promise.all([
      this.target.listSnapshots(),
      this.target.listOperations(),
    ]);
    if (!this.target.lastUpdateSucceeded(operations)) return undefined;
    const decision = await this.decide(app, snapshots, operations);
    if (decision.kind !== 'unchanged') return undefined;
    const previous = await this.target.describeVersion(left.from);
    const snap = left.snapshot ? snapshots.find((s) => s.name === left.snapshot) : undefined;
    decision.plan.previous = previous;
    if (left.snapshot) {
      decision.plan.preUpgradeSnapshot = {
        name: left.snapshot,
        ...(snap?.runtime ? { runtime: snap.runtime } : {}),
        ...(snap?.createdAt !== undefined ? { createdAt: snap.createdAt } : {}),
      };
    }
    this.records.hold({
      ...left,
      phase: 'bake',
      to: app.versionId,
      until: this.deadline + this.inputs.rollbackTimeoutMs,
    });
    await this.records.takeOver(left);
    this.adopted = app;
    this.updateOut = true;
    this.setState({
      ...(left.snapshot ? { snapshotName: left.snapshot } : {}),
      target: {
        versionId: app.versionId,
        runtime: app.runtime,
        ...(app.fileKey ? { fileKey: app.fileKey } : {}),
        ...(app.bucketArn ? { bucketArn: app.bucketArn } : {}),
        ...(app.objectVersion ? { objectVersion: app.objectVersion } : {}),
      },
    });
    this.deps.log.warn(
      `${found.reason}; ${name} runs version ${app.versionId}, this run's build (${decision.reason}), never proven ` +
        `by a bake: baking it instead of deploying it again (rolled back to version ${left.from} if unhealthy)`,
    );
    return decision;
  }

  /**
   * A lost runner or an earlier attempt left the application between versions (an unbaked new version
   * this run does not ask for, a half-done rollback): it is returned to the version before that
   * deployment, and this run ends there (never green: run again to deploy). An application already
   * back on that version goes on.
   */
  private async recoverLeftover(found: Extract<RecordVerdict, { kind: 'leftover' }>): Promise<void> {
    const { deps, inputs } = this;
    const left = found.record;
    const name = inputs.applicationName;
    const previous = await this.target.describeVersion!(left.from);
    const app = await this.waitSteady(`${name} to settle before finishing what ${describeRecord(left)} left`);
    this.records.hold({
      ...left,
      phase: 'rollback',
      until: this.deadline + inputs.rollbackTimeoutMs,
    });
    if (
      app.versionId === left.from ||
      (left.to !== undefined &&
        app.versionId > left.to &&
        this.target.differences(app, previous).length === 0)
    ) {
      deps.log.info(
        `${name} runs version ${app.versionId}, the configuration of version ${left.from}: nothing left to finish`,
      );
      await this.records.clearNow();
      return;
    }
    await this.records.takeOver(left);
    this.setState({ previous, ...(left.snapshot ? { snapshotName: left.snapshot } : {}) });
    const why = `${found.reason}; ${name} runs version ${app.versionId}, never proven by a bake`;
    const r = await this.phase('rollback', 'Rollback (left by an earlier run)', async () => {
      deps.log.warn(`rolling ${name} back to version ${left.from} (${previous.runtime}): ${why}`);
      const result = await this.target.rollBack(deps, {
        application: name,
        previous,
        ...(left.snapshot ? { preUpgradeSnapshot: { name: left.snapshot } } : {}),
        reason: why,
        deadline: deps.clock.now() + inputs.rollbackTimeoutMs,
        pollIntervalMs: inputs.pollIntervalMs,
        allowNonRestoredState: inputs.allowNonRestoredState,
      });
      this.report.rollback = result;
      return {
        note: `${result.outcome}: ${firstParagraph(result.message)}`,
        result,
        ...(result.outcome === 'failed' ? { failed: true } : {}),
      };
    });
    this.updateOut = true;
    throw new Finished(
      r.result.outcome === 'rolled-back' ? 'rolled-back' : 'failed',
      `${why}; ${r.result.outcome === 'rolled-back' ? 'rolled back' : 'rollback failed'}: ${firstParagraph(r.result.message)}` +
        (r.result.outcome === 'rolled-back'
          ? `. Nothing of this run was deployed: run again to deploy ${inputs.version}`
          : ''),
    );
  }

  // ---- plumbing ----------------------------------------------------------------------------------

  /**
   * Runs one phase in a log group. `fn` returns a note (string), `{ skip }` for a skipped phase, or an
   * object with `note`/`failed` plus any values the caller needs.
   */
  private async phase<T>(phase: Phase, title: string, fn: () => Promise<T>): Promise<T> {
    const record: PhaseRecord = { phase, title, startedAt: this.deps.clock.now(), outcome: 'ok' };
    this.report.phases.push(record);
    this.setState({ phase });
    const realStart = performance.now();
    try {
      const value = await this.deps.log.group(title, async () => {
        const before = this.lineCount;
        let v: T;
        try {
          v = await fn();
        } catch (err) {
          // the error is the run's result, printed once at the end: the group only points to it
          if (this.lineCount === before && !(err instanceof Finished))
            this.deps.log.info(`${title}: failed (the error is the result below)`);
          throw err;
        }
        const note = noteOf(v);
        if (this.lineCount === before && note) this.deps.log.info(note);
        return v;
      });
      record.endedAt = this.deps.clock.now();
      record.durationMs = performance.now() - realStart;
      if (typeof value === 'string') record.note = value;
      else if (value && typeof value === 'object') {
        const v = value as { skip?: string; note?: string; failed?: boolean };
        if (v.skip !== undefined) {
          record.outcome = 'skipped';
          record.note = v.skip;
        } else if (v.note !== undefined) record.note = v.note;
        if (v.failed) record.outcome = 'failed';
      }
      return value;
    } catch (err) {
      record.endedAt = this.deps.clock.now();
      record.durationMs = performance.now() - realStart;
      record.outcome = err instanceof Finished && err.result !== 'failed' ? 'ok' : 'failed';
      record.note = err instanceof Finished ? err.reason : this.explain(err);
      throw err;
    }
  }

  private explain(err: unknown): string {
    if (err instanceof WaitAbortedError || this.deps.signal.aborted) {
      const inFlight =
        this.state.operationId && (this.state.phase === 'update' || this.state.phase === 'operation');
      return (
        `cancelled during ${this.state.phase}: ${err instanceof Error ? err.message : String(err)}` +
        (inFlight ? `; operation ${this.state.operationId} may still be running` : '')
      );
    }
    return failureMessage(err, this.inputs.applicationName, this.state.phase);
  }

  /** `unresolved`: the application may be left on the new, unproven version (see afterUpdateError). */
  private finish(result: RunResult, reason: string, unresolved = false): void {
    this.report.result = result;
    this.report.reason = reason;
    // A cancelled run, or one that left the new version unproven, has no final result in the saved
    // state: it keeps the phase it stopped in, so the post step can see what was left and act on it.
    if (this.deps.signal.aborted) this.setState({ reason });
    else if (unresolved) this.setState({ reason, unresolved: reason });
    else this.setState({ result, reason });
    // The result is printed once, by the entry point (core.setFailed, the terminal report).
  }

  /** After a run that changed something and did not end verified, read where the application is now. */
  private async finalRead(): Promise<void> {
    const r = this.report;
    if (r.result !== 'rolled-back' && r.result !== 'failed') return;
    if (!r.operation && !r.rollbackOperation) return;
    try {
      const app = await this.target.describe();
      r.applicationVersionId = app.versionId;
      r.runtime = app.runtime;
      r.finalCode = {
        ...(app.bucket ? { bucket: app.bucket } : {}),
        ...(app.fileKey ? { key: app.fileKey } : {}),
        ...(app.objectVersion ? { objectVersion: app.objectVersion } : {}),
        status: app.status,
      };
    } catch {
      // best effort: the report says what it knows
    }
  }

  private setState(patch: Partial<RunState>): void {
    Object.assign(this.state, patch);
    if (patch.phase) this.target.attribute?.(patch.phase);
    try {
      this.deps.onState?.({ ...this.state });
    } catch (err) {
      this.deps.log.debug(`saving the run state failed: ${String(err)}`);
    }
  }

  /** A warning a person must read: in the summary's Warnings, and once in the log (as an annotation when there is a sink). */
  private warn(message: string): void {
    this.report.warnings.push(message);
    this.attend({
      level: 'warning',
      title: `Upgrade of ${this.inputs.applicationName}`,
      message,
      importance: 'high',
    });
  }

  /** Printed once: as an annotation (the sink writes its line) or, without a sink, as a log line. */
  private attend(a: Annotation): void {
    if (this.deps.annotate) {
      this.lineCount += 1;
      this.deps.annotate(a);
    } else if (a.level === 'error') this.deps.log.error(`${a.title}: ${a.message}`);
    else this.deps.log.warn(`${a.title}: ${a.message}`);
  }

  /** The logger, counting the lines written (see lineCount). */
  private counted(log: Logger): Logger {
    const count = (): void => {
      this.lineCount += 1;
    };
    return {
      info: (line) => (count(), log.info(line)),
      warn: (line) => (count(), log.warn(line)),
      error: (line) => (count(), log.error(line)),
      debug: (line) => log.debug(line),
      group: (name, fn) => log.group(name, fn),
    };
  }
}

/** A phase's note, whatever shape its value has (see phase). */
function noteOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as { skip?: string; note?: string };
    return v.skip ?? v.note;
  }
  return undefined;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `JAVA_CLASS_VERSION in com.example.Job, 2 more`: what the findings are, without their text. */
function findingCodes(findings: readonly Finding[]): string {
  const first = findings[0];
  if (!first) return 'see the log';
  const where = first.location ? ` in ${first.location}` : '';
  return `${first.code}${where}${findings.length > 1 ? `, ${findings.length - 1} more` : ''}`;
}
