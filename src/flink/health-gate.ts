/**
 * The health gate on a self-managed cluster (the HealthSource of the Flink platform): the pre-upgrade
 * job's checkpoint durations as the baseline, then the new job read from the JobManager REST API every
 * poll, judged by the gate's pure REST evaluation (src/health/rest-evaluate.ts). Real time: a restart
 * loop is caught on its first restarts. Flink's exception text is neutralised before any line.
 */
import type { Baseline, GateResult, HealthSettings } from '../health/contract.js';
import type { RestSample } from '../health/rest-sample.js';
import { formatSpan, gatePosition } from '../health/evaluate.js';
import { evaluateRest } from '../health/rest-evaluate.js';
import type { HealthSource, PlatformContext, Release } from '../pipeline/platform.js';
import { neutraliseCommands } from '../workflow-commands.js';
import { checkpointBaseline, readRestSample } from './health-source.js';
import { FlinkRestError } from './rest-errors.js';
import type { FlinkRestClient } from './rest.js';

/** Where a release runs: the cluster's REST address and the job id (from Release.native). */
export interface JobAddress {
  url: string;
  jobId: string;
}

export function jobAddress(release: Release): JobAddress | undefined {
  const { cluster, jobId } = release.native as { cluster?: unknown; jobId?: unknown };
  return typeof cluster === 'string' && typeof jobId === 'string' ? { url: cluster, jobId } : undefined;
}

/** Polls of the REST API: often (it has no lag), but not more than every 500 ms nor less than every 5 s. */
export function restPollMs(pollIntervalMs: number): number {
  return Math.min(5000, Math.max(500, pollIntervalMs));
}

/** Consecutive failed reads tolerated before the gate says the job cannot be watched. */
const READ_FAILURES = 5;

export class FlinkHealthSource implements HealthSource {
  constructor(private readonly client: (url: string, ctx: PlatformContext) => FlinkRestClient) {}

  describe(settings: HealthSettings, checkpointIntervalMs: number | undefined): string {
    if (settings.bakeMs === 0) return 'no health gate (bake-time 0)';
    const t = settings;
    return (
      `the new job, read from the JobManager REST API in real time for ${formatSpan(t.stabilisationMs)} + ${formatSpan(t.bakeMs)}: ` +
      `fails on more than ${t.maxRestarts} restart${t.maxRestarts === 1 ? '' : 's'}, a job that ends, more than ${t.maxFailedCheckpoints} failed checkpoint${t.maxFailedCheckpoints === 1 ? '' : 's'}` +
      (t.requireCheckpoint
        ? `, no completed checkpoint${checkpointIntervalMs ? ` within 3 intervals (${formatSpan(3 * checkpointIntervalMs)})` : ''}`
        : '') +
      `, checkpoints over ${t.maxCheckpointDurationRatio}× the pre-upgrade job's`
    );
  }

  async baseline(
    ctx: PlatformContext,
    req: { release: Release; settings: HealthSettings },
  ): Promise<Baseline> {
    const at = jobAddress(req.release);
    const now = ctx.clock.now();
    const base: Baseline = {
      application: req.release.application,
      runtime: req.release.engineVersion,
      series: {},
      from: now,
      to: now,
    };
    if (!at) return { ...base, notes: ['the pre-upgrade job is not known: no checkpoint baseline'] };
    try {
      const stats = await this.client(at.url, ctx).checkpoints(at.jobId);
      const median = checkpointBaseline(stats);
      return median === undefined
        ? {
            ...base,
            notes: [`job ${at.jobId} has no completed checkpoint yet: no checkpoint duration baseline`],
          }
        : { ...base, checkpointDurationMs: median };
    } catch (err) {
      return {
        ...base,
        notes: [`checkpoints of job ${at.jobId} unreadable: ${neutraliseCommands((err as Error).message)}`],
      };
    }
  }

