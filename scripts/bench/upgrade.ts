/**
 * Whole-upgrade figures against the in-process emulator (real SDK over HTTP, one scaled clock shared by
 * both sides): the overhead over MSF's own transition times, the API calls of a 10-minute bake, and how
 * many metric periods a restart loop or failing checkpoints take to reach RollbackApplication.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_TIMINGS, startEmulator } from '../../emulator/index.js';
import type { JobBehaviour, RecordedCall } from '../../emulator/types.js';
import { createClients } from '../../src/aws/clients.js';
import { scaledClock } from '../../src/clock.js';
import { parseInputs } from '../../src/inputs.js';
import { MemoryLogger } from '../../src/log.js';
import { runUpgrade } from '../../src/pipeline/upgrade.js';
import { createMsfTarget } from '../../src/platforms.js';
import { healthyJobJar } from '../../test/support/jar-builder.js';
import { atMost, exactly, figure, notMeasured, type Figure, type Target } from './figures.js';

const APP = 'bench-app';
const BUCKET = 'bench-artifacts';
const RUNNING_KEY = `${APP}/v1/app.jar`;
const PERIOD_MS = 60_000;
/** Low, so that the local work, which takes real time, is not inflated much on the scaled clock. */
const OVERHEAD_SCALE = 10;
/**
 * Detection runs on a clock 10× real time, not 60×: every real second the machine spends elsewhere (on a
 * busy machine, the SDK calls and the dashboard's four REST calls per poll) counts that many times on
 * the clock, and at 60× a second of load read as 4 REST polls or a whole metric period.
 */
const DETECTION_SCALE = 10;

interface UpgradeRun {
  result: string;
  reason: string;
  /** clock ms */
  startedAt: number;
  endedAt: number;
  calls: RecordedCall[];
  /** clock ms when the new job started (the last job start before the rollback, if any) */
  jobStartedAt?: number;
  /** the first datapoint of `Scenario.signMetric` above 0 after the update: when taken, when visible */
  sign?: { timestamp: number; visibleAt: number };
}

interface Scenario {
  scale: number;
  inputs: Record<string, string>;
  behaviour?: JobBehaviour;
  /** the metric whose first datapoint above 0 is the fault's first sign in CloudWatch */
  signMetric?: string;
}

/** One upgrade of APP (FLINK-1_20, new code) in a fresh emulator and process-wide clients. */
export async function upgradeOnce(s: Scenario): Promise<UpgradeRun> {
  const clock = scaledClock(s.scale);
  const emulator = await startEmulator({ clock, metricPeriodSeconds: PERIOD_MS / 1000 });
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-upgrade-'));
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: emulator.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
  });
  const clients = createClients({ region: 'us-east-1' });
  try {
    const artifact = path.join(dir, 'app-v2.jar');
    await writeFile(artifact, await healthyJobJar(11, 'com/example/StreamingJobV2'));
    await emulator.control.seed({
      buckets: [
        { name: BUCKET, versioning: true, objects: [{ key: RUNNING_KEY, body: await healthyJobJar(11) }] },
      ],
      applications: [
        {
          name: APP,
          runtime: 'FLINK-1_20',
          status: 'RUNNING',
          code: { bucket: BUCKET, key: RUNNING_KEY },
          metricsHistorySeconds: 900,
        },
      ],
    });
    if (s.behaviour) {
      emulator.control.setJobBehaviour({
        application: APP,
        fileKey: `${APP}/v2/app-v2.jar`,
        behaviour: s.behaviour,
      });
    }
    const inputs = parseInputs(
      {
        'application-name': APP,
        artifact,
        bucket: BUCKET,
        key: `${APP}/v2/app-v2.jar`,
        version: 'v2',
        runtime: 'FLINK-1_20',
        'metric-period': String(PERIOD_MS / 1000),
        timeout: '60m',
        ...s.inputs,
      },
      { runId: '1' },
    );
    const startedAt = clock.now();
    // BENCH_ECHO=1 prints the run's log with the clock time since the start (to see where time goes)
    const echo = process.env.BENCH_ECHO
      ? (line: string): void => console.error(`${((clock.now() - startedAt) / 1000).toFixed(1)} s  ${line}`)
      : undefined;
    const report = await runUpgrade(inputs, {
      clients,
      clock,
      log: new MemoryLogger(echo),
      signal: new AbortController().signal,
      platform: createMsfTarget({ clients, application: inputs.applicationName }),
    });
    const endedAt = clock.now();
    const view = emulator.control.describe() as unknown as {
      applications: { applications: { name: string; job?: { startedAt?: number } }[] };
    };
    const jobStartedAt = view.applications.applications.find((a) => a.name === APP)?.job?.startedAt;
    const calls = emulator.control.calls().filter((c) => c.service !== 'control');
    const updatedAt = calls.find((c) => c.operation === 'UpdateApplication')?.time;
    const sign =
      s.signMetric !== undefined && updatedAt !== undefined
        ? emulator.control.firstSign({
            application: APP,
            metricName: s.signMetric,
            above: 0,
            fromMs: updatedAt,
          })
        : undefined;
    return {
      result: report.result,
      reason: report.reason,
      startedAt,
      endedAt,
      calls,
      ...(jobStartedAt !== undefined ? { jobStartedAt } : {}),
      ...(sign ? { sign } : {}),
    };
  } finally {
    for (const c of [clients.msf, clients.s3, clients.cloudwatch]) c.destroy();
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
    process.env = saved;
  }
}

