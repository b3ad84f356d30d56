/**
 * The real engine (`--engine flink`): each application's JAR, read from the emulated S3, runs on a real
 * Apache Flink session cluster of its runtime on this machine (one cluster per Flink version, started on
 * first use and kept for the emulator's life; loopback only, see test/support/flink-cluster.ts).
 *
 *  - start: upload the JAR, run it (`POST /jars/:id/run`) from the snapshot's savepoint with
 *    allowNonRestoredState and the application's parallelism, and wait until Flink has the job RUNNING
 *    with its tasks running (or restarting: a job that restores and then fails in a loop is RUNNING on
 *    MSF). A refused
 *    submission (e.g. NoClassDefFoundError of an API removed in Flink 2, a savepoint the version cannot
 *    read) or a job that FAILED is a failed start, with Flink's own error.
 *  - snapshot: a real savepoint (`/jobs/:id/savepoints`), or stop with a savepoint (`/jobs/:id/stop`)
 *    when the job ends with it (update, stop, scaling); its status follows Flink's.
 *  - metrics: see flink-job.ts.
 *
 * Restart strategy of the clusters: fixed-delay, one attempt a second, without limit (a restart loop
 * climbs steadily, as MSF's jobs do). Each job checkpoints at its application's interval (on the
 * emulator's clock).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Clock } from '../../src/clock.js';
import { type FlinkCluster, startFlinkCluster } from '../../test/support/flink-cluster.js';
import type { MetricStoreApi, S3StoreApi } from '../types.js';
import {
  cancelJob,
  deleteJar,
  runJar,
  savepointStatus,
  triggerSavepoint,
  uploadJar,
} from './flink-client.js';
import { FlinkJob, readJob, sleepReal } from './flink-job.js';
import { checkJava, resolveRuntime } from './flink-runtimes.js';
import type { EngineJob, JobEngine, SnapshotResult, StartRequest, StartResult } from './types.js';

export interface FlinkEngineDeps {
  clock: Clock;
  s3: S3StoreApi;
  metrics: MetricStoreApi;
  log: (line: string) => void;
}

/** Real ms: a job reaching RUNNING, a savepoint. */
const RUNNING_DEADLINE_MS = 120_000;
const SAVEPOINT_DEADLINE_MS = 120_000;

export class FlinkEngine implements JobEngine {
  readonly kind = 'flink' as const;
  private readonly clusters = new Map<string, Promise<FlinkCluster>>();
  private readonly jobs = new Set<FlinkJob>();
  private readonly controller = new AbortController();
  private readonly workDir = mkdtempSync(join(tmpdir(), 'msf-engine-'));
  private uploads = 0;
  private closed = false;

  constructor(private readonly deps: FlinkEngineDeps) {}

  /** Fails at once when Java 17 is missing (the emulator then refuses to start with --engine flink). */
  static check(): string | undefined {
    return checkJava();
  }

  /** The cluster of a Flink version, started on first use. */
  cluster(version: string): Promise<FlinkCluster> {
    let cluster = this.clusters.get(version);
    if (!cluster) {
      this.deps.log(`flink: starting a Flink ${version} cluster`);
      cluster = startFlinkCluster({
        version,
        slots: 8,
        restartStrategy: { type: 'fixed-delay', attempts: 1_000_000, delayMs: 1000 },
        // each job sets its own interval (jobConfiguration); none by default
        checkpointIntervalMs: 0,
        // the REST API's metrics (restarts, records) are fetched from the TaskManager: every second
        config: { 'metrics.fetcher.update-interval': 1000 },
        log: (line) => this.deps.log(`flink: ${line}`),
        signal: this.controller.signal,
      });
      this.clusters.set(version, cluster);
      cluster.catch(() => this.clusters.delete(version));
    }
    return cluster;
  }

