/** Shapes of the Flink JobManager REST API answers this project reads (Flink 1.20 and 2.x agree). */

export interface FlinkConfigInfo {
  'flink-version': string;
  'flink-revision'?: string;
  features?: { 'web-submit'?: boolean; [key: string]: unknown };
}

export interface ClusterOverview {
  taskmanagers: number;
  'slots-total': number;
  'slots-available': number;
  'jobs-running': number;
  'flink-version'?: string;
}

export type JobState =
  | 'INITIALIZING'
  | 'CREATED'
  | 'RUNNING'
  | 'FAILING'
  | 'FAILED'
  | 'CANCELLING'
  | 'CANCELED'
  | 'FINISHED'
  | 'RESTARTING'
  | 'SUSPENDED'
  | 'RECONCILING';

export interface JobOverview {
  jid: string;
  name: string;
  state: JobState;
  'start-time': number;
  'end-time': number;
}

export interface JobVertex {
  id: string;
  name: string;
  parallelism: number;
  status: string;
}

export interface JobDetails {
  jid: string;
  name: string;
  state: JobState;
  'start-time': number;
  'end-time': number;
  /** present on recent versions */
  maxParallelism?: number;
  vertices: JobVertex[];
  timestamps?: Record<string, number>;
}

export interface CheckpointHistoryEntry {
  id: number;
  status: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | string;
  is_savepoint?: boolean;
  trigger_timestamp?: number;
  latest_ack_timestamp?: number;
  end_to_end_duration: number;
  state_size?: number;
}

export interface CheckpointStats {
  counts: { restored: number; total: number; in_progress: number; completed: number; failed: number };
  /** the newest checkpoints first (web.checkpoints.history, 10 by default) */
  history?: CheckpointHistoryEntry[];
  latest: {
    completed: null | {
      id: number;
      end_to_end_duration: number;
      external_path?: string;
      latest_ack_timestamp: number;
      state_size?: number;
    };
    failed: null | { id: number; failure_message?: string };
    restored: null | {
      id: number;
      external_path?: string;
      is_savepoint: boolean;
      restore_timestamp?: number;
    };
    savepoint: null | { id: number; external_path?: string };
  };
}

export interface ExceptionHistoryEntry {
  exceptionName: string;
  stacktrace: string;
  timestamp: number;
  taskName?: string | null;
}

export interface JobExceptions {
  /** Flink 1.x only (removed in 2.0): the latest root exception */
  'root-exception'?: string | null;
  exceptionHistory?: { entries: ExceptionHistoryEntry[]; truncated: boolean };
}

export interface JobManagerEnvironment {
  jvm: { version: string; arch: string; options: string[] };
  classpath?: string[];
}

export interface MetricValue {
  id: string;
  value: string;
}

export interface RunJarRequest {
  entryClass?: string;
  programArgsList?: string[];
  parallelism?: number;
  savepointPath?: string;
  allowNonRestoredState?: boolean;
  /** the new job's id (32 hex digits): a second submission with it is refused, so a retry cannot start two jobs */
  jobId?: string;
}

export interface SavepointRequest {
  /** where the savepoint goes; the cluster's `execution.checkpointing.savepoint-dir` when omitted */
  targetDirectory?: string;
  formatType?: 'CANONICAL' | 'NATIVE';
}

export interface SavepointStatus {
  status: { id: 'IN_PROGRESS' | 'COMPLETED' };
  operation?: {
    location?: string;
    'failure-cause'?: { class?: string; 'stack-trace'?: string; 'serialized-throwable'?: string };
  };
}

/** GET /jobs/:id/checkpoints/config (404 or an error when checkpointing is off for the job). */
export interface CheckpointConfig {
  mode?: string;
  /** ms; Long.MAX_VALUE (9223372036854775807) when checkpointing is disabled */
  interval: number;
  timeout?: number;
}

/** GET /jobs/:id/config: the job's execution configuration. */
export interface JobConfig {
  jid: string;
  name: string;
  'execution-config'?: {
    'job-parallelism'?: number;
    'restart-strategy'?: string;
    'user-config'?: Record<string, string>;
  };
}

/** GET /jars: the JARs uploaded to the cluster (web submission). */
export interface JarList {
  address?: string;
  files: { id: string; name: string; uploaded: number; entry?: { name: string }[] }[];
}
