/**
 * The emulator's internal seams: the HTTP layer (server, protocols, model validation) talks to three
 * in-memory stores through these interfaces, and the control endpoint drives them.
 */
import type { Clock } from '../src/clock.js';

/** An error as AWS returns it. JSON services: `__type` = code; S3: `<Error><Code>`. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly sender: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

export interface RequestContext {
  requestId: string;
  region: string;
  accountId: string;
}

/** A JSON-protocol operation: input already validated against the model; return timestamps as Date. */
export type JsonOperationHandler = (input: any, ctx: RequestContext) => unknown | Promise<unknown>;

export interface Timings {
  start: number;
  stop: number;
  forceStop: number;
  update: number;
  snapshot: number;
  rollback: number;
  delete: number;
}

export type JobBehaviour =
  | {
      kind: 'healthy';
      /** checkpoint duration and size: jittered (default) or the same every time (a small, steady job) */
      checkpoints?: 'jitter' | 'constant';
      /** the first checkpoint after a restore is full: this many times the usual (default 4) */
      firstCheckpointFactor?: number;
    }
  | { kind: 'startup-failure'; message?: string }
  | { kind: 'restore-failure'; message?: string }
  | {
      kind: 'restart-loop';
      afterSeconds?: number;
      /** default: Flink's default for the runtime (exponential-delay from 1.19, fixed-delay before) */
      restartStrategy?: 'fixed-delay' | 'exponential-delay';
      /** the exception the job throws (shown by Flink's REST API) */
      message?: string;
      /** the loop ends after this many restarts and the job then runs steadily (default: never ends) */
      count?: number;
    }
  | { kind: 'failing-checkpoints' }
  /** checkpoints neither complete nor fail (e.g. stuck behind backpressure) */
  | { kind: 'stuck-checkpoints' }
  | { kind: 'slow-checkpoints'; factor?: number; firstCheckpointFactor?: number }
  | { kind: 'no-metrics' };

/**
 * When the simulated jobs' datapoints become visible in CloudWatch: each one a random delay after its
 * timestamp, between `minSeconds` and `maxSeconds` at a 60 s metric period (scaled with the period), and
 * a share `gapRate` of them never arrives. `none` = at once. Default (`realistic`): 30–150 s, 3 % gaps.
 */
export type MetricsLagSpec =
  'realistic' | 'none' | { minSeconds: number; maxSeconds: number; gapRate?: number; seed?: number };

export interface BehaviourRule {
  application: string;
  fileKey?: string;
  runtime?: string;
  behaviour: JobBehaviour;
}

/**
 * `drop` closes the connection before the request is handled (nothing applied); `drop-response` lets the
 * handler run and closes the connection instead of answering (applied, answer lost; JSON services only);
 * `access-denied` answers as IAM does when the role lacks the operation's action; `not-found` as an
 * eventually consistent read that does not see the resource (ResourceNotFoundException, S3 NoSuchKey).
 */
export interface FaultSpec {
  service: 'kinesisanalyticsv2' | 's3' | 'cloudwatch';
  operation?: string;
  kind: 'throttle' | 'internal-error' | 'latency' | 'drop' | 'drop-response' | 'access-denied' | 'not-found';
  count?: number;
  latencyMs?: number;
}

export interface SeedObject {
  key: string;
  /** utf8 text or bytes */
  body?: string | Uint8Array;
  /** bytes as base64 (for the HTTP control endpoint) */
  bodyBase64?: string;
}

export interface SeedSnapshot {
  name: string;
  runtime?: string;
  ageSeconds?: number;
  status?: 'READY' | 'FAILED';
}

