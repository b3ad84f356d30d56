/**
 * The health gate, platform-neutral: a baseline before the update, then a bake window after it. Each poll
 * reads through the platform's HealthReader (reader.ts; MSF's: src/msf/health/reader.ts) — the
 * application itself, the live view of the job, the metrics — and the pure evaluators (evaluate.ts,
 * rest-evaluate.ts) judge. What one reading of the application means (watchStep) and the search for
 * metrics published elsewhere (relocateMetrics) are functions of their own, outside the loop.
 */
import { describeError, isTransient } from '../aws/errors.js';
import { WaitAbortedError } from '../wait.js';
import type { Baseline, GateCheck, GateResult, GateSource, HealthSettings } from './contract.js';
import { evaluateRest, type RestEvaluation } from './rest-evaluate.js';
import type { RestSample } from './rest-sample.js';
import {
  evaluate,
  formatNumber,
  formatSpan,
  median,
  progressLine,
  type Evaluation,
  type Excuse,
  type Series,
  type Verdict,
} from './evaluate.js';
import type { MetricNames, MetricRole } from './metric-roles.js';
import {
  LiveUnavailable,
  type GateDeps,
  type GateWatch,
  type GateWords,
  type HealthReader,
  type LiveView,
  type MetricDimensions,
  type MetricPlacement,
} from './reader.js';
import { alignDown, alignUp, mergeSeries } from './series.js';

export type { GateWatch };

export const DEFAULT_BASELINE_PERIODS = 10;
/** Poll interval bounds (clock ms): one poll per metric period, within these. */
export const MIN_POLL_MS = 1_000;
export const MAX_POLL_MS = 5 * 60_000;
/** Periods re-read at each poll, so late datapoints are picked up. */
const REREAD_PERIODS = 3;

export function pollIntervalMs(periodSeconds: number): number {
  return Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, periodSeconds * 1000));
}

