/**
 * CloudWatch fidelity with the real SDK (awsJson1_0, query-compatible errors). The shared suite runs
 * against the emulator and against moto_server; moto gets `disableRequestCompression` because it gunzips
 * request bodies twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricDataCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { describeOnMoto, startTestEmulator, TEST_CREDENTIALS, TEST_REGION } from '../support/emulator.js';

let nsCounter = 0;
function namespace(): string {
  nsCounter += 1;
  return `Fidelity/${Date.now().toString(36)}/${nsCounter}`;
}

/** A start 20–30 minutes ago aligned to 600 s (so to every period used here: 60, 120, 300). */
function alignedBase(): number {
  return Math.floor((Date.now() - 20 * 60_000) / 600_000) * 600_000;
}

function query(
  id: string,
  ns: string,
  metric: string,
  stat: string,
  period = 60,
  dims: { Name: string; Value: string }[] = [],
): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: { Namespace: ns, MetricName: metric, Dimensions: dims },
      Period: period,
      Stat: stat,
    },
  };
}

function clientFor(endpoint: string, compress: boolean, seen?: string[]): CloudWatchClient {
  const c = new CloudWatchClient({
    endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    disableRequestCompression: !compress,
    maxAttempts: 1,
  });
  if (seen) {
    c.middlewareStack.add(
      (next) => async (args) => {
        const headers = (args.request as { headers: Record<string, string> }).headers;
        seen.push(headers['content-encoding'] ?? 'identity');
        return next(args);
      },
      { step: 'finalizeRequest' },
    );
  }
  return c;
}

