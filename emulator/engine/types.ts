/**
 * The seam between the MSF control plane and "the job": what runs an application's code. The control
 * plane decides statuses, versions, operations and snapshots; an engine starts the job of a version
 * (from a snapshot or without state), takes a snapshot of it, and stops it.
 *
 * Two engines: `simulated` (the default; pure rules and a modelled job, no Java needed) and `flink` (each
 * application's JAR runs on a real Apache Flink cluster of its runtime; see flink-engine.ts).
 */
import type { JobMode } from '../msf/job-metrics.js';
import type { DashboardResponse } from '../msf/dashboard.js';
import type { CodeLocation, SnapshotRecord } from '../msf/state.js';

export type EngineKind = 'simulated' | 'flink';

export const ENGINE_KINDS: readonly EngineKind[] = ['simulated', 'flink'];

/** A running job of one application, whichever engine runs it. */
export interface EngineJob {
  /** Flink's job id (32 hex digits) */
  readonly jobId: string;
  readonly runtime: string;
  /** clock ms when the job was submitted */
  readonly startedAt: number;
  /** Can a snapshot be taken now (the job runs and processes)? */
  isHealthy(now: number): boolean;
  /** The platform restarts the job (maintenance), down for `downMs` of clock time. */
  restart(now: number, downMs: number): void;
  /** From now on, datapoints become visible as `visibleAt` says. */
  setVisibility(visibleAt: (timestamp: number) => number | undefined): void;
  /** Stops publishing and ends the job (a real job is cancelled). */
  stop(): void;
  /** Answers a GET under the application's Flink dashboard (path relative to the REST root). */
  dashboard(path: string, query: URLSearchParams, now: number): Promise<DashboardResponse>;
  /** A JSON view for describeState. */
  describe(now: number): Record<string, unknown>;
}

export interface StartRequest {
  application: string;
  runtime: string;
  code: CodeLocation | undefined;
  parallelism: number;
  /** MSF's checkpoint interval (clock ms; MAX_SAFE_INTEGER when checkpointing is off) */
  checkpointIntervalMs: number;
  /** the metric publishing period (clock ms) */
  periodMs: number;
  /** the snapshot to restore, if any */
  restore: SnapshotRecord | undefined;
  allowNonRestoredState: boolean;
  /** clock ms the job counts from (default: when it is created; a seeded job may have started earlier) */
  startedAt?: number;
  /** a seeded job's history: publish the samples up to this clock ms at once */
  backfillUntil?: number;
  /**
   * What the job does, when the control plane already knows (a restart of a running job, a job that is
   * RUNNING without processing after a failed start). The simulated engine then skips its start rules;
   * the real engine ignores it except for `not-processing`.
   */
  mode?: JobMode;
}

export type StartResult = { ok: true; job: EngineJob } | { ok: false; message: string };

export type SnapshotResult =
  | {
      ok: true;
      location?: string;
      /** the operator uids of the program snapshotted, when the engine knows them */
      operatorUids?: string[];
    }
  | { ok: false; message: string };

export interface JobEngine {
  readonly kind: EngineKind;
  /** Starts the job; a failed start (submission, restore) is an answer, not an exception. */
  start(request: StartRequest, signal: AbortSignal): Promise<StartResult>;
  /**
   * Takes a snapshot of the application's job (`current()`: its job, read when the engine needs it); `stop`: the job ends with it (stop with a savepoint). A failed
   * snapshot leaves the job running.
   */
  snapshot(
    current: () => EngineJob | undefined,
    options: { stop: boolean },
    signal: AbortSignal,
  ): Promise<SnapshotResult>;
  /** Stops every job and whatever the engine started (clusters). */
  close(): Promise<void>;
}
