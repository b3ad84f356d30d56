/**
 * The upgrade driven through the platform interface (src/pipeline/platform.ts) alone: preflight and
 * plan, the JAR check, the upload into the platform's store, the update with its follow and verify, the
 * health gate from the platform's health source, and the rollback. Platform-neutral: a platform that
 * implements `Platform` (self-managed Flink today) runs through here; it reports in the same report,
 * outputs and summary as the MSF run.
 */
import type { Clock } from '../clock.js';
import { formatDuration } from '../duration.js';
import type { GateResult } from '../health/contract.js';
import type { Inputs } from '../inputs.js';
import type { Logger } from '../log.js';
import type { PhaseRecord, UpgradeReport } from '../report/types.js';
import { neutraliseCommands } from '../workflow-commands.js';
import { inspectArtifact } from './artifact.js';
import type { Annotation } from './deps.js';
import { failureMessage, PhaseError, type Phase } from './errors.js';
import { findingLine, runJarCheck } from './jar-check-phase.js';
import type {
  Checkpoint,
  Landing,
  Platform,
  PlatformContext,
  Release,
  ReleasePlan,
  RollbackResult,
  UpdateProgress,
  UpdateSent,
} from './platform.js';

/** What a run through a Platform saves for the post step (core.saveState): enough to roll back. */
export interface PlatformRunState {
  application: string;
  phase: Phase;
  previous?: Release;
  expected?: Release;
  preUpgradeCheckpoint?: Checkpoint;
  result?: UpgradeReport['result'];
  reason?: string;
  /** absolute clock ms: when the run gives up */
  deadline: number;
}

export interface PlatformRunDeps {
  platform: Platform;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
  onState?: (state: PlatformRunState) => void;
  annotate?: (annotation: Annotation) => void;
}

/** The JAR check's name of an engine version: `2.2` → `FLINK-2_2`. */
export function engineRuntime(version: string): string {
  return `FLINK-${version.replace('.', '_')}`;
}