function cloudWatchSuite(target: () => { endpoint: string; compress: boolean }): void {
  let cw: CloudWatchClient;
  const encodings: string[] = [];
  beforeAll(() => {
    const t = target();
    cw = clientFor(t.endpoint, t.compress, encodings);
  });
  afterAll(() => cw.destroy());

  it('GetMetricData aggregates into aligned periods with Average/Sum/Minimum/Maximum/SampleCount', async () => {
    const ns = namespace();
    const base = alignedBase();
    const dims = [{ Name: 'Application', Value: 'orders' }];
    const at = (s: number): Date => new Date(base + s * 1000);
    await cw.send(
      new PutMetricDataCommand({
        Namespace: ns,
        MetricData: [
          { MetricName: 'uptime', Dimensions: dims, Timestamp: at(5), Value: 10, Unit: 'Milliseconds' },
          { MetricName: 'uptime', Dimensions: dims, Timestamp: at(30), Value: 20, Unit: 'Milliseconds' },
          { MetricName: 'uptime', Dimensions: dims, Timestamp: at(65), Value: 30, Unit: 'Milliseconds' },
          { MetricName: 'uptime', Dimensions: dims, Timestamp: at(130), Value: 7, Unit: 'Milliseconds' },
          { MetricName: 'uptime', Dimensions: dims, Timestamp: at(170), Value: 1, Unit: 'Milliseconds' },
        ],
      }),
    );
    const res = await cw.send(
      new GetMetricDataCommand({
        StartTime: at(0),
        EndTime: at(180),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'].map((s) =>
          query(s.toLowerCase(), ns, 'uptime', s, 60, dims),
        ),
      }),
    );
    const byId = Object.fromEntries((res.MetricDataResults ?? []).map((r) => [r.Id, r]));
    const times = [at(0), at(60), at(120)].map((d) => d.getTime());
    expect(byId.average?.Timestamps?.map((d: Date) => d.getTime())).toEqual(times);
    expect(byId.average?.Values).toEqual([15, 30, 4]);
    expect(byId.sum?.Values).toEqual([30, 30, 8]);
    expect(byId.minimum?.Values).toEqual([10, 30, 1]);
    expect(byId.maximum?.Values).toEqual([20, 30, 7]);
    expect(byId.samplecount?.Values).toEqual([2, 1, 2]);
    expect(byId.sum?.StatusCode).toBe('Complete');

    // Default scan order: newest first. A 120 s period buckets at multiples of 120 s.
    const desc = await cw.send(
      new GetMetricDataCommand({
        StartTime: at(0),
        EndTime: at(240),
        MetricDataQueries: [query('s', ns, 'uptime', 'Sum', 120, dims)],
      }),
    );
    const r = desc.MetricDataResults?.[0];
    expect(r?.Timestamps?.map((d) => d.getTime())).toEqual([at(120).getTime(), at(0).getTime()]);
    expect(r?.Values).toEqual([8, 60]);
  });

  it('ReturnData=false omits a query; Label is echoed; no data gives empty Complete results', async () => {
    const ns = namespace();
    const base = alignedBase();
    await cw.send(
      new PutMetricDataCommand({
        Namespace: ns,
        MetricData: [{ MetricName: 'm', Timestamp: new Date(base + 1000), Value: 3 }],
      }),
    );
    const res = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(base),
        EndTime: new Date(base + 60_000),
        MetricDataQueries: [
          { ...query('shown', ns, 'm', 'Maximum'), Label: 'max of m' },
          { ...query('hidden', ns, 'm', 'Sum'), ReturnData: false },
          query('empty', ns, 'absent', 'Sum'),
        ],
      }),
    );
    expect(res.MetricDataResults?.map((x) => x.Id)).toEqual(['shown', 'empty']);
    expect(res.MetricDataResults?.[0]).toMatchObject({
      Label: 'max of m',
      Values: [3],
      StatusCode: 'Complete',
    });
    expect(res.MetricDataResults?.[1]).toMatchObject({ Values: [], StatusCode: 'Complete' });
  });

  it('ListMetrics filters by namespace, metric name and dimensions', async () => {
    const ns = namespace();
    const now = new Date();
    await cw.send(
      new PutMetricDataCommand({
        Namespace: ns,
        MetricData: [
          {
            MetricName: 'downtime',
            Dimensions: [{ Name: 'Application', Value: 'a' }],
            Value: 0,
            Timestamp: now,
          },
          {
            MetricName: 'downtime',
            Dimensions: [{ Name: 'Application', Value: 'b' }],
            Value: 0,
            Timestamp: now,
          },
          {
            MetricName: 'uptime',
            Dimensions: [{ Name: 'Application', Value: 'a' }],
            Value: 1,
            Timestamp: now,
          },
          { MetricName: 'uptime', Value: 1, Timestamp: now },
        ],
      }),
    );
    const all = await cw.send(new ListMetricsCommand({ Namespace: ns }));
    expect(all.Metrics?.length).toBe(4);
    const downtime = await cw.send(new ListMetricsCommand({ Namespace: ns, MetricName: 'downtime' }));
    expect(downtime.Metrics?.map((m) => m.Dimensions?.[0]?.Value).sort()).toEqual(['a', 'b']);
    const appA = await cw.send(
      new ListMetricsCommand({ Namespace: ns, Dimensions: [{ Name: 'Application', Value: 'a' }] }),
    );
    expect(appA.Metrics?.map((m) => m.MetricName).sort()).toEqual(['downtime', 'uptime']);
    const anyApp = await cw.send(
      new ListMetricsCommand({ Namespace: ns, Dimensions: [{ Name: 'Application' }] }),
    );
    expect(anyApp.Metrics?.length).toBe(3);
  });

  it('a PutMetricData body over 10 KB is accepted (gzip-compressed by the SDK where enabled)', async () => {
    const ns = namespace();
    const base = alignedBase();
    const data = Array.from({ length: 150 }, (_, i) => ({
      MetricName: 'records',
      Dimensions: [{ Name: 'Application', Value: `application-with-a-long-name-${'x'.repeat(40)}` }],
      Timestamp: new Date(base + i * 1000),
      Value: i,
    }));
    expect(JSON.stringify({ Namespace: ns, MetricData: data }).length).toBeGreaterThan(10_240);
    encodings.length = 0;
    await cw.send(new PutMetricDataCommand({ Namespace: ns, MetricData: data }));
    expect(encodings).toEqual([target().compress ? 'gzip' : 'identity']);
    const res = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(base),
        EndTime: new Date(base + 300_000),
        MetricDataQueries: [query('n', ns, 'records', 'SampleCount', 300, data[0]!.Dimensions)],
      }),
    );
    expect(res.MetricDataResults?.[0]?.Values).toEqual([150]);
  });
}

