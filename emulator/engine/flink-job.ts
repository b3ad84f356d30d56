/**
 * A job running on a real Flink cluster, seen the way MSF sees it: its JobManager REST API is read a few
 * times a second of real time (state, restarts, checkpoints, records), and at every metric period of the
 * emulator's clock the AWS/KinesisAnalytics metrics are published from the last reading, each datapoint
 * visible after the same ingestion delay as the simulated job's (metric-lag.ts).
 *
 * Times: Flink counts in real milliseconds, the emulator (and the action reading it) in clock
 * milliseconds, which run `clock.scale` times faster in tests and demos. Running and restarting times are
 * measured on the clock from what the readings show; timestamps the dashboard passes through are moved
 * onto the clock (see flink-dashboard.ts). Rates (records per second) stay Flink's.
 */
import type { Clock } from '../../src/clock.js';
import type { MetricStoreApi } from '../types.js';
import { METRIC_NAMESPACE } from '../msf/job-simulator.js';
import { metricFamily } from '../msf/runtime-rules.js';
import type { DashboardResponse } from '../msf/dashboard.js';
import { proxyDashboard } from './flink-dashboard.js';
import type { EngineJob } from './types.js';

/** What the engine needs of the cluster a job runs on. */
export interface JobCluster {
  version: string;
  /** the JobManager REST address */
  url: string;
  /** the TaskManager's stdout (the jobs' print() output) */
  taskManagerOut: string;
}

/** One reading of the job through the REST API. */
export interface JobReading {
  /** clock ms of the reading */
  at: number;
  state: string;
  /** the job and every one of its vertices are RUNNING */
  running: boolean;
  restarts: number;
  completedCheckpoints: number;
  failedCheckpoints: number;
  lastCheckpointDurationMs: number;
  lastCheckpointSizeBytes: number;
  /** records the first vertex emitted (the sources' output) and the last vertex received, so far */
  recordsIn: number;
  recordsOut: number;
  /** real ms of the reading (for rates) */
  realAt: number;
}