  async bake(
    ctx: PlatformContext,
    req: { landed: Release; baseline: Baseline; settings: HealthSettings },
  ): Promise<GateResult> {
    const { settings } = req;
    const startedAt = ctx.clock.now();
    const window = { stabilisationMs: settings.stabilisationMs, bakeMs: settings.bakeMs };
    const common = {
      baseline: req.baseline,
      startedAt,
      source: 'jobmanager-rest' as const,
      stabilisationMs: settings.stabilisationMs,
      bakeMs: settings.bakeMs,
      thresholds: {
        maxRestarts: settings.maxRestarts,
        maxFailedCheckpoints: settings.maxFailedCheckpoints,
        requireCheckpoint: settings.requireCheckpoint,
        maxCheckpointDurationRatio: settings.maxCheckpointDurationRatio,
      },
    };
    if (settings.bakeMs === 0) {
      return { ...common, verdict: 'skipped', reason: 'bake-time 0', series: {}, endedAt: startedAt };
    }
    const at = jobAddress(req.landed);
    if (!at) {
      return {
        ...common,
        verdict: 'unhealthy',
        check: 'no-metrics',
        reason: 'the new job is not known: nothing to watch',
        series: {},
        endedAt: ctx.clock.now(),
      };
    }
    const rest = this.client(at.url, ctx);
    const samples: RestSample[] = [];
    const series: GateResult['series'] = {
      numRestarts: [],
      numberOfCompletedCheckpoints: [],
      numberOfFailedCheckpoints: [],
    };
    const intervalMs = restPollMs(ctx.pollIntervalMs);
    let polls = 0;
    let failures = 0;
    // checkpoints that failed before the gate's first reading were triggered while the tasks deployed
    // (Flink counts "not all required tasks are running" as failed): not the new version's health
    const failedBefore = new Map<string, number>();
    const finish = (verdict: GateResult['verdict'], extra: Partial<GateResult> = {}): GateResult => {
      const last = samples[samples.length - 1];
      const endedAt = ctx.clock.now();
      return {
        ...common,
        verdict,
        series,
        endedAt,
        decidedAt: endedAt,
        polls,
        ...(last
          ? {
              rest: {
                restarts: last.restarts,
                completed: last.completed,
                failed: last.failed,
                state: last.state,
                ...(last.rootException ? { rootException: neutraliseCommands(last.rootException) } : {}),
                ...(last.history.length
                  ? { lastCheckpointDurationMs: last.history[last.history.length - 1]!.durationMs }
                  : {}),
              },
            }
          : {}),
        ...extra,
      };
    };
    ctx.log.info(`health gate: ${this.describe(settings, req.landed.checkpointIntervalMs)}`);
    for (;;) {
      const now = ctx.clock.now();
      if (now >= ctx.deadline) {
        return finish('unhealthy', {
          check: 'deadline',
          reason: `the run's timeout came ${formatSpan(now - startedAt)} into the health gate, before it ended: an unfinished bake is not a pass`,
        });
      }
      polls += 1;
      try {
        const read = await readRestSample(rest, at.jobId, now);
        if (!failedBefore.has(read.jobId)) {
          failedBefore.set(read.jobId, read.failed);
          if (read.failed > 0) {
            ctx.log.info(
              `health gate: ${read.failed} checkpoint(s) of job ${read.jobId} failed before its tasks all ran; not counted`,
            );
          }
        }
        const sample = { ...read, failed: Math.max(0, read.failed - (failedBefore.get(read.jobId) ?? 0)) };
        failures = 0;
        samples.push(sample);
        series.numRestarts!.push({ t: now, v: sample.restarts });
        series.numberOfCompletedCheckpoints!.push({ t: now, v: sample.completed });
        series.numberOfFailedCheckpoints!.push({ t: now, v: sample.failed });
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        const gone = err instanceof FlinkRestError && err.status === 404;
        failures += 1;
        const message = neutraliseCommands((err as Error).message);
        if (gone || failures >= READ_FAILURES) {
          return finish('unhealthy', {
            check: 'no-metrics',
            reason: gone
              ? `job ${at.jobId} is no longer known to ${at.url}`
              : `the JobManager at ${at.url} could not be read ${failures} times in a row: ${message}`,
          });
        }
        ctx.log.info(`health gate: read of job ${at.jobId} failed (${message}); trying again`);
        await ctx.clock.sleep(intervalMs, ctx.signal);
        continue;
      }
      const ev = evaluateRest({
        samples,
        thresholds: common.thresholds,
        ...(req.baseline.checkpointDurationMs !== undefined
          ? { baselineCheckpointDurationMs: req.baseline.checkpointDurationMs }
          : {}),
        startedAt,
        now,
        stabilisationMs: settings.stabilisationMs,
        bakeMs: settings.bakeMs,
        ...(req.landed.checkpointIntervalMs !== undefined
          ? { checkpointIntervalMs: req.landed.checkpointIntervalMs }
          : {}),
      });
      const f = ev.figures;
      const verdictText =
        ev.verdict.state === 'unhealthy'
          ? `UNHEALTHY: ${ev.verdict.reason}`
          : ev.verdict.state === 'healthy'
            ? 'healthy'
            : now - startedAt < settings.stabilisationMs
              ? 'stabilising'
              : 'healthy so far';
      ctx.log.info(
        neutraliseCommands(
          `${gatePosition(now - startedAt, window.stabilisationMs, window.bakeMs)} job ${f.state ?? '?'}, restarts ${f.restarts}, ` +
            `checkpoints: ${f.completed} completed, ${f.failed} failed` +
            (f.lastCheckpointDurationMs !== undefined ? `, last ${f.lastCheckpointDurationMs} ms` : '') +
            `; ${verdictText}`,
        ),
      );
      if (ev.verdict.state === 'unhealthy') {
        return finish('unhealthy', {
          check: ev.verdict.check,
          reason: neutraliseCommands(ev.verdict.reason),
          ...(ev.seenAt !== undefined ? { decidedAt: ev.seenAt } : {}),
        });
      }
      if (ev.verdict.state === 'healthy') {
        return finish('healthy', {
          ...(ev.verdict.note ? { checkpointNote: ev.verdict.note } : {}),
        });
      }
      const left = startedAt + settings.stabilisationMs + settings.bakeMs - ctx.clock.now();
      await ctx.clock.sleep(Math.max(0, Math.min(intervalMs, left)), ctx.signal);
    }
  }
}
