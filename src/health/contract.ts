/**
 * The health gate as the pipeline calls it. Implemented in src/health/ (gate.ts: baseline and bake;
 * evaluate.ts: the pure evaluator); the pipeline depends only on these types and functions.
 */
export interface HealthThresholds {
  /** restarts allowed during the bake (default 0) */
  maxRestarts: number;
  /** failed checkpoints allowed during the bake (default 0) */
  maxFailedCheckpoints: number;
  /** fail when no checkpoint completes in the window (default true) */
  requireCheckpoint: boolean;
  /** fail when lastCheckpointDuration > ratio × baseline (default 3) */
  maxCheckpointDurationRatio: number;
}

export interface HealthSettings extends HealthThresholds {
  /** observation window after the upgrade, clock ms; 0 skips the gate (default 10 min) */
  bakeMs: number;
  /** wait before observing, clock ms (default: one metric period) */
  stabilisationMs: number;
  /** CloudWatch period, seconds (default 60; 1 in tests) */
  metricPeriodSeconds: number;
  /** how many periods before the update the baseline reads (default 10) */
  baselinePeriods?: number;
  /** how late a CloudWatch datapoint may arrive after its period ends, clock ms (default 3 periods) */
  metricsLagMs?: number;
  /** read the job through the Flink dashboard when it can be had (default auto) */
  dashboard?: 'auto' | 'off';
  /**
   * How often the live view (Flink's REST API, no lag) is read, clock ms: the run's poll interval, at
   * most one metric period (default: one metric period). The metrics are read once per period anyway.
   */
  livePollMs?: number;
}

/** The condition that made the gate fail. */
export type GateCheck =
  | 'restarts'
  | 'running-time'
  | 'failed-checkpoints'
  | 'no-checkpoint'
  | 'slow-checkpoints'
  | 'throughput'
  | 'no-metrics'
  | 'deadline'
  | 'superseded';

/** Where the gate's verdict came from. */
/**
 * `flink-rest`: Flink's REST API behind MSF's dashboard (CloudWatch the second opinion); `jobmanager-rest`:
 * a self-managed cluster's JobManager REST API, read directly (no other source); `cloudwatch`.
 */
export type GateSource = 'flink-rest' | 'jobmanager-rest' | 'cloudwatch';

/** Metric readings before the upgrade; what the bake is compared with. */
export interface Baseline {
  application: string;
  runtime: string;
  /** metric name → datapoints (clock ms, value), oldest first */
  series: Record<string, { t: number; v: number }[]>;
  /** summary figures used by the evaluator, e.g. median lastCheckpointDuration */
  checkpointDurationMs?: number;
  recordsInPerSecond?: number;
  recordsOutPerSecond?: number;
  /** role (restarts, runningTime, failedCheckpoints, checkpointDuration, …) → metric name read */
  metricNames?: Record<string, string>;
  periodSeconds?: number;
  /** clock ms: the window read */
  from?: number;
  to?: number;
  /** what the baseline could not establish (no datapoints, …) */
  notes?: string[];
}

export interface GateResult {
  /** superseded: the application changed to a version this run did not make (nothing to roll back) */
  verdict: 'healthy' | 'unhealthy' | 'skipped' | 'superseded';
  /** one line naming the condition that tripped, with the figures (unhealthy), or why skipped */
  reason?: string;
  /** metric name → datapoints seen during the bake (clock ms, value) */
  series: Record<string, { t: number; v: number }[]>;
  baseline?: Baseline;
  startedAt: number;
  endedAt: number;
  /** which condition tripped (unhealthy) */
  check?: GateCheck;
  /** role → metric name read during the bake */
  metricNames?: Record<string, string>;
  periodSeconds?: number;
  stabilisationMs?: number;
  bakeMs?: number;
  thresholds?: HealthThresholds;
  /** number of GetMetricData polls */
  polls?: number;
  /** the source that decided */
  source?: GateSource;
  /** why the Flink dashboard was not used, when it was not */
  sourceNote?: string;
  /** what the platform did during the bake (maintenance, autoscaling), reported instead of rolled back */
  events?: string[];
  /** restarts seen but not counted (maintenance, autoscaling) */
  excusedRestarts?: number;
  /** why checkpoint completion was or was not required */
  checkpointNote?: string;
  /** clock ms when the verdict was reached */
  decidedAt?: number;
  /** the application version after an autoscale during the bake */
  autoscaledVersionId?: number;
  /** the last Flink REST figures (when the dashboard was read) */
  rest?: {
    restarts: number;
    completed: number;
    failed: number;
    state?: string;
    rootException?: string;
    lastCheckpointDurationMs?: number;
  };
}
