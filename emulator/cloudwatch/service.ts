/**
 * CloudWatch operations (awsJson1_0 handlers; input already validated against the model):
 * PutMetricData, ListMetrics, GetMetricData, GetMetricStatistics.
 */
import type { Clock } from '../../src/clock.js';
import { AwsError, type JsonOperationHandler } from '../types.js';
import { isSupportedStat, statValue, type Dimension, type MetricStore, type Sample } from './store.js';

const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const LIST_PAGE = 500;
const METRIC_ID = /^[a-z][a-zA-Z_0-9]*$/;

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message);
}

function checkPeriod(period: number, where: string): void {
  if (!(period >= 1) || !([1, 5, 10, 20, 30].includes(period) || period % 60 === 0)) {
    throw invalid(`The parameter ${where} must be 1, 5, 10, 20, 30, or a multiple of 60; got ${period}.`);
  }
}

interface MetricDatumInput {
  MetricName: string;
  Dimensions?: Dimension[];
  Timestamp?: Date;
  Value?: number;
  StatisticValues?: { SampleCount: number; Sum: number; Minimum: number; Maximum: number };
  Values?: number[];
  Counts?: number[];
  Unit?: string;
}

interface MetricStatInput {
  Metric: { Namespace?: string; MetricName?: string; Dimensions?: Dimension[] };
  Period: number;
  Stat: string;
  Unit?: string;
}

interface QueryInput {
  Id: string;
  MetricStat?: MetricStatInput;
  Expression?: string;
  Label?: string;
  ReturnData?: boolean;
  Period?: number;
}

interface PageToken {
  /** datapoints already returned per query Id */
  offsets: Record<string, number>;
}