function expect(run: UpgradeRun, result: string): UpgradeRun {
  if (run.result !== result)
    throw new Error(`the bench upgrade ended ${run.result}, not ${result}: ${run.reason}`);
  return run;
}

/** Healthy upgrade, bake-time 0: wall (clock) time minus the emulator's snapshot and update times. */
async function overheadFigure(runs: number, log: (l: string) => void): Promise<Figure> {
  const pollMs = 10_000;
  // the pre-upgrade snapshot, then the update, which snapshots the running job before it stops it
  const transitions = 2 * DEFAULT_TIMINGS.snapshot + DEFAULT_TIMINGS.update;
  const overheads: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = expect(
      await upgradeOnce({
        scale: OVERHEAD_SCALE,
        inputs: { 'bake-time': '0', 'poll-interval': `${pollMs / 1000}s` },
      }),
      'upgraded',
    );
    overheads.push((run.endedAt - run.startedAt - transitions) / 1000);
    log(`  overhead ${overheads.at(-1)?.toFixed(1)} s`);
  }
  return figure({
    section: 'overhead',
    name: 'healthy upgrade, bake-time 0, poll every 10 s',
    unit: 's',
    values: overheads,
    reference: { name: 'MSF transitions (2 snapshots + update)', values: [transitions / 1000] },
    target: atMost(pollMs / 1000, 's (1 poll interval)'),
    note: `clock ${OVERHEAD_SCALE}× real time: local work (hashing, JAR check, upload, each SDK call) counts ${OVERHEAD_SCALE}× (BENCH_ECHO=1 shows the phases)`,
  });
}

/** Healthy upgrade with a 10-minute bake at 60 s periods: calls per service and operation. */
async function economyFigures(log: (l: string) => void): Promise<Figure[]> {
  const run = expect(
    await upgradeOnce({ scale: DETECTION_SCALE, inputs: { 'bake-time': '10m', 'poll-interval': '60s' } }),
    'upgraded',
  );
  const counts = new Map<string, number>();
  for (const c of run.calls)
    counts.set(`${c.service}:${c.operation}`, (counts.get(`${c.service}:${c.operation}`) ?? 0) + 1);
  const list = (entries: [string, number][]): string =>
    entries
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  // AWS API calls (billed, throttled per account) apart from the Flink dashboard's REST calls, which go
  // to the application's JobManager through the presigned URL
  const isDashboard = (key: string): boolean => key.startsWith('dashboard:');
  const aws = [...counts].filter(([k]) => !isDashboard(k));
  const dashboard = [...counts].filter(([k]) => isDashboard(k));
  const breakdown = list(aws);
  log(`  calls: ${breakdown}${dashboard.length > 0 ? `; dashboard: ${list(dashboard)}` : ''}`);
  // The gate's polls: the reads after the update (one read before it takes the baseline), at most one
  // per metric period, so one read per distinct period is one read per poll.
  const updatedAt = run.calls.find((c) => c.operation === 'UpdateApplication')?.time ?? 0;
  const metricReads = run.calls.filter((c) => c.operation === 'GetMetricData' && c.time > updatedAt);
  const periods = new Set(metricReads.map((c) => Math.floor(c.time / PERIOD_MS))).size;
  const onePerPoll: Target = { text: '= 1 per poll', met: (v) => v === 1 };
  return [
    figure({
      section: 'API economy',
      name: 'AWS API calls, healthy upgrade with a 10-minute bake at 60 s periods',
      unit: 'calls',
      values: [aws.reduce((n, [, v]) => n + v, 0)],
      target: atMost(40, 'calls'),
      note: breakdown,
    }),
    ...(dashboard.length > 0
      ? [
          figure({
            section: 'API economy',
            name: 'Flink dashboard REST calls, same upgrade',
            unit: 'calls',
            values: [dashboard.reduce((n, [, v]) => n + v, 0)],
            note: list(dashboard),
          }),
        ]
      : []),
    figure({
      section: 'API economy',
      name: 'GetMetricData per poll',
      unit: '',
      values: [periods === 0 ? 0 : metricReads.length / periods],
      target: onePerPoll,
      note: `${metricReads.length} GetMetricData during the bake over ${periods} metric periods (and 1 for the baseline)`,
    }),
    figure({
      section: 'API economy',
      name: 'throttled or failed (5xx) calls',
      unit: 'calls',
      values: [run.calls.filter((c) => c.status >= 500 || c.status === 429).length],
      target: exactly(0, 'calls'),
    }),
  ];
}

