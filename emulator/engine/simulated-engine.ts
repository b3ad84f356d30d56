/**
 * The simulated engine (the default): whether a job starts is decided by rules — the behaviour rules set
 * through the control endpoint, MSF's restore check, the JAR's class files (startup-rules.ts) — and the
 * job is a model (job-simulator.ts) publishing its metrics on the emulator's clock. No Java needed.
 */
import type { Clock } from '../../src/clock.js';
import type { BehaviourRule, JobBehaviour, MetricStoreApi, S3StoreApi, Timings } from '../types.js';
import { matchBehaviourRule } from '../msf/behaviour-rules.js';
import { simulatedRest } from '../msf/dashboard.js';
import type { JobMode } from '../msf/job-metrics.js';
import { SimulatedJob } from '../msf/job-simulator.js';
import { checkRestore, isFlinkRuntime } from '../msf/runtime-rules.js';
import type { SnapshotRecord } from '../msf/state.js';
import {
  checkJobStartup,
  checkOperatorMapping,
  checkStateRestore,
  operatorUidsOf,
} from '../msf/startup-rules.js';
import type { EngineJob, JobEngine, SnapshotResult, StartRequest, StartResult } from './types.js';

export interface SimulatedEngineDeps {
  clock: Clock;
  timings: Timings;
  s3: S3StoreApi;
  metrics: MetricStoreApi;
  /** the behaviour rules set so far (the control plane owns them) */
  rules: () => readonly BehaviourRule[];
}

type Decision = { ok: true; mode: JobMode; operatorUids?: string[] } | { ok: false; message: string };

/** A simulated job behind the engine seam. */
export class SimulatedEngineJob implements EngineJob {
  /**
   * @param operatorUids the uids the job's program sets (read from its JAR; empty: unknown), recorded
   *   with each snapshot so that a later start maps the state as Flink does
   */
  constructor(
    readonly sim: SimulatedJob,
    readonly operatorUids: readonly string[] = [],
  ) {}

  get jobId(): string {
    return this.sim.jobId;
  }
  get runtime(): string {
    return this.sim.profile.runtime;
  }
  get startedAt(): number {
    return this.sim.startedAt;
  }
  get mode(): JobMode {
    return this.sim.profile.mode;
  }
  isHealthy(now: number): boolean {
    return this.sim.isHealthy(now);
  }
  restart(now: number, downMs: number): void {
    this.sim.restart(now, downMs);
  }
  setVisibility(visibleAt: (timestamp: number) => number | undefined): void {
    this.sim.setVisibility(visibleAt);
  }
  stop(): void {
    this.sim.stop();
  }
  dashboard(path: string, query: URLSearchParams, now: number): ReturnType<EngineJob['dashboard']> {
    return Promise.resolve(simulatedRest(this.runtime, this.sim.rest(now), path, query));
  }
  describe(now: number): Record<string, unknown> {
    return {
      engine: 'simulated',
      mode: this.mode,
      runtime: this.runtime,
      startedAt: this.startedAt,
      healthy: this.sim.isHealthy(now),
      counters: this.sim.counters(now),
    };
  }
}

export function restoreFailureMessage(snapshot: SnapshotRecord, reason: string): string {
  return (
    `org.apache.flink.runtime.client.JobInitializationException: Could not start the JobMaster. ` +
    `Caused by: java.lang.IllegalStateException: Failed to restore state from snapshot ${snapshot.name}: ${reason}`
  );
}

export class SimulatedEngine implements JobEngine {
  readonly kind = 'simulated' as const;
  private closed = false;
  private readonly jobs = new Set<SimulatedEngineJob>();
  /** operator uids read from each S3 object body (the same Buffer until the object is replaced) */
  private readonly uidsByObject = new WeakMap<Buffer, string[]>();

  constructor(private readonly deps: SimulatedEngineDeps) {}

  async start(request: StartRequest): Promise<StartResult> {
    const decision: Decision = request.mode
      ? { ok: true, mode: request.mode, operatorUids: this.knownOperatorUids(request) }
      : await this.decide(request);
    if (!decision.ok) return decision;
    return { ok: true, job: this.run(request, decision.mode, decision.operatorUids) };
  }

