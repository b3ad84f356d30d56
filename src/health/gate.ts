/**
 * The health gate: a baseline before the update, then a bake window after it, read from CloudWatch
 * (one GetMetricData call per poll) and judged by the pure evaluator in evaluate.ts.
 */
import { describeError, isTransient } from '../aws/errors.js';
import type { PhaseDeps } from '../pipeline/deps.js';
import { WaitAbortedError } from '../wait.js';
import type { Baseline, GateCheck, GateResult, GateSource, HealthSettings } from './contract.js';
import { DashboardUnavailable, FlinkDashboard, type RestSample } from './dashboard.js';
import { evaluateRest, type RestEvaluation } from './rest-evaluate.js';
import {
  alignDown,
  alignUp,
  listMetrics,
  locateMetric,
  mergeSeries,
  readMetrics,
  type Dimension,
  type ListedMetric,
  type MetricDimensions,
} from './cloudwatch.js';
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
import {
  APPLICATION_DIMENSION,
  candidatesFor,
  REQUIRED_ROLES,
  metricNamesFor,
  namesFromListing,
  type MetricNames,
  type MetricRole,
} from './metrics.js';

export const DEFAULT_BASELINE_PERIODS = 10;
/** Poll interval bounds (clock ms): one poll per metric period, within these. */
export const MIN_POLL_MS = 1_000;
export const MAX_POLL_MS = 5 * 60_000;
/** Periods re-read at each poll, so late datapoints are picked up. */
const REREAD_PERIODS = 3;

export function pollIntervalMs(periodSeconds: number): number {
  return Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, periodSeconds * 1000));
}

/**
 * The metric names for a runtime: the table for known FLINK-* runtimes, otherwise what ListMetrics
 * lists for the application.
 */
export async function resolveMetricNames(
  deps: PhaseDeps,
  application: string,
  runtime: string,
): Promise<{ names: MetricNames; discovered: boolean }> {
  const known = metricNamesFor(runtime);
  if (known) return { names: known, discovered: false };
  const listed = [...new Set((await listMetrics(deps.clients, application, deps.signal)).map((m) => m.name))];
  deps.log.info(
    `health gate: runtime ${runtime} is not in the metric table; ListMetrics lists ${listed.length} metric(s) for ${application}`,
  );
  return { names: namesFromListing(listed), discovered: true };
}

function permissionHint(err: unknown): string {
  const text = describeError(err);
  return /AccessDenied|not authorized|UnrecognizedClient|InvalidClientTokenId/i.test(text)
    ? ' The role needs cloudwatch:GetMetricData and cloudwatch:ListMetrics.'
    : '';
}