  /** The clusters started so far (version → REST address), for describeState. */
  async started(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [version, c] of this.clusters) {
      const cluster = await c.catch(() => undefined);
      if (cluster) out[version] = cluster.url;
    }
    return out;
  }

  async start(request: StartRequest, signal: AbortSignal): Promise<StartResult> {
    const resolved = resolveRuntime(request.runtime);
    if (!resolved.ok) return resolved;
    const code = request.code;
    if (!code) return { ok: false, message: `Application ${request.application} has no code to run.` };
    const object = this.deps.s3.getObject(code.bucket, code.fileKey, code.objectVersion);
    if (!object) {
      return {
        ok: false,
        message: `Could not download the application code from s3://${code.bucket}/${code.fileKey}: the object does not exist.`,
      };
    }
    const restore = request.restore;
    if (restore && !restore.location) {
      return {
        ok: false,
        message: `Snapshot ${restore.name} has no savepoint on the real engine (it was seeded, not taken by a running job): start without it or take a snapshot first.`,
      };
    }
    let cluster: FlinkCluster;
    try {
      cluster = await this.cluster(resolved.version);
    } catch (err) {
      return {
        ok: false,
        message: `Apache Flink ${resolved.version} did not start: ${(err as Error).message}`,
      };
    }
    const abort = AbortSignal.any([signal, this.controller.signal]);
    const file = join(this.workDir, `${++this.uploads}-${basename(code.fileKey) || 'job.jar'}`);
    writeFileSync(file, object.body);
    let jobId: string;
    let jarId: string | undefined;
    const submittedAt = this.deps.clock.now();
    try {
      jarId = await uploadJar(cluster.url, file);
      jobId = await runJar(cluster.url, jarId, {
        parallelism: request.parallelism,
        allowNonRestoredState: request.allowNonRestoredState,
        ...(restore?.location ? { savepointPath: restore.location } : {}),
        flinkConfiguration: this.jobConfiguration(request),
      });
    } catch (err) {
      if (abort.aborted) return { ok: false, message: 'the start was cancelled' };
      const message = (err as Error).message;
      this.deps.log(
        `flink: ${request.application} on Flink ${resolved.version}: submission failed: ${message}`,
      );
      return { ok: false, message };
    } finally {
      rmSync(file, { force: true });
      // the submitted job has its own copy (the blob server's); the upload is of no further use
      if (jarId !== undefined) deleteJar(cluster.url, jarId).catch(() => undefined);
    }
    this.deps.log(
      `flink: ${request.application} runs as job ${jobId} on Flink ${resolved.version} (${cluster.url})` +
        (restore ? ` from snapshot ${restore.name} (${restore.location})` : ' without state'),
    );
    const cancel = (id: string): Promise<void> => cancelJob(cluster.url, id);
    // Until its tasks run (or it restarts: restored, then failing in a loop, which MSF reports RUNNING);
    // FAILED at initialization is a failed start.
    const deadline = Date.now() + RUNNING_DEADLINE_MS;
    for (;;) {
      let reading;
      try {
        reading = await readJob(cluster.url, jobId, this.deps.clock.now(), abort);
      } catch (err) {
        if (abort.aborted) {
          await cancel(jobId).catch(() => undefined);
          return { ok: false, message: 'the start was cancelled' };
        }
        if (Date.now() > deadline) return { ok: false, message: (err as Error).message };
        await sleepReal(500, abort).catch(() => undefined);
        continue;
      }
      if (reading.running || reading.restarts > 0 || reading.state === 'RESTARTING') {
        const job = new FlinkJob(
          request.application,
          request.runtime,
          jobId,
          cluster,
          submittedAt,
          restore?.location,
          {
            clock: this.deps.clock,
            metrics: this.deps.metrics,
            visibleAt: (t) => t,
            periodMs: request.periodMs,
            log: this.deps.log,
            cancel,
          },
        );
        this.jobs.add(job);
        await job.begin(reading);
        return { ok: true, job };
      }
      if (['FAILED', 'CANCELED', 'FINISHED', 'SUSPENDED'].includes(reading.state)) {
        return { ok: false, message: await rootException(cluster.url, jobId, reading.state) };
      }
      if (Date.now() > deadline || abort.aborted) {
        await cancel(jobId).catch(() => undefined);
        return {
          ok: false,
          message: abort.aborted
            ? 'the start was cancelled'
            : `Job ${jobId} did not reach RUNNING within ${RUNNING_DEADLINE_MS / 1000} s (state ${reading.state}).`,
        };
      }
      await sleepReal(500, abort).catch(() => undefined);
    }
  }

  /**
   * Per-job configuration: the application's checkpoint interval, on the emulator's clock (a test clock
   * 10 times faster checkpoints 10 times as often in real time), at least a second; none when MSF's
   * checkpointing is off.
   */
  private jobConfiguration(request: StartRequest): Record<string, string> {
    if (request.checkpointIntervalMs >= Number.MAX_SAFE_INTEGER) return {};
    const realMs = Math.max(1000, Math.round(request.checkpointIntervalMs / this.deps.clock.scale));
    return { 'execution.checkpointing.interval': `${realMs} ms` };
  }

  async snapshot(
    current: () => EngineJob | undefined,
    options: { stop: boolean },
    signal: AbortSignal,
  ): Promise<SnapshotResult> {
    const job = current();
    if (!(job instanceof FlinkJob)) return { ok: false, message: 'the application has no running job' };
    const cluster = await this.cluster(job.cluster.version);
    const abort = AbortSignal.any([signal, this.controller.signal]);
    try {
      const trigger = await triggerSavepoint(cluster.url, job.jobId, options.stop);
      const deadline = Date.now() + SAVEPOINT_DEADLINE_MS;
      for (;;) {
        const status = await savepointStatus(cluster.url, job.jobId, trigger);
        if (status.status.id === 'COMPLETED') {
          const failure = status.operation?.['failure-cause'];
          if (failure || !status.operation?.location) {
            const text = failure?.['stack-trace']?.split('\n')[0] ?? failure?.class ?? 'no location';
            return { ok: false, message: `The savepoint of job ${job.jobId} failed: ${text}` };
          }
          if (options.stop) job.detach();
          this.deps.log(
            `flink: ${options.stop ? 'stopped job' : 'savepoint of job'} ${job.jobId}: ${status.operation.location}`,
          );
          return { ok: true, location: status.operation.location };
        }
        if (Date.now() > deadline) {
          return { ok: false, message: `The savepoint of job ${job.jobId} did not complete within 120 s.` };
        }
        await sleepReal(300, abort);
      }
    } catch (err) {
      if (abort.aborted) throw err;
      return { ok: false, message: (err as Error).message };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.jobs) job.detach();
    this.jobs.clear();
    this.controller.abort(new Error('engine closed'));
    const clusters = await Promise.all([...this.clusters.values()].map((c) => c.catch(() => undefined)));
    await Promise.all(clusters.map((c) => c?.stop()));
    this.clusters.clear();
    rmSync(this.workDir, { recursive: true, force: true });
  }

  /** Cancels every job (the clusters stay up, for the next ones). */
  stopJobs(): void {
    for (const job of this.jobs) job.stop();
    this.jobs.clear();
  }
}

async function rootException(url: string, jobId: string, state: string): Promise<string> {
  try {
    const response = await fetch(`${url}/jobs/${jobId}/exceptions`, { signal: AbortSignal.timeout(5_000) });
    const body = (await response.json()) as {
      'root-exception'?: string;
      exceptionHistory?: { entries?: { stacktrace?: string }[] };
    };
    const text = body.exceptionHistory?.entries?.[0]?.stacktrace ?? body['root-exception'];
    if (text) return summarizeTrace(text);
  } catch {
    // the state says enough
  }
  return `Job ${jobId} ended ${state} while starting.`;
}

/** The first line and every "Caused by:" line of a Java stack trace. */
export function summarizeTrace(trace: string): string {
  const lines = trace.split('\n');
  const parts = [
    lines[0]?.trim() ?? '',
    ...lines.filter((l) => l.startsWith('Caused by:')).map((l) => l.trim()),
  ];
  return parts.filter(Boolean).join(' ');
}