export function cloudWatchOperations(store: MetricStore, clock: Clock): Record<string, JsonOperationHandler> {
  const putMetricData: JsonOperationHandler = (input: {
    Namespace: string;
    MetricData?: MetricDatumInput[];
  }) => {
    if (input.Namespace.startsWith('AWS/')) {
      throw invalid(
        'The value AWS/ for parameter Namespace is invalid: namespaces beginning with AWS/ are reserved.',
      );
    }
    const data = input.MetricData ?? [];
    const samples: { datum: MetricDatumInput; sample: Sample }[] = [];
    data.forEach((d, i) => {
      const where = `MetricData.member.${i + 1}`;
      const kinds = [d.Value !== undefined, d.StatisticValues !== undefined, d.Values !== undefined].filter(
        Boolean,
      );
      if (kinds.length > 1) {
        throw new AwsError(
          'InvalidParameterCombinationException',
          `The parameters ${where}.Value, ${where}.StatisticValues and ${where}.Values are mutually exclusive and you have specified more than one.`,
        );
      }
      const timestamp = d.Timestamp ? d.Timestamp.getTime() : clock.now();
      const unit = d.Unit ? { unit: d.Unit } : {};
      if (d.StatisticValues) {
        const s = d.StatisticValues;
        samples.push({
          datum: d,
          sample: { timestamp, sum: s.Sum, count: s.SampleCount, min: s.Minimum, max: s.Maximum, ...unit },
        });
      } else if (d.Values) {
        const counts = d.Counts ?? d.Values.map(() => 1);
        if (counts.length !== d.Values.length) {
          throw invalid(
            `The parameters ${where}.Values and ${where}.Counts must be arrays of the same size.`,
          );
        }
        const pairs = d.Values.map((v, j) => [v, counts[j]!] as [number, number]).filter(([, c]) => c > 0);
        if (pairs.length === 0) return;
        samples.push({
          datum: d,
          sample: {
            timestamp,
            sum: pairs.reduce((s, [v, c]) => s + v * c, 0),
            count: pairs.reduce((s, [, c]) => s + c, 0),
            min: Math.min(...pairs.map(([v]) => v)),
            max: Math.max(...pairs.map(([v]) => v)),
            values: pairs,
            ...unit,
          },
        });
      } else if (d.Value !== undefined) {
        samples.push({
          datum: d,
          sample: {
            timestamp,
            sum: d.Value,
            count: 1,
            min: d.Value,
            max: d.Value,
            values: [[d.Value, 1]],
            ...unit,
          },
        });
      } else {
        // CloudWatch accepts a datum without a value as creating the metric with no data point.
        samples.push({
          datum: d,
          sample: { timestamp, sum: 0, count: 0, min: Infinity, max: -Infinity, values: [], ...unit },
        });
      }
    });
    for (const { datum, sample } of samples)
      store.add(input.Namespace, datum.MetricName, datum.Dimensions ?? [], sample);
    return {};
  };

  const listMetrics: JsonOperationHandler = (input: {
    Namespace?: string;
    MetricName?: string;
    Dimensions?: { Name: string; Value?: string }[];
    NextToken?: string;
  }) => {
    const matching = store
      .list()
      .filter((s) => input.Namespace === undefined || s.namespace === input.Namespace)
      .filter((s) => input.MetricName === undefined || s.metricName === input.MetricName)
      .filter((s) =>
        (input.Dimensions ?? []).every((f) =>
          s.dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value)),
        ),
      );
    const start = input.NextToken !== undefined ? decodeListToken(input.NextToken) : 0;
    const page = matching.slice(start, start + LIST_PAGE);
    return {
      Metrics: page.map((s) => ({
        Namespace: s.namespace,
        MetricName: s.metricName,
        Dimensions: s.dimensions,
      })),
      ...(start + LIST_PAGE < matching.length
        ? { NextToken: Buffer.from(`l:${start + LIST_PAGE}`).toString('base64url') }
        : {}),
    };
  };

  const getMetricData: JsonOperationHandler = (input: {
    MetricDataQueries: QueryInput[];
    StartTime: Date;
    EndTime: Date;
    NextToken?: string;
    ScanBy?: 'TimestampDescending' | 'TimestampAscending';
    MaxDatapoints?: number;
  }) => {
    const queries = input.MetricDataQueries;
    if (queries.length > MAX_QUERIES) {
      throw invalid(
        `The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}; got ${queries.length}.`,
      );
    }
    const ids = new Set<string>();
    queries.forEach((q, i) => {
      // Not in the model (MetricId is only 1..255 chars); CloudWatch documents and enforces it.
      if (!METRIC_ID.test(q.Id)) {
        throw invalid(
          `The value ${q.Id} for parameter MetricDataQueries.member.${i + 1}.Id is not valid: it must start with a lowercase letter and contain only letters, numbers and underscores.`,
        );
      }
      if (ids.has(q.Id))
        throw invalid(`The value ${q.Id} for parameter MetricDataQueries.member.${i + 1}.Id is not unique.`);
      ids.add(q.Id);
      if (q.Expression !== undefined) {
        throw invalid(
          `MetricDataQueries.member.${i + 1}.Expression: metric math and Metrics Insights expressions are not supported by this emulator; use MetricStat.`,
        );
      }
      if (!q.MetricStat)
        throw new AwsError(
          'MissingRequiredParameterException',
          `The parameter MetricDataQueries.member.${i + 1}.MetricStat is required.`,
        );
      const ms = q.MetricStat;
      if (!ms.Metric.MetricName || !ms.Metric.Namespace) {
        throw new AwsError(
          'MissingRequiredParameterException',
          `The parameters MetricDataQueries.member.${i + 1}.MetricStat.Metric.Namespace and .MetricName are required.`,
        );
      }
      checkPeriod(ms.Period, `MetricDataQueries.member.${i + 1}.MetricStat.Period`);
      if (!isSupportedStat(ms.Stat)) {
        throw invalid(
          `The value ${ms.Stat} for parameter MetricDataQueries.member.${i + 1}.MetricStat.Stat is not supported by this emulator (Average, Sum, Minimum, Maximum, SampleCount, pNN).`,
        );
      }
    });
    const start = input.StartTime.getTime();
    const end = input.EndTime.getTime();
    if (end <= start) throw invalid('The parameter StartTime must be less than the parameter EndTime.');
    const descending = (input.ScanBy ?? 'TimestampDescending') === 'TimestampDescending';
    let token: PageToken = { offsets: {} };
    if (input.NextToken !== undefined) {
      try {
        token = JSON.parse(Buffer.from(input.NextToken, 'base64url').toString('utf8')) as PageToken;
        if (!token || typeof token.offsets !== 'object') throw new Error('bad');
      } catch {
        throw new AwsError('InvalidNextToken', 'The service returned an invalid NextToken.');
      }
    }
    let budget = input.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS;
    const nextOffsets: Record<string, number> = {};
    let more = false;
    const results = [];
    for (const q of queries) {
      const ms = q.MetricStat!;
      const series = store.find(ms.Metric.Namespace!, ms.Metric.MetricName!, ms.Metric.Dimensions ?? []);
      const points = store
        .aggregate(series, start, end, ms.Period, ms.Unit, clock.now())
        .map((a) => ({ t: a.timestamp, v: statValue(ms.Stat, a) }))
        .filter((p): p is { t: number; v: number } => p.v !== undefined && Number.isFinite(p.v));
      if (descending) points.reverse();
      const offset = token.offsets[q.Id] ?? 0;
      const remaining = points.slice(offset);
      const take = q.ReturnData === false ? remaining : remaining.slice(0, Math.max(0, budget));
      if (q.ReturnData !== false) budget -= take.length;
      const complete = take.length === remaining.length;
      if (!complete) {
        more = true;
        nextOffsets[q.Id] = offset + take.length;
      } else {
        nextOffsets[q.Id] = points.length;
      }
      if (q.ReturnData === false) continue;
      results.push({
        Id: q.Id,
        Label: q.Label ?? ms.Metric.MetricName!,
        Timestamps: take.map((p) => new Date(p.t)),
        Values: take.map((p) => p.v),
        StatusCode: complete ? 'Complete' : 'PartialData',
        Messages: [],
      });
    }
    return {
      MetricDataResults: results,
      Messages: [],
      ...(more
        ? { NextToken: Buffer.from(JSON.stringify({ offsets: nextOffsets })).toString('base64url') }
        : {}),
    };
  };

  const getMetricStatistics: JsonOperationHandler = (input: {
    Namespace: string;
    MetricName: string;
    Dimensions?: Dimension[];
    StartTime: Date;
    EndTime: Date;
    Period: number;
    Statistics?: string[];
    ExtendedStatistics?: string[];
    Unit?: string;
  }) => {
    checkPeriod(input.Period, 'Period');
    const stats = input.Statistics ?? [];
    const extended = input.ExtendedStatistics ?? [];
    if (stats.length === 0 && extended.length === 0) {
      throw new AwsError(
        'MissingRequiredParameterException',
        'Must specify either Statistics or ExtendedStatistics.',
      );
    }
    if (stats.length > 0 && extended.length > 0) {
      throw new AwsError(
        'InvalidParameterCombinationException',
        'Statistics and ExtendedStatistics are mutually exclusive.',
      );
    }
    for (const e of extended)
      if (!isSupportedStat(e) || !e.startsWith('p'))
        throw invalid(`The value ${e} for parameter ExtendedStatistics is not supported.`);
    const series = store.find(input.Namespace, input.MetricName, input.Dimensions ?? []);
    const aggregates = store.aggregate(
      series,
      input.StartTime.getTime(),
      input.EndTime.getTime(),
      input.Period,
      input.Unit,
      clock.now(),
    );
    return {
      Label: input.MetricName,
      Datapoints: aggregates
        .filter((a) => a.count > 0)
        .map((a) => {
          const point: Record<string, unknown> = { Timestamp: new Date(a.timestamp), Unit: a.unit ?? 'None' };
          for (const s of stats) point[s] = statValue(s, a);
          if (extended.length > 0) {
            const ext: Record<string, number> = {};
            for (const e of extended) {
              const v = statValue(e, a);
              if (v !== undefined) ext[e] = v;
            }
            point.ExtendedStatistics = ext;
          }
          return point;
        }),
    };
  };

  return {
    PutMetricData: putMetricData,
    ListMetrics: listMetrics,
    GetMetricData: getMetricData,
    GetMetricStatistics: getMetricStatistics,
  };
}

function decodeListToken(token: string): number {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const n = Number(text.slice(2));
  if (!text.startsWith('l:') || !Number.isInteger(n) || n < 0) {
    throw invalid('The value for parameter NextToken is invalid.');
  }
  return n;
}
