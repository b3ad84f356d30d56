/**
 * In-memory CloudWatch metrics: samples per (namespace, metric name, dimension set), aggregated at query
 * time into periods aligned to the period (bucket start = floor(t / period) * period, as CloudWatch
 * aligns them), with Average/Sum/Minimum/Maximum/SampleCount and percentiles pNN(.N).
 * Times are the emulator clock's epoch ms.
 */
import type { MetricDatum, MetricStoreApi } from '../types.js';

export interface Dimension {
  Name: string;
  Value: string;
}

/** One PutMetricData datum (or one value of a Values/Counts array) as stored. */
export interface Sample {
  timestamp: number;
  sum: number;
  count: number;
  min: number;
  max: number;
  /** raw values with their counts, for percentiles; absent for StatisticValues samples */
  values?: [number, number][];
  unit?: string;
  /** clock ms from which queries see it (ingestion delay); absent = at once */
  visibleAt?: number;
}

export interface Series {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  samples: Sample[];
}

export interface Aggregate {
  timestamp: number;
  sum: number;
  count: number;
  min: number;
  max: number;
  values: [number, number][];
  /** false when a StatisticValues sample was included (percentiles unavailable) */
  percentilesAvailable: boolean;
  unit?: string;
}

export function seriesKey(namespace: string, metricName: string, dimensions: Dimension[]): string {
  const dims = [...dimensions].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
  return JSON.stringify([namespace, metricName, dims.map((d) => [d.Name, d.Value])]);
}

const PERCENTILE = /^p(\d{1,2}(\.\d{1,10})?|100)$/;

/** Statistic names accepted in MetricStat.Stat / GetMetricStatistics. */
export function isSupportedStat(stat: string): boolean {
  return ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'].includes(stat) || PERCENTILE.test(stat);
}

/**
 * The value of `stat` over an aggregate. Percentiles use the nearest-rank method over every raw value
 * (weighted by its count): rank = ceil(p/100 × N).
 */
export function statValue(stat: string, a: Aggregate): number | undefined {
  switch (stat) {
    case 'Average':
      return a.count === 0 ? undefined : a.sum / a.count;
    case 'Sum':
      return a.sum;
    case 'Minimum':
      return a.min;
    case 'Maximum':
      return a.max;
    case 'SampleCount':
      return a.count;
  }
  const m = PERCENTILE.exec(stat);
  if (!m || !a.percentilesAvailable) return undefined;
  const p = Number(stat.slice(1));
  const sorted = [...a.values].sort((x, y) => x[0] - y[0]);
  const total = sorted.reduce((n, [, c]) => n + c, 0);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [v, c] of sorted) {
    seen += c;
    if (seen >= rank) return v;
  }
  return sorted[sorted.length - 1]![0];
}

export class MetricStore implements MetricStoreApi {
  private readonly series = new Map<string, Series>();

  reset(): void {
    this.series.clear();
  }

  /** One value (the control plane's simulated jobs publish through this). */
  put(datum: MetricDatum): void {
    this.add(datum.namespace, datum.metricName, datum.dimensions, {
      timestamp: datum.timestamp,
      sum: datum.value,
      count: 1,
      min: datum.value,
      max: datum.value,
      values: [[datum.value, 1]],
      ...(datum.unit !== undefined ? { unit: datum.unit } : {}),
      ...(datum.visibleAt !== undefined ? { visibleAt: datum.visibleAt } : {}),
    });
  }

  add(namespace: string, metricName: string, dimensions: Dimension[], sample: Sample): void {
    const key = seriesKey(namespace, metricName, dimensions);
    let s = this.series.get(key);
    if (!s) {
      s = {
        namespace,
        metricName,
        dimensions: dimensions.map((d) => ({ Name: d.Name, Value: d.Value })),
        samples: [],
      };
      this.series.set(key, s);
    }
    s.samples.push(sample);
  }

  find(namespace: string, metricName: string, dimensions: Dimension[]): Series | undefined {
    return this.series.get(seriesKey(namespace, metricName, dimensions));
  }

  /**
   * The first sample of a series at or after `fromMs` whose value exceeds `above`: when it was taken and
   * when CloudWatch showed it (tests measure detection from that moment).
   */
  firstAbove(
    namespace: string,
    metricName: string,
    dimensions: Dimension[],
    above: number,
    fromMs: number,
  ): { timestamp: number; visibleAt: number } | undefined {
    const s = this.find(namespace, metricName, dimensions);
    const hit = s?.samples.find((x) => x.timestamp >= fromMs && x.max > above);
    return hit ? { timestamp: hit.timestamp, visibleAt: hit.visibleAt ?? hit.timestamp } : undefined;
  }

  list(): Series[] {
    return [...this.series.values()];
  }

  /**
   * Aggregates the samples of a series into periods: buckets whose start lies in
   * [floor(start / period) * period, end). Ascending by time. With `asOf`, only the samples visible
   * then (ingested) count.
   */
  aggregate(
    series: Series | undefined,
    startMs: number,
    endMs: number,
    periodSeconds: number,
    unit?: string,
    asOf?: number,
  ): Aggregate[] {
    if (!series) return [];
    const periodMs = periodSeconds * 1000;
    const from = Math.floor(startMs / periodMs) * periodMs;
    const buckets = new Map<number, Aggregate>();
    for (const s of series.samples) {
      if (unit !== undefined && (s.unit ?? 'None') !== unit) continue;
      if (asOf !== undefined && s.visibleAt !== undefined && s.visibleAt > asOf) continue;
      const bucket = Math.floor(s.timestamp / periodMs) * periodMs;
      if (bucket < from || bucket >= endMs) continue;
      let a = buckets.get(bucket);
      if (!a) {
        a = {
          timestamp: bucket,
          sum: 0,
          count: 0,
          min: Infinity,
          max: -Infinity,
          values: [],
          percentilesAvailable: true,
        };
        if (s.unit !== undefined) a.unit = s.unit;
        buckets.set(bucket, a);
      }
      a.sum += s.sum;
      a.count += s.count;
      a.min = Math.min(a.min, s.min);
      a.max = Math.max(a.max, s.max);
      if (s.values) a.values.push(...s.values);
      else a.percentilesAvailable = false;
    }
    return [...buckets.values()].sort((x, y) => x.timestamp - y.timestamp);
  }

  describe(): unknown {
    return this.list().map((s) => ({
      namespace: s.namespace,
      metricName: s.metricName,
      dimensions: s.dimensions,
      samples: s.samples.length,
    }));
  }
}
