/**
 * What the health gate wants to know of a job, whatever the platform calls it (pure): the metric roles
 * and, per role, the name the platform publishes it under. The evaluator (evaluate.ts) judges series by
 * role; the platform's health reader says which names to read (src/msf/health/metrics.ts for MSF).
 *
 * `METRIC_NAMESPACE` and `APPLICATION_DIMENSION` name where the evaluator's "no metrics" reason says it
 * looked: CloudWatch's namespace and dimension for MSF, the one metric store the evaluator reads today.
 */
export const METRIC_NAMESPACE = 'AWS/KinesisAnalytics';
export const APPLICATION_DIMENSION = 'Application';

/** What the gate wants to know, independent of the runtime's metric names. */
export type MetricRole =
  | 'restarts'
  | 'runningTime'
  | 'failedCheckpoints'
  | 'completedCheckpoints'
  | 'checkpointDuration'
  | 'checkpointSize'
  | 'recordsIn'
  | 'recordsOut';

export const METRIC_ROLES: readonly MetricRole[] = [
  'restarts',
  'runningTime',
  'failedCheckpoints',
  'completedCheckpoints',
  'checkpointDuration',
  'checkpointSize',
  'recordsIn',
  'recordsOut',
];

/** role → metric name; a role without a name is not read. */
export type MetricNames = Partial<Record<MetricRole, string>> & { restarts: string; runningTime: string };

/** Roles without which the gate cannot judge the job: no datapoints for them means "no metrics". */
export const REQUIRED_ROLES: readonly MetricRole[] = ['restarts', 'runningTime'];
