/**
 * The emulator's signals are at least as hard as MSF's: CloudWatch datapoints arrive late (or never),
 * and the Flink dashboard is reached only through a presigned URL and its cookie, while RUNNING.
 */
import { CreateApplicationPresignedUrlCommand } from '@aws-sdk/client-kinesis-analytics-v2';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaledClock } from '../../src/clock.js';
import { FlinkDashboard } from '../../src/msf/health/dashboard.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { healthyJobJar } from '../support/jar-builder.js';

let t: TestEmulator;
const BUCKET = 'signals';

beforeAll(async () => {
  t = await startTestEmulator({ clock: scaledClock(20), metricPeriodSeconds: 1 });
  await t.emulator.control.seed({
    buckets: [{ name: BUCKET, objects: [{ key: 'v1.jar', body: await healthyJobJar(11) }] }],
  });
});
afterAll(async () => t?.stop());

async function seed(name: string, extra: Record<string, unknown> = {}): Promise<void> {
  await t.emulator.control.seed({
    applications: [{ name, runtime: 'FLINK-2_2', code: { bucket: BUCKET, key: 'v1.jar' }, ...extra }],
  });
}

async function restartPoints(app: string, from: number, to: number): Promise<number[]> {
  const out = await t.clients.cloudwatch.send(
    new GetMetricDataCommand({
      StartTime: new Date(from),
      EndTime: new Date(to),
      MetricDataQueries: [
        {
          Id: 'r',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/KinesisAnalytics',
              MetricName: 'numRestarts',
              Dimensions: [{ Name: 'Application', Value: app }],
            },
            Period: 1,
            Stat: 'Maximum',
          },
        },
      ],
    }),
  );
  return (out.MetricDataResults?.[0]?.Timestamps ?? []).map((d) => d.getTime());
}

describe('CloudWatch datapoints arrive late, as MSF metrics do', () => {
  it('shows a datapoint only after its ingestion delay', async () => {
    // 600 s at a 60 s period = 10 periods at the 1 s period used here
    await seed('late', { metricsLag: { minSeconds: 600, maxSeconds: 600, gapRate: 0 } });
    const since = t.clock.now();
    await t.clock.sleep(12_000);
    const now = t.clock.now();
    const visible = await restartPoints('late', since, now + 1000);
    const published = await t.emulator.control.firstSign({
      application: 'late',
      metricName: 'runningTime',
      above: 0,
      fromMs: since,
    });
    expect(published).toBeDefined();
    expect(published!.visibleAt - published!.timestamp).toBe(10_000);
    // nothing newer than ten periods ago is visible yet (a few periods of slack for a slow request)
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.filter((ts) => ts > now - 6_000)).toEqual([]);
    await t.clock.sleep(5_000);
    const later = await restartPoints('late', since, t.clock.now() + 1000);
    expect(later.length).toBeGreaterThan(visible.length);
  });

  it('loses the datapoints a gap rate of 1 drops', async () => {
    await seed('silent', { metricsLag: { minSeconds: 0, maxSeconds: 0, gapRate: 1 } });
    const since = t.clock.now();
    await t.clock.sleep(3_000);
    expect(await restartPoints('silent', since, t.clock.now() + 1000)).toEqual([]);
  });
});

describe("Flink's REST API through MSF's dashboard", () => {
  it('answers with the session cookie of a presigned URL, exactly and at once', async () => {
    await seed('dash', { checkpointIntervalSeconds: 2, metricsLag: 'realistic' });
    await t.clock.sleep(5_000);
    const ac = new AbortController();
    const dashboard = new FlinkDashboard(t.clients, 'dash', ac.signal);
    const sample = await dashboard.sample(t.clock.now());
    expect(sample.jobId).toMatch(/^[0-9a-f]{32}$/);
    expect(sample.state).toBe('RUNNING');
    expect(sample.restarts).toBe(0);
    expect(sample.completed).toBeGreaterThanOrEqual(2);
    expect(sample.history.at(-1)!.durationMs).toBeGreaterThan(0);

    // a maintenance restart counts at once in Flink's numRestarts, the same job
    t.emulator.control.enterStatus({ application: 'dash', status: 'MAINTENANCE', durationMs: 300 });
    await t.clock.sleep(600);
    const after = await dashboard.sample(t.clock.now());
    expect(after.jobId).toBe(sample.jobId);
    expect(after.restarts).toBe(1);
  });

  it('refuses a request without the cookie, a used token, and a non-RUNNING application', async () => {
    await seed('guarded');
    const out = await t.clients.msf.send(
      new CreateApplicationPresignedUrlCommand({
        ApplicationName: 'guarded',
        UrlType: 'FLINK_DASHBOARD_URL',
      }),
    );
    const url = out.AuthorizedUrl!;
    expect(url).toMatch(/\/flinkdashboard\/\?authToken=/);
    const base = url.replace(/\?.*$/, '');
    expect((await fetch(`${base}jobs/overview`)).status).toBe(401);
    const login = await fetch(url, { redirect: 'manual' });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    expect(cookie).toMatch(/^VerifiedAuthToken=/);
    expect((await fetch(`${base}jobs/overview`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(403);

    await t.emulator.control.seed({
      applications: [
        { name: 'stopped', runtime: 'FLINK-2_2', status: 'READY', code: { bucket: BUCKET, key: 'v1.jar' } },
      ],
    });
    await expect(
      t.clients.msf.send(
        new CreateApplicationPresignedUrlCommand({
          ApplicationName: 'stopped',
          UrlType: 'FLINK_DASHBOARD_URL',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceInUseException' });
  });

  it('says the permission is missing when CreateApplicationPresignedUrl is denied', async () => {
    await seed('denied');
    t.emulator.control.injectFault({
      service: 'kinesisanalyticsv2',
      operation: 'CreateApplicationPresignedUrl',
      kind: 'access-denied',
    });
    const dashboard = new FlinkDashboard(t.clients, 'denied', new AbortController().signal);
    await expect(dashboard.sample(t.clock.now())).rejects.toMatchObject({
      name: 'DashboardUnavailable',
      final: true,
      message: expect.stringMatching(/allow kinesisanalytics:CreateApplicationPresignedUrl/),
    });
  });
});