const DETECTION_POLL_MS = 15_000;

/**
 * Does this build of the action have the dashboard REST source (the `flink-dashboard` input)? Unknown
 * inputs are ignored by parseInputs, so the parsed inputs tell.
 */
function dashboardSourceAvailable(): boolean {
  const parsed = (dashboard: string): string => {
    const raw: Record<string, string> = {
      'application-name': APP,
      artifact: 'app.jar',
      version: 'v2',
      'flink-dashboard': dashboard,
    };
    return JSON.stringify(parseInputs(raw, { runId: '1' }));
  };
  return parsed('auto') !== parsed('off');
}

/**
 * CloudWatch (`flink-dashboard: off`): metric periods from the moment the first datapoint that shows the
 * fault became visible in CloudWatch (the job publishes at the end of each period; the emulator's
 * ingestion lag, 30–150 s at 60 s periods, comes on top and no reader can beat it) to the
 * RollbackApplication request. Dashboard REST source (`flink-dashboard: auto`): polls from the fault
 * itself, which the REST API shows at once.
 */
async function detectionFigure(
  name: string,
  source: 'cloudwatch' | 'rest',
  behaviour: JobBehaviour,
  signMetric: string,
  faultAfterMs: number,
  runs: number,
  log: (l: string) => void,
): Promise<Figure> {
  const values: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = expect(
      await upgradeOnce({
        scale: DETECTION_SCALE,
        behaviour,
        signMetric,
        inputs: {
          'bake-time': '10m',
          'poll-interval': `${DETECTION_POLL_MS / 1000}s`,
          'flink-dashboard': source === 'rest' ? 'auto' : 'off',
        },
      }),
      'rolled-back',
    );
    const rollback = run.calls.find((c) => c.operation === 'RollbackApplication');
    const start = run.calls.filter((c) => c.operation === 'UpdateApplication').at(0);
    if (!rollback || !start) throw new Error(`no RollbackApplication after the upgrade (${run.reason})`);
    // the new job starts when the update operation ends: MSF's system snapshot of the running job, then
    // the update itself
    const jobStart = start.time + DEFAULT_TIMINGS.snapshot + DEFAULT_TIMINGS.update;
    if (source === 'rest') {
      values.push((rollback.time - (jobStart + faultAfterMs)) / DETECTION_POLL_MS);
    } else {
      const visible =
        run.sign?.visibleAt ?? jobStart + Math.ceil(Math.max(1, faultAfterMs) / PERIOD_MS) * PERIOD_MS;
      values.push((rollback.time - visible) / PERIOD_MS);
    }
    log(`  ${name} (${source}): ${values.at(-1)?.toFixed(2)}`);
  }
  return source === 'rest'
    ? figure({
        section: 'detection',
        name: `${name} → RollbackApplication (dashboard REST source, poll every 15 s)`,
        unit: 'polls',
        values,
        target: atMost(1, 'poll'),
        note: `from the fault to the RollbackApplication request, clock ${DETECTION_SCALE}× real time`,
      })
    : figure({
        section: 'detection',
        name: `${name} → RollbackApplication (CloudWatch, 60 s periods)`,
        unit: 'periods',
        values,
        target: atMost(2, 'periods'),
        note: `from the first datapoint showing the fault becoming visible in CloudWatch (emulator lag 30–150 s) to the RollbackApplication request, clock ${DETECTION_SCALE}× real time`,
      });
}

export async function upgradeFigures(o: { runs: number; log: (line: string) => void }): Promise<Figure[]> {
  const figures: Figure[] = [];
  figures.push(await overheadFigure(o.runs, o.log));
  figures.push(...(await economyFigures(o.log)));
  const rest = dashboardSourceAvailable();
  const faults: { name: string; behaviour: JobBehaviour; sign: string; afterMs: number }[] = [
    {
      name: 'restart loop',
      behaviour: { kind: 'restart-loop', afterSeconds: 90 },
      sign: 'fullRestarts', // the restart counter MSF publishes to CloudWatch
      afterMs: 90_000,
    },
    // the first checkpoint (MSF's default interval, 60 s) is the first to fail
    {
      name: 'failing checkpoints',
      behaviour: { kind: 'failing-checkpoints' },
      sign: 'numberOfFailedCheckpoints',
      afterMs: 60_000,
    },
  ];
  for (const f of faults) {
    figures.push(await detectionFigure(f.name, 'cloudwatch', f.behaviour, f.sign, f.afterMs, o.runs, o.log));
    figures.push(
      rest
        ? await detectionFigure(f.name, 'rest', f.behaviour, f.sign, f.afterMs, o.runs, o.log)
        : notMeasured(
            'detection',
            `${f.name} → RollbackApplication (dashboard REST source)`,
            '≤ 1 poll',
            'source not available',
          ),
    );
  }
  return figures;
}