  /** Starts a job of known behaviour at once (seeding, a restart of a running job). */
  run(request: StartRequest, mode: JobMode, operatorUids: readonly string[] = []): SimulatedEngineJob {
    const sim = new SimulatedJob(
      request.application,
      {
        runtime: request.runtime,
        mode,
        parallelism: request.parallelism,
        checkpointIntervalMs: request.checkpointIntervalMs,
        periodMs: request.periodMs,
        ...(request.restore ? { restored: true } : {}),
      },
      request.startedAt ?? this.deps.clock.now(),
      { clock: this.deps.clock, metrics: this.deps.metrics },
    );
    const job = new SimulatedEngineJob(sim, operatorUids);
    if (request.backfillUntil !== undefined) sim.backfill(request.backfillUntil);
    if (!this.closed) sim.run();
    this.jobs.add(job);
    return job;
  }

  /** READY after timings.snapshot when the job is healthy by then, FAILED otherwise. */
  async snapshot(
    current: () => EngineJob | undefined,
    _options: { stop: boolean },
    signal: AbortSignal,
  ): Promise<SnapshotResult> {
    await this.deps.clock.sleep(this.deps.timings.snapshot, signal);
    const job = current();
    if (!job || !job.isHealthy(this.deps.clock.now())) {
      return { ok: false, message: 'the job was not running when the snapshot was taken' };
    }
    const uids = job instanceof SimulatedEngineJob ? job.operatorUids : [];
    return uids.length > 0 ? { ok: true, operatorUids: [...uids] } : { ok: true };
  }

  close(): Promise<void> {
    this.closed = true;
    for (const job of this.jobs) job.stop();
    this.jobs.clear();
    return Promise.resolve();
  }

  /** What the job does when started with `request`: a behaviour rule, else MSF's checks and the JAR. */
  private async decide(request: StartRequest): Promise<Decision> {
    const snapshot = request.restore;
    if (snapshot) {
      const verdict = checkRestore(snapshot.runtime, request.runtime);
      if (!verdict.ok) return { ok: false, message: restoreFailureMessage(snapshot, verdict.reason) };
    }
    const rule = matchBehaviourRule(
      this.deps.rules(),
      request.application,
      request.code?.fileKey,
      request.runtime,
    );
    if (rule) return outcomeOf(rule.behaviour, snapshot);
    const code = request.code;
    if (!code || !isFlinkRuntime(request.runtime)) return { ok: true, mode: { kind: 'healthy' } };
    const object = this.deps.s3.getObject(code.bucket, code.fileKey, code.objectVersion);
    if (!object) {
      return {
        ok: false,
        message: `Could not download the application code from s3://${code.bucket}/${code.fileKey}: the object does not exist.`,
      };
    }
    const verdict = await checkJobStartup(object.body, request.runtime);
    if (!verdict.ok) return verdict;
    const operatorUids = await operatorUidsOf(object.body);
    this.uidsByObject.set(object.body, operatorUids);
    if (snapshot) {
      const mapping = checkOperatorMapping(
        snapshot.operatorUids,
        operatorUids,
        request.allowNonRestoredState,
        snapshot.location ?? snapshot.name,
      );
      if (!mapping.ok) return mapping;
      const state = await checkStateRestore(object.body, snapshot.runtime, request.runtime);
      if (!state.ok)
        return { ok: true, mode: { kind: 'restart-loop', message: state.message }, operatorUids };
    }
    return { ok: true, mode: { kind: 'healthy' }, operatorUids };
  }

  /**
   * The uids of the request's program as read by an earlier start of the same S3 object (a restart of a
   * running job starts at once, without reading the JAR again); empty when unknown.
   */
  private knownOperatorUids(request: StartRequest): string[] {
    const code = request.code;
    const object = code && this.deps.s3.getObject(code.bucket, code.fileKey, code.objectVersion);
    return (object && this.uidsByObject.get(object.body)) ?? [];
  }
}

function outcomeOf(behaviour: JobBehaviour, snapshot: SnapshotRecord | undefined): Decision {
  switch (behaviour.kind) {
    case 'startup-failure':
      return {
        ok: false,
        message:
          behaviour.message ??
          'org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: the job graph could not be built.',
      };
    case 'restore-failure':
      // A restore can only fail when state is restored.
      if (!snapshot) return { ok: true, mode: { kind: 'healthy' } };
      return {
        ok: false,
        message:
          behaviour.message ??
          restoreFailureMessage(snapshot, 'state is not compatible with the new program'),
      };
    default:
      return { ok: true, mode: behaviour };
  }
}