export async function runOnPlatform(inputs: Inputs, deps: PlatformRunDeps): Promise<UpgradeReport> {
  const { platform, clock, log } = deps;
  const started = Date.now();
  const startedAt = clock.now();
  const deadline = startedAt + inputs.timeoutMs;
  const ctx: PlatformContext = {
    clock,
    log,
    signal: deps.signal,
    deadline,
    pollIntervalMs: inputs.pollIntervalMs,
  };
  const state: PlatformRunState = { application: platform.application, phase: 'validate', deadline };
  const save = (): void => deps.onState?.({ ...state });
  const report: UpgradeReport = {
    application: platform.application,
    platform: platform.name,
    region: platform.location,
    version: inputs.version,
    dryRun: inputs.dryRun,
    result: 'failed',
    reason: '',
    startedAt,
    endedAt: startedAt,
    planLines: [],
    phases: [],
    logGroups: [],
    warnings: [],
  };
  const annotate = (a: Annotation): void => {
    deps.annotate?.({ ...a, message: neutraliseCommands(a.message) });
  };
  const finish = (result: UpgradeReport['result'], reason: string): UpgradeReport => {
    report.result = result;
    report.reason = neutraliseCommands(reason);
    report.endedAt = clock.now();
    report.durationMs = Date.now() - started;
    state.phase = 'done';
    state.result = result;
    state.reason = report.reason;
    save();
    return report;
  };
  const phase = async <T>(
    name: Phase,
    title: string,
    fn: (record: PhaseRecord) => Promise<T>,
  ): Promise<T> => {
    state.phase = name;
    save();
    const record: PhaseRecord = { phase: name, title, startedAt: clock.now(), outcome: 'ok' };
    report.phases.push(record);
    const realStart = Date.now();
    try {
      return await log.group(title, () => fn(record));
    } catch (err) {
      record.outcome = 'failed';
      throw err;
    } finally {
      record.endedAt = clock.now();
      record.durationMs = Date.now() - realStart;
    }
  };

  let previous: Release | undefined;
  let plan: ReleasePlan | undefined;
  let sent: UpdateSent | undefined;
  let baseline: Awaited<ReturnType<Platform['health']['baseline']>> | undefined;
  try {
    log.info(
      `${inputs.dryRun ? 'Planning' : 'Upgrading'} ${platform.application} on ${platform.name} (${platform.location}), version ${inputs.version}` +
        (inputs.dryRun ? ' (dry run: nothing is changed)' : ''),
    );
    // preflight and plan
    const decision = await phase('preflight', 'Preflight and plan', async (record) => {
      previous = await platform.describe(ctx);
      state.previous = previous;
      report.previousStatus = previous.status;
      report.previousRuntime = previous.engineLabel ?? previous.engineVersion;
      log.info(`${platform.application}: ${platform.describeRelease(previous)}`);
      const artifact = inputs.artifact
        ? await inspectArtifact(inputs.artifact, platform.application)
        : undefined;
      const checkpoints = await platform.listCheckpoints(ctx);
      const d = platform.plan({
        inputs,
        release: previous,
        checkpoints,
        ...(artifact ? { artifact } : {}),
        now: clock.now(),
      });
      record.note = d.kind === 'refuse' ? d.reason : platform.describeRelease(previous);
      return { decision: d, artifact };
    });
    const d = decision.decision;
    for (const w of d.kind === 'refuse' ? d.warnings : d.plan.warnings) {
      report.warnings.push(w);
      annotate({ level: 'warning', title: 'Preflight', message: w });
    }
    if (d.kind === 'refuse') {
      annotate({
        level: 'error',
        title: 'Preflight refused the upgrade',
        message: d.reason,
        importance: 'high',
      });
      return finish('failed', `preflight: ${d.reason}`);
    }
    plan = d.plan;
    report.planLines = plan.lines ?? [];
    report.runtime = `Flink ${plan.engine.to}`;
    if (d.kind === 'unchanged') return finish('unchanged', d.reason);
    for (const line of report.planLines) log.info(`  ${line}`);

    // the JAR check, against the engine the job will run on
    const check = await phase('jar-check', 'JAR check', async (record) => {
      const outcome = await runJarCheck({
        mode: inputs.jarCheck,
        ...(inputs.artifact ? { artifactPath: inputs.artifact } : {}),
        targetRuntime: engineRuntime(plan!.engine.to),
        currentRuntime: engineRuntime(plan!.engine.from),
        ...(plan!.engine.javaRelease !== undefined ? { targetJavaRelease: plan!.engine.javaRelease } : {}),
      });
      report.jarCheck = {
        mode: outcome.mode,
        findings: outcome.findings,
        ...(outcome.skipped ? { skipped: outcome.skipped } : {}),
      };
      for (const f of outcome.findings) {
        log.info(findingLine(f));
        if (f.severity !== 'info') {
          annotate({
            level: f.severity === 'error' && inputs.jarCheck === 'strict' ? 'error' : 'warning',
            title: `JAR check: ${f.code}`,
            message: f.message,
          });
        }
      }
      record.note = outcome.skipped ?? `${outcome.findings.length} finding(s)`;
      if (outcome.blocking) record.outcome = 'failed';
      return outcome;
    });
    if (check.blocking) {
      return finish(
        'failed',
        `the JAR check found errors for Flink ${plan.engine.to} (jar-check: strict); nothing was changed`,
      );
    }
    if (inputs.dryRun)
      return finish('planned', `plan for ${platform.application}: nothing was changed (dry run)`);

    // upload into the platform's store
    await phase('upload', 'Upload', async (record) => {
      if (!decision.artifact) throw new PhaseError('upload', 'no local build to upload (artifact)');
      const put = await platform.artifacts.put(ctx, decision.artifact, plan!.artifact);
      plan!.artifact = { ...put.ref, source: 'upload' };
      report.upload = { skipped: put.skipped, note: put.note };
      record.note = put.note;
    });

    // the checkpoint before the change, when the platform takes it apart from the update
    if (plan.checkpoint.take) {
      await phase('snapshot', 'Pre-upgrade checkpoint', async (record) => {
        const cp = await platform.takeCheckpoint(ctx, plan!);
        plan!.preUpgradeCheckpoint = cp;
        state.preUpgradeCheckpoint = cp;
        report.snapshotName = cp.id;
        record.note = cp.id;
      });
    }
    baseline = await platform.health.baseline(ctx, {
      release: previous!,
      settings: inputs.health,
    });

    // the update, followed and verified
    const progress: UpdateProgress = {
      operation: (op) => {
        const rec = {
          id: op.id,
          operation: op.operation,
          status: op.status,
          ...(op.errorString ? { errorString: op.errorString } : {}),
        };
        if (op.role === 'update') report.operation = rec;
        else if (op.role === 'start') report.startOperation = rec;
        else report.rollbackOperation = rec;
        save();
      },
      replanned: (p) => {
        plan = p;
      },
      platformRollingBack: () => {},
      warn: (message) => {
        report.warnings.push(message);
        annotate({ level: 'warning', title: 'Update', message });
      },
      refuseIfSuperseded: () => Promise.resolve(),
      replan: () => Promise.reject(new PhaseError('update', 're-planning is not supported on this platform')),
    };
    const landing = await phase('update', 'Update', async (record): Promise<Landing> => {
      const out = await platform.update(ctx, plan!, progress);
      if (!('expected' in out)) {
        record.note = 'reason' in out ? out.reason : out.kind;
        return out;
      }
      sent = out;
      state.expected = out.expected;
      if (!plan!.checkpoint.take) {
        // the platform took the pre-upgrade checkpoint in the update (a stop with a savepoint): the newest
        const taken = (await platform.listCheckpoints(ctx).catch(() => []))
          .filter((c) => c.status === 'ready')
          .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))[0];
        if (taken) {
          plan!.preUpgradeCheckpoint = taken;
          state.preUpgradeCheckpoint = taken;
          report.snapshotName = taken.id;
        }
      }
      save();
      record.note = out.note;
      const followed = await platform.follow(ctx, out, progress);
      if (followed.landing) {
        record.outcome = 'failed';
        record.note = followed.note;
        return followed.landing;
      }
      const verified = await platform.verify(ctx, out);
      record.note = verified.note;
      if (verified.landing.kind !== 'verified') record.outcome = 'failed';
      return verified.landing;
    });
    if (landing.kind === 'unchanged') return finish('unchanged', landing.reason);
    if (landing.kind === 'failed') return finish('failed', landing.reason);
    if (landing.kind === 'platform-rolled-back')
      return finish(landing.ok ? 'rolled-back' : 'failed', landing.reason);
    if (landing.kind === 'needs-rollback') return await rollBack(landing.reason);
    const landed = landing.release;
    report.status = landed.status;
    report.runtime = landed.engineLabel ?? landed.engineVersion;

    // the health gate
    const gate: GateResult = await phase('bake', 'Health gate', async (record) => {
      const g = await platform.health.bake(ctx, { landed, baseline: baseline!, settings: inputs.health });
      record.note = g.reason ?? g.verdict;
      if (g.verdict === 'unhealthy') record.outcome = 'failed';
      return g;
    });
    report.gate = gate;
    if (gate.verdict === 'unhealthy') return await rollBack(`health gate: ${gate.reason ?? 'unhealthy'}`);
    return finish(
      'upgraded',
      `${platform.application} runs the new version (${platform.describeRelease(landed)})` +
        (gate.verdict === 'healthy' ? `, healthy for ${formatDuration(inputs.health.bakeMs)}` : ''),
    );
  } catch (err) {
    if (deps.signal.aborted) {
      // the post step sees the saved state and rolls back what went out
      report.reason = 'cancelled';
      throw err;
    }
    const message = failureMessage(err, platform.application, state.phase);
    if (sent && previous) return await rollBack(message);
    annotate({ level: 'error', title: 'Upgrade failed', message, importance: 'high' });
    return finish('failed', message);
  }

  async function rollBack(reason: string): Promise<UpgradeReport> {
    const why = neutraliseCommands(reason);
    if (inputs.rollback === 'never' || !previous) {
      annotate({ level: 'error', title: 'Upgrade failed, no rollback', message: why, importance: 'high' });
      return finish('failed', `${why}; rollback: never left it as it is`);
    }
    const result: RollbackResult = await phase('rollback', 'Rollback', async (record) => {
      const r = await platform.rollBack(
        { ...ctx, deadline: Math.max(clock.now(), deadline) + inputs.rollbackTimeoutMs },
        {
          application: platform.application,
          previous: previous!,
          leaveStopped: previous!.liveness === 'stopped',
          ...(plan?.preUpgradeCheckpoint ? { preUpgradeCheckpoint: plan.preUpgradeCheckpoint } : {}),
          reason: why,
          allowNonRestoredState: plan?.allowNonRestoredState ?? false,
          maxStateAgeMs: inputs.maxStateAgeMs,
        },
      );
      record.note = r.message;
      if (r.outcome !== 'rolled-back') record.outcome = 'failed';
      return r;
    });
    report.rollback = {
      outcome: result.outcome,
      // the report's rollback path names MSF's paths; other platforms' rollbacks show as 'none' with their decision
      path: 'none',
      message: result.message,
      ...(result.decision ? { decision: `${result.path}: ${result.decision}` } : { decision: result.path }),
      ...(result.restoredCheckpoint ? { restoredSnapshot: result.restoredCheckpoint } : {}),
      ...(result.rollbackPoint ? { rollbackPoint: result.rollbackPoint } : {}),
      ...(result.manualSteps ? { manualSteps: result.manualSteps } : {}),
      ...(result.operationId ? { operationId: result.operationId } : {}),
      ...(result.cost
        ? {
            cost: {
              snapshot: result.cost.checkpoint,
              ...(result.cost.checkpointAt !== undefined ? { snapshotAt: result.cost.checkpointAt } : {}),
              ...(result.cost.stoppedAt !== undefined ? { stoppedAt: result.cost.stoppedAt } : {}),
              ...(result.cost.rewindSeconds !== undefined
                ? { rewindSeconds: result.cost.rewindSeconds }
                : {}),
              forcedStop: result.cost.forcedStop,
              text: result.cost.text,
            },
          }
        : {}),
    };
    if (result.release) {
      report.finalCode = { status: result.release.status };
      report.status = result.release.status;
      report.runtime = result.release.engineLabel ?? result.release.engineVersion;
    }
    if (result.outcome === 'rolled-back') {
      annotate({
        level: 'error',
        title: 'Rolled back',
        message: `${why}; ${result.message}`,
        importance: 'high',
      });
      return finish('rolled-back', `${why}; ${result.message}`);
    }
    annotate({ level: 'error', title: 'Rollback failed', message: result.message, importance: 'high' });
    return finish('failed', `${why}; ${result.message}`);
  }
}