describe('CloudWatch on the emulator', () => {
  let url = '';
  beforeAll(async () => {
    url = (await startTestEmulator()).emulator.url;
  });
  cloudWatchSuite(() => ({ endpoint: url, compress: true }));

  it('percentiles, Values/Counts and StatisticValues follow CloudWatch semantics (nearest rank)', async () => {
    const cw = clientFor(url, true);
    const ns = namespace();
    const base = alignedBase();
    await cw.send(
      new PutMetricDataCommand({
        Namespace: ns,
        MetricData: [
          { MetricName: 'lag', Timestamp: new Date(base + 1000), Values: [1, 2, 3], Counts: [1, 1, 2] },
          { MetricName: 'lag', Timestamp: new Date(base + 2000), Value: 10 },
          {
            MetricName: 'batch',
            Timestamp: new Date(base + 3000),
            StatisticValues: { SampleCount: 4, Sum: 20, Minimum: 2, Maximum: 9 },
          },
        ],
      }),
    );
    const res = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(base),
        EndTime: new Date(base + 60_000),
        MetricDataQueries: [
          query('p50', ns, 'lag', 'p50'),
          query('p90', ns, 'lag', 'p90'),
          query('avg', ns, 'lag', 'Average'),
          query('n', ns, 'lag', 'SampleCount'),
          query('bavg', ns, 'batch', 'Average'),
          query('bmax', ns, 'batch', 'Maximum'),
        ],
      }),
    );
    const v = Object.fromEntries((res.MetricDataResults ?? []).map((r) => [r.Id, r.Values]));
    // lag values: 1, 2, 3, 3, 10 → p50 = 3rd = 3, p90 = 5th = 10, average 19/5
    expect(v).toEqual({ p50: [3], p90: [10], avg: [3.8], n: [5], bavg: [5], bmax: [9] });
    expect(res.MetricDataResults?.[0]?.Label).toBe('lag');
    const stats = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: ns,
        MetricName: 'lag',
        StartTime: new Date(base),
        EndTime: new Date(base + 60_000),
        Period: 60,
        Statistics: ['Sum', 'Maximum'],
      }),
    );
    expect(stats.Datapoints).toMatchObject([{ Sum: 19, Maximum: 10, Timestamp: new Date(base) }]);
    cw.destroy();
  });

  it('MaxDatapoints pages with NextToken and PartialData', async () => {
    const cw = clientFor(url, true);
    const ns = namespace();
    const base = alignedBase();
    await cw.send(
      new PutMetricDataCommand({
        Namespace: ns,
        MetricData: [0, 1, 2, 3, 4].map((i) => ({
          MetricName: 'm',
          Timestamp: new Date(base + i * 60_000),
          Value: i,
        })),
      }),
    );
    const input = {
      StartTime: new Date(base),
      EndTime: new Date(base + 300_000),
      ScanBy: 'TimestampAscending' as const,
      MaxDatapoints: 3,
      MetricDataQueries: [query('m', ns, 'm', 'Sum')],
    };
    const first = await cw.send(new GetMetricDataCommand(input));
    expect(first.MetricDataResults?.[0]).toMatchObject({ Values: [0, 1, 2], StatusCode: 'PartialData' });
    expect(first.NextToken).toBeTruthy();
    const second = await cw.send(new GetMetricDataCommand({ ...input, NextToken: first.NextToken }));
    expect(second.MetricDataResults?.[0]).toMatchObject({ Values: [3, 4], StatusCode: 'Complete' });
    expect(second.NextToken).toBeUndefined();
    cw.destroy();
  });

  // moto accepts any Id; CloudWatch requires ^[a-z][a-zA-Z_0-9]*$.
  it('validation errors carry the modeled names and query codes', async () => {
    const cw = clientFor(url, true);
    await expect(
      cw.send(
        new GetMetricDataCommand({
          StartTime: new Date(Date.now() - 60_000),
          EndTime: new Date(),
          MetricDataQueries: [query('Bad-Id', 'X', 'm', 'Sum')],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException', Code: 'InvalidParameterValue' });
    await expect(
      cw.send(
        new GetMetricDataCommand({
          EndTime: new Date(),
          MetricDataQueries: [query('a', 'X', 'm', 'Sum')],
        } as never),
      ),
    ).rejects.toMatchObject({ name: 'MissingRequiredParameterException', Code: 'MissingParameter' });
    await expect(
      cw.send(
        new GetMetricDataCommand({
          StartTime: new Date(Date.now() - 60_000),
          EndTime: new Date(),
          MetricDataQueries: [{ Id: 'e', Expression: 'SUM(METRICS())' }],
        }),
      ),
    ).rejects.toThrow(/expressions are not supported by this emulator/);
    await expect(
      cw.send(
        new GetMetricDataCommand({
          StartTime: new Date(Date.now() - 60_000),
          EndTime: new Date(),
          MetricDataQueries: Array.from({ length: 501 }, (_, i) => query(`q${i}`, 'X', 'm', 'Sum')),
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    cw.destroy();
  });
});

describeOnMoto('CloudWatch', (endpoint) =>
  cloudWatchSuite(() => ({ endpoint: endpoint(), compress: false })),
);
