/**
 * The health gate's CloudWatch reads: one GetMetricData call (paged only when CloudWatch pages) for all
 * the metrics of an application, and ListMetrics to discover which metrics it publishes.
 */
import { GetMetricDataCommand, ListMetricsCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { AwsClients } from '../../aws/clients.js';
import type { Series } from '../../health/evaluate.js';
import type { Dimension, MetricDimensions } from '../../health/reader.js';
import { sortUnique } from '../../health/series.js';
import {
  APPLICATION_DIMENSION,
  METRIC_NAMESPACE,
  ROLE_STATISTIC,
  rolesToRead,
  type MetricNames,
} from './metrics.js';

export type { Dimension, MetricDimensions } from '../../health/reader.js';
export { alignDown, alignUp, mergeSeries } from '../../health/series.js';

export interface MetricRead {
  application: string;
  names: MetricNames;
  dimensions?: MetricDimensions;
  periodSeconds: number;
  /** clock ms, inclusive */
  start: number;
  /** clock ms, exclusive */
  end: number;
  signal?: AbortSignal;
}

/** The GetMetricData queries for every metric in `names` (pure; exported for tests). */
export function buildQueries(
  application: string,
  names: MetricNames,
  periodSeconds: number,
  dimensions: MetricDimensions = {},
): MetricDataQuery[] {
  return rolesToRead(names).map(({ role, name }) => ({
    Id: role,
    Label: name,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: METRIC_NAMESPACE,
        MetricName: name,
        Dimensions: dimensions[role] ?? [{ Name: APPLICATION_DIMENSION, Value: application }],
      },
      Period: periodSeconds,
      Stat: ROLE_STATISTIC[role],
    },
  }));
}

/** Reads every metric in one GetMetricData request → metric name → points, oldest first. */
export async function readMetrics(clients: AwsClients, read: MetricRead): Promise<Series> {
  const queries = buildQueries(read.application, read.names, read.periodSeconds, read.dimensions);
  const nameById = new Map(queries.map((q) => [q.Id!, q.MetricStat!.Metric!.MetricName!]));
  const out: Series = {};
  for (const name of nameById.values()) out[name] = [];
  let nextToken: string | undefined;
  do {
    const response = await clients.cloudwatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: new Date(read.start),
        EndTime: new Date(read.end),
        ScanBy: 'TimestampAscending',
        NextToken: nextToken,
      }),
      read.signal ? { abortSignal: read.signal } : undefined,
    );
    for (const result of response.MetricDataResults ?? []) {
      const name = result.Id ? nameById.get(result.Id) : undefined;
      if (!name) continue;
      const ts = result.Timestamps ?? [];
      const vs = result.Values ?? [];
      const target = out[name]!;
      for (let i = 0; i < ts.length && i < vs.length; i++) {
        target.push({ t: new Date(ts[i]!).getTime(), v: vs[i]! });
      }
    }
    nextToken = response.NextToken;
  } while (nextToken);
  for (const name of Object.keys(out)) out[name] = sortUnique(out[name]!);
  return out;
}

export interface ListedMetric {
  name: string;
  dimensions: Dimension[];
}

/** The metrics CloudWatch lists with dimension Application=<application> (alone or with others). */
export async function listMetrics(
  clients: AwsClients,
  application: string,
  signal?: AbortSignal,
): Promise<ListedMetric[]> {
  const out: ListedMetric[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const response = await clients.cloudwatch.send(
      new ListMetricsCommand({
        Namespace: METRIC_NAMESPACE,
        Dimensions: [{ Name: APPLICATION_DIMENSION, Value: application }],
        NextToken: nextToken,
      }),
      signal ? { abortSignal: signal } : undefined,
    );
    for (const metric of response.Metrics ?? []) {
      if (!metric.MetricName) continue;
      out.push({
        name: metric.MetricName,
        dimensions: (metric.Dimensions ?? [])
          .filter((d): d is Dimension => Boolean(d.Name) && d.Value !== undefined)
          .map((d) => ({ Name: d.Name, Value: d.Value })),
      });
    }
    nextToken = response.NextToken;
    pages += 1;
  } while (nextToken && pages < 20);
  return out;
}

/**
 * Where to read a role from, given what ListMetrics lists: the first candidate name that is listed,
 * preferring the plain `Application` dimension, else the listing with the fewest dimensions.
 * Undefined when none of the candidates is listed.
 */
export function locateMetric(
  listed: readonly ListedMetric[],
  candidates: readonly string[],
): { name: string; dimensions: Dimension[] } | undefined {
  for (const name of candidates) {
    const found = listed
      .filter((m) => m.name === name)
      .sort((a, b) => a.dimensions.length - b.dimensions.length)[0];
    if (found) return { name, dimensions: found.dimensions };
  }
  return undefined;
}
