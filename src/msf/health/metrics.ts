/**
 * Which CloudWatch metrics the health gate reads, per MSF runtime (pure).
 *
 * Namespace `AWS/KinesisAnalytics`, dimension `Application` = the application name. Flink 2.2 removed
 * `fullRestarts` (use `numRestarts`) and deprecated `uptime` (use `runningTime`); see "Metrics and
 * dimensions in Managed Service for Apache Flink" in the MSF developer guide.
 */
import { METRIC_ROLES, type MetricNames, type MetricRole } from '../../health/metric-roles.js';
import { runtimeInfo } from '../runtime.js';

export {
  APPLICATION_DIMENSION,
  METRIC_NAMESPACE,
  METRIC_ROLES,
  REQUIRED_ROLES,
} from '../../health/metric-roles.js';
export type { MetricNames, MetricRole } from '../../health/metric-roles.js';

/** The statistic read for each role: counters and gauges by their maximum, rates by their average. */
export const ROLE_STATISTIC: Record<MetricRole, 'Maximum' | 'Average'> = {
  restarts: 'Maximum',
  runningTime: 'Maximum',
  failedCheckpoints: 'Maximum',
  completedCheckpoints: 'Maximum',
  checkpointDuration: 'Maximum',
  checkpointSize: 'Maximum',
  recordsIn: 'Average',
  recordsOut: 'Average',
};

const COMMON = {
  failedCheckpoints: 'numberOfFailedCheckpoints',
  checkpointDuration: 'lastCheckpointDuration',
  checkpointSize: 'lastCheckpointSize',
  recordsIn: 'numRecordsInPerSecond',
  recordsOut: 'numRecordsOutPerSecond',
} as const;

/** Up to FLINK-1_20. */
export const FLINK1_METRICS: MetricNames = { restarts: 'fullRestarts', runningTime: 'uptime', ...COMMON };
/** FLINK-2_2 and later. */
export const FLINK2_METRICS: MetricNames = { restarts: 'numRestarts', runningTime: 'runningTime', ...COMMON };

/**
 * Candidate names per role, newest first, for discovery with ListMetrics when the runtime is unknown.
 * `numberOfCompletedCheckpoints` is a Flink metric MSF does not document as exported; it is used when
 * ListMetrics shows it.
 */
export const CANDIDATES: Record<MetricRole, readonly string[]> = {
  restarts: ['numRestarts', 'fullRestarts'],
  runningTime: ['runningTime', 'uptime'],
  failedCheckpoints: ['numberOfFailedCheckpoints'],
  completedCheckpoints: ['numberOfCompletedCheckpoints'],
  checkpointDuration: ['lastCheckpointDuration'],
  checkpointSize: ['lastCheckpointSize'],
  recordsIn: ['numRecordsInPerSecond'],
  recordsOut: ['numRecordsOutPerSecond'],
};

/**
 * Names a role may be published under on a runtime: on 2.x `fullRestarts` is gone but the deprecated
 * `uptime` is still published next to `runningTime`; on 1.x only the 1.x names exist.
 */
export function candidatesFor(runtime: string, role: MetricRole): readonly string[] {
  const info = runtimeInfo(runtime);
  if (!info) return CANDIDATES[role];
  const flink2 = info.flinkMajor >= 2;
  if (role === 'restarts') return flink2 ? ['numRestarts'] : ['fullRestarts'];
  if (role === 'runningTime') return flink2 ? ['runningTime', 'uptime'] : ['uptime'];
  return CANDIDATES[role];
}

/** The metric names of a known FLINK-* runtime; undefined for runtimes this table does not know. */
export function metricNamesFor(runtime: string): MetricNames | undefined {
  const info = runtimeInfo(runtime);
  if (!info) return undefined;
  return info.flinkMajor >= 2 ? { ...FLINK2_METRICS } : { ...FLINK1_METRICS };
}

/**
 * Picks names from what ListMetrics lists for the application. Roles whose candidates are not listed
 * fall back to `fallback` (the newest runtime's names), so a missing required metric is reported by name.
 */
export function namesFromListing(
  available: Iterable<string>,
  fallback: MetricNames = FLINK2_METRICS,
): MetricNames {
  const listed = new Set(available);
  const names: Partial<Record<MetricRole, string>> = {};
  for (const role of METRIC_ROLES) {
    const found = CANDIDATES[role].find((name) => listed.has(name));
    const chosen = found ?? fallback[role];
    if (chosen) names[role] = chosen;
  }
  return {
    ...names,
    restarts: names.restarts ?? fallback.restarts,
    runningTime: names.runningTime ?? fallback.runningTime,
  };
}

/** The roles to read, in a stable order, with their names. */
export function rolesToRead(names: MetricNames): { role: MetricRole; name: string }[] {
  const out: { role: MetricRole; name: string }[] = [];
  for (const role of METRIC_ROLES) {
    const name = names[role];
    if (name) out.push({ role, name });
  }
  return out;
}
