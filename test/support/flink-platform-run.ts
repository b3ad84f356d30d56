/**
 * Runs one upgrade through the Flink platform in the pipeline's order (describe, plan, JAR check,
 * upload, baseline, update, follow, verify, health gate, rollback), for the real-cluster tests.
 */
import { systemClock } from '../../src/clock.js';
import { FlinkPlatform } from '../../src/flink/platform.js';
import type { HealthSettings } from '../../src/health/contract.js';
import { parseInputs, type Inputs, type RawInputs } from '../../src/inputs.js';
import { checkArtifact, type Finding } from '../../src/jar-check/index.js';
import { MemoryLogger } from '../../src/log.js';
import { inspectArtifact } from '../../src/pipeline/artifact.js';
import { PhaseError } from '../../src/pipeline/errors.js';
import type { GateResult as GateResultLike } from '../../src/health/contract.js';
import type {
  PlatformContext,
  Release,
  RollbackResult,
  UpdateProgress,
} from '../../src/pipeline/platform.js';

export interface PlatformRun {
  result: 'upgraded' | 'rolled-back' | 'failed';
  reason: string;
  previous?: Release;
  landed?: Release;
  gate?: GateResultLike;
  rollback?: RollbackResult;
  findings: Finding[];
  log: MemoryLogger;
  platform: FlinkPlatform;
  inputs: Inputs;
}

export async function runFlinkUpgrade(
  raw: RawInputs,
  options: { signal?: AbortSignal; echo?: (line: string) => void; onBake?: (previous: Release) => void } = {},
): Promise<PlatformRun> {
  const inputs = parseInputs({ platform: 'flink', version: 'v2', 'poll-interval': '1s', ...raw });
  const platform = new FlinkPlatform(inputs.flink!, inputs);
  const log = new MemoryLogger(options.echo);
  const signal = options.signal ?? new AbortController().signal;
  const ctx: PlatformContext = {
    clock: systemClock,
    log,
    signal,
    deadline: Date.now() + inputs.timeoutMs,
    pollIntervalMs: inputs.pollIntervalMs,
  };
  const findings: Finding[] = [];
  const out = (
    result: PlatformRun['result'],
    reason: string,
    extra: Partial<PlatformRun> = {},
  ): PlatformRun => ({ result, reason, findings, log, platform, inputs, ...extra });
  const progress: UpdateProgress = {
    operation: (r) => log.info(`operation ${r.role}: ${r.operation} ${r.id} ${r.status}`),
    replanned: () => {},
    platformRollingBack: () => {},
    warn: (m) => log.warn(m),
    refuseIfSuperseded: () => Promise.resolve(),
    replan: () => Promise.reject(new Error('no replan')),
  };
  const previous = await platform.describe(ctx);
  const artifact = await inspectArtifact(inputs.artifact!, inputs.applicationName);
  const decision = platform.plan({
    inputs,
    release: previous,
    checkpoints: await platform.listCheckpoints(ctx),
    artifact,
    now: Date.now(),
  });
  if (decision.kind !== 'upgrade') return out('failed', decision.reason, { previous });
  const { plan } = decision;
  const jarCheck = plan.native.jarCheck as
    { targetRuntime: string; currentRuntime: string; targetJavaRelease?: number } | undefined;
  if (jarCheck && inputs.jarCheck !== 'off') {
    const report = await checkArtifact(inputs.artifact!, jarCheck);
    findings.push(...report.findings);
    if (inputs.jarCheck === 'strict' && report.findings.some((f) => f.severity === 'error')) {
      return out('failed', 'the JAR check found errors', { previous });
    }
  }
  const put = await platform.artifacts.put(ctx, artifact, plan.artifact);
  plan.artifact = { ...put.ref, source: 'upload' };
  const settings: HealthSettings = inputs.health;
  const baseline = await platform.health.baseline(ctx, { release: previous, settings });
  const rollBack = async (reason: string, gate?: GateResultLike): Promise<PlatformRun> => {
    const rollback = await platform.rollBack(
      { ...ctx, deadline: Date.now() + inputs.rollbackTimeoutMs },
      { application: plan.application, previous, leaveStopped: false, reason },
    );
    return out(
      rollback.outcome === 'rolled-back' ? 'rolled-back' : 'failed',
      `${reason}; ${rollback.message}`,
      {
        previous,
        rollback,
        ...(gate ? { gate } : {}),
      },
    );
  };
  let sent;
  try {
    const s = await platform.update(ctx, plan, progress);
    if (!('expected' in s)) return out('failed', JSON.stringify(s), { previous });
    sent = s;
  } catch (err) {
    if (err instanceof PhaseError) return out('failed', err.message, { previous });
    throw err;
  }
  const followed = await platform.follow(ctx, sent);
  if (followed.landing) return rollBack(followed.note);
  const verified = await platform.verify(ctx, sent);
  if (verified.landing.kind !== 'verified') return rollBack(verified.note);
  const landed = verified.landing.release;
  options.onBake?.(previous);
  const gate = await platform.health.bake(ctx, { landed, baseline, settings });
  if (gate.verdict === 'unhealthy') return rollBack(`health gate: ${gate.reason ?? ''}`, gate);
  return out('upgraded', `${landed.application} runs`, { previous, landed, gate });
}
