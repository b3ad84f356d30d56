/**
 * What the health gate reads, behind one interface the platform implements: the job's metrics (lagging,
 * per metric period), a live view of the job through Flink's REST API when it can be had, the
 * application's own status and operations (what the platform did by itself), and the platform's words
 * for them. MSF's: src/msf/health/reader.ts (CloudWatch, the Flink dashboard, DescribeApplication).
 * The gate loop (gate.ts) and the evaluators (evaluate.ts, rest-evaluate.ts) know nothing else.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Series } from './evaluate.js';
import type { MetricNames, MetricRole } from './metric-roles.js';
import type { RestSample } from './rest-sample.js';

/** What the gate and its reader are given: time, a log and cancellation (no platform's clients). */
export interface GateDeps {
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
}

/** A label a metric is published with (CloudWatch's dimension; a Prometheus label). */
export interface Dimension {
  Name: string;
  Value: string;
}

/** role → dimensions to query with, when not the platform's default for the application. */
export type MetricDimensions = Partial<Record<MetricRole, Dimension[]>>;

/** Where the metrics are: a name per role and, for some roles, other dimensions than the default. */
export interface MetricPlacement {
  names: MetricNames;
  dimensions: MetricDimensions;
}

/** A proposal to read required metrics elsewhere (once per role), with a line per role for the log. */
export interface Relocation extends MetricPlacement {
  roles: MetricRole[];
  notes: Partial<Record<MetricRole, string>>;
}

/** The live view cannot be had: `final` = never try again in this run (permission refused). */
export class LiveUnavailable extends Error {
  constructor(
    message: string,
    readonly final: boolean,
  ) {
    super(message);
    this.name = 'LiveUnavailable';
  }
}

/** Flink's REST API for the job, read once per poll (real time, no lag). */
export interface LiveView {
  /** opens the session ahead of the first read; rejects with LiveUnavailable */
  prepare(): Promise<void>;
  sample(at: number): Promise<RestSample>;
}

/** What the gate reads of the application itself during the bake (one call per poll). */
export interface GateWatch {
  describe(): Promise<{ status: string; versionId: number; runtime: string; fileKey?: string }>;
  /** newest first */
  listOperations(): Promise<{ operation: string; status: string; startTime?: number; endTime?: number }[]>;
}

/** The platform's words for what the gate reports (log lines, reasons). */
export interface GateWords {
  /** the metric store: `CloudWatch` */
  readonly metrics: string;
  /** the live view: `the Flink dashboard` */
  readonly live: string;
  /** why the live view is not used when the settings turn it off */
  readonly liveOff: string;
  /** the call that reads the application: `DescribeApplication` */
  readonly describeCall: string;
  /** the call that lists its operations: `ListApplicationOperations` */
  readonly operationsCall: string;
  /** the names read when discovering them failed */
  discoveryFailed(application: string, error: string): string;
  /** the platform changed the application's version by itself (same code and runtime) */
  scaled(fromVersion: number, toVersion: number): string;
  /** a maintenance operation the platform ran during the bake */
  maintenance(atMs: string, status: string): string;
  /** the metric store refuses the reads while the job looks healthy live */
  refused(error: string, liveLine: string): string;
}

export interface HealthReader {
  readonly words: GateWords;
  /** the region (or other place) for the evaluator's "no metrics" reason */
  readonly region: string;
  /** the names for a runtime: the platform's table, or what its metric store lists */
  resolveNames(
    deps: GateDeps,
    application: string,
    runtime: string,
  ): Promise<{ names: MetricNames; discovered: boolean }>;
  /** the names read when resolving them failed */
  readonly fallbackNames: MetricNames;
  /** one read of every metric over [start, end) → name → points, oldest first */
  readMetrics(
    deps: GateDeps,
    read: MetricPlacement & { application: string; periodSeconds: number; start: number; end: number },
  ): Promise<Series>;
  /** the error of a failed baseline read, with what the role needs */
  baselineError(application: string, err: unknown): Error;
  /**
   * Where required metrics without datapoints may be published instead (roles in `tried` are not
   * proposed again), and the evidence for a "no metrics" reason when they are not.
   */
  relocate(
    deps: GateDeps,
    req: MetricPlacement & {
      application: string;
      runtime: string;
      tried: Set<MetricRole>;
      lastError: string | undefined;
    },
  ): Promise<{ moved?: Relocation; evidence: () => string }>;
  /** the live view of the job, when the platform has one for this application */
  live(deps: GateDeps, application: string): LiveView;
  /** a status in which the platform restarts the job by itself (reported, not rolled back) */
  pausedStatus(status: string): boolean;
  /** an operation of the platform's own that restarts the job (maintenance) */
  ownOperation(operation: string): boolean;
}