export interface SeedApplication {
  name: string;
  runtime: string;
  status?: 'RUNNING' | 'READY';
  code: { bucket: string; key: string };
  snapshotsEnabled?: boolean;
  systemRollbackEnabled?: boolean;
  parallelism?: number;
  versionId?: number;
  snapshots?: SeedSnapshot[];
  metricsHistorySeconds?: number;
  /** when its job's datapoints become visible in CloudWatch (default: the emulator's) */
  metricsLag?: MetricsLagSpec;
  behaviour?: JobBehaviour;
  /** a CUSTOM checkpoint configuration with this interval (default: MSF's DEFAULT, every 60 s) */
  checkpointIntervalSeconds?: number;
}

/**
 * Puts a RUNNING application into a status the service enters on its own. MAINTENANCE: the same version
 * and job, RUNNING again after `durationMs`. AUTOSCALING: a system snapshot is taken (when snapshots are
 * enabled), and after `durationMs` (or when the snapshot is done, whichever is later) a new application
 * version with the changed parallelism becomes current and the job restarts on it, RUNNING; a failed
 * snapshot abandons the scaling (RUNNING on the same version). Neither lists an operation.
 */
export interface EnterStatusSpec {
  application: string;
  status: 'AUTOSCALING' | 'MAINTENANCE';
  /** clock ms in that status */
  durationMs: number;
  /** AUTOSCALING: the parallelism after scaling (default: twice the current) */
  parallelism?: number;
}

export interface SeedSpec {
  buckets?: { name: string; versioning?: boolean; objects?: SeedObject[] }[];
  applications?: SeedApplication[];
}

export interface RecordedCall {
  service: 'kinesisanalyticsv2' | 's3' | 'cloudwatch' | 'control' | 'dashboard';
  operation: string;
  status: number;
  errorCode?: string;
  /** clock ms */
  time: number;
}

/** What the MSF control plane needs from the S3 store. */
export interface StoredObject {
  bucket: string;
  key: string;
  body: Buffer;
  size: number;
  /** hex MD5 of the whole body (what MSF reports as CodeMD5) */
  md5Hex: string;
  etag: string;
  versionId?: string;
  lastModified: Date;
}

export interface S3StoreApi {
  hasBucket(name: string): boolean;
  /** Latest version, or the given version; undefined when missing. */
  getObject(bucket: string, key: string, versionId?: string): StoredObject | undefined;
  createBucket(name: string): void;
  setVersioning(bucket: string, enabled: boolean): void;
  putObject(bucket: string, key: string, body: Buffer): StoredObject;
}

export interface MetricDatum {
  namespace: string;
  metricName: string;
  dimensions: { Name: string; Value: string }[];
  /** clock ms */
  timestamp: number;
  value: number;
  unit?: string;
  /** clock ms from which GetMetricData returns it (default: at once) */
  visibleAt?: number;
}

export interface MetricStoreApi {
  put(datum: MetricDatum): void;
}

export interface MsfControlPlaneOptions {
  clock: Clock;
  region: string;
  accountId: string;
  timings: Timings;
  metricPeriodSeconds: number;
  s3: S3StoreApi;
  metrics: MetricStoreApi;
  log: (line: string) => void;
  /** default lag of the simulated jobs' datapoints (default realistic) */
  metricsLag?: MetricsLagSpec;
  /** the emulator's base URL (for presigned dashboard URLs) */
  publicUrl?: () => string;
}

/** What the server and the control endpoint need from the MSF control plane. */
export interface MsfControlPlaneApi {
  /** Operation name (as in the model) → handler. */
  readonly operations: Record<string, JsonOperationHandler>;
  seedApplication(app: SeedApplication): void;
  setJobBehaviour(rule: BehaviourRule): void;
  enterStatus(spec: EnterStatusSpec): void;
  setMetricsLag(spec: { application: string; lag: MetricsLagSpec }): void;
  /** answers a request to an application's Flink dashboard (path under /_flink/) */
  dashboardRequest(
    method: string,
    url: URL,
    cookie: string | undefined,
  ): { status: number; headers: Record<string, string>; body: string };
  reset(): void;
  /** A JSON-serialisable view of every application, snapshot and operation. */
  describeState(): unknown;
  /** Stops timers and simulated jobs. */
  close(): void;
}
