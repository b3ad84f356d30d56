/**
 * MSF's health reader: the job's metrics from CloudWatch (namespace AWS/KinesisAnalytics, one
 * GetMetricData per poll, ListMetrics to discover names), Flink's REST API through MSF's Flink dashboard,
 * and MSF's own pauses (MAINTENANCE, AUTOSCALING, `Maintenance` operations). The gate loop is
 * src/health/gate.ts; this is what it reads on MSF.
 */
import type { AwsClients } from '../../aws/clients.js';
import { describeError } from '../../aws/errors.js';
import type { HealthReader, GateWords } from '../../health/reader.js';
import type { PhaseDeps } from '../../pipeline/deps.js';
import { listMetrics, readMetrics, type ListedMetric } from './cloudwatch.js';
import { FlinkDashboard } from './dashboard.js';
import { metricNamesFor, namesFromListing, type MetricNames } from './metrics.js';
import { noMetricsEvidence, relocate } from './relocate.js';

/**
 * The metric names for a runtime: the table for known FLINK-* runtimes, otherwise what ListMetrics
 * lists for the application.
 */
export async function resolveMetricNames(
  deps: Pick<PhaseDeps, 'clients' | 'log' | 'signal'>,
  application: string,
  runtime: string,
): Promise<{ names: MetricNames; discovered: boolean }> {
  const known = metricNamesFor(runtime);
  if (known) return { names: known, discovered: false };
  const listed = [...new Set((await listMetrics(deps.clients, application, deps.signal)).map((m) => m.name))];
  deps.log.info(
    `health gate: runtime ${runtime} is not in the metric table; ListMetrics lists ${listed.length} metric(s) for ${application}`,
  );
  return { names: namesFromListing(listed), discovered: true };
}

function permissionHint(err: unknown): string {
  const text = describeError(err);
  return /AccessDenied|not authorized|UnrecognizedClient|InvalidClientTokenId/i.test(text)
    ? ' The role needs cloudwatch:GetMetricData and cloudwatch:ListMetrics.'
    : '';
}

export const MSF_GATE_WORDS: GateWords = {
  metrics: 'CloudWatch',
  live: 'the Flink dashboard',
  liveOff: 'the Flink dashboard is off (flink-dashboard: off)',
  describeCall: 'DescribeApplication',
  operationsCall: 'ListApplicationOperations',
  discoveryFailed: (application, error) =>
    `health gate: ListMetrics for ${application} failed (${error}); reading the Flink 2 metric names`,
  scaled: (from, to) =>
    `MSF scaled the application during the bake (version ${from} → ${to}, same code and runtime): its job restart is reported, not rolled back`,
  maintenance: (at, status) =>
    `MSF maintenance at ${at} into the bake (operation Maintenance ${status}): its job restart is reported, not rolled back`,
  refused: (error, liveLine) =>
    `no metrics: CloudWatch refuses GetMetricData (${error}); the job itself looked ` +
    `healthy through Flink's REST API (${liveLine}), but a release whose metrics cannot be read is not ` +
    `proven healthy: allow cloudwatch:GetMetricData and cloudwatch:ListMetrics`,
};

/** MSF's reads for the gate, over the run's clients (CloudWatch and kinesisanalyticsv2). */
export function msfHealthReader(clients: AwsClients): HealthReader {
  return {
    words: MSF_GATE_WORDS,
    region: clients.region,
    resolveNames: (deps, application, runtime) =>
      resolveMetricNames({ clients, log: deps.log, signal: deps.signal }, application, runtime),
    fallbackNames: metricNamesFor('FLINK-2_2')!,
    readMetrics: (deps, read) =>
      readMetrics(clients, {
        application: read.application,
        names: read.names,
        dimensions: read.dimensions,
        periodSeconds: read.periodSeconds,
        start: read.start,
        end: read.end,
        signal: deps.signal,
      }),
    baselineError: (application, err) =>
      new Error(
        `health gate baseline of ${application}: reading CloudWatch metrics failed: ${describeError(err)}.` +
          permissionHint(err),
        { cause: err },
      ),
    relocate: async (deps, req) => {
      let listed: ListedMetric[] | undefined;
      let listError: string | undefined;
      try {
        listed = await listMetrics(clients, req.application, deps.signal);
      } catch (err) {
        listError = describeError(err);
      }
      const moved = listed
        ? relocate(listed, req.names, req.dimensions, req.application, req.runtime, req.tried)
        : undefined;
      return {
        ...(moved ? { moved } : {}),
        evidence: () => noMetricsEvidence(req.application, clients.region, req.lastError, listed, listError),
      };
    },
    live: (deps, application) => new FlinkDashboard(clients, application, deps.signal),
    pausedStatus: (status) => status === 'MAINTENANCE' || status === 'AUTOSCALING',
    ownOperation: (operation) => operation === 'Maintenance',
  };
}