/** Reads the last `baselinePeriods` periods of the application's metrics before the update. */
export async function takeBaseline(
  reader: HealthReader,
  deps: GateDeps,
  req: { application: string; runtime: string; settings: HealthSettings },
): Promise<Baseline> {
  const { settings } = req;
  const periodMs = settings.metricPeriodSeconds * 1000;
  const periods = settings.baselinePeriods ?? DEFAULT_BASELINE_PERIODS;
  const now = deps.clock.now();
  const to = alignUp(now, periodMs);
  const from = alignDown(now - periods * periodMs, periodMs);
  let names: MetricNames;
  let series: Series;
  try {
    ({ names } = await reader.resolveNames(deps, req.application, req.runtime));
    series = await reader.readMetrics(deps, {
      application: req.application,
      names,
      dimensions: {},
      periodSeconds: settings.metricPeriodSeconds,
      start: from,
      end: to,
    });
  } catch (err) {
    throw reader.baselineError(req.application, err);
  }
  const values = (name: string | undefined): number[] => (name ? (series[name] ?? []).map((p) => p.v) : []);
  const checkpointDurationMs = median(values(names.checkpointDuration).filter((v) => v > 0));
  const recordsInPerSecond = median(values(names.recordsIn).filter((v) => v >= 0));
  const recordsOutPerSecond = median(values(names.recordsOut).filter((v) => v >= 0));
  const notes: string[] = [];
  const empty = Object.entries(series)
    .filter(([, points]) => points.length === 0)
    .map(([name]) => name);
  if (empty.length === Object.keys(series).length) {
    notes.push(
      `no datapoints in the ${periods} periods before the update: checkpoint duration and throughput are not compared`,
    );
  } else if (checkpointDurationMs === undefined) {
    notes.push(
      `no ${names.checkpointDuration ?? 'lastCheckpointDuration'} datapoints: checkpoint duration is not compared`,
    );
  }
  const baseline: Baseline = {
    application: req.application,
    runtime: req.runtime,
    series,
    metricNames: { ...names },
    periodSeconds: settings.metricPeriodSeconds,
    from,
    to,
    ...(checkpointDurationMs !== undefined ? { checkpointDurationMs } : {}),
    ...(recordsInPerSecond !== undefined ? { recordsInPerSecond } : {}),
    ...(recordsOutPerSecond !== undefined ? { recordsOutPerSecond } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
  const figures = [
    checkpointDurationMs !== undefined
      ? `${names.checkpointDuration} ${formatNumber(checkpointDurationMs)} ms`
      : undefined,
    recordsInPerSecond !== undefined ? `${names.recordsIn} ${formatNumber(recordsInPerSecond)}/s` : undefined,
    recordsOutPerSecond !== undefined
      ? `${names.recordsOut} ${formatNumber(recordsOutPerSecond)}/s`
      : undefined,
  ].filter(Boolean);
  deps.log.info(
    `health gate baseline of ${req.application} (${req.runtime}, last ${periods} periods of ${settings.metricPeriodSeconds}s): ` +
      (figures.length > 0 ? figures.join(', ') : 'no figures'),
  );
  for (const note of notes) deps.log.warn(`health gate baseline of ${req.application}: ${note}`);
  return baseline;
}

/** Why checkpoint completion is (not) required in this window, and whether it is. */
export function checkpointRequirement(
  settings: Pick<HealthSettings, 'requireCheckpoint' | 'stabilisationMs' | 'bakeMs'>,
  intervalMs: number | undefined,
  known: boolean,
): { required: boolean; note?: string } {
  if (!settings.requireCheckpoint) return { required: false };
  if (!known) return { required: true };
  if (intervalMs === undefined) {
    return {
      required: false,
      note: 'checkpointing is off for the application: checkpoint completion is not required',
    };
  }
  const windowMs = settings.stabilisationMs + settings.bakeMs;
  if (windowMs < 2 * intervalMs) {
    return {
      required: false,
      note:
        `the bake (${formatSpan(windowMs)} with the stabilisation) is shorter than two checkpoint intervals ` +
        `(${formatSpan(intervalMs)} each): checkpoint completion is not required; raise bake-time to at least ` +
        `${formatSpan(Math.max(0, 2 * intervalMs - settings.stabilisationMs))} to see checkpoints`,
    };
  }
  return {
    required: true,
    note: `a checkpoint must complete (checkpoint interval ${formatSpan(intervalMs)})`,
  };
}

/**
 * What the plan says the gate reads, until the run asks its platform (MSF's words; MsfTarget's health
 * describes the same through describeGate with its own).
 */
const DEFAULT_GATE_SOURCES = {
  metrics: 'CloudWatch',
  liveAndMetrics: "Flink's REST API through the MSF dashboard, CloudWatch as the second opinion",
};

/** The health gate as the plan states it. */
export function describeGate(
  settings: HealthSettings,
  checkpointIntervalMs: number | undefined,
  words: { metrics: string; liveAndMetrics: string } = DEFAULT_GATE_SOURCES,
): string {
  if (settings.bakeMs <= 0) return 'health gate: none (bake-time 0)';
  const cp = checkpointRequirement(settings, checkpointIntervalMs, true);
  return (
    `health gate: bake ${formatSpan(settings.bakeMs)} after ${formatSpan(settings.stabilisationMs)}, ` +
    (settings.dashboard === 'off' ? words.metrics : words.liveAndMetrics) +
    ` (${words.metrics} datapoints expected within ${formatSpan(settings.metricsLagMs ?? 3 * settings.metricPeriodSeconds * 1000)})` +
    (cp.note ? `; ${cp.note}` : '')
  );
}

/**
 * Waits `stabilisationMs`, then watches the application for `bakeMs`: Flink's REST API through the
 * dashboard when it can be had (real time: it decides; every `livePollMs`), CloudWatch (lagging: the
 * second opinion, and the fallback; once per metric period), and the application's status and version
 * (maintenance and autoscaling are reported, not rolled back; a version this run did not make stops the
 * gate; every period with CloudWatch alone, with the dashboard when a verdict rests on it).
 * Returns as soon as a condition trips. Throws WaitAbortedError when the signal aborts.
 */
export interface BakeRequest {
  application: string;
  runtime: string;
  baseline: Baseline;
  settings: HealthSettings;
  deadline: number;
  /** the application as the update left it; without it the gate reads CloudWatch alone */
  watch?: GateWatch;
  landed?: { versionId: number; runtime: string; fileKey?: string };
  /** the application's checkpoint interval (undefined: checkpointing off); see checkpointIntervalKnown */
  checkpointIntervalMs?: number;
  checkpointIntervalKnown?: boolean;
}

export async function runGate(reader: HealthReader, deps: GateDeps, req: BakeRequest): Promise<GateResult> {
  const { clock, log, signal } = deps;
  const words = reader.words;
  const { settings, application } = req;
  const startedAt = clock.now();
  const requirement = checkpointRequirement(
    settings,
    req.checkpointIntervalMs,
    req.checkpointIntervalKnown ?? false,
  );
  const thresholds = {
    maxRestarts: settings.maxRestarts,
    maxFailedCheckpoints: settings.maxFailedCheckpoints,
    requireCheckpoint: requirement.required,
    maxCheckpointDurationRatio: settings.maxCheckpointDurationRatio,
  };
  const common = {
    baseline: req.baseline,
    startedAt,
    periodSeconds: settings.metricPeriodSeconds,
    stabilisationMs: settings.stabilisationMs,
    bakeMs: settings.bakeMs,
    thresholds,
    ...(requirement.note ? { checkpointNote: requirement.note } : {}),
  };
  if (settings.bakeMs <= 0) {
    return {
      ...common,
      verdict: 'skipped',
      reason: 'bake time is 0: the health gate was skipped',
      series: {},
      endedAt: startedAt,
    };
  }

  const periodMs = settings.metricPeriodSeconds * 1000;
  const lagMs = settings.metricsLagMs ?? 3 * periodMs;
  const windowMs = settings.stabilisationMs + settings.bakeMs;
  const windowEnd = startedAt + windowMs;
  const interval = pollIntervalMs(settings.metricPeriodSeconds);
  /** the live view's poll: the run's poll interval, at most one metric period */
  const livePollMs = Math.min(interval, Math.max(MIN_POLL_MS, settings.livePollMs ?? interval));
  // Datapoints of periods that began before the new version ran may mix in the old job's samples.
  const dataStart = alignUp(startedAt, periodMs);

  let dashboard: LiveView | undefined =
    settings.dashboard !== 'off' && req.watch ? reader.live(deps, application) : undefined;
  let sourceNote: string | undefined = settings.dashboard === 'off' ? words.liveOff : undefined;
  const refuseDashboard = (err: unknown): void => {
    dashboard = undefined;
    sourceNote = `${words.live} is not available: ${describeError(err)}; ${words.metrics} alone decides`;
    log.warn(`health gate for ${application}: ${sourceNote}`);
  };

  let names: MetricNames;
  const [resolved, opened] = await Promise.allSettled([
    reader.resolveNames(deps, application, req.runtime),
    dashboard ? dashboard.prepare() : Promise.resolve(),
  ]);
  if (resolved.status === 'fulfilled') names = resolved.value.names;
  else {
    names = { ...reader.fallbackNames };
    log.warn(words.discoveryFailed(application, describeError(resolved.reason)));
  }
  if (opened.status === 'rejected' && opened.reason instanceof LiveUnavailable && opened.reason.final) {
    refuseDashboard(opened.reason);
  }
  log.info(
    `health gate for ${application} on ${req.runtime}: stabilise ${formatSpan(settings.stabilisationMs)}, bake ${formatSpan(settings.bakeMs)}, ` +
      (dashboard && livePollMs < interval
        ? `poll ${words.live} every ${formatSpan(livePollMs)}, ${words.metrics} every ${formatSpan(interval)}; `
        : `poll every ${formatSpan(interval)}; `) +
      `${words.metrics} ${Object.values(names).join(', ')} (datapoints expected within ${formatSpan(lagMs)})` +
      (requirement.note ? `; ${requirement.note}` : ''),
  );
  if (windowEnd > req.deadline) {
    log.warn(
      `health gate for ${application}: the run deadline comes ${formatSpan(windowEnd - req.deadline)} before the bake ends; ` +
        `the gate will fail at the deadline unless something trips first`,
    );
  }

  let series: Series = {};
  let dimensions: MetricDimensions = {};
  const relocated = new Set<MetricRole>();
  let rereadFromStart = false;
  let polls = 0;
  let lastError: string | undefined;
  /** the last read failed with throttling or another transient error: missing data is unknown, not absent */
  let lastReadTransient = false;
  /** clock ms at which the last successful CloudWatch read started: what the data are fresh as of */
  let freshAt = startedAt;
  let ev: Evaluation | undefined;

  let watched: WatchState = {
    excused: [],
    events: [],
    ...(req.landed ? { currentVersion: req.landed.versionId } : {}),
  };
  // the excuses and events as of the last step (the arrays the evaluators and the result read)
  let excused: Excuse[] = watched.excused;
  const events = (): string[] => watched.events;
  let lastPollAt = startedAt;
  let operationsListedFor = -1;

  const restSamples: RestSample[] = [];
  let restOk: boolean;
  let rest: RestEvaluation | undefined;

  const result = (
    verdict: GateResult['verdict'],
    reason: string | undefined,
    check: GateCheck | undefined,
    source: GateSource,
  ): GateResult => ({
    ...common,
    verdict,
    ...(reason ? { reason } : {}),
    ...(check ? { check } : {}),
    series,
    metricNames: { ...names },
    endedAt: clock.now(),
    // as of the data that decided
    decidedAt:
      source === 'flink-rest' && restSamples.length > 0 ? restSamples[restSamples.length - 1]!.at : freshAt,
    polls,
    source,
    ...(sourceNote ? { sourceNote } : {}),
    ...(events().length > 0 ? { events: [...events()] } : {}),
    ...(watched.autoscaledVersionId !== undefined
      ? { autoscaledVersionId: watched.autoscaledVersionId }
      : {}),
    ...(excusedCount() > 0 ? { excusedRestarts: excusedCount() } : {}),
    ...(rest
      ? {
          rest: {
            restarts: rest.figures.restarts,
            completed: rest.figures.completed,
            failed: rest.figures.failed,
            ...(rest.figures.state ? { state: rest.figures.state } : {}),
            ...(rest.figures.rootException ? { rootException: rest.figures.rootException } : {}),
            ...(rest.figures.lastCheckpointDurationMs !== undefined
              ? { lastCheckpointDurationMs: rest.figures.lastCheckpointDurationMs }
              : {}),
          },
        }
      : {}),
  });
  const excusedCount = (): number =>
    Math.max(rest?.figures.excusedRestarts ?? 0, ev?.figures.excusedRestarts ?? 0);

  /** Roles of a proposed relocation that do have datapoints in the window (one read). */
  const probeRelocation = async (moved: MetricPlacement & { roles: MetricRole[] }): Promise<MetricRole[]> => {
    try {
      const probe = await reader.readMetrics(deps, {
        application,
        names: moved.names,
        dimensions: moved.dimensions,
        periodSeconds: settings.metricPeriodSeconds,
        start: dataStart,
        end: alignDown(clock.now(), periodMs) + periodMs,
      });
      return moved.roles.filter((role) => (probe[moved.names[role]!] ?? []).length > 0);
    } catch {
      return [];
    }
  };

  /** The platform's own (maintenance) operations become excused ranges (read once per new restart count). */
  const excuseMaintenance = async (restartsSeen: number): Promise<boolean> => {
    if (!req.watch || restartsSeen <= operationsListedFor) return false;
    operationsListedFor = restartsSeen;
    let added = false;
    try {
      for (const op of await req.watch.listOperations()) {
        if (!reader.ownOperation(op.operation) || op.startTime === undefined) continue;
        const to = (op.endTime ?? clock.now()) + periodMs;
        if (op.startTime > clock.now() || (op.endTime ?? Infinity) < startedAt) continue;
        if (excused.some((e) => e.what === `maintenance ${op.startTime}`)) continue;
        excused.push({ from: op.startTime - periodMs, to, what: `maintenance ${op.startTime}` });
        events().push(words.maintenance(formatSpan(op.startTime - startedAt), op.status));
        log.warn(`health gate for ${application}: ${events()[events().length - 1]}`);
        added = true;
      }
    } catch (err) {
      log.warn(`health gate for ${application}: ${words.operationsCall} failed (${describeError(err)})`);
    }
    return added;
  };

  const judge = (): { cw: Evaluation; rest?: RestEvaluation } => {
    const cw = evaluate({
      names,
      series,
      baseline: req.baseline,
      thresholds,
      startedAt,
      now: freshAt,
      stabilisationMs: settings.stabilisationMs,
      bakeMs: settings.bakeMs,
      periodMs,
      lagMs,
      ...(req.checkpointIntervalMs !== undefined ? { checkpointIntervalMs: req.checkpointIntervalMs } : {}),
      excused,
      application,
      region: reader.region,
    });
    const r =
      restSamples.length > 0
        ? evaluateRest({
            samples: restSamples,
            thresholds,
            ...(req.baseline.checkpointDurationMs !== undefined
              ? { baselineCheckpointDurationMs: req.baseline.checkpointDurationMs }
              : {}),
            startedAt,
            // judged as of the last read, not the clock after a slow one
            now: restSamples[restSamples.length - 1]!.at,
            stabilisationMs: settings.stabilisationMs,
            bakeMs: settings.bakeMs,
            ...(req.checkpointIntervalMs !== undefined
              ? { checkpointIntervalMs: req.checkpointIntervalMs }
              : {}),
            excused,
          })
        : undefined;
    return { cw, ...(r ? { rest: r } : {}) };
  };

  /** clock ms from which the next poll reads the metrics (once per metric period) */
  let metricsDueAt = startedAt;
  /** the live view did not answer at the last poll: the application is read at once */
  let liveMissed = false;
  /** the run read the application as the update left it right before the gate (`landed`) */
  let seenAtStart = req.landed !== undefined;

  /** One reading of the application, and what it changes (pause, autoscaling, another version). */
  const watchApplication = (
    app: Awaited<ReturnType<GateWatch['describe']>>,
    pollAt: number,
  ): string | undefined => {
    const step = watchStep(watched, app, {
      pollAt,
      // the application was last seen at lastPollAt: a pause may have begun any time since
      lastPollAt,
      startedAt,
      periodMs,
      ...(req.landed ? { landed: req.landed } : {}),
      paused: reader.pausedStatus(app.status),
      words,
    });
    watched = step.state;
    excused = watched.excused;
    lastPollAt = pollAt;
    for (const line of step.logged) log.warn(`health gate for ${application}: ${line}`);
    return step.superseded;
  };

  for (;;) {
    if (signal.aborted)
      throw new WaitAbortedError(`the health gate of ${application}`, ev ? verdictText(ev) : undefined);
    const pollAt = clock.now();
    const live =
      dashboard && (watched.status === undefined || watched.status === 'RUNNING') ? dashboard : undefined;
    // With the live view, Flink's REST API is read at the run's poll interval (it has no lag); the
    // metrics, which change once per period, once per period; the application itself (DescribeApplication)
    // only when it matters: while it is paused, after the live view missed, and before a verdict that
    // rests on it (below). Any other version of the application runs a new job, which the live view shows
    // as a restart at once. With CloudWatch alone, everything once per period, as before.
    const step = live ? livePollMs : interval;
    const nextPollAt = pollAt + step;
    const readMetricsNow = !live || rereadFromStart || pollAt >= metricsDueAt;
    if (readMetricsNow) metricsDueAt = pollAt + interval - Math.min(step, interval) / 2;
    const describeNow =
      req.watch !== undefined && (!live || !seenAtStart || watched.openExcuse !== undefined || liveMissed);
    seenAtStart = true;

    const lastSeen = Math.max(
      dataStart,
      ...Object.values(series).map((points) => points[points.length - 1]?.t ?? 0),
    );
    const readFrom = rereadFromStart ? dataStart : Math.max(dataStart, lastSeen - REREAD_PERIODS * periodMs);
    rereadFromStart = false;
    const { described, sampled, read } = await readPoll(reader, deps, {
      application,
      ...(describeNow ? { watch: req.watch } : {}),
      ...(live ? { live } : {}),
      placement: { names, dimensions },
      periodSeconds: settings.metricPeriodSeconds,
      start: readFrom,
      end: readMetricsNow ? alignDown(pollAt, periodMs) + periodMs : readFrom,
    });
    if (signal.aborted)
      throw new WaitAbortedError(`the health gate of ${application}`, ev ? verdictText(ev) : undefined);

    if (described.status === 'rejected') {
      log.warn(
        `health gate for ${application}: ${words.describeCall} failed (${describeError(described.reason)})`,
      );
    } else if (described.value) {
      const superseded = watchApplication(described.value, pollAt);
      if (superseded) return result('superseded', superseded, 'superseded', 'cloudwatch');
    }

    restOk = false;
    liveMissed = live !== undefined && !(sampled.status === 'fulfilled' && sampled.value);
    if (sampled.status === 'fulfilled' && sampled.value) {
      restSamples.push(sampled.value);
      restOk = true;
    } else if (sampled.status === 'rejected') {
      const err = sampled.reason as unknown;
      const text = describeError(err);
      if (err instanceof LiveUnavailable && err.final) refuseDashboard(err);
      else {
        log.info(
          `health gate for ${application}: ${words.live} did not answer (${text}); ${words.metrics} decides this poll`,
        );
      }
    }

    if (!readMetricsNow) {
      // not this poll: the metrics read earlier in this period stand
    } else if (read.status === 'fulfilled') {
      if (read.value) {
        polls += 1;
        series = mergeSeries(series, read.value);
      }
      freshAt = pollAt;
      lastError = undefined;
      lastReadTransient = false;
    } else {
      lastError = describeError(read.reason);
      lastReadTransient = isTransient(read.reason);
      // A refusal (AccessDenied, a validation error) is an answer: the data stay missing. Only a transient
      // failure (throttling, 5xx, a slow or dropped read) leaves them unknown rather than absent.
      if (!lastReadTransient) freshAt = pollAt;
      log.warn(`health gate for ${application}: reading metrics failed: ${lastError}`);
    }
    let judged = judge();
    // An unhealthy verdict, or one CloudWatch gives without the live view this poll, is given only on a
    // fresh reading of the application: a restart may be the platform's (a pause, an autoscale), and a
    // version this run did not make stops the gate.
    const unhealthy = (e: { verdict: Verdict } | undefined): boolean => e?.verdict.state === 'unhealthy';
    const needsWatch =
      unhealthy(judged.cw) || unhealthy(judged.rest) || (!restOk && judged.cw.verdict.state === 'healthy');
    if (!describeNow && req.watch && needsWatch) {
      try {
        const superseded = watchApplication(await req.watch.describe(), pollAt);
        if (superseded) return result('superseded', superseded, 'superseded', 'cloudwatch');
        judged = judge();
      } catch (err) {
        log.warn(`health gate for ${application}: ${words.describeCall} failed (${describeError(err)})`);
      }
    }
    // Restarts may be MSF's maintenance: look at its operations once per new restart count.
    const restartsSeen = Math.max(
      judged.rest?.figures.restarts ?? 0,
      judged.cw.figures.restarts?.increase ?? 0,
      judged.cw.figures.runningTimeResets,
    );
    const restartVerdict = (e: { verdict: Verdict } | undefined): boolean =>
      e?.verdict.state === 'unhealthy' &&
      (e.verdict.check === 'restarts' || e.verdict.check === 'running-time');
    if (
      (restartVerdict(judged.cw) || restartVerdict(judged.rest)) &&
      (await excuseMaintenance(restartsSeen))
    ) {
      judged = judge();
    }
    ev = judged.cw;
    rest = judged.rest;
    const at = clock.now();
    const restDecides = dashboard !== undefined && restOk && rest !== undefined;

    // Datapoints a throttled read could not fetch are not missing: read again before judging "no metrics"
    // (until the window ends; the next successful read fetches every period since the last one seen).
    const unread =
      ev.verdict.state === 'unhealthy' &&
      ev.verdict.check === 'no-metrics' &&
      lastReadTransient &&
      !ev.final &&
      at < windowEnd + lagMs;
    const restLine = rest ? restProgress(rest) : '';
    if (restDecides && rest!.verdict.state === 'unhealthy') {
      const v = rest!.verdict;
      log.info(
        progressLine(ev, at - startedAt, common, names, `Flink REST ${restLine}; UNHEALTHY: ${v.reason}`),
      );
      return result('unhealthy', v.reason, v.check, 'flink-rest');
    }
    // With Flink's REST API deciding, CloudWatch still decides what only it sees: throughput, and metrics
    // that vanished (the operators' alarms read them).
    const cwDecides =
      ev.verdict.state === 'unhealthy' &&
      !unread &&
      (!restDecides || ev.verdict.check === 'throughput' || ev.verdict.check === 'no-metrics');
    if (cwDecides && ev.verdict.state === 'unhealthy') {
      let reason = ev.verdict.reason;
      if (ev.verdict.check === 'no-metrics') {
        const found = await relocateMetrics(reader, deps, {
          application,
          runtime: req.runtime,
          placement: { names, dimensions },
          tried: relocated,
          lastError,
          probe: probeRelocation,
        });
        if (found.placement) {
          for (const line of found.logged) log.warn(`health gate for ${application}: ${line}`);
          ({ names, dimensions } = found.placement);
          rereadFromStart = true;
          continue;
        }
        reason += found.evidence;
      }
      log.info(progressLine(ev, at - startedAt, common, names));
      return result('unhealthy', reason, ev.verdict.check, 'cloudwatch');
    }
    if (restDecides) {
      const r = rest!;
      if (ev.verdict.state === 'unhealthy' && !unread) {
        log.warn(
          `health gate for ${application}: ${words.metrics} says ${ev.verdict.reason}, but Flink's REST API (exact, no lag) says ${restLine}: Flink REST decides`,
        );
      }
      log.info(
        progressLine(
          ev,
          at - startedAt,
          common,
          names,
          `Flink REST ${restLine}; ${r.verdict.state === 'healthy' ? 'healthy' : 'healthy so far'}`,
        ),
      );
      if (r.verdict.state === 'healthy' && lastError !== undefined && !lastReadTransient) {
        // The job is fine, but CloudWatch refuses its metrics: the alarms that watch it cannot work either.
        return result('unhealthy', words.refused(lastError, restLine), 'no-metrics', 'cloudwatch');
      }
      if (r.verdict.state === 'healthy') {
        return result(
          'healthy',
          r.verdict.note ?? `no condition tripped in ${formatSpan(at - startedAt)} (Flink REST: ${restLine})`,
          undefined,
          'flink-rest',
        );
      }
    } else {
      log.info(
        progressLine(
          ev,
          at - startedAt,
          common,
          names,
          unread || (lastError !== undefined && ev.verdict.state !== 'unhealthy')
            ? `not judged: the last read failed (${lastError}); reading again`
            : undefined,
        ),
      );
      if (ev.verdict.state === 'healthy') {
        return result(
          'healthy',
          ev.verdict.note ?? `no condition tripped in ${formatSpan(at - startedAt)}`,
          undefined,
          'cloudwatch',
        );
      }
    }
    if (at >= req.deadline) {
      return result(
        'unhealthy',
        `the run deadline cut the bake short after ${formatSpan(at - startedAt)} of ${formatSpan(windowMs)} ` +
          `(healthy so far, but an unfinished bake is not a pass: raise the timeout or shorten bake-time)`,
        'deadline',
        restDecides ? 'flink-rest' : 'cloudwatch',
      );
    }
    // After the window, CloudWatch alone waits for its last datapoints (at most the expected lag).
    const until = restDecides ? windowEnd : windowEnd + lagMs + periodMs;
    const sleepMs = Math.max(1, Math.min(nextPollAt - at, Math.max(until - at, 1), req.deadline - at));
    try {
      await clock.sleep(sleepMs, signal);
    } catch {
      throw new WaitAbortedError(`the health gate of ${application}`, verdictText(ev));
    }
  }
}

function restProgress(r: RestEvaluation): string {
  const f = r.figures;
  return (
    `job ${f.state ?? '?'}, restarts ${f.restarts}${f.excusedRestarts > 0 ? ` (+${f.excusedRestarts} excused)` : ''}, ` +
    `checkpoints ${f.completed} completed ${f.failed} failed` +
    (f.lastCheckpointDurationMs !== undefined ? `, last ${formatNumber(f.lastCheckpointDurationMs)} ms` : '')
  );
}

function verdictText(ev: Evaluation): string {
  return ev.verdict.state === 'unhealthy' ? `unhealthy: ${ev.verdict.reason}` : ev.verdict.state;
}

/** What the gate keeps of the application between polls: the excuses it opened, its version, its status. */
export interface WatchState {
  excused: Excuse[];
  events: string[];
  /** index in `excused` of the range the application's current pause (maintenance, autoscaling) opened */
  openExcuse?: number;
  currentVersion?: number;
  autoscaledVersionId?: number;
  /** the application's status at the last poll */
  status?: string;
}

/**
 * One reading of the application (pure): a pause the platform entered opens an excused range (its job
 * restart is reported, not rolled back) and leaving it closes the range; another version of the same
 * release (the platform scaled it) is excused too; a version of another release supersedes the bake.
 */
export function watchStep(
  state: WatchState,
  app: { status: string; versionId: number; runtime: string; fileKey?: string },
  at: {
    pollAt: number;
    lastPollAt: number;
    startedAt: number;
    periodMs: number;
    landed?: { runtime: string; fileKey?: string };
    /** the status is one in which the platform restarts the job by itself */
    paused: boolean;
    words: Pick<GateWords, 'scaled'>;
  },
): { state: WatchState; logged: string[]; superseded?: string } {
  const excused = [...state.excused];
  const events = [...state.events];
  const logged: string[] = [];
  let { openExcuse, currentVersion, autoscaledVersionId } = state;
  if (at.paused) {
    if (openExcuse === undefined) {
      excused.push({ from: at.lastPollAt - at.periodMs, to: Infinity, what: app.status });
      openExcuse = excused.length - 1;
      events.push(
        `the application entered ${app.status} at about ${formatSpan(at.pollAt - at.startedAt)} into the bake: the job restart it causes is reported, not rolled back`,
      );
      logged.push(events[events.length - 1]!);
    }
  } else if (openExcuse !== undefined) {
    // the restart shows in the new job's first datapoints (one may be missing)
    excused[openExcuse] = { ...excused[openExcuse]!, to: at.pollAt + 2 * at.periodMs };
    openExcuse = undefined;
  }
  const next = (): WatchState => ({
    excused,
    events,
    status: app.status,
    ...(openExcuse !== undefined ? { openExcuse } : {}),
    ...(currentVersion !== undefined ? { currentVersion } : {}),
    ...(autoscaledVersionId !== undefined ? { autoscaledVersionId } : {}),
  });
  if (currentVersion !== undefined && app.versionId !== currentVersion) {
    const sameRelease =
      !at.landed || (app.runtime === at.landed.runtime && app.fileKey === at.landed.fileKey);
    if (!sameRelease) {
      return {
        state: next(),
        logged,
        superseded:
          `superseded by application version ${app.versionId} (${app.runtime}${app.fileKey ? `, ${app.fileKey}` : ''}), ` +
          `which this run did not deploy: the gate stops and nothing is rolled back`,
      };
    }
    excused.push({ from: at.lastPollAt - at.periodMs, to: at.pollAt + 2 * at.periodMs, what: 'autoscaling' });
    events.push(at.words.scaled(currentVersion, app.versionId));
    logged.push(events[events.length - 1]!);
    currentVersion = app.versionId;
    autoscaledVersionId = app.versionId;
  }
  return { state: next(), logged };
}

/**
 * One poll's three reads at once, so a slow one does not age the others: the application itself
 * (maintenance, autoscaling, somebody else's version), the live view in real time while the application
 * runs, and the metrics (fresh as of the start of their read; none when the window is empty).
 */
export async function readPoll(
  reader: HealthReader,
  deps: GateDeps,
  req: {
    application: string;
    watch?: GateWatch;
    live?: LiveView;
    placement: MetricPlacement;
    periodSeconds: number;
    start: number;
    end: number;
  },
): Promise<{
  described: PromiseSettledResult<Awaited<ReturnType<GateWatch['describe']>> | undefined>;
  sampled: PromiseSettledResult<RestSample | undefined>;
  read: PromiseSettledResult<Series | undefined>;
}> {
  const restAt = deps.clock.now();
  const [described, sampled, read] = await Promise.allSettled([
    req.watch ? req.watch.describe() : Promise.resolve(undefined),
    req.live ? req.live.sample(restAt) : Promise.resolve(undefined),
    req.start < req.end
      ? reader.readMetrics(deps, {
          application: req.application,
          ...req.placement,
          periodSeconds: req.periodSeconds,
          start: req.start,
          end: req.end,
        })
      : Promise.resolve(undefined),
  ]);
  return { described, sampled, read };
}

/**
 * Required metrics without datapoints may be published elsewhere: asks the platform where (once per
 * role), keeps the roles a probe read finds datapoints for. The new placement, or the evidence to append
 * to the "no metrics" reason.
 */
export async function relocateMetrics(
  reader: HealthReader,
  deps: GateDeps,
  req: {
    application: string;
    runtime: string;
    placement: MetricPlacement;
    tried: Set<MetricRole>;
    lastError: string | undefined;
    probe: (moved: MetricPlacement & { roles: MetricRole[] }) => Promise<MetricRole[]>;
  },
): Promise<{ placement?: MetricPlacement; logged: string[]; evidence: string }> {
  const { moved, evidence } = await reader.relocate(deps, {
    application: req.application,
    runtime: req.runtime,
    ...req.placement,
    tried: req.tried,
    lastError: req.lastError,
  });
  const accepted = moved ? await req.probe(moved) : [];
  if (!moved || accepted.length === 0) return { logged: [], evidence: evidence() };
  return { ...adoptRelocation(req.placement, moved, accepted), evidence: '' };
}

/** The placement with the accepted roles moved (pure), and a line per role. */
export function adoptRelocation(
  current: MetricPlacement,
  moved: MetricPlacement & { notes: Partial<Record<MetricRole, string>> },
  accepted: readonly MetricRole[],
): { placement: MetricPlacement; logged: string[] } {
  const names: MetricNames = { ...current.names };
  const dimensions: MetricDimensions = { ...current.dimensions };
  const logged: string[] = [];
  for (const role of accepted) {
    logged.push(moved.notes[role]!);
    names[role] = moved.names[role]!;
    if (moved.dimensions[role]) dimensions[role] = moved.dimensions[role];
    else delete dimensions[role];
  }
  return { placement: { names, dimensions }, logged };
}
