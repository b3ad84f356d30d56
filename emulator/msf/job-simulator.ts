/**
 * A running simulated Flink job: publishes its metrics (job-metrics.ts) into the metric store every
 * period of clock time until stopped, each datapoint visible after its ingestion delay (metric-lag.ts),
 * and answers for itself in Flink's REST shapes (dashboard.ts serves them).
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../src/clock.js';
import type { MetricStoreApi } from '../types.js';
import {
  checkpointFigures,
  countersAt,
  isHealthyAt,
  loopFailureMessage,
  sampleMetrics,
  type JobCounters,
  type JobProfile,
  type PlatformRestart,
} from './job-metrics.js';

export const METRIC_NAMESPACE = 'AWS/KinesisAnalytics';

export interface JobDeps {
  clock: Clock;
  metrics: MetricStoreApi;
  /** when a datapoint published at `timestamp` becomes visible; undefined: it never arrives */
  visibleAt?: (timestamp: number) => number | undefined;
}

export class SimulatedJob {
  private readonly controller = new AbortController();
  private stopped = false;
  /** publishing times are anchor + k × period */
  private anchor: number;
  private readonly platformRestarts: PlatformRestart[] = [];
  /** Flink's job id: 32 hex digits */
  readonly jobId = randomBytes(16).toString('hex');
  private profileNow: JobProfile;

  constructor(
    readonly application: string,
    readonly profile: JobProfile,
    /** clock ms when the job was submitted */
    readonly startedAt: number,
    private deps: JobDeps,
  ) {
    this.anchor = startedAt;
    this.profileNow = { ...profile, platformRestarts: this.platformRestarts };
  }

  /**
   * Publishes the samples the job would have published since it started, one period apart, the last one
   * at `untilMs`; later samples continue the same spacing. History is visible at once.
   */
  backfill(untilMs: number): void {
    const period = this.profile.periodMs;
    const times: number[] = [];
    for (let t = untilMs; t > this.startedAt; t -= period) times.unshift(t);
    for (const t of times) this.publishAt(t, true);
    this.anchor = untilMs;
  }

  /**
   * Starts the periodic publishing loop: one datapoint set at every period boundary after the anchor.
   * A wake-up that comes late (a busy event loop on a scaled clock) publishes the boundaries it missed,
   * each with its own time, as MSF publishes every minute whatever its reader does.
   */
  run(): void {
    const loop = async (): Promise<void> => {
      const period = this.profile.periodMs;
      let last = this.anchor + Math.floor((this.deps.clock.now() - this.anchor) / period) * period;
      for (;;) {
        const next = last + period;
        await this.deps.clock.sleep(Math.max(1, next - this.deps.clock.now()), this.controller.signal);
        if (this.stopped) return;
        const now = this.deps.clock.now();
        for (let t = next; t <= now; t += period) {
          this.publishAt(t, false);
          last = t;
        }
      }
    };
    loop().catch(() => undefined);
  }

  /** From now on, datapoints become visible as `visibleAt` says. */
  setVisibility(visibleAt: (timestamp: number) => number | undefined): void {
    this.deps = { ...this.deps, visibleAt };
  }

  stop(): void {
    this.stopped = true;
    this.controller.abort(new Error('job stopped'));
  }

  /** The platform restarts the job (maintenance): counted by its restart counter, down for `downMs`. */
  restart(now: number, downMs: number): void {
    this.platformRestarts.push({ atMs: this.ageAt(now), downMs: Math.max(0, downMs) });
  }

  ageAt(now: number): number {
    return now - this.startedAt;
  }

  isHealthy(now: number): boolean {
    return isHealthyAt(this.profile.mode, this.ageAt(now));
  }

  counters(now: number): JobCounters {
    return countersAt(this.profileNow, this.ageAt(now));
  }

  /** What Flink's REST API says of the job at `now` (the shapes of Flink 1.20 / 2.2). */
  rest(now: number): JobRestView {
    const c = this.counters(now);
    const interval = Math.max(1, this.profile.checkpointIntervalMs);
    const completed = Array.from({ length: Math.min(c.completedCheckpoints, 10) }, (_, i) => {
      const n = c.completedCheckpoints - i;
      const f = checkpointFigures(this.profileNow, n);
      const trigger = this.startedAt + n * interval;
      return {
        id: n,
        status: 'COMPLETED',
        trigger_timestamp: trigger,
        end_to_end_duration: f.durationMs,
        state_size: f.sizeBytes,
        checkpointed_size: f.sizeBytes,
      };
    });
    const failed = c.failedCheckpoints;
    const message = loopFailureMessage(this.profile.mode);
    const exceptions = c.failures
      .slice(-16)
      .reverse()
      .map((at) => ({
        exceptionName: message.split(':')[0] ?? 'java.lang.Exception',
        stacktrace: `${message}\n\tat com.example.Job.processElement(Job.java:42)`,
        timestamp: this.startedAt + at,
        taskName: 'Source: orders -> Map (1/1)',
      }));
    return {
      jid: this.jobId,
      name: this.application,
      state: c.state,
      startTime: this.startedAt,
      now,
      restarts: c.restarts,
      checkpoints: {
        counts: {
          restored: this.profile.restored ? 1 : 0,
          total: c.completedCheckpoints + failed,
          in_progress: 0,
          completed: c.completedCheckpoints,
          failed,
        },
        latestCompleted: completed[0],
        history: completed,
        ...(this.profile.restored
          ? { restored: { id: 0, restore_timestamp: this.startedAt, is_savepoint: true } }
          : {}),
      },
      exceptions,
    };
  }

  private publishAt(time: number, history: boolean): void {
    const visibleAt = history || !this.deps.visibleAt ? time : this.deps.visibleAt(time);
    if (visibleAt === undefined) return;
    for (const s of sampleMetrics(this.profileNow, time - this.startedAt)) {
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

export interface RestCheckpoint {
  id: number;
  status: string;
  trigger_timestamp: number;
  end_to_end_duration: number;
  state_size: number;
  checkpointed_size: number;
}

export interface JobRestView {
  jid: string;
  name: string;
  state: string;
  startTime: number;
  now: number;
  restarts: number;
  checkpoints: {
    counts: { restored: number; total: number; in_progress: number; completed: number; failed: number };
    latestCompleted?: RestCheckpoint;
    history: RestCheckpoint[];
    restored?: { id: number; restore_timestamp: number; is_savepoint: boolean };
  };
  exceptions: { exceptionName: string; stacktrace: string; timestamp: number; taskName: string }[];
}
