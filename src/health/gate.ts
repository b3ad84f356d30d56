/**
 * The health gate: a baseline before the update, then a bake window after it, read from CloudWatch
 * (one GetMetricData call per poll) and judged by the pure evaluator in evaluate.ts.
 */
import { describeError, isTransient } from '../aws/errors.js';
import type { PhaseDeps } from '../pipeline/deps.js';
import { WaitAbortedError } from '../wait.js';
import type { Baseline, GateCheck, GateResult, HealthSettings } from './contract.js';
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
  type Series,
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

/**
 * Waits `stabilisationMs`, then watches the application for `bakeMs`, polling once per metric period.
 * Returns as soon as a condition trips (a restart loop within two periods of its first restart).
 * Throws WaitAbortedError when the signal aborts.
 */
export async function runHealthGate(
  deps: PhaseDeps,
  req: {
    application: string;
    runtime: string;
    baseline: Baseline;
    settings: HealthSettings;
    deadline: number;
  },
): Promise<GateResult> {
  const { clock, log, signal } = deps;
  const { settings, application } = req;
  const startedAt = clock.now();
  const thresholds = {
    maxRestarts: settings.maxRestarts,
    maxFailedCheckpoints: settings.maxFailedCheckpoints,
    requireCheckpoint: settings.requireCheckpoint,
    maxCheckpointDurationRatio: settings.maxCheckpointDurationRatio,
  };
  const common = {
    baseline: req.baseline,
    startedAt,
    periodSeconds: settings.metricPeriodSeconds,
    stabilisationMs: settings.stabilisationMs,
    bakeMs: settings.bakeMs,
    thresholds,
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
  const windowMs = settings.stabilisationMs + settings.bakeMs;
  const windowEnd = startedAt + windowMs;
  const interval = pollIntervalMs(settings.metricPeriodSeconds);
  // Datapoints of periods that began before the new version ran may mix in the old job's samples.
  const dataStart = alignUp(startedAt, periodMs);

  let names: MetricNames;
  try {
    ({ names } = await resolveMetricNames(deps, application, req.runtime));
  } catch (err) {
    names = metricNamesFor('FLINK-2_2')!;
    log.warn(
      `health gate: ListMetrics for ${application} failed (${describeError(err)}); reading the Flink 2 metric names`,
    );
  }
  log.info(
    `health gate for ${application} on ${req.runtime}: stabilise ${formatSpan(settings.stabilisationMs)}, bake ${formatSpan(settings.bakeMs)}, ` +
      `poll every ${formatSpan(interval)}; reading ${Object.values(names).join(', ')}`,
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
  let ev: Evaluation | undefined;
  const result = (
    verdict: GateResult['verdict'],
    reason: string | undefined,
    check?: GateCheck,
  ): GateResult => ({
    ...common,
    verdict,
    ...(reason ? { reason } : {}),
    ...(check ? { check } : {}),
    series,
    metricNames: { ...names },
    endedAt: clock.now(),
    polls,
  });

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

  for (;;) {
    if (signal.aborted)
      throw new WaitAbortedError(`the health gate of ${application}`, ev ? verdictText(ev) : undefined);
    const now = clock.now();
    const nextPollAt = now + interval;
    const lastSeen = Math.max(
      dataStart,
      ...Object.values(series).map((points) => points[points.length - 1]?.t ?? 0),
    );
    const start = rereadFromStart ? dataStart : Math.max(dataStart, lastSeen - REREAD_PERIODS * periodMs);
    rereadFromStart = false;
    const end = alignDown(now, periodMs) + periodMs;
    if (start < end) {
      try {
        const fresh = await readMetrics(deps.clients, {
          application,
          names,
          dimensions,
          periodSeconds: settings.metricPeriodSeconds,
          start,
          end,
          signal,
        });
        polls += 1;
        series = mergeSeries(series, fresh);
        lastError = undefined;
        lastReadTransient = false;
      } catch (err) {
        if (signal.aborted)
          throw new WaitAbortedError(`the health gate of ${application}`, ev ? verdictText(ev) : undefined);
        lastError = describeError(err);
        lastReadTransient = isTransient(err);
        log.warn(`health gate for ${application}: reading metrics failed: ${lastError}`);
      }
    }
    const at = clock.now();
    ev = evaluate({
      names,
      series,
      baseline: req.baseline,
      thresholds,
      startedAt,
      now: at,
      stabilisationMs: settings.stabilisationMs,
      bakeMs: settings.bakeMs,
      periodMs,
      application,
      region: deps.clients.region,
    });
    // Datapoints a throttled read could not fetch are not missing: read again before judging "no metrics"
    // (until the window ends; the next successful read fetches every period since the last one seen).
    const unread =
      ev.verdict.state === 'unhealthy' &&
      ev.verdict.check === 'no-metrics' &&
      lastReadTransient &&
      !ev.final &&
      at < windowEnd;
    const progress = progressLine(
      ev,
      at - startedAt,
      { stabilisationMs: settings.stabilisationMs, bakeMs: settings.bakeMs },
      names,
      unread ? `not judged: the last read failed (${lastError}); reading again` : undefined,
    );

    if (ev.verdict.state === 'unhealthy' && !unread) {
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
      log.info(progress);
      return result('unhealthy', reason, ev.verdict.check);
    }
    log.info(progress);
    if (ev.verdict.state === 'healthy') {
      return result('healthy', ev.verdict.note ?? `no condition tripped in ${formatSpan(at - startedAt)}`);
    }
    if (at >= req.deadline) {
      return result(
        'unhealthy',
        `the run deadline cut the bake short after ${formatSpan(at - startedAt)} of ${formatSpan(windowMs)} ` +
          `(healthy so far, but an unfinished bake is not a pass: raise the timeout or shorten bake-time)`,
        'deadline',
      );
    }
    const sleepMs = Math.max(1, Math.min(nextPollAt - at, windowEnd - at, req.deadline - at));
    try {
      await clock.sleep(sleepMs, signal);
    } catch {
      throw new WaitAbortedError(`the health gate of ${application}`, verdictText(ev));
    }
  }
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