/** The key under which a run through a Platform saves its state for the post step. */
export const PLATFORM_RUN_STATE_KEY = 'platform-run-state';

export function parsePlatformRunState(text: string): PlatformRunState | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as PlatformRunState;
    return typeof parsed.application === 'string' && typeof parsed.phase === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** What the post step did for a run through a Platform (the words of src/pipeline/post-run.ts). */
export interface PlatformPostOutcome {
  action: 'nothing' | 'rolled-back' | 'rollback-failed' | 'left-as-is';
  message: string;
  rollback?: RollbackResult;
}

/**
 * The post step of a run through a Platform: a run that ended with a result needs nothing; one cancelled
 * after its update went out (the new version may run unproven) is rolled back to the saved previous
 * release, unless rollback: never.
 */
export async function postOnPlatform(
  state: PlatformRunState | undefined,
  inputs: Pick<Inputs, 'rollback' | 'rollbackTimeoutMs' | 'pollIntervalMs' | 'maxStateAgeMs'>,
  deps: Omit<PlatformRunDeps, 'onState' | 'annotate'>,
): Promise<PlatformPostOutcome> {
  if (!state || state.result)
    return { action: 'nothing', message: 'the run ended with a result: nothing to do' };
  if (!state.expected || !state.previous) {
    return {
      action: 'nothing',
      message: `the run stopped in ${state.phase}, before its update went out: nothing changed`,
    };
  }
  const where = deps.platform.describeRelease(state.expected);
  if (inputs.rollback === 'never') {
    return {
      action: 'left-as-is',
      message: `the run was cancelled after its update (${where}); rollback: never left it as it is, unproven`,
    };
  }
  deps.log.info(`post: the run was cancelled during ${state.phase}, after its update: rolling back`);
  const result = await deps.platform.rollBack(
    {
      clock: deps.clock,
      log: deps.log,
      signal: deps.signal,
      deadline: deps.clock.now() + inputs.rollbackTimeoutMs,
      pollIntervalMs: inputs.pollIntervalMs,
    },
    {
      application: state.application,
      previous: state.previous,
      leaveStopped: state.previous.liveness === 'stopped',
      ...(state.preUpgradeCheckpoint ? { preUpgradeCheckpoint: state.preUpgradeCheckpoint } : {}),
      reason: `the run was cancelled during ${state.phase}`,
      maxStateAgeMs: inputs.maxStateAgeMs,
    },
  );
  const message = neutraliseCommands(result.message);
  return result.outcome === 'rolled-back'
    ? { action: 'rolled-back', message, rollback: result }
    : { action: 'rollback-failed', message, rollback: result };
}