/** Reads `/jobs/:id`, `/jobs/:id/checkpoints` and the restart count; throws when Flink does not answer. */
export async function readJob(
  url: string,
  jobId: string,
  at: number,
  signal: AbortSignal,
): Promise<JobReading> {
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}/jobs/${jobId}${path}`, {
      signal: AbortSignal.any([signal, AbortSignal.timeout(5_000)]),
    });
    if (!response.ok) throw new Error(`GET /jobs/${jobId}${path} answered ${response.status}`);
    return (await response.json()) as T;
  };
  type Vertex = { id: string; status: string };
  type Aggregate = { id: string; sum?: number }[];
  const [detail, checkpoints, metrics] = await Promise.all([
    get<{ state: string; vertices?: Vertex[] }>(''),
    get<{
      counts?: { completed?: number; failed?: number };
      latest?: {
        completed?: { end_to_end_duration?: number; state_size?: number; checkpointed_size?: number } | null;
      };
    }>('/checkpoints'),
    get<{ id: string; value: string }[]>('/metrics?get=numRestarts,fullRestarts'),
  ]);
  const vertices = detail.vertices ?? [];
  // records: the subtasks' counters (the job overview's per-vertex figures stay 0 on these versions)
  const sum = async (vertex: Vertex | undefined, metric: string): Promise<number | undefined> => {
    if (!vertex) return undefined;
    const values = await get<Aggregate>(`/vertices/${vertex.id}/subtasks/metrics?get=${metric}`).catch(
      () => [] as Aggregate,
    );
    return values.find((v) => v.id === metric)?.sum;
  };
  const [emitted, received] = await Promise.all([
    sum(vertices[0], 'numRecordsOut'),
    sum(vertices[vertices.length - 1], 'numRecordsIn'),
  ]);
  const metric = (id: string): number | undefined => {
    const v = metrics.find((m) => m.id === id)?.value;
    return v === undefined ? undefined : Number(v);
  };
  const latest = checkpoints.latest?.completed ?? undefined;
  return {
    at,
    state: detail.state,
    running: detail.state === 'RUNNING' && vertices.every((v) => v.status === 'RUNNING'),
    restarts: metric('numRestarts') ?? metric('fullRestarts') ?? 0,
    completedCheckpoints: checkpoints.counts?.completed ?? 0,
    failedCheckpoints: checkpoints.counts?.failed ?? 0,
    lastCheckpointDurationMs: latest?.end_to_end_duration ?? -1,
    lastCheckpointSizeBytes: latest ? (latest.checkpointed_size ?? latest.state_size ?? -1) : -1,
    recordsIn: emitted || received || 0,
    recordsOut: received ?? 0,
    realAt: Date.now(),
  };
}

export interface FlinkJobDeps {
  clock: Clock;
  metrics: MetricStoreApi;
  visibleAt: (timestamp: number) => number | undefined;
  periodMs: number;
  log: (line: string) => void;
  /** cancels the job on its cluster (stop()) */
  cancel: (jobId: string) => Promise<void>;
}

/** Real ms over which the records rates are measured. */
const RATE_WINDOW_MS = 5_000;
/** Real ms between two readings of the job. */
const READ_INTERVAL_MS = 500;

export class FlinkJob implements EngineJob {
  private readonly controller = new AbortController();
  private stopped = false;
  private last: JobReading | undefined;
  /** recent readings, oldest first (rates are taken over RATE_WINDOW_MS: Flink updates its counters every second) */
  private readonly recent: JobReading[] = [];
  /** clock ms since the job runs (undefined: not running) / since it is down */
  private upSince: number | undefined;
  private downSince: number | undefined;
  private readonly platformRestarts: number[] = [];
  /**
   * Checkpoints that failed before the job's tasks first ran ("not all required tasks are currently
   * running": the clusters check every second, and deploying takes longer): a start-up artefact of the
   * local clusters' short interval, not a failure MSF would count at its 60 s interval. Not published.
   */
  private failedBeforeRunning: number | undefined;

  constructor(
    readonly application: string,
    readonly runtime: string,
    readonly jobId: string,
    readonly cluster: JobCluster,
    /** clock ms of the submission */
    readonly startedAt: number,
    /** the savepoint the job started from */
    readonly restoredFrom: string | undefined,
    private deps: FlinkJobDeps,
  ) {
    this.downSince = startedAt;
  }

  /** Takes a first reading (so isHealthy answers at once), then reads and publishes until stopped. */
  async begin(first: JobReading): Promise<void> {
    this.observe(first);
    void this.readLoop();
    void this.publishLoop();
    await Promise.resolve();
  }

  reading(): JobReading | undefined {
    return this.last;
  }

  isHealthy(): boolean {
    return !this.stopped && this.last?.running === true;
  }

  /** The platform's maintenance restart: the real job keeps running; the restart is only counted. */
  restart(now: number): void {
    this.platformRestarts.push(now);
  }

  setVisibility(visibleAt: (timestamp: number) => number | undefined): void {
    this.deps = { ...this.deps, visibleAt };
  }

  /** Stops reading and publishing (the job ended with a savepoint, or is being replaced). */
  detach(): void {
    this.stopped = true;
    this.controller.abort(new Error('job stopped'));
  }

  stop(): void {
    const wasRunning = !this.stopped;
    this.detach();
    if (wasRunning) {
      this.deps.cancel(this.jobId).catch((err: unknown) => {
        this.deps.log(
          `flink: cancelling job ${this.jobId} of ${this.application}: ${(err as Error).message}`,
        );
      });
    }
  }

  dashboard(path: string, query: URLSearchParams): Promise<DashboardResponse> {
    return proxyDashboard({
      url: this.cluster.url,
      jobId: this.jobId,
      path,
      query,
      clock: this.deps.clock,
      failedCheckpointsBefore: this.failedBeforeRunning ?? 0,
    });
  }

  describe(now: number): Record<string, unknown> {
    return {
      engine: 'flink',
      runtime: this.runtime,
      flinkVersion: this.cluster.version,
      flinkJobId: this.jobId,
      clusterUrl: this.cluster.url,
      taskManagerOut: this.cluster.taskManagerOut,
      startedAt: this.startedAt,
      healthy: this.isHealthy(),
      reading: this.last ?? null,
      counters: {
        state: this.last?.state ?? 'UNKNOWN',
        restarts: this.restarts(),
        runningMs: this.upSince !== undefined ? now - this.upSince : 0,
        downMs: this.downSince !== undefined ? now - this.downSince : 0,
        completedCheckpoints: this.last?.completedCheckpoints ?? 0,
        failedCheckpoints: this.last?.failedCheckpoints ?? 0,
      },
    };
  }

  private restarts(): number {
    return (this.last?.restarts ?? 0) + this.platformRestarts.length;
  }

  private observe(reading: JobReading): void {
    if (this.stopped) return;
    if (reading.running) this.failedBeforeRunning ??= reading.failedCheckpoints;
    const failedSinceRunning =
      reading.failedCheckpoints - (this.failedBeforeRunning ?? reading.failedCheckpoints);
    this.last = { ...reading, failedCheckpoints: Math.max(0, failedSinceRunning) };
    this.recent.push(this.last);
    while (this.recent.length > 2 && reading.realAt - this.recent[0]!.realAt > RATE_WINDOW_MS)
      this.recent.shift();
    if (reading.running) {
      this.upSince ??= reading.at;
      this.downSince = undefined;
    } else {
      this.downSince ??= reading.at;
      this.upSince = undefined;
    }
  }

  private async readLoop(): Promise<void> {
    const signal = this.controller.signal;
    let failures = 0;
    while (!this.stopped) {
      await sleepReal(READ_INTERVAL_MS, signal).catch(() => undefined);
      if (this.stopped) return;
      try {
        this.observe(await readJob(this.cluster.url, this.jobId, this.deps.clock.now(), signal));
        failures = 0;
      } catch (err) {
        if (this.stopped) return;
        if (++failures === 5) {
          this.deps.log(
            `flink: job ${this.jobId} of ${this.application} unreadable: ${(err as Error).message}`,
          );
        }
      }
    }
  }

  private async publishLoop(): Promise<void> {
    const period = this.deps.periodMs;
    const clock = this.deps.clock;
    let last = this.startedAt + Math.floor((clock.now() - this.startedAt) / period) * period;
    while (!this.stopped) {
      const next = last + period;
      try {
        await clock.sleep(Math.max(1, next - clock.now()), this.controller.signal);
      } catch {
        return;
      }
      if (this.stopped) return;
      const now = clock.now();
      for (let t = next; t <= now; t += period) {
        this.publishAt(t);
        last = t;
      }
    }
  }

  private publishAt(time: number): void {
    const r = this.last;
    if (!r) return;
    const visibleAt = this.deps.visibleAt(time);
    if (visibleAt === undefined) return;
    const runningMs = this.upSince !== undefined ? Math.max(0, time - this.upSince) : 0;
    const downMs = this.downSince !== undefined ? Math.max(0, time - this.downSince) : 0;
    const p = this.recent.length > 1 ? this.recent[0] : undefined;
    const seconds = p ? (r.realAt - p.realAt) / 1000 : 0;
    const rate = (now: number, before: number | undefined): number =>
      seconds > 0 && before !== undefined ? Math.max(0, Math.round((now - before) / seconds)) : 0;
    const inRate = r.running ? rate(r.recordsIn, p?.recordsIn) : 0;
    const outRate = r.running ? rate(r.recordsOut, p?.recordsOut) : 0;
    const samples: { name: string; value: number; unit: string }[] =
      metricFamily(this.runtime) === 'flink2'
        ? [
            { name: 'runningTime', value: runningMs, unit: 'Milliseconds' },
            { name: 'restartingTime', value: downMs, unit: 'Milliseconds' },
            { name: 'numRestarts', value: this.restarts(), unit: 'Count' },
            { name: 'uptime', value: runningMs, unit: 'Milliseconds' },
            { name: 'downtime', value: downMs, unit: 'Milliseconds' },
          ]
        : [
            { name: 'uptime', value: runningMs, unit: 'Milliseconds' },
            { name: 'downtime', value: downMs, unit: 'Milliseconds' },
            { name: 'fullRestarts', value: this.restarts(), unit: 'Count' },
          ];
    samples.push(
      { name: 'numberOfFailedCheckpoints', value: r.failedCheckpoints, unit: 'Count' },
      { name: 'lastCheckpointDuration', value: r.lastCheckpointDurationMs, unit: 'Milliseconds' },
      { name: 'lastCheckpointSize', value: r.lastCheckpointSizeBytes, unit: 'Bytes' },
      { name: 'numRecordsInPerSecond', value: inRate, unit: 'Count/Second' },
      { name: 'numRecordsOutPerSecond', value: outRate, unit: 'Count/Second' },
    );
    for (const s of samples) {
      this.deps.metrics.put({
        namespace: METRIC_NAMESPACE,
        metricName: s.name,
        dimensions: [{ Name: 'Application', Value: this.application }],
        timestamp: time,
        value: s.value,
        unit: s.unit,
        ...(visibleAt > time ? { visibleAt } : {}),
      });
    }
  }
}

/** A real-time pause (Flink runs on real time whatever the emulator's clock). */
export function sleepReal(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