/** Reads the last `baselinePeriods` periods of the application's metrics before the update. */
export async function takeBaseline(
  deps: PhaseDeps,
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
    ({ names } = await resolveMetricNames(deps, req.application, req.runtime));
    series = await readMetrics(deps.clients, {
      application: req.application,
      names,
      periodSeconds: settings.metricPeriodSeconds,
      start: from,
      end: to,
      signal: deps.signal,
    });
  } catch (err) {
    throw new Error(
      `health gate baseline of ${req.application}: reading CloudWatch metrics failed: ${describeError(err)}.` +
        permissionHint(err),
      { cause: err },
    );
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

/** What the gate reads of the application itself during the bake (one call per poll). */
export interface GateWatch {
  describe(): Promise<{ status: string; versionId: number; runtime: string; fileKey?: string }>;
  /** newest first */
  listOperations(): Promise<{ operation: string; status: string; startTime?: number; endTime?: number }[]>;
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

/** The health gate as the plan states it. */
export function describeGate(settings: HealthSettings, checkpointIntervalMs: number | undefined): string {
  if (settings.bakeMs <= 0) return 'health gate: none (bake-time 0)';
  const cp = checkpointRequirement(settings, checkpointIntervalMs, true);
  return (
    `health gate: bake ${formatSpan(settings.bakeMs)} after ${formatSpan(settings.stabilisationMs)}, ` +
    (settings.dashboard === 'off'
      ? 'CloudWatch'
      : "Flink's REST API through the MSF dashboard, CloudWatch as the second opinion") +
    ` (CloudWatch datapoints expected within ${formatSpan(settings.metricsLagMs ?? 3 * settings.metricPeriodSeconds * 1000)})` +
    (cp.note ? `; ${cp.note}` : '')
  );
}

/**
 * Waits `stabilisationMs`, then watches the application for `bakeMs`, polling once per metric period:
 * the application's status and version (maintenance and autoscaling are reported, not rolled back; a
 * version this run did not make stops the gate), Flink's REST API through the dashboard when it can be
 * had (real time: it decides), and CloudWatch (lagging: the second opinion, and the fallback).
 * Returns as soon as a condition trips. Throws WaitAbortedError when the signal aborts.
 */
export async function runHealthGate(
  deps: PhaseDeps,
  req: {
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
  },
): Promise<GateResult> {
  const { clock, log, signal } = deps;
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
  // Datapoints of periods that began before the new version ran may mix in the old job's samples.
  const dataStart = alignUp(startedAt, periodMs);

  let dashboard =
    settings.dashboard !== 'off' && req.watch
      ? new FlinkDashboard(deps.clients, application, signal)
      : undefined;
  let sourceNote: string | undefined =
    settings.dashboard === 'off' ? 'the Flink dashboard is off (flink-dashboard: off)' : undefined;
  const refuseDashboard = (err: unknown): void => {
    dashboard = undefined;
    sourceNote = `the Flink dashboard is not available: ${describeError(err)}; CloudWatch alone decides`;
    log.warn(`health gate for ${application}: ${sourceNote}`);
  };

  let names: MetricNames;
  const [resolved, opened] = await Promise.allSettled([
    resolveMetricNames(deps, application, req.runtime),
    dashboard ? dashboard.prepare() : Promise.resolve(),
  ]);
  if (resolved.status === 'fulfilled') names = resolved.value.names;
  else {
    names = metricNamesFor('FLINK-2_2')!;
    log.warn(
      `health gate: ListMetrics for ${application} failed (${describeError(resolved.reason)}); reading the Flink 2 metric names`,
    );
  }
  if (opened.status === 'rejected' && opened.reason instanceof DashboardUnavailable && opened.reason.final) {
    refuseDashboard(opened.reason);
  }
  log.info(
    `health gate for ${application} on ${req.runtime}: stabilise ${formatSpan(settings.stabilisationMs)}, bake ${formatSpan(settings.bakeMs)}, ` +
      `poll every ${formatSpan(interval)}; CloudWatch ${Object.values(names).join(', ')} (datapoints expected within ${formatSpan(lagMs)})` +
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
  let lastReadTransient: boolean;
  /** clock ms at which the last successful CloudWatch read started: what the data are fresh as of */
  let freshAt = startedAt;
  let ev: Evaluation | undefined;

  const excused: Excuse[] = [];
  const events: string[] = [];
  let openExcuse: Excuse | undefined;
  let lastPollAt = startedAt;
  let currentVersion = req.landed?.versionId;
  let autoscaledVersionId: number | undefined;
  let operationsListedFor = -1;
  /** the application's status at the last poll */
  let status: string | undefined;

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
    ...(events.length > 0 ? { events: [...events] } : {}),
    ...(autoscaledVersionId !== undefined ? { autoscaledVersionId } : {}),
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
  const probeRelocation = async (moved: NonNullable<ReturnType<typeof relocate>>): Promise<MetricRole[]> => {
    try {
      const probe = await readMetrics(deps.clients, {
        application,
        names: moved.names,
        dimensions: moved.dimensions,
        periodSeconds: settings.metricPeriodSeconds,
        start: dataStart,
        end: alignDown(clock.now(), periodMs) + periodMs,
        signal,
      });
      return moved.roles.filter((role) => (probe[moved.names[role]!] ?? []).length > 0);
    } catch {
      return [];
    }
  };

  /** Maintenance operations MSF lists become excused ranges (read once per new restart count). */
  const excuseMaintenance = async (restartsSeen: number): Promise<boolean> => {
    if (!req.watch || restartsSeen <= operationsListedFor) return false;
    operationsListedFor = restartsSeen;
    let added = false;
    try {
      for (const op of await req.watch.listOperations()) {
        if (op.operation !== 'Maintenance' || op.startTime === undefined) continue;
        const to = (op.endTime ?? clock.now()) + periodMs;
        if (op.startTime > clock.now() || (op.endTime ?? Infinity) < startedAt) continue;
        if (excused.some((e) => e.what === `maintenance ${op.startTime}`)) continue;
        excused.push({ from: op.startTime - periodMs, to, what: `maintenance ${op.startTime}` });
        events.push(
          `MSF maintenance at ${formatSpan(op.startTime - startedAt)} into the bake (operation Maintenance ${op.status}): its job restart is reported, not rolled back`,
        );
        log.warn(`health gate for ${application}: ${events[events.length - 1]}`);
        added = true;
      }
    } catch (err) {
      log.warn(`health gate for ${application}: ListApplicationOperations failed (${describeError(err)})`);
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
      region: deps.clients.region,
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

  for (;;) {
    if (signal.aborted)
      throw new WaitAbortedError(`the health gate of ${application}`, ev ? verdictText(ev) : undefined);
    const pollAt = clock.now();
    const nextPollAt = pollAt + interval;

    // Three reads at once, so a slow one does not age the others: the application itself (maintenance,
    // autoscaling, somebody else's version), Flink's REST API in real time while the application runs,
    // and CloudWatch (fresh as of the start of its read).
    const lastSeen = Math.max(
      dataStart,
      ...Object.values(series).map((points) => points[points.length - 1]?.t ?? 0),
    );
    const readFrom = rereadFromStart ? dataStart : Math.max(dataStart, lastSeen - REREAD_PERIODS * periodMs);
    rereadFromStart = false;
    const end = alignDown(pollAt, periodMs) + periodMs;
    const restAt = clock.now();
    const [described, sampled, read] = await Promise.allSettled([
      req.watch ? req.watch.describe() : Promise.resolve(undefined),
      dashboard && (status === undefined || status === 'RUNNING')
        ? dashboard.sample(restAt)
        : Promise.resolve(undefined),
      readFrom < end
        ? readMetrics(deps.clients, {
            application,
            names,
            dimensions,
            periodSeconds: settings.metricPeriodSeconds,
            start: readFrom,
            end,
            signal,
          })
        : Promise.resolve(undefined),
    ]);
    if (signal.aborted)
      throw new WaitAbortedError(`the health gate of ${application}`, ev ? verdictText(ev) : undefined);

    if (described.status === 'rejected') {
      log.warn(
        `health gate for ${application}: DescribeApplication failed (${describeError(described.reason)})`,
      );
    } else if (described.value) {
      const app = described.value;
      status = app.status;
      if (app.status === 'MAINTENANCE' || app.status === 'AUTOSCALING') {
        if (!openExcuse) {
          openExcuse = { from: lastPollAt - periodMs, to: Infinity, what: app.status };
          excused.push(openExcuse);
          events.push(
            `the application entered ${app.status} at about ${formatSpan(pollAt - startedAt)} into the bake: the job restart it causes is reported, not rolled back`,
          );
          log.warn(`health gate for ${application}: ${events[events.length - 1]}`);
        }
      } else if (openExcuse) {
        // the restart shows in the new job's first datapoints (one may be missing)
        openExcuse.to = pollAt + 2 * periodMs;
        openExcuse = undefined;
      }
      if (currentVersion !== undefined && app.versionId !== currentVersion) {
        const sameRelease =
          !req.landed || (app.runtime === req.landed.runtime && app.fileKey === req.landed.fileKey);
        if (!sameRelease) {
          return result(
            'superseded',
            `superseded by application version ${app.versionId} (${app.runtime}${app.fileKey ? `, ${app.fileKey}` : ''}), ` +
              `which this run did not deploy: the gate stops and nothing is rolled back`,
            'superseded',
            'cloudwatch',
          );
        }
        excused.push({ from: lastPollAt - periodMs, to: pollAt + 2 * periodMs, what: 'autoscaling' });
        events.push(
          `MSF scaled the application during the bake (version ${currentVersion} → ${app.versionId}, same code and runtime): its job restart is reported, not rolled back`,
        );
        log.warn(`health gate for ${application}: ${events[events.length - 1]}`);
        currentVersion = app.versionId;
        autoscaledVersionId = app.versionId;
      }
    }

    restOk = false;
    if (sampled.status === 'fulfilled' && sampled.value) {
      restSamples.push(sampled.value);
      restOk = true;
    } else if (sampled.status === 'rejected') {
      const err = sampled.reason as unknown;
      const text = describeError(err);
      if (err instanceof DashboardUnavailable && err.final) refuseDashboard(err);
      else {
        log.info(
          `health gate for ${application}: the Flink dashboard did not answer (${text}); CloudWatch decides this poll`,
        );
      }
    }

    if (read.status === 'fulfilled') {
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
    lastPollAt = pollAt;

    let judged = judge();
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
        let listed: ListedMetric[] | undefined;
        let listError: string | undefined;
        try {
          listed = await listMetrics(deps.clients, application, signal);
        } catch (err) {
          listError = describeError(err);
        }
        const moved = listed
          ? relocate(listed, names, dimensions, application, req.runtime, relocated)
          : undefined;
        const accepted = moved ? await probeRelocation(moved) : [];
        if (moved && accepted.length > 0) {
          const nextNames: MetricNames = { ...names };
          const nextDims: MetricDimensions = { ...dimensions };
          for (const role of accepted) {
            log.warn(`health gate for ${application}: ${moved.notes[role]}`);
            nextNames[role] = moved.names[role]!;
            if (moved.dimensions[role]) nextDims[role] = moved.dimensions[role];
            else delete nextDims[role];
          }
          names = nextNames;
          dimensions = nextDims;
          rereadFromStart = true;
          continue;
        }
        reason += noMetricsEvidence(application, deps.clients.region, lastError, listed, listError);
      }
      log.info(progressLine(ev, at - startedAt, common, names));
      return result('unhealthy', reason, ev.verdict.check, 'cloudwatch');
    }
    if (restDecides) {
      const r = rest!;
      if (ev.verdict.state === 'unhealthy' && !unread) {
        log.warn(
          `health gate for ${application}: CloudWatch says ${ev.verdict.reason}, but Flink's REST API (exact, no lag) says ${restLine}: Flink REST decides`,
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
        return result(
          'unhealthy',
          `no metrics: CloudWatch refuses GetMetricData (${lastError}); the job itself looked ` +
            `healthy through Flink's REST API (${restLine}), but a release whose metrics cannot be read is not ` +
            `proven healthy: allow cloudwatch:GetMetricData and cloudwatch:ListMetrics`,
          'no-metrics',
          'cloudwatch',
        );
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

/** What ListMetrics shows, appended to a "no metrics" reason. */
function noMetricsEvidence(
  application: string,
  region: string,
  lastError: string | undefined,
  listed: ListedMetric[] | undefined,
  listError: string | undefined,
): string {
  let text = lastError ? `; last read failed: ${lastError}` : '';
  if (listError) return `${text}; ListMetrics failed too: ${listError}`;
  const names = [...new Set((listed ?? []).map((m) => m.name))].sort();
  text +=
    names.length === 0
      ? `; ListMetrics lists no metrics for Application=${application} in ${region}`
      : `; ListMetrics lists ${names.length} metric(s) for it: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''}`;
  return text;
}

function sameDimensions(a: readonly Dimension[], b: readonly Dimension[]): boolean {
  const key = (ds: readonly Dimension[]): string =>
    [...ds]
      .map((d) => `${d.Name}=${d.Value}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}

/**
 * A required metric without datapoints may be published under another name (uptime is still published
 * next to runningTime on 2.2) or with more dimensions than Application (Flow). Once per role, switch to
 * what ListMetrics lists; undefined when nothing changes.
 */
export function relocate(
  listed: readonly ListedMetric[],
  names: MetricNames,
  dimensions: MetricDimensions,
  application: string,
  runtime: string,
  tried: Set<MetricRole>,
):
  | {
      names: MetricNames;
      dimensions: MetricDimensions;
      roles: MetricRole[];
      notes: Partial<Record<MetricRole, string>>;
    }
  | undefined {
  const nextNames: MetricNames = { ...names };
  const nextDims: MetricDimensions = { ...dimensions };
  const notes: Partial<Record<MetricRole, string>> = {};
  const roles: MetricRole[] = [];
  const plain: Dimension[] = [{ Name: APPLICATION_DIMENSION, Value: application }];
  for (const role of REQUIRED_ROLES) {
    if (tried.has(role)) continue;
    const current = names[role];
    if (!current) continue;
    const found = locateMetric(listed, [
      current,
      ...candidatesFor(runtime, role).filter((n) => n !== current),
    ]);
    if (!found) continue;
    const currentDims = dimensions[role] ?? plain;
    const foundDims = found.dimensions.length > 0 ? found.dimensions : plain;
    if (found.name === current && sameDimensions(foundDims, currentDims)) continue;
    tried.add(role);
    nextNames[role] = found.name;
    if (sameDimensions(foundDims, plain)) delete nextDims[role];
    else nextDims[role] = foundDims;
    roles.push(role);
    notes[role] =
      `no datapoints of ${current}; ListMetrics lists ${found.name} with ${foundDims.map((d) => `${d.Name}=${d.Value}`).join(', ')}: reading that instead`;
  }
  return roles.length > 0 ? { names: nextNames, dimensions: nextDims, roles, notes } : undefined;
}
