/**
 * A running simulated Flink job: publishes its metrics (job-metrics.ts) into the metric store every
 * period of clock time until stopped.
 */
import type { Clock } from '../../src/clock.js';
import type { MetricStoreApi } from '../types.js';
import { countersAt, isHealthyAt, sampleMetrics, type JobCounters, type JobProfile } from './job-metrics.js';

export const METRIC_NAMESPACE = 'AWS/KinesisAnalytics';

export interface JobDeps {
  clock: Clock;
  metrics: MetricStoreApi;
}

export class SimulatedJob {
  private readonly controller = new AbortController();
  private stopped = false;
  /** publishing times are anchor + k × period */
  private anchor: number;

  constructor(
    readonly application: string,
    readonly profile: JobProfile,
    /** clock ms when the job was submitted */
    readonly startedAt: number,
    private readonly deps: JobDeps,
  ) {
    this.anchor = startedAt;
  }

  /**
   * Publishes the samples the job would have published since it started, one period apart, the last one
   * at `untilMs`; later samples continue the same spacing.
   */
  backfill(untilMs: number): void {
    const period = this.profile.periodMs;
    const times: number[] = [];
    for (let t = untilMs; t > this.startedAt; t -= period) times.unshift(t);
    for (const t of times) this.publishAt(t);
    this.anchor = untilMs;
  }

  /** Starts the periodic publishing loop. */
  run(): void {
    const loop = async (): Promise<void> => {
      const period = this.profile.periodMs;
      for (;;) {
        const sinceAnchor = this.deps.clock.now() - this.anchor;
        const next = (Math.floor(sinceAnchor / period) + 1) * period;
        await this.deps.clock.sleep(Math.max(1, next - sinceAnchor), this.controller.signal);
        if (this.stopped) return;
        this.publishAt(this.deps.clock.now());
      }
    };
    loop().catch(() => undefined);
  }

  stop(): void {
    this.stopped = true;
    this.controller.abort(new Error('job stopped'));
  }

  ageAt(now: number): number {
    return now - this.startedAt;
  }

  isHealthy(now: number): boolean {
    return isHealthyAt(this.profile.mode, this.ageAt(now));
  }

  counters(now: number): JobCounters {
    return countersAt(this.profile, this.ageAt(now));
  }

  private publishAt(time: number): void {
    for (const s of sampleMetrics(this.profile, time - this.startedAt)) {
      this.deps.metrics.put({
        namespace: METRIC_NAMESPACE,
        metricName: s.name,
        dimensions: [{ Name: 'Application', Value: this.application }],
        timestamp: time,
        value: s.value,
        unit: s.unit,
      });
    }
  }
}
