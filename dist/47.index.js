export const id = 47;
export const ids = [47];
export const modules = {

/***/ 4032:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E2: () => (/* binding */ isThrottling),
/* harmony export */   Is: () => (/* binding */ errorName),
/* harmony export */   Or: () => (/* binding */ attemptsOf),
/* harmony export */   Uc: () => (/* binding */ describeError),
/* harmony export */   YX: () => (/* binding */ transientCause),
/* harmony export */   dg: () => (/* binding */ isTransient),
/* harmony export */   gJ: () => (/* binding */ errorMessage)
/* harmony export */ });
/** Classification of AWS SDK errors: what is worth another poll, and how to name an error in one line. */
const THROTTLING = new Set([
    'ThrottlingException',
    'Throttling',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    'SlowDown',
    'RequestThrottled',
    'ProvisionedThroughputExceededException',
]);
const TRANSIENT_NETWORK = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'TimeoutError',
    'RequestTimeout',
    'RequestTimeoutException',
]);
function errorName(err) {
    const e = err;
    return e?.name ?? e?.Code ?? e?.code ?? 'Error';
}
/**
 * The error itself, or the first error in its `cause` chain, that `test` accepts: the pipeline wraps
 * AWS errors into messages (PhaseError) and keeps the SDK error as the cause.
 */
function findInChain(err, test) {
    let e = err;
    for (let depth = 0; depth < 5 && e !== undefined && e !== null; depth++) {
        if (test(e))
            return e;
        e = e.cause;
    }
    return undefined;
}
function isThrottlingError(err) {
    const e = err;
    return THROTTLING.has(errorName(err)) || (e?.Code !== undefined && THROTTLING.has(e.Code));
}
function isTransientError(err) {
    if (isThrottlingError(err))
        return true;
    const e = err;
    if (!e || typeof e !== 'object')
        return false;
    if (e.$retryable)
        return true;
    const status = e.$metadata?.httpStatusCode;
    if (status !== undefined && status >= 500)
        return true;
    return TRANSIENT_NETWORK.has(errorName(err)) || (e.code !== undefined && TRANSIENT_NETWORK.has(e.code));
}
/** Throttling, also when wrapped (see findInChain). */
function isThrottling(err) {
    return findInChain(err, isThrottlingError) !== undefined;
}
/** Throttling, 5xx, dropped connections and timeouts (also when wrapped): another attempt may succeed. */
function isTransient(err) {
    return transientCause(err) !== undefined;
}
/** The transient AWS error behind `err` (itself or a cause), for a one-line log. */
function transientCause(err) {
    return findInChain(err, isTransientError);
}
/** How many attempts the SDK made for the call that failed (1 when it did not say). */
function attemptsOf(err) {
    const found = findInChain(err, (e) => typeof e.$metadata === 'object');
    const attempts = found?.$metadata?.attempts;
    return typeof attempts === 'number' && attempts > 0 ? attempts : 1;
}
function errorMessage(err) {
    if (err instanceof Error)
        return err.message || err.name;
    return String(err);
}
/** `ResourceInUseException: Application x is in UPDATING status` */
function describeError(err) {
    const name = errorName(err);
    const message = errorMessage(err);
    return message.startsWith(name) || name === 'Error' ? message : `${name}: ${message}`;
}


/***/ }),

/***/ 3173:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JZ: () => (/* binding */ median),
/* harmony export */   Pe: () => (/* binding */ counterIncrease),
/* harmony export */   QA: () => (/* binding */ formatSpan),
/* harmony export */   ZV: () => (/* binding */ formatNumber),
/* harmony export */   _3: () => (/* binding */ evaluate),
/* harmony export */   jT: () => (/* binding */ gatePosition),
/* harmony export */   oz: () => (/* binding */ progressLine)
/* harmony export */ });
/* unused harmony exports NO_DATA_GRACE_PERIODS, excusedBetween, gapTolerance */
/* harmony import */ var _metric_roles_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8574);

/** Periods without datapoints tolerated, beyond the expected lag, before "no metrics". */
const NO_DATA_GRACE_PERIODS = 2;
// ---------------------------------------------------------------------------------------------------
/** `45s`, `3m`, `3m 20s`, `1h 5m` */
function formatSpan(ms) {
    const total = Math.max(0, Math.round(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    if (h > 0)
        return m > 0 ? `${h}h ${m}m` : `${h}h`;
    if (m > 0)
        return s > 0 ? `${m}m ${s}s` : `${m}m`;
    return `${s}s`;
}
/** A figure for messages: integers as is, others with up to 3 significant decimals. */
function formatNumber(v) {
    if (!Number.isFinite(v))
        return String(v);
    if (Number.isInteger(v))
        return String(v);
    const abs = Math.abs(v);
    const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
    return String(Number(v.toFixed(digits)));
}
/** Median of finite values, undefined when none. */
function median(values) {
    const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
    if (xs.length === 0)
        return undefined;
    const mid = Math.floor(xs.length / 2);
    return xs.length % 2 === 1 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}
function lastOf(xs) {
    return xs[xs.length - 1];
}
function pointsOf(series, name) {
    if (!name)
        return [];
    return (series[name] ?? []).filter((p) => Number.isFinite(p.v));
}
/** Does an excused range overlap (from, to]? (A restart seen in a datapoint happened after the one before.) */
function excusedBetween(from, to, excused) {
    return (excused ?? []).some((e) => e.from < to && e.to > from);
}
/**
 * Increase of a job counter over the window, counted from `from` (0 for the new job: see the module
 * comment); increases in datapoints inside `excused` ranges are reported apart.
 */
function counterIncrease(points, from = 0, 
/** did the increase seen at `t` happen in an excused range (after the datapoint at `prevT`)? */
excuse = () => false) {
    const first = points[0];
    if (!first)
        return undefined;
    let increase = 0;
    let excused = 0;
    let resets = 0;
    const add = (prevT, t, n) => {
        if (n <= 0)
            return;
        if (excuse(prevT, t))
            excused += n;
        else
            increase += n;
    };
    add(undefined, first.t, first.v - Math.min(from, first.v));
    for (let i = 1; i < points.length; i++) {
        const prev = points[i - 1];
        const cur = points[i];
        if (cur.v >= prev.v)
            add(prev.t, cur.t, cur.v - prev.v);
        else {
            resets += 1;
            add(prev.t, cur.t, Math.max(0, cur.v));
        }
    }
    return {
        name: '',
        from: Math.min(from, first.v),
        to: lastOf(points).v,
        increase,
        resets,
        ...(excused > 0 ? { excused } : {}),
    };
}
function describeCounter(c, span, limitName, limit) {
    const core = c.resets === 0
        ? `${c.name} rose from ${formatNumber(c.from)} to ${formatNumber(c.to)} in ${span}`
        : `${c.name} rose by ${formatNumber(c.increase)} in ${span} (the counter reset ${c.resets} time${c.resets === 1 ? '' : 's'}, now ${formatNumber(c.to)})`;
    return `${core} (${limitName} ${limit})`;
}
/** Drops of a running-time gauge (each one a job restart), apart from those in excused ranges. */
function gaugeResets(points, excuse) {
    let resets = 0;
    let excused = 0;
    let from;
    let to;
    let at;
    for (let i = 1; i < points.length; i++) {
        const prev = points[i - 1];
        const cur = points[i];
        if (prev.v > 0 && cur.v < prev.v) {
            if (excuse(prev.t, cur.t)) {
                excused += 1;
                continue;
            }
            resets += 1;
            if (from === undefined) {
                from = prev.v;
                to = cur.v;
                at = cur.t;
            }
        }
    }
    return { resets, excused, from, to, at };
}
function checkpointEvidence(input) {
    const { names, series } = input;
    let completed = 0;
    let evidence = false;
    let sawAny = false;
    let firstAt;
    const counter = pointsOf(series, names.completedCheckpoints);
    if (counter.length > 0) {
        sawAny = true;
        const c = counterIncrease(counter);
        if (c && c.increase > 0) {
            evidence = true;
            completed = Math.max(completed, c.increase);
            firstAt = counter.find((p) => p.v > 0)?.t;
        }
    }
    let lastDuration;
    let lastSize;
    for (const role of ['checkpointDuration', 'checkpointSize']) {
        const points = pointsOf(series, names[role]);
        if (points.length === 0)
            continue;
        sawAny = true;
        const positive = points.filter((p) => p.v > 0);
        if (role === 'checkpointDuration')
            lastDuration = lastOf(positive)?.v;
        else
            lastSize = lastOf(positive)?.v;
        if (positive.length === 0)
            continue;
        // The gauges of the new job are -1 until its first checkpoint completes: a positive value is one.
        evidence = true;
        firstAt = Math.min(firstAt ?? Infinity, positive[0].t);
        let changes = 1;
        for (let i = 1; i < positive.length; i++)
            if (positive[i].v !== positive[i - 1].v)
                changes += 1;
        completed = Math.max(completed, changes);
    }
    return {
        completed,
        evidence,
        sawAny,
        ...(lastDuration !== undefined ? { lastDuration } : {}),
        ...(lastSize !== undefined ? { lastSize } : {}),
        ...(firstAt !== undefined ? { firstAt } : {}),
    };
}
function noMetricsReason(input, missing) {
    const where = `${_metric_roles_js__WEBPACK_IMPORTED_MODULE_0__/* .METRIC_NAMESPACE */ .BC}, ${_metric_roles_js__WEBPACK_IMPORTED_MODULE_0__/* .APPLICATION_DIMENSION */ .UQ}=${input.application ?? '?'}${input.region ? `, ${input.region}` : ''}`;
    const parts = missing.map((m) => m.never
        ? `no datapoints of ${m.name} in ${formatSpan(m.sinceMs)}`
        : `no new datapoints of ${m.name} for ${formatSpan(m.sinceMs)}`);
    return (`no metrics: ${parts.join('; ')}, beyond the expected lag of ${formatSpan(lagOf(input))} (${where}); likely causes: ` +
        `the application does not publish it (monitoring configuration / metrics level), the role lacks ` +
        `cloudwatch:GetMetricData, or the wrong region is read (raise metrics-lag if CloudWatch is slower here)`);
}
function lagOf(input) {
    return input.lagMs ?? 3 * input.periodMs;
}
/**
 * Periods in a row that may be missing after the last datapoint before "no new datapoints": two, or
 * more when the datapoints seen so far are sparse (CloudWatch loses some), so that a run of gaps that
 * long would happen by chance less than once in 10,000 (at most 12).
 */
function gapTolerance(points, periodMs) {
    const first = points[0];
    const last = points[points.length - 1];
    if (!first || !last || points.length < 3)
        return NO_DATA_GRACE_PERIODS;
    const expected = Math.round((last.t - first.t) / periodMs) + 1;
    const missing = Math.max(0, 1 - points.length / expected);
    if (missing <= 0.05)
        return NO_DATA_GRACE_PERIODS;
    return Math.min(12, Math.max(NO_DATA_GRACE_PERIODS, Math.ceil(Math.log(1e-4) / Math.log(missing))));
}
/** Judges the window so far. */
function evaluate(input) {
    const { names, series, baseline, thresholds, startedAt, now, stabilisationMs, bakeMs, periodMs } = input;
    const elapsed = now - startedAt;
    const observeFrom = startedAt + stabilisationMs;
    const stabilising = now < observeFrom;
    const lagMs = lagOf(input);
    const windowEnd = startedAt + stabilisationMs + bakeMs;
    const dataStart = Math.ceil(startedAt / periodMs) * periodMs;
    const span = formatSpan(elapsed);
    // The restart shown at t happened after the datapoint before it, within t's period at the latest.
    const excuse = (prevT, t) => excusedBetween(prevT ?? -Infinity, t + periodMs, input.excused);
    const restartPoints = pointsOf(series, names.restarts);
    const runningPoints = pointsOf(series, names.runningTime);
    const failedPoints = pointsOf(series, names.failedCheckpoints);
    // The new job's counters start at 0.
    const restarts = counterIncrease(restartPoints, 0, excuse);
    if (restarts)
        restarts.name = names.restarts;
    const failed = counterIncrease(failedPoints, 0);
    if (failed && names.failedCheckpoints)
        failed.name = names.failedCheckpoints;
    const running = gaugeResets(runningPoints, excuse);
    const cp = checkpointEvidence(input);
    const inPoints = pointsOf(series, names.recordsIn);
    const outPoints = pointsOf(series, names.recordsOut);
    // The window is over once its last periods could have arrived (or have).
    const covered = _metric_roles_js__WEBPACK_IMPORTED_MODULE_0__/* .REQUIRED_ROLES */ .E_.every((role) => {
        const last = lastOf(pointsOf(series, names[role]));
        return last !== undefined && last.t + periodMs >= windowEnd - periodMs;
    });
    const final = elapsed >= stabilisationMs + bakeMs &&
        (input.awaitCoverage === false || covered || now >= windowEnd + lagMs + periodMs);
    const excusedRestarts = Math.max(restarts?.excused ?? 0, running.excused);
    const figures = {
        restarts,
        runningTimeMs: lastOf(runningPoints)?.v,
        runningTimeResets: running.resets,
        failedCheckpoints: failed,
        checkpointsCompleted: cp.completed,
        lastCheckpointDurationMs: cp.lastDuration,
        ...(cp.lastSize !== undefined ? { lastCheckpointSizeBytes: cp.lastSize } : {}),
        recordsInPerSecond: lastOf(inPoints)?.v,
        recordsOutPerSecond: lastOf(outPoints)?.v,
        ...(excusedRestarts > 0 ? { excusedRestarts } : {}),
    };
    const result = (verdict) => ({ verdict, figures, stabilising, final });
    const unhealthy = (check, reason) => result({ state: 'unhealthy', check, reason });
    // 1. Restarts (any time: a restart loop trips as soon as a datapoint shows it).
    if (restarts && restarts.increase > thresholds.maxRestarts) {
        return unhealthy('restarts', describeCounter(restarts, span, 'max-restarts', thresholds.maxRestarts));
    }
    if (running.resets > thresholds.maxRestarts && (restarts?.increase ?? 0) < running.resets) {
        return unhealthy('running-time', `${names.runningTime} reset from ${formatNumber(running.from ?? 0)} ms to ${formatNumber(running.to ?? 0)} ms ` +
            `at ${formatSpan((running.at ?? now) - startedAt)} (${running.resets} job restart${running.resets === 1 ? '' : 's'} in ${span}; ` +
            `max-restarts ${thresholds.maxRestarts})`);
    }
    // 2. Failed checkpoints (any time).
    if (failed && failed.increase > thresholds.maxFailedCheckpoints) {
        return unhealthy('failed-checkpoints', describeCounter(failed, span, 'max-failed-checkpoints', thresholds.maxFailedCheckpoints));
    }
    if (stabilising)
        return result({ state: 'healthy-so-far' });
    // 3. Missing data is never healthy, but is judged from when it could have arrived.
    const missing = [];
    // A metric not seen yet: wait as long as for a gap in the sparsest series seen of this application,
    // in the window or in the baseline before the upgrade (CloudWatch loses some datapoints; where it loses
    // many, a late first datapoint is no sign of a missing configuration). Nothing seen at all: one period
    // of grace, so a missing configuration shows soon.
    const seen = [...Object.values(series), ...Object.values(baseline?.series ?? {})].filter((points) => points.length > 0);
    const firstGrace = seen.length > 0 ? Math.max(1, ...seen.map((p) => gapTolerance(p, periodMs))) : 1;
    for (const role of _metric_roles_js__WEBPACK_IMPORTED_MODULE_0__/* .REQUIRED_ROLES */ .E_) {
        const name = names[role];
        if (!name)
            continue;
        const last = lastOf(pointsOf(series, name));
        // A restart the platform made (maintenance, autoscaling) pauses the datapoints: count from its end.
        const excusedUntil = Math.max(-Infinity, ...(input.excused ?? []).filter((e) => e.from <= now).map((e) => Math.min(e.to, now)));
        const due = Math.max(last
            ? last.t + periodMs + lagMs + gapTolerance(pointsOf(series, name), periodMs) * periodMs
            : dataStart + periodMs + lagMs + firstGrace * periodMs, excusedUntil + periodMs + lagMs + periodMs);
        if (now > due)
            missing.push({ name, sinceMs: now - (last ? last.t + periodMs : startedAt), never: !last });
    }
    if (missing.length > 0)
        return unhealthy('no-metrics', noMetricsReason(input, missing));
    // 4. Running time must grow (between restarts).
    const lastReset = runningPoints.reduce((at, p, i) => (i > 0 && p.v < runningPoints[i - 1].v ? p.t : at), -Infinity);
    const observedRunning = runningPoints.filter((p) => p.t + periodMs > observeFrom && p.t >= lastReset);
    const lastRunning = lastOf(observedRunning);
    if (lastRunning) {
        const earlier = [...observedRunning]
            .reverse()
            .find((p) => p.t <= lastRunning.t - NO_DATA_GRACE_PERIODS * periodMs);
        if (earlier && lastRunning.v <= earlier.v) {
            const what = lastRunning.v < 0
                ? `${names.runningTime} is ${formatNumber(lastRunning.v)} (the job is not running)`
                : `${names.runningTime} stuck at ${formatNumber(lastRunning.v)} ms`;
            return unhealthy('running-time', `${what} for ${formatSpan(lastRunning.t - earlier.t)} (it must grow while the job runs)`);
        }
    }
    // 5. Checkpoint duration against the baseline, sustained for two datapoints, leaving out the first
    //    checkpoint after the restore (a full one).
    const base = baseline?.checkpointDurationMs;
    if (base !== undefined && base > 0 && names.checkpointDuration && cp.firstAt !== undefined) {
        const limit = thresholds.maxCheckpointDurationRatio * base;
        // A job's first checkpoint is its first positive value, or the first after -1 or after a running-time
        // reset (a new job: autoscaling, or a restore). Its value, and the datapoints until the next
        // checkpoint can have completed, are left out.
        const all = pointsOf(series, names.checkpointDuration);
        const jobStarts = runningPoints.filter((p, i) => i > 0 && p.v < runningPoints[i - 1].v).map((p) => p.t);
        const firsts = [];
        for (let i = 0; i < all.length; i++) {
            const p = all[i];
            if (p.v <= 0)
                continue;
            const prev = all[i - 1];
            const newJob = jobStarts.some((t) => t <= p.t && (!prev || prev.t < t));
            if (!prev || prev.v <= 0 || newJob)
                firsts.push(p);
        }
        const interval = input.checkpointIntervalMs;
        const afterFirst = all.filter((p) => p.v > 0 &&
            p.t + periodMs > observeFrom &&
            firsts.every((f) => p.t < f.t
                ? true
                : interval !== undefined
                    ? p.t >= f.t + interval + periodMs
                    : p.t > f.t && p.v !== f.v));
        const recent = afterFirst.slice(-2);
        if (recent.length === 2 && recent.every((p) => p.v > limit)) {
            const v = lastOf(recent).v;
            return unhealthy('slow-checkpoints', `${names.checkpointDuration} ${formatNumber(v)} ms is ${formatNumber(v / base)}× the baseline ${formatNumber(base)} ms ` +
                `(max-checkpoint-duration-ratio ${thresholds.maxCheckpointDurationRatio}; the first checkpoint after the restore is not compared)`);
        }
    }
    // 6. Output stops while input flows (only when the job had output before the upgrade).
    const baseOut = baseline?.recordsOutPerSecond;
    if (baseOut !== undefined && baseOut > 0 && names.recordsOut && names.recordsIn) {
        const recentOut = outPoints.filter((p) => p.t + periodMs > observeFrom).slice(-2);
        const inAt = new Map(inPoints.map((p) => [p.t, p.v]));
        if (recentOut.length === 2 &&
            recentOut.every((p) => p.v <= 0 && (inAt.get(p.t) ?? 0) > 0) &&
            lastOf(recentOut).t - recentOut[0].t >= periodMs) {
            const inNow = inAt.get(lastOf(recentOut).t) ?? 0;
            return unhealthy('throughput', `${names.recordsOut} dropped to 0 for ${formatSpan(lastOf(recentOut).t - recentOut[0].t + periodMs)} while ` +
                `${names.recordsIn} was ${formatNumber(inNow)}/s (baseline output ${formatNumber(baseOut)}/s)`);
        }
    }
    // 7. A checkpoint must complete: at the end of the window, or as soon as three intervals (and the
    //    time their datapoints take to arrive) passed without one.
    const interval = input.checkpointIntervalMs;
    const overdue = interval !== undefined && now > dataStart + 3 * interval + periodMs + lagMs + periodMs;
    if (thresholds.requireCheckpoint && !cp.evidence && (final || overdue)) {
        const detail = cp.sawAny
            ? `${names.checkpointDuration ?? 'lastCheckpointDuration'} stayed at -1 (no checkpoint of the new job)`
            : `no datapoints of ${names.checkpointDuration ?? 'lastCheckpointDuration'} (is checkpointing enabled?)`;
        return unhealthy('no-checkpoint', `no checkpoint completed in ${span}${interval !== undefined ? ` (checkpoint interval ${formatSpan(interval)})` : ''}: ${detail} (require-checkpoint true)`);
    }
    if (!final)
        return result({ state: 'healthy-so-far' });
    return result({
        state: 'healthy',
        ...(thresholds.requireCheckpoint ? {} : { note: 'checkpoint completion not required' }),
    });
}
/**
 * One progress line per poll: elapsed / window, restarts, running time, checkpoints, verdict so far
 * (or `instead` in place of the verdict).
 */
/** `0:30`, `5:00`, `1:05:00` (whole seconds). */
function clockTime(ms) {
    const total = Math.max(0, Math.round(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = String(total % 60).padStart(2, '0');
    return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
/**
 * Where the gate is, as a person reads it: `[stabilising 0:30/1:00]` while the new job settles, then
 * `[bake 2:00/5:00]`, counting the bake time on its own.
 */
function gatePosition(elapsedMs, stabilisationMs, bakeMs) {
    if (elapsedMs < stabilisationMs) {
        return `[stabilising ${clockTime(elapsedMs)}/${clockTime(stabilisationMs)}]`;
    }
    const baked = Math.min(bakeMs, Math.max(0, elapsedMs - stabilisationMs));
    return `[bake ${clockTime(baked)}/${clockTime(bakeMs)}]`;
}
function progressLine(ev, elapsedMs, window, names, instead) {
    const f = ev.figures;
    const restarts = f.restarts
        ? `${names.restarts} ${formatNumber(f.restarts.to)} (+${formatNumber(f.restarts.increase)})`
        : `${names.restarts} -`;
    const running = f.runningTimeMs !== undefined
        ? f.runningTimeMs >= 0
            ? formatSpan(f.runningTimeMs)
            : formatNumber(f.runningTimeMs)
        : '-';
    const failed = f.failedCheckpoints
        ? `${formatNumber(f.failedCheckpoints.increase)} failed`
        : 'failed: no data';
    const last = f.lastCheckpointDurationMs !== undefined ? `, last ${formatNumber(f.lastCheckpointDurationMs)} ms` : '';
    const verdict = instead !== undefined
        ? instead
        : ev.verdict.state === 'unhealthy'
            ? `UNHEALTHY: ${ev.verdict.reason}`
            : ev.verdict.state === 'healthy'
                ? 'healthy'
                : ev.stabilising
                    ? 'stabilising'
                    : 'healthy so far';
    return (`${gatePosition(elapsedMs, window.stabilisationMs, window.bakeMs)} ${restarts}, ${names.runningTime} ${running}, ` +
        `checkpoints: ${f.checkpointsCompleted} completed, ${failed}${last}; ${verdict}`);
}


/***/ }),

/***/ 8574:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BC: () => (/* binding */ METRIC_NAMESPACE),
/* harmony export */   E_: () => (/* binding */ REQUIRED_ROLES),
/* harmony export */   Rb: () => (/* binding */ METRIC_ROLES),
/* harmony export */   UQ: () => (/* binding */ APPLICATION_DIMENSION)
/* harmony export */ });
/**
 * What the health gate wants to know of a job, whatever the platform calls it (pure): the metric roles
 * and, per role, the name the platform publishes it under. The evaluator (evaluate.ts) judges series by
 * role; the platform's health reader says which names to read (src/msf/health/metrics.ts for MSF).
 *
 * `METRIC_NAMESPACE` and `APPLICATION_DIMENSION` name where the evaluator's "no metrics" reason says it
 * looked: CloudWatch's namespace and dimension for MSF, the one metric store the evaluator reads today.
 */
const METRIC_NAMESPACE = 'AWS/KinesisAnalytics';
const APPLICATION_DIMENSION = 'Application';
const METRIC_ROLES = [
    'restarts',
    'runningTime',
    'failedCheckpoints',
    'completedCheckpoints',
    'checkpointDuration',
    'checkpointSize',
    'recordsIn',
    'recordsOut',
];
/** Roles without which the gate cannot judge the job: no datapoints for them means "no metrics". */
const REQUIRED_ROLES = ['restarts', 'runningTime'];


/***/ }),

/***/ 2829:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lx: () => (/* reexport */ runtime/* FLINK_RUNTIMES */.lx),
  checkArtifact: () => (/* binding */ checkArtifact),
  zE: () => (/* reexport */ runtime/* runtimeInfo */.zE)
});

// UNUSED EXPORTS: DEFAULT_MAX_TABLE_ROWS, FINDING_CODES, JarCheckError, MSF_MAX_CODE_BYTES, TABLE_HEADER, countFindings, escapeCell, findingAnnotation, findingsMarkdownTable, findingsTableRows, formatFindingLine, hasBlockingFindings, summarizeReport

// EXTERNAL MODULE: ./.tmp/build/src/msf/runtime.js
var runtime = __webpack_require__(4332);
;// CONCATENATED MODULE: ./.tmp/build/src/jar-check/class-file.js
/**
 * Reads what the JAR check needs from a class file, and nothing more: the header, the constant pool,
 * the class's own names (this, super, interfaces) and its fields. Methods and attributes are never
 * read, so the caller can stop inflating the entry as soon as `parseClassFile` stops asking for data.
 *
 * Format: JVM Specification §4.1 (ClassFile), §4.4 (constant pool). Pure: no I/O.
 */
/** Thrown internally when the buffer ends before the part we need; the caller feeds more bytes. */
class NeedMoreBytes extends Error {
    estimate;
    /**
     * @param estimate bytes from the start of the class file the parser expects to need in all (an
     *   extrapolation from the constants read so far), so the caller can size its next read
     */
    constructor(estimate = 0) {
        super('class file truncated');
        this.estimate = estimate;
        this.name = 'NeedMoreBytes';
    }
}
class NotAClassFile extends Error {
    constructor(reason) {
        super(reason);
        this.name = 'NotAClassFile';
    }
}
const ACC_PUBLIC = 0x0001;
const ACC_STATIC = 0x0008;
const ACC_TRANSIENT = 0x0080;
const ACC_INTERFACE = 0x0200;
const ACC_ABSTRACT = 0x0400;
const ACC_SYNTHETIC = 0x1000;
const ACC_ANNOTATION = 0x2000;
const ACC_ENUM = 0x4000;
/** Class-file major version → Java feature release (52 → 8, 55 → 11, 61 → 17, 65 → 21). */
function javaReleaseForMajor(major) {
    return major >= 49 ? major - 44 : major >= 45 ? 1 : 0;
}
/** Java feature release → class-file major version. */
function majorForJavaRelease(release) {
    return release + 44;
}
// constant pool tags (JVMS Table 4.4-B)
const UTF8 = 1;
const CLASS = 7;
const METHODREF = 10;
const INTERFACE_METHODREF = 11;
const NAME_AND_TYPE = 12;
/** Byte size of a constant after its tag byte, for the fixed-size tags. */
const FIXED_SIZES = {
    3: 4, // Integer
    4: 4, // Float
    5: 8, // Long (two slots)
    6: 8, // Double (two slots)
    7: 2, // Class
    8: 2, // String
    9: 4, // Fieldref
    10: 4, // Methodref
    11: 4, // InterfaceMethodref
    12: 4, // NameAndType
    15: 3, // MethodHandle
    16: 2, // MethodType
    17: 4, // Dynamic
    18: 4, // InvokeDynamic
    19: 2, // Module
    20: 2, // Package
};
/** The same as a table indexed by tag: 0 for UTF-8 and unknown tags. */
const FIXED_SIZE = new Uint8Array(256);
for (const [tag, size] of Object.entries(FIXED_SIZES))
    FIXED_SIZE[Number(tag)] = size;
/** Reduces `[[Lcom/x/Y;` to `com/x/Y`; returns undefined for primitive arrays. */
function elementClass(name) {
    if (!name.startsWith('['))
        return name;
    const i = name.indexOf('L');
    if (i < 0)
        return undefined;
    return name.slice(i + 1, name.endsWith(';') ? -1 : undefined);
}
/** Encoded forms of the option lists, computed once per list (the options are module constants). */
const encodedPrefixes = new WeakMap();
const encodedConstants = new WeakMap();
function prefixBytes(list) {
    let out = encodedPrefixes.get(list);
    if (!out) {
        out = list.map((p) => Buffer.from(p, 'utf8'));
        encodedPrefixes.set(list, out);
    }
    return out;
}
/** `utf8Constants` by encoded length, so the pool walk compares only constants of a matching length. */
function constantsByLength(list) {
    let out = encodedConstants.get(list);
    if (!out) {
        out = new Map();
        for (const value of list) {
            const bytes = Buffer.from(value, 'utf8');
            const same = out.get(bytes.length) ?? [];
            same.push({ value, bytes });
            out.set(bytes.length, same);
        }
        encodedConstants.set(list, out);
    }
    return out;
}
/** The big-endian unsigned 16-bit value at `at` (bounds checked by the caller). */
function u16(buf, at) {
    return (buf[at] << 8) | buf[at + 1];
}
/** Whether `buf[start, end)` begins with one of `prefixes`. */
function startsWithAny(buf, start, end, prefixes) {
    for (const prefix of prefixes) {
        if (end - start < prefix.length)
            continue;
        let i = 0;
        while (i < prefix.length && buf[start + i] === prefix[i])
            i++;
        if (i === prefix.length)
            return true;
    }
    return false;
}
/** Whether `buf[start, start + length)` holds exactly `bytes`. */
function bytesEqual(buf, start, bytes) {
    for (let i = 0; i < bytes.length; i++)
        if (buf[start + i] !== bytes[i])
            return false;
    return true;
}
/**
 * Parses the start of a class file. Throws `NeedMoreBytes` if `buf` ends before the fields section
 * is complete, `NotAClassFile` if the magic number or a constant is wrong.
 */
function parseClassFile(buf, options = {}) {
    let read = 0; // constants read, for the estimate of a short buffer
    let count = 0;
    const need = (end) => {
        if (end <= buf.length)
            return;
        // within the pool: its size extrapolated from the constants read so far, plus room for fields
        const estimate = read > 0 && read < count ? Math.ceil((end / read) * count) + 256 : end + 256;
        throw new NeedMoreBytes(estimate);
    };
    need(10);
    if (buf.readUInt32BE(0) !== 0xcafebabe)
        throw new NotAClassFile('bad magic number');
    const minor = u16(buf, 4);
    const major = u16(buf, 6);
    count = u16(buf, 8);
    const tags = new Uint8Array(count);
    const offsets = new Int32Array(count); // offset of the constant's payload (after the tag)
    const wanted = options.utf8Constants ? constantsByLength(options.utf8Constants) : undefined;
    const constants = [];
    let p = 10;
    for (let i = 1; i < count; i++) {
        read = i;
        need(p + 1);
        const tag = buf[p];
        tags[i] = tag;
        offsets[i] = p + 1;
        if (tag === UTF8) {
            need(p + 3);
            const length = u16(buf, p + 1);
            const same = wanted?.get(length);
            if (same) {
                need(p + 3 + length);
                for (const c of same) {
                    if (!constants.includes(c.value) && bytesEqual(buf, p + 3, c.bytes))
                        constants.push(c.value);
                }
            }
            p += 3 + length;
        }
        else {
            const size = FIXED_SIZE[tag];
            if (size === 0)
                throw new NotAClassFile(`unknown constant-pool tag ${tag} at index ${i}`);
            p += 1 + size;
            if (tag === 5 || tag === 6)
                i++; // 8-byte constants take two slots
        }
    }
    read = count;
    need(p);
    const poolEnd = p;
    const utf8Cache = new Map();
    const utf8 = (index) => {
        const cached = utf8Cache.get(index);
        if (cached !== undefined)
            return cached;
        if (index <= 0 || index >= count || tags[index] !== UTF8) {
            throw new NotAClassFile(`constant ${index} is not a UTF-8 entry`);
        }
        const off = offsets[index];
        const len = u16(buf, off);
        const s = buf.toString('utf8', off + 2, off + 2 + len);
        utf8Cache.set(index, s);
        return s;
    };
    const className = (index) => {
        if (index <= 0 || index >= count || tags[index] !== CLASS) {
            throw new NotAClassFile(`constant ${index} is not a class entry`);
        }
        return utf8(u16(buf, offsets[index]));
    };
    need(p + 8);
    const access = u16(buf, p);
    const thisIndex = u16(buf, p + 2);
    const superIndex = u16(buf, p + 4);
    const interfacesCount = u16(buf, p + 6);
    p += 8;
    need(p + interfacesCount * 2 + 2);
    const interfaces = [];
    for (let i = 0; i < interfacesCount; i++)
        interfaces.push(className(u16(buf, p + i * 2)));
    p += interfacesCount * 2;
    const fieldsCount = u16(buf, p);
    p += 2;
    const rawFields = [];
    for (let i = 0; i < fieldsCount; i++) {
        need(p + 8);
        rawFields.push({
            access: u16(buf, p),
            name: u16(buf, p + 2),
            descriptor: u16(buf, p + 4),
        });
        const attributes = u16(buf, p + 6);
        p += 8;
        for (let a = 0; a < attributes; a++) {
            need(p + 6);
            p += 6 + buf.readUInt32BE(p + 2);
        }
    }
    need(p);
    // Everything needed is in the buffer: resolve names.
    const name = className(thisIndex);
    const superName = superIndex === 0 ? undefined : className(superIndex);
    const keep = options.isInteresting ?? (() => true);
    const prefixes = options.refPrefixes ? prefixBytes(options.refPrefixes) : undefined;
    /** false when the class constant's name (element type of an array) cannot start with a prefix */
    const mayKeep = (classIndex) => {
        if (!prefixes || classIndex <= 0 || classIndex >= count || tags[classIndex] !== CLASS)
            return true;
        const utf8Index = u16(buf, offsets[classIndex]);
        if (utf8Index <= 0 || utf8Index >= count || tags[utf8Index] !== UTF8)
            return true;
        const off = offsets[utf8Index];
        const end = off + 2 + u16(buf, off);
        let start = off + 2;
        if (buf[start] === 0x5b) {
            while (buf[start] === 0x5b)
                start++; // [
            if (buf[start] !== 0x4c)
                return false; // an array of primitives
            start++; // L
        }
        return startsWithAny(buf, start, end, prefixes);
    };
    const refs = new Set();
    const methodRefs = [];
    for (let i = 1; i < count; i++) {
        const tag = tags[i];
        if (tag === CLASS) {
            if (!mayKeep(i))
                continue;
            const ref = elementClass(utf8(u16(buf, offsets[i])));
            if (ref !== undefined && ref !== name && keep(ref))
                refs.add(ref);
        }
        else if (tag === METHODREF || tag === INTERFACE_METHODREF) {
            const off = offsets[i];
            const ownerIndex = u16(buf, off);
            const natIndex = u16(buf, off + 2);
            if (!mayKeep(ownerIndex))
                continue;
            const owner = elementClass(className(ownerIndex));
            if (owner === undefined || !keep(owner))
                continue;
            if (tags[natIndex] !== NAME_AND_TYPE)
                throw new NotAClassFile(`constant ${natIndex} is not a name-and-type`);
            const nat = offsets[natIndex];
            methodRefs.push({
                owner,
                name: utf8(u16(buf, nat)),
                descriptor: utf8(u16(buf, nat + 2)),
            });
        }
    }
    // Types that appear only inside descriptors / signatures (`Lorg/apache/flink/...;`), found by a
    // native byte search over the pool instead of decoding every UTF-8 constant.
    const pool = buf.subarray(0, poolEnd); // never search past the pool (methods, padding)
    const searchPool = (prefix, found) => {
        const needle = `L${prefix}`;
        let at = pool.indexOf(needle, 10, 'latin1');
        while (at >= 0) {
            let end = at + needle.length;
            while (end < poolEnd && isNameByte(buf[end]))
                end++;
            // A real descriptor type ends with `;` (or `<` for generics); anything else is a coincidence,
            // e.g. a UTF-8 length byte of 0x4C ('L') right before a class name.
            const terminator = buf[end];
            if (terminator === 0x3b || terminator === 0x3c)
                found(buf.toString('utf8', at + 1, end));
            at = pool.indexOf(needle, end, 'latin1');
        }
    };
    for (const prefix of options.descriptorPrefixes ?? []) {
        searchPool(prefix, (ref) => {
            if (ref !== name && keep(ref))
                refs.add(ref);
        });
    }
    const signatureRefs = new Set();
    for (const prefix of options.signaturePrefixes ?? [])
        searchPool(prefix, (ref) => signatureRefs.add(ref));
    const fields = [];
    for (const f of rawFields) {
        const field = { access: f.access, name: utf8(f.name), descriptor: utf8(f.descriptor) };
        if (!options.isInterestingField || options.isInterestingField(field))
            fields.push(field);
    }
    const summary = {
        name,
        major,
        minor,
        access,
        interfaces,
        refs: [...refs],
        methodRefs,
        fields,
        constants,
        signatureRefs: [...signatureRefs],
    };
    if (superName !== undefined)
        summary.superName = superName;
    return summary;
}
/** Bytes that can appear in an internal class name: letters, digits, `_`, `$`, `/`, and non-ASCII. */
function isNameByte(c) {
    return ((c >= 0x61 && c <= 0x7a) || // a-z
        (c >= 0x41 && c <= 0x5a) || // A-Z
        (c >= 0x30 && c <= 0x39) || // 0-9
        c === 0x5f || // _
        c === 0x24 || // $
        c === 0x2f || // /
        c >= 0x80);
}

;// CONCATENATED MODULE: ./.tmp/build/src/jar-check/rules.js
/**
 * The rules tables of the JAR check. Pure data plus lookups.
 *
 * Sources:
 * - Apache Flink "Release notes - Flink 2.0" (docs/content/release-notes/flink-2.0.md): "Highlight
 *   Breaking Changes" (DataSet API, Scala DataStream/DataSet API, SourceFunction / SinkFunction /
 *   Sink V1, TableSource / TableSink, TableSchema / TableColumn / Types removed) and its appendix
 *   "List of breaking change programming APIs" (removed classes and removed methods).
 * - MSF developer guide, `flink-2-2.html` ("Breaking changes", "Connector availability for Flink 2.2").
 * - MSF developer guide, `state-compatibility.html` (state risks of 1.x → 2.x upgrades).
 */
const F = 'org/apache/flink/';
const SRC = `${F}streaming/api/functions/source/`;
const SINK = `${F}streaming/api/functions/sink/`;
const ENV = `${F}streaming/api/environment/StreamExecutionEnvironment`;
const EXEC_CONFIG = `${F}api/common/ExecutionConfig`;
const REMOVED_API_RULES = [
    {
        id: 'dataset-api',
        title: 'the DataSet API',
        exact: [
            `${F}api/java/DataSet`,
            `${F}api/java/ExecutionEnvironment`,
            `${F}api/java/ExecutionEnvironmentFactory`,
            `${F}api/java/LocalEnvironment`,
            `${F}api/java/RemoteEnvironment`,
            `${F}api/java/CollectionEnvironment`,
            `${F}api/java/utils/DataSetUtils`,
            `${F}api/java/io/CsvReader`,
            `${F}api/java/io/TextInputFormat`,
            `${F}api/java/io/TextOutputFormat`,
            `${F}api/java/io/CsvOutputFormat`,
            `${F}api/java/io/CollectionInputFormat`,
            `${F}api/java/io/DiscardingOutputFormat`,
            `${F}api/java/io/PrintingOutputFormat`,
            `${F}api/java/io/LocalCollectionOutputFormat`,
            `${F}api/common/ExecutionMode`,
        ],
        prefixes: [`${F}api/java/operators/`, `${F}api/java/aggregation/`, `${F}api/java/summarize/`],
        fix: 'Port the batch code to the DataStream API (bounded sources with RuntimeExecutionMode.BATCH) or to the Table API / SQL; see "How to migrate from DataSet to DataStream" in the Flink 1.20 documentation.',
    },
    {
        id: 'scala-api',
        title: 'the Flink Scala API',
        prefixes: [`${F}api/scala/`, `${F}streaming/api/scala/`],
        fix: "Call Flink's Java API from Scala (org.apache.flink.streaming.api.environment.StreamExecutionEnvironment, explicit TypeInformation) and bundle the Scala library yourself.",
    },
    {
        id: 'source-function',
        title: 'the legacy SourceFunction',
        exact: [
            `${SRC}SourceFunction`,
            `${SRC}SourceFunction$SourceContext`,
            `${SRC}RichSourceFunction`,
            `${SRC}ParallelSourceFunction`,
            `${SRC}RichParallelSourceFunction`,
            `${SRC}FromElementsFunction`,
            `${SRC}FromIteratorFunction`,
            `${SRC}FromSplittableIteratorFunction`,
            `${SRC}MessageAcknowledgingSourceBase`,
            `${SRC}MultipleIdsMessageAcknowledgingSourceBase`,
            `${SRC}SocketTextStreamFunction`,
            `${SRC}StatefulSequenceSource`,
            `${SRC}datagen/DataGeneratorSource`,
            `${F}streaming/api/checkpoint/ExternallyInducedSource`,
        ],
        methods: { [ENV]: ['addSource', 'readTextFile', 'readFileStream'] },
        fix: 'Implement or use a FLIP-27 source (org.apache.flink.api.connector.source.Source: KafkaSource, KinesisStreamsSource, FileSource, DataGeneratorSource from flink-connector-datagen, env.fromData) and attach it with env.fromSource(...).',
    },
    {
        id: 'sink-function',
        title: 'the legacy SinkFunction',
        exact: [
            `${SINK}SinkFunction`,
            `${SINK}SinkFunction$Context`,
            `${SINK}RichSinkFunction`,
            `${SINK}TwoPhaseCommitSinkFunction`,
            `${SINK}PrintSinkFunction`,
            `${SINK}DiscardingSink`,
            `${SINK}SocketClientSink`,
            `${SINK}OutputFormatSinkFunction`,
            `${SINK}WriteSinkFunction`,
            `${SINK}WriteSinkFunctionByMillis`,
        ],
        prefixes: [`${SINK}filesystem/StreamingFileSink`],
        methods: { [`${F}streaming/api/datastream/DataStream`]: ['addSink', 'writeAsText', 'writeAsCsv'] },
        fix: 'Use a FLIP-143 Sink V2 (org.apache.flink.api.connector.sink2.Sink: KafkaSink, KinesisStreamsSink, FileSink, PrintSink, org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink) attached with stream.sinkTo(...).',
    },
    {
        id: 'sink-v1',
        title: 'Sink V1 and the removed Sink V2 mix-ins',
        prefixes: [`${F}api/connector/sink/`],
        exact: [
            `${F}api/connector/sink2/StatefulSink`,
            `${F}api/connector/sink2/StatefulSink$StatefulSinkWriter`,
            `${F}api/connector/sink2/StatefulSink$WithCompatibleState`,
            `${F}api/connector/sink2/TwoPhaseCommittingSink`,
            `${F}api/connector/sink2/TwoPhaseCommittingSink$PrecommittingSinkWriter`,
            `${F}api/connector/sink2/Sink$InitContext`,
            `${F}streaming/api/connector/sink2/WithPreCommitTopology`,
            `${F}streaming/api/connector/sink2/WithPostCommitTopology`,
            `${F}streaming/api/connector/sink2/WithPreWriteTopology`,
        ],
        fix: 'Implement org.apache.flink.api.connector.sink2.Sink with the SupportsWriterState / SupportsCommitter interfaces and WriterInitContext.',
    },
    {
        id: 'legacy-kafka',
        title: 'FlinkKafkaConsumer / FlinkKafkaProducer',
        prefixes: [
            `${F}streaming/connectors/kafka/FlinkKafkaConsumer`,
            `${F}streaming/connectors/kafka/FlinkKafkaProducer`,
        ],
        fix: 'Use KafkaSource and KafkaSink from flink-connector-kafka 4.0.0-2.0 (or newer -2.x).',
    },
    {
        id: 'legacy-kinesis',
        title: 'FlinkKinesisConsumer / FlinkKinesisProducer',
        prefixes: [
            `${F}streaming/connectors/kinesis/FlinkKinesisConsumer`,
            `${F}streaming/connectors/kinesis/FlinkKinesisProducer`,
            'com/amazonaws/services/kinesisanalytics/flink/connectors/producer/',
        ],
        fix: 'Use KinesisStreamsSource / KinesisStreamsSink (flink-connector-aws-kinesis-streams 6.0.0-2.0) and KinesisFirehoseSink (flink-connector-aws-kinesis-firehose 6.0.0-2.0). The old consumer state cannot be restored by the new source: give it a new uid.',
    },
    {
        id: 'time-characteristic',
        title: 'TimeCharacteristic',
        exact: [`${F}streaming/api/TimeCharacteristic`],
        methods: { [ENV]: ['setStreamTimeCharacteristic', 'getStreamTimeCharacteristic'] },
        fix: 'Remove setStreamTimeCharacteristic: event time is the default; assign a WatermarkStrategy, and use processing-time windows/timers explicitly where needed.',
    },
    {
        id: 'flink-time',
        title: "Flink's Time classes",
        exact: [`${F}streaming/api/windowing/time/Time`, `${F}api/common/time/Time`],
        methods: {
            [`${F}streaming/api/datastream/KeyedStream`]: ['timeWindow'],
            [`${F}streaming/api/datastream/DataStream`]: ['timeWindowAll'],
        },
        fix: 'Use java.time.Duration (e.g. TumblingEventTimeWindows.of(Duration.ofMinutes(1)), allowedLateness(Duration), StateTtlConfig.newBuilder(Duration)).',
    },
    {
        id: 'restart-strategies',
        title: 'RestartStrategies',
        prefixes: [`${F}api/common/restartstrategy/RestartStrategies`],
        methods: {
            [ENV]: ['setRestartStrategy', 'getRestartStrategy', 'setNumberOfExecutionRetries'],
            [EXEC_CONFIG]: [
                'setRestartStrategy',
                'getRestartStrategy',
                'setNumberOfExecutionRetries',
                'setExecutionRetryDelay',
            ],
        },
        fix: 'Remove programmatic restart strategies: on MSF the service configures restart behaviour (restart-strategy.* options otherwise).',
    },
    {
        id: 'legacy-state-backends',
        title: 'FsStateBackend / MemoryStateBackend',
        prefixes: [`${F}runtime/state/filesystem/FsStateBackend`, `${F}runtime/state/memory/MemoryStateBackend`],
        methods: { [ENV]: ['setStateBackend', 'getStateBackend'] },
        fix: 'Remove programmatic state-backend settings: MSF configures the state backend and checkpoint storage.',
    },
    {
        id: 'kryo-config',
        title: 'Kryo / type registration on ExecutionConfig',
        methods: {
            [EXEC_CONFIG]: [
                'registerKryoType',
                'registerPojoType',
                'registerTypeWithKryoSerializer',
                'addDefaultKryoSerializer',
                'enableForceKryo',
                'disableForceKryo',
                'enableForceAvro',
                'disableForceAvro',
                'enableGenericTypes',
                'disableGenericTypes',
                'disableAutoTypeRegistration',
            ],
            [ENV]: ['registerType', 'registerTypeWithKryoSerializer', 'addDefaultKryoSerializer'],
        },
        fix: 'Register types and serializers through configuration (pipeline.serialization-config, pipeline.generic-types, pipeline.force-kryo) or @TypeInfo / TypeInformation, not ExecutionConfig methods.',
    },
    {
        id: 'runtime-context',
        title: 'removed RuntimeContext methods',
        methods: {
            [`${F}api/common/functions/RuntimeContext`]: [
                'getIndexOfThisSubtask',
                'getNumberOfParallelSubtasks',
                'getMaxNumberOfParallelSubtasks',
                'getAttemptNumber',
                'getTaskName',
                'getTaskNameWithSubtasks',
                'getExecutionConfig',
                'getJobId',
            ],
        },
        fix: 'Use getRuntimeContext().getTaskInfo() (getIndexOfThisSubtask(), getNumberOfParallelSubtasks(), …) and getJobInfo(); read settings through the RuntimeContext directly.',
    },
    {
        id: 'legacy-serialization-schema',
        title: 'the old org.apache.flink.streaming.util.serialization schemas',
        prefixes: [`${F}streaming/util/serialization/`],
        fix: 'Use org.apache.flink.api.common.serialization (SimpleStringSchema, DeserializationSchema, SerializationSchema).',
    },
    {
        id: 'parameter-tool',
        title: 'the old org.apache.flink.api.java.utils.ParameterTool',
        exact: [
            `${F}api/java/utils/ParameterTool`,
            `${F}api/java/utils/MultipleParameterTool`,
            `${F}api/java/utils/AbstractParameterTool`,
        ],
        fix: 'Use org.apache.flink.util.ParameterTool (or read MSF runtime properties with KinesisAnalyticsRuntime.getApplicationProperties()).',
    },
    {
        id: 'legacy-checkpointing-api',
        title: 'removed checkpointing classes',
        exact: [
            `${F}runtime/state/CheckpointListener`,
            `${F}streaming/api/environment/CheckpointConfig$ExternalizedCheckpointCleanup`,
            `${F}streaming/api/environment/ExecutionCheckpointingOptions`,
        ],
        fix: 'Use org.apache.flink.api.common.state.CheckpointListener and org.apache.flink.core.execution.ExternalizedCheckpointRetention / CheckpointingOptions.',
    },
    {
        id: 'rich-window-functions',
        title: 'RichProcessWindowFunction / RichProcessAllWindowFunction',
        exact: [
            `${F}streaming/api/functions/windowing/RichProcessWindowFunction`,
            `${F}streaming/api/functions/windowing/RichProcessAllWindowFunction`,
        ],
        fix: 'Extend ProcessWindowFunction / ProcessAllWindowFunction (they are rich functions already).',
    },
    {
        id: 'legacy-timestamp-extractor',
        title: 'AscendingTimestampExtractor',
        exact: [`${F}streaming/api/functions/AscendingTimestampExtractor`],
        fix: 'Use WatermarkStrategy.forMonotonousTimestamps().withTimestampAssigner(...).',
    },
    {
        id: 'legacy-table-api',
        title: 'TableSource / TableSink / TableSchema',
        exact: [
            `${F}table/api/TableSchema`,
            `${F}table/api/TableSchema$Builder`,
            `${F}table/api/TableColumn`,
            `${F}table/api/Types`,
            `${F}table/factories/TableFactory`,
            `${F}table/factories/TableSourceFactory`,
            `${F}table/factories/TableSinkFactory`,
            `${F}table/factories/StreamTableSourceFactory`,
            `${F}table/factories/StreamTableSinkFactory`,
            `${F}table/connector/source/SourceFunctionProvider`,
            `${F}table/connector/sink/SinkFunctionProvider`,
            `${F}table/connector/sink/SinkProvider`,
        ],
        prefixes: [`${F}table/sources/`, `${F}table/sinks/`, `${F}table/descriptors/`],
        fix: 'Use DynamicTableSource / DynamicTableSink factories, and Schema, Column and DataTypes instead of TableSchema, TableColumn and Types.',
    },
];
const OVERRIDDEN_METHOD_RULES = [
    {
        rule: {
            id: 'rich-function-open',
            title: 'RichFunction.open(Configuration)',
            fix: 'Override open(OpenContext) instead (available since Flink 1.19); Flink 2.x never calls open(Configuration).',
        },
        name: 'open',
        descriptor: '(Lorg/apache/flink/configuration/Configuration;)V',
        // Flink's rich functions; not the I/O formats, whose configure(Configuration) shares the descriptor
        superMatches: (s) => s.startsWith(F) && !/Format$/.test(s),
        api: 'org.apache.flink.api.common.functions.RichFunction.open(Configuration)',
    },
];
/** Every UTF-8 constant the overridden-method rules look for. */
const OVERRIDE_CONSTANTS = [
    ...new Set(OVERRIDDEN_METHOD_RULES.flatMap((r) => [r.name, r.descriptor])),
];
const exactIndex = new Map();
const methodIndex = new Map();
for (const rule of REMOVED_API_RULES) {
    for (const name of rule.exact ?? [])
        exactIndex.set(name, rule);
    for (const [owner, names] of Object.entries(rule.methods ?? {})) {
        for (const m of names)
            methodIndex.set(`${owner}.${m}`, rule);
    }
}
/** The rule a referenced class falls under, if it was removed in Flink 2.0. */
function removedApiRuleForClass(internalName) {
    if (!internalName.startsWith(F) &&
        !internalName.startsWith('com/amazonaws/services/kinesisanalytics/flink/')) {
        return undefined;
    }
    // inner classes of removed classes are removed too: `Outer$Inner` → `Outer`
    const outer = internalName.includes('$') ? internalName.slice(0, internalName.indexOf('$')) : internalName;
    const exact = exactIndex.get(internalName) ?? exactIndex.get(outer);
    if (exact)
        return exact;
    for (const rule of REMOVED_API_RULES) {
        if (rule.prefixes?.some((p) => internalName.startsWith(p)))
            return rule;
    }
    return undefined;
}
/** The rule a method reference falls under, if the method was removed in Flink 2.0. */
function removedApiRuleForMethod(owner, name) {
    return methodIndex.get(`${owner}.${name}`);
}
/** Packages whose references the class-file reader keeps (everything else is dropped early). */
const INTERESTING_PREFIXES = [
    F,
    'com/esotericsoftware/kryo/',
    'com/amazonaws/services/kinesisanalytics/flink/',
];
function isInterestingRef(internalName) {
    return INTERESTING_PREFIXES.some((p) => internalName.startsWith(p));
}
// ---------------------------------------------------------------------------------------------
// Bundled Flink artifacts
// ---------------------------------------------------------------------------------------------
/**
 * Core Flink artifacts (org.apache.flink group, Scala suffix removed). The runtime provides them;
 * an application must declare them with `provided` scope.
 */
const CORE_ARTIFACTS = new Set([
    'flink-annotations',
    'flink-core',
    'flink-core-api',
    'flink-java',
    'flink-scala',
    'flink-streaming-java',
    'flink-streaming-scala',
    'flink-clients',
    'flink-runtime',
    'flink-runtime-web',
    'flink-optimizer',
    'flink-datastream',
    'flink-datastream-api',
    'flink-dist',
    'flink-metrics-core',
    'flink-rpc-core',
    'flink-rpc-akka',
    'flink-rpc-akka-loader',
    'flink-table-common',
    'flink-table-runtime',
    'flink-table-runtime-blink',
    'flink-table-planner',
    'flink-table-planner-blink',
    'flink-table-planner-loader',
    'flink-statebackend-rocksdb',
    'flink-state-backend-rocksdb',
]);
const CORE_ARTIFACT_PREFIXES = ['flink-table-api-', 'flink-table-planner'];
/** Strips the Scala binary-version suffix: `flink-streaming-java_2.12` → `flink-streaming-java`. */
function baseArtifactId(artifactId) {
    return artifactId.replace(/_2\.1[0-3]$/, '');
}
function isCoreFlinkArtifact(artifactId) {
    const base = baseArtifactId(artifactId);
    return CORE_ARTIFACTS.has(base) || CORE_ARTIFACT_PREFIXES.some((p) => base.startsWith(p));
}
/**
 * Classes that only exist in core Flink artifacts: finding one in the JAR means core Flink was
 * shaded in even when the pom.properties were filtered out.
 */
const CORE_MARKER_CLASSES = {
    [`${ENV}.class`]: 'flink-streaming-java',
    [`${F}api/common/ExecutionConfig.class`]: 'flink-core',
    [`${F}runtime/jobgraph/JobGraph.class`]: 'flink-runtime',
    [`${F}client/program/PackagedProgram.class`]: 'flink-clients',
    [`${F}table/api/TableEnvironment.class`]: 'flink-table-api-java',
};
/** Flink modules released with Flink itself (their version is a Flink version), not connectors. */
const FLINK_VERSIONED_MODULES = new Set([
    'flink-connector-base',
    'flink-connector-files',
    'flink-connector-datagen',
    'flink-json',
    'flink-csv',
    'flink-avro',
    'flink-parquet',
    'flink-orc',
    'flink-protobuf',
    'flink-s3-fs-hadoop',
    'flink-s3-fs-presto',
]);
function isFlinkVersionedModule(artifactId) {
    return FLINK_VERSIONED_MODULES.has(baseArtifactId(artifactId));
}
function isConnectorArtifact(artifactId) {
    const base = baseArtifactId(artifactId);
    return base.startsWith('flink-connector-') || base.startsWith('flink-sql-connector-');
}
/** MSF "Connector availability for Flink 2.2" (flink-2-2.html). */
const CONNECTOR_ADVICE = {
    'flink-connector-kafka': { flink2: 'flink-connector-kafka 4.0.0-2.0' },
    'flink-sql-connector-kafka': { flink2: 'flink-sql-connector-kafka 4.0.0-2.0' },
    'flink-connector-kinesis': {
        flink2: 'flink-connector-aws-kinesis-streams 6.0.0-2.0 (KinesisStreamsSource / KinesisStreamsSink)',
    },
    'flink-sql-connector-kinesis': { flink2: 'the Kinesis SQL connector of flink-connector-aws 6.0.0-2.0' },
    'flink-connector-aws-kinesis-streams': { flink2: 'flink-connector-aws-kinesis-streams 6.0.0-2.0' },
    'flink-sql-connector-aws-kinesis-streams': { flink2: 'flink-sql-connector-aws-kinesis-streams 6.0.0-2.0' },
    'flink-connector-aws-kinesis-firehose': { flink2: 'flink-connector-aws-kinesis-firehose 6.0.0-2.0' },
    'flink-sql-connector-aws-kinesis-firehose': {
        flink2: 'flink-sql-connector-aws-kinesis-firehose 6.0.0-2.0',
    },
    'flink-connector-dynamodb': { flink2: 'flink-connector-dynamodb 6.0.0-2.0' },
    'flink-sql-connector-dynamodb': { flink2: 'flink-sql-connector-dynamodb 6.0.0-2.0' },
    'flink-connector-sqs': { flink2: 'flink-connector-sqs 6.0.0-2.0' },
    'flink-connector-jdbc': {
        flink2: 'no Flink 2.x release of flink-connector-jdbc yet',
        noFlink2Release: true,
    },
    'flink-connector-opensearch': {
        flink2: 'no Flink 2.x release of flink-connector-opensearch yet',
        noFlink2Release: true,
    },
    'flink-sql-connector-opensearch': {
        flink2: 'no Flink 2.x release of the OpenSearch connector yet',
        noFlink2Release: true,
    },
    'flink-connector-elasticsearch7': {
        flink2: 'no Flink 2.x release of the Elasticsearch connector yet',
        noFlink2Release: true,
    },
    'flink-connector-elasticsearch6': {
        flink2: 'no Flink 2.x release of the Elasticsearch connector yet',
        noFlink2Release: true,
    },
    'flink-connector-prometheus': {
        flink2: 'no Flink 2.x release of flink-connector-prometheus yet',
        noFlink2Release: true,
    },
};
function connectorAdvice(artifactId) {
    return CONNECTOR_ADVICE[baseArtifactId(artifactId)];
}
// ---------------------------------------------------------------------------------------------
// State-serialization heuristics (MSF state compatibility guide for Flink 2.2)
// ---------------------------------------------------------------------------------------------
/** Java collection types that Flink 1.x serialized with Kryo inside POJOs and 2.x does not. */
const COLLECTION_DESCRIPTOR = /^Ljava\/util\/(?:Collection|List|ArrayList|LinkedList|Map|HashMap|LinkedHashMap|TreeMap|SortedMap|NavigableMap|Set|HashSet|LinkedHashSet|TreeSet|SortedSet|Queue|Deque|ArrayDeque)(?:;|<)/;
/** Type information built from a generic signature: `new TypeHint<List<Long>>() {}`. */
const TYPE_HINT = 'org/apache/flink/api/common/typeinfo/TypeHint';
/** Packages whose types the class-file reader reports from generic signatures (collections in TypeHints). */
const SIGNATURE_PREFIXES = ['java/util/'];
/** Packages of well-known libraries: never treated as the application's own classes. */
const LIBRARY_PREFIXES = [
    'org/apache/',
    'com/google/',
    'com/fasterxml/',
    'com/esotericsoftware/',
    'com/amazonaws/',
    'software/amazon/',
    'scala/',
    'kotlin/',
    'io/netty/',
    'org/slf4j/',
    'ch/qos/',
    'org/joda/',
    'org/json/',
    'javax/',
    'jakarta/',
    'com/typesafe/',
    'org/xerial/',
    'net/jpountz/',
    'com/github/luben/',
    'org/reactivestreams/',
    'org/objenesis/',
    'org/checkerframework/',
    'io/confluent/',
    'org/codehaus/',
    'com/twitter/',
    'org/yaml/',
    'io/micrometer/',
    'io/opentelemetry/',
    'io/grpc/',
    'com/sun/',
    'sun/',
    'jdk/',
    'net/bytebuddy/',
    'org/objectweb/',
    'org/jetbrains/',
    'org/intellij/',
    'org/xml/',
    'org/w3c/',
    'com/squareup/',
    'okhttp3/',
    'okio/',
    'org/lz4/',
    'org/rocksdb/',
    'org/HdrHistogram/',
    'it/unimi/',
    'org/roaringbitmap/',
];

;// CONCATENATED MODULE: ./.tmp/build/src/jar-check/metadata.js
/**
 * Parsing of the small metadata files of an archive: `pom.properties`, `MANIFEST.MF`, version strings
 * of Flink artifacts and versioned JAR file names. Pure.
 */

/** `key=value` lines (Java properties, the subset Maven writes). */
function parseProperties(text) {
    const out = {};
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (!line || line.startsWith('#') || line.startsWith('!'))
            continue;
        const m = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
        if (m)
            out[m[1]] = m[2].trim();
    }
    return out;
}
/** `META-INF/maven/<group>/<artifact>/pom.properties` → the artifact, or undefined. */
function artifactFromPomProperties(entry, text) {
    const m = /^META-INF\/maven\/([^/]+)\/([^/]+)\/pom\.properties$/.exec(entry);
    if (!m)
        return undefined;
    const props = parseProperties(text);
    const version = props['version'];
    if (!version)
        return undefined;
    return {
        groupId: props['groupId'] ?? m[1],
        artifactId: props['artifactId'] ?? m[2],
        version,
        entry,
    };
}
function isPomPropertiesEntry(entry) {
    return /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(entry);
}
/** Main section of a manifest (continuation lines joined). */
function parseManifest(text) {
    const out = {};
    let last;
    for (const line of text.split(/\r?\n/)) {
        if (line === '') {
            if (Object.keys(out).length > 0)
                break; // end of the main section
            continue;
        }
        if (line.startsWith(' ') && last !== undefined) {
            out[last] += line.slice(1);
            continue;
        }
        const i = line.indexOf(':');
        if (i <= 0)
            continue;
        last = line.slice(0, i).trim();
        out[last] = line.slice(i + 1).trim();
    }
    return out;
}
function formatLine(line) {
    return `${line.major}.${line.minor}`;
}
/** `1.20.1` / `2.2` / `1.20-SNAPSHOT` → its major.minor. */
function flinkLineOf(version) {
    const m = /^(\d+)\.(\d+)/.exec(version);
    return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}
/**
 * Versions of Flink artifacts:
 * - externalized connectors (since Flink 1.16): `<connector>-<flink major.minor>`, e.g. `4.3.0-1.19`,
 *   `6.0.0-2.0`;
 * - modules released with Flink (core, flink-connector-base, formats) and the connectors of Flink
 *   ≤ 1.16: the Flink version itself, e.g. `1.15.4`.
 */
function parseArtifactVersion(artifactId, version) {
    const suffixed = /^(\d+(?:\.\d+){1,2})-(\d+)\.(\d+)(?:[-.].*)?$/.exec(version);
    if (suffixed) {
        return { own: suffixed[1], flink: { major: Number(suffixed[2]), minor: Number(suffixed[3]) } };
    }
    const base = baseArtifactId(artifactId);
    const line = flinkLineOf(version);
    // Old-style connectors shared Flink's version number; only 1.x lines ever did that.
    if (line && (isFlinkVersionedModule(base) || !/connector/.test(base) || line.major === 1)) {
        return { own: version, flink: line };
    }
    return { own: version };
}
/** `lib/flink-sql-connector-kinesis-4.3.0-1.19.jar` → { flink-sql-connector-kinesis, 4.3.0-1.19 }. */
function parseJarFileName(entry) {
    const file = entry.slice(entry.lastIndexOf('/') + 1);
    const m = /^(.+?(?:_2\.1[0-3])?)-(\d+(?:\.\d+)+(?:-\d+\.\d+)?(?:-[A-Za-z0-9.]+)?)\.jar$/.exec(file);
    if (!m)
        return undefined;
    return { artifactId: m[1], version: m[2] };
}
/** Compares dotted numeric versions (`5.0.0` vs `4.3`); non-numeric parts count as 0. */
function compareVersions(a, b) {
    const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
    const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const d = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (d !== 0)
            return d;
    }
    return 0;
}

;// CONCATENATED MODULE: ./.tmp/build/src/jar-check/bundled.js


/** True when the upgrade crosses from Flink 1.x to 2.x (or may: current runtime unknown). */
function crossesToFlink2(ctx) {
    return ctx.target.flinkMajor >= 2 && (ctx.current === undefined || ctx.current.flinkMajor < 2);
}
/** Checks Flink artifacts (org.apache.flink group) bundled in the application. */
function bundledArtifactFindings(artifacts, ctx) {
    const findings = [];
    const seen = new Set();
    let bundledFlinkVersion;
    const target = ctx.target;
    const targetLine = target.flinkVersion;
    for (const a of artifacts) {
        const base = baseArtifactId(a.artifactId);
        const key = `${base}@${a.version}`;
        if (seen.has(key))
            continue;
        seen.add(key);
        if (isCoreFlinkArtifact(base)) {
            bundledFlinkVersion ??= a.version;
            findings.push({
                severity: 'error',
                code: 'FLINK_CORE_BUNDLED',
                message: `Core Flink artifact ${a.artifactId} ${a.version} is bundled in the application; ${target.runtime} provides Flink ${targetLine} itself, and a second copy of Flink on the class path breaks job startup.`,
                location: a.location,
                fix: `Declare org.apache.flink:${a.artifactId} with <scope>provided</scope> (Gradle: compileOnly) at Flink ${targetLine} and rebuild.`,
            });
            continue;
        }
        if (!isConnectorArtifact(base) && !isFlinkVersionedModule(base))
            continue;
        const advice = connectorAdvice(base);
        const version = parseArtifactVersion(base, a.version);
        const line = version.flink;
        const builtFor = line ? `built for Flink ${formatLine(line)}` : 'of unknown Flink line';
        if (target.flinkMajor >= 2 && advice?.noFlink2Release) {
            findings.push({
                severity: 'error',
                code: 'FLINK_CONNECTOR_NO_FLINK2',
                message: `${a.artifactId} ${a.version} is bundled, and this connector has no release for Flink 2.x; it cannot run on ${target.runtime}.`,
                location: a.location,
                fix: `Replace it (${advice.flink2}), for example with a custom Sink V2 or another connector, or stay on Flink 1.20.`,
            });
            continue;
        }
        if (!line) {
            findings.push({
                severity: 'info',
                code: 'FLINK_CONNECTOR_UNKNOWN_LINE',
                message: `${a.artifactId} ${a.version} is bundled; its version does not say which Flink line it was built for.`,
                location: a.location,
                fix: `Check that this release supports Flink ${targetLine}.`,
            });
            continue;
        }
        const isKinesisLegacy = base === 'flink-connector-kinesis' && compareVersions(version.own, '5.0') < 0;
        const replacement = target.flinkMajor >= 2 && advice
            ? advice.flink2
            : isFlinkVersionedModule(base)
                ? `${a.artifactId} at Flink ${targetLine} (or provided scope)`
                : `the ${a.artifactId} release built for Flink ${target.flinkMajor >= 2 ? `${target.flinkMajor}.x (version suffix -${target.flinkMajor}.0 or later)` : targetLine}`;
        if (line.major !== target.flinkMajor) {
            findings.push({
                severity: 'error',
                code: 'FLINK_CONNECTOR_MISMATCH',
                message: `${a.artifactId} ${a.version} is ${builtFor}, but ${target.runtime} runs Flink ${targetLine}: connectors are not binary compatible across Flink major versions` +
                    (isKinesisLegacy
                        ? ' (below 5.0 it is the legacy SourceFunction-based FlinkKinesisConsumer/FlinkKinesisProducer).'
                        : '.'),
                location: a.location,
                fix: `Use ${replacement}.`,
            });
        }
        else if (line.minor > target.flinkMinor || (target.flinkMajor < 2 && line.minor < target.flinkMinor)) {
            // Within 2.x, connectors are built against 2.0 and run on later 2.x lines (MSF recommends the -2.0
            // releases for 2.2), so only a newer line is a problem there.
            findings.push({
                severity: 'warning',
                code: 'FLINK_CONNECTOR_MISMATCH',
                message: `${a.artifactId} ${a.version} is ${builtFor}; ${target.runtime} runs Flink ${targetLine}.`,
                location: a.location,
                fix: `Use ${replacement}.`,
            });
        }
        if (isKinesisLegacy && ctx.target.flinkMajor >= 2 && crossesToFlink2(ctx)) {
            findings.push({
                severity: 'warning',
                code: 'STATE_KINESIS_CONNECTOR',
                message: `${a.artifactId} ${a.version} is older than 5.0: Kinesis source state written by it cannot be restored on Flink 2.x (which uses connector 6.0).`,
                location: a.location,
                fix: 'Give the new KinesisStreamsSource a new uid and upgrade with allow-non-restored-state, or start without restoring (SKIP_RESTORE_FROM_SNAPSHOT) after stopping the old version, as the MSF state compatibility guide describes.',
            });
        }
    }
    const result = { findings };
    if (bundledFlinkVersion !== undefined)
        result.bundledFlinkVersion = bundledFlinkVersion;
    return result;
}

;// CONCATENATED MODULE: ./.tmp/build/src/jar-check/analyze-jar.js




/** Findings per rule and code naming single classes; beyond this, one summary finding. */
const MAX_CLASSES_PER_RULE = 10;
/**
 * State-risk candidates kept per kind (memory bound for huge JARs). Well-known libraries are dropped
 * when added; the application-package filter (from the manifest) is applied in finish().
 */
const MAX_STATE_CANDIDATES = 2000;
const FLINK = 'org/apache/flink/';
const KRYO = 'com/esotericsoftware/kryo/';
const KINESIS_STREAMS_SOURCE = 'org/apache/flink/connector/kinesis/source/KinesisStreamsSource';
function dotted(internalName) {
    return internalName.replaceAll('/', '.');
}
/** ` (api, api, +N more)`, or nothing when the only API is what the title ends with already. */
function apiDetail(apis, title) {
    const only = apis.length === 1 ? apis[0] : undefined;
    if (only !== undefined) {
        const paren = only.indexOf('(');
        const simple = only.slice(only.lastIndexOf('.', paren < 0 ? only.length : paren) + 1);
        if (title.endsWith(simple))
            return '';
    }
    return ` (${apis.slice(0, 3).join(', ')}${apis.length > 3 ? `, +${apis.length - 3} more` : ''})`;
}
function isBundledConnectorClass(name) {
    return name.startsWith(`${FLINK}connector/`) || name.startsWith(`${FLINK}streaming/connectors/`);
}
/** Field filter for the class-file reader: only collection-typed instance fields matter. */
function isCollectionField(field) {
    return (field.access & (ACC_STATIC | ACC_TRANSIENT)) === 0 && COLLECTION_DESCRIPTOR.test(field.descriptor);
}
/** `META-INF/versions/11/com/x/Y.class` → 11; undefined for other entries. */
function multiReleaseVersion(entry) {
    const m = /^META-INF\/versions\/(\d+)\//.exec(entry);
    return m ? Number(m[1]) : undefined;
}
function newLayer() {
    return {
        majors: new Map(),
        hits: new Map(),
        bundledHits: new Map(),
        state: {
            kryo: { app: [], lib: [] },
            scala: { app: [], lib: [] },
            record: { app: [], lib: [] },
            pojo: { app: [], lib: [] },
            collection: { app: [], lib: [] },
            kinesis: { app: [], lib: [] },
        },
    };
}
class JarAnalyzer {
    ctx;
    layers = new Map();
    artifacts = [];
    manifest = {};
    coreMarkers = new Map();
    unreadable = 0;
    unreadableExample;
    constructor(ctx) {
        this.ctx = ctx;
    }
    /** Every entry name (cheap): spots core Flink classes even when pom.properties were stripped. */
    addEntryName(entry) {
        const artifact = CORE_MARKER_CLASSES[entry];
        if (artifact && !this.coreMarkers.has(artifact))
            this.coreMarkers.set(artifact, entry);
    }
    addArtifact(artifact) {
        if (artifact.groupId !== 'org.apache.flink')
            return;
        this.artifacts.push({
            artifactId: artifact.artifactId,
            version: artifact.version,
            location: artifact.entry,
        });
    }
    addManifest(text) {
        this.manifest = parseManifest(text);
        const title = this.manifest['Implementation-Title'];
        const version = this.manifest['Implementation-Version'];
        const vendor = this.manifest['Implementation-Vendor-Id'] ?? this.manifest['Implementation-Vendor'];
        if (title && version && isCoreFlinkArtifact(title) && (!vendor || /flink/i.test(vendor))) {
            this.artifacts.push({ artifactId: title, version, location: 'META-INF/MANIFEST.MF' });
        }
    }
    addUnreadableClass(entry) {
        this.unreadable++;
        this.unreadableExample ??= entry;
    }
    addClass(entry, c) {
        const name = c.name;
        if (name === 'module-info' || name.endsWith('/module-info') || name.endsWith('package-info'))
            return;
        const release = multiReleaseVersion(entry) ?? 0;
        let layer = this.layers.get(release);
        if (!layer) {
            layer = newLayer();
            this.layers.set(release, layer);
        }
        const m = layer.majors.get(c.major);
        if (m)
            m.count++;
        else
            layer.majors.set(c.major, { count: 1, example: name });
        const isFlinkClass = name.startsWith(FLINK);
        if (isFlinkClass && !isBundledConnectorClass(name))
            return; // core Flink: see the module comment
        // References to APIs removed in Flink 2.0
        const record = (rule, api) => {
            if (isFlinkClass) {
                const b = layer.bundledHits.get(rule.id);
                if (b)
                    b.classes.add(name);
                else
                    layer.bundledHits.set(rule.id, { rule, classes: new Set([name]), example: name, api });
                return;
            }
            const key = `${rule.id}|${name}`;
            const hit = layer.hits.get(key);
            if (hit)
                hit.apis.add(api);
            else
                layer.hits.set(key, { rule, cls: name, apis: new Set([api]) });
        };
        const supers = [c.superName, ...c.interfaces].filter((s) => s !== undefined);
        for (const ref of new Set([...c.refs, ...supers])) {
            const rule = removedApiRuleForClass(ref);
            if (rule)
                record(rule, dotted(ref));
        }
        for (const mr of c.methodRefs) {
            const rule = removedApiRuleForMethod(mr.owner, mr.name);
            if (rule)
                record(rule, `${dotted(mr.owner)}.${mr.name}()`);
        }
        for (const o of OVERRIDDEN_METHOD_RULES) {
            // a call such as super.open(parameters) is certain; a declaration is inferred from the pool
            const calls = c.methodRefs.some((m) => m.name === o.name && m.descriptor === o.descriptor && m.owner.startsWith(FLINK));
            const declares = c.superName !== undefined &&
                o.superMatches(c.superName) &&
                c.constants.includes(o.name) &&
                c.constants.includes(o.descriptor);
            if (calls || declares)
                record(o.rule, o.api);
        }
        if (isFlinkClass)
            return;
        // State-serialization candidates (filtered to the application's packages in finish()). Classes of
        // well-known libraries are kept apart so that they cannot crowd the application's out of the cap.
        const isLibrary = LIBRARY_PREFIXES.some((p) => name.startsWith(p));
        const add = (kind, candidate) => {
            const list = isLibrary ? layer.state[kind].lib : layer.state[kind].app;
            if (list.length < MAX_STATE_CANDIDATES)
                list.push(candidate);
        };
        const kryoRefs = c.refs.filter((r) => r.startsWith(KRYO));
        const kryoCalls = c.methodRefs.filter((r) => /Kryo/.test(r.name) || r.name === 'registerType');
        if (kryoRefs.length > 0 || kryoCalls.length > 0) {
            const what = [...kryoRefs.map(dotted), ...kryoCalls.map((r) => `${r.name}()`)];
            add('kryo', { cls: name, detail: () => what.slice(0, 3).join(', ') });
        }
        if (c.interfaces.includes('scala/Product') &&
            (c.interfaces.includes('scala/Serializable') || c.interfaces.includes('java/io/Serializable'))) {
            add('scala', { cls: name, detail: () => 'Scala case class' });
        }
        if (c.superName === 'java/lang/Record')
            add('record', { cls: name, detail: () => 'Java record' });
        const notPojo = ACC_INTERFACE | ACC_ABSTRACT | ACC_ENUM | ACC_ANNOTATION | ACC_SYNTHETIC;
        if (c.fields.length > 0 &&
            (c.access & ACC_PUBLIC) !== 0 &&
            (c.access & notPojo) === 0 &&
            c.superName !== 'java/lang/Record' &&
            !supers.some((s) => s.startsWith(FLINK)) // functions and operators are not state types
        ) {
            const fields = c.fields.filter(isCollectionField);
            if (fields.length > 0) {
                add('pojo', {
                    cls: name,
                    detail: () => fields
                        .slice(0, 3)
                        .map((f) => `${f.name}: ${dotted(f.descriptor.slice(1).replace(/[;<].*$/, ''))}`)
                        .join(', '),
                });
            }
        }
        // `new TypeHint<List<Long>>() {}`: a state type Flink 1.x serialises with Kryo (GenericTypeInfo)
        // and Flink 2.x with its own collection serializers, which cannot read that state (FLINK-34037)
        if (c.superName === TYPE_HINT) {
            const collections = c.signatureRefs.filter((r) => COLLECTION_DESCRIPTOR.test(`L${r};`));
            if (collections.length > 0) {
                add('collection', {
                    cls: name,
                    detail: () => `TypeHint of ${collections.slice(0, 3).map(dotted).join(', ')}`,
                });
            }
        }
        if (c.refs.includes(KINESIS_STREAMS_SOURCE))
            add('kinesis', { cls: name, detail: () => 'KinesisStreamsSource' });
    }
    /** The layers the target JVM would load: the base, plus META-INF/versions/N for N ≤ its Java. */
    loadedLayers() {
        const multiRelease = /^true$/i.test(this.manifest['Multi-Release'] ?? '');
        const out = [];
        for (const [release, layer] of this.layers) {
            if (release === 0 || (multiRelease && release <= this.ctx.target.javaRelease))
                out.push(layer);
        }
        return out;
    }
    applicationPrefixes() {
        if (this.ctx.applicationPackages && this.ctx.applicationPackages.length > 0) {
            return this.ctx.applicationPackages.map((p) => p.replaceAll('.', '/'));
        }
        const main = this.manifest['Main-Class'];
        if (!main)
            return undefined;
        const parts = main.trim().replaceAll('.', '/').split('/').slice(0, -1);
        if (parts.length === 0)
            return undefined;
        // `com.example.jobs.Main` → `com/example/`; but a package under a library's namespace (the AWS
        // samples use `com.amazonaws.services.msf`) is taken whole, not widened to the library.
        const short = `${parts.slice(0, Math.min(parts.length, 2)).join('/')}/`;
        const whole = `${parts.join('/')}/`;
        return [LIBRARY_PREFIXES.some((p) => short.startsWith(p) || p.startsWith(short)) ? whole : short];
    }
    /** With known application packages, membership decides; without, anything not a known library. */
    isApplicationClass(name, prefixes) {
        if (prefixes !== undefined)
            return prefixes.some((p) => name.startsWith(p));
        return !LIBRARY_PREFIXES.some((p) => name.startsWith(p));
    }
    finish() {
        const { target } = this.ctx;
        const findings = [];
        const layers = this.loadedLayers();
        // 1. Bundled Flink artifacts
        const artifacts = [...this.artifacts];
        for (const [artifactId, entry] of this.coreMarkers) {
            if (!artifacts.some((a) => isCoreFlinkArtifact(a.artifactId))) {
                artifacts.push({ artifactId, version: 'unknown version', location: entry });
            }
        }
        const bundled = bundledArtifactFindings(artifacts, this.ctx);
        findings.push(...bundled.findings);
        // 2. Class-file versions
        let maxMajor;
        const tooNew = [];
        const allowed = majorForJavaRelease(target.javaRelease);
        for (const layer of layers) {
            for (const [major, m] of layer.majors) {
                maxMajor = Math.max(maxMajor ?? 0, major);
                if (major > allowed)
                    tooNew.push({ major, ...m });
            }
        }
        if (tooNew.length > 0) {
            tooNew.sort((a, b) => b.major - a.major);
            const newest = tooNew[0];
            const total = tooNew.reduce((n, t) => n + t.count, 0);
            findings.push({
                severity: 'error',
                code: 'JAVA_CLASS_VERSION',
                message: `${dotted(newest.example)} is compiled for Java ${javaReleaseForMajor(newest.major)} (class file ${newest.major}), but ${target.runtime} runs Java ${target.javaRelease}${total > 1 ? `; ${total} classes need a newer Java than ${target.javaRelease}` : ''}. The job would fail with UnsupportedClassVersionError.`,
                location: dotted(newest.example),
                fix: `Compile with --release ${target.javaRelease} (maven.compiler.release=${target.javaRelease}) and use dependencies built for Java ${target.javaRelease} or older.`,
            });
        }
        // 3. APIs removed in Flink 2.0
        if (target.flinkMajor >= 2) {
            const byRule = new Map();
            for (const layer of layers) {
                for (const hit of layer.hits.values()) {
                    const list = byRule.get(hit.rule.id) ?? [];
                    list.push(hit);
                    byRule.set(hit.rule.id, list);
                }
            }
            for (const hits of byRule.values()) {
                hits.sort((a, b) => a.cls.localeCompare(b.cls));
                for (const hit of hits.slice(0, MAX_CLASSES_PER_RULE)) {
                    const apis = [...hit.apis].sort();
                    findings.push({
                        severity: 'error',
                        code: 'FLINK2_REMOVED_API',
                        message: `${dotted(hit.cls)} uses ${hit.rule.title}${apiDetail(apis, hit.rule.title)}, removed in Flink 2.0; ${target.runtime} does not have it.`,
                        location: dotted(hit.cls),
                        fix: hit.rule.fix,
                    });
                }
                const rest = hits.length - MAX_CLASSES_PER_RULE;
                const first = hits[0];
                if (rest > 0) {
                    findings.push({
                        severity: 'error',
                        code: 'FLINK2_REMOVED_API',
                        message: `${rest} more classes use ${first.rule.title}, removed in Flink 2.0.`,
                        fix: first.rule.fix,
                    });
                }
            }
            const bundledHits = new Map();
            for (const layer of layers) {
                for (const [id, b] of layer.bundledHits) {
                    const prev = bundledHits.get(id);
                    if (prev)
                        for (const c of b.classes)
                            prev.classes.add(c);
                    else
                        bundledHits.set(id, { ...b, classes: new Set(b.classes) });
                }
            }
            for (const b of bundledHits.values()) {
                const count = b.classes.size;
                findings.push({
                    severity: 'error',
                    code: 'FLINK2_REMOVED_API_BUNDLED',
                    message: `${count} bundled Flink connector class${count === 1 ? '' : 'es'} (e.g. ${dotted(b.example)}) use ${b.rule.title}${apiDetail([b.api], b.rule.title)}, removed in Flink 2.0: the bundled connector was built for Flink 1.x.`,
                    location: dotted(b.example),
                    fix: `Upgrade the connector to its release for Flink 2.x. ${b.rule.fix}`,
                });
            }
        }
        // 4. State-serialization risks of a 1.x → 2.x upgrade
        if (crossesToFlink2(this.ctx)) {
            const prefixes = this.applicationPrefixes();
            const pick = (kind) => layers
                .flatMap((l) => [...l.state[kind].app, ...l.state[kind].lib])
                .filter((s) => this.isApplicationClass(s.cls, prefixes));
            const risk = (code, items, what, fix) => {
                if (items.length === 0)
                    return;
                const names = items.slice(0, MAX_CLASSES_PER_RULE).map((s) => `${dotted(s.cls)} (${s.detail()})`);
                findings.push({
                    severity: 'warning',
                    code,
                    message: `${what}: ${names.join('; ')}${items.length > MAX_CLASSES_PER_RULE ? `; +${items.length - MAX_CLASSES_PER_RULE} more` : ''}. State written by Flink 1.x with these types may not restore on Flink 2.x.`,
                    location: dotted(items[0].cls),
                    fix,
                });
            };
            risk('STATE_KRYO', pick('kryo'), 'Kryo is used directly (Flink 2.x upgrades Kryo 2.24 → 5.6)', 'Replace Kryo-serialized state with POJO, Avro or Protobuf types or a custom TypeSerializer, or accept losing that state (new uid + allow-non-restored-state).');
            risk('STATE_SCALA_CASE_CLASS', pick('scala'), 'Scala case classes found (serialized by the removed Scala API serializers or by Kryo)', 'Use Java POJOs, Avro or explicit TypeInformation for state; otherwise plan to start the upgraded job without the old state.');
            risk('STATE_JAVA_RECORD', pick('record'), 'Java records found (usually serialized through the Kryo fallback in Flink 1.x)', 'Check the job logs for "cannot be used as a POJO type"; move state to POJOs, Avro or Protobuf, or start without the old state.');
            risk('STATE_POJO_COLLECTIONS', pick('pojo'), 'POJO-like classes with Java collection fields (Kryo in Flink 1.x, new collection serializers in 2.x)', 'If these are state types, the restore fails with a PojoSerializer incompatibility: migrate the state (e.g. State Processor API) or start without it.');
            risk('STATE_JAVA_COLLECTION', pick('collection'), 'Java collections as state types (serialized with Kryo by Flink 1.x; Flink 2.x has dedicated collection serializers that cannot read that state: a restore fails and the job restarts in a loop)', 'Move the state to a POJO without collection fields or Flink ListState/MapState, migrate it with the State Processor API, or start the 2.x job without it (new uid + allow-non-restored-state).');
            const kinesisUsers = pick('kinesis');
            if (kinesisUsers.length > 0) {
                findings.push({
                    severity: 'warning',
                    code: 'STATE_KINESIS_SOURCE',
                    message: `${dotted(kinesisUsers[0].cls)} reads Kinesis with KinesisStreamsSource: if the running 1.x version used FlinkKinesisConsumer (connector < 5.0), its source state cannot be restored.`,
                    location: dotted(kinesisUsers[0].cls),
                    fix: 'Give the new source a new uid and allow non-restored state, choosing its start position explicitly.',
                });
            }
        }
        // 5. Anything we could not read
        if (this.unreadable > 0) {
            findings.push({
                severity: 'warning',
                code: 'CLASS_UNREADABLE',
                message: `${this.unreadable} .class entr${this.unreadable === 1 ? 'y is' : 'ies are'} not valid class files and were not checked.`,
                location: this.unreadableExample,
                fix: 'Rebuild the JAR; a class the JVM cannot read fails the job when it is loaded.',
            });
        }
        if (this.layers.size === 0 && this.unreadable === 0) {
            findings.push({
                severity: 'warning',
                code: 'JAR_NO_CLASSES',
                message: 'The archive contains no class files: there is no job to run.',
                fix: 'Upload the shaded application JAR (mvn package / gradle shadowJar output), not the sources or a thin JAR.',
            });
        }
        const result = { findings };
        if (maxMajor !== undefined)
            result.maxClassMajor = maxMajor;
        if (bundled.bundledFlinkVersion !== undefined)
            result.bundledFlinkVersion = bundled.bundledFlinkVersion;
        return result;
    }
}

;// CONCATENATED MODULE: ./.tmp/build/src/jar-check/analyze-python.js
/**
 * Checks of a Python (PyFlink) application zip, from its entry names only. Pure.
 *
 * MSF expects: the main `.py` file at the top level or in one folder (its path goes in the `python`
 * property of `kinesis.analytics.flink.run.options`), and the JAR dependencies (connectors) in the
 * zip, conventionally under `lib/` (the `jarfile` property).
 */


/** How many JAR names the PY_BUNDLED_JARS finding lists. */
const MAX_LISTED_JARS = 20;
function depth(path) {
    return path.split('/').length - 1;
}
function isUnderLib(path) {
    return /^(?:[^/]+\/)?lib\/[^/]+\.jar$/.test(path);
}
function analyzePythonZip(entries, ctx) {
    const findings = [];
    const python = entries.python.filter((p) => !p.startsWith('__MACOSX/'));
    if (python.length === 0) {
        findings.push({
            severity: 'error',
            code: 'PY_NO_PYTHON',
            message: 'The Python application zip contains no .py file.',
            fix: 'Zip the main .py file (top level or one folder) together with its lib/ JARs.',
        });
    }
    else if (!python.some((p) => depth(p) <= 1)) {
        findings.push({
            severity: 'warning',
            code: 'PY_LAYOUT',
            message: `No .py file at the top level or in a top-level folder (e.g. ${python[0]}); MSF looks for the main file where the "python" run option points.`,
            location: python[0],
            fix: 'Put the main .py file at the top level of the zip (or in a single folder) and point kinesis.analytics.flink.run.options/python at it.',
        });
    }
    const jars = entries.jars;
    if (jars.length === 0) {
        findings.push({
            severity: 'info',
            code: 'PY_NO_JARS',
            message: 'No JAR dependencies in the zip: fine only if the application uses no connector.',
            fix: 'Add the connector JARs built for the target Flink line under lib/ and reference them with the "jarfile" run option.',
        });
        return { findings };
    }
    const listed = jars.slice(0, MAX_LISTED_JARS).map((j) => j.slice(j.lastIndexOf('/') + 1));
    findings.push({
        severity: 'info',
        code: 'PY_BUNDLED_JARS',
        message: `Bundled JARs: ${listed.join(', ')}${jars.length > MAX_LISTED_JARS ? `, +${jars.length - MAX_LISTED_JARS} more` : ''}.`,
        fix: `Each must be built for Flink ${ctx.target.flinkVersion}.`,
    });
    const outside = jars.filter((j) => !isUnderLib(j));
    if (outside.length > 0) {
        findings.push({
            severity: 'warning',
            code: 'PY_LAYOUT',
            message: `JAR${outside.length === 1 ? '' : 's'} outside lib/: ${outside.slice(0, 5).join(', ')}${outside.length > 5 ? ', …' : ''}.`,
            location: outside[0],
            fix: 'Put JAR dependencies under lib/ and make the "jarfile" run option point at them.',
        });
    }
    const artifacts = [];
    for (const jar of jars) {
        const parsed = parseJarFileName(jar);
        if (parsed && parsed.artifactId.startsWith('flink-')) {
            artifacts.push({ artifactId: parsed.artifactId, version: parsed.version, location: jar });
        }
    }
    const bundled = bundledArtifactFindings(artifacts, ctx);
    findings.push(...bundled.findings);
    return bundled.bundledFlinkVersion === undefined
        ? { findings }
        : { findings, bundledFlinkVersion: bundled.bundledFlinkVersion };
}

;// CONCATENATED MODULE: ./.tmp/build/src/jar-check/types.js
/** Types of the JAR binary-compatibility check (see index.ts for the public API). */
/** The artifact cannot be checked at all (it cannot be deployed either). */
class JarCheckError extends Error {
    file;
    problem;
    constructor(file, problem, message) {
        super(message);
        this.file = file;
        this.problem = problem;
        this.name = 'JarCheckError';
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./node_modules/yauzl/index.js
var yauzl = __webpack_require__(663);
;// CONCATENATED MODULE: ./.tmp/build/src/jar-check/zip-reader.js
/**
 * Reads a zip archive without loading it: yauzl walks the central directory lazily (one entry at a
 * time, through a small block cache instead of one system call per header), and only the entries the
 * handlers ask for are read. Class files are inflated partially, just until the parser has what it
 * needs (header, constant pool, fields); methods and resources are never inflated. Text entries
 * (manifest, pom.properties) go through yauzl's read streams. Memory: the block cache (8 × 1 MiB by
 * default) plus the few entries in flight, whatever the archive's size.
 */







/** Checks the file before reading it as a zip. */
async function checkFile(path, maxBytes) {
    let size;
    try {
        const s = await (0,promises_.stat)(path);
        if (!s.isFile())
            throw new JarCheckError(path, 'NOT_A_FILE', `${path} is not a file.`);
        size = s.size;
    }
    catch (err) {
        if (err instanceof JarCheckError)
            throw err;
        throw new JarCheckError(path, 'NOT_FOUND', `${path} cannot be read: ${err.message}`);
    }
    if (size === 0)
        throw new JarCheckError(path, 'EMPTY', `${path} is empty (0 bytes): the build did not produce the application archive.`);
    if (size > maxBytes) {
        throw new JarCheckError(path, 'TOO_LARGE', `${path} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit of application code on Managed Service for Apache Flink; shrink the JAR (provided-scope Flink dependencies, minimizeJar, exclude unused libraries).`);
    }
    return size;
}
function formatBytes(n) {
    if (n >= 1024 * 1024)
        return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
    if (n >= 1024)
        return `${(n / 1024).toFixed(1)} KiB`;
    return `${n} bytes`;
}
async function startsWithLocalHeader(path) {
    const fh = await (0,promises_.open)(path, 'r');
    try {
        const buf = Buffer.alloc(4);
        const { bytesRead } = await fh.read(buf, 0, 4, 0);
        return bytesRead === 4 && buf.readUInt32LE(0) === 0x04034b50;
    }
    finally {
        await fh.close();
    }
}
/**
 * A yauzl reader that reads the file in large blocks and keeps the last few in memory. yauzl reads
 * the central directory and every local header with small separate reads; served from a block cache
 * they cost a memory copy instead of a system call each. Memory: at most `maxBlocks` × `blockSize`.
 */
class BlockCacheReader extends yauzl.RandomAccessReader {
    fd;
    size;
    blockSize;
    maxBlocks;
    blocks = new Map();
    /** blocks an async reader is waiting for: their memory is never reused */
    pins = new Map();
    /** memory of evicted blocks, reused for the next reads */
    spare = [];
    /** the same blocks once loaded, for synchronous access */
    loaded = new Map();
    constructor(fd, size, blockSize = 1024 * 1024, maxBlocks = 8) {
        super();
        this.fd = fd;
        this.size = size;
        this.blockSize = blockSize;
        this.maxBlocks = maxBlocks;
    }
    block(index) {
        const cached = this.blocks.get(index);
        if (cached) {
            this.blocks.delete(index); // most recently used goes last
            this.blocks.set(index, cached);
            return cached;
        }
        const start = index * this.blockSize;
        const length = Math.min(this.blockSize, this.size - start);
        const loading = new Promise((resolve, reject) => {
            // Reuse an evicted block's memory: views of it never outlive a synchronous section (see
            // bytesSync), and everything handed across an await is a copy.
            const spare = this.spare.pop();
            const buf = spare && spare.length >= length
                ? spare.subarray(0, length)
                : Buffer.allocUnsafe(Math.max(0, this.blockSize));
            const target = buf.subarray(0, Math.max(0, length));
            if (length <= 0)
                return resolve(target);
            (0,external_node_fs_.read)(this.fd, target, 0, length, start, (err, bytesRead) => {
                if (err)
                    return reject(err);
                const block = bytesRead === length ? target : target.subarray(0, bytesRead);
                if (this.blocks.get(index) === loading)
                    this.loaded.set(index, block);
                resolve(block);
            });
        });
        this.blocks.set(index, loading);
        loading.catch(() => this.blocks.delete(index));
        while (this.blocks.size > this.maxBlocks) {
            const oldest = this.blocks.keys().next().value;
            this.blocks.delete(oldest);
            const block = this.loaded.get(oldest);
            this.loaded.delete(oldest);
            if (block &&
                !this.pins.has(oldest) &&
                block.buffer.byteLength >= this.blockSize &&
                this.spare.length < 2) {
                this.spare.push(Buffer.from(block.buffer, block.byteOffset, this.blockSize));
            }
        }
        return loading;
    }
    /** The bytes of [start, end) if every block they span is loaded; a view when they sit in one block. */
    bytesSync(start, end) {
        const first = Math.floor(start / this.blockSize);
        const last = Math.floor(Math.max(start, end - 1) / this.blockSize);
        const parts = [];
        for (let i = first; i <= last; i++) {
            const block = this.loaded.get(i);
            if (!block || !this.blocks.has(i))
                return undefined;
            const from = i === first ? start - i * this.blockSize : 0;
            const to = Math.min(block.length, end - i * this.blockSize);
            if (to < from)
                return undefined;
            parts.push(block.subarray(from, to));
        }
        const out = parts.length === 1 ? parts[0] : Buffer.concat(parts);
        return out.length === end - start ? out : undefined;
    }
    /**
     * A copy of the bytes of [start, end) (loading blocks as needed); rejects with "unexpected EOF"
     * past the end of the file. Use `bytesSync(...) ?? await bytes(...)`: views never cross an await.
     */
    async bytes(start, end) {
        const parts = [];
        for await (const chunk of this.range(start, end))
            parts.push(chunk);
        return parts.length === 1 ? parts[0] : Buffer.concat(parts);
    }
    get fileSize() {
        return this.size;
    }
    /** Yields copies of the bytes of [start, end). */
    async *range(start, end) {
        let pos = start;
        while (pos < end) {
            const index = Math.floor(pos / this.blockSize);
            this.pins.set(index, (this.pins.get(index) ?? 0) + 1);
            let chunk;
            try {
                const block = await this.block(index);
                const from = pos - index * this.blockSize;
                const to = Math.min(block.length, end - index * this.blockSize);
                if (to <= from)
                    throw new Error('unexpected EOF');
                chunk = Buffer.from(block.subarray(from, to)); // a copy: the block's memory may be reused
            }
            finally {
                const left = (this.pins.get(index) ?? 1) - 1;
                if (left === 0)
                    this.pins.delete(index);
                else
                    this.pins.set(index, left);
            }
            yield chunk;
            pos += chunk.length;
        }
    }
    _readStreamForRange(start, end) {
        return external_node_stream_.Readable.from(this.range(start, end), { objectMode: false });
    }
    read(buffer, offset, length, position, callback) {
        const sync = this.bytesSync(position, position + length);
        if (sync) {
            sync.copy(buffer, offset);
            process.nextTick(callback, null, length);
            return;
        }
        (async () => {
            let written = 0;
            for await (const chunk of this.range(position, position + length)) {
                chunk.copy(buffer, offset + written);
                written += chunk.length;
            }
            return written;
        })().then((n) => callback(null, n), (err) => callback(err));
    }
    close(callback) {
        this.blocks.clear();
        this.loaded.clear();
        (0,external_node_fs_.close)(this.fd, (err) => callback(err ?? null));
    }
}
const ZIP_OPTIONS = {
    lazyEntries: true,
    autoClose: true,
    decodeStrings: true,
    validateEntrySizes: true,
    strictFileNames: false,
};
function openZip(path, size, options) {
    return new Promise((resolve, reject) => {
        (0,external_node_fs_.open)(path, 'r', (err, fd) => {
            if (err)
                return reject(err);
            const reader = new BlockCacheReader(fd, size, options.blockSize, options.maxBlocks);
            yauzl.fromRandomAccessReader(reader, size, ZIP_OPTIONS, (zipErr, zip) => {
                if (zipErr || !zip) {
                    reader.close(() => undefined);
                    reject(zipErr ?? new Error('no zip file'));
                }
                else
                    resolve({ zip, reader });
            });
        });
    });
}
function openStream(zip, entry) {
    return new Promise((resolve, reject) => {
        zip.openReadStream(entry, (err, stream) => {
            if (err || !stream)
                reject(err ?? new Error('no stream'));
            else
                resolve(stream);
        });
    });
}
/** Maps an error from yauzl or zlib to a JarCheckError naming the file and the problem. */
function archiveError(path, err, looksLikeZip, entry) {
    const msg = err?.message ?? String(err);
    const where = entry ? ` (entry ${entry})` : '';
    if (/end of central directory record signature not found/i.test(msg)) {
        return looksLikeZip
            ? new JarCheckError(path, 'TRUNCATED', `${path} is a truncated zip archive: it starts like a JAR but its central directory is missing (incomplete download or upload?).`)
            : new JarCheckError(path, 'NOT_A_ZIP', `${path} is not a JAR or zip archive (no zip central directory).`);
    }
    if (/overflows file bounds|unexpected EOF|unexpected end|truncated/i.test(msg)) {
        return new JarCheckError(path, 'TRUNCATED', `${path} is truncated${where}: ${msg}.`);
    }
    return new JarCheckError(path, 'CORRUPT', `${path} is not a valid zip archive${where}: ${msg}.`);
}
/** Reads the archive, calling the handlers; resolves once every requested entry has been handled. */
async function readArchive(path, size, handlers, options = {}) {
    const concurrency = Math.max(1, options.concurrency ?? 16);
    const maxTextBytes = options.maxTextBytes ?? 1024 * 1024;
    let zip;
    let reader;
    try {
        ({ zip, reader } = await openZip(path, size, options));
    }
    catch (err) {
        throw archiveError(path, err, await startsWithLocalHeader(path).catch(() => false));
    }
    const info = { entries: zip.entryCount, bytes: size };
    return new Promise((resolve, reject) => {
        let inFlight = 0;
        let ended = false;
        let failed = false;
        let waiting = false; // a readEntry() is pending
        const fail = (err, entry) => {
            if (failed)
                return;
            failed = true;
            zip.close();
            reject(err instanceof JarCheckError ? err : archiveError(path, err, true, entry));
        };
        const next = () => {
            if (failed)
                return;
            if (ended) {
                if (inFlight === 0)
                    resolve(info);
                return;
            }
            if (!waiting && inFlight < concurrency) {
                waiting = true;
                zip.readEntry();
            }
        };
        const done = () => {
            inFlight--;
            next();
        };
        zip.on('error', (err) => fail(err));
        zip.on('end', () => {
            ended = true;
            waiting = false;
            next();
        });
        zip.on('entry', (entry) => {
            waiting = false;
            const name = entry.fileName;
            const action = name.endsWith('/') ? 'skip' : handlers.classify(name, entry.uncompressedSize);
            if (action === 'skip' || (action === 'text' && entry.uncompressedSize > maxTextBytes)) {
                next();
                return;
            }
            inFlight++;
            const work = action === 'class' ? readClass(zip, reader, entry, handlers) : readText(zip, entry, handlers);
            work.then(done, (err) => fail(err, name));
            next();
        });
        next();
    });
}
async function readText(zip, entry, handlers) {
    const stream = await openStream(zip, entry);
    const chunks = [];
    for await (const chunk of stream)
        chunks.push(chunk);
    handlers.onText(entry.fileName, Buffer.concat(chunks).toString('utf8'));
}
/**
 * First read of a class entry's compressed bytes. Inflating costs per byte of output, so the first
 * read is small: on a 200 MiB JAR of bytecode-heavy classes 2 KiB halved the bytes inflated against
 * 4 KiB (every constant pool fitted), and on flink-dist (33,659 classes, most under 2 KiB) it took
 * 7 % more inflate calls. A short read is retried once, sized on the parser's estimate.
 */
const FIRST_READ = 2 * 1024;
/**
 * Reads the start of a class entry straight from the block cache: the local header, then the first
 * compressed bytes, inflated synchronously with Z_SYNC_FLUSH (partial input is fine), growing the
 * read only while the parser asks for more. The ref taken on the reader keeps yauzl from closing
 * the file while this runs.
 */
async function readClass(zip, reader, entry, handlers) {
    const name = entry.fileName;
    if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
        handlers.onUnreadableClass(name, 'encrypted entry');
        return;
    }
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        handlers.onUnreadableClass(name, `unsupported compression method ${entry.compressionMethod}`);
        return;
    }
    reader.ref();
    try {
        const headerAt = entry.relativeOffsetOfLocalHeader;
        const header = reader.bytesSync(headerAt, headerAt + 30) ?? (await reader.bytes(headerAt, headerAt + 30));
        if (header.readUInt32LE(0) !== 0x04034b50)
            throw new Error(`invalid local file header signature: 0x${header.readUInt32LE(0).toString(16)}`);
        const dataStart = headerAt + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
        const total = entry.compressedSize;
        if (dataStart + total > reader.fileSize)
            throw new Error('file data overflows file bounds');
        let take = Math.min(total, FIRST_READ);
        for (;;) {
            // a view of a cached block, used synchronously below, or a copy when it had to be loaded
            const raw = reader.bytesSync(dataStart, dataStart + take) ?? (await reader.bytes(dataStart, dataStart + take));
            const data = entry.compressionMethod === 0
                ? raw
                : (0,external_node_zlib_.inflateRawSync)(raw, { finishFlush: external_node_zlib_.constants.Z_SYNC_FLUSH });
            try {
                handlers.onClass(name, handlers.parseClass(data));
                return;
            }
            catch (err) {
                if (err instanceof NeedMoreBytes && take < total) {
                    // next read sized on the parser's estimate and the compression ratio seen so far
                    const compressedPerByte = take / Math.max(1, data.length);
                    const wanted = Math.ceil(err.estimate * compressedPerByte * 1.25);
                    take = Math.min(total, Math.max(take * 2, wanted));
                    continue;
                }
                handlers.onUnreadableClass(name, err instanceof NeedMoreBytes ? 'truncated class file' : err.message);
                return;
            }
        }
    }
    finally {
        reader.unref();
    }
}

;// CONCATENATED MODULE: ./.tmp/build/src/jar-check/format.js
/** Rows of the job-summary table before the rest is cut to one "… more" row. */
const DEFAULT_MAX_TABLE_ROWS = 25;
/** One log line: `error FLINK2_REMOVED_API at com.example.Job: message Fix: …`. */
function formatFindingLine(f) {
    const at = f.location ? ` at ${f.location}` : '';
    return `${f.severity} ${f.code}${at}: ${oneLine(f.message)} Fix: ${oneLine(f.fix)}`;
}
/** A GitHub annotation (title + message); `artifact` names the checked file in the title. */
function findingAnnotation(f, artifact) {
    const level = f.severity === 'info' ? 'notice' : f.severity;
    const title = `JAR check ${f.code}${artifact ? ` (${baseName(artifact)})` : ''}`;
    const at = f.location ? `\nLocation: ${f.location}` : '';
    return { level, title: oneLine(title), message: `${f.message}${at}\nFix: ${f.fix}` };
}
/** Escapes text for a Markdown table cell: HTML special characters, pipes and line breaks. */
function escapeCell(text) {
    return text
        .replaceAll('&', '&amp;')
        .replaceAll('<', '&lt;')
        .replaceAll('>', '&gt;')
        .replaceAll('"', '&quot;')
        .replaceAll('|', '\\|')
        .replace(/\r?\n/g, '<br>');
}
const ICON = {
    error: '❌ error',
    warning: '⚠️ warning',
    info: 'ℹ️ info',
};
const TABLE_HEADER = (/* unused pure expression or super */ null && (['Severity', 'Code', 'Where', 'Finding', 'Fix']));
/**
 * Escaped cells for the summary table, errors first as given, at most `maxRows` rows;
 * `omitted` says how many were left out.
 */
function findingsTableRows(findings, maxRows = DEFAULT_MAX_TABLE_ROWS) {
    const shown = findings.slice(0, Math.max(0, maxRows));
    return {
        rows: shown.map((f) => [
            ICON[f.severity],
            `\`${escapeCell(f.code)}\``,
            f.location ? `\`${escapeCell(f.location)}\`` : '',
            escapeCell(f.message),
            escapeCell(f.fix),
        ]),
        omitted: findings.length - shown.length,
    };
}
/** A complete Markdown table (header, rows, and a last row counting the omitted findings). */
function findingsMarkdownTable(findings, maxRows = DEFAULT_MAX_TABLE_ROWS) {
    if (findings.length === 0)
        return '_No findings._';
    const { rows, omitted } = findingsTableRows(findings, maxRows);
    const lines = [`| ${TABLE_HEADER.join(' | ')} |`, `|${TABLE_HEADER.map(() => ' --- ').join('|')}|`];
    for (const r of rows)
        lines.push(`| ${r.join(' | ')} |`);
    if (omitted > 0)
        lines.push(`| | | | … and ${omitted} more finding${omitted === 1 ? '' : 's'} (see the job log) | |`);
    return lines.join('\n');
}
/** Counts per severity. */
function countFindings(findings) {
    const out = { error: 0, warning: 0, info: 0 };
    for (const f of findings)
        out[f.severity]++;
    return out;
}
/** True when the report has findings that block the upgrade in strict mode. */
function hasBlockingFindings(report) {
    return report.findings.some((f) => f.severity === 'error');
}
/** `JAR check: 2 errors, 1 warning (20000 entries, 19000 classes, 200.0 MiB, 1.2 s)` */
function summarizeReport(report) {
    const c = countFindings(report.findings);
    const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'}`;
    const s = report.stats;
    const what = report.kind === 'python-zip' ? 'Python zip check' : 'JAR check';
    const verdict = c.error + c.warning === 0
        ? 'no problems found'
        : `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}`;
    return `${what}: ${verdict} (${s.entries} entries, ${s.classes} classes, ${(s.bytes / (1024 * 1024)).toFixed(1)} MiB, ${(s.durationMs / 1000).toFixed(1)} s)`;
}
function oneLine(text) {
    return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}
function baseName(path) {
    return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

;// CONCATENATED MODULE: ./.tmp/build/src/jar-check/index.js
/**
 * JAR binary-compatibility check: finds, from the application archive itself and in seconds, why an
 * upgrade would fail at job startup (path 2 of MSF's "Upgrading to Flink 2.2" guide) before the
 * pipeline snapshots the application and calls UpdateApplication.
 *
 * Public API (stable; the pipeline's preflight calls it):
 *
 *   checkArtifact(path: string, options: CheckOptions): Promise<JarCheckReport>
 *     options: { targetRuntime: 'FLINK-2_2', currentRuntime?: 'FLINK-1_20',
 *                kind?: 'jar' | 'python-zip' | 'auto', maxBytes?, applicationPackages?, concurrency?,
 *                targetJavaRelease? (the Java the target really runs, e.g. a self-managed cluster's) }
 *     → { kind, findings: Finding[], stats: { entries, classes, bytes, durationMs, maxClassMajor?,
 *         bundledFlinkVersion? } }
 *     Throws JarCheckError { file, problem: NOT_FOUND | NOT_A_FILE | EMPTY | TOO_LARGE | NOT_A_ZIP |
 *     TRUNCATED | CORRUPT | UNKNOWN_RUNTIME } when the archive cannot be checked (nor deployed).
 *     A well-formed runtime newer than the table (e.g. FLINK-2_9) is checked with the Java of the
 *     newest known runtime of its major line, plus an info finding RUNTIME_ASSUMED.
 *
 *   Finding { severity: 'error' | 'warning' | 'info'; code; message; location?; fix }
 *     Errors block the upgrade when the pipeline runs with `jar-check: strict`; the pipeline decides.
 *     Codes (stable): see FINDING_CODES below.
 *
 *   Formatting (pure, ./format.js):
 *     formatFindingLine(f): string                       one log line
 *     findingAnnotation(f, artifact?): { level, title, message }   for core.error/warning/notice
 *     findingsTableRows(findings, maxRows = 25): { rows: string[][]; omitted }   escaped cells
 *     findingsMarkdownTable(findings, maxRows = 25): string          header + rows + "… N more"
 *     escapeCell(text), countFindings(findings), hasBlockingFindings(report), summarizeReport(report)
 *
 *   runtimeInfo(runtime) (Flink version and Java release of each FLINK-* runtime) lives in
 *   src/msf/runtime.ts and is re-exported here.
 *
 * What is checked: bundled core Flink and connector versions (pom.properties, manifest, JAR names in
 * Python zips), class-file versions against the runtime's Java (multi-release aware), references to
 * APIs removed in Flink 2.0, and — for 1.x → 2.x upgrades — state-serialization risks (Kryo, Scala
 * case classes, records, POJOs with collections, Kinesis source state).
 */











/** MSF's limit on application code: 512 MiB (quota page `limits.html`). */
const MSF_MAX_CODE_BYTES = 512 * 1024 * 1024;
/** Every finding code, with its meaning. */
const FINDING_CODES = {
    FLINK_CORE_BUNDLED: 'core Flink bundled instead of provided scope',
    FLINK_CONNECTOR_MISMATCH: 'connector built for another Flink line than the target',
    FLINK_CONNECTOR_NO_FLINK2: 'connector with no Flink 2.x release, on a 2.x target',
    FLINK_CONNECTOR_UNKNOWN_LINE: 'connector version without a Flink line',
    JAVA_CLASS_VERSION: 'classes compiled for a newer Java than the runtime provides',
    FLINK2_REMOVED_API: 'application or library class uses an API removed in Flink 2.0',
    FLINK2_REMOVED_API_BUNDLED: 'bundled Flink connector classes use APIs removed in Flink 2.0',
    STATE_KRYO: 'Kryo-serialized state (Kryo 2.24 → 5.6 in Flink 2.x)',
    STATE_SCALA_CASE_CLASS: 'Scala case classes in state',
    STATE_JAVA_RECORD: 'Java records in state',
    STATE_POJO_COLLECTIONS: 'POJOs with Java collection fields in state',
    STATE_JAVA_COLLECTION: 'Java collections as state types (TypeHint<List<…>>: Kryo in Flink 1.x)',
    STATE_KINESIS_CONNECTOR: 'Kinesis connector < 5.0 state',
    STATE_KINESIS_SOURCE: 'KinesisStreamsSource cannot restore FlinkKinesisConsumer state',
    CLASS_UNREADABLE: '.class entries that are not valid class files',
    RUNTIME_ASSUMED: 'target runtime newer than this check knows: checked with assumed Java',
    JAR_NO_CLASSES: 'JAR without class files',
    PY_NO_PYTHON: 'Python zip without .py files',
    PY_LAYOUT: 'Python zip layout differs from what MSF expects',
    PY_BUNDLED_JARS: 'JARs bundled in a Python zip',
    PY_NO_JARS: 'Python zip without JAR dependencies',
};
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };
/** Checks an application archive (JAR or Python zip) against the target runtime. */
async function checkArtifact(path, options) {
    const started = performance.now();
    const known = (0,runtime/* runtimeInfo */.zE)(options.targetRuntime) ?? (0,runtime/* newerRuntimeInfo */.OH)(options.targetRuntime);
    const target = known && options.targetJavaRelease !== undefined
        ? { ...known, javaRelease: options.targetJavaRelease }
        : known;
    if (!target) {
        throw new JarCheckError(path, 'UNKNOWN_RUNTIME', `Unknown target runtime "${options.targetRuntime}": expected a FLINK-* runtime such as FLINK-2_2.`);
    }
    const current = options.currentRuntime === undefined
        ? undefined
        : ((0,runtime/* runtimeInfo */.zE)(options.currentRuntime) ?? (0,runtime/* newerRuntimeInfo */.OH)(options.currentRuntime));
    const ctx = {
        target,
        ...(current ? { current } : {}),
        ...(options.applicationPackages ? { applicationPackages: options.applicationPackages } : {}),
    };
    const kind = options.kind ?? 'auto';
    const size = await checkFile(path, options.maxBytes ?? MSF_MAX_CODE_BYTES);
    const analyzer = new JarAnalyzer(ctx);
    const python = [];
    const jars = [];
    let classes = 0;
    const parseOptions = {
        isInteresting: isInterestingRef,
        refPrefixes: INTERESTING_PREFIXES,
        descriptorPrefixes: INTERESTING_PREFIXES,
        isInterestingField: isCollectionField,
        utf8Constants: OVERRIDE_CONSTANTS,
        signaturePrefixes: SIGNATURE_PREFIXES,
    };
    const archive = await readArchive(path, size, {
        classify(name) {
            analyzer.addEntryName(name);
            if (name.endsWith('.class'))
                return kind === 'python-zip' ? 'skip' : 'class';
            if (name.endsWith('.py'))
                python.push(name);
            else if (name.endsWith('.jar'))
                jars.push(name);
            else if (name === 'META-INF/MANIFEST.MF' || isPomPropertiesEntry(name))
                return 'text';
            return 'skip';
        },
        parseClass: (data) => parseClassFile(data, parseOptions),
        onClass(name, summary) {
            classes++;
            analyzer.addClass(name, summary);
        },
        onUnreadableClass(name) {
            classes++;
            analyzer.addUnreadableClass(name);
        },
        onText(name, text) {
            if (name === 'META-INF/MANIFEST.MF')
                analyzer.addManifest(text);
            else {
                const artifact = artifactFromPomProperties(name, text);
                if (artifact)
                    analyzer.addArtifact(artifact);
            }
        },
    }, options.concurrency === undefined ? {} : { concurrency: options.concurrency });
    const isPython = kind === 'python-zip' || (kind === 'auto' && classes === 0 && python.length > 0);
    let findings;
    let maxClassMajor;
    let bundledFlinkVersion;
    if (isPython) {
        const result = analyzePythonZip({ python, jars }, ctx);
        findings = result.findings;
        bundledFlinkVersion = result.bundledFlinkVersion;
    }
    else {
        const result = analyzer.finish();
        findings = result.findings;
        maxClassMajor = result.maxClassMajor;
        bundledFlinkVersion = result.bundledFlinkVersion;
    }
    if (!(0,runtime/* runtimeInfo */.zE)(options.targetRuntime)) {
        findings.push({
            severity: 'info',
            code: 'RUNTIME_ASSUMED',
            message: `${options.targetRuntime} is newer than the runtimes this check knows; it was checked as Flink ${target.flinkVersion} on Java ${target.javaRelease}.`,
            fix: 'Update flink-upgrade-action to a release that knows this runtime.',
        });
    }
    findings = findings
        .map((f, i) => ({ f, i }))
        .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
        .map(({ f }) => f);
    const report = {
        kind: isPython ? 'python-zip' : 'jar',
        findings,
        stats: {
            entries: archive.entries,
            classes,
            bytes: archive.bytes,
            durationMs: Math.round(performance.now() - started),
        },
    };
    if (maxClassMajor !== undefined)
        report.stats.maxClassMajor = maxClassMajor;
    if (bundledFlinkVersion !== undefined)
        report.stats.bundledFlinkVersion = bundledFlinkVersion;
    return report;
}


/***/ }),

/***/ 1047:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var lib_core = __webpack_require__(6421);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(3711);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch/dist-cjs/index.js
var client_cloudwatch_dist_cjs = __webpack_require__(4085);
// EXTERNAL MODULE: ./.tmp/build/src/aws/msf-client.js
var msf_client = __webpack_require__(4889);
;// CONCATENATED MODULE: ./.tmp/build/src/aws/clients.js



/**
 * S3 must be addressed path-style when a custom endpoint is configured (emulators, S3-compatible
 * stores): virtual-hosted bucket names would not resolve on 127.0.0.1.
 */
function usesCustomS3Endpoint(env) {
    return Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
}
/** The oldest node the AWS SDK for JavaScript keeps supporting (its NodeVersionSupportWarning). */
const SDK_MIN_NODE = 22;
/**
 * One line about the node version, for the end of a run; undefined on a supported node. The SDK's own
 * warning is several lines printed by node whenever it gets to it, in the middle of the log: the
 * clients are made with it off (AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED) and this says it once.
 */
function nodeSupportNote(version = process.version) {
    const major = Number(/^v?(\d+)/.exec(version)?.[1]);
    if (!(major < SDK_MIN_NODE))
        return undefined;
    return (`note: node ${version}: AWS SDK for JavaScript releases after the first week of January 2027 require ` +
        `node >= ${SDK_MIN_NODE}; the action itself runs on node 24`);
}
let noted = false;
/** nodeSupportNote, the first time it is asked for in this process (a demo makes several runs). */
function nodeSupportNoteOnce() {
    if (noted)
        return undefined;
    noted = true;
    return nodeSupportNote();
}
/**
 * An upload body that carries a flexible checksum (`x-amz-checksum-*`, which S3 verifies) is signed with
 * `UNSIGNED-PAYLOAD` instead of a SHA-256 of the body: the SDK would otherwise hash every part a second
 * time just for the signature (over TLS, as the AWS CLI does, the checksum is the integrity check).
 */
function unsignedChecksummedPayload(next) {
    return async (args) => {
        const headers = args.request.headers;
        if (headers && Object.keys(headers).some((h) => CHECKSUM_HEADER.test(h)))
            headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
        return next(args);
    };
}
const CHECKSUM_HEADER = /^x-amz-checksum-(crc32|crc32c|crc64nvme|sha1|sha256)$/i;
function createClients(options = {}) {
    const env = options.env ?? process.env;
    const common = (0,msf_client/* clientConfig */.y)(options);
    // Endpoints come from AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>, which the SDK reads itself.
    // No `Expect: 100-continue` on uploads: the SDK sends a body with it over a connection of its own that
    // is closed after the request (a new connection, over TLS a new handshake, for every part), and the
    // part then waits for the server's `100 Continue` before it sends a byte. A refused 8 MiB part costs
    // less than that on every part.
    const s3 = new dist_cjs/* S3Client */.YxF({
        ...common,
        forcePathStyle: usesCustomS3Endpoint(env),
        expectContinueHeader: false,
    });
    s3.middlewareStack.addRelativeTo(unsignedChecksummedPayload, {
        name: 'unsignedChecksummedPayload',
        relation: 'before',
        toMiddleware: 'httpSigningMiddleware',
    });
    return {
        region: common.region,
        msf: options.msf ?? (0,msf_client/* createMsfClient */.c)(options),
        s3,
        cloudwatch: new client_cloudwatch_dist_cjs/* CloudWatchClient */.WBn(common),
    };
}

// EXTERNAL MODULE: ./.tmp/build/src/duration.js
var duration = __webpack_require__(3761);
;// CONCATENATED MODULE: ./.tmp/build/src/aws/credentials.js

/**
 * A run can outlive its credentials: an assumed role lasts one hour by default, and a rollback after a
 * long bake needs valid credentials too. Warn up front, naming the setting to change.
 */
function credentialLifetimeWarning(expiration, now, neededMs) {
    if (!expiration)
        return undefined;
    const remaining = expiration.getTime() - now;
    if (remaining >= neededMs)
        return undefined;
    return (`the AWS credentials expire in ${(0,duration/* formatDuration */.a)(Math.max(0, remaining))}, but this run may need up to ` +
        `${(0,duration/* formatDuration */.a)(neededMs)} (timeout + rollback-timeout): a late rollback would fail with ExpiredToken. ` +
        `Raise role-duration-seconds of aws-actions/configure-aws-credentials (and the role's maximum session ` +
        `duration), or lower timeout / bake-time.`);
}
/** Resolves the credentials the clients will use and returns their expiration, if they have one. */
async function credentialExpiration(clients) {
    const provider = clients.msf.config.credentials;
    const identity = await provider();
    return identity.expiration;
}

;// CONCATENATED MODULE: ./.tmp/build/src/clock.js
/** The longest delay Node's setTimeout takes. */
const MAX_TIMER_MS = 2 ** 31 - 1;
function realSleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) {
            reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
            return;
        }
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, 
        // Node's timers overflow above 2^31-1 ms into 1 ms (a busy loop): a longer sleep ends at the cap
        Math.min(MAX_TIMER_MS, Math.max(0, ms)));
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}
const systemClock = {
    now: () => Date.now(),
    sleep: realSleep,
    scale: 1,
};
/**
 * A clock that runs `scale` times faster than real time, starting at `origin` (default: now).
 * Share one instance between the action and the emulator in a process so both agree on "now".
 */
function scaledClock(scale, origin = Date.now()) {
    if (!(scale > 0))
        throw new Error(`clock scale must be > 0, got ${scale}`);
    const realStart = Date.now();
    return {
        now: () => origin + (Date.now() - realStart) * scale,
        sleep: (ms, signal) => realSleep(ms / scale, signal),
        scale,
    };
}

// EXTERNAL MODULE: ./.tmp/build/src/pipeline/errors.js
var errors = __webpack_require__(6509);
;// CONCATENATED MODULE: ./.tmp/build/src/workflow-commands.js
/**
 * Workflow-command neutralisation: the one place text is made safe for the GitHub runner, used by every
 * channel the action writes to (log lines, groups, debug, annotations, the failure message, the job
 * summary, the command line's output). Pure.
 *
 * The runner reads each line of a step's output as a command when
 * - the line, trimmed by .NET's `TrimStart()`, starts with `::` (`::warning::…`, `::stop-commands::…`), or
 * - the line contains the legacy form `##[command]` anywhere.
 * .NET's trim strips characters JavaScript's `\s` does not (U+0085 NEXT LINE, the C0 separators
 * U+001C–U+001F), and the runner splits lines at `\r` as well as `\n`. A zero-width space (not
 * whitespace to .NET) inside the marker keeps the text readable and inert.
 */
const ZWSP = '\u200b';
/** Everything .NET's TrimStart() or JavaScript's `\s` count as white space (a superset of both). */
const SPACE = '[\\s\\u0085\\u001c-\\u001f\\u180e\\u200b\\ufeff]';
/** A line start (the runner splits at \r and \n; JavaScript also at U+2028/U+2029; U+0085 to be safe). */
const LINE_START = '(^|[\\r\\n\\u2028\\u2029\\u0085])';
const COMMAND_AT_LINE_START = new RegExp(`${LINE_START}(${SPACE}*):(?=:)`, 'g');
const LEGACY_COMMAND = /#(?=#\[)/g;
/** Text that cannot form a workflow command, whatever it contains; plain text is returned unchanged. */
function workflow_commands_neutraliseCommands(text) {
    return text
        .replace(LEGACY_COMMAND, `#${ZWSP}`)
        .replace(COMMAND_AT_LINE_START, (_m, start, space) => `${start}${space}:${ZWSP}`);
}
function safeProps(props) {
    if (!props)
        return undefined;
    return {
        ...(props.title !== undefined ? { title: workflow_commands_neutraliseCommands(props.title) } : {}),
        ...(props.file !== undefined ? { file: workflow_commands_neutraliseCommands(props.file) } : {}),
    };
}
/** @actions/core with every channel passed through neutraliseCommands. */
function guardCore(core) {
    const n = workflow_commands_neutraliseCommands;
    return {
        info: (m) => core.info(n(m)),
        debug: (m) => core.debug(n(m)),
        warning: (m, p) => core.warning(n(m), safeProps(p)),
        error: (m, p) => core.error(n(m), safeProps(p)),
        notice: (m, p) => core.notice(n(m), safeProps(p)),
        setFailed: (m) => core.setFailed(n(m)),
        group: (name, fn) => core.group(n(name), fn),
        writeSummary: async (markdown) => {
            await core.summary.addRaw(n(markdown)).write();
        },
    };
}

;// CONCATENATED MODULE: ./.tmp/build/src/flink/rest-errors.js
/**
 * Errors of the Flink JobManager REST API (pure): the `{"errors": [...]}` bodies Flink answers with,
 * turned into one readable message, and which failures another attempt may cure.
 */
/** Network failures of fetch (undici puts the system error in `cause`) that a retry may cure. */
const TRANSIENT_CODES = new Set([
    'ECONNREFUSED',
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
]);
class rest_errors_FlinkRestError extends Error {
    method;
    path;
    status;
    errors;
    transient;
    name = 'FlinkRestError';
    /** read by src/wait.ts: another poll may succeed */
    $retryable;
    constructor(message, method, path, 
    /** HTTP status; undefined when no answer came (connection refused, timeout) */
    status, 
    /** Flink's `errors` array, as sent (stack traces included) */
    errors, transient, options) {
        super(message, options);
        this.method = method;
        this.path = path;
        this.status = status;
        this.errors = errors;
        this.transient = transient;
        this.$retryable = transient;
    }
}
/**
 * Whether an HTTP status is worth another attempt. Flink answers 500 both for passing trouble and for
 * a program that failed (`/jars/:id/run` runs the user's main()): a 500 is transient only for reads.
 */
function isTransientStatus(status, method) {
    if (status === 502 || status === 503 || status === 504)
        return true;
    return status >= 500 && method === 'GET';
}
/** The network-level code of a failed fetch (`ECONNREFUSED`, …), or undefined. */
function networkErrorCode(err) {
    for (let e = err, depth = 0; e && depth < 4; depth++) {
        const code = e.code;
        if (typeof code === 'string')
            return code;
        e = e.cause;
    }
    return undefined;
}
function isTransientNetworkError(err) {
    const name = err?.name;
    if (name === 'TimeoutError')
        return true;
    const code = networkErrorCode(err);
    return code !== undefined && TRANSIENT_CODES.has(code);
}
/** Flink's error list from a response body (JSON `{"errors": [...]}`), else the body's first line. */
function parseErrorBody(body) {
    try {
        const parsed = JSON.parse(body);
        if (Array.isArray(parsed.errors))
            return parsed.errors.map((e) => String(e));
    }
    catch {
        // not JSON: fall through
    }
    const text = body.trim();
    return text ? [text.split('\n', 1)[0] ?? text] : [];
}
const MAX_MESSAGE = 1500;
/**
 * One message from Flink's errors: the first line of each entry plus every "Caused by:" line of its
 * stack trace (where the real reason is), without repeats, in order. Plain text: callers escape it.
 */
function summarizeErrors(errors) {
    const parts = [];
    const add = (line) => {
        const clean = line.trim().replace(/^Caused by:\s*/, '');
        if (clean && clean !== 'Internal server error.' && !parts.includes(clean))
            parts.push(clean);
    };
    for (const entry of errors) {
        const lines = entry.split('\n');
        const first = lines[0]?.trim() ?? '';
        // "<Exception on server side:" wraps a stack trace: its second line names the exception
        if (first.startsWith('<Exception on server side'))
            add(lines[1] ?? '');
        else
            add(first);
        for (const line of lines.slice(1))
            if (line.trim().startsWith('Caused by:'))
                add(line);
    }
    if (parts.length === 0)
        return 'no error detail';
    const text = parts.join(' <- ');
    return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}
/** The innermost cause among Flink's errors (last "Caused by:"), or the summary's first part. */
function rootCause(errors) {
    let last;
    for (const entry of errors) {
        for (const line of entry.split('\n')) {
            const t = line.trim();
            if (t.startsWith('Caused by:'))
                last = t.replace(/^Caused by:\s*/, '');
        }
    }
    return last ?? summarizeErrors(errors).split(' <- ')[0] ?? 'no error detail';
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./.tmp/build/src/health/evaluate.js
var evaluate = __webpack_require__(3173);
// EXTERNAL MODULE: ./.tmp/build/src/aws/errors.js
var aws_errors = __webpack_require__(4032);
;// CONCATENATED MODULE: ./.tmp/build/src/wait.js

class WaitTimeoutError extends Error {
    what;
    lastState;
    elapsedMs;
    name = 'WaitTimeoutError';
    constructor(what, lastState, elapsedMs, hint) {
        super(`timed out after ${formatElapsed(elapsedMs)} waiting for ${what}; last state: ${lastState ?? 'never read'}` +
            (hint ? `. ${hint}` : ''));
        this.what = what;
        this.lastState = lastState;
        this.elapsedMs = elapsedMs;
    }
}
class WaitAbortedError extends Error {
    what;
    lastState;
    name = 'WaitAbortedError';
    constructor(what, lastState) {
        super(`cancelled while waiting for ${what}; last state: ${lastState ?? 'never read'}`);
        this.what = what;
        this.lastState = lastState;
    }
}
function formatElapsed(ms) {
    const total = Math.max(0, Math.round(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
    return h > 0 ? `${h}:${mmss}` : mmss;
}
/**
 * Polls until `check` says done, the deadline passes (WaitTimeoutError naming the last state) or the
 * signal aborts (WaitAbortedError). Transient probe errors (throttling, 5xx, dropped connections) are
 * logged and retried with backoff within an error budget; any other error ends the wait at once.
 */
async function pollUntil(options) {
    const { clock, what } = options;
    const started = clock.now();
    const budget = options.errorBudget ?? 5;
    let lastState;
    let failures = 0;
    for (;;) {
        if (options.signal?.aborted)
            throw new WaitAbortedError(what, lastState);
        let verdict;
        try {
            verdict = options.check(await options.probe());
            failures = 0;
        }
        catch (err) {
            if (options.signal?.aborted)
                throw new WaitAbortedError(what, lastState);
            if (!(0,aws_errors/* isTransient */.dg)(err) || failures >= budget)
                throw err;
            failures += 1;
            options.progress(`[${formatElapsed(clock.now() - started)}] ${what}: transient error (${(0,aws_errors/* describeError */.Uc)((0,aws_errors/* transientCause */.YX)(err))}), retry ${failures}/${budget}`);
        }
        if (verdict?.done)
            return verdict.result;
        if (verdict) {
            lastState = verdict.state;
            const remaining = options.deadline - clock.now();
            options.progress(`[${formatElapsed(clock.now() - started)}, ${formatElapsed(Math.max(0, remaining))} left] ` +
                `waiting for ${what}: ${verdict.state}${verdict.detail ? ` (${verdict.detail})` : ''}`);
        }
        const now = clock.now();
        if (now >= options.deadline) {
            throw new WaitTimeoutError(what, lastState, now - started, options.onTimeoutHint);
        }
        const backoff = failures > 0 ? Math.min(options.intervalMs * 2 ** (failures - 1), options.intervalMs * 8) : 0;
        const delay = Math.min(options.intervalMs + backoff, Math.max(0, options.deadline - now));
        try {
            await clock.sleep(Math.max(delay, 1), options.signal);
        }
        catch {
            throw new WaitAbortedError(what, lastState);
        }
    }
}
/** pollUntil with the clock, the abort signal and the progress lines (log.info) taken from `deps`. */
function pollWith(deps, options) {
    return pollUntil({
        ...options,
        clock: deps.clock,
        signal: deps.signal,
        progress: (line) => deps.log.info(line),
    });
}

;// CONCATENATED MODULE: ./.tmp/build/src/flink/outcomes.js
/** The first line and every "Caused by:" line of a Java stack trace, joined (plain text). */
function summarizeStackTrace(trace, maxLength = 1000) {
    const lines = trace.split('\n').map((l) => l.trim());
    const parts = [
        lines[0] ?? '',
        ...lines.filter((l) => l.startsWith('Caused by:')).map((l) => l.slice(10).trim()),
    ].filter((p, i, all) => p && all.indexOf(p) === i);
    const text = parts.join(' <- ') || 'no detail';
    return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}
function savepointOutcome(status) {
    if (status.status.id !== 'COMPLETED')
        return { state: 'IN_PROGRESS' };
    const failure = status.operation?.['failure-cause'];
    if (failure) {
        const trace = failure['stack-trace'] ?? failure.class ?? 'unknown failure';
        return { state: 'FAILED', reason: summarizeStackTrace(trace) };
    }
    const location = status.operation?.location;
    if (!location)
        return { state: 'FAILED', reason: 'the savepoint completed without a location' };
    return { state: 'COMPLETED', location };
}
function metricNumber(metrics, id) {
    const found = metrics.find((m) => m.id === id);
    if (!found)
        return undefined;
    const value = Number(found.value);
    return Number.isFinite(value) ? value : undefined;
}
/** The newest entry of the exception history (Flink 1.x also has 'root-exception'). */
function rootException(exceptions) {
    const entries = exceptions.exceptionHistory?.entries ?? [];
    const newest = [...entries].sort((a, b) => b.timestamp - a.timestamp)[0];
    if (newest) {
        return {
            name: newest.exceptionName,
            summary: summarizeStackTrace(newest.stacktrace),
            timestamp: newest.timestamp,
            ...(newest.taskName ? { taskName: newest.taskName } : {}),
        };
    }
    const legacy = exceptions['root-exception'];
    if (legacy) {
        return {
            name: legacy.split(/[:\n]/, 1)[0] ?? 'exception',
            summary: summarizeStackTrace(legacy),
            timestamp: 0,
        };
    }
    return undefined;
}
function healthSnapshot(input) {
    const { job, checkpoints } = input;
    const vertices = {};
    for (const v of job.vertices)
        vertices[v.status] = (vertices[v.status] ?? 0) + 1;
    const counts = checkpoints?.counts;
    return {
        jobId: job.jid,
        name: job.name,
        state: job.state,
        vertices,
        allVerticesRunning: job.vertices.length > 0 && job.vertices.every((v) => v.status === 'RUNNING'),
        restarts: metricNumber(input.metrics, 'numRestarts'),
        checkpoints: {
            completed: counts?.completed ?? 0,
            failed: counts?.failed ?? 0,
            inProgress: counts?.in_progress ?? 0,
            restored: counts?.restored ?? 0,
        },
        latestCheckpointMs: checkpoints?.latest.completed?.end_to_end_duration,
        restoredFrom: checkpoints?.latest.restored?.external_path,
        rootException: rootException(input.exceptions),
        uptimeMs: job['start-time'] > 0 ? Math.max(0, input.now - job['start-time']) : 0,
    };
}

;// CONCATENATED MODULE: ./.tmp/build/src/flink/steps.js



/** A step that ended in a definite failure (not a timeout): its message says what failed and why. */
class FlinkStepError extends Error {
    step;
    reason;
    name = 'FlinkStepError';
    constructor(message, step, 
    /** the reason as Flink gave it (plain text) */
    reason, options) {
        super(message, options);
        this.step = step;
        this.reason = reason;
    }
}
const ENDED = new Set(['FAILED', 'CANCELED', 'FINISHED', 'SUSPENDED']);
function deadline(deps, limits) {
    return deps.clock.now() + (limits.timeoutMs ?? 600_000);
}
/** Follows a savepoint trigger (of /savepoints or /stop) to its location. */
async function followSavepoint(deps, jobId, triggerId, step, limits = {}) {
    const outcome = await pollWith(deps, {
        what: `${step} of job ${jobId} on ${deps.rest.url}`,
        deadline: deadline(deps, limits),
        intervalMs: limits.intervalMs ?? 1000,
        probe: () => deps.rest.savepointStatus(jobId, triggerId),
        check: (status) => {
            const o = savepointOutcome(status);
            return o.state === 'IN_PROGRESS' ? { done: false, state: 'IN_PROGRESS' } : { done: true, result: o };
        },
        onTimeoutHint: 'The job may still be writing the savepoint: look at the JobManager log and the savepoint directory.',
    });
    if (outcome.state === 'FAILED') {
        const fix = step === 'stop-with-savepoint'
            ? 'The job was not stopped and keeps running; fix the cause (e.g. a savepoint directory the cluster can write) and retry.'
            : 'Fix the cause (e.g. a savepoint directory the cluster can write) and retry.';
        throw new FlinkStepError(`${step} of job ${jobId} on ${deps.rest.url} failed: ${outcome.reason}. ${fix}`, step, outcome.reason);
    }
    if (outcome.state !== 'COMPLETED')
        throw new Error('unreachable');
    deps.log.info(`${step} of job ${jobId}: completed at ${outcome.location}`);
    return outcome.location;
}
/** Stops the job with a savepoint (POST /jobs/:id/stop) and follows it: the savepoint's location. */
async function stopWithSavepoint(deps, jobId, options = {}) {
    const triggerId = await deps.rest.stopWithSavepoint(jobId, {
        ...(options.targetDirectory ? { targetDirectory: options.targetDirectory } : {}),
        drain: options.drain ?? false,
    });
    deps.log.info(`stop-with-savepoint of job ${jobId} triggered (${triggerId})`);
    const location = await followSavepoint(deps, jobId, triggerId, 'stop-with-savepoint', options);
    // the savepoint completes a moment before the job reaches FINISHED: the step ends when it has
    await waitForJobEnd(deps, jobId, 'stop', options);
    return location;
}
async function waitForJobEnd(deps, jobId, verb, limits) {
    return pollWith(deps, {
        what: `job ${jobId} on ${deps.rest.url} to ${verb}`,
        deadline: deadline(deps, limits),
        intervalMs: Math.min(limits.intervalMs ?? 500, 500),
        probe: () => deps.rest.job(jobId),
        check: (details) => ENDED.has(details.state)
            ? { done: true, result: details.state }
            : { done: false, state: details.state },
    });
}
/** Takes a savepoint of a running job (POST /jobs/:id/savepoints), which keeps running. */
async function takeSavepoint(deps, jobId, options = {}) {
    const triggerId = await deps.rest.triggerSavepoint(jobId, {
        ...(options.targetDirectory ? { targetDirectory: options.targetDirectory } : {}),
    });
    deps.log.info(`savepoint of job ${jobId} triggered (${triggerId})`);
    return followSavepoint(deps, jobId, triggerId, 'savepoint', options);
}
/**
 * Uploads a JAR and runs it (optionally from a savepoint): the new job's id. A refused run (the
 * program failed in main(), the savepoint does not match the job) is a FlinkStepError with Flink's
 * innermost cause as its reason.
 */
async function submitJar(deps, jarPath, request = {}) {
    let jarId;
    try {
        jarId = await deps.rest.uploadJar(jarPath);
    }
    catch (err) {
        const reason = err instanceof rest_errors_FlinkRestError ? rootCause(err.errors) || err.message : String(err);
        throw new FlinkStepError(`upload of ${jarPath} to ${deps.rest.url} failed: ${reason}. Check that web submission is enabled (web.submit.enable) and the JAR is readable.`, 'upload', reason, { cause: err });
    }
    deps.log.info(`uploaded ${jarPath} to ${deps.rest.url} as ${jarId}`);
    try {
        const jobId = await deps.rest.runJar(jarId, request);
        deps.log.info(`job ${jobId} submitted from ${jarId}` +
            (request.savepointPath ? ` restoring ${request.savepointPath}` : ''));
        return { jarId, jobId };
    }
    catch (err) {
        if (!(err instanceof rest_errors_FlinkRestError) || err.transient)
            throw err;
        const reason = rootCause(err.errors) || err.message;
        const hint = /allowNonRestoredState|cannot be mapped|Cannot map/i.test(err.message)
            ? ' The savepoint holds state of operators the new job does not have: keep their uids, or allow non-restored state.'
            : '';
        throw new FlinkStepError(`run of ${jarId} on ${deps.rest.url} failed: ${reason}.${hint}`, 'run', reason, {
            cause: err,
        });
    }
}
/** Waits until the job and all its tasks are RUNNING; a job that ends instead fails the wait. */
async function waitForJobRunning(deps, jobId, limits = {}) {
    const job = await pollWith(deps, {
        what: `job ${jobId} on ${deps.rest.url} to run`,
        deadline: deadline(deps, limits),
        intervalMs: limits.intervalMs ?? 1000,
        probe: () => deps.rest.job(jobId),
        check: (details) => {
            const running = details.vertices.filter((v) => v.status === 'RUNNING').length;
            if (details.state === 'RUNNING' && running === details.vertices.length && running > 0) {
                return { done: true, result: details };
            }
            if (ENDED.has(details.state))
                return { done: true, result: details };
            return {
                done: false,
                state: details.state,
                detail: `${running}/${details.vertices.length} tasks running`,
            };
        },
    });
    if (job.state !== 'RUNNING') {
        // why: the newest entry of the exception history (e.g. a savepoint that does not fit the job)
        const root = rootException(await deps.rest.exceptions(jobId));
        const reason = root ? root.summary : job.state;
        throw new FlinkStepError(`job ${jobId} on ${deps.rest.url} ended ${job.state} instead of running: ${reason}`, 'start', reason);
    }
    return job;
}
/** Cancels a job (PATCH /jobs/:id) and waits until it is CANCELED (or otherwise ended). */
async function cancelJob(deps, jobId, limits = {}) {
    try {
        await deps.rest.cancel(jobId);
    }
    catch (err) {
        // 409: the job reached another terminal state first (finished, failed): nothing left to cancel
        if (!(err instanceof rest_errors_FlinkRestError && err.status === 409))
            throw err;
    }
    await waitForJobEnd(deps, jobId, 'be cancelled', limits);
}

;// CONCATENATED MODULE: ./.tmp/build/src/flink/rollback.js
/**
 * The rollback on a self-managed cluster: cancel the new job, then run the previous JAR on the original
 * cluster from the pre-upgrade savepoint (the original cluster is touched no further). Never throws: a
 * failure is a result naming what is left and the commands that finish the job by hand. The cost (the
 * rewind window: savepoint → the new job's cancellation) is stated as on Managed Service for Apache Flink.
 */





/** A Flink job id: 32 hex digits. */
function newJobId() {
    return (0,external_node_crypto_.randomBytes)(16).toString('hex');
}
/**
 * The id of the job an upgrade (or its rollback) starts from a given job: derived, so that the main
 * step, the post step and a retry after a lost answer all name the same job, and Flink refuses a
 * second submission of it.
 */
function derivedJobId(role, fromJobId) {
    return (0,external_node_crypto_.createHash)('sha256').update(`${role}:${fromJobId}`).digest('hex').slice(0, 32);
}
/** The JAR the job ran before: a path to upload, or `jar:<id>` of one already on the original cluster. */
function parsePreviousArtifact(text) {
    return text.startsWith('jar:') ? { jarId: text.slice(4) } : { path: text };
}
/** What the rollback cost, one line with figures (pure). */
function rewindText(c) {
    const at = c.takenAt !== undefined ? ` taken at ${new Date(c.takenAt).toISOString()}` : '';
    const rewindSeconds = c.takenAt !== undefined && c.stoppedAt !== undefined
        ? Math.max(0, Math.round((c.stoppedAt - c.takenAt) / 1000))
        : undefined;
    const window = rewindSeconds !== undefined
        ? `rewind ${rewindSeconds}s (${(0,evaluate/* formatSpan */.QA)(rewindSeconds * 1000)}: from the savepoint to the new job's cancellation at ${new Date(c.stoppedAt).toISOString()})`
        : "rewind from the savepoint to the new job's cancellation";
    return {
        text: `restored savepoint ${c.savepoint}${at}; ${window}: output the new version wrote in that window is not undone, ` +
            "and the sources replay from the savepoint's positions (duplicates for at-least-once sinks)",
        ...(rewindSeconds !== undefined ? { rewindSeconds } : {}),
    };
}
function q(text) {
    return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
/** The commands that finish a rollback by hand (pure; plain curl against the REST API, no headers). */
function manualRollbackSteps(req) {
    const steps = [];
    if (req.newJobId)
        steps.push(`curl -X PATCH ${q(`${req.targetUrl}/jobs/${req.newJobId}?mode=cancel`)}`);
    const artifact = parsePreviousArtifact(req.previous.artifact);
    const jarId = 'jarId' in artifact ? artifact.jarId : '<id from the upload answer>';
    if ('path' in artifact)
        steps.push(`curl -X POST -F jarfile=@${q(artifact.path)} ${q(`${req.sourceUrl}/jars/upload`)}`);
    const body = JSON.stringify({
        savepointPath: req.savepoint,
        ...(req.previous.entryClass ? { entryClass: req.previous.entryClass } : {}),
        ...(req.previous.programArgs.length ? { programArgsList: req.previous.programArgs } : {}),
        ...(req.previous.parallelism ? { parallelism: req.previous.parallelism } : {}),
    });
    steps.push(`curl -X POST -H 'content-type: application/json' -d ${q(body)} ${q(`${req.sourceUrl}/jars/${jarId}/run`)}`);
    return steps;
}
/** Retries a step while its failure is transient and the deadline allows (clock ms between tries). */
async function retrying(deps, deadline, intervalMs, what, fn) {
    for (;;) {
        try {
            return await fn();
        }
        catch (err) {
            const transient = err instanceof rest_errors_FlinkRestError && err.transient;
            if (!transient || deps.clock.now() + intervalMs > deadline || deps.signal?.aborted)
                throw err;
            deps.log.info(workflow_commands_neutraliseCommands(`${what}: ${err.message}; trying again in ${(0,evaluate/* formatSpan */.QA)(intervalMs)}`));
            await deps.clock.sleep(intervalMs, deps.signal);
        }
    }
}
/** Returns the job to its previous version on the original cluster. Never throws. */
async function rollBackFlink(deps, req) {
    const sourceDeps = { ...deps, rest: req.source };
    const targetDeps = { ...deps, rest: req.target };
    const limits = {
        timeoutMs: Math.max(1000, req.deadline - deps.clock.now()),
        intervalMs: req.pollIntervalMs,
    };
    const interval = Math.min(req.pollIntervalMs, 5000);
    let stoppedAt;
    let phase = 'cancel the new job';
    try {
        if (req.newJobId) {
            const id = req.newJobId;
            const job = await retrying(targetDeps, req.deadline, interval, 'read of the new job', () => req.target.job(id).catch((err) => {
                if (err instanceof rest_errors_FlinkRestError && err.status === 404)
                    return undefined;
                throw err;
            }));
            if (job && !['FAILED', 'CANCELED', 'FINISHED'].includes(job.state)) {
                deps.log.info(`rollback: cancelling the new job ${id} on ${req.target.url} (${req.reason})`);
                await retrying(targetDeps, req.deadline, interval, 'cancel', () => cancelJob(targetDeps, id, {
                    ...limits,
                    timeoutMs: Math.max(1000, req.deadline - deps.clock.now()),
                }));
                stoppedAt = deps.clock.now();
            }
            else if (job) {
                deps.log.info(`rollback: the new job ${id} on ${req.target.url} is ${job.state} already`);
                stoppedAt = job['end-time'] > 0 ? job['end-time'] : deps.clock.now();
            }
        }
        phase = 'run the previous JAR';
        const artifact = parsePreviousArtifact(req.previous.artifact);
        const jobId = req.rollbackJobId ?? newJobId();
        const request = {
            savepointPath: req.savepoint.path,
            jobId,
            ...(req.previous.entryClass ? { entryClass: req.previous.entryClass } : {}),
            ...(req.previous.programArgs.length ? { programArgsList: req.previous.programArgs } : {}),
            ...(req.previous.parallelism ? { parallelism: req.previous.parallelism } : {}),
        };
        deps.log.info(`rollback: running the previous JAR on ${req.source.url} from savepoint ${req.savepoint.path}`);
        await retrying(sourceDeps, req.deadline, interval, 'run of the previous JAR', async () => {
            // a retry after a lost answer finds the job already there (same id): not submitted twice
            const existing = await req.source.job(jobId).catch(() => undefined);
            if (existing)
                return;
            if ('jarId' in artifact) {
                await req.source.runJar(artifact.jarId, request);
                deps.log.info(`job ${jobId} submitted from ${artifact.jarId} restoring ${req.savepoint.path}`);
            }
            else
                await submitJar(sourceDeps, artifact.path, request);
        });
        phase = 'wait for the previous version to run';
        await waitForJobRunning(sourceDeps, jobId, {
            ...limits,
            timeoutMs: Math.max(1000, req.deadline - deps.clock.now()),
        });
        const { text, rewindSeconds } = rewindText({
            savepoint: req.savepoint.path,
            ...(req.savepoint.takenAt !== undefined ? { takenAt: req.savepoint.takenAt } : {}),
            ...(stoppedAt !== undefined ? { stoppedAt } : {}),
        });
        return {
            outcome: 'rolled-back',
            message: `rolled back: the previous JAR runs again as job ${jobId} on ${req.source.url}, restored from savepoint ${req.savepoint.path}`,
            jobId,
            restoredSavepoint: req.savepoint.path,
            ...(stoppedAt !== undefined ? { stoppedAt } : {}),
            ...(rewindSeconds !== undefined ? { rewindSeconds } : {}),
            cost: text,
        };
    }
    catch (err) {
        const reason = err instanceof FlinkStepError ? err.message : err.message;
        const cancelled = stoppedAt !== undefined || !req.newJobId;
        const left = cancelled
            ? `the new job is cancelled and the previous version does not run: the job is down.`
            : `the new job ${req.newJobId} may still run on ${req.target.url}.`;
        return {
            outcome: 'failed',
            message: `rollback failed (could not ${phase}: ${reason}). ${left} Finish it by hand from savepoint ${req.savepoint.path}.`,
            restoredSavepoint: req.savepoint.path,
            ...(stoppedAt !== undefined ? { stoppedAt } : {}),
            cost: `nothing restored yet; the savepoint to restore is ${req.savepoint.path}`,
            manualSteps: manualRollbackSteps({
                sourceUrl: req.source.url,
                targetUrl: req.target.url,
                ...(req.newJobId && !cancelled ? { newJobId: req.newJobId } : {}),
                savepoint: req.savepoint.path,
                previous: req.previous,
            }),
        };
    }
}

;// CONCATENATED MODULE: ./.tmp/build/src/flink/deploy.js
/**
 * The upgrade itself on self-managed Flink, in the order that changes nothing until it must: upload the
 * new JAR to the cluster it will run on (a refused upload changes nothing), stop the job with a
 * savepoint (a failed savepoint leaves the job running: nothing changed), then run the new JAR from
 * that savepoint (or without state), on the same cluster or the target one, with a job id chosen here
 * so that a retried submission cannot start the job twice.
 */





const deploy_ENDED = new Set(['FAILED', 'CANCELED', 'FINISHED', 'SUSPENDED']);
/** Uploads the new JAR (POST /jars/upload): its id on the cluster. */
async function uploadArtifact(deps, path) {
    try {
        const jarId = await deps.rest.uploadJar(path);
        deps.log.info(`uploaded ${path} to ${deps.rest.url} as ${jarId}`);
        return jarId;
    }
    catch (err) {
        const reason = err instanceof rest_errors_FlinkRestError ? rootCause(err.errors) || err.message : err.message;
        const hint = err instanceof rest_errors_FlinkRestError && err.status === 413
            ? ' The JAR is larger than the JobManager accepts: raise rest.server.max-content-length.'
            : err instanceof rest_errors_FlinkRestError && err.status === 404
                ? ' Web submission is off: set web.submit.enable: true.'
                : '';
        throw new FlinkStepError(`upload of ${path} to ${deps.rest.url} failed: ${reason}.${hint}`, 'upload', reason, {
            cause: err,
        });
    }
}
/** Stops the job with a savepoint: its location and when it completed (clock ms). */
async function stopForUpgrade(deps, jobId, savepointDir, limits) {
    const path = await stopWithSavepoint(deps, jobId, {
        ...(savepointDir ? { targetDirectory: savepointDir } : {}),
        ...limits,
    });
    return { path, takenAt: deps.clock.now() };
}
/** The run request of the new job (pure). */
function runRequest(req, jobId) {
    const stateful = req.mode === 'savepoint' && req.savepointPath !== undefined;
    return {
        jobId,
        ...(stateful
            ? { savepointPath: req.savepointPath, allowNonRestoredState: req.allowNonRestoredState }
            : {}),
        ...(req.entryClass ? { entryClass: req.entryClass } : {}),
        ...(req.programArgs.length ? { programArgsList: req.programArgs } : {}),
        ...(req.parallelism ? { parallelism: req.parallelism } : {}),
    };
}
/**
 * Runs the uploaded JAR (POST /jars/:id/run): the new job's id, once Flink accepted it (follow it with
 * waitForJobRunning). A refused run is a FlinkStepError('run') with Flink's innermost cause (a
 * savepoint the job cannot take, a program that fails in main()).
 */
async function runNewJob(deps, req, limits, jobId = newJobId()) {
    const request = runRequest(req, jobId);
    let attempts = 0;
    for (;;) {
        try {
            await deps.rest.runJar(req.jarId, request);
            break;
        }
        catch (err) {
            if (err instanceof rest_errors_FlinkRestError && err.transient && attempts < 3) {
                attempts += 1;
                // the answer may have been lost after the job was accepted: the id tells
                const existing = await deps.rest.job(jobId).catch(() => undefined);
                if (existing)
                    break;
                await deps.clock.sleep(limits.intervalMs ?? 1000, deps.signal);
                continue;
            }
            if (!(err instanceof rest_errors_FlinkRestError))
                throw err;
            const reason = rootCause(err.errors) || err.message;
            const hint = /allowNonRestoredState|cannot be mapped|Cannot map/i.test(err.message + reason)
                ? ' The savepoint holds state of operators the new job does not have: keep their uids, or set allow-non-restored-state: true.'
                : '';
            throw new FlinkStepError(`run of the new JAR on ${deps.rest.url} failed: ${reason}.${hint}`, 'run', reason, {
                cause: err,
            });
        }
    }
    deps.log.info(`job ${jobId} submitted on ${deps.rest.url}` +
        (request.savepointPath ? ` restoring ${request.savepointPath}` : ' without state'));
    return jobId;
}
/**
 * Waits until the new job's tasks all run, or until it restarts (a restore that fails in the tasks
 * loops there: the gate catches it on its first reading, with the root exception). A job that ends
 * fails the wait with its root exception.
 */
async function waitForNewJob(deps, jobId, limits) {
    const start = await pollWith(deps, {
        what: `job ${jobId} on ${deps.rest.url} to run`,
        deadline: deps.clock.now() + (limits.timeoutMs ?? 600_000),
        intervalMs: limits.intervalMs ?? 1000,
        probe: async () => {
            const [job, metrics] = await Promise.all([
                deps.rest.job(jobId),
                deps.rest.jobMetrics(jobId, ['numRestarts']).catch(() => []),
            ]);
            return { job, restarts: metricNumber(metrics, 'numRestarts') ?? 0 };
        },
        check: ({ job, restarts }) => {
            const running = job.vertices.filter((v) => v.status === 'RUNNING').length;
            if (deploy_ENDED.has(job.state))
                return { done: true, result: { state: 'ended', job } };
            if (job.state === 'RUNNING' && running === job.vertices.length && running > 0) {
                return { done: true, result: { state: 'running', job } };
            }
            if (restarts > 0 || job.state === 'RESTARTING') {
                return { done: true, result: { state: 'restarting', job, restarts } };
            }
            return { done: false, state: job.state, detail: `${running}/${job.vertices.length} tasks running` };
        },
    });
    if (start.state === 'ended') {
        const root = rootException(await deps.rest.exceptions(jobId).catch(() => ({})));
        const reason = root ? root.summary : start.job.state;
        throw new FlinkStepError(`job ${jobId} on ${deps.rest.url} ended ${start.job.state} instead of running: ${reason}`, 'start', reason);
    }
    return start;
}

;// CONCATENATED MODULE: ./.tmp/build/src/health/rest-evaluate.js

const TERMINAL = new Set(['FAILED', 'CANCELED', 'CANCELLING', 'FINISHED', 'SUSPENDED']);
function overlaps(from, to, excused) {
    return (excused ?? []).some((e) => from <= e.to && to >= e.from);
}
function evaluateRest(input) {
    const { samples, thresholds, startedAt, now, stabilisationMs, bakeMs } = input;
    const elapsed = now - startedAt;
    const final = elapsed >= stabilisationMs + bakeMs;
    const span = (0,evaluate/* formatSpan */.QA)(elapsed);
    let restarts = 0;
    let excusedRestarts = 0;
    let restartSeenAt;
    const jobs = [];
    const lastOfJob = new Map();
    let prev;
    for (const s of samples) {
        const before = lastOfJob.get(s.jobId);
        if (!before && prev && prev.jobId !== s.jobId) {
            // a new job: the platform resubmitted it (autoscaling) or someone else did
            if (overlaps(prev.at, s.at, input.excused))
                excusedRestarts += 1;
            else {
                restarts += 1;
                restartSeenAt ??= s.at;
            }
        }
        const from = before ? before.restarts : 0;
        const rise = Math.max(0, s.restarts - from);
        if (rise > 0) {
            const since = before?.at ?? s.startTime ?? prev?.at ?? startedAt;
            if (overlaps(since, s.at, input.excused))
                excusedRestarts += rise;
            else {
                restarts += rise;
                restartSeenAt ??= s.at;
            }
        }
        if (!before)
            jobs.push(s.jobId);
        lastOfJob.set(s.jobId, s);
        prev = s;
    }
    const latest = samples[samples.length - 1];
    const lasts = [...lastOfJob.values()];
    const completed = lasts.reduce((n, s) => n + s.completed, 0);
    const failed = lasts.reduce((n, s) => n + s.failed, 0);
    // Durations in completion order, the first checkpoint of each restored job left out.
    const durations = [];
    for (const s of lasts) {
        // the history still holds the job's first checkpoint when it holds all of them
        const first = s.restored && s.completed <= s.history.length ? s.history[0] : undefined;
        for (const c of s.history)
            if (c !== first)
                durations.push(c);
    }
    const lastCp = latest?.history[latest.history.length - 1];
    const figures = {
        restarts,
        excusedRestarts,
        jobs: jobs.length,
        completed,
        failed,
        ...(lastCp ? { lastCheckpointDurationMs: lastCp.durationMs } : {}),
        ...(lastCp?.sizeBytes !== undefined ? { lastCheckpointSizeBytes: lastCp.sizeBytes } : {}),
        ...(latest ? { state: latest.state } : {}),
        ...(latest?.rootException ? { rootException: latest.rootException } : {}),
    };
    const out = (verdict, seenAt) => ({
        verdict,
        figures,
        final,
        ...(seenAt !== undefined ? { seenAt } : {}),
    });
    const unhealthy = (check, reason, seenAt) => out({ state: 'unhealthy', check, reason }, seenAt);
    const cause = latest?.rootException ? `; root exception: ${latest.rootException}` : '';
    const jobStart = samples.find((x) => x.startTime !== undefined)?.startTime ?? startedAt;
    const age = (0,evaluate/* formatSpan */.QA)(Math.max(0, (latest?.at ?? now) - jobStart));
    if (restarts > thresholds.maxRestarts) {
        return unhealthy('restarts', `the new job restarted ${restarts} time${restarts === 1 ? '' : 's'} in ${age} (Flink REST numRestarts; max-restarts ${thresholds.maxRestarts})${cause}`, restartSeenAt);
    }
    if (latest && TERMINAL.has(latest.state)) {
        return unhealthy('running-time', `the job is ${latest.state} (Flink REST)${cause}`, latest.at);
    }
    if (failed > thresholds.maxFailedCheckpoints) {
        return unhealthy('failed-checkpoints', `${failed} checkpoint${failed === 1 ? '' : 's'} failed in ${span} (Flink REST; max-failed-checkpoints ${thresholds.maxFailedCheckpoints})`, latest?.at);
    }
    if (elapsed < stabilisationMs)
        return out({ state: 'healthy-so-far' });
    const base = input.baselineCheckpointDurationMs;
    if (base !== undefined && base > 0) {
        const recent = durations.slice(-2);
        const limit = thresholds.maxCheckpointDurationRatio * base;
        if (recent.length === 2 && recent.every((c) => c.durationMs > limit)) {
            const v = recent[1].durationMs;
            return unhealthy('slow-checkpoints', `checkpoint ${recent[1].id} took ${(0,evaluate/* formatNumber */.ZV)(v)} ms, ${(0,evaluate/* formatNumber */.ZV)(v / base)}× the baseline ${(0,evaluate/* formatNumber */.ZV)(base)} ms ` +
                `(Flink REST; max-checkpoint-duration-ratio ${thresholds.maxCheckpointDurationRatio}; the first checkpoint after the restore is not compared)`, latest?.at);
        }
    }
    const interval = input.checkpointIntervalMs;
    const overdue = interval !== undefined && elapsed > 3 * interval;
    if (thresholds.requireCheckpoint && completed === 0 && (final || overdue)) {
        return unhealthy('no-checkpoint', `no checkpoint completed in ${span}${interval !== undefined ? ` (checkpoint interval ${(0,evaluate/* formatSpan */.QA)(interval)})` : ''} (Flink REST counts.completed 0; require-checkpoint true)`, latest?.at);
    }
    if (!final)
        return out({ state: 'healthy-so-far' });
    return out({
        state: 'healthy',
        ...(thresholds.requireCheckpoint ? {} : { note: 'checkpoint completion not required' }),
    });
}

;// CONCATENATED MODULE: ./.tmp/build/src/flink/health-source.js



/** The restart counter of a job (Flink 1.x also has the deprecated fullRestarts). */
const RESTART_METRICS = ['numRestarts', 'fullRestarts'];
/** Completed checkpoints (not savepoints) of a job, oldest first. */
function completedCheckpoints(stats) {
    if (!stats)
        return [];
    const history = (stats.history ?? [])
        .filter((c) => c.status === 'COMPLETED' && !c.is_savepoint && Number.isFinite(c.end_to_end_duration))
        .map((c) => ({
        id: c.id,
        durationMs: c.end_to_end_duration,
        ...(Number.isFinite(c.state_size) ? { sizeBytes: c.state_size } : {}),
    }));
    const latest = stats.latest.completed;
    if (latest && !history.some((c) => c.id === latest.id) && Number.isFinite(latest.end_to_end_duration)) {
        history.push({
            id: latest.id,
            durationMs: latest.end_to_end_duration,
            ...(Number.isFinite(latest.state_size) ? { sizeBytes: latest.state_size } : {}),
        });
    }
    return history.sort((a, b) => a.id - b.id);
}
/** One reading of a job as the health gate judges it (pure). */
function restSample(input) {
    const { job, checkpoints } = input;
    const counted = metricNumber(input.metrics, 'numRestarts') ?? metricNumber(input.metrics, 'fullRestarts') ?? 0;
    // a job FAILING or RESTARTING is in a restart the counter may not show yet (it counts when the
    // restart-strategy's delay is over): at least one
    const restarts = Math.max(counted, job.state === 'RESTARTING' || job.state === 'FAILING' ? 1 : 0);
    const root = input.exceptions ? rootException(input.exceptions) : undefined;
    return {
        at: input.at,
        jobId: job.jid,
        state: job.state,
        ...(job['start-time'] > 0 ? { startTime: job['start-time'] } : {}),
        restarts,
        completed: checkpoints?.counts.completed ?? 0,
        failed: checkpoints?.counts.failed ?? 0,
        restored: (checkpoints?.counts.restored ?? 0) > 0 || Boolean(checkpoints?.latest.restored),
        history: completedCheckpoints(checkpoints),
        // plain text: whoever logs or reports it neutralises it first
        ...(root ? { rootException: root.summary } : {}),
    };
}
/** The baseline the bake's checkpoint durations are compared with: the median of the old job's. */
function checkpointBaseline(stats) {
    return (0,evaluate/* median */.JZ)(completedCheckpoints(stats).map((c) => c.durationMs));
}
/** Reads a job's sample from its cluster: detail, checkpoints, restarts, and the root exception when it failed. */
async function readRestSample(rest, jobId, at) {
    const [job, checkpoints, metrics] = await Promise.all([
        rest.job(jobId),
        rest.checkpoints(jobId).catch((err) => {
            // a job without checkpointing answers an error on some versions: no checkpoint counts then
            if (err instanceof rest_errors_FlinkRestError && !err.transient)
                return undefined;
            throw err;
        }),
        rest.jobMetrics(jobId, RESTART_METRICS),
    ]);
    const restarts = metricNumber(metrics, 'numRestarts') ?? metricNumber(metrics, 'fullRestarts') ?? 0;
    const exceptions = restarts > 0 || job.state !== 'RUNNING' ? await rest.exceptions(jobId).catch(() => undefined) : undefined;
    return restSample({ at, job, checkpoints, exceptions, metrics });
}

;// CONCATENATED MODULE: ./.tmp/build/src/flink/health-gate.js





function jobAddress(release) {
    const { cluster, jobId } = release.native;
    return typeof cluster === 'string' && typeof jobId === 'string' ? { url: cluster, jobId } : undefined;
}
/** Polls of the REST API: often (it has no lag), but not more than every 500 ms nor less than every 5 s. */
function restPollMs(pollIntervalMs) {
    return Math.min(5000, Math.max(500, pollIntervalMs));
}
/** Consecutive failed reads tolerated before the gate says the job cannot be watched. */
const READ_FAILURES = 5;
class FlinkHealthSource {
    client;
    constructor(client) {
        this.client = client;
    }
    describe(settings, checkpointIntervalMs) {
        if (settings.bakeMs === 0)
            return 'no health gate (bake-time 0)';
        const t = settings;
        return (`the new job, read from the JobManager REST API in real time for ${(0,evaluate/* formatSpan */.QA)(t.stabilisationMs)} + ${(0,evaluate/* formatSpan */.QA)(t.bakeMs)}: ` +
            `fails on more than ${t.maxRestarts} restart${t.maxRestarts === 1 ? '' : 's'}, a job that ends, more than ${t.maxFailedCheckpoints} failed checkpoint${t.maxFailedCheckpoints === 1 ? '' : 's'}` +
            (t.requireCheckpoint
                ? `, no completed checkpoint${checkpointIntervalMs ? ` within 3 intervals (${(0,evaluate/* formatSpan */.QA)(3 * checkpointIntervalMs)})` : ''}`
                : '') +
            `, checkpoints over ${t.maxCheckpointDurationRatio}× the pre-upgrade job's`);
    }
    async baseline(ctx, req) {
        const at = jobAddress(req.release);
        const now = ctx.clock.now();
        const base = {
            application: req.release.application,
            runtime: req.release.engineVersion,
            series: {},
            from: now,
            to: now,
        };
        if (!at)
            return { ...base, notes: ['the pre-upgrade job is not known: no checkpoint baseline'] };
        try {
            const stats = await this.client(at.url, ctx).checkpoints(at.jobId);
            const median = checkpointBaseline(stats);
            return median === undefined
                ? {
                    ...base,
                    notes: [`job ${at.jobId} has no completed checkpoint yet: no checkpoint duration baseline`],
                }
                : { ...base, checkpointDurationMs: median };
        }
        catch (err) {
            return {
                ...base,
                notes: [`checkpoints of job ${at.jobId} unreadable: ${workflow_commands_neutraliseCommands(err.message)}`],
            };
        }
    }
    async bake(ctx, req) {
        const { settings } = req;
        const startedAt = ctx.clock.now();
        const window = { stabilisationMs: settings.stabilisationMs, bakeMs: settings.bakeMs };
        const common = {
            baseline: req.baseline,
            startedAt,
            source: 'jobmanager-rest',
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
        const samples = [];
        const series = {
            numRestarts: [],
            numberOfCompletedCheckpoints: [],
            numberOfFailedCheckpoints: [],
        };
        const intervalMs = restPollMs(ctx.pollIntervalMs);
        let polls = 0;
        let failures = 0;
        // checkpoints that failed before the gate's first reading were triggered while the tasks deployed
        // (Flink counts "not all required tasks are running" as failed): not the new version's health
        const failedBefore = new Map();
        const finish = (verdict, extra = {}) => {
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
                            ...(last.rootException ? { rootException: workflow_commands_neutraliseCommands(last.rootException) } : {}),
                            ...(last.history.length
                                ? { lastCheckpointDurationMs: last.history[last.history.length - 1].durationMs }
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
                    reason: `the run's timeout came ${(0,evaluate/* formatSpan */.QA)(now - startedAt)} into the health gate, before it ended: an unfinished bake is not a pass`,
                });
            }
            polls += 1;
            try {
                const read = await readRestSample(rest, at.jobId, now);
                if (!failedBefore.has(read.jobId)) {
                    failedBefore.set(read.jobId, read.failed);
                    if (read.failed > 0) {
                        ctx.log.info(`health gate: ${read.failed} checkpoint(s) of job ${read.jobId} failed before its tasks all ran; not counted`);
                    }
                }
                const sample = { ...read, failed: Math.max(0, read.failed - (failedBefore.get(read.jobId) ?? 0)) };
                failures = 0;
                samples.push(sample);
                series.numRestarts.push({ t: now, v: sample.restarts });
                series.numberOfCompletedCheckpoints.push({ t: now, v: sample.completed });
                series.numberOfFailedCheckpoints.push({ t: now, v: sample.failed });
            }
            catch (err) {
                if (ctx.signal.aborted)
                    throw err;
                const gone = err instanceof rest_errors_FlinkRestError && err.status === 404;
                failures += 1;
                const message = workflow_commands_neutraliseCommands(err.message);
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
            const verdictText = ev.verdict.state === 'unhealthy'
                ? `UNHEALTHY: ${ev.verdict.reason}`
                : ev.verdict.state === 'healthy'
                    ? 'healthy'
                    : now - startedAt < settings.stabilisationMs
                        ? 'stabilising'
                        : 'healthy so far';
            ctx.log.info(workflow_commands_neutraliseCommands(`${(0,evaluate/* gatePosition */.jT)(now - startedAt, window.stabilisationMs, window.bakeMs)} job ${f.state ?? '?'}, restarts ${f.restarts}, ` +
                `checkpoints: ${f.completed} completed, ${f.failed} failed` +
                (f.lastCheckpointDurationMs !== undefined ? `, last ${f.lastCheckpointDurationMs} ms` : '') +
                `; ${verdictText}`));
            if (ev.verdict.state === 'unhealthy') {
                return finish('unhealthy', {
                    check: ev.verdict.check,
                    reason: workflow_commands_neutraliseCommands(ev.verdict.reason),
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

// EXTERNAL MODULE: ./.tmp/build/src/jar-check/index.js + 9 modules
var jar_check = __webpack_require__(2829);
;// CONCATENATED MODULE: ./.tmp/build/src/flink/versions.js
/**
 * Flink versions of self-managed clusters (pure): the version a cluster reports (`/config`), the Java
 * release it runs on (`/jobmanager/environment`), the JAR check's runtime for a version, and Flink's
 * savepoint compatibility rules for a move from one version to another.
 *
 * Sources: Apache Flink's "Upgrading Applications and Flink Versions" (compatibility table: a savepoint
 * is restored by the same or a newer Flink version, never an older one) and the Flink 2.0 release notes
 * ("State compatibility is not guaranteed between 1.x and 2.x"; Kryo 2.24 → 5.6, collection serializers).
 */

/** `1.20.5`, `2.2.1`, `2.0-SNAPSHOT` → its numbers; undefined for anything else. */
function parseFlinkVersion(text) {
    const match = /^\s*(\d{1,3})\.(\d{1,3})(?:\.(\d{1,3}))?/.exec(text);
    if (!match)
        return undefined;
    return {
        major: Number(match[1]),
        minor: Number(match[2]),
        patch: Number(match[3] ?? 0),
        text: text.trim(),
    };
}
/** `1.20` for messages. */
function flinkLine(v) {
    return `${v.major}.${v.minor}`;
}
/** Negative when a is older than b, 0 on the same line (patch releases restore each other), positive when newer. */
function compareLines(a, b) {
    return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}
/**
 * The Java feature release in a JVM description as Flink's `/jobmanager/environment` gives it
 * (`OpenJDK 64-Bit Server VM - Eclipse Adoptium - 17/17.0.12+7`), or a bare version (`17.0.12`,
 * `1.8.0_402`, `21`). Undefined when none is found.
 */
function javaRelease(jvm) {
    const spec = / - (\d+(?:\.\d+)?)\//.exec(jvm)?.[1] ?? /(?:^|\s)(\d+(?:\.\d+)?)(?:[.+_][\w.+-]*)?\s*$/.exec(jvm)?.[1];
    if (!spec)
        return undefined;
    const [first, second] = spec.split('.').map(Number);
    if (first === undefined || !Number.isFinite(first))
        return undefined;
    // Java 8 and older: 1.8
    return first === 1 && second !== undefined ? second : first;
}
/**
 * The runtime the JAR check judges a Flink version as: `FLINK-<major>_<minor>` when the check knows the
 * line, else the newest known line of the same major below it (its API and state rules hold), else the
 * name itself (a newer line: the check assumes the newest rules of its major and says so).
 */
function jarCheckRuntime(v) {
    const exact = `FLINK-${v.major}_${v.minor}`;
    if ((0,jar_check/* runtimeInfo */.zE)(exact))
        return exact;
    // the lines the check knows (runtime names carry them), of this major version, oldest first
    const line = jar_check/* FLINK_RUNTIMES */.lx.map((r) => (0,jar_check/* runtimeInfo */.zE)(r)).filter((x) => x !== undefined && x.flinkMajor === v.major);
    const newer = line.some((x) => x.flinkMinor > v.minor);
    const below = line.filter((x) => x.flinkMinor < v.minor).at(-1);
    return newer && below ? below.runtime : exact;
}
/** Flink's savepoint compatibility rules between the cluster's version and the target's. */
function judgeVersionMove(req) {
    const { from, to } = req;
    const move = `Flink ${from.text} → ${to.text}`;
    const order = compareLines(to, from);
    if (order === 0) {
        const kind = from.patch === to.patch ? 'same' : 'patch';
        return { kind, allowed: true, message: `${move}: same Flink line`, warnings: [] };
    }
    if (order < 0) {
        if (req.stateful) {
            return {
                kind: 'downgrade',
                allowed: false,
                message: `${move} is a downgrade: Flink restores a savepoint only on the same or a newer version. ` +
                    'Run the job on a cluster of its own version, or use upgrade-mode: stateless with allow-downgrade: true to start without state',
                warnings: [],
            };
        }
        return req.allowDowngrade
            ? {
                kind: 'downgrade',
                allowed: true,
                message: `${move}: a downgrade without state (allow-downgrade)`,
                warnings: [],
            }
            : {
                kind: 'downgrade',
                allowed: false,
                message: `${move} is a downgrade; set allow-downgrade: true to start the older version without state`,
                warnings: [],
            };
    }
    if (to.major > from.major) {
        if (!req.allowMajorUpgrade) {
            return {
                kind: 'major-upgrade',
                allowed: false,
                message: `${move} is a major upgrade: Flink does not guarantee that ${from.major}.x state restores on ${to.major}.x ` +
                    '(Java collections and Kryo state do not; APIs were removed). It is one-way; set allow-major-upgrade: true ' +
                    'once the JAR is built for the new version (the JAR check and the health gate guard the move; the rollback returns to the original cluster)',
                warnings: [],
            };
        }
        const warnings = from.major === 1 && from.minor < 20 && req.stateful
            ? [
                `${from.text} state is moved to ${to.text} directly; Flink's migration guide moves 1.x jobs to 1.20 first`,
            ]
            : [];
        return {
            kind: 'major-upgrade',
            allowed: true,
            message: `${move}: a major upgrade (allow-major-upgrade)`,
            warnings,
        };
    }
    return {
        kind: 'minor-upgrade',
        allowed: true,
        message: `${move}: a newer line restores the savepoint`,
        warnings: [],
    };
}

;// CONCATENATED MODULE: ./.tmp/build/src/flink/preflight.js
/**
 * Preflight of a self-managed Flink upgrade: what the clusters and the job say (read over REST), and
 * the pure judgement of it — the job to upgrade, the version move, checkpointing, web submission,
 * slots, the savepoint directory, and what the JAR check is told (the target's Flink line and Java).
 */



/** Flink's interval when checkpointing is disabled (Long.MAX_VALUE, read as a double). */
const DISABLED_INTERVAL = 9e18;
/** The job to upgrade: by id, else the one RUNNING job with the name. A problem line otherwise. */
function findJob(jobs, by, url) {
    if (by.jobId) {
        const job = jobs.find((j) => j.jid === by.jobId);
        if (!job)
            return { problem: `job-id ${by.jobId}: no such job on ${url}` };
        if (job.state !== 'RUNNING') {
            return {
                problem: `job ${by.jobId} (${job.name}) on ${url} is ${job.state}, not RUNNING: only a running job is upgraded`,
            };
        }
        return { job };
    }
    const name = by.jobName ?? '';
    const named = jobs.filter((j) => j.name === name);
    const running = named.filter((j) => j.state === 'RUNNING');
    if (running.length === 1 && running[0])
        return { job: running[0] };
    if (running.length > 1) {
        return {
            problem: `${running.length} running jobs on ${url} are named "${name}" (${running.map((j) => j.jid).join(', ')}): set job-id to choose one`,
        };
    }
    if (named.length > 0) {
        const states = [...new Set(named.map((j) => j.state))].join(', ');
        return {
            problem: `no RUNNING job named "${name}" on ${url} (jobs of that name are ${states}): only a running job is upgraded`,
        };
    }
    const others = jobs.filter((j) => j.state === 'RUNNING').map((j) => `"${j.name}"`);
    return {
        problem: `no job named "${name}" on ${url}${others.length ? `; running jobs: ${others.slice(0, 5).join(', ')}` : '; no job runs there'}`,
    };
}
/** The parallelism a job runs with: the highest of its vertices'. */
function jobParallelism(job) {
    return Math.max(1, ...job.vertices.map((v) => v.parallelism));
}
function isTransient(err) {
    return err instanceof rest_errors_FlinkRestError && err.transient;
}
/** The pure judgement of what preflight read. */
function judgePreflight(facts, req) {
    const { settings } = req;
    const problems = [];
    const warnings = [];
    const source = facts.source;
    const target = facts.target ?? source;
    const moving = facts.target !== undefined;
    const stateful = settings.upgradeMode === 'savepoint';
    const from = parseFlinkVersion(source.version);
    const to = parseFlinkVersion(target.version);
    if (!from)
        problems.push(`the cluster at ${source.url} reports Flink version "${source.version}", which is not a version`);
    if (!to)
        problems.push(`the cluster at ${target.url} reports Flink version "${target.version}", which is not a version`);
    if (!target.webSubmit) {
        problems.push(`web submission is off on ${target.url} (/jars/upload and /jars/:id/run are not served): set web.submit.enable: true on its JobManager`);
    }
    if (moving && !source.webSubmit && req.rollback === 'auto') {
        problems.push(`web submission is off on ${source.url}: a rollback could not run the previous JAR there; set web.submit.enable: true, or rollback: never`);
    }
    if (target.taskManagers === 0)
        problems.push(`no TaskManager is registered with ${target.url}: the new job could not run`);
    const found = findJob(facts.jobs, settings, source.url);
    let job;
    if ('problem' in found)
        problems.push(found.problem);
    else if (facts.job) {
        const parallelism = jobParallelism(facts.job);
        job = { id: facts.job.jid, name: facts.job.name, parallelism, startTime: facts.job['start-time'] };
        const wanted = settings.parallelism ?? parallelism;
        const free = moving ? target.slotsAvailable : target.slotsAvailable + parallelism;
        if (free < wanted) {
            problems.push(`the new job needs ${wanted} task slot${wanted === 1 ? '' : 's'} on ${target.url}, which has ${free} ${moving ? 'free' : 'free once the job stops'} ` +
                `(${target.slotsTotal} in all): add TaskManagers or lower parallelism`);
        }
    }
    const interval = facts.checkpointing?.interval;
    const checkpointIntervalMs = interval !== undefined && interval > 0 && interval < DISABLED_INTERVAL ? interval : undefined;
    if (job && stateful && checkpointIntervalMs === undefined) {
        problems.push(`checkpointing is off for job ${job.id} (${job.name}): a stateful upgrade needs it (the health gate waits for the new job's checkpoints); ` +
            'enable execution.checkpointing.interval, or use upgrade-mode: stateless');
    }
    const savepointDir = settings.savepointDir ?? source.savepointDir;
    if (!savepointDir) {
        problems.push(`no savepoint directory: set savepoint-dir, or execution.checkpointing.savepoint-dir on the cluster at ${source.url}`);
    }
    else if (moving && /^file:\/|^\//.test(savepointDir)) {
        warnings.push(`savepoint-dir ${savepointDir} is a local path: the cluster at ${target.url} must see the same files (a shared mount), or the move fails at restore`);
    }
    if (moving && req.rollback === 'auto' && !settings.previousArtifact) {
        problems.push('previous-artifact is needed for a rollback to the original cluster (the JAR the job runs today, or jar:<id> of a JAR uploaded there); set it, or rollback: never');
    }
    let move;
    let jarCheck;
    const targetJava = javaRelease(target.jvm);
    if (from && to) {
        move = judgeVersionMove({
            from,
            to,
            stateful,
            allowMajorUpgrade: req.allowMajorUpgrade,
            allowDowngrade: req.allowDowngrade,
        });
        if (!move.allowed)
            problems.push(move.message);
        warnings.push(...move.warnings);
        jarCheck = {
            targetRuntime: jarCheckRuntime(to),
            currentRuntime: jarCheckRuntime(from),
            ...(targetJava !== undefined ? { targetJavaRelease: targetJava } : {}),
        };
        if (!moving && move.kind !== 'same' && move.kind !== 'patch') {
            warnings.push(`the cluster at ${source.url} runs Flink ${flinkLine(from)} and is its own target: no move happens`);
        }
    }
    if (targetJava === undefined) {
        warnings.push(`the Java version of ${target.url} could not be read from "${target.jvm}": the JAR check assumes the runtime's usual Java`);
    }
    if (settings.allowNonRestoredState && !stateful) {
        warnings.push('allow-non-restored-state has no effect with upgrade-mode: stateless');
    }
    return {
        ok: problems.length === 0,
        problems,
        warnings,
        ...(job ? { job } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(move ? { move } : {}),
        ...(targetJava !== undefined ? { targetJava } : {}),
        ...(jarCheck ? { jarCheck } : {}),
        ...(checkpointIntervalMs !== undefined ? { checkpointIntervalMs } : {}),
        ...(savepointDir ? { savepointDir } : {}),
    };
}
/** Reads what a cluster says about itself; errors name the cluster and the fix. */
async function readClusterFacts(rest) {
    let config;
    try {
        config = await rest.config();
    }
    catch (err) {
        if (isTransient(err) || err instanceof rest_errors_FlinkRestError) {
            throw new rest_errors_FlinkRestError(`the Flink JobManager at ${rest.url} does not answer its REST API (GET /config): ${err.message}. ` +
                'Check the URL, that the runner reaches it, and the request headers of an authenticating proxy', 'GET', '/config', err.status, err.errors, false, { cause: err });
        }
        throw err;
    }
    const [environment, overview, jmConfig] = await Promise.all([
        rest.jobManagerEnvironment(),
        rest.overview(),
        rest.jobManagerConfig().catch(() => []),
    ]);
    const value = (key) => jmConfig.find((e) => e.key === key)?.value || undefined;
    const savepointDir = value('execution.checkpointing.savepoint-dir') ?? value('state.savepoints.dir');
    return {
        url: rest.url,
        version: config['flink-version'],
        webSubmit: config.features?.['web-submit'] === true,
        jvm: environment.jvm.version,
        taskManagers: overview.taskmanagers,
        slotsTotal: overview['slots-total'],
        slotsAvailable: overview['slots-available'],
        ...(savepointDir ? { savepointDir } : {}),
    };
}
/** Reads everything preflight judges: both clusters, the jobs, and the job found (its checkpointing). */
async function readPreflightFacts(source, target, settings) {
    const [sourceFacts, targetFacts, jobs] = await Promise.all([
        readClusterFacts(source),
        target && movesCluster(settings) ? readClusterFacts(target) : Promise.resolve(undefined),
        source.jobs(),
    ]);
    const found = findJob(jobs, settings, source.url);
    if ('problem' in found)
        return { source: sourceFacts, ...(targetFacts ? { target: targetFacts } : {}), jobs };
    const id = found.job.jid;
    const [job, checkpointing, checkpoints] = await Promise.all([
        source.job(id),
        source.checkpointConfig(id).catch((err) => {
            if (err instanceof FlinkRestError && !err.transient)
                return undefined;
            throw err;
        }),
        source.checkpoints(id).catch((err) => {
            if (err instanceof FlinkRestError && !err.transient)
                return undefined;
            throw err;
        }),
    ]);
    return {
        source: sourceFacts,
        ...(targetFacts ? { target: targetFacts } : {}),
        jobs,
        job,
        ...(checkpointing ? { checkpointing } : {}),
        ...(checkpoints ? { checkpoints } : {}),
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./.tmp/build/src/flink/rest.js
/**
 * A client of the Flink JobManager REST API (Flink 1.20 and 2.x), on node's fetch. Every call has a
 * deadline (per-request timeout) and the caller's abort signal; failures are FlinkRestError, transient
 * (no answer, 502–504, 5xx of a read) or not, with Flink's error list summarised into the message.
 * Extra request headers (e.g. for an authenticating proxy) are sent and never logged nor put in errors.
 */



class FlinkRestClient {
    url;
    headers;
    timeoutMs;
    uploadTimeoutMs;
    signal;
    constructor(options) {
        this.url = options.url.replace(/\/+$/, '');
        this.headers = options.headers ?? {};
        this.timeoutMs = options.timeoutMs ?? 30_000;
        this.uploadTimeoutMs = options.uploadTimeoutMs ?? 300_000;
        this.signal = options.signal;
    }
    /** GET /config: the Flink version and features (web submission). */
    config() {
        return this.request('GET', '/config');
    }
    /** GET /overview: TaskManagers, slots, job counts. */
    overview() {
        return this.request('GET', '/overview');
    }
    async jobs() {
        const answer = await this.request('GET', '/jobs/overview');
        return answer.jobs;
    }
    job(jobId) {
        return this.request('GET', `/jobs/${enc(jobId)}`);
    }
    checkpoints(jobId) {
        return this.request('GET', `/jobs/${enc(jobId)}/checkpoints`);
    }
    /** GET /jobs/:id/checkpoints/config: the job's checkpointing (an error when it has none). */
    checkpointConfig(jobId) {
        return this.request('GET', `/jobs/${enc(jobId)}/checkpoints/config`);
    }
    jobConfig(jobId) {
        return this.request('GET', `/jobs/${enc(jobId)}/config`);
    }
    /** GET /jars: the JARs uploaded to the cluster. */
    jars() {
        return this.request('GET', '/jars');
    }
    exceptions(jobId) {
        return this.request('GET', `/jobs/${enc(jobId)}/exceptions`);
    }
    /** GET /jobs/:id/metrics?get=a,b: job-level metrics (e.g. numRestarts); absent ones are left out. */
    jobMetrics(jobId, names) {
        const query = names.map(encodeURIComponent).join(',');
        return this.request('GET', `/jobs/${enc(jobId)}/metrics?get=${query}`);
    }
    /** GET /jobmanager/config: the JobManager's configuration, as key/value pairs. */
    jobManagerConfig() {
        return this.request('GET', '/jobmanager/config');
    }
    jobManagerEnvironment() {
        return this.request('GET', '/jobmanager/environment');
    }
    /** POST /jars/upload (multipart field `jarfile`, streamed from disk): the JAR id on the cluster. */
    async uploadJar(path) {
        const form = new FormData();
        form.append('jarfile', await (0,external_node_fs_.openAsBlob)(path, { type: 'application/java-archive' }), (0,external_node_path_.basename)(path));
        const answer = await this.request('POST', '/jars/upload', {
            form,
            timeoutMs: this.uploadTimeoutMs,
        });
        const id = (0,external_node_path_.basename)(answer.filename ?? '');
        if (answer.status !== 'success' || !id) {
            throw new rest_errors_FlinkRestError(`POST /jars/upload: unexpected answer (status ${String(answer.status)})`, 'POST', '/jars/upload', 200, [], false);
        }
        return id;
    }
    /** POST /jars/:id/run: runs the JAR's main() on the JobManager; the new job's id. */
    async runJar(jarId, request = {}) {
        const answer = await this.request('POST', `/jars/${enc(jarId)}/run`, {
            body: request,
            timeoutMs: Math.max(this.timeoutMs, 120_000),
        });
        return answer.jobid;
    }
    async deleteJar(jarId) {
        await this.request('DELETE', `/jars/${enc(jarId)}`);
    }
    /** POST /jobs/:id/savepoints (the job keeps running): the trigger id. */
    async triggerSavepoint(jobId, request = {}) {
        const body = {
            'cancel-job': false,
            ...(request.targetDirectory ? { 'target-directory': request.targetDirectory } : {}),
            ...(request.formatType ? { formatType: request.formatType } : {}),
        };
        const answer = await this.request('POST', `/jobs/${enc(jobId)}/savepoints`, {
            body,
        });
        return answer['request-id'];
    }
    /** POST /jobs/:id/stop (stop with a savepoint; drain: end of input first): the trigger id. */
    async stopWithSavepoint(jobId, request = {}) {
        const body = {
            drain: request.drain ?? false,
            ...(request.targetDirectory ? { targetDirectory: request.targetDirectory } : {}),
            ...(request.formatType ? { formatType: request.formatType } : {}),
        };
        const answer = await this.request('POST', `/jobs/${enc(jobId)}/stop`, { body });
        return answer['request-id'];
    }
    savepointStatus(jobId, triggerId) {
        return this.request('GET', `/jobs/${enc(jobId)}/savepoints/${enc(triggerId)}`);
    }
    /** PATCH /jobs/:id?mode=cancel (202: cancellation started). */
    async cancel(jobId) {
        await this.request('PATCH', `/jobs/${enc(jobId)}?mode=cancel`);
    }
    async request(method, path, options = {}) {
        const timeout = AbortSignal.timeout(options.timeoutMs ?? this.timeoutMs);
        const signal = this.signal ? AbortSignal.any([this.signal, timeout]) : timeout;
        const headers = { accept: 'application/json', ...this.headers };
        let body;
        if (options.form)
            body = options.form;
        else if (options.body !== undefined) {
            headers['content-type'] = 'application/json';
            body = JSON.stringify(options.body);
        }
        const where = `${method} ${path.split('?')[0] ?? path}`;
        let response;
        let text;
        try {
            response = await fetch(`${this.url}${path}`, { method, headers, body, signal });
            text = await response.text();
        }
        catch (err) {
            if (this.signal?.aborted)
                throw err;
            const reason = timeout.aborted || err.name === 'TimeoutError'
                ? `no answer within ${formatMs(options.timeoutMs ?? this.timeoutMs)}`
                : (networkErrorCode(err) ?? err.message);
            throw new rest_errors_FlinkRestError(`${where} to the Flink JobManager at ${this.url} failed: ${reason}`, method, path, undefined, [], timeout.aborted || isTransientNetworkError(err), { cause: err });
        }
        const ok = options.accept ? options.accept(response.status) : response.ok;
        if (!ok) {
            const errors = parseErrorBody(text);
            throw new rest_errors_FlinkRestError(`${where} answered ${response.status}: ${summarizeErrors(errors)}`, method, path, response.status, errors, isTransientStatus(response.status, method));
        }
        if (!text)
            return undefined;
        try {
            return JSON.parse(text);
        }
        catch {
            throw new rest_errors_FlinkRestError(`${where} answered ${response.status} with a body that is not JSON`, method, path, response.status, [], false);
        }
    }
}
function formatMs(ms) {
    return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
function enc(segment) {
    return encodeURIComponent(segment);
}

;// CONCATENATED MODULE: ./.tmp/build/src/flink/settings.js
/** The cluster the new job runs on. */
function targetUrlOf(settings) {
    return settings.targetUrl ?? settings.url;
}
/** Whether the job moves to another cluster. */
function settings_movesCluster(settings) {
    return (settings.targetUrl !== undefined &&
        settings.targetUrl.replace(/\/+$/, '') !== settings.url.replace(/\/+$/, ''));
}

;// CONCATENATED MODULE: ./.tmp/build/src/flink/platform.js











function liveness(state) {
    switch (state) {
        case 'RUNNING':
            return 'running';
        case 'FINISHED':
        case 'CANCELED':
        case 'SUSPENDED':
            return 'stopped';
        case 'FAILED':
            return 'failed';
        case 'NOT_FOUND':
            return 'unknown';
        default:
            return 'changing';
    }
}
const platform_DISABLED_INTERVAL = 9e18;
function intervalOf(config) {
    const i = config?.interval;
    return i !== undefined && i > 0 && i < platform_DISABLED_INTERVAL ? i : undefined;
}
function savepointsOf(stats, engineVersion) {
    if (!stats)
        return [];
    const out = new Map();
    for (const c of stats.history ?? []) {
        const path = c.external_path;
        if (!c.is_savepoint || !path)
            continue;
        out.set(path, {
            id: path,
            ...(c.latest_ack_timestamp ? { createdAt: c.latest_ack_timestamp } : {}),
            engineVersion,
            status: c.status === 'COMPLETED' ? 'ready' : c.status === 'FAILED' ? 'failed' : 'in-progress',
        });
    }
    const latest = stats.latest.savepoint;
    if (latest?.external_path && !out.has(latest.external_path)) {
        out.set(latest.external_path, { id: latest.external_path, engineVersion, status: 'ready' });
    }
    return [...out.values()];
}
class FlinkPlatform {
    settings;
    inputs;
    name = 'Apache Flink cluster';
    location;
    application;
    artifacts;
    health;
    /** the upload of this run, when the pipeline put the build */
    uploaded;
    /** what the update of this run did (for a rollback in the same process) */
    sent;
    constructor(settings, inputs) {
        this.settings = settings;
        this.inputs = inputs;
        this.application = settings.jobName ?? settings.jobId ?? 'job';
        this.location = settings_movesCluster(settings) ? `${settings.url} → ${targetUrlOf(settings)}` : settings.url;
        this.health = new FlinkHealthSource((url, ctx) => this.rest(url, ctx));
        this.artifacts = this.artifactStore();
    }
    rest(url, ctx) {
        return new FlinkRestClient({ url, headers: this.settings.headers, signal: ctx.signal });
    }
    steps(url, ctx) {
        return { rest: this.rest(url, ctx), clock: ctx.clock, signal: ctx.signal, log: ctx.log };
    }
    limits(ctx) {
        return {
            timeoutMs: Math.max(1000, ctx.deadline - ctx.clock.now()),
            intervalMs: Math.min(ctx.pollIntervalMs, 2000),
        };
    }
    /** A job as a release (pure). */
    release(job, facts) {
        const version = parseFlinkVersion(facts.flinkVersion);
        return {
            application: this.application,
            status: job.state,
            liveness: liveness(job.state),
            engineVersion: version ? flinkLine(version) : facts.flinkVersion,
            engineLabel: `Flink ${facts.flinkVersion}`,
            ...(this.settings.previousArtifact ? { artifact: { uri: this.settings.previousArtifact } } : {}),
            parallelism: jobParallelism(job),
            ...(facts.checkpointIntervalMs !== undefined
                ? { checkpointIntervalMs: facts.checkpointIntervalMs }
                : {}),
            checkpointsEnabled: true,
            native: { ...facts, jobId: job.jid, jobName: job.name },
        };
    }
    async describe(ctx) {
        const s = this.settings;
        const source = this.rest(s.url, ctx);
        const moving = settings_movesCluster(s);
        try {
            const [sourceFacts, targetFacts, jobs] = await Promise.all([
                readClusterFacts(source),
                moving ? readClusterFacts(this.rest(targetUrlOf(s), ctx)) : Promise.resolve(undefined),
                source.jobs(),
            ]);
            const found = findJob(jobs, s, s.url);
            let cluster = s.url;
            let version = sourceFacts.version;
            let id = 'job' in found ? found.job.jid : undefined;
            if (!id && moving && targetFacts) {
                // after a move, the job runs on the target cluster
                const there = findJob(await this.rest(targetFacts.url, ctx).jobs(), s, targetFacts.url);
                if ('job' in there) {
                    id = there.job.jid;
                    cluster = targetFacts.url;
                    version = targetFacts.version;
                }
            }
            const facts = {
                cluster,
                flinkVersion: version,
                source: sourceFacts,
                ...(targetFacts ? { target: targetFacts } : {}),
            };
            if (!id) {
                const problem = 'problem' in found ? found.problem : 'no job';
                const v = parseFlinkVersion(version);
                return {
                    application: this.application,
                    status: 'NOT_FOUND',
                    liveness: 'unknown',
                    engineVersion: v ? flinkLine(v) : version,
                    engineLabel: `Flink ${version}`,
                    checkpointsEnabled: true,
                    native: { ...facts, problem },
                };
            }
            const rest = this.rest(cluster, ctx);
            const [job, config] = await Promise.all([
                rest.job(id),
                rest.checkpointConfig(id).catch((err) => {
                    if (err instanceof rest_errors_FlinkRestError && !err.transient)
                        return undefined;
                    throw err;
                }),
            ]);
            const interval = intervalOf(config);
            return this.release(job, {
                ...facts,
                ...(interval !== undefined ? { checkpointIntervalMs: interval } : {}),
            });
        }
        catch (err) {
            throw asPhaseError(err, 'preflight', `reading the job on ${s.url}`);
        }
    }
    async listCheckpoints(ctx) {
        if (this.sent?.savepoint) {
            return [
                {
                    id: this.sent.savepoint,
                    ...(this.sent.savepointAt ? { createdAt: this.sent.savepointAt } : {}),
                    status: 'ready',
                },
            ];
        }
        const release = await this.describe(ctx);
        const at = jobAddress(release);
        if (!at)
            return [];
        const stats = await this.rest(at.url, ctx)
            .checkpoints(at.jobId)
            .catch(() => undefined);
        return savepointsOf(stats, release.engineVersion);
    }
    plan(facts) {
        const { inputs, release } = facts;
        const s = this.settings;
        const native = release.native;
        if (native.problem || !native.source) {
            return { kind: 'refuse', reason: native.problem ?? 'the cluster was not read', warnings: [] };
        }
        const jobs = native.jobId
            ? [
                {
                    jid: native.jobId,
                    name: native.jobName ?? '',
                    state: release.status,
                    'start-time': 0,
                    'end-time': -1,
                },
            ]
            : [];
        const preflight = judgePreflight({
            source: native.source,
            ...(native.target ? { target: native.target } : {}),
            jobs,
            ...(native.jobId
                ? {
                    job: {
                        jid: native.jobId,
                        name: native.jobName ?? '',
                        state: release.status,
                        'start-time': 0,
                        'end-time': -1,
                        vertices: [
                            { id: 'job', name: 'job', parallelism: release.parallelism ?? 1, status: release.status },
                        ],
                    },
                }
                : {}),
            ...(release.checkpointIntervalMs !== undefined
                ? { checkpointing: { interval: release.checkpointIntervalMs } }
                : {}),
        }, {
            settings: native.jobId ? { ...s, jobId: native.jobId } : s,
            allowMajorUpgrade: inputs.allowMajorUpgrade,
            allowDowngrade: inputs.allowDowngrade,
            rollback: inputs.rollback,
        });
        if (!preflight.ok)
            return { kind: 'refuse', reason: preflight.problems.join('; '), warnings: preflight.warnings };
        const from = preflight.from;
        const to = preflight.to;
        const stateful = s.upgradeMode === 'savepoint';
        const targetUrl = targetUrlOf(s);
        const change = preflight.move?.kind === 'major-upgrade'
            ? 'major-upgrade'
            : preflight.move?.kind === 'minor-upgrade'
                ? 'upgrade'
                : preflight.move?.kind === 'downgrade'
                    ? 'downgrade'
                    : 'same';
        const artifact = this.artifacts.locate({
            inputs,
            release,
            ...(facts.artifact ? { artifact: facts.artifact } : {}),
        });
        const parallelism = s.parallelism ?? release.parallelism ?? 1;
        const plan = {
            application: this.application,
            previous: release,
            artifact: { ...artifact, source: 'upload' },
            engine: {
                from: flinkLine(from),
                to: flinkLine(to),
                change,
                ...(preflight.targetJava !== undefined ? { javaRelease: preflight.targetJava } : {}),
            },
            restore: stateful
                ? { intent: 'checkpoint', note: 'the savepoint the job is stopped with (stop-with-savepoint)' }
                : { intent: 'none', note: 'upgrade-mode stateless: the new job starts without state' },
            allowNonRestoredState: stateful && s.allowNonRestoredState,
            parallelism: {
                ...(release.parallelism !== undefined ? { from: release.parallelism } : {}),
                to: parallelism,
            },
            checkpoint: {
                take: false,
                name: preflight.savepointDir ?? '',
                note: `taken by the update's stop-with-savepoint into ${preflight.savepointDir}: the job stops only once it is written`,
            },
            start: true,
            warnings: preflight.warnings,
            lines: [
                `job: ${release.application} (${native.jobId}) on ${s.url}, Flink ${from.text}, parallelism ${release.parallelism ?? '?'}`,
                `stop: with a savepoint into ${preflight.savepointDir}`,
                `run: ${inputs.artifact ?? 'the new JAR'} on ${targetUrl} (Flink ${to.text}${preflight.targetJava ? `, Java ${preflight.targetJava}` : ''}), parallelism ${parallelism}, ` +
                    (stateful
                        ? `from the savepoint${s.allowNonRestoredState ? ', allowing non-restored state' : ''}`
                        : 'without state'),
                `rollback: cancel the new job, run ${s.previousArtifact ?? 'the previous JAR (previous-artifact not set)'} on ${s.url} from the savepoint`,
            ],
            native: {
                targetUrl,
                savepointDir: preflight.savepointDir,
                ...(preflight.jarCheck ? { jarCheck: preflight.jarCheck } : {}),
            },
        };
        return { kind: 'upgrade', plan };
    }
    async takeCheckpoint(ctx, plan) {
        const at = jobAddress(plan.previous);
        if (!at)
            throw new errors/* PhaseError */.wo('snapshot', `${this.application}: no running job to take a savepoint of`);
        const dir = plan.native.savepointDir;
        try {
            const path = await takeSavepoint(this.steps(at.url, ctx), at.jobId, {
                ...(dir ? { targetDirectory: dir } : {}),
                ...this.limits(ctx),
            });
            return { id: path, createdAt: ctx.clock.now(), engineVersion: plan.engine.from, status: 'ready' };
        }
        catch (err) {
            throw asPhaseError(err, 'snapshot', `savepoint of job ${at.jobId}`);
        }
    }
    async update(ctx, plan, progress) {
        const at = jobAddress(plan.previous);
        if (!at)
            throw new errors/* PhaseError */.wo('update', `${this.application}: no running job to upgrade`);
        const s = this.settings;
        const targetUrl = plan.native.targetUrl ?? targetUrlOf(s);
        const savepointDir = plan.native.savepointDir;
        const target = this.steps(targetUrl, ctx);
        let jarId = this.uploaded?.jarId ?? jarIdOf(plan.artifact);
        if (!jarId) {
            if (!this.inputs.artifact)
                throw new errors/* PhaseError */.wo('upload', 'platform flink deploys a local JAR: set artifact');
            try {
                jarId = await uploadArtifact(target, this.inputs.artifact);
            }
            catch (err) {
                throw asPhaseError(err, 'upload', 'upload of the new JAR (nothing changed)');
            }
        }
        // 1. stop with a savepoint: a failure leaves the job running, nothing changed
        let savepoint;
        try {
            savepoint = await stopForUpgrade(this.steps(at.url, ctx), at.jobId, savepointDir, this.limits(ctx));
        }
        catch (err) {
            const state = await this.rest(at.url, ctx)
                .job(at.jobId)
                .then((j) => j.state)
                .catch(() => 'unknown');
            const reason = err instanceof Error ? err.message : String(err);
            if (state === 'RUNNING') {
                throw new errors/* PhaseError */.wo('update', workflow_commands_neutraliseCommands(`stop-with-savepoint of job ${at.jobId} on ${at.url} failed; nothing changed, the job keeps running: ${reason}`), err);
            }
            throw new errors/* PhaseError */.wo('update', workflow_commands_neutraliseCommands(`stop-with-savepoint of job ${at.jobId} on ${at.url} failed and the job is ${state}: ${reason}`), err);
        }
        progress.operation({
            role: 'update',
            id: at.jobId,
            operation: 'stop-with-savepoint',
            status: 'COMPLETED',
        });
        const facts = {
            source: at.url,
            target: targetUrl,
            oldJobId: at.jobId,
            jarId,
            savepoint: savepoint.path,
            savepointAt: savepoint.takenAt,
        };
        this.sent = facts;
        // 2. run the new JAR, from the savepoint unless stateless
        const newJobId = derivedJobId('upgrade', at.jobId);
        try {
            await runNewJob(target, {
                jarId,
                mode: s.upgradeMode,
                savepointPath: savepoint.path,
                allowNonRestoredState: plan.allowNonRestoredState,
                ...(s.entryClass ? { entryClass: s.entryClass } : {}),
                programArgs: s.programArgs,
                ...(plan.parallelism ? { parallelism: plan.parallelism.to } : {}),
            }, this.limits(ctx), newJobId);
            facts.newJobId = newJobId;
            progress.operation({ role: 'start', id: newJobId, operation: 'run-jar', status: 'SUBMITTED' });
        }
        catch (err) {
            facts.refused = err instanceof FlinkStepError ? err.reason : err.message;
            progress.operation({
                role: 'start',
                id: newJobId,
                operation: 'run-jar',
                status: 'FAILED',
                errorString: workflow_commands_neutraliseCommands(facts.refused),
            });
        }
        const to = parseFlinkVersion(plan.previous.native.target?.version ??
            plan.previous.native.flinkVersion);
        const expected = {
            application: this.application,
            status: 'RUNNING',
            liveness: 'running',
            engineVersion: plan.engine.to,
            engineLabel: to ? `Flink ${to.text}` : `Flink ${plan.engine.to}`,
            artifact: { uri: `flink-jar:${jarId}` },
            ...(plan.parallelism ? { parallelism: plan.parallelism.to } : {}),
            ...(plan.previous.checkpointIntervalMs !== undefined
                ? { checkpointIntervalMs: plan.previous.checkpointIntervalMs }
                : {}),
            checkpointsEnabled: true,
            native: {
                cluster: targetUrl,
                jobId: newJobId,
                jobName: plan.previous.native.jobName,
                flinkVersion: to?.text ?? plan.engine.to,
                savepoint: savepoint.path,
                savepointAt: savepoint.takenAt,
            },
        };
        return {
            plan,
            expected,
            note: facts.refused
                ? workflow_commands_neutraliseCommands(`job ${at.jobId} stopped with savepoint ${savepoint.path}; the new JAR's run was refused: ${facts.refused}`)
                : `job ${at.jobId} stopped with savepoint ${savepoint.path}; new job ${newJobId} submitted on ${targetUrl}`,
            native: { ...facts },
        };
    }
    async follow(ctx, sent) {
        const facts = sent.native;
        if (facts.refused || !facts.newJobId) {
            const reason = workflow_commands_neutraliseCommands(`the new JAR's run on ${facts.target} was refused: ${facts.refused ?? 'no job'}`);
            return { landing: { kind: 'needs-rollback', reason }, note: reason };
        }
        try {
            const start = await waitForNewJob(this.steps(facts.target, ctx), facts.newJobId, this.limits(ctx));
            return {
                note: start.state === 'running'
                    ? `job ${facts.newJobId} RUNNING on ${facts.target}`
                    : `job ${facts.newJobId} on ${facts.target} is ${start.job.state} after ${start.restarts} restart(s): the health gate judges it`,
            };
        }
        catch (err) {
            const reason = workflow_commands_neutraliseCommands(err instanceof Error ? err.message : String(err));
            return { landing: { kind: 'needs-rollback', reason }, note: reason };
        }
    }
    async verify(ctx, sent) {
        const facts = sent.native;
        if (!facts.newJobId)
            return { landing: { kind: 'needs-rollback', reason: 'no new job' }, note: 'no new job' };
        try {
            const rest = this.rest(facts.target, ctx);
            const [job, config, cluster] = await Promise.all([
                rest.job(facts.newJobId),
                rest.checkpointConfig(facts.newJobId).catch(() => undefined),
                rest.config(),
            ]);
            // a job that restarts is the health gate's to judge (with its root exception); one that ended is not there
            if (['FAILED', 'CANCELED', 'FINISHED', 'SUSPENDED', 'CANCELLING'].includes(job.state)) {
                const reason = `the new job ${job.jid} on ${facts.target} is ${job.state}`;
                return { landing: { kind: 'needs-rollback', reason }, note: reason };
            }
            const interval = intervalOf(config);
            const release = this.release(job, {
                cluster: facts.target,
                flinkVersion: cluster['flink-version'],
                ...(interval !== undefined ? { checkpointIntervalMs: interval } : {}),
            });
            release.artifact = sent.expected.artifact ?? { uri: `flink-jar:${facts.jarId}` };
            // where it came from: the savepoint it restored (the rollback point)
            release.native = {
                ...release.native,
                ...(facts.savepoint ? { savepoint: facts.savepoint } : {}),
                ...(facts.savepointAt !== undefined ? { savepointAt: facts.savepointAt } : {}),
            };
            return {
                landing: { kind: 'verified', release },
                note: `job ${job.jid} RUNNING on ${facts.target}, Flink ${cluster['flink-version']}`,
            };
        }
        catch (err) {
            const reason = workflow_commands_neutraliseCommands(`the new job could not be read back: ${err.message}`);
            return { landing: { kind: 'needs-rollback', reason }, note: reason };
        }
    }
    async rollBack(ctx, request) {
        const prev = request.previous.native;
        const sourceUrl = prev.cluster ?? this.settings.url;
        const targetUrl = this.sent?.target ?? targetUrlOf(this.settings);
        const oldJobId = prev.jobId;
        if (!oldJobId) {
            return {
                outcome: 'failed',
                path: 'rerun-from-savepoint',
                message: 'the job before the upgrade is not known: nothing to return to',
            };
        }
        const source = this.rest(sourceUrl, ctx);
        // nothing changed yet: the old job still runs
        const old = await source.job(oldJobId).catch(() => undefined);
        if (old?.state === 'RUNNING') {
            return {
                outcome: 'rolled-back',
                path: 'nothing-to-undo',
                message: `job ${oldJobId} still runs on ${sourceUrl}: nothing had changed`,
                release: this.release(old, { cluster: sourceUrl, flinkVersion: prev.flinkVersion }),
            };
        }
        const savepoint = request.preUpgradeCheckpoint?.id ??
            this.sent?.savepoint ??
            (await source
                .checkpoints(oldJobId)
                .then((c) => c.latest.savepoint?.external_path)
                .catch(() => undefined));
        const savepointAt = request.preUpgradeCheckpoint?.createdAt ??
            this.sent?.savepointAt ??
            (old && old['end-time'] > 0 ? old['end-time'] : undefined);
        const previousArtifact = this.settings.previousArtifact;
        const newJobId = derivedJobId('upgrade', oldJobId);
        if (!savepoint || !previousArtifact) {
            const why = !savepoint
                ? `the savepoint job ${oldJobId} was stopped with is not known`
                : 'previous-artifact (the JAR the job ran) is not set';
            return {
                outcome: 'failed',
                path: 'rerun-from-savepoint',
                message: `rollback impossible: ${why}. Cancel job ${newJobId} on ${targetUrl} and run the previous JAR on ${sourceUrl} from the savepoint by hand.`,
                ...(savepoint ? { rollbackPoint: savepoint } : {}),
                manualSteps: this.manualSteps(request, savepoint),
            };
        }
        if (request.maxStateAgeMs &&
            savepointAt !== undefined &&
            ctx.clock.now() - savepointAt > request.maxStateAgeMs) {
            ctx.log.warn(`the savepoint ${savepoint} is older than max-state-age; it is the only state of the previous version and is restored`);
        }
        const result = await rollBackFlink(ctx, {
            source,
            target: this.rest(targetUrl, ctx),
            newJobId,
            rollbackJobId: derivedJobId('rollback', oldJobId),
            savepoint: { path: savepoint, ...(savepointAt !== undefined ? { takenAt: savepointAt } : {}) },
            previous: {
                artifact: previousArtifact,
                ...(this.settings.entryClass ? { entryClass: this.settings.entryClass } : {}),
                programArgs: this.settings.programArgs,
                ...(request.previous.parallelism ? { parallelism: request.previous.parallelism } : {}),
            },
            reason: request.reason,
            deadline: ctx.deadline,
            pollIntervalMs: Math.min(ctx.pollIntervalMs, 2000),
        });
        const cost = {
            checkpoint: savepoint,
            ...(savepointAt !== undefined ? { checkpointAt: savepointAt } : {}),
            ...(result.stoppedAt !== undefined ? { stoppedAt: result.stoppedAt } : {}),
            ...(result.rewindSeconds !== undefined ? { rewindSeconds: result.rewindSeconds } : {}),
            forcedStop: false,
            text: result.cost,
        };
        let release;
        if (result.jobId) {
            release = await source
                .job(result.jobId)
                .then((job) => this.release(job, { cluster: sourceUrl, flinkVersion: prev.flinkVersion }))
                .catch(() => undefined);
        }
        return {
            outcome: result.outcome,
            path: 'rerun-from-savepoint',
            message: workflow_commands_neutraliseCommands(result.message),
            decision: `cancel the new job on ${targetUrl}, run ${previousArtifact} on ${sourceUrl} from the pre-upgrade savepoint`,
            restoredCheckpoint: savepoint,
            rollbackPoint: savepoint,
            ...(release ? { release } : {}),
            ...(result.manualSteps ? { manualSteps: result.manualSteps } : {}),
            ...(result.outcome === 'rolled-back' ? { cost } : {}),
            ...(result.jobId ? { operationId: result.jobId } : {}),
        };
    }
    manualSteps(request, rollbackPoint) {
        const prev = request.previous.native;
        return manualRollbackSteps({
            sourceUrl: prev.cluster ?? this.settings.url,
            targetUrl: this.sent?.target ?? targetUrlOf(this.settings),
            ...(prev.jobId ? { newJobId: derivedJobId('upgrade', prev.jobId) } : {}),
            savepoint: rollbackPoint ?? request.preUpgradeCheckpoint?.id ?? '<the savepoint of the stop>',
            previous: {
                artifact: this.settings.previousArtifact ?? '<the previous JAR>',
                ...(this.settings.entryClass ? { entryClass: this.settings.entryClass } : {}),
                programArgs: this.settings.programArgs,
                ...(request.previous.parallelism ? { parallelism: request.previous.parallelism } : {}),
            },
        });
    }
    describeRelease(release) {
        const n = release.native;
        return (`${release.status} on ${release.engineLabel ?? `Flink ${release.engineVersion}`}` +
            (n.jobId ? `, job ${n.jobId}` : '') +
            ` at ${n.cluster}` +
            (release.parallelism !== undefined ? `, parallelism ${release.parallelism}` : ''));
    }
    artifactStore() {
        return {
            locate: ({ artifact }) => ({
                uri: `${targetUrlOf(this.settings)}/jars (${artifact?.fileName ?? 'new JAR'})`,
                ...(artifact ? { sha256Hex: artifact.sha256Hex, size: artifact.size } : {}),
            }),
            inspect: () => Promise.resolve(undefined),
            promote: () => Promise.reject(new errors/* PhaseError */.wo('upload', 'platform flink deploys a local JAR (artifact); promotion by key is for platform msf')),
            put: async (ctx, artifact, ref) => {
                const target = this.steps(targetUrlOf(this.settings), ctx);
                try {
                    const jarId = await uploadArtifact(target, artifact.path);
                    this.uploaded = { jarId, sha256Hex: artifact.sha256Hex };
                    return {
                        ref: { ...ref, uri: `flink-jar:${jarId}`, sha256Hex: artifact.sha256Hex, size: artifact.size },
                        skipped: false,
                        note: `uploaded ${artifact.fileName} to ${target.rest.url} as ${jarId}`,
                    };
                }
                catch (err) {
                    throw asPhaseError(err, 'upload', `upload of ${artifact.fileName} (nothing changed)`);
                }
            },
        };
    }
}
function jarIdOf(ref) {
    return ref.uri.startsWith('flink-jar:') ? ref.uri.slice('flink-jar:'.length) : undefined;
}
/** Any failure of a step as the run's one-line PhaseError, Flink's text neutralised. */
function asPhaseError(err, phase, what) {
    if (err instanceof errors/* PhaseError */.wo)
        return err;
    const message = err instanceof Error ? err.message : String(err);
    return new errors/* PhaseError */.wo(phase, workflow_commands_neutraliseCommands(`${what} failed: ${message}`), err);
}
/** The factory the entry points call for platform flink. */
function createFlinkPlatform(inputs) {
    if (!inputs.flink)
        throw new Error('platform flink needs flink-url and job-name or job-id');
    return new FlinkPlatform(inputs.flink, inputs);
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-kinesis-analytics-v2/dist-cjs/index.js
var client_kinesis_analytics_v2_dist_cjs = __webpack_require__(9403);
;// CONCATENATED MODULE: ./.tmp/build/src/pipeline/deployment-record.js
/**
 * The deployment record: what a run is doing to an application, kept on AWS's side (MSF application
 * tags) so that another run, or a re-run after a lost runner, sees it. Pure: tags ⇄ record, and the
 * decision a run takes when it finds one. The calls are the target's (`src/msf/target.ts`).
 *
 * One deployment at a time: a record of another run that has not passed its deadline means that run
 * may still be changing the application: refuse. A record of an earlier attempt of the same workflow
 * run (a re-run: GitHub runs attempts one after another), or one past its deadline (its runner was
 * lost), is left over: the new version it deployed was never baked, or its rollback never finished.
 * The run that finds it bakes that version when it is exactly what it would deploy itself, and
 * otherwise finishes the rollback (src/pipeline/upgrade.ts).
 */
/**
 * How long a run that claims the application (or takes a leftover over) waits between writing its
 * record and reading it back. Tags have no conditional write, so every write of the record is a read
 * (never over another run's record), the write and a read back (after this wait when claiming): a run
 * whose claim another run's write replaced sees it, and stops. What remains: a write that lands more
 * than this after the other run's read back (a call held up in flight, a tag read served stale) goes
 * unseen by that run until its next write; UpdateApplication's CurrentApplicationVersionId still lets
 * only one update go out per version, and the health gate and the next record write stop the run that
 * lost.
 */
const RECORD_SETTLE_MS = 2_000;
/** Tag keys (`flink-upgrade-action:<field>`); values use only characters AWS allows in tag values. */
const RECORD_TAG_PREFIX = 'flink-upgrade-action:';
const FIELDS = ['run', 'attempt', 'phase', 'from', 'to', 'snapshot', 'until'];
const RECORD_TAG_KEYS = FIELDS.map((f) => `${RECORD_TAG_PREFIX}${f}`);
function recordToTags(r) {
    const value = {
        run: r.run,
        attempt: String(r.attempt),
        phase: r.phase,
        from: String(r.from),
        to: r.to === undefined ? undefined : String(r.to),
        snapshot: r.snapshot,
        until: new Date(r.until).toISOString(),
    };
    return FIELDS.filter((f) => value[f] !== undefined).map((f) => ({
        Key: `${RECORD_TAG_PREFIX}${f}`,
        Value: value[f],
    }));
}
/** The record in a resource's tags; undefined when there is none (or it is not one of ours). */
function recordFromTags(tags) {
    const get = (f) => tags.find((t) => t.Key === `${RECORD_TAG_PREFIX}${f}`)?.Value;
    const run = get('run');
    const phase = get('phase');
    const from = Number(get('from'));
    const until = Date.parse(get('until') ?? '');
    if (!run || (phase !== 'update' && phase !== 'bake' && phase !== 'rollback'))
        return undefined;
    if (!Number.isInteger(from) || Number.isNaN(until))
        return undefined;
    const to = get('to') === undefined ? undefined : Number(get('to'));
    const snapshot = get('snapshot');
    return {
        run,
        attempt: Number(get('attempt')) || 1,
        phase,
        from,
        ...(to !== undefined && Number.isInteger(to) ? { to } : {}),
        ...(snapshot ? { snapshot } : {}),
        until,
    };
}
/** The same record: the same run and attempt at the same phase and versions (what a read back expects). */
function sameRecord(a, b) {
    if (!a || !b)
        return a === b;
    return (a.run === b.run &&
        a.attempt === b.attempt &&
        a.phase === b.phase &&
        a.from === b.from &&
        a.to === b.to &&
        a.snapshot === b.snapshot &&
        // tag values keep whole milliseconds
        Math.abs(a.until - b.until) < 1);
}
function describeRecord(r) {
    return (`run ${r.run} (attempt ${r.attempt}) in its ${r.phase} phase, version ${r.from}` +
        `${r.to !== undefined ? ` → ${r.to}` : ''}${r.snapshot ? `, snapshot ${r.snapshot}` : ''}`);
}
/** What a run (`run`, `attempt`) does with the record it finds at `now`. */
function judgeRecord(record, run, now) {
    if (!record)
        return { kind: 'none' };
    const sameRun = record.run === run.run;
    if (sameRun && record.attempt < run.attempt) {
        return {
            kind: 'leftover',
            record,
            reason: `attempt ${record.attempt} of this run stopped without finishing`,
        };
    }
    if (!sameRun && now >= record.until) {
        return {
            kind: 'leftover',
            record,
            reason: `${describeRecord(record)} passed its deadline ${new Date(record.until).toISOString()} without finishing`,
        };
    }
    return {
        kind: 'busy',
        reason: `another deployment is in progress: ${describeRecord(record)}, until ${new Date(record.until).toISOString()}. ` +
            'Nothing was changed. Run one deployment per application at a time (a `concurrency:` group per application ' +
            'in the workflow); if that run is gone, run again after its deadline, or re-run that workflow run',
    };
}

;// CONCATENATED MODULE: ./.tmp/build/src/pipeline/operation.js
/**
 * Phase 7: follows an MSF operation (UpdateApplication, StartApplication, a system rollback) to a
 * terminal state, one progress line per poll, then checks that the application really runs what the
 * plan asked for. Pure verdicts apart from the reads.
 */


const TERMINAL_OPERATION_STATES = new Set(['SUCCESSFUL', 'FAILED', 'CANCELLED']);
/** Polls DescribeApplicationOperation until SUCCESSFUL, FAILED or CANCELLED (WaitTimeoutError at the deadline). */
function followOperation(deps, target, req) {
    return pollWith(deps, {
        what: `${req.what} (operation ${req.operationId})`,
        deadline: req.deadline,
        intervalMs: req.intervalMs,
        probe: () => target.describeOperation(req.operationId),
        check: (op) => TERMINAL_OPERATION_STATES.has(op.status)
            ? { done: true, result: op }
            : { done: false, state: op.status, detail: op.operation },
    });
}
/**
 * The operation a call started when the response carried no OperationId: the newest one of that kind
 * that started after the call (with some slack for clock skew).
 */
async function findOperation(target, operation, notBefore) {
    const ops = await target.listOperations();
    return ops.find((o) => o.operation === operation && (o.startTime ?? 0) >= notBefore - CLOCK_SLACK_MS);
}
/** Slack for clock skew between the runner and AWS when matching operations to calls. */
const CLOCK_SLACK_MS = 5 * 60_000;
/**
 * The same, for recognising a call whose answer was lost by an operation that carries nothing else to
 * match on (StartApplication): tight, so an earlier operation of the same kind is not taken for it. A
 * runner clock further off than this only means the call is not recognised and the run fails as before.
 */
const LOST_ANSWER_SLACK_MS = 60_000;
/**
 * Whether a call that failed may still have been applied: its answer was lost (the SDK retries a dropped
 * connection or a 5xx, and the retry is refused because the first attempt already changed the
 * application: ConcurrentModificationException, ResourceInUseException), or it ended on a transient error.
 */
function mayHaveBeenApplied(err) {
    if ((0,aws_errors/* isTransient */.dg)(err))
        return true;
    const name = (0,aws_errors/* errorName */.Is)(err);
    return ((0,aws_errors/* attemptsOf */.Or)(err) > 1 && (name === 'ConcurrentModificationException' || name === 'ResourceInUseException'));
}
/** Does the application's configuration name the plan's runtime and code? (Status aside.) */
function configuredAsPlanned(plan, app) {
    return (app.runtime === plan.runtime.to &&
        app.bucket === plan.code.bucket &&
        app.fileKey === plan.code.key &&
        (!plan.code.objectVersion || app.objectVersion === plan.code.objectVersion));
}
/**
 * The update this run sent although its answer never arrived (see mayHaveBeenApplied): an
 * UpdateApplication operation that started after the call and updated from the version the request
 * named, or — an update of a READY application starts no operation — the application one version on,
 * configured as planned. Undefined when the update was not applied (or someone else's change won).
 */
async function findUnansweredUpdate(target, plan, calledAt) {
    const ops = await target.listOperations();
    const app = await target.describe();
    const candidates = ops
        .filter((o) => o.operation === 'UpdateApplication' && (o.startTime ?? 0) >= calledAt - CLOCK_SLACK_MS)
        .slice(0, 3);
    for (const candidate of candidates) {
        const op = await target.describeOperation(candidate.id);
        if (op.versionFrom !== plan.expected.versionId)
            continue;
        // Another update from the same version (same token) won the race: not ours.
        if (op.versionTo === app.versionId && !configuredAsPlanned(plan, app))
            return undefined;
        return { operationId: op.id, versionId: op.versionTo ?? app.versionId, app };
    }
    if (app.versionId === plan.expected.versionId + 1 && configuredAsPlanned(plan, app)) {
        return { versionId: app.versionId, app };
    }
    return undefined;
}
/**
 * The StartApplication this run sent although its answer never arrived: the newest StartApplication
 * operation that started after the call, or (none listed) an application already STARTING or RUNNING.
 */
async function findUnansweredStart(target, calledAt) {
    const ops = await target.listOperations();
    const op = ops.find((o) => o.operation === 'StartApplication' && (o.startTime ?? 0) >= calledAt - LOST_ANSWER_SLACK_MS);
    if (op)
        return { operationId: op.id };
    const app = await target.describe();
    return app.status === 'STARTING' || app.status === 'RUNNING' ? {} : undefined;
}
/** Does the application run the plan's runtime and code, in a new version, and is it RUNNING? Pure. */
function verifyApplication(plan, app, expectedVersion) {
    const problems = [];
    if (app.runtime !== plan.runtime.to)
        problems.push(`runtime is ${app.runtime}, expected ${plan.runtime.to}`);
    if (app.fileKey !== plan.code.key)
        problems.push(`code key is ${app.fileKey ?? 'none'}, expected ${plan.code.key}`);
    if (app.bucket !== plan.code.bucket)
        problems.push(`code bucket is ${app.bucket ?? 'none'}, expected ${plan.code.bucket}`);
    if (plan.code.objectVersion && app.objectVersion !== plan.code.objectVersion) {
        problems.push(`object version is ${app.objectVersion ?? 'none'}, expected ${plan.code.objectVersion}`);
    }
    if (app.versionId <= plan.previous.versionId) {
        problems.push(`application version is ${app.versionId}, not newer than ${plan.previous.versionId}`);
    }
    else if (expectedVersion !== undefined && app.versionId !== expectedVersion) {
        // A later version is fine only if it is ours plus a start; anything else is someone else's change.
        if (app.versionId < expectedVersion)
            problems.push(`application version is ${app.versionId}, expected ${expectedVersion}`);
    }
    // A stopped application upgraded without start: true stays READY.
    const expectedStatus = plan.status === 'READY' && !plan.startAfterUpdate ? 'READY' : 'RUNNING';
    if (app.status !== expectedStatus)
        problems.push(`status is ${app.status}, expected ${expectedStatus}`);
    const backOnPrevious = app.runtime === plan.previous.runtime &&
        app.fileKey === plan.previous.fileKey &&
        (plan.runtime.from !== plan.runtime.to || plan.previous.fileKey !== plan.code.key);
    return { ok: problems.length === 0, problems, backOnPrevious };
}

// EXTERNAL MODULE: ./.tmp/build/src/aws/s3-arn.js
var s3_arn = __webpack_require__(2739);
;// CONCATENATED MODULE: ./.tmp/build/src/msf/application.js
/**
 * MSF's DescribeApplication / snapshot / operation responses turned into the flat views the pipeline
 * reasons about. Pure.
 */

/** `arn:aws:logs:us-east-1:123:log-group:/aws/kinesis-analytics/app:log-stream:kinesis-analytics-log-stream` → the group. */
function logGroupFromStreamArn(arn) {
    if (!arn)
        return undefined;
    const match = /:log-group:(.+?)(?::log-stream:.*)?$/.exec(arn);
    return match ? match[1] : undefined;
}
function toApplicationView(detail) {
    const config = detail.ApplicationConfigurationDescription;
    const code = config?.ApplicationCodeConfigurationDescription;
    const s3 = code?.CodeContentDescription?.S3ApplicationCodeLocationDescription;
    const parallelism = config?.FlinkApplicationConfigurationDescription?.ParallelismConfigurationDescription;
    const logGroups = (detail.CloudWatchLoggingOptionDescriptions ?? [])
        .map((o) => logGroupFromStreamArn(o.LogStreamARN))
        .filter((g) => Boolean(g));
    return {
        name: detail.ApplicationName ?? '',
        arn: detail.ApplicationARN,
        status: detail.ApplicationStatus ?? 'UNKNOWN',
        versionId: detail.ApplicationVersionId ?? 0,
        conditionalToken: detail.ConditionalToken,
        runtime: detail.RuntimeEnvironment ?? 'UNKNOWN',
        codeContentType: code?.CodeContentType,
        bucketArn: s3?.BucketARN,
        bucket: (0,s3_arn/* bucketNameFromArn */.dX)(s3?.BucketARN),
        fileKey: s3?.FileKey,
        objectVersion: s3?.ObjectVersion || undefined,
        codeMd5: code?.CodeContentDescription?.CodeMD5?.toLowerCase(),
        codeSize: code?.CodeContentDescription?.CodeSize,
        snapshotsEnabled: config?.ApplicationSnapshotConfigurationDescription?.SnapshotsEnabled ?? false,
        systemRollbackEnabled: config?.ApplicationSystemRollbackConfigurationDescription?.RollbackEnabled ?? false,
        parallelism: parallelism?.CurrentParallelism ?? parallelism?.Parallelism,
        parallelismConfigurationType: parallelism?.ConfigurationType,
        ...(parallelism?.ConfigurationType
            ? {
                parallelismConfig: {
                    configurationType: parallelism.ConfigurationType,
                    ...(parallelism.Parallelism !== undefined ? { parallelism: parallelism.Parallelism } : {}),
                    ...(parallelism.ParallelismPerKPU !== undefined
                        ? { parallelismPerKpu: parallelism.ParallelismPerKPU }
                        : {}),
                    ...(parallelism.AutoScalingEnabled !== undefined
                        ? { autoScalingEnabled: parallelism.AutoScalingEnabled }
                        : {}),
                },
            }
            : {}),
        allowNonRestoredState: config?.RunConfigurationDescription?.FlinkRunConfigurationDescription?.AllowNonRestoredState,
        logGroups: [...new Set(logGroups)],
        ...checkpointIntervalOf(config?.FlinkApplicationConfigurationDescription?.CheckpointConfigurationDescription),
    };
}
/** MSF's DEFAULT checkpoint configuration checkpoints every 60 s (CheckpointConfiguration in the API model). */
const DEFAULT_CHECKPOINT_INTERVAL_MS = 60_000;
function checkpointIntervalOf(c) {
    if (!c)
        return {};
    if (c.ConfigurationType === 'DEFAULT')
        return { checkpointIntervalMs: DEFAULT_CHECKPOINT_INTERVAL_MS };
    if (c.CheckpointingEnabled === false)
        return {};
    return { checkpointIntervalMs: c.CheckpointInterval ?? DEFAULT_CHECKPOINT_INTERVAL_MS };
}
function toVersionRef(app) {
    return {
        versionId: app.versionId,
        runtime: app.runtime,
        ...(app.bucketArn ? { bucketArn: app.bucketArn } : {}),
        ...(app.fileKey ? { fileKey: app.fileKey } : {}),
        ...(app.objectVersion ? { objectVersion: app.objectVersion } : {}),
        ...(app.codeMd5 ? { codeMd5: app.codeMd5 } : {}),
        ...(app.parallelismConfig ? { parallelism: { ...app.parallelismConfig } } : {}),
    };
}
function toSnapshotView(s) {
    return {
        name: s.SnapshotName ?? '',
        status: s.SnapshotStatus ?? 'UNKNOWN',
        runtime: s.RuntimeEnvironment,
        versionId: s.ApplicationVersionId,
        createdAt: s.SnapshotCreationTimestamp?.getTime(),
    };
}
function toOperationSummary(o) {
    return {
        id: o.OperationId ?? '',
        operation: o.Operation ?? 'unknown',
        status: o.OperationStatus ?? 'UNKNOWN',
        startTime: o.StartTime?.getTime(),
        endTime: o.EndTime?.getTime(),
    };
}
function toOperationView(id, d) {
    return {
        id,
        operation: d.Operation ?? 'unknown',
        status: d.OperationStatus ?? 'UNKNOWN',
        startTime: d.StartTime?.getTime(),
        endTime: d.EndTime?.getTime(),
        errorString: d.OperationFailureDetails?.ErrorInfo?.ErrorString,
        rollbackOperationId: d.OperationFailureDetails?.RollbackOperationId,
        versionFrom: d.ApplicationVersionChangeDetails?.ApplicationVersionUpdatedFrom,
        versionTo: d.ApplicationVersionChangeDetails?.ApplicationVersionUpdatedTo,
    };
}
/** The newest READY snapshot (by creation time). */
function newestReadySnapshot(snapshots) {
    let best;
    for (const s of snapshots) {
        if (s.status !== 'READY')
            continue;
        if (!best || (s.createdAt ?? 0) > (best.createdAt ?? 0))
            best = s;
    }
    return best;
}

;// CONCATENATED MODULE: ./.tmp/build/src/msf/reads.js
/**
 * MSF's reads, shared by the upgrade (MsfTarget extends it) and the rollback: each kinesisanalyticsv2
 * call wrapped into a one-line error naming the IAM action and the fix; the application, its snapshots
 * (paged up to MAX_PAGES), its operations, and the operation a call started whose answer was lost.
 */





/** How many list pages to read at most (50 per page). */
const MAX_PAGES = 40;
class MsfReads {
    options;
    application;
    phase;
    constructor(options) {
        this.options = options;
        this.application = options.application;
        this.phase = options.phase ?? 'preflight';
    }
    async call(action, fn) {
        try {
            return await fn();
        }
        catch (err) {
            throw (0,errors/* wrapAwsError */.AH)(err, {
                application: this.application,
                phase: this.phase,
                action: `kinesisanalytics:${action}`,
                region: this.options.region,
            });
        }
    }
    describe() {
        return this.call('DescribeApplication', async () => {
            const out = await this.options.client.send(new client_kinesis_analytics_v2_dist_cjs/* DescribeApplicationCommand */.fa7({ ApplicationName: this.application }), this.abort());
            if (!out.ApplicationDetail)
                throw new Error('DescribeApplication returned no ApplicationDetail');
            return toApplicationView(out.ApplicationDetail);
        });
    }
    listSnapshots() {
        return this.call('ListApplicationSnapshots', async () => {
            const all = [];
            let token;
            for (let page = 0; page < MAX_PAGES; page++) {
                const out = await this.options.client.send(new client_kinesis_analytics_v2_dist_cjs/* ListApplicationSnapshotsCommand */.nab({
                    ApplicationName: this.application,
                    Limit: 50,
                    NextToken: token,
                }), this.abort());
                all.push(...(out.SnapshotSummaries ?? []).map(toSnapshotView));
                token = out.NextToken;
                if (!token)
                    break;
            }
            return all;
        });
    }
    listOperations() {
        return this.call('ListApplicationOperations', async () => {
            const out = await this.options.client.send(new client_kinesis_analytics_v2_dist_cjs/* ListApplicationOperationsCommand */.wBm({ ApplicationName: this.application, Limit: 50 }), this.abort());
            const ops = (out.ApplicationOperationInfoList ?? []).map(toOperationSummary);
            // Documented as newest first; sort anyway so an implementation listing oldest first does not fool us.
            return ops.sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0));
        });
    }
    describeOperation(operationId) {
        return this.call('DescribeApplicationOperation', async () => {
            const out = await this.options.client.send(new client_kinesis_analytics_v2_dist_cjs/* DescribeApplicationOperationCommand */.O4C({
                ApplicationName: this.application,
                OperationId: operationId,
            }), this.abort());
            if (!out.ApplicationOperationInfoDetails)
                throw new Error(`operation ${operationId} has no details`);
            return toOperationView(operationId, out.ApplicationOperationInfoDetails);
        });
    }
    /**
     * A call that failed although an attempt may have gone through (its answer lost; see
     * mayHaveBeenApplied): the operation of that kind MSF lists as started since the call — and, for a call
     * naming the application version, changing that version — to follow instead of sending the call again.
     * Undefined when there is none (or it cannot be read).
     */
    async findLostOperation(err, operation, calledAt, log, fromVersion) {
        if (!mayHaveBeenApplied(err))
            return undefined;
        try {
            const found = (await this.listOperations()).filter((o) => o.operation === operation && (o.startTime ?? 0) >= calledAt - LOST_ANSWER_SLACK_MS)[0];
            if (found && fromVersion !== undefined) {
                // A rollback reports the version it left only once it has done so.
                const from = (await this.describeOperation(found.id)).versionFrom;
                if (from !== undefined && from !== fromVersion)
                    return undefined;
            }
            if (found) {
                log.warn(`${operation} of ${this.application} ended with ${(0,aws_errors/* describeError */.Uc)(err).replace(/\.$/, '')} after ${(0,aws_errors/* attemptsOf */.Or)(err)} ` +
                    `attempt(s), but operation ${found.id} started: an attempt went through; following it`);
            }
            return found?.id;
        }
        catch {
            return undefined;
        }
    }
    abort() {
        return this.options.signal ? { abortSignal: this.options.signal } : {};
    }
}

;// CONCATENATED MODULE: ./.tmp/build/src/msf/rollback-plan.js
/**
 * The rollback decision and the hand-over text (pure).
 *
 * RollbackApplication "loads state data from the last successful snapshot" (kinesisanalyticsv2 model).
 * When the newest READY snapshot was taken by the new version (a scheduled snapshot, autoscaling, a
 * stop, the service's own snapshot of the new version), that state may not load on the previous
 * runtime or code: a Flink 2 snapshot never restores on Flink 1. Then we restore the rollback point
 * ourselves (the newest READY snapshot of the previous version: normally MSF's own, taken at the update;
 * else our named pre-upgrade snapshot): stop, update back, start with RESTORE_FROM_CUSTOM_SNAPSHOT.
 */

function newestFirst(snapshots) {
    return snapshots
        .filter((s) => s.status === 'READY')
        .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0) || (b.versionId ?? 0) - (a.versionId ?? 0));
}
function describeSnapshot(s) {
    const parts = [
        s.runtime,
        s.versionId !== undefined ? `application version ${s.versionId}` : undefined,
    ].filter(Boolean);
    return `${s.name}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}
/**
 * Why a snapshot cannot be trusted to restore on the previous version, or undefined when it can.
 * A snapshot is of the previous version when its runtime is the previous runtime and it was taken at
 * or before the previous application version; when neither is reported, when it is not newer than our
 * pre-upgrade snapshot.
 */
function untrustedBecause(s, previous, pre) {
    if (s.runtime && s.runtime !== previous.runtime) {
        return `the newest READY snapshot ${describeSnapshot(s)} was taken on ${s.runtime}, and the previous version runs ${previous.runtime}`;
    }
    if (s.versionId !== undefined && s.versionId > previous.versionId) {
        return `the newest READY snapshot ${describeSnapshot(s)} was taken by the new version (the previous one is application version ${previous.versionId})`;
    }
    if (!s.runtime &&
        s.versionId === undefined &&
        pre?.createdAt !== undefined &&
        s.name !== pre.name &&
        (s.createdAt ?? 0) > pre.createdAt) {
        return `the newest READY snapshot ${s.name} was taken after ${pre.name} and does not say which runtime or version took it`;
    }
    return undefined;
}
/** `2h 5m`, `3d 4h`, `45s`: an age for a person. */
function formatAge(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    const d = Math.floor(s / 86_400);
    const h = Math.floor((s % 86_400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    if (d > 0)
        return `${d}d${h > 0 ? ` ${h}h` : ''}`;
    if (h > 0)
        return `${h}h${m > 0 ? ` ${m}m` : ''}`;
    if (m > 0)
        return `${m}m${s % 60 > 0 ? ` ${s % 60}s` : ''}`;
    return `${s}s`;
}
/**
 * Why restoring `s` is refused by max-state-age (one line with the age and the fix), or undefined. A
 * snapshot whose creation time is unknown is treated as too old when there is a limit.
 */
function staleBecause(s, opts, fix = 'raise max-state-age (0 = no limit) to restore it anyway, or restore by hand') {
    const limit = opts.maxStateAgeMs ?? 0;
    if (limit <= 0 || opts.now === undefined)
        return undefined;
    if (s.createdAt === undefined) {
        return `snapshot ${s.name} does not say when it was taken, and max-state-age is ${formatAge(limit)}; ${fix}`;
    }
    const age = opts.now - s.createdAt;
    if (age <= limit)
        return undefined;
    return (`snapshot ${s.name} was taken ${formatAge(age)} ago (${new Date(s.createdAt).toISOString()}), older than ` +
        `max-state-age ${formatAge(limit)}: restoring it would rewind the job's state and source positions by that much; ${fix}`);
}
/**
 * Which way to return the application to `previous`, and from which snapshot (see the module comment).
 * The rollback point is the newest READY snapshot of the previous version and runtime, normally MSF's own
 * snapshot taken at the moment of the update (minutes newer than ours, and the one AWS recommends for
 * two-phase-commit sinks); our named pre-upgrade snapshot otherwise; never one of the new version, and
 * never one older than max-state-age.
 */
function chooseRollbackPath(snapshots, previous, preUpgradeSnapshot, opts = {}) {
    const ready = newestFirst(snapshots);
    const previousOnes = ready.filter((s) => !untrustedBecause(s, previous, preUpgradeSnapshot));
    const ours = preUpgradeSnapshot ? ready.find((s) => s.name === preUpgradeSnapshot.name) : undefined;
    const restoreFrom = previousOnes[0] ?? ours;
    const latest = ready[0];
    if (!latest) {
        return {
            path: 'none',
            reason: 'there is no READY snapshot: RollbackApplication refuses an application without snapshots, and there is no state to restore',
        };
    }
    if (!restoreFrom) {
        return {
            path: 'none',
            reason: `${untrustedBecause(latest, previous, preUpgradeSnapshot) ?? 'no READY snapshot belongs to the previous version'}, so RollbackApplication would restore state the previous version may not load; and no READY snapshot of the previous version exists to restore instead`,
            latest,
        };
    }
    const why = ours && restoreFrom !== ours
        ? `the newest READY snapshot of the previous version, ${(restoreFrom.createdAt ?? 0) > (ours.createdAt ?? 0) ? `newer than ${ours.name}` : `preferred to ${ours.name}`}`
        : ours
            ? 'the pre-upgrade snapshot, the newest READY snapshot of the previous version'
            : 'the newest READY snapshot of the previous version';
    const stale = staleBecause(restoreFrom, opts);
    if (stale) {
        return {
            path: 'none',
            reason: `the rollback point is too old: ${stale}`,
            latest,
            restoreFrom,
            stale: true,
        };
    }
    const untrusted = untrustedBecause(latest, previous, preUpgradeSnapshot);
    if (!untrusted && latest === restoreFrom) {
        return {
            path: 'rollback-application',
            reason: `RollbackApplication restores the newest READY snapshot ${describeSnapshot(latest)}, which belongs to the previous version (${why})`,
            latest,
            restoreFrom,
        };
    }
    return {
        path: 'restore-named-snapshot',
        reason: `${untrusted ?? `the newest READY snapshot ${describeSnapshot(latest)} is not the rollback point`}, so RollbackApplication would restore state the previous version may not load; restoring ${describeSnapshot(restoreFrom)} instead (${why})`,
        latest,
        restoreFrom,
    };
}
function s3Url(bucketArn, key, objectVersion) {
    if (!key)
        return '(code not in S3)';
    const bucket = bucketArn ? ((0,s3_arn/* bucketNameFromArn */.dX)(bucketArn) ?? bucketArn) : '?';
    return `s3://${bucket}/${key}${objectVersion ? ` (object version ${objectVersion})` : ''}`;
}
function describeState(app, s) {
    return `${app} is ${s.status} on application version ${s.versionId}, runtime ${s.runtime}, code ${s3Url(s.bucketArn, s.fileKey, s.objectVersion)}`;
}
function describeVersion(v) {
    return `version ${v.versionId}, runtime ${v.runtime}, code ${s3Url(v.bucketArn, v.fileKey, v.objectVersion)}`;
}
/** Single-quotes a value for a POSIX shell. */
function shellQuote(value) {
    return /^[A-Za-z0-9_.\-/:=@+,]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
/**
 * The AWS CLI commands that return the application to `previous` by hand, restoring `snapshot`. With
 * `start: false` (an application that was stopped before the upgrade) it is left READY.
 */
function manualSteps(app, state, previous, snapshot, options = {}) {
    const steps = [];
    const stopped = state?.status === 'READY';
    if (!stopped)
        steps.push(`aws kinesisanalyticsv2 stop-application --application-name ${shellQuote(app)} --force`);
    const s3 = {};
    if (previous.bucketArn)
        s3.BucketARNUpdate = previous.bucketArn;
    if (previous.fileKey)
        s3.FileKeyUpdate = previous.fileKey;
    if (previous.objectVersion)
        s3.ObjectVersionUpdate = previous.objectVersion;
    const update = [
        `aws kinesisanalyticsv2 update-application --application-name ${shellQuote(app)}`,
        `--current-application-version-id ${state ? state.versionId : '<ApplicationVersionId from describe-application>'}`,
    ];
    if (!state || state.runtime !== previous.runtime)
        update.push(`--runtime-environment-update ${previous.runtime}`);
    if (Object.keys(s3).length > 0) {
        update.push(`--application-configuration-update ${shellQuote(JSON.stringify({ ApplicationCodeConfigurationUpdate: { CodeContentUpdate: { S3ContentLocationUpdate: s3 } } }))}`);
    }
    steps.push(update.join(' '));
    if (options.start === false)
        return steps;
    const restore = snapshot
        ? { ApplicationRestoreType: 'RESTORE_FROM_CUSTOM_SNAPSHOT', SnapshotName: snapshot }
        : { ApplicationRestoreType: 'SKIP_RESTORE_FROM_SNAPSHOT' };
    steps.push(`aws kinesisanalyticsv2 start-application --application-name ${shellQuote(app)} --run-configuration ${shellQuote(JSON.stringify({ ApplicationRestoreConfiguration: restore }))}`);
    return steps;
}
/**
 * What a rollback cost, as one line with figures: the snapshot restored and its time, the rewind window
 * (snapshot → the new job's stop), what it means for sinks and sources, and whether the stop was forced.
 */
function rollbackCostText(c) {
    const at = c.snapshotAt !== undefined ? ` taken at ${new Date(c.snapshotAt).toISOString()}` : '';
    const rewindSeconds = c.snapshotAt !== undefined && c.stoppedAt !== undefined
        ? Math.max(0, Math.round((c.stoppedAt - c.snapshotAt) / 1000))
        : undefined;
    const window = rewindSeconds !== undefined
        ? `rewind ${rewindSeconds}s (${formatAge(rewindSeconds * 1000)}: from the snapshot to the new job's stop at ${new Date(c.stoppedAt).toISOString()})`
        : "rewind from the snapshot to the new job's stop (time unknown)";
    const forced = c.forcedStop
        ? 'the new job was force-stopped (no snapshot; the API warns this may lead to data loss or duplication)'
        : 'no forced stop';
    const head = c.leftStopped
        ? `left READY: the next start should restore snapshot ${c.snapshot}${at}; ${window}`
        : `restored snapshot ${c.snapshot}${at}; ${window}`;
    return {
        text: `${head}: output the new version wrote in that window is not undone, and the sources replay from the ` +
            `snapshot's positions (duplicates for at-least-once sinks); ${forced}`,
        ...(rewindSeconds !== undefined ? { rewindSeconds } : {}),
    };
}
/**
 * The cost of MSF's own (system) rollback: it "loads state data from the last successful snapshot", i.e.
 * the newest READY snapshot when the rollback began, and the new job stopped then. Undefined when no
 * snapshot was READY by then (nothing restored).
 */
function systemRollbackCost(snapshots, rollbackStartedAt) {
    const loaded = newestFirst(snapshots).find((s) => (s.createdAt ?? 0) <= rollbackStartedAt);
    if (!loaded)
        return undefined;
    const { text, rewindSeconds } = rollbackCostText({
        snapshot: loaded.name,
        ...(loaded.createdAt !== undefined ? { snapshotAt: loaded.createdAt } : {}),
        stoppedAt: rollbackStartedAt,
        forcedStop: false,
    });
    return {
        snapshot: loaded.name,
        ...(loaded.createdAt !== undefined ? { snapshotAt: loaded.createdAt } : {}),
        stoppedAt: rollbackStartedAt,
        ...(rewindSeconds !== undefined ? { rewindSeconds } : {}),
        forcedStop: false,
        text,
    };
}

;// CONCATENATED MODULE: ./.tmp/build/src/msf/rollback.js
/**
 * Returns an upgraded application to the version it ran before, restoring the rollback point (plan.ts
 * decides: the newest READY snapshot of the previous version, never older than max-state-age):
 * RollbackApplication when that is the snapshot it would restore, otherwise stop → update back → start
 * from it; an application that was stopped before the upgrade is updated back and left READY. Every wait
 * goes through src/wait.ts, transient errors are retried until the deadline, and the result is verified
 * against the previous runtime, code and parallelism configuration and says what it cost (the snapshot,
 * its time, the rewind window, a forced stop). Before declaring a failure it reads the application again
 * (a rollback whose following hit errors may have succeeded); on a real failure it stops making changes
 * and says what state the application is in and how to finish by hand from the best known rollback point.
 */








/** Statuses RollbackApplication accepts (kinesisanalyticsv2 model). */
const ROLLBACK_ACCEPTS = new Set(['RUNNING', 'UPDATING', 'AUTOSCALING']);
/** Transitions we let finish before deciding anything. */
const SETTLING = new Set([
    'STARTING',
    'STOPPING',
    'FORCE_STOPPING',
    'ROLLING_BACK',
    'MAINTENANCE',
    'DELETING',
]);
/**
 * An update or scaling in progress: let it finish (MSF may roll back by itself, and the snapshot it
 * takes must be READY before it can be judged) for a share of the time, then act on it as it is.
 */
const BUSY = new Set(['UPDATING', 'AUTOSCALING']);
const BUSY_WAIT_SHARE = 0.3;
/** Share of the remaining time a normal stop gets before we force it. */
const NORMAL_STOP_SHARE = 0.3;
function describeParallelism(p) {
    if (!p)
        return '-';
    if (p.configurationType !== 'CUSTOM')
        return p.configurationType;
    const parts = [
        p.parallelism !== undefined ? `${p.parallelism}` : undefined,
        p.parallelismPerKpu !== undefined ? `${p.parallelismPerKpu} per KPU` : undefined,
        p.autoScalingEnabled !== undefined ? `autoscaling ${p.autoScalingEnabled ? 'on' : 'off'}` : undefined,
    ].filter(Boolean);
    return `CUSTOM${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}
/**
 * Whether the application's parallelism configuration is the previous one. A DEFAULT configuration is
 * compared by its type only (MSF owns its values); a CUSTOM one by every value recorded.
 */
function sameParallelism(current, previous) {
    if (!current || current.configurationType !== previous.configurationType)
        return false;
    if (previous.configurationType !== 'CUSTOM')
        return true;
    return ((previous.parallelism === undefined || current.parallelism === previous.parallelism) &&
        (previous.parallelismPerKpu === undefined || current.parallelismPerKpu === previous.parallelismPerKpu) &&
        (previous.autoScalingEnabled === undefined || current.autoScalingEnabled === previous.autoScalingEnabled));
}
/** The ParallelismConfigurationUpdate back to `previous.parallelism`; undefined when nothing differs. */
function parallelismUpdateBack(app, previous) {
    const p = previous.parallelism;
    if (!p || sameParallelism(app.parallelismConfig, p))
        return undefined;
    if (p.configurationType !== 'CUSTOM') {
        return {
            ConfigurationTypeUpdate: p.configurationType,
        };
    }
    return {
        ConfigurationTypeUpdate: 'CUSTOM',
        ...(p.parallelism !== undefined ? { ParallelismUpdate: p.parallelism } : {}),
        ...(p.parallelismPerKpu !== undefined ? { ParallelismPerKPUUpdate: p.parallelismPerKpu } : {}),
        ...(p.autoScalingEnabled !== undefined ? { AutoScalingEnabledUpdate: p.autoScalingEnabled } : {}),
    };
}
/** What differs between the application and `previous` (empty when it runs the previous version). */
function differencesFrom(app, previous) {
    const diffs = [];
    if (app.runtime !== previous.runtime)
        diffs.push(`runtime ${app.runtime} (expected ${previous.runtime})`);
    if (previous.bucketArn && app.bucketArn !== previous.bucketArn) {
        diffs.push(`bucket ${app.bucketArn ?? '-'} (expected ${previous.bucketArn})`);
    }
    if (previous.fileKey && app.fileKey !== previous.fileKey) {
        diffs.push(`code key ${app.fileKey ?? '-'} (expected ${previous.fileKey})`);
    }
    if (previous.objectVersion && app.objectVersion !== previous.objectVersion) {
        diffs.push(`object version ${app.objectVersion ?? '-'} (expected ${previous.objectVersion ?? '-'})`);
    }
    if (previous.codeMd5 && app.codeMd5 && previous.codeMd5.toLowerCase() !== app.codeMd5.toLowerCase()) {
        diffs.push(`code MD5 ${app.codeMd5} (expected ${previous.codeMd5})`);
    }
    if (previous.parallelism && !sameParallelism(app.parallelismConfig, previous.parallelism)) {
        diffs.push(`parallelism ${describeParallelism(app.parallelismConfig)} (expected ${describeParallelism(previous.parallelism)})`);
    }
    return diffs;
}
class Rollback {
    deps;
    req;
    app;
    operationId;
    plan;
    snapshots;
    restoredSnapshot;
    /** clock ms of the rollback's first change (the new job stops there) */
    stoppedAt;
    forcedStop = false;
    /** MSF's reads, as the upgrade makes them; `unaborted` for the state left after an abort */
    reads;
    unaborted;
    constructor(deps, req) {
        this.deps = deps;
        this.req = req;
        const options = {
            client: deps.clients.msf,
            application: req.application,
            region: deps.clients.region,
            phase: 'rollback',
        };
        this.reads = new MsfReads({ ...options, signal: deps.signal });
        this.unaborted = new MsfReads(options);
    }
    get name() {
        return this.req.application;
    }
    /** The status the application must end in: READY when it was stopped before the upgrade. */
    get endStatus() {
        return this.req.leaveStopped ? 'READY' : 'RUNNING';
    }
    abort() {
        return { abortSignal: this.deps.signal };
    }
    async run() {
        const { log } = this.deps;
        const { previous } = this.req;
        // the reason was said where the rollback was decided (the run's annotation, the post step's line)
        log.info(`rollback of ${this.name} to ${describeVersion(previous)}${this.req.leaveStopped ? ' (left READY: it was stopped before the upgrade)' : ''}`);
        try {
            let app = await this.retrying('DescribeApplication', () => this.describe());
            if (SETTLING.has(app.status)) {
                app = await this.waitForStatus((s) => !SETTLING.has(s), `${this.name} to finish ${app.status}`);
            }
            if (BUSY.has(app.status))
                app = await this.letBusyFinish(app);
            if (app.status === this.endStatus && differencesFrom(app, previous).length === 0) {
                const how = app.versionId === previous.versionId
                    ? 'the update never took effect'
                    : 'it was already rolled back' +
                        (app.versionId > previous.versionId ? ` (now application version ${app.versionId})` : '');
                return this.done('none', `${this.name} already runs ${describeVersion(previous)}: ${how}; nothing to roll back`);
            }
            const snapshots = await this.retrying('ListApplicationSnapshots', () => this.listSnapshots());
            const plan = chooseRollbackPath(snapshots, previous, this.req.preUpgradeSnapshot, {
                ...(this.req.maxStateAgeMs !== undefined ? { maxStateAgeMs: this.req.maxStateAgeMs } : {}),
                now: this.deps.clock.now(),
            });
            this.plan = plan;
            if (this.req.leaveStopped)
                return await this.updateBack(plan);
            log.info(`rollback path for ${this.name}: ${plan.path}: ${plan.reason}`);
            if (plan.path === 'none')
                return this.fail(`no safe way back: ${plan.reason}`);
            if (plan.path === 'rollback-application' && !ROLLBACK_ACCEPTS.has(app.status)) {
                log.info(`${this.name} is ${app.status}, which RollbackApplication does not accept: restoring ${plan.restoreFrom.name} instead`);
                this.plan = {
                    ...plan,
                    path: 'restore-named-snapshot',
                    reason: `${plan.reason}; but ${this.name} is ${app.status}, which RollbackApplication does not accept`,
                };
                return await this.viaNamedSnapshot(plan.restoreFrom);
            }
            if (plan.path === 'rollback-application')
                return await this.viaRollbackApplication();
            return await this.viaNamedSnapshot(plan.restoreFrom);
        }
        catch (err) {
            return this.fail(err instanceof WaitTimeoutError || err instanceof WaitAbortedError ? err.message : explain(err));
        }
    }
    // ---- the paths ------------------------------------------------------------------------------
    async viaRollbackApplication() {
        const { log } = this.deps;
        let app = this.app;
        let operationId;
        for (let attempt = 1;; attempt++) {
            const calledAt = this.deps.clock.now();
            this.stoppedAt ??= calledAt;
            try {
                const out = await this.deps.clients.msf.send(new client_kinesis_analytics_v2_dist_cjs/* RollbackApplicationCommand */._$5({
                    ApplicationName: this.name,
                    CurrentApplicationVersionId: app.versionId,
                }), this.abort());
                operationId = out.OperationId;
                break;
            }
            catch (err) {
                const lost = await this.lostOperation(err, 'RollbackApplication', calledAt, app.versionId);
                if (lost) {
                    operationId = lost;
                    break;
                }
                if ((0,aws_errors/* errorName */.Is)(err) === 'ConcurrentModificationException' && attempt < 3) {
                    log.warn(`RollbackApplication of ${this.name}: ${explain(err)}; reading the current version again`);
                    app = await this.retrying('DescribeApplication', () => this.describe());
                    continue;
                }
                if (await this.mayRetry(err, 'RollbackApplication', attempt)) {
                    app = await this.retrying('DescribeApplication', () => this.describe());
                    if (app.status === 'ROLLING_BACK')
                        break; // an attempt went through after all
                    continue;
                }
                return this.fail(`RollbackApplication was refused: ${explain(err)}`);
            }
        }
        this.operationId = operationId;
        this.restoredSnapshot = this.plan?.latest?.name;
        log.info(`RollbackApplication of ${this.name} started${operationId ? ` (operation ${operationId})` : ''}`);
        if (operationId) {
            const op = await this.followOperation(operationId, 'RollbackApplication');
            if (op.status !== 'SUCCESSFUL') {
                return this.fail(`the RollbackApplication operation ${operationId} ended ${op.status}${op.errorString ? `: ${op.errorString}` : ''}`);
            }
        }
        app = await this.waitForStatus((s) => s === 'RUNNING' || s === 'READY', `${this.name} to be RUNNING after the rollback`);
        return this.verify(app, 'rollback-application');
    }
    async viaNamedSnapshot(snapshot) {
        const { log } = this.deps;
        // 1. Stop (normally first: MSF snapshots the job; forced when it will not stop normally).
        if (this.app.status !== 'READY')
            await this.stop(this.app);
        // 2. Back to the previous runtime and code.
        const back = await this.sendUpdateBack();
        if (back)
            return back;
        // 3. Start from the rollback point.
        let startOperation;
        for (let attempt = 1;; attempt++) {
            const startCalledAt = this.deps.clock.now();
            try {
                const out = await this.deps.clients.msf.send(new client_kinesis_analytics_v2_dist_cjs/* StartApplicationCommand */.G6W({
                    ApplicationName: this.name,
                    RunConfiguration: {
                        ApplicationRestoreConfiguration: {
                            ApplicationRestoreType: 'RESTORE_FROM_CUSTOM_SNAPSHOT',
                            SnapshotName: snapshot.name,
                        },
                        ...(this.req.allowNonRestoredState !== undefined
                            ? { FlinkRunConfiguration: { AllowNonRestoredState: this.req.allowNonRestoredState } }
                            : {}),
                    },
                }), this.abort());
                startOperation = out.OperationId;
                break;
            }
            catch (err) {
                startOperation = await this.lostOperation(err, 'StartApplication', startCalledAt);
                if (startOperation)
                    break;
                if (await this.mayRetry(err, 'StartApplication', attempt)) {
                    const now = await this.retrying('DescribeApplication', () => this.describe());
                    if (now.status === 'STARTING' || now.status === 'RUNNING')
                        break;
                    continue;
                }
                return this.fail(`StartApplication from snapshot ${snapshot.name} was refused: ${explain(err)}`);
            }
        }
        this.operationId = startOperation;
        this.restoredSnapshot = snapshot.name;
        log.info(`${this.name}: starting from snapshot ${snapshot.name}${startOperation ? ` (operation ${startOperation})` : ''}`);
        if (startOperation) {
            const op = await this.followOperation(startOperation, 'StartApplication');
            if (op.status !== 'SUCCESSFUL') {
                return this.fail(`the StartApplication operation ${startOperation} from snapshot ${snapshot.name} ended ${op.status}${op.errorString ? `: ${op.errorString}` : ''}`);
            }
        }
        const app = await this.waitForStatus((s) => s === 'RUNNING', `${this.name} to be RUNNING from snapshot ${snapshot.name}`);
        return this.verify(app, 'restore-named-snapshot');
    }
    /**
     * An application that was stopped before the upgrade: force-stop the new version if it runs (a normal
     * stop would snapshot the new version's state, which the next start would then restore), update back,
     * leave it READY. Nothing is restored now; the result names the snapshot to start from.
     */
    async updateBack(plan) {
        this.plan = {
            ...plan,
            path: 'update-back',
            reason: `${this.name} was READY (stopped) before the upgrade, so it is updated back and left READY` +
                (plan.restoreFrom ? `; its next start should restore ${plan.restoreFrom.name}` : '') +
                (plan.stale ? ` (${plan.reason})` : ''),
        };
        this.deps.log.info(`rollback path for ${this.name}: update-back: ${this.plan.reason}`);
        if (this.app.status !== 'READY')
            await this.stop(this.app, { force: true });
        const back = await this.sendUpdateBack();
        if (back)
            return back;
        const app = await this.waitForStatus((s) => s === 'READY', `${this.name} to be READY after the update back`);
        return this.verify(app, 'update-back');
    }
    /** UpdateApplication back to the previous version (the application is READY); a failure result or undefined. */
    async sendUpdateBack() {
        const { log } = this.deps;
        const { previous } = this.req;
        for (let attempt = 1;; attempt++) {
            const app = await this.retrying('DescribeApplication', () => this.describe());
            const update = this.updateRequest(app, previous);
            if (!update)
                return undefined;
            let out;
            const calledAt = this.deps.clock.now();
            try {
                out = await this.deps.clients.msf.send(new client_kinesis_analytics_v2_dist_cjs/* UpdateApplicationCommand */.XiF(update), this.abort());
            }
            catch (err) {
                const lost = await this.lostOperation(err, 'UpdateApplication', calledAt, app.versionId);
                // An update of a stopped application starts no operation: recognise it by its configuration.
                const landed = lost !== undefined ||
                    (mayHaveBeenApplied(err) &&
                        (await this.describe().then((now) => now.versionId > app.versionId && differencesFrom(now, previous).length === 0, () => false)));
                if (!landed) {
                    if (await this.mayRetry(err, 'UpdateApplication', attempt))
                        continue;
                    return this.fail(`UpdateApplication back to ${describeVersion(previous)} was refused: ${explain(err)}`);
                }
                out = lost ? { OperationId: lost } : {};
            }
            log.info(`${this.name}: updated back to ${previous.runtime} and the previous code${update.ApplicationConfigurationUpdate?.FlinkApplicationConfigurationUpdate ? ' and parallelism' : ''}${out.OperationId ? ` (operation ${out.OperationId})` : ''}`);
            if (out.OperationId) {
                this.operationId = out.OperationId;
                const op = await this.followOperation(out.OperationId, 'UpdateApplication');
                if (op.status !== 'SUCCESSFUL') {
                    return this.fail(`the UpdateApplication operation ${out.OperationId} back to the previous version ended ${op.status}${op.errorString ? `: ${op.errorString}` : ''}`);
                }
            }
            await this.waitForStatus((s) => s === 'READY', `${this.name} to be READY after the update back`);
            return undefined;
        }
    }
    async letBusyFinish(app) {
        const { clock, log } = this.deps;
        const budget = Math.max(this.req.pollIntervalMs, (this.req.deadline - clock.now()) * BUSY_WAIT_SHARE);
        try {
            return await this.waitForStatus((s) => !SETTLING.has(s) && !BUSY.has(s), `${this.name} to finish ${app.status}`, clock.now() + budget);
        }
        catch (err) {
            if (!(err instanceof WaitTimeoutError))
                throw err;
            log.warn(`${this.name} is still ${this.app?.status ?? app.status} after ${Math.round(budget / 1000)}s: rolling back from there`);
            return this.app ?? app;
        }
    }
    async stop(app, options = {}) {
        const { log, clock } = this.deps;
        this.stoppedAt ??= clock.now();
        if (app.status === 'RUNNING' && !options.force) {
            let stopping = false;
            try {
                const out = await this.retrying('StopApplication', () => this.deps.clients.msf.send(new client_kinesis_analytics_v2_dist_cjs/* StopApplicationCommand */._B7({ ApplicationName: this.name, Force: false }), this.abort()));
                stopping = true;
                log.info(`${this.name}: stopping${out.OperationId ? ` (operation ${out.OperationId})` : ''}`);
            }
            catch (err) {
                if (this.deps.signal.aborted)
                    throw err;
                // A stop whose answer was lost (its retry then refused: the application is STOPPING) is under way.
                const now = await this.describe().catch(() => undefined);
                if (now && (now.status === 'STOPPING' || now.status === 'READY')) {
                    stopping = true;
                    log.warn(`StopApplication of ${this.name}: ${explain(err)}; but it is ${now.status}: waiting for it`);
                }
                else {
                    log.warn(`${this.name} does not stop normally (${explain(err)}): forcing the stop (no snapshot is taken)`);
                }
            }
            if (stopping) {
                const budget = Math.max(this.req.pollIntervalMs, (this.req.deadline - clock.now()) * NORMAL_STOP_SHARE);
                try {
                    return await this.waitForStatus((s) => s === 'READY', `${this.name} to stop`, clock.now() + budget);
                }
                catch (err) {
                    if (!(err instanceof WaitTimeoutError))
                        throw err;
                    log.warn(`${this.name} did not stop within ${Math.round(budget / 1000)}s: forcing the stop`);
                }
            }
        }
        this.forcedStop = true;
        try {
            const out = await this.retrying('StopApplication (force)', () => this.deps.clients.msf.send(new client_kinesis_analytics_v2_dist_cjs/* StopApplicationCommand */._B7({ ApplicationName: this.name, Force: true }), this.abort()));
            log.info(`${this.name}: force-stopping${out.OperationId ? ` (operation ${out.OperationId})` : ''}`);
        }
        catch (err) {
            if (this.deps.signal.aborted)
                throw err;
            // A forced stop whose answer was lost (its retry then refused: the application is STOPPING or
            // already READY) is under way, or done.
            const now = await this.describe().catch(() => undefined);
            if (!now || (now.status !== 'STOPPING' && now.status !== 'READY'))
                throw err;
            log.warn(`StopApplication (force) of ${this.name}: ${(0,aws_errors/* describeError */.Uc)(err)}; but it is ${now.status}: waiting for it`);
        }
        return this.waitForStatus((s) => s === 'READY', `${this.name} to stop (forced)`);
    }
    updateRequest(app, previous) {
        const s3 = {};
        if (previous.bucketArn && previous.bucketArn !== app.bucketArn)
            s3.BucketARNUpdate = previous.bucketArn;
        if (previous.fileKey && (previous.fileKey !== app.fileKey || s3.BucketARNUpdate))
            s3.FileKeyUpdate = previous.fileKey;
        if (previous.objectVersion && (previous.objectVersion !== app.objectVersion || s3.FileKeyUpdate)) {
            s3.ObjectVersionUpdate = previous.objectVersion;
        }
        if (!s3.FileKeyUpdate && s3.ObjectVersionUpdate && previous.fileKey)
            s3.FileKeyUpdate = previous.fileKey;
        const runtimeChanges = app.runtime !== previous.runtime;
        const parallelism = parallelismUpdateBack(app, previous);
        if (!runtimeChanges && Object.keys(s3).length === 0 && !parallelism)
            return undefined;
        const configuration = {
            ...(Object.keys(s3).length > 0
                ? { ApplicationCodeConfigurationUpdate: { CodeContentUpdate: { S3ContentLocationUpdate: s3 } } }
                : {}),
            ...(parallelism
                ? { FlinkApplicationConfigurationUpdate: { ParallelismConfigurationUpdate: parallelism } }
                : {}),
        };
        return {
            ApplicationName: this.name,
            ...(app.conditionalToken
                ? { ConditionalToken: app.conditionalToken }
                : { CurrentApplicationVersionId: app.versionId }),
            ...(runtimeChanges
                ? {
                    RuntimeEnvironmentUpdate: previous.runtime,
                }
                : {}),
            ...(Object.keys(configuration).length > 0 ? { ApplicationConfigurationUpdate: configuration } : {}),
        };
    }
    // ---- retries ---------------------------------------------------------------------------------
    /** Backoff before the next attempt: doubling from 500 ms, at most the poll interval (≥ 1 s). */
    backoff(attempt) {
        return Math.min(Math.max(this.req.pollIntervalMs, 1000), 250 * 2 ** attempt);
    }
    /**
     * After a failed call: when the error is transient (throttling, 5xx, a dropped connection) and
     * rollback-timeout leaves room, waits the backoff and says so (true: try again); false otherwise.
     */
    async mayRetry(err, what, attempt) {
        const { clock, log, signal } = this.deps;
        if (signal.aborted || !(0,aws_errors/* isTransient */.dg)(err))
            return false;
        const wait = this.backoff(attempt);
        const left = this.req.deadline - clock.now();
        if (wait >= left)
            return false;
        log.warn(`${what} of ${this.name}: ${(0,aws_errors/* describeError */.Uc)((0,aws_errors/* transientCause */.YX)(err)).replace(/\.$/, '')} (attempt ${attempt}); ` +
            `trying again in ${formatElapsed(wait)}, ${formatElapsed(left)} left of rollback-timeout`);
        await clock.sleep(wait, signal);
        return true;
    }
    /** Runs a call that changes nothing (or is safe to repeat), retrying transient errors until the deadline. */
    async retrying(what, call) {
        for (let attempt = 1;; attempt++) {
            try {
                return await call();
            }
            catch (err) {
                if (!(await this.mayRetry(err, what, attempt)))
                    throw err;
            }
        }
    }
    // ---- verification and results ---------------------------------------------------------------
    async verify(app, path) {
        const diffs = differencesFrom(app, this.req.previous);
        if (app.status !== this.endStatus || diffs.length > 0) {
            return this.fail(`after the rollback ${this.name} is ${app.status}${diffs.length > 0 ? ` with ${diffs.join(', ')}` : ''}, not ${this.endStatus} on the previous version`, path);
        }
        return this.done(path, this.doneMessage(app, path));
    }
    doneMessage(app, path) {
        const from = this.restoredSnapshot ? ` from snapshot ${this.restoredSnapshot}` : '';
        const how = path === 'rollback-application'
            ? 'RollbackApplication'
            : path === 'update-back'
                ? 'updating it back (it was stopped before the upgrade and stays stopped)'
                : `stop, update back and start${from}`;
        return (`${this.name} is ${app.status} on ${this.req.previous.runtime} with the previous code (application version ${app.versionId}), restored by ${how}` +
            (path === 'rollback-application' && this.restoredSnapshot
                ? ` (state from snapshot ${this.restoredSnapshot})`
                : ''));
    }
    /** The cost of the rollback that was done (undefined when nothing was restored or rewound). */
    cost(path) {
        const leftStopped = path === 'update-back';
        const name = leftStopped ? this.plan?.restoreFrom?.name : this.restoredSnapshot;
        if (!name || path === 'none')
            return undefined;
        const snap = this.snapshots?.find((s) => s.name === name);
        // A stopped application that never ran the new version rewinds nothing.
        const stoppedAt = leftStopped && this.stoppedAt === undefined ? undefined : this.stoppedAt;
        const { text, rewindSeconds } = rollbackCostText({
            snapshot: name,
            ...(snap?.createdAt !== undefined ? { snapshotAt: snap.createdAt } : {}),
            ...(stoppedAt !== undefined ? { stoppedAt } : {}),
            forcedStop: this.forcedStop,
            leftStopped,
        });
        return {
            snapshot: name,
            ...(snap?.createdAt !== undefined ? { snapshotAt: snap.createdAt } : {}),
            ...(stoppedAt !== undefined ? { stoppedAt } : {}),
            ...(rewindSeconds !== undefined ? { rewindSeconds } : {}),
            forcedStop: this.forcedStop,
            text: leftStopped && stoppedAt === undefined
                ? `left READY on the previous version; the new version never ran, so nothing was rewound; its next start should restore snapshot ${name}`
                : text,
        };
    }
    done(path, message) {
        const app = this.app;
        const cost = this.cost(path);
        const full = cost ? `${message}. Cost: ${cost.text}` : message;
        this.deps.log.info(full);
        return {
            outcome: 'rolled-back',
            path,
            message: full,
            ...(this.operationId ? { operationId: this.operationId } : {}),
            ...(this.plan ? { decision: this.plan.reason } : {}),
            ...(this.restoredSnapshot ? { restoredSnapshot: this.restoredSnapshot } : {}),
            ...(this.plan?.restoreFrom ? { rollbackPoint: this.plan.restoreFrom.name } : {}),
            ...(cost ? { cost } : {}),
            ...this.stateFields(app),
        };
    }
    /**
     * Reads the application again before declaring a failure, letting a transition in progress finish
     * within the deadline: a rollback whose following hit errors may have succeeded all the same.
     */
    async recheck() {
        try {
            let app = await this.retrying('DescribeApplication', () => this.describe(true));
            const moving = (s) => SETTLING.has(s) || BUSY.has(s);
            if (moving(app.status) && !this.deps.signal.aborted && this.deps.clock.now() < this.req.deadline) {
                app = await this.waitForStatus((s) => !moving(s), `${this.name} to settle before the rollback is judged`).catch(() => this.app ?? app);
            }
            return app;
        }
        catch {
            return this.app;
        }
    }
    /** The best known rollback point: the plan's, else the newest of the previous version, else ours. */
    async bestKnownPoint() {
        if (this.plan?.restoreFrom)
            return this.plan.restoreFrom.name;
        if (!this.snapshots) {
            this.snapshots = await this.listSnapshots(true).catch(() => undefined);
        }
        const chosen = this.snapshots
            ? chooseRollbackPath(this.snapshots, this.req.previous, this.req.preUpgradeSnapshot).restoreFrom
            : undefined;
        return chosen?.name ?? this.req.preUpgradeSnapshot?.name;
    }
    async fail(why, path) {
        const app = await this.recheck();
        if (app &&
            app.status === this.endStatus &&
            differencesFrom(app, this.req.previous).length === 0 &&
            (this.stoppedAt !== undefined || app.versionId === this.req.previous.versionId)) {
            // What failed was following the rollback, not the rollback: the application runs the previous version.
            const p = path ?? this.plan?.path ?? 'none';
            this.deps.log.warn(`${this.name}: ${why.replace(/[.\s]+$/, '')}; but reading the application again shows it ${app.status} on the previous version`);
            return this.done(p, `${this.doneMessage(app, p)}; following it hit an error (${(0,errors/* oneLine */.TN)(why)}), but the application was read again and runs the previous version`);
        }
        const snapshot = await this.bestKnownPoint();
        const start = !this.req.leaveStopped;
        const steps = manualSteps(this.name, app, this.req.previous, snapshot, { start });
        const state = app ? `${describeState(this.name, app)}.` : `The state of ${this.name} could not be read.`;
        const snap = snapshot ? this.snapshots?.find((s) => s.name === snapshot) : undefined;
        const age = snap?.createdAt !== undefined
            ? ` (taken ${formatAge(this.deps.clock.now() - snap.createdAt)} ago, ${new Date(snap.createdAt).toISOString()})`
            : '';
        const restore = !start
            ? `To return it to ${describeVersion(this.req.previous)} and leave it READY (it was stopped before the upgrade; start it later from snapshot ${snapshot ?? '<none>'}${age}), run:`
            : snapshot
                ? `To return it to ${describeVersion(this.req.previous)} from snapshot ${snapshot}${age}, the best known rollback point, run:`
                : `No snapshot of the previous version is available: starting without state loses it. To return it to ${describeVersion(this.req.previous)} without state, run:`;
        const message = `Rollback of ${this.name} failed: ${why.replace(/[.\s]+$/, '')}. ${this.stoppedAt === undefined ? 'No changes were made' : 'No further changes were made'}. ${state} ${restore}\n${steps.map((s) => `  ${s}`).join('\n')}`;
        this.deps.log.warn(message);
        return {
            outcome: 'failed',
            path: path ?? this.plan?.path ?? 'none',
            message,
            manualSteps: steps,
            ...(snapshot ? { rollbackPoint: snapshot } : {}),
            ...(this.operationId ? { operationId: this.operationId } : {}),
            ...(this.plan ? { decision: this.plan.reason } : {}),
            ...this.stateFields(app),
        };
    }
    stateFields(app) {
        if (!app)
            return {};
        return {
            applicationStatus: app.status,
            versionId: app.versionId,
            runtime: app.runtime,
            ...(app.fileKey ? { fileKey: app.fileKey } : {}),
            ...(app.objectVersion ? { objectVersion: app.objectVersion } : {}),
        };
    }
    // ---- reads and waits ------------------------------------------------------------------------
    /** The application (its reads are MsfReads': wrapped with the IAM fix); after an abort, unaborted. */
    async describe(ignoreAbort = false) {
        const app = await (ignoreAbort ? this.unaborted : this.reads).describe();
        this.app = app;
        return app;
    }
    async listSnapshots(ignoreAbort = false) {
        const snapshots = await (ignoreAbort ? this.unaborted : this.reads).listSnapshots();
        this.snapshots = snapshots;
        return snapshots;
    }
    lostOperation(err, operation, calledAt, fromVersion) {
        return this.reads.findLostOperation(err, operation, calledAt, this.deps.log, fromVersion);
    }
    waitForStatus(done, what, deadline = this.req.deadline) {
        return pollWith(this.deps, {
            what,
            deadline,
            intervalMs: this.req.pollIntervalMs,
            probe: () => this.describe(),
            check: (app) => done(app.status)
                ? { done: true, result: app }
                : { done: false, state: app.status, detail: `version ${app.versionId}, ${app.runtime}` },
            onTimeoutHint: `Check the application in the console or with: aws kinesisanalyticsv2 describe-application --application-name ${this.name}`,
        });
    }
    followOperation(operationId, operation) {
        return pollWith(this.deps, {
            what: `${operation} operation ${operationId} of ${this.name}`,
            deadline: this.req.deadline,
            intervalMs: this.req.pollIntervalMs,
            probe: () => this.reads.describeOperation(operationId),
            check: (op) => op.status === 'IN_PROGRESS' ? { done: false, state: op.status } : { done: true, result: op },
            onTimeoutHint: `Follow it with: aws kinesisanalyticsv2 describe-application-operation --application-name ${this.name} --operation-id ${operationId}`,
        });
    }
}
/**
 * An error as a clause of the rollback's message: the AWS error itself, and what fixes it when the read
 * that failed said (MsfReads' errors carry the IAM action the role lacks).
 */
function explain(err) {
    if (!(err instanceof errors/* PhaseError */.wo) || err.cause === undefined)
        return (0,aws_errors/* describeError */.Uc)(err);
    return `${(0,aws_errors/* describeError */.Uc)(err.cause).replace(/\.$/, '')}${err.fix ? `. Fix: ${err.fix}` : ''}`;
}
/** Rolls the application back to `req.previous` (see the module comment). Never throws. */
async function rollBack(deps, req) {
    return new Rollback(deps, req).run();
}

;// CONCATENATED MODULE: ./.tmp/build/src/msf/follow.js
/**
 * Following MSF's answer to an update: the UpdateApplication operation, for a READY application the
 * StartApplication after it (recognising a start whose answer was lost), and MSF's own system rollback
 * when the operation failed and MSF rolled back by itself. Ends in a Landing (undefined: it succeeded).
 * What it may change on the run is what `FollowContext` offers: the saved operation ids and the report's
 * operation records.
 */







/** Follows the update (and, for a READY application, the start) to the end. undefined = succeeded. */
async function followUpdate(ctx, target, plan, operationId, calledAt) {
    const updateOp = await follow(ctx, target, plan, 'UpdateApplication', operationId, calledAt);
    if (updateOp.landing)
        return updateOp.landing;
    if (!plan.startAfterUpdate)
        return undefined;
    ctx.deps.log.info(`${plan.application} is READY: starting it (${plan.restore.type}${plan.restore.snapshotName ? ` ${plan.restore.snapshotName}` : ''})`);
    const startedAt = ctx.deps.clock.now();
    let started;
    try {
        started = await target.start(plan);
    }
    catch (err) {
        const lost = await findLostStart(ctx, target, err, startedAt);
        if (!lost) {
            return {
                kind: 'needs-rollback',
                reason: `StartApplication after the update was refused: ${ctx.explain(err)}`,
            };
        }
        started = lost;
    }
    if (started.operationId) {
        ctx.following(started.operationId);
        ctx.operation('start', { id: started.operationId, operation: 'StartApplication', status: 'IN_PROGRESS' });
    }
    const startOp = await follow(ctx, target, plan, 'StartApplication', started.operationId, startedAt);
    return startOp.landing;
}
/** Like findLostUpdate, for the StartApplication of a READY application: the start to follow, if it went out. */
async function findLostStart(ctx, target, err, startedAt) {
    const cause = err instanceof errors/* PhaseError */.wo ? err.cause : err;
    if (!mayHaveBeenApplied(cause))
        return undefined;
    const name = target.application;
    ctx.deps.log.warn(`${name}: StartApplication ended with ${(0,aws_errors/* describeError */.Uc)(cause).replace(/\.$/, '')} after ${(0,aws_errors/* attemptsOf */.Or)(cause)} attempt(s); an attempt ` +
        'may have been applied without its answer arriving: reading the application and its operations');
    const found = await findUnansweredStart(target, startedAt).catch(() => undefined);
    if (found) {
        ctx.deps.log.warn(`${name}: the start was applied${found.operationId ? ` (operation ${found.operationId})` : ''}; following it`);
    }
    return found;
}
async function follow(ctx, target, plan, operation, operationId, calledAt) {
    const { deps } = ctx;
    let id = operationId;
    if (!id)
        id = (await findOperation(target, operation, calledAt))?.id;
    if (!id) {
        // No operation to follow: wait for the application to leave its transition instead.
        const app = await ctx.waitSteady(`${plan.application} to finish ${operation}`);
        deps.log.info(`${operation}: no operation id; ${plan.application} is ${app.status}`);
        return {};
    }
    let op;
    try {
        op = await followOperation(deps, target, {
            operationId: id,
            what: `${operation} of ${plan.application}`,
            deadline: ctx.deadline,
            intervalMs: ctx.pollIntervalMs,
        });
    }
    catch (err) {
        if (err instanceof WaitTimeoutError) {
            return {
                landing: {
                    kind: 'needs-rollback',
                    reason: `${operation} operation ${id} still IN_PROGRESS after ${(0,duration/* formatDuration */.a)(ctx.timeoutMs)} (timeout)`,
                },
            };
        }
        if ((0,aws_errors/* isTransient */.dg)(err)) {
            // The change went out but its outcome cannot be read: not verified, so treated like a timeout.
            return {
                landing: {
                    kind: 'needs-rollback',
                    reason: `operation of ${plan.application}: could not follow ${operation} operation ${id}: ` +
                        `${(0,aws_errors/* describeError */.Uc)((0,aws_errors/* transientCause */.YX)(err)).replace(/\.$/, '')} on every retry, so the ${operation} is not verified; ` +
                        `check it with \`aws kinesisanalyticsv2 describe-application-operation --application-name ${plan.application} ` +
                        `--operation-id ${id}\` and run again once the API answers`,
                },
            };
        }
        throw err;
    }
    const record = {
        id,
        operation,
        status: op.status,
        ...(op.errorString ? { errorString: op.errorString } : {}),
    };
    ctx.operation(operation === 'UpdateApplication' ? 'update' : 'start', record);
    deps.log.info(`${operation} operation ${id}: ${op.status}${op.errorString ? `: ${op.errorString}` : ''}`);
    if (op.status === 'SUCCESSFUL')
        return {};
    // (without its closing full stop: the message goes on after it)
    const msfError = op.errorString
        ? (0,errors/* oneLine */.TN)(op.errorString).replace(/\.$/, '')
        : `${operation} ${op.status} without an error message`;
    if (op.status === 'FAILED' && op.rollbackOperationId) {
        return {
            landing: await followSystemRollback(ctx, target, plan, operation, op.rollbackOperationId, msfError),
        };
    }
    return {
        landing: { kind: 'needs-rollback', reason: `${operation} operation ${id} ${op.status}: ${msfError}` },
    };
}
/** MSF rolled the application back by itself (system rollback): follow that operation to its end. */
async function followSystemRollback(ctx, target, plan, operation, rollbackId, msfError) {
    const { deps } = ctx;
    ctx.rollingBack(rollbackId);
    deps.log.warn(`${operation} failed: ${msfError}. MSF started its own rollback (operation ${rollbackId}); following it`);
    let op;
    try {
        op = await followOperation(deps, target, {
            operationId: rollbackId,
            what: `MSF's rollback of ${plan.application}`,
            deadline: deps.clock.now() + ctx.rollbackTimeoutMs,
            intervalMs: ctx.pollIntervalMs,
        });
    }
    catch (err) {
        if (err instanceof WaitTimeoutError) {
            return {
                kind: 'system-rolled-back',
                ok: false,
                reason: `${operation} failed (${msfError}) and MSF's rollback ${rollbackId} did not finish in ${(0,duration/* formatDuration */.a)(ctx.rollbackTimeoutMs)}; check the application`,
            };
        }
        throw err;
    }
    ctx.operation('platform-rollback', {
        id: rollbackId,
        operation: op.operation,
        status: op.status,
        ...(op.errorString ? { errorString: op.errorString } : {}),
    });
    if (op.status !== 'SUCCESSFUL') {
        return {
            kind: 'system-rolled-back',
            ok: false,
            reason: `${operation} failed: ${msfError}; MSF's automatic rollback ${rollbackId} ended ${op.status}` +
                `${op.errorString ? ` (${op.errorString})` : ''}: the application needs attention (it is usually READY now)`,
        };
    }
    // The operation says SUCCESSFUL; the application must say so too before the run reports rolled-back.
    const app = await pollWith(deps, {
        what: `${plan.application} to be read after MSF's rollback`,
        deadline: deps.clock.now() + ctx.rollbackTimeoutMs,
        intervalMs: ctx.pollIntervalMs,
        probe: () => target.describe(),
        check: (a) => ({ done: true, result: a }),
    });
    const expectedStatus = plan.status === 'READY' ? ['READY', 'RUNNING'] : ['RUNNING'];
    const problems = [
        ...(expectedStatus.includes(app.status)
            ? []
            : [`status ${app.status} (expected ${expectedStatus.join(' or ')})`]),
        ...differencesFrom(app, plan.previous),
    ];
    if (problems.length > 0) {
        return {
            kind: 'system-rolled-back',
            ok: false,
            reason: `${operation} failed: ${msfError}; MSF's automatic rollback ${rollbackId} ended SUCCESSFUL but ` +
                `${plan.application} does not run version ${plan.previous.versionId}'s configuration: ${problems.join('; ')}. ` +
                `${describeState(plan.application, app)}; the application needs attention`,
        };
    }
    const cost = await target.listSnapshots().then((snapshots) => systemRollbackCost(snapshots, op.startTime ?? deps.clock.now()), () => undefined);
    if (cost)
        ctx.systemRollbackCost(cost);
    return {
        kind: 'system-rolled-back',
        ok: true,
        reason: `${operation} failed and MSF rolled ${plan.application} back to version ${plan.previous.versionId}'s ` +
            `configuration (${plan.previous.runtime}), now application version ${app.versionId}: ${msfError}` +
            (cost ? `. Cost: ${cost.text}` : ''),
    };
}

;// CONCATENATED MODULE: ./.tmp/build/src/health/reader.js
/** The live view cannot be had: `final` = never try again in this run (permission refused). */
class LiveUnavailable extends Error {
    final;
    constructor(message, final) {
        super(message);
        this.final = final;
        this.name = 'LiveUnavailable';
    }
}

;// CONCATENATED MODULE: ./.tmp/build/src/health/series.js
/** Period start at or before `t`. */
function alignDown(t, periodMs) {
    return Math.floor(t / periodMs) * periodMs;
}
/** Period start at or after `t`. */
function alignUp(t, periodMs) {
    return Math.ceil(t / periodMs) * periodMs;
}
/** Sorted by time, one point per timestamp (the last one read wins). */
function sortUnique(points) {
    const byT = new Map();
    for (const p of points)
        byT.set(p.t, p.v);
    return [...byT.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v }));
}
/** Merges a fresh read into what was seen: newer reads replace points with the same timestamp. */
function mergeSeries(seen, fresh) {
    const out = {};
    for (const name of new Set([...Object.keys(seen), ...Object.keys(fresh)])) {
        out[name] = sortUnique([...(seen[name] ?? []), ...(fresh[name] ?? [])]);
    }
    return out;
}

;// CONCATENATED MODULE: ./.tmp/build/src/health/gate.js
/**
 * The health gate, platform-neutral: a baseline before the update, then a bake window after it. Each poll
 * reads through the platform's HealthReader (reader.ts; MSF's: src/msf/health/reader.ts) — the
 * application itself, the live view of the job, the metrics — and the pure evaluators (evaluate.ts,
 * rest-evaluate.ts) judge. What one reading of the application means (watchStep) and the search for
 * metrics published elsewhere (relocateMetrics) are functions of their own, outside the loop.
 */






const DEFAULT_BASELINE_PERIODS = 10;
/** Poll interval bounds (clock ms): one poll per metric period, within these. */
const MIN_POLL_MS = 1_000;
const MAX_POLL_MS = 5 * 60_000;
/** Periods re-read at each poll, so late datapoints are picked up. */
const REREAD_PERIODS = 3;
function pollIntervalMs(periodSeconds) {
    return Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, periodSeconds * 1000));
}
/** Reads the last `baselinePeriods` periods of the application's metrics before the update. */
async function takeBaseline(reader, deps, req) {
    const { settings } = req;
    const periodMs = settings.metricPeriodSeconds * 1000;
    const periods = settings.baselinePeriods ?? DEFAULT_BASELINE_PERIODS;
    const now = deps.clock.now();
    const to = alignUp(now, periodMs);
    const from = alignDown(now - periods * periodMs, periodMs);
    let names;
    let series;
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
    }
    catch (err) {
        throw reader.baselineError(req.application, err);
    }
    const values = (name) => (name ? (series[name] ?? []).map((p) => p.v) : []);
    const checkpointDurationMs = (0,evaluate/* median */.JZ)(values(names.checkpointDuration).filter((v) => v > 0));
    const recordsInPerSecond = (0,evaluate/* median */.JZ)(values(names.recordsIn).filter((v) => v >= 0));
    const recordsOutPerSecond = (0,evaluate/* median */.JZ)(values(names.recordsOut).filter((v) => v >= 0));
    const notes = [];
    const empty = Object.entries(series)
        .filter(([, points]) => points.length === 0)
        .map(([name]) => name);
    if (empty.length === Object.keys(series).length) {
        notes.push(`no datapoints in the ${periods} periods before the update: checkpoint duration and throughput are not compared`);
    }
    else if (checkpointDurationMs === undefined) {
        notes.push(`no ${names.checkpointDuration ?? 'lastCheckpointDuration'} datapoints: checkpoint duration is not compared`);
    }
    const baseline = {
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
            ? `${names.checkpointDuration} ${(0,evaluate/* formatNumber */.ZV)(checkpointDurationMs)} ms`
            : undefined,
        recordsInPerSecond !== undefined ? `${names.recordsIn} ${(0,evaluate/* formatNumber */.ZV)(recordsInPerSecond)}/s` : undefined,
        recordsOutPerSecond !== undefined
            ? `${names.recordsOut} ${(0,evaluate/* formatNumber */.ZV)(recordsOutPerSecond)}/s`
            : undefined,
    ].filter(Boolean);
    deps.log.info(`health gate baseline of ${req.application} (${req.runtime}, last ${periods} periods of ${settings.metricPeriodSeconds}s): ` +
        (figures.length > 0 ? figures.join(', ') : 'no figures'));
    for (const note of notes)
        deps.log.warn(`health gate baseline of ${req.application}: ${note}`);
    return baseline;
}
/** Why checkpoint completion is (not) required in this window, and whether it is. */
function checkpointRequirement(settings, intervalMs, known) {
    if (!settings.requireCheckpoint)
        return { required: false };
    if (!known)
        return { required: true };
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
            note: `the bake (${(0,evaluate/* formatSpan */.QA)(windowMs)} with the stabilisation) is shorter than two checkpoint intervals ` +
                `(${(0,evaluate/* formatSpan */.QA)(intervalMs)} each): checkpoint completion is not required; raise bake-time to at least ` +
                `${(0,evaluate/* formatSpan */.QA)(Math.max(0, 2 * intervalMs - settings.stabilisationMs))} to see checkpoints`,
        };
    }
    return {
        required: true,
        note: `a checkpoint must complete (checkpoint interval ${(0,evaluate/* formatSpan */.QA)(intervalMs)})`,
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
function describeGate(settings, checkpointIntervalMs, words = DEFAULT_GATE_SOURCES) {
    if (settings.bakeMs <= 0)
        return 'health gate: none (bake-time 0)';
    const cp = checkpointRequirement(settings, checkpointIntervalMs, true);
    return (`health gate: bake ${(0,evaluate/* formatSpan */.QA)(settings.bakeMs)} after ${(0,evaluate/* formatSpan */.QA)(settings.stabilisationMs)}, ` +
        (settings.dashboard === 'off' ? words.metrics : words.liveAndMetrics) +
        ` (${words.metrics} datapoints expected within ${(0,evaluate/* formatSpan */.QA)(settings.metricsLagMs ?? 3 * settings.metricPeriodSeconds * 1000)})` +
        (cp.note ? `; ${cp.note}` : ''));
}
async function runGate(reader, deps, req) {
    const { clock, log, signal } = deps;
    const words = reader.words;
    const { settings, application } = req;
    const startedAt = clock.now();
    const requirement = checkpointRequirement(settings, req.checkpointIntervalMs, req.checkpointIntervalKnown ?? false);
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
    let dashboard = settings.dashboard !== 'off' && req.watch ? reader.live(deps, application) : undefined;
    let sourceNote = settings.dashboard === 'off' ? words.liveOff : undefined;
    const refuseDashboard = (err) => {
        dashboard = undefined;
        sourceNote = `${words.live} is not available: ${(0,aws_errors/* describeError */.Uc)(err)}; ${words.metrics} alone decides`;
        log.warn(`health gate for ${application}: ${sourceNote}`);
    };
    let names;
    const [resolved, opened] = await Promise.allSettled([
        reader.resolveNames(deps, application, req.runtime),
        dashboard ? dashboard.prepare() : Promise.resolve(),
    ]);
    if (resolved.status === 'fulfilled')
        names = resolved.value.names;
    else {
        names = { ...reader.fallbackNames };
        log.warn(words.discoveryFailed(application, (0,aws_errors/* describeError */.Uc)(resolved.reason)));
    }
    if (opened.status === 'rejected' && opened.reason instanceof LiveUnavailable && opened.reason.final) {
        refuseDashboard(opened.reason);
    }
    log.info(`health gate for ${application} on ${req.runtime}: stabilise ${(0,evaluate/* formatSpan */.QA)(settings.stabilisationMs)}, bake ${(0,evaluate/* formatSpan */.QA)(settings.bakeMs)}, ` +
        (dashboard && livePollMs < interval
            ? `poll ${words.live} every ${(0,evaluate/* formatSpan */.QA)(livePollMs)}, ${words.metrics} every ${(0,evaluate/* formatSpan */.QA)(interval)}; `
            : `poll every ${(0,evaluate/* formatSpan */.QA)(interval)}; `) +
        `${words.metrics} ${Object.values(names).join(', ')} (datapoints expected within ${(0,evaluate/* formatSpan */.QA)(lagMs)})` +
        (requirement.note ? `; ${requirement.note}` : ''));
    if (windowEnd > req.deadline) {
        log.warn(`health gate for ${application}: the run deadline comes ${(0,evaluate/* formatSpan */.QA)(windowEnd - req.deadline)} before the bake ends; ` +
            `the gate will fail at the deadline unless something trips first`);
    }
    let series = {};
    let dimensions = {};
    const relocated = new Set();
    let rereadFromStart = false;
    let polls = 0;
    let lastError;
    /** the last read failed with throttling or another transient error: missing data is unknown, not absent */
    let lastReadTransient = false;
    /** clock ms at which the last successful CloudWatch read started: what the data are fresh as of */
    let freshAt = startedAt;
    let ev;
    let watched = {
        excused: [],
        events: [],
        ...(req.landed ? { currentVersion: req.landed.versionId } : {}),
    };
    // the excuses and events as of the last step (the arrays the evaluators and the result read)
    let excused = watched.excused;
    const events = () => watched.events;
    let lastPollAt = startedAt;
    let operationsListedFor = -1;
    const restSamples = [];
    let restOk;
    let rest;
    const result = (verdict, reason, check, source) => ({
        ...common,
        verdict,
        ...(reason ? { reason } : {}),
        ...(check ? { check } : {}),
        series,
        metricNames: { ...names },
        endedAt: clock.now(),
        // as of the data that decided
        decidedAt: source === 'flink-rest' && restSamples.length > 0 ? restSamples[restSamples.length - 1].at : freshAt,
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
    const excusedCount = () => Math.max(rest?.figures.excusedRestarts ?? 0, ev?.figures.excusedRestarts ?? 0);
    /** Roles of a proposed relocation that do have datapoints in the window (one read). */
    const probeRelocation = async (moved) => {
        try {
            const probe = await reader.readMetrics(deps, {
                application,
                names: moved.names,
                dimensions: moved.dimensions,
                periodSeconds: settings.metricPeriodSeconds,
                start: dataStart,
                end: alignDown(clock.now(), periodMs) + periodMs,
            });
            return moved.roles.filter((role) => (probe[moved.names[role]] ?? []).length > 0);
        }
        catch {
            return [];
        }
    };
    /** The platform's own (maintenance) operations become excused ranges (read once per new restart count). */
    const excuseMaintenance = async (restartsSeen) => {
        if (!req.watch || restartsSeen <= operationsListedFor)
            return false;
        operationsListedFor = restartsSeen;
        let added = false;
        try {
            for (const op of await req.watch.listOperations()) {
                if (!reader.ownOperation(op.operation) || op.startTime === undefined)
                    continue;
                const to = (op.endTime ?? clock.now()) + periodMs;
                if (op.startTime > clock.now() || (op.endTime ?? Infinity) < startedAt)
                    continue;
                if (excused.some((e) => e.what === `maintenance ${op.startTime}`))
                    continue;
                excused.push({ from: op.startTime - periodMs, to, what: `maintenance ${op.startTime}` });
                events().push(words.maintenance((0,evaluate/* formatSpan */.QA)(op.startTime - startedAt), op.status));
                log.warn(`health gate for ${application}: ${events()[events().length - 1]}`);
                added = true;
            }
        }
        catch (err) {
            log.warn(`health gate for ${application}: ${words.operationsCall} failed (${(0,aws_errors/* describeError */.Uc)(err)})`);
        }
        return added;
    };
    const judge = () => {
        const cw = (0,evaluate/* evaluate */._3)({
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
        const r = restSamples.length > 0
            ? evaluateRest({
                samples: restSamples,
                thresholds,
                ...(req.baseline.checkpointDurationMs !== undefined
                    ? { baselineCheckpointDurationMs: req.baseline.checkpointDurationMs }
                    : {}),
                startedAt,
                // judged as of the last read, not the clock after a slow one
                now: restSamples[restSamples.length - 1].at,
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
    const watchApplication = (app, pollAt) => {
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
        for (const line of step.logged)
            log.warn(`health gate for ${application}: ${line}`);
        return step.superseded;
    };
    for (;;) {
        if (signal.aborted)
            throw new WaitAbortedError(`the health gate of ${application}`, ev ? verdictText(ev) : undefined);
        const pollAt = clock.now();
        const live = dashboard && (watched.status === undefined || watched.status === 'RUNNING') ? dashboard : undefined;
        // With the live view, Flink's REST API is read at the run's poll interval (it has no lag); the
        // metrics, which change once per period, once per period; the application itself (DescribeApplication)
        // only when it matters: while it is paused, after the live view missed, and before a verdict that
        // rests on it (below). Any other version of the application runs a new job, which the live view shows
        // as a restart at once. With CloudWatch alone, everything once per period, as before.
        const step = live ? livePollMs : interval;
        const nextPollAt = pollAt + step;
        const readMetricsNow = !live || rereadFromStart || pollAt >= metricsDueAt;
        if (readMetricsNow)
            metricsDueAt = pollAt + interval - Math.min(step, interval) / 2;
        const describeNow = req.watch !== undefined && (!live || !seenAtStart || watched.openExcuse !== undefined || liveMissed);
        seenAtStart = true;
        const lastSeen = Math.max(dataStart, ...Object.values(series).map((points) => points[points.length - 1]?.t ?? 0));
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
            log.warn(`health gate for ${application}: ${words.describeCall} failed (${(0,aws_errors/* describeError */.Uc)(described.reason)})`);
        }
        else if (described.value) {
            const superseded = watchApplication(described.value, pollAt);
            if (superseded)
                return result('superseded', superseded, 'superseded', 'cloudwatch');
        }
        restOk = false;
        liveMissed = live !== undefined && !(sampled.status === 'fulfilled' && sampled.value);
        if (sampled.status === 'fulfilled' && sampled.value) {
            restSamples.push(sampled.value);
            restOk = true;
        }
        else if (sampled.status === 'rejected') {
            const err = sampled.reason;
            const text = (0,aws_errors/* describeError */.Uc)(err);
            if (err instanceof LiveUnavailable && err.final)
                refuseDashboard(err);
            else {
                log.info(`health gate for ${application}: ${words.live} did not answer (${text}); ${words.metrics} decides this poll`);
            }
        }
        if (!readMetricsNow) {
            // not this poll: the metrics read earlier in this period stand
        }
        else if (read.status === 'fulfilled') {
            if (read.value) {
                polls += 1;
                series = mergeSeries(series, read.value);
            }
            freshAt = pollAt;
            lastError = undefined;
            lastReadTransient = false;
        }
        else {
            lastError = (0,aws_errors/* describeError */.Uc)(read.reason);
            lastReadTransient = (0,aws_errors/* isTransient */.dg)(read.reason);
            // A refusal (AccessDenied, a validation error) is an answer: the data stay missing. Only a transient
            // failure (throttling, 5xx, a slow or dropped read) leaves them unknown rather than absent.
            if (!lastReadTransient)
                freshAt = pollAt;
            log.warn(`health gate for ${application}: reading metrics failed: ${lastError}`);
        }
        let judged = judge();
        // An unhealthy verdict, or one CloudWatch gives without the live view this poll, is given only on a
        // fresh reading of the application: a restart may be the platform's (a pause, an autoscale), and a
        // version this run did not make stops the gate.
        const unhealthy = (e) => e?.verdict.state === 'unhealthy';
        const needsWatch = unhealthy(judged.cw) || unhealthy(judged.rest) || (!restOk && judged.cw.verdict.state === 'healthy');
        if (!describeNow && req.watch && needsWatch) {
            try {
                const superseded = watchApplication(await req.watch.describe(), pollAt);
                if (superseded)
                    return result('superseded', superseded, 'superseded', 'cloudwatch');
                judged = judge();
            }
            catch (err) {
                log.warn(`health gate for ${application}: ${words.describeCall} failed (${(0,aws_errors/* describeError */.Uc)(err)})`);
            }
        }
        // Restarts may be MSF's maintenance: look at its operations once per new restart count.
        const restartsSeen = Math.max(judged.rest?.figures.restarts ?? 0, judged.cw.figures.restarts?.increase ?? 0, judged.cw.figures.runningTimeResets);
        const restartVerdict = (e) => e?.verdict.state === 'unhealthy' &&
            (e.verdict.check === 'restarts' || e.verdict.check === 'running-time');
        if ((restartVerdict(judged.cw) || restartVerdict(judged.rest)) &&
            (await excuseMaintenance(restartsSeen))) {
            judged = judge();
        }
        ev = judged.cw;
        rest = judged.rest;
        const at = clock.now();
        const restDecides = dashboard !== undefined && restOk && rest !== undefined;
        // Datapoints a throttled read could not fetch are not missing: read again before judging "no metrics"
        // (until the window ends; the next successful read fetches every period since the last one seen).
        const unread = ev.verdict.state === 'unhealthy' &&
            ev.verdict.check === 'no-metrics' &&
            lastReadTransient &&
            !ev.final &&
            at < windowEnd + lagMs;
        const restLine = rest ? restProgress(rest) : '';
        if (restDecides && rest.verdict.state === 'unhealthy') {
            const v = rest.verdict;
            log.info((0,evaluate/* progressLine */.oz)(ev, at - startedAt, common, names, `Flink REST ${restLine}; UNHEALTHY: ${v.reason}`));
            return result('unhealthy', v.reason, v.check, 'flink-rest');
        }
        // With Flink's REST API deciding, CloudWatch still decides what only it sees: throughput, and metrics
        // that vanished (the operators' alarms read them).
        const cwDecides = ev.verdict.state === 'unhealthy' &&
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
                    for (const line of found.logged)
                        log.warn(`health gate for ${application}: ${line}`);
                    ({ names, dimensions } = found.placement);
                    rereadFromStart = true;
                    continue;
                }
                reason += found.evidence;
            }
            log.info((0,evaluate/* progressLine */.oz)(ev, at - startedAt, common, names));
            return result('unhealthy', reason, ev.verdict.check, 'cloudwatch');
        }
        if (restDecides) {
            const r = rest;
            if (ev.verdict.state === 'unhealthy' && !unread) {
                log.warn(`health gate for ${application}: ${words.metrics} says ${ev.verdict.reason}, but Flink's REST API (exact, no lag) says ${restLine}: Flink REST decides`);
            }
            log.info((0,evaluate/* progressLine */.oz)(ev, at - startedAt, common, names, `Flink REST ${restLine}; ${r.verdict.state === 'healthy' ? 'healthy' : 'healthy so far'}`));
            if (r.verdict.state === 'healthy' && lastError !== undefined && !lastReadTransient) {
                // The job is fine, but CloudWatch refuses its metrics: the alarms that watch it cannot work either.
                return result('unhealthy', words.refused(lastError, restLine), 'no-metrics', 'cloudwatch');
            }
            if (r.verdict.state === 'healthy') {
                return result('healthy', r.verdict.note ?? `no condition tripped in ${(0,evaluate/* formatSpan */.QA)(at - startedAt)} (Flink REST: ${restLine})`, undefined, 'flink-rest');
            }
        }
        else {
            log.info((0,evaluate/* progressLine */.oz)(ev, at - startedAt, common, names, unread || (lastError !== undefined && ev.verdict.state !== 'unhealthy')
                ? `not judged: the last read failed (${lastError}); reading again`
                : undefined));
            if (ev.verdict.state === 'healthy') {
                return result('healthy', ev.verdict.note ?? `no condition tripped in ${(0,evaluate/* formatSpan */.QA)(at - startedAt)}`, undefined, 'cloudwatch');
            }
        }
        if (at >= req.deadline) {
            return result('unhealthy', `the run deadline cut the bake short after ${(0,evaluate/* formatSpan */.QA)(at - startedAt)} of ${(0,evaluate/* formatSpan */.QA)(windowMs)} ` +
                `(healthy so far, but an unfinished bake is not a pass: raise the timeout or shorten bake-time)`, 'deadline', restDecides ? 'flink-rest' : 'cloudwatch');
        }
        // After the window, CloudWatch alone waits for its last datapoints (at most the expected lag).
        const until = restDecides ? windowEnd : windowEnd + lagMs + periodMs;
        const sleepMs = Math.max(1, Math.min(nextPollAt - at, Math.max(until - at, 1), req.deadline - at));
        try {
            await clock.sleep(sleepMs, signal);
        }
        catch {
            throw new WaitAbortedError(`the health gate of ${application}`, verdictText(ev));
        }
    }
}
function restProgress(r) {
    const f = r.figures;
    return (`job ${f.state ?? '?'}, restarts ${f.restarts}${f.excusedRestarts > 0 ? ` (+${f.excusedRestarts} excused)` : ''}, ` +
        `checkpoints ${f.completed} completed ${f.failed} failed` +
        (f.lastCheckpointDurationMs !== undefined ? `, last ${(0,evaluate/* formatNumber */.ZV)(f.lastCheckpointDurationMs)} ms` : ''));
}
function verdictText(ev) {
    return ev.verdict.state === 'unhealthy' ? `unhealthy: ${ev.verdict.reason}` : ev.verdict.state;
}
/**
 * One reading of the application (pure): a pause the platform entered opens an excused range (its job
 * restart is reported, not rolled back) and leaving it closes the range; another version of the same
 * release (the platform scaled it) is excused too; a version of another release supersedes the bake.
 */
function watchStep(state, app, at) {
    const excused = [...state.excused];
    const events = [...state.events];
    const logged = [];
    let { openExcuse, currentVersion, autoscaledVersionId } = state;
    if (at.paused) {
        if (openExcuse === undefined) {
            excused.push({ from: at.lastPollAt - at.periodMs, to: Infinity, what: app.status });
            openExcuse = excused.length - 1;
            events.push(`the application entered ${app.status} at about ${(0,evaluate/* formatSpan */.QA)(at.pollAt - at.startedAt)} into the bake: the job restart it causes is reported, not rolled back`);
            logged.push(events[events.length - 1]);
        }
    }
    else if (openExcuse !== undefined) {
        // the restart shows in the new job's first datapoints (one may be missing)
        excused[openExcuse] = { ...excused[openExcuse], to: at.pollAt + 2 * at.periodMs };
        openExcuse = undefined;
    }
    const next = () => ({
        excused,
        events,
        status: app.status,
        ...(openExcuse !== undefined ? { openExcuse } : {}),
        ...(currentVersion !== undefined ? { currentVersion } : {}),
        ...(autoscaledVersionId !== undefined ? { autoscaledVersionId } : {}),
    });
    if (currentVersion !== undefined && app.versionId !== currentVersion) {
        const sameRelease = !at.landed || (app.runtime === at.landed.runtime && app.fileKey === at.landed.fileKey);
        if (!sameRelease) {
            return {
                state: next(),
                logged,
                superseded: `superseded by application version ${app.versionId} (${app.runtime}${app.fileKey ? `, ${app.fileKey}` : ''}), ` +
                    `which this run did not deploy: the gate stops and nothing is rolled back`,
            };
        }
        excused.push({ from: at.lastPollAt - at.periodMs, to: at.pollAt + 2 * at.periodMs, what: 'autoscaling' });
        events.push(at.words.scaled(currentVersion, app.versionId));
        logged.push(events[events.length - 1]);
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
async function readPoll(reader, deps, req) {
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
async function relocateMetrics(reader, deps, req) {
    const { moved, evidence } = await reader.relocate(deps, {
        application: req.application,
        runtime: req.runtime,
        ...req.placement,
        tried: req.tried,
        lastError: req.lastError,
    });
    const accepted = moved ? await req.probe(moved) : [];
    if (!moved || accepted.length === 0)
        return { logged: [], evidence: evidence() };
    return { ...adoptRelocation(req.placement, moved, accepted), evidence: '' };
}
/** The placement with the accepted roles moved (pure), and a line per role. */
function adoptRelocation(current, moved, accepted) {
    const names = { ...current.names };
    const dimensions = { ...current.dimensions };
    const logged = [];
    for (const role of accepted) {
        logged.push(moved.notes[role]);
        names[role] = moved.names[role];
        if (moved.dimensions[role])
            dimensions[role] = moved.dimensions[role];
        else
            delete dimensions[role];
    }
    return { placement: { names, dimensions }, logged };
}

// EXTERNAL MODULE: ./.tmp/build/src/health/metric-roles.js
var metric_roles = __webpack_require__(8574);
// EXTERNAL MODULE: ./.tmp/build/src/msf/runtime.js
var msf_runtime = __webpack_require__(4332);
;// CONCATENATED MODULE: ./.tmp/build/src/msf/health/metrics.js
/**
 * Which CloudWatch metrics the health gate reads, per MSF runtime (pure).
 *
 * Namespace `AWS/KinesisAnalytics`, dimension `Application` = the application name. Flink 2.2 removed
 * `fullRestarts` (use `numRestarts`) and deprecated `uptime` (use `runningTime`); see "Metrics and
 * dimensions in Managed Service for Apache Flink" in the MSF developer guide.
 */



/** The statistic read for each role: counters and gauges by their maximum, rates by their average. */
const ROLE_STATISTIC = {
    restarts: 'Maximum',
    runningTime: 'Maximum',
    failedCheckpoints: 'Maximum',
    completedCheckpoints: 'Maximum',
    checkpointDuration: 'Maximum',
    checkpointSize: 'Maximum',
    recordsIn: 'Average',
    recordsOut: 'Average',
};
const COMMON = {
    failedCheckpoints: 'numberOfFailedCheckpoints',
    checkpointDuration: 'lastCheckpointDuration',
    checkpointSize: 'lastCheckpointSize',
    recordsIn: 'numRecordsInPerSecond',
    recordsOut: 'numRecordsOutPerSecond',
};
/** Up to FLINK-1_20. */
const FLINK1_METRICS = { restarts: 'fullRestarts', runningTime: 'uptime', ...COMMON };
/** FLINK-2_2 and later. */
const FLINK2_METRICS = { restarts: 'numRestarts', runningTime: 'runningTime', ...COMMON };
/**
 * Candidate names per role, newest first, for discovery with ListMetrics when the runtime is unknown.
 * `numberOfCompletedCheckpoints` is a Flink metric MSF does not document as exported; it is used when
 * ListMetrics shows it.
 */
const CANDIDATES = {
    restarts: ['numRestarts', 'fullRestarts'],
    runningTime: ['runningTime', 'uptime'],
    failedCheckpoints: ['numberOfFailedCheckpoints'],
    completedCheckpoints: ['numberOfCompletedCheckpoints'],
    checkpointDuration: ['lastCheckpointDuration'],
    checkpointSize: ['lastCheckpointSize'],
    recordsIn: ['numRecordsInPerSecond'],
    recordsOut: ['numRecordsOutPerSecond'],
};
/**
 * Names a role may be published under on a runtime: on 2.x `fullRestarts` is gone but the deprecated
 * `uptime` is still published next to `runningTime`; on 1.x only the 1.x names exist.
 */
function candidatesFor(runtime, role) {
    const info = (0,msf_runtime/* runtimeInfo */.zE)(runtime);
    if (!info)
        return CANDIDATES[role];
    const flink2 = info.flinkMajor >= 2;
    if (role === 'restarts')
        return flink2 ? ['numRestarts'] : ['fullRestarts'];
    if (role === 'runningTime')
        return flink2 ? ['runningTime', 'uptime'] : ['uptime'];
    return CANDIDATES[role];
}
/** The metric names of a known FLINK-* runtime; undefined for runtimes this table does not know. */
function metricNamesFor(runtime) {
    const info = (0,msf_runtime/* runtimeInfo */.zE)(runtime);
    if (!info)
        return undefined;
    return info.flinkMajor >= 2 ? { ...FLINK2_METRICS } : { ...FLINK1_METRICS };
}
/**
 * Picks names from what ListMetrics lists for the application. Roles whose candidates are not listed
 * fall back to `fallback` (the newest runtime's names), so a missing required metric is reported by name.
 */
function namesFromListing(available, fallback = FLINK2_METRICS) {
    const listed = new Set(available);
    const names = {};
    for (const role of metric_roles/* METRIC_ROLES */.Rb) {
        const found = CANDIDATES[role].find((name) => listed.has(name));
        const chosen = found ?? fallback[role];
        if (chosen)
            names[role] = chosen;
    }
    return {
        ...names,
        restarts: names.restarts ?? fallback.restarts,
        runningTime: names.runningTime ?? fallback.runningTime,
    };
}
/** The roles to read, in a stable order, with their names. */
function rolesToRead(names) {
    const out = [];
    for (const role of metric_roles/* METRIC_ROLES */.Rb) {
        const name = names[role];
        if (name)
            out.push({ role, name });
    }
    return out;
}

;// CONCATENATED MODULE: ./.tmp/build/src/msf/health/cloudwatch.js
/**
 * The health gate's CloudWatch reads: one GetMetricData call (paged only when CloudWatch pages) for all
 * the metrics of an application, and ListMetrics to discover which metrics it publishes.
 */




/** The GetMetricData queries for every metric in `names` (pure; exported for tests). */
function buildQueries(application, names, periodSeconds, dimensions = {}) {
    return rolesToRead(names).map(({ role, name }) => ({
        Id: role,
        Label: name,
        ReturnData: true,
        MetricStat: {
            Metric: {
                Namespace: metric_roles/* METRIC_NAMESPACE */.BC,
                MetricName: name,
                Dimensions: dimensions[role] ?? [{ Name: metric_roles/* APPLICATION_DIMENSION */.UQ, Value: application }],
            },
            Period: periodSeconds,
            Stat: ROLE_STATISTIC[role],
        },
    }));
}
/** Reads every metric in one GetMetricData request → metric name → points, oldest first. */
async function readMetrics(clients, read) {
    const queries = buildQueries(read.application, read.names, read.periodSeconds, read.dimensions);
    const nameById = new Map(queries.map((q) => [q.Id, q.MetricStat.Metric.MetricName]));
    const out = {};
    for (const name of nameById.values())
        out[name] = [];
    let nextToken;
    do {
        const response = await clients.cloudwatch.send(new client_cloudwatch_dist_cjs/* GetMetricDataCommand */.Soe({
            MetricDataQueries: queries,
            StartTime: new Date(read.start),
            EndTime: new Date(read.end),
            ScanBy: 'TimestampAscending',
            NextToken: nextToken,
        }), read.signal ? { abortSignal: read.signal } : undefined);
        for (const result of response.MetricDataResults ?? []) {
            const name = result.Id ? nameById.get(result.Id) : undefined;
            if (!name)
                continue;
            const ts = result.Timestamps ?? [];
            const vs = result.Values ?? [];
            const target = out[name];
            for (let i = 0; i < ts.length && i < vs.length; i++) {
                target.push({ t: new Date(ts[i]).getTime(), v: vs[i] });
            }
        }
        nextToken = response.NextToken;
    } while (nextToken);
    for (const name of Object.keys(out))
        out[name] = sortUnique(out[name]);
    return out;
}
/** The metrics CloudWatch lists with dimension Application=<application> (alone or with others). */
async function listMetrics(clients, application, signal) {
    const out = [];
    let nextToken;
    let pages = 0;
    do {
        const response = await clients.cloudwatch.send(new client_cloudwatch_dist_cjs/* ListMetricsCommand */.tPF({
            Namespace: metric_roles/* METRIC_NAMESPACE */.BC,
            Dimensions: [{ Name: metric_roles/* APPLICATION_DIMENSION */.UQ, Value: application }],
            NextToken: nextToken,
        }), signal ? { abortSignal: signal } : undefined);
        for (const metric of response.Metrics ?? []) {
            if (!metric.MetricName)
                continue;
            out.push({
                name: metric.MetricName,
                dimensions: (metric.Dimensions ?? [])
                    .filter((d) => Boolean(d.Name) && d.Value !== undefined)
                    .map((d) => ({ Name: d.Name, Value: d.Value })),
            });
        }
        nextToken = response.NextToken;
        pages += 1;
    } while (nextToken && pages < 20);
    return out;
}
/**
 * Where to read a role from, given what ListMetrics lists: the first candidate name that is listed,
 * preferring the plain `Application` dimension, else the listing with the fewest dimensions.
 * Undefined when none of the candidates is listed.
 */
function locateMetric(listed, candidates) {
    for (const name of candidates) {
        const found = listed
            .filter((m) => m.name === name)
            .sort((a, b) => a.dimensions.length - b.dimensions.length)[0];
        if (found)
            return { name, dimensions: found.dimensions };
    }
    return undefined;
}

;// CONCATENATED MODULE: ./.tmp/build/src/msf/health/dashboard.js
/**
 * The health gate's real-time source: Flink's own REST API, reached through MSF's Flink dashboard.
 *
 * `CreateApplicationPresignedUrl` (UrlType FLINK_DASHBOARD_URL) gives a URL with an `authToken` that
 * must be used within 3 minutes; one GET to it sets a `VerifiedAuthToken` cookie, after which the
 * JobManager's REST API answers under the dashboard path (`jobs/overview`, `jobs/:id`,
 * `jobs/:id/checkpoints`, `jobs/:id/exceptions`, `jobs/:id/metrics`). It answers ResourceInUseException
 * while the application is not RUNNING. Exact restart and checkpoint counts with no ingestion lag; the
 * IAM action is kinesisanalytics:CreateApplicationPresignedUrl ("also enforced for every HTTP request
 * that attempts to connect to the extension").
 */



/** Session length asked for (the API's minimum; a bake that outlasts it opens a new one). */
const SESSION_SECONDS = 1800;
/** One REST request's deadline, ms of real time. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Permission refused (`final`) or the dashboard not answering now: the gate reads CloudWatch alone. */
class DashboardUnavailable extends LiveUnavailable {
    constructor(message, final) {
        super(message, final);
        this.name = 'DashboardUnavailable';
    }
}
/** Reads one application's job through its Flink dashboard. */
class FlinkDashboard {
    clients;
    application;
    signal;
    session;
    jobId;
    constructor(clients, application, signal) {
        this.clients = clients;
        this.application = application;
        this.signal = signal;
    }
    /** Opens the session ahead of the first read (the presigned URL and its cookie). */
    async prepare() {
        this.session ??= await this.open();
    }
    /** One read of the job: overview, job, checkpoints, restarts (and exceptions when it restarted). */
    async sample(at) {
        // The job seen last time is read at once, beside the overview that says whether it is still the one.
        const known = this.jobId;
        const [overview, guess] = await Promise.all([
            this.get('jobs/overview'),
            known ? this.readJob(known).catch(() => undefined) : Promise.resolve(undefined),
        ]);
        const jobs = (overview.jobs ?? []).filter((j) => typeof j.jid === 'string');
        const job = jobs.find((j) => ACTIVE.has(String(j.state))) ??
            [...jobs].sort((a, b) => (b['start-time'] ?? 0) - (a['start-time'] ?? 0))[0];
        if (!job)
            throw new DashboardUnavailable('the Flink dashboard lists no job', false);
        this.jobId = job.jid;
        const [detail, checkpoints, metrics] = guess && known === job.jid ? guess : await this.readJob(job.jid);
        const metric = (name) => {
            const v = Array.isArray(metrics) ? metrics.find((m) => m.id === name)?.value : undefined;
            return v !== undefined && Number.isFinite(Number(v)) ? Number(v) : undefined;
        };
        const restarts = metric('numRestarts') ?? metric('fullRestarts') ?? 0;
        const history = (checkpoints.history ?? [])
            .filter((c) => c.status === 'COMPLETED' && Number.isFinite(c.end_to_end_duration))
            .map((c) => ({
            id: c.id,
            durationMs: c.end_to_end_duration,
            ...(Number.isFinite(c.state_size) ? { sizeBytes: c.state_size } : {}),
        }))
            .sort((a, b) => a.id - b.id);
        const latest = checkpoints.latest?.completed;
        if (latest && !history.some((c) => c.id === latest.id) && Number.isFinite(latest.end_to_end_duration)) {
            history.push({
                id: latest.id,
                durationMs: latest.end_to_end_duration,
                ...(Number.isFinite(latest.state_size) ? { sizeBytes: latest.state_size } : {}),
            });
        }
        const state = String(detail.state ?? job.state ?? 'UNKNOWN');
        let rootException;
        if (restarts > 0 || !ACTIVE_HEALTHY.has(state)) {
            try {
                const ex = (await this.get(`jobs/${encodeURIComponent(job.jid)}/exceptions`));
                const text = ex.exceptionHistory?.entries?.[0]?.stacktrace ?? ex['root-exception'] ?? undefined;
                if (text)
                    rootException = firstLine(text);
            }
            catch {
                // the exception text is a detail: the counts decide
            }
        }
        return {
            at,
            jobId: job.jid,
            state,
            ...(typeof (detail['start-time'] ?? job['start-time']) === 'number'
                ? { startTime: (detail['start-time'] ?? job['start-time']) }
                : {}),
            restarts,
            completed: checkpoints.counts?.completed ?? 0,
            failed: checkpoints.counts?.failed ?? 0,
            restored: (checkpoints.counts?.restored ?? 0) > 0 || Boolean(checkpoints.latest?.restored),
            history,
            ...(rootException ? { rootException } : {}),
        };
    }
    readJob(jid) {
        const id = encodeURIComponent(jid);
        return Promise.all([
            this.get(`jobs/${id}`),
            this.get(`jobs/${id}/checkpoints`),
            this.get(`jobs/${id}/metrics?get=numRestarts,fullRestarts`),
        ]);
    }
    async get(path, retried = false) {
        this.session ??= await this.open();
        const response = await fetch(this.session.base + path, {
            headers: { cookie: this.session.cookie, accept: 'application/json' },
            redirect: 'manual',
            signal: AbortSignal.any([this.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
        });
        if ((response.status === 401 || response.status === 403) && !retried) {
            await response.body?.cancel();
            this.session = undefined; // expired: a new presigned URL
            return this.get(path, true);
        }
        const text = await response.text();
        if (!response.ok) {
            throw new DashboardUnavailable(`the Flink dashboard answered ${response.status} to ${path.split('?')[0]}: ${text.slice(0, 200)}`, false);
        }
        try {
            return JSON.parse(text);
        }
        catch {
            throw new DashboardUnavailable(`the Flink dashboard answered ${path.split('?')[0]} with something other than JSON`, false);
        }
    }
    async open() {
        let url;
        try {
            const out = await this.clients.msf.send(new client_kinesis_analytics_v2_dist_cjs/* CreateApplicationPresignedUrlCommand */.SEE({
                ApplicationName: this.application,
                UrlType: 'FLINK_DASHBOARD_URL',
                SessionExpirationDurationInSeconds: SESSION_SECONDS,
            }), { abortSignal: this.signal });
            if (!out.AuthorizedUrl)
                throw new Error('CreateApplicationPresignedUrl returned no AuthorizedUrl');
            url = out.AuthorizedUrl;
        }
        catch (err) {
            const name = (0,aws_errors/* errorName */.Is)(err);
            const denied = /AccessDenied|not authorized|UnauthorizedOperation/i.test(`${name} ${(0,aws_errors/* describeError */.Uc)(err)}`);
            throw new DashboardUnavailable(denied
                ? `CreateApplicationPresignedUrl was refused (${(0,aws_errors/* describeError */.Uc)(err)}); allow kinesisanalytics:CreateApplicationPresignedUrl to read the job in real time`
                : `CreateApplicationPresignedUrl failed: ${(0,aws_errors/* describeError */.Uc)(err)}`, denied);
        }
        const response = await fetch(url, {
            redirect: 'manual',
            signal: AbortSignal.any([this.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
        });
        await response.body?.cancel();
        const cookie = response.headers
            .getSetCookie()
            .map((c) => c.split(';')[0])
            .find((c) => c.startsWith('VerifiedAuthToken='));
        if (!cookie) {
            throw new DashboardUnavailable(`the Flink dashboard URL answered ${response.status} without a session cookie`, false);
        }
        const u = new URL(url);
        u.search = '';
        const base = u.toString().endsWith('/') ? u.toString() : `${u.toString()}/`;
        return { base, cookie };
    }
}
const ACTIVE = new Set(['RUNNING', 'RESTARTING', 'FAILING', 'CREATED', 'INITIALIZING', 'RECONCILING']);
const ACTIVE_HEALTHY = new Set(['RUNNING', 'CREATED', 'INITIALIZING', 'RECONCILING']);
function firstLine(text) {
    const line = text.split('\n')[0].trim();
    return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

;// CONCATENATED MODULE: ./.tmp/build/src/msf/health/relocate.js


/** What ListMetrics shows, appended to a "no metrics" reason. */
function noMetricsEvidence(application, region, lastError, listed, listError) {
    let text = lastError ? `; last read failed: ${lastError}` : '';
    if (listError)
        return `${text}; ListMetrics failed too: ${listError}`;
    const names = [...new Set((listed ?? []).map((m) => m.name))].sort();
    text +=
        names.length === 0
            ? `; ListMetrics lists no metrics for Application=${application} in ${region}`
            : `; ListMetrics lists ${names.length} metric(s) for it: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''}`;
    return text;
}
function sameDimensions(a, b) {
    const key = (ds) => [...ds]
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
function relocate(listed, names, dimensions, application, runtime, tried) {
    const nextNames = { ...names };
    const nextDims = { ...dimensions };
    const notes = {};
    const roles = [];
    const plain = [{ Name: metric_roles/* APPLICATION_DIMENSION */.UQ, Value: application }];
    for (const role of metric_roles/* REQUIRED_ROLES */.E_) {
        if (tried.has(role))
            continue;
        const current = names[role];
        if (!current)
            continue;
        const found = locateMetric(listed, [
            current,
            ...candidatesFor(runtime, role).filter((n) => n !== current),
        ]);
        if (!found)
            continue;
        const currentDims = dimensions[role] ?? plain;
        const foundDims = found.dimensions.length > 0 ? found.dimensions : plain;
        if (found.name === current && sameDimensions(foundDims, currentDims))
            continue;
        tried.add(role);
        nextNames[role] = found.name;
        if (sameDimensions(foundDims, plain))
            delete nextDims[role];
        else
            nextDims[role] = foundDims;
        roles.push(role);
        notes[role] =
            `no datapoints of ${current}; ListMetrics lists ${found.name} with ${foundDims.map((d) => `${d.Name}=${d.Value}`).join(', ')}: reading that instead`;
    }
    return roles.length > 0 ? { names: nextNames, dimensions: nextDims, roles, notes } : undefined;
}

;// CONCATENATED MODULE: ./.tmp/build/src/msf/health/reader.js





/**
 * The metric names for a runtime: the table for known FLINK-* runtimes, otherwise what ListMetrics
 * lists for the application.
 */
async function resolveMetricNames(deps, application, runtime) {
    const known = metricNamesFor(runtime);
    if (known)
        return { names: known, discovered: false };
    const listed = [...new Set((await listMetrics(deps.clients, application, deps.signal)).map((m) => m.name))];
    deps.log.info(`health gate: runtime ${runtime} is not in the metric table; ListMetrics lists ${listed.length} metric(s) for ${application}`);
    return { names: namesFromListing(listed), discovered: true };
}
function permissionHint(err) {
    const text = (0,aws_errors/* describeError */.Uc)(err);
    return /AccessDenied|not authorized|UnrecognizedClient|InvalidClientTokenId/i.test(text)
        ? ' The role needs cloudwatch:GetMetricData and cloudwatch:ListMetrics.'
        : '';
}
const MSF_GATE_WORDS = {
    metrics: 'CloudWatch',
    live: 'the Flink dashboard',
    liveOff: 'the Flink dashboard is off (flink-dashboard: off)',
    describeCall: 'DescribeApplication',
    operationsCall: 'ListApplicationOperations',
    discoveryFailed: (application, error) => `health gate: ListMetrics for ${application} failed (${error}); reading the Flink 2 metric names`,
    scaled: (from, to) => `MSF scaled the application during the bake (version ${from} → ${to}, same code and runtime): its job restart is reported, not rolled back`,
    maintenance: (at, status) => `MSF maintenance at ${at} into the bake (operation Maintenance ${status}): its job restart is reported, not rolled back`,
    refused: (error, liveLine) => `no metrics: CloudWatch refuses GetMetricData (${error}); the job itself looked ` +
        `healthy through Flink's REST API (${liveLine}), but a release whose metrics cannot be read is not ` +
        `proven healthy: allow cloudwatch:GetMetricData and cloudwatch:ListMetrics`,
};
/** MSF's reads for the gate, over the run's clients (CloudWatch and kinesisanalyticsv2). */
function msfHealthReader(clients) {
    return {
        words: MSF_GATE_WORDS,
        region: clients.region,
        resolveNames: (deps, application, runtime) => resolveMetricNames({ clients, log: deps.log, signal: deps.signal }, application, runtime),
        fallbackNames: metricNamesFor('FLINK-2_2'),
        readMetrics: (deps, read) => readMetrics(clients, {
            application: read.application,
            names: read.names,
            dimensions: read.dimensions,
            periodSeconds: read.periodSeconds,
            start: read.start,
            end: read.end,
            signal: deps.signal,
        }),
        baselineError: (application, err) => new Error(`health gate baseline of ${application}: reading CloudWatch metrics failed: ${(0,aws_errors/* describeError */.Uc)(err)}.` +
            permissionHint(err), { cause: err }),
        relocate: async (deps, req) => {
            let listed;
            let listError;
            try {
                listed = await listMetrics(clients, req.application, deps.signal);
            }
            catch (err) {
                listError = (0,aws_errors/* describeError */.Uc)(err);
            }
            const moved = listed
                ? relocate(listed, req.names, req.dimensions, req.application, req.runtime, req.tried)
                : undefined;
            return {
                ...(moved ? { moved } : {}),
                evidence: () => noMetricsEvidence(req.application, clients.region, req.lastError, listed, listError),
            };
        },
        live: (deps, application) => new FlinkDashboard(clients, application, deps.signal),
        pausedStatus: (status) => status === 'MAINTENANCE' || status === 'AUTOSCALING',
        ownOperation: (operation) => operation === 'Maintenance',
    };
}

;// CONCATENATED MODULE: ./.tmp/build/src/msf/health/gate.js





/** Reads the last `baselinePeriods` periods of the application's CloudWatch metrics before the update. */
function gate_takeBaseline(deps, req) {
    return takeBaseline(msfHealthReader(deps.clients), deps, req);
}
/**
 * Bakes the landed release: Flink's REST API through the MSF dashboard when `watch` is given and it can
 * be had, CloudWatch as the second opinion and the fallback, MSF's maintenance and autoscaling excused.
 */
function runHealthGate(deps, req) {
    return runGate(msfHealthReader(deps.clients), deps, req);
}
/** The health gate of MSF, as MsfTarget offers it to the run. */
const msfHealthGate = {
    describe: (settings, checkpointIntervalMs) => describeGate(settings, checkpointIntervalMs),
    baseline: gate_takeBaseline,
    bake: runHealthGate,
};

;// CONCATENATED MODULE: ./.tmp/build/src/msf/requests.js
function restoreConfiguration(plan) {
    return {
        ApplicationRestoreType: plan.restore.type,
        ...(plan.restore.type === 'RESTORE_FROM_CUSTOM_SNAPSHOT' && plan.restore.snapshotName
            ? { SnapshotName: plan.restore.snapshotName }
            : {}),
    };
}
/**
 * UpdateApplication: the conditional token from the describe just before (the version id where MSF
 * gave no token), the runtime when it changes, the code location, and — for a RUNNING application —
 * the run configuration with an explicit restore type and AllowNonRestoredState (MSF resets the
 * latter to false when it is left out). A READY application gets its run configuration at start.
 */
function buildUpdateRequest(plan) {
    const s3Location = {
        BucketARNUpdate: plan.code.bucketArn,
        FileKeyUpdate: plan.code.key,
        ...(plan.code.objectVersion ? { ObjectVersionUpdate: plan.code.objectVersion } : {}),
    };
    return {
        ApplicationName: plan.application,
        ...(plan.expected.conditionalToken
            ? { ConditionalToken: plan.expected.conditionalToken }
            : { CurrentApplicationVersionId: plan.expected.versionId }),
        ...(plan.runtime.to !== plan.runtime.from
            ? { RuntimeEnvironmentUpdate: plan.runtime.to }
            : {}),
        ApplicationConfigurationUpdate: {
            ApplicationCodeConfigurationUpdate: {
                CodeContentTypeUpdate: 'ZIPFILE',
                CodeContentUpdate: { S3ContentLocationUpdate: s3Location },
            },
            ...(plan.parallelism
                ? {
                    FlinkApplicationConfigurationUpdate: {
                        ParallelismConfigurationUpdate: {
                            ConfigurationTypeUpdate: 'CUSTOM',
                            ParallelismUpdate: plan.parallelism.to,
                        },
                    },
                }
                : {}),
            ...(plan.enableSystemRollback
                ? { ApplicationSystemRollbackConfigurationUpdate: { RollbackEnabledUpdate: true } }
                : {}),
        },
        ...(plan.startAfterUpdate
            ? {}
            : {
                RunConfigurationUpdate: {
                    FlinkRunConfiguration: { AllowNonRestoredState: plan.allowNonRestoredState },
                    ApplicationRestoreConfiguration: restoreConfiguration(plan),
                },
            }),
    };
}
/** StartApplication for a READY application, with the same restore configuration. */
function buildStartRequest(plan) {
    return {
        ApplicationName: plan.application,
        RunConfiguration: {
            FlinkRunConfiguration: { AllowNonRestoredState: plan.allowNonRestoredState },
            ApplicationRestoreConfiguration: restoreConfiguration(plan),
        },
    };
}

;// CONCATENATED MODULE: ./.tmp/build/src/msf/target.js
/**
 * Managed Service for Apache Flink behind the pipeline's FlinkTarget interface: every kinesisanalyticsv2
 * call the upgrade makes, each wrapped into a one-line error naming the IAM action and the fix (the
 * reads it shares with the rollback: ./reads.ts).
 */










const MSF_PLATFORM = 'Managed Service for Apache Flink';
class MsfTarget extends MsfReads {
    platform = MSF_PLATFORM;
    health = msfHealthGate;
    attribute(phase) {
        this.phase = phase;
    }
    createSnapshot(name) {
        return this.call('CreateApplicationSnapshot', async () => {
            await this.options.client.send(new client_kinesis_analytics_v2_dist_cjs/* CreateApplicationSnapshotCommand */.abH({ ApplicationName: this.application, SnapshotName: name }), this.abort());
        });
    }
    describeSnapshot(name) {
        return this.call('DescribeApplicationSnapshot', async () => {
            try {
                const out = await this.options.client.send(new client_kinesis_analytics_v2_dist_cjs/* DescribeApplicationSnapshotCommand */.NpV({ ApplicationName: this.application, SnapshotName: name }), this.abort());
                return out.SnapshotDetails ? toSnapshotView(out.SnapshotDetails) : undefined;
            }
            catch (err) {
                if ((0,aws_errors/* errorName */.Is)(err) === 'ResourceNotFoundException')
                    return undefined;
                throw err;
            }
        });
    }
    deleteSnapshot(snapshot) {
        return this.call('DeleteApplicationSnapshot', async () => {
            if (snapshot.createdAt === undefined)
                throw new Error(`snapshot ${snapshot.name} has no creation time`);
            await this.options.client.send(new client_kinesis_analytics_v2_dist_cjs/* DeleteApplicationSnapshotCommand */.bDC({
                ApplicationName: this.application,
                SnapshotName: snapshot.name,
                SnapshotCreationTimestamp: new Date(snapshot.createdAt),
            }), this.abort());
        });
    }
    update(plan) {
        return this.call('UpdateApplication', async () => {
            const out = await this.options.client.send(new client_kinesis_analytics_v2_dist_cjs/* UpdateApplicationCommand */.XiF(buildUpdateRequest(plan)), this.abort());
            if (!out.ApplicationDetail)
                throw new Error('UpdateApplication returned no ApplicationDetail');
            return {
                ...(out.OperationId ? { operationId: out.OperationId } : {}),
                app: toApplicationView(out.ApplicationDetail),
            };
        });
    }
    start(plan) {
        return this.call('StartApplication', async () => {
            const out = await this.options.client.send(new client_kinesis_analytics_v2_dist_cjs/* StartApplicationCommand */.G6W(buildStartRequest(plan)), this.abort());
            return out.OperationId ? { operationId: out.OperationId } : {};
        });
    }
    /** ./follow.ts: the operation(s), a lost start's answer, MSF's own rollback. */
    followUpdate(ctx, plan, operationId, calledAt) {
        return followUpdate(ctx, this, plan, operationId, calledAt);
    }
    /** ./rollback.ts: RollbackApplication, or stop → update back → start from a named snapshot. */
    rollBack(deps, request) {
        return rollBack(deps, request);
    }
    describeApplication(app) {
        return describeState(this.application, app);
    }
    describeRelease(version) {
        return describeVersion(version);
    }
    manualSteps(current, previous, checkpoint, options = {}) {
        return manualSteps(this.application, current, previous, checkpoint, options);
    }
    describeVersion(versionId) {
        return this.call('DescribeApplicationVersion', async () => {
            const out = await this.options.client.send(new client_kinesis_analytics_v2_dist_cjs/* DescribeApplicationVersionCommand */.HGF({
                ApplicationName: this.application,
                ApplicationVersionId: versionId,
            }), this.abort());
            if (!out.ApplicationVersionDetail)
                throw new Error(`DescribeApplicationVersion returned no detail for version ${versionId}`);
            return toVersionRef(toApplicationView(out.ApplicationVersionDetail));
        });
    }
    // The deployment record is kept in the application's tags (tags do not create application versions).
    arn;
    async resourceArn() {
        this.arn ??= (await this.describe()).arn;
        if (!this.arn)
            throw new Error(`DescribeApplication returned no ARN for ${this.application}`);
        return this.arn;
    }
    async readRecord() {
        const arn = await this.resourceArn();
        return this.call('ListTagsForResource', async () => {
            const out = await this.options.client.send(new client_kinesis_analytics_v2_dist_cjs/* ListTagsForResourceCommand */.a_e({ ResourceARN: arn }), this.abort());
            return recordFromTags((out.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })));
        });
    }
    async writeRecord(record) {
        const arn = await this.resourceArn();
        const tags = recordToTags(record);
        await this.call('TagResource', () => this.options.client.send(new client_kinesis_analytics_v2_dist_cjs/* TagResourceCommand */.eqU({ ResourceARN: arn, Tags: tags }), this.abort()));
        const stale = RECORD_TAG_KEYS.filter((k) => !tags.some((t) => t.Key === k));
        if (stale.length > 0) {
            await this.call('UntagResource', () => this.options.client.send(new client_kinesis_analytics_v2_dist_cjs/* UntagResourceCommand */.RP$({ ResourceARN: arn, TagKeys: stale }), this.abort()));
        }
    }
    async clearRecord() {
        const arn = await this.resourceArn();
        await this.call('UntagResource', () => this.options.client.send(new client_kinesis_analytics_v2_dist_cjs/* UntagResourceCommand */.RP$({ ResourceARN: arn, TagKeys: [...RECORD_TAG_KEYS] }), this.abort()));
    }
}

;// CONCATENATED MODULE: ./.tmp/build/src/platforms.js


function createPlatform(options) {
    return new MsfTarget({
        client: options.clients.msf,
        application: options.application,
        region: options.clients.region,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.phase ? { phase: options.phase } : {}),
    });
}
/**
 * The platform a run drives through the Platform interface (src/pipeline/platform-run.ts): a
 * self-managed Flink cluster for `platform: flink`; undefined for MSF, which the run still drives as a
 * FlinkTarget (above).
 */
function createInterfacePlatform(inputs) {
    return inputs.platform === 'flink' ? createFlinkPlatform(inputs) : undefined;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./.tmp/build/src/pipeline/artifact.js
/**
 * The build to release: a local file hashed in one streaming pass (MD5 for MSF's CodeMD5, SHA-256 for
 * integrity), or an object already in S3 whose size (and SHA-256, when given) is verified before it is
 * promoted.
 */





/** MSF's limit for application code. */
const MAX_CODE_BYTES = 512 * 1024 * 1024;
/** MD5 and SHA-256 of a stream, read once. */
async function hashStream(stream) {
    const md5 = (0,external_node_crypto_.createHash)('md5');
    const sha256 = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    for await (const chunk of stream) {
        md5.update(chunk);
        sha256.update(chunk);
        size += chunk.length;
    }
    return { size, md5Hex: md5.digest('hex'), sha256Hex: sha256.digest('hex') };
}
/** Size of each read of {@link hashFile}; two such buffers are all it holds. */
const HASH_READ_SIZE = 1024 * 1024;
/**
 * MD5 and SHA-256 of a file, read once into two reused buffers: the next read runs (in libuv's thread
 * pool) while the current buffer is hashed, and nothing is left to the garbage collector.
 */
async function hashFile(file) {
    const md5 = (0,external_node_crypto_.createHash)('md5');
    const sha256 = (0,external_node_crypto_.createHash)('sha256');
    let reading = Buffer.allocUnsafe(HASH_READ_SIZE);
    let hashing = Buffer.allocUnsafe(HASH_READ_SIZE);
    const handle = await (0,promises_.open)(file, 'r');
    let size = 0;
    try {
        let pending = handle.read(reading, 0, HASH_READ_SIZE, 0);
        for (;;) {
            const { bytesRead } = await pending;
            if (bytesRead === 0)
                break;
            size += bytesRead;
            [reading, hashing] = [hashing, reading];
            pending = handle.read(reading, 0, HASH_READ_SIZE, size);
            const chunk = hashing.subarray(0, bytesRead);
            md5.update(chunk);
            sha256.update(chunk);
        }
    }
    finally {
        await handle.close();
    }
    return { size, md5Hex: md5.digest('hex'), sha256Hex: sha256.digest('hex') };
}
/** Checks the local build exists and is not too big, and hashes it. Fails before any AWS call. */
async function inspectArtifact(file, application) {
    let info;
    try {
        info = await (0,promises_.stat)(file);
    }
    catch {
        throw new errors/* PhaseError */.wo('validate', `input "artifact": no file at ${file}; build the application before this step or fix the path`);
    }
    if (!info.isFile())
        throw new errors/* PhaseError */.wo('validate', `input "artifact": ${file} is not a file`);
    if (info.size === 0)
        throw new errors/* PhaseError */.wo('validate', `input "artifact": ${file} is empty`);
    if (info.size > MAX_CODE_BYTES) {
        throw new errors/* PhaseError */.wo('validate', `input "artifact": ${file} is ${info.size} bytes; ${application} can run code of at most 512 MiB`);
    }
    if (!(await startsAsZip(file))) {
        throw new errors/* PhaseError */.wo('validate', `input "artifact": ${file} is not a JAR or zip archive (it does not start with the zip signature "PK"); ` +
            'point artifact at the built .jar (Java) or .zip (Python)');
    }
    const digests = await hashFile(file);
    return { path: file, fileName: external_node_path_.basename(file), ...digests };
}
/** A JAR or Python zip starts with a zip local file header (or, empty, the end of central directory). */
async function startsAsZip(file) {
    const handle = await (0,promises_.open)(file, 'r');
    try {
        const head = Buffer.alloc(4);
        const { bytesRead } = await handle.read(head, 0, 4, 0);
        const sig = head.subarray(0, bytesRead).toString('latin1');
        return sig === 'PK\u0003\u0004' || sig === 'PK\u0005\u0006';
    }
    finally {
        await handle.close();
    }
}
/** hex → base64, as S3 reports ChecksumSHA256. */
function hexToBase64(hex) {
    return Buffer.from(hex, 'hex').toString('base64');
}
/**
 * The SHA-256 an object declares: metadata `sha256` (written by this action), or S3's own full-object
 * ChecksumSHA256. A multipart upload's composite checksum (`…-N`) is not the file's digest.
 */
function declaredSha256(head) {
    const meta = head.Metadata?.sha256?.toLowerCase();
    if (meta && /^[0-9a-f]{64}$/.test(meta))
        return meta;
    const checksum = head.ChecksumSHA256;
    if (checksum && !checksum.includes('-') && head.ChecksumType !== 'COMPOSITE') {
        const hex = Buffer.from(checksum, 'base64').toString('hex');
        if (hex.length === 64)
            return hex;
    }
    return undefined;
}
/** HeadObject with checksums; undefined when there is no such object. */
async function headObject(ctx, bucket, key, phase, versionId) {
    try {
        return await ctx.s3.send(new dist_cjs/* HeadObjectCommand */.l81({
            Bucket: bucket,
            Key: key,
            ChecksumMode: 'ENABLED',
            ...(versionId ? { VersionId: versionId } : {}),
        }), ctx.signal ? { abortSignal: ctx.signal } : {});
    }
    catch (err) {
        const status = err.$metadata?.httpStatusCode;
        const name = err.name;
        if (status === 404 || name === 'NotFound' || name === 'NoSuchKey')
            return undefined;
        throw (0,errors/* wrapAwsError */.AH)(err, {
            application: ctx.application,
            phase,
            call: 'HeadObject',
            // Without s3:ListBucket, S3 answers a HEAD of a missing key with 403 instead of 404.
            action: 's3:GetObject on the key and s3:ListBucket on the bucket',
            resource: `s3://${bucket}/${key}`,
        });
    }
}
/**
 * Verifies the object to promote: it exists (in `expectedVersion` when given), its size is plausible, and, when `expectedSha256` is
 * given, its SHA-256 is the expected one (from metadata or a full-object checksum; otherwise the object
 * is read and hashed). Without it the digest is not checked: the one the object declares, if any, is kept.
 */
async function verifyPromotedObject(ctx, bucket, key, expectedSha256, expectedVersion) {
    const where = `s3://${bucket}/${key}${expectedVersion ? ` (version ${expectedVersion})` : ''}`;
    const head = await headObject(ctx, bucket, key, 'preflight', expectedVersion);
    if (!head) {
        throw new errors/* PhaseError */.wo('preflight', `promotion of ${where} to ${ctx.application}: no such object${expectedVersion ? ' version' : ''}; check bucket, key${expectedVersion ? ' and object-version' : ''}`);
    }
    if (expectedVersion && head.VersionId !== expectedVersion) {
        throw new errors/* PhaseError */.wo('preflight', `promotion of ${where} refused: S3 answered version ${head.VersionId ?? '(none: the bucket is not versioned)'}; ` +
            'promote from a versioned bucket, or remove object-version');
    }
    const size = head.ContentLength ?? 0;
    if (size <= 0 || size > MAX_CODE_BYTES) {
        throw new errors/* PhaseError */.wo('preflight', `promotion of ${where}: the object is ${size} bytes, not a deployable build (1 byte to 512 MiB)`);
    }
    let sha256 = declaredSha256(head);
    if (expectedSha256 === undefined) {
        return {
            bucket,
            key,
            size,
            ...(sha256 ? { sha256Hex: sha256 } : {}),
            ...(head.VersionId ? { versionId: head.VersionId } : {}),
        };
    }
    if (!sha256) {
        try {
            const out = await ctx.s3.send(new dist_cjs/* GetObjectCommand */.jLs({
                Bucket: bucket,
                Key: key,
                ...(head.VersionId ? { VersionId: head.VersionId } : {}),
            }), ctx.signal ? { abortSignal: ctx.signal } : {});
            const digests = await hashStream(out.Body);
            if (digests.size !== size) {
                throw new errors/* PhaseError */.wo('preflight', `promotion of ${where}: read ${digests.size} bytes, expected ${size}`);
            }
            sha256 = digests.sha256Hex;
        }
        catch (err) {
            if (err instanceof errors/* PhaseError */.wo)
                throw err;
            throw (0,errors/* wrapAwsError */.AH)(err, {
                application: ctx.application,
                phase: 'preflight',
                action: 's3:GetObject',
                resource: where,
            });
        }
    }
    if (sha256 !== expectedSha256) {
        throw new errors/* PhaseError */.wo('preflight', `promotion of ${where} refused: its SHA-256 is ${sha256}, not the artifact-sha256 ${expectedSha256}; ` +
            'promote the object the tested build was uploaded to, or fix artifact-sha256');
    }
    return { bucket, key, size, sha256Hex: sha256, ...(head.VersionId ? { versionId: head.VersionId } : {}) };
}

;// CONCATENATED MODULE: ./.tmp/build/src/pipeline/jar-check-phase.js

/** The one call site of the JAR check. */
async function runJarCheck(req) {
    if (req.mode === 'off')
        return { mode: 'off', skipped: 'jar-check: off', findings: [], blocking: false };
    if (!req.artifactPath) {
        return {
            mode: req.mode,
            skipped: 'promotion of an uploaded build: no local file to check',
            findings: [],
            blocking: false,
        };
    }
    try {
        // Loaded (a chunk of its own) when a check runs: the first AWS request does not wait for it.
        const { checkArtifact } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 2829));
        const report = await checkArtifact(req.artifactPath, {
            targetRuntime: req.targetRuntime,
            currentRuntime: req.currentRuntime,
            ...(req.targetJavaRelease !== undefined ? { targetJavaRelease: req.targetJavaRelease } : {}),
        });
        const errors = report.findings.filter((f) => f.severity === 'error').length;
        return {
            mode: req.mode,
            findings: report.findings,
            blocking: req.mode === 'strict' && errors > 0,
            kind: report.kind,
            durationMs: report.stats.durationMs,
        };
    }
    catch (err) {
        const problem = err.problem;
        if ((0,aws_errors/* errorName */.Is)(err) === 'JarCheckError' && problem === 'UNKNOWN_RUNTIME') {
            return {
                mode: req.mode,
                skipped: `the JAR check does not know ${req.targetRuntime} yet: ${(0,aws_errors/* describeError */.Uc)(err)}`,
                findings: [],
                blocking: false,
            };
        }
        // The archive cannot be read: it cannot be deployed either.
        return {
            mode: req.mode,
            findings: [
                {
                    severity: 'error',
                    code: problem ?? 'JAR_CHECK_FAILED',
                    message: (0,aws_errors/* describeError */.Uc)(err),
                    fix: 'rebuild the artifact and check the path; a broken archive cannot run on the application',
                },
            ],
            blocking: req.mode === 'strict',
        };
    }
}
/** `error FLINK2_REMOVED_API: … Fix: …` */
function findingLine(f) {
    return `${f.severity} ${findingBody(f)}`;
}
/** `FLINK2_REMOVED_API: … Fix: …`: the finding without its severity. */
function findingBody(f) {
    return `${f.code}: ${findingMessage(f)}`;
}
/**
 * `… (com.example.Job). Fix: …`: the finding's text, its location (unless the text names it already)
 * and its fix, one full stop between them.
 */
function findingMessage(f) {
    const where = f.location && !f.message.includes(f.location) ? ` (${f.location})` : '';
    return `${f.message.replace(/\.+$/, '')}${where}. Fix: ${f.fix}`;
}

;// CONCATENATED MODULE: ./.tmp/build/src/pipeline/platform-run.js





/** The JAR check's name of an engine version: `2.2` → `FLINK-2_2`. */
function engineRuntime(version) {
    return `FLINK-${version.replace('.', '_')}`;
}
async function runOnPlatform(inputs, deps) {
    const { platform, clock, log } = deps;
    const started = Date.now();
    const startedAt = clock.now();
    const deadline = startedAt + inputs.timeoutMs;
    const ctx = {
        clock,
        log,
        signal: deps.signal,
        deadline,
        pollIntervalMs: inputs.pollIntervalMs,
    };
    const state = { application: platform.application, phase: 'validate', deadline };
    const save = () => deps.onState?.({ ...state });
    const report = {
        application: platform.application,
        platform: platform.name,
        region: platform.location,
        version: inputs.version,
        dryRun: inputs.dryRun,
        result: 'failed',
        reason: '',
        startedAt,
        endedAt: startedAt,
        planLines: [],
        phases: [],
        logGroups: [],
        warnings: [],
    };
    const annotate = (a) => {
        deps.annotate?.({ ...a, message: workflow_commands_neutraliseCommands(a.message) });
    };
    const finish = (result, reason) => {
        report.result = result;
        report.reason = workflow_commands_neutraliseCommands(reason);
        report.endedAt = clock.now();
        report.durationMs = Date.now() - started;
        state.phase = 'done';
        state.result = result;
        state.reason = report.reason;
        save();
        return report;
    };
    const phase = async (name, title, fn) => {
        state.phase = name;
        save();
        const record = { phase: name, title, startedAt: clock.now(), outcome: 'ok' };
        report.phases.push(record);
        const realStart = Date.now();
        try {
            return await log.group(title, () => fn(record));
        }
        catch (err) {
            record.outcome = 'failed';
            throw err;
        }
        finally {
            record.endedAt = clock.now();
            record.durationMs = Date.now() - realStart;
        }
    };
    let previous;
    let plan;
    let sent;
    let baseline;
    try {
        log.info(`${inputs.dryRun ? 'Planning' : 'Upgrading'} ${platform.application} on ${platform.name} (${platform.location}), version ${inputs.version}` +
            (inputs.dryRun ? ' (dry run: nothing is changed)' : ''));
        // preflight and plan
        const decision = await phase('preflight', 'Preflight and plan', async (record) => {
            previous = await platform.describe(ctx);
            state.previous = previous;
            report.previousStatus = previous.status;
            report.previousRuntime = previous.engineLabel ?? previous.engineVersion;
            log.info(`${platform.application}: ${platform.describeRelease(previous)}`);
            const artifact = inputs.artifact
                ? await inspectArtifact(inputs.artifact, platform.application)
                : undefined;
            const checkpoints = await platform.listCheckpoints(ctx);
            const d = platform.plan({
                inputs,
                release: previous,
                checkpoints,
                ...(artifact ? { artifact } : {}),
                now: clock.now(),
            });
            record.note = d.kind === 'refuse' ? d.reason : platform.describeRelease(previous);
            return { decision: d, artifact };
        });
        const d = decision.decision;
        for (const w of d.kind === 'refuse' ? d.warnings : d.plan.warnings) {
            report.warnings.push(w);
            annotate({ level: 'warning', title: 'Preflight', message: w });
        }
        if (d.kind === 'refuse') {
            annotate({
                level: 'error',
                title: 'Preflight refused the upgrade',
                message: d.reason,
                importance: 'high',
            });
            return finish('failed', `preflight: ${d.reason}`);
        }
        plan = d.plan;
        report.planLines = plan.lines ?? [];
        report.runtime = `Flink ${plan.engine.to}`;
        if (d.kind === 'unchanged')
            return finish('unchanged', d.reason);
        for (const line of report.planLines)
            log.info(`  ${line}`);
        // the JAR check, against the engine the job will run on
        const check = await phase('jar-check', 'JAR check', async (record) => {
            const outcome = await runJarCheck({
                mode: inputs.jarCheck,
                ...(inputs.artifact ? { artifactPath: inputs.artifact } : {}),
                targetRuntime: engineRuntime(plan.engine.to),
                currentRuntime: engineRuntime(plan.engine.from),
                ...(plan.engine.javaRelease !== undefined ? { targetJavaRelease: plan.engine.javaRelease } : {}),
            });
            report.jarCheck = {
                mode: outcome.mode,
                findings: outcome.findings,
                ...(outcome.skipped ? { skipped: outcome.skipped } : {}),
            };
            for (const f of outcome.findings) {
                log.info(findingLine(f));
                if (f.severity !== 'info') {
                    annotate({
                        level: f.severity === 'error' && inputs.jarCheck === 'strict' ? 'error' : 'warning',
                        title: `JAR check: ${f.code}`,
                        message: f.message,
                    });
                }
            }
            record.note = outcome.skipped ?? `${outcome.findings.length} finding(s)`;
            if (outcome.blocking)
                record.outcome = 'failed';
            return outcome;
        });
        if (check.blocking) {
            return finish('failed', `the JAR check found errors for Flink ${plan.engine.to} (jar-check: strict); nothing was changed`);
        }
        if (inputs.dryRun)
            return finish('planned', `plan for ${platform.application}: nothing was changed (dry run)`);
        // upload into the platform's store
        await phase('upload', 'Upload', async (record) => {
            if (!decision.artifact)
                throw new errors/* PhaseError */.wo('upload', 'no local build to upload (artifact)');
            const put = await platform.artifacts.put(ctx, decision.artifact, plan.artifact);
            plan.artifact = { ...put.ref, source: 'upload' };
            report.upload = { skipped: put.skipped, note: put.note };
            record.note = put.note;
        });
        // the checkpoint before the change, when the platform takes it apart from the update
        if (plan.checkpoint.take) {
            await phase('snapshot', 'Pre-upgrade checkpoint', async (record) => {
                const cp = await platform.takeCheckpoint(ctx, plan);
                plan.preUpgradeCheckpoint = cp;
                state.preUpgradeCheckpoint = cp;
                report.snapshotName = cp.id;
                record.note = cp.id;
            });
        }
        baseline = await platform.health.baseline(ctx, {
            release: previous,
            settings: inputs.health,
        });
        // the update, followed and verified
        const progress = {
            operation: (op) => {
                const rec = {
                    id: op.id,
                    operation: op.operation,
                    status: op.status,
                    ...(op.errorString ? { errorString: op.errorString } : {}),
                };
                if (op.role === 'update')
                    report.operation = rec;
                else if (op.role === 'start')
                    report.startOperation = rec;
                else
                    report.rollbackOperation = rec;
                save();
            },
            replanned: (p) => {
                plan = p;
            },
            platformRollingBack: () => { },
            warn: (message) => {
                report.warnings.push(message);
                annotate({ level: 'warning', title: 'Update', message });
            },
            refuseIfSuperseded: () => Promise.resolve(),
            replan: () => Promise.reject(new errors/* PhaseError */.wo('update', 're-planning is not supported on this platform')),
        };
        const landing = await phase('update', 'Update', async (record) => {
            const out = await platform.update(ctx, plan, progress);
            if (!('expected' in out)) {
                record.note = 'reason' in out ? out.reason : out.kind;
                return out;
            }
            sent = out;
            state.expected = out.expected;
            if (!plan.checkpoint.take) {
                // the platform took the pre-upgrade checkpoint in the update (a stop with a savepoint): the newest
                const taken = (await platform.listCheckpoints(ctx).catch(() => []))
                    .filter((c) => c.status === 'ready')
                    .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))[0];
                if (taken) {
                    plan.preUpgradeCheckpoint = taken;
                    state.preUpgradeCheckpoint = taken;
                    report.snapshotName = taken.id;
                }
            }
            save();
            record.note = out.note;
            const followed = await platform.follow(ctx, out, progress);
            if (followed.landing) {
                record.outcome = 'failed';
                record.note = followed.note;
                return followed.landing;
            }
            const verified = await platform.verify(ctx, out);
            record.note = verified.note;
            if (verified.landing.kind !== 'verified')
                record.outcome = 'failed';
            return verified.landing;
        });
        if (landing.kind === 'unchanged')
            return finish('unchanged', landing.reason);
        if (landing.kind === 'failed')
            return finish('failed', landing.reason);
        if (landing.kind === 'platform-rolled-back')
            return finish(landing.ok ? 'rolled-back' : 'failed', landing.reason);
        if (landing.kind === 'needs-rollback')
            return await rollBack(landing.reason);
        const landed = landing.release;
        report.status = landed.status;
        report.runtime = landed.engineLabel ?? landed.engineVersion;
        // the health gate
        const gate = await phase('bake', 'Health gate', async (record) => {
            const g = await platform.health.bake(ctx, { landed, baseline: baseline, settings: inputs.health });
            record.note = g.reason ?? g.verdict;
            if (g.verdict === 'unhealthy')
                record.outcome = 'failed';
            return g;
        });
        report.gate = gate;
        if (gate.verdict === 'unhealthy')
            return await rollBack(`health gate: ${gate.reason ?? 'unhealthy'}`);
        return finish('upgraded', `${platform.application} runs the new version (${platform.describeRelease(landed)})` +
            (gate.verdict === 'healthy' ? `, healthy for ${(0,duration/* formatDuration */.a)(inputs.health.bakeMs)}` : ''));
    }
    catch (err) {
        if (deps.signal.aborted) {
            // the post step sees the saved state and rolls back what went out
            report.reason = 'cancelled';
            throw err;
        }
        const message = (0,errors/* failureMessage */.oh)(err, platform.application, state.phase);
        if (sent && previous)
            return await rollBack(message);
        annotate({ level: 'error', title: 'Upgrade failed', message, importance: 'high' });
        return finish('failed', message);
    }
    async function rollBack(reason) {
        const why = workflow_commands_neutraliseCommands(reason);
        if (inputs.rollback === 'never' || !previous) {
            annotate({ level: 'error', title: 'Upgrade failed, no rollback', message: why, importance: 'high' });
            return finish('failed', `${why}; rollback: never left it as it is`);
        }
        const result = await phase('rollback', 'Rollback', async (record) => {
            const r = await platform.rollBack({ ...ctx, deadline: Math.max(clock.now(), deadline) + inputs.rollbackTimeoutMs }, {
                application: platform.application,
                previous: previous,
                leaveStopped: previous.liveness === 'stopped',
                ...(plan?.preUpgradeCheckpoint ? { preUpgradeCheckpoint: plan.preUpgradeCheckpoint } : {}),
                reason: why,
                allowNonRestoredState: plan?.allowNonRestoredState ?? false,
                maxStateAgeMs: inputs.maxStateAgeMs,
            });
            record.note = r.message;
            if (r.outcome !== 'rolled-back')
                record.outcome = 'failed';
            return r;
        });
        report.rollback = {
            outcome: result.outcome,
            // the report's rollback path names MSF's paths; other platforms' rollbacks show as 'none' with their decision
            path: 'none',
            message: result.message,
            ...(result.decision ? { decision: `${result.path}: ${result.decision}` } : { decision: result.path }),
            ...(result.restoredCheckpoint ? { restoredSnapshot: result.restoredCheckpoint } : {}),
            ...(result.rollbackPoint ? { rollbackPoint: result.rollbackPoint } : {}),
            ...(result.manualSteps ? { manualSteps: result.manualSteps } : {}),
            ...(result.operationId ? { operationId: result.operationId } : {}),
            ...(result.cost
                ? {
                    cost: {
                        snapshot: result.cost.checkpoint,
                        ...(result.cost.checkpointAt !== undefined ? { snapshotAt: result.cost.checkpointAt } : {}),
                        ...(result.cost.stoppedAt !== undefined ? { stoppedAt: result.cost.stoppedAt } : {}),
                        ...(result.cost.rewindSeconds !== undefined
                            ? { rewindSeconds: result.cost.rewindSeconds }
                            : {}),
                        forcedStop: result.cost.forcedStop,
                        text: result.cost.text,
                    },
                }
                : {}),
        };
        if (result.release) {
            report.finalCode = { status: result.release.status };
            report.status = result.release.status;
            report.runtime = result.release.engineLabel ?? result.release.engineVersion;
        }
        if (result.outcome === 'rolled-back') {
            annotate({
                level: 'error',
                title: 'Rolled back',
                message: `${why}; ${result.message}`,
                importance: 'high',
            });
            return finish('rolled-back', `${why}; ${result.message}`);
        }
        annotate({ level: 'error', title: 'Rollback failed', message: result.message, importance: 'high' });
        return finish('failed', `${why}; ${result.message}`);
    }
}
/** The key under which a run through a Platform saves its state for the post step. */
const PLATFORM_RUN_STATE_KEY = 'platform-run-state';
function parsePlatformRunState(text) {
    if (!text)
        return undefined;
    try {
        const parsed = JSON.parse(text);
        return typeof parsed.application === 'string' && typeof parsed.phase === 'string' ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * The post step of a run through a Platform: a run that ended with a result needs nothing; one cancelled
 * after its update went out (the new version may run unproven) is rolled back to the saved previous
 * release, unless rollback: never.
 */
async function postOnPlatform(state, inputs, deps) {
    if (!state || state.result)
        return { action: 'nothing', message: 'the run ended with a result: nothing to do' };
    if (!state.expected || !state.previous) {
        return {
            action: 'nothing',
            message: `the run stopped in ${state.phase}, before its update went out: nothing changed`,
        };
    }
    const where = deps.platform.describeRelease(state.expected);
    if (inputs.rollback === 'never') {
        return {
            action: 'left-as-is',
            message: `the run was cancelled after its update (${where}); rollback: never left it as it is, unproven`,
        };
    }
    deps.log.info(`post: the run was cancelled during ${state.phase}, after its update: rolling back`);
    const result = await deps.platform.rollBack({
        clock: deps.clock,
        log: deps.log,
        signal: deps.signal,
        deadline: deps.clock.now() + inputs.rollbackTimeoutMs,
        pollIntervalMs: inputs.pollIntervalMs,
    }, {
        application: state.application,
        previous: state.previous,
        leaveStopped: state.previous.liveness === 'stopped',
        ...(state.preUpgradeCheckpoint ? { preUpgradeCheckpoint: state.preUpgradeCheckpoint } : {}),
        reason: `the run was cancelled during ${state.phase}`,
        maxStateAgeMs: inputs.maxStateAgeMs,
    });
    const message = neutraliseCommands(result.message);
    return result.outcome === 'rolled-back'
        ? { action: 'rolled-back', message, rollback: result }
        : { action: 'rollback-failed', message, rollback: result };
}

// EXTERNAL MODULE: ./.tmp/build/src/inputs.js + 11 modules
var src_inputs = __webpack_require__(5352);
;// CONCATENATED MODULE: ./.tmp/build/src/pipeline/run-state.js
/** The key under which the action saves the run state for its post step (core.saveState). */
const RUN_STATE_KEY = 'run-state';
/** The key under which the open GitHub deployment is saved for the post step (SavedDeployment). */
const DEPLOYMENT_STATE_KEY = 'deployment';

;// CONCATENATED MODULE: ./.tmp/build/src/log-adapters.js


function coreLogger(core) {
    return {
        info: (line) => core.info(workflow_commands_neutraliseCommands(line)),
        // warnings go to the log with a prefix; annotations are reserved for the few that matter
        warn: (line) => core.info(workflow_commands_neutraliseCommands(`warning: ${line}`)),
        error: (line) => core.info(workflow_commands_neutraliseCommands(`error: ${line}`)),
        debug: (line) => core.debug(workflow_commands_neutraliseCommands(line)),
        group: (name, fn) => core.group(workflow_commands_neutraliseCommands(name), fn),
    };
}
/** Lines to a writer (stdout in the CLI, which may itself run in a workflow), groups as headings. */
function writerLogger(writeRaw, options = {}) {
    const write = (line) => writeRaw(neutraliseCommands(line));
    return {
        info: (line) => write(line),
        warn: (line) => write(`warning: ${line}`),
        error: (line) => write(`error: ${line}`),
        debug: (line) => {
            if (options.debug)
                write(`debug: ${line}`);
        },
        group: async (name, fn) => {
            write(`▶ ${name}`);
            return fn();
        },
    };
}

;// CONCATENATED MODULE: ./.tmp/build/src/pipeline/health-gate.js

/** The figures before the update, read from the platform's health source. */
function health_gate_takeBaseline(deps, req) {
    return deps.platform.health.baseline(deps, req);
}
/** Bakes the landed release through the platform's health source. */
function health_gate_runHealthGate(deps, req) {
    return deps.platform.health.bake(deps, req);
}

;// CONCATENATED MODULE: ./.tmp/build/src/pipeline/plan.js




/**
 * A snapshot name not yet used on the application: `<name>-<UTC time>` (and `-2`, `-3` … if even that is
 * taken), within MSF's 256 characters. An existing snapshot with the requested name is never reused as
 * the rollback point: it may be hours old (a fixed or per-version name repeats on every redeploy).
 */
function freshSnapshotName(name, taken, now) {
    const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const used = new Set(taken.map((s) => s.name));
    for (let n = 1;; n++) {
        const suffix = `-${stamp}${n > 1 ? `-${n}` : ''}`;
        const candidate = `${name.slice(0, 256 - suffix.length)}${suffix}`;
        if (!used.has(candidate))
            return candidate;
    }
}
/** `name (FLINK-1_19, 3h ago)` for a list of snapshots in a refusal. */
function listSnapshots(snapshots, now) {
    const ready = snapshots.filter((s) => s.status === 'READY');
    if (ready.length === 0)
        return 'none READY';
    return ready
        .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))
        .slice(0, 10)
        .map((s) => `${s.name} (${s.runtime ?? 'runtime unknown'}${now !== undefined && s.createdAt !== undefined ? `, ${formatAge(now - s.createdAt)} old` : ''})`)
        .join(', ');
}
/** `<application>/<version>/<file name>`. */
function defaultKey(application, version, fileName) {
    return `${application}/${version}/${fileName}`;
}
function restoreTypeFor(mode) {
    switch (mode) {
        case 'latest':
            return 'RESTORE_FROM_LATEST_SNAPSHOT';
        case 'snapshot':
            return 'RESTORE_FROM_CUSTOM_SNAPSHOT';
        case 'none':
            return 'SKIP_RESTORE_FROM_SNAPSHOT';
    }
}
const STEADY = new Set(['RUNNING', 'READY']);
/** Decides what the run will do. Refusals are one line naming the condition and the fix. */
function buildPlan(facts) {
    const { inputs, app } = facts;
    const warnings = [];
    const refuse = (reason) => ({ kind: 'refuse', reason, warnings });
    if (!STEADY.has(app.status)) {
        // MSF accepts RollbackApplication only in RUNNING, UPDATING and AUTOSCALING.
        const rollbackHint = app.status === 'UPDATING' || app.status === 'AUTOSCALING' ? ' (or roll it back)' : '';
        return refuse(`application ${app.name} is ${app.status}, not RUNNING or READY; wait until its current transition ends` +
            `${rollbackHint} and run again`);
    }
    const busy = facts.operations.find((o) => o.status === 'IN_PROGRESS');
    if (busy) {
        return refuse(`operation ${busy.operation} ${busy.id} is still IN_PROGRESS on ${app.name}; wait for it to finish and run again`);
    }
    if (!(0,msf_runtime/* isFlinkRuntime */.$o)(app.runtime)) {
        return refuse(`application ${app.name} runs ${app.runtime}, not an Apache Flink runtime; this action upgrades Flink applications only`);
    }
    // Where the code goes.
    const bucket = inputs.bucket ?? app.bucket;
    if (!bucket) {
        return refuse(`application ${app.name} does not run its code from S3; set bucket to the bucket to upload the build to`);
    }
    let key;
    if (inputs.key)
        key = inputs.key;
    else if (facts.artifact)
        key = defaultKey(app.name, inputs.version, facts.artifact.fileName);
    else
        return refuse('set key (the object to promote) or artifact (a build to upload)');
    const sameLocation = bucket === app.bucket && key === app.fileKey;
    // Target runtime and parallelism.
    const targetRuntime = inputs.runtime ?? app.runtime;
    const parallelismChange = inputs.parallelism !== undefined && inputs.parallelism !== app.parallelism
        ? { ...(app.parallelism !== undefined ? { from: app.parallelism } : {}), to: inputs.parallelism }
        : undefined;
    const codeSame = facts.artifact
        ? sameLocation && sameBuild(app, facts.artifact, facts.runningObject)
        : sameLocation &&
            (facts.promoted?.versionId === undefined || facts.promoted.versionId === app.objectVersion);
    const isReady = app.status === 'READY';
    const newestSnapshot = newestReadySnapshot(facts.snapshots);
    const ownSnapshot = facts.snapshots.find((s) => s.name === inputs.snapshotName);
    const restoreType = restoreTypeFor(inputs.restore);
    const plan = {
        application: app.name,
        status: app.status,
        previous: toVersionRef(app),
        expected: {
            versionId: app.versionId,
            ...(app.conditionalToken ? { conditionalToken: app.conditionalToken } : {}),
        },
        runtime: { from: app.runtime, to: targetRuntime, change: 'same' },
        code: {
            bucket,
            bucketArn: (0,s3_arn/* bucketArnFor */.NU)(bucket, facts.region, app.bucketArn),
            key,
            source: facts.artifact ? 'upload' : 'promote',
            ...(facts.artifact
                ? { sha256Hex: facts.artifact.sha256Hex, md5Hex: facts.artifact.md5Hex, size: facts.artifact.size }
                : facts.promoted
                    ? {
                        ...(facts.promoted.sha256Hex ? { sha256Hex: facts.promoted.sha256Hex } : {}),
                        size: facts.promoted.size,
                        ...(facts.promoted.versionId ? { objectVersion: facts.promoted.versionId } : {}),
                    }
                    : {}),
        },
        restore: { mode: inputs.restore, type: restoreType },
        allowNonRestoredState: inputs.allowNonRestoredState,
        ...(parallelismChange ? { parallelism: parallelismChange } : {}),
        snapshot: { take: false, name: inputs.snapshotName },
        enableSystemRollback: inputs.systemRollback === 'enable',
        startAfterUpdate: isReady && inputs.start,
        warnings,
    };
    if (targetRuntime === app.runtime && codeSame && !parallelismChange) {
        return {
            kind: 'unchanged',
            reason: `${app.name} already runs ${app.runtime} with s3://${bucket}/${key}` +
                (facts.artifact
                    ? ` (${facts.artifact.size} bytes, sha256 ${facts.artifact.sha256Hex.slice(0, 12)}…)`
                    : '') +
                `, version ${app.versionId}${isReady ? ' (the application is READY, not running)' : ''}`,
            plan,
        };
    }
    // Never overwrite the object the application runs today: a rollback needs it.
    if (facts.artifact && sameLocation && !codeSame) {
        return refuse(`s3://${bucket}/${key} is the object ${app.name} runs today and the new build differs from it; ` +
            'set a new version (or key) so the running build stays available for a rollback');
    }
    // State and snapshots.
    const stateful = inputs.restore !== 'none';
    if (stateful && !app.snapshotsEnabled) {
        return refuse(`snapshots are disabled on ${app.name}, so restore: ${inputs.restore} has no state to restore; enable snapshots ` +
            '(ApplicationSnapshotConfiguration) or use restore: none to start without state');
    }
    const ageOptions = {
        maxStateAgeMs: inputs.maxStateAgeMs,
        ...(facts.now !== undefined ? { now: facts.now } : {}),
    };
    const staleFix = 'use restore: none to start without state, raise max-state-age (0 = no limit) to restore it anyway, or start the application and run again (a running application is snapshotted first)';
    if (isReady) {
        // Stopped: the state is the newest snapshot (normally MSF's, taken at the stop). A snapshot that only
        // has the requested name is not preferred to it.
        const restoreFrom = newestSnapshot;
        if (restoreFrom) {
            plan.snapshot.note =
                `${app.name} is READY (stopped): no snapshot can be taken; relying on the newest snapshot ${restoreFrom.name}` +
                    (ownSnapshot && ownSnapshot !== restoreFrom
                        ? ` (an older snapshot named ${ownSnapshot.name} exists and is not used)`
                        : '');
            plan.preUpgradeSnapshot = snapshotRef(restoreFrom);
        }
        else {
            plan.snapshot.note = `${app.name} is READY (stopped): no snapshot can be taken and none exists`;
        }
        if (inputs.restore === 'snapshot') {
            if (!restoreFrom) {
                return refuse(`restore: snapshot needs a snapshot, but ${app.name} is READY (a stopped application cannot be snapshotted) ` +
                    'and has none; use restore: none to start without state');
            }
            plan.restore.snapshotName = restoreFrom.name;
            plan.restore.note = `restoring the newest existing snapshot ${restoreFrom.name}`;
        }
        else if (inputs.restore === 'latest' && !newestSnapshot) {
            warnings.push(`${app.name} has no snapshot: the job will start without state`);
        }
        if (stateful && restoreFrom) {
            const stale = staleBecause(restoreFrom, ageOptions, staleFix);
            if (stale)
                return refuse(`the upgraded job would restore stale state: ${stale}`);
        }
    }
    else if (app.snapshotsEnabled) {
        plan.snapshot.take = true;
        if (ownSnapshot) {
            plan.snapshot.name = freshSnapshotName(inputs.snapshotName, facts.snapshots, facts.now ?? Date.now());
            plan.snapshot.note =
                `a snapshot named ${ownSnapshot.name} already exists (${ownSnapshot.status}` +
                    `${facts.now !== undefined && ownSnapshot.createdAt !== undefined ? `, ${formatAge(facts.now - ownSnapshot.createdAt)} old` : ''}` +
                    `); it is not reused as the rollback point: taking a fresh snapshot ${plan.snapshot.name}`;
            warnings.push(plan.snapshot.note);
        }
        plan.preUpgradeSnapshot = { name: plan.snapshot.name, runtime: app.runtime };
        if (inputs.restore === 'snapshot') {
            plan.restore.snapshotName = plan.snapshot.name;
            plan.restore.note =
                `restoring ${plan.snapshot.name}, taken before the upload, the baseline and the update: the job's state and ` +
                    'source positions rewind to that moment (what the current job processes until the update is replayed, and ' +
                    "what it writes meanwhile stays); restore: latest restores MSF's own snapshot taken at the update instead";
        }
    }
    else {
        plan.snapshot.note = `snapshots are disabled on ${app.name}: no pre-upgrade snapshot; a rollback cannot restore state`;
        const old = newestSnapshot ? staleBecause(newestSnapshot, ageOptions) : undefined;
        if (newestSnapshot) {
            plan.snapshot.note +=
                ` (RollbackApplication would restore the newest snapshot ${newestSnapshot.name}` +
                    `${facts.now !== undefined && newestSnapshot.createdAt !== undefined ? `, ${formatAge(facts.now - newestSnapshot.createdAt)} old` : ''}` +
                    `${old ? ', older than max-state-age: a rollback would be refused' : ''})`;
        }
        warnings.push(plan.snapshot.note);
    }
    // A stateful downgrade restores a snapshot taken on the target runtime or older (MSF's rule).
    if (stateful &&
        (0,msf_runtime/* isFlinkRuntime */.$o)(targetRuntime) &&
        (0,msf_runtime/* isFlinkRuntime */.$o)(app.runtime) &&
        (0,msf_runtime/* compareRuntimes */.Dz)(targetRuntime, app.runtime) < 0 &&
        inputs.allowDowngrade) {
        const suitable = facts.snapshots
            .filter((s) => s.status === 'READY' &&
            s.runtime !== undefined &&
            (0,msf_runtime/* isFlinkRuntime */.$o)(s.runtime) &&
            (0,msf_runtime/* compareRuntimes */.Dz)(s.runtime, targetRuntime) <= 0)
            .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))[0];
        if (!suitable) {
            return refuse(`stateful downgrade to ${targetRuntime} needs a READY snapshot taken on ${targetRuntime} or older, and ${app.name} ` +
                `has none (snapshots: ${listSnapshots(facts.snapshots, facts.now)}); use restore: none to start without state`);
        }
        const stale = staleBecause(suitable, ageOptions, staleFix.replace(/, or start the application.*$/, ''));
        if (stale)
            return refuse(`stateful downgrade to ${targetRuntime}: ${stale}`);
        plan.restore.type = 'RESTORE_FROM_CUSTOM_SNAPSHOT';
        plan.restore.snapshotName = suitable.name;
        plan.restore.note =
            `downgrade: restoring ${suitable.name} (${suitable.runtime}), the newest READY snapshot taken on ${targetRuntime} or older` +
                `${facts.now !== undefined && suitable.createdAt !== undefined ? `, ${formatAge(facts.now - suitable.createdAt)} old` : ''}` +
                ': MSF restores a downgrade only from such a snapshot';
    }
    // Runtime rules.
    const stateRuntime = stateful
        ? plan.restore.type === 'RESTORE_FROM_CUSTOM_SNAPSHOT'
            ? plan.restore.snapshotName === plan.snapshot.name && plan.snapshot.take
                ? app.runtime
                : facts.snapshots.find((s) => s.name === plan.restore.snapshotName)?.runtime
            : (0,msf_runtime/* newestRuntime */.z1)([newestSnapshot?.runtime, isReady ? undefined : app.runtime])
        : undefined;
    const verdict = (0,msf_runtime/* judgeRuntimeChange */.O0)({
        current: app.runtime,
        target: targetRuntime,
        stateful,
        ...(stateRuntime ? { stateRuntime } : {}),
        allowMajorUpgrade: inputs.allowMajorUpgrade,
        allowDowngrade: inputs.allowDowngrade,
    });
    warnings.push(...verdict.warnings);
    if (verdict.refusal)
        return refuse(verdict.refusal);
    plan.runtime.change = verdict.kind;
    if (!app.systemRollbackEnabled && !plan.enableSystemRollback) {
        warnings.push(`system rollback is off on ${app.name}: if the update fails, MSF leaves the application as it is ` +
            '(system-rollback: enable turns it on in the same update)');
    }
    return { kind: 'upgrade', plan };
}
/**
 * Is the build the application runs the same as the local one? CodeMD5 decides when it is an MD5 (32
 * hex characters); otherwise the SHA-256 the running object declares in S3. The size must match too.
 */
function sameBuild(app, artifact, runningObject) {
    if (app.codeSize !== undefined && app.codeSize !== artifact.size)
        return false;
    if (app.codeMd5 && /^[0-9a-f]{32}$/.test(app.codeMd5))
        return app.codeMd5 === artifact.md5Hex;
    if (runningObject?.size !== undefined && runningObject.size !== artifact.size)
        return false;
    return runningObject?.sha256Hex !== undefined && runningObject.sha256Hex === artifact.sha256Hex;
}
function snapshotRef(s) {
    return {
        name: s.name,
        ...(s.runtime ? { runtime: s.runtime } : {}),
        ...(s.createdAt !== undefined ? { createdAt: s.createdAt } : {}),
    };
}
/** The plan as the lines a person reads before it runs (dry-run and the log); its warnings apart. */
function describePlan(plan, extra = {}) {
    const lines = [];
    const rt = plan.runtime.from === plan.runtime.to
        ? `runtime: ${plan.runtime.to} (unchanged)`
        : `runtime: ${plan.runtime.from} → ${plan.runtime.to} (${plan.runtime.change})`;
    lines.push(rt);
    lines.push(`code: ${plan.previous.fileKey ? `s3://${bucketOf(plan.previous.bucketArn)}/${plan.previous.fileKey}` : '(not in S3)'} → ` +
        `s3://${plan.code.bucket}/${plan.code.key}` +
        (plan.code.source === 'promote' ? ' (promoted, no upload)' : ' (upload)'));
    lines.push(`restore: ${plan.restore.type}${plan.restore.snapshotName ? ` ${plan.restore.snapshotName}` : ''}` +
        `, allow-non-restored-state: ${plan.allowNonRestoredState}`);
    if (plan.parallelism)
        lines.push(`parallelism: ${plan.parallelism.from ?? '?'} → ${plan.parallelism.to}`);
    lines.push(plan.snapshot.take
        ? `snapshot: ${plan.snapshot.name} before the update`
        : `snapshot: none taken${plan.snapshot.note ? ` (${plan.snapshot.note})` : ''}`);
    lines.push(`system rollback: ${plan.enableSystemRollback ? 'enabled in the same update' : 'kept as is'}`);
    lines.push(`rollback point: ${rollbackPointLine(plan)}`);
    if (plan.startAfterUpdate)
        lines.push('then: StartApplication (the application is READY; start: true)');
    else if (plan.status === 'READY')
        lines.push('then: left READY (stopped), no health gate; start: true starts it after the upgrade');
    if (plan.restore.note)
        lines.push(`restore note: ${plan.restore.note}`);
    if (extra.gate && !(plan.status === 'READY' && !plan.startAfterUpdate))
        lines.push(extra.gate);
    for (const f of extra.jarFindings ?? [])
        lines.push(`jar-check: ${f}`);
    // plan.warnings are reported once, as warnings (log, annotation, the summary's Warnings)
    return lines;
}
/** Which snapshot a rollback of this plan would restore, and why (one line). */
function rollbackPointLine(plan) {
    const back = plan.status === 'READY' ? ' (left READY: the application was stopped)' : '';
    if (plan.snapshot.take) {
        return (`the newest READY snapshot of version ${plan.previous.versionId} (${plan.previous.runtime}): normally MSF's own, ` +
            `taken at the update, else ${plan.snapshot.name}; never one of the new version${back}`);
    }
    if (plan.preUpgradeSnapshot) {
        return `${plan.preUpgradeSnapshot.name}, the newest READY snapshot of version ${plan.previous.versionId}${back}`;
    }
    return `none: no snapshot of version ${plan.previous.versionId} exists${back}`;
}
function bucketOf(arn) {
    return arn === undefined ? '?' : ((0,s3_arn/* bucketNameFromArn */.dX)(arn) ?? arn);
}

// EXTERNAL MODULE: ./.tmp/build/src/msf/quotas.js
var quotas = __webpack_require__(5267);
;// CONCATENATED MODULE: ./.tmp/build/src/pipeline/retention.js
/**
 * Snapshot retention after a healthy upgrade (`keep-snapshots`): deletes this action's own older
 * pre-upgrade snapshots beyond the limit. `selectSnapshotsToDelete` is the pure choice; `applyRetention`
 * makes the calls through the target. Never the snapshot just taken, never the run's rollback point,
 * never one still CREATING (or DELETING), never one whose name is not ours.
 */



/**
 * The default snapshot name (src/inputs.ts defaultSnapshotName): `pre-upgrade-<version>-<run id>[-<attempt>]`,
 * or `pre-upgrade-<version>-<UTC time>` without a run id. Anything else is not ours.
 */
const OUR_SNAPSHOT = /^pre-upgrade-[A-Za-z0-9._-]+-(?:\d+(?:-\d+)?|\d{8}T\d{6})$/;
/** Share of MSF's snapshot quota above which a run warns. */
const SNAPSHOT_WARN_SHARE = 0.8;
function isOwnSnapshot(name) {
    return OUR_SNAPSHOT.test(name);
}
/** Which of our snapshots to delete. Pure. */
function selectSnapshotsToDelete(snapshots, req) {
    const ours = snapshots
        .filter((s) => isOwnSnapshot(s.name) || req.protect.includes(s.name))
        .sort((a, b) => (b.createdAt ?? Number.MAX_SAFE_INTEGER) - (a.createdAt ?? Number.MAX_SAFE_INTEGER));
    const beyond = 'count' in req.keep
        ? ours.slice(req.keep.count)
        : ours.filter((s) => s.createdAt !== undefined && req.now - s.createdAt > req.keep.maxAgeMs);
    const choice = { delete: [], spared: [] };
    for (const s of beyond) {
        const why = req.protect.includes(s.name)
            ? 'the rollback point of this run'
            : s.status !== 'READY' && s.status !== 'FAILED'
                ? `${s.status}`
                : s.createdAt === undefined
                    ? 'no creation time (DeleteApplicationSnapshot needs it)'
                    : undefined;
        if (why)
            choice.spared.push({ name: s.name, why });
        else
            choice.delete.push(s);
    }
    return choice;
}
/** A warning when the application holds more than 80 % of MSF's snapshot quota. Pure. */
function snapshotQuotaWarning(application, count) {
    if (count <= quotas/* SNAPSHOT_LIMIT */.x * SNAPSHOT_WARN_SHARE)
        return undefined;
    return (`${application} holds ${count} of the ${quotas/* SNAPSHOT_LIMIT */.x.toLocaleString('en-US')} snapshots MSF allows per ` +
        `application (more than ${SNAPSHOT_WARN_SHARE * 100} %); at the limit, the pre-upgrade snapshot is refused. ` +
        'Set keep-snapshots (e.g. 10 or 30d) to delete old pre-upgrade snapshots, or delete snapshots you no longer need');
}
function describeKeep(keep) {
    if ('count' in keep)
        return `the newest ${keep.count}`;
    const days = keep.maxAgeMs / 86_400_000;
    return `those younger than ${Number.isInteger(days) ? `${days}d` : (0,duration/* formatDuration */.a)(keep.maxAgeMs)}`;
}
/** The dry run's line about retention. */
function retentionPlanLine(keep) {
    return `snapshot retention: after a healthy upgrade, keep ${describeKeep(keep)} of this action's pre-upgrade snapshots and delete older ones`;
}
/**
 * Lists the snapshots, deletes the chosen ones one by one (stopping at the deadline or on abort), and
 * warns near the quota. Never throws: the upgrade already succeeded, so a refusal is a warning.
 */
async function applyRetention(deps, target, req) {
    const app = target.application;
    let snapshots;
    try {
        snapshots = await target.listSnapshots();
    }
    catch (err) {
        req.warn(`snapshot retention skipped: listing the snapshots of ${app} failed: ${(0,aws_errors/* describeError */.Uc)(err)}`);
        return { deleted: [], failed: [], remaining: 0 };
    }
    const choice = selectSnapshotsToDelete(snapshots, req);
    deps.log.info(`snapshot retention (keep ${describeKeep(req.keep)} of our pre-upgrade snapshots): ` +
        `${choice.delete.length} to delete of ${snapshots.length} snapshot(s)` +
        (choice.spared.length
            ? `; kept beyond the limit: ${choice.spared.map((s) => `${s.name} (${s.why})`).join(', ')}`
            : ''));
    const outcome = { deleted: [], failed: [], remaining: snapshots.length };
    let firstError = '';
    for (const s of choice.delete) {
        if (deps.signal.aborted || deps.clock.now() >= req.deadline) {
            req.warn(`snapshot retention stopped at the deadline: ${choice.delete.length - outcome.deleted.length - outcome.failed.length} ` +
                'old snapshot(s) left for the next run');
            break;
        }
        try {
            await target.deleteSnapshot(s);
            outcome.deleted.push(s.name);
            outcome.remaining -= 1;
            deps.log.info(`deleted snapshot ${s.name} (${new Date(s.createdAt ?? 0).toISOString()})`);
        }
        catch (err) {
            outcome.failed.push(s.name);
            firstError ||= (0,aws_errors/* describeError */.Uc)(err);
            deps.log.warn(`snapshot ${s.name} not deleted: ${(0,aws_errors/* describeError */.Uc)(err)}`);
        }
    }
    if (outcome.failed.length) {
        req.warn(`snapshot retention: ${outcome.failed.length} snapshot(s) of ${app} not deleted (${outcome.failed.join(', ')}); ` +
            `the next run tries again. First error: ${firstError}`);
    }
    const quota = snapshotQuotaWarning(app, outcome.remaining);
    if (quota)
        req.warn(quota);
    return outcome;
}

;// CONCATENATED MODULE: ./.tmp/build/src/pipeline/snapshot.js
/**
 * Phase 4: a named snapshot of the running application before anything changes, waited for until
 * READY. A FAILED snapshot or a timeout stops the run while the application is still untouched.
 */




/** The application is at MSF's snapshot quota: how many it has and how to delete old ones. */
function snapshotQuotaMessage(app, count) {
    return (`the application has ${count ?? 'too many'} snapshots and MSF allows ${quotas/* SNAPSHOT_LIMIT */.x.toLocaleString('en-US')} ` +
        '(automatic snapshots count too). Nothing was changed. Delete old ones with `aws kinesisanalyticsv2 ' +
        `list-application-snapshots --application-name ${app}\` and \`aws kinesisanalyticsv2 delete-application-snapshot ` +
        `--application-name ${app} --snapshot-name <name> --snapshot-creation-timestamp <timestamp>\`, then run again`);
}
async function takeSnapshot(deps, target, req) {
    const app = target.application;
    try {
        await target.createSnapshot(req.name);
    }
    catch (err) {
        const cause = err instanceof errors/* PhaseError */.wo ? err.cause : err;
        if (await createdAnyway(target, req.name, cause)) {
            deps.log.warn(`CreateApplicationSnapshot of ${app} ended with ${(0,aws_errors/* describeError */.Uc)(cause).replace(/\.$/, '')} after ` +
                `${(0,aws_errors/* attemptsOf */.Or)(cause)} attempt(s), but snapshot ${req.name} exists: an attempt went through; waiting for it`);
            return waitForSnapshot(deps, target, req);
        }
        if ((0,aws_errors/* errorName */.Is)(cause) === 'LimitExceededException') {
            const count = await target.listSnapshots().then((s) => s.length, () => undefined);
            throw new errors/* PhaseError */.wo('snapshot', `snapshot of ${app} refused: ${snapshotQuotaMessage(app, count)}`, cause);
        }
        if ((0,aws_errors/* errorName */.Is)(cause) === 'InvalidApplicationConfigurationException') {
            throw new errors/* PhaseError */.wo('snapshot', `snapshot of ${app} failed: ${cause.message.replace(/\.$/, '')}. The job is probably not healthy right now (MSF cannot ` +
                'snapshot a job that is restarting); nothing was changed. Check the application logs and run again', cause);
        }
        throw err;
    }
    return waitForSnapshot(deps, target, req);
}
/**
 * A CreateApplicationSnapshot that failed after an attempt went through (its answer lost, the SDK's
 * retry refused because the name now exists, or a transient error on the last attempt): the snapshot
 * exists. The name was checked free in preflight, so it is ours.
 */
async function createdAnyway(target, name, cause) {
    const retriedIntoExisting = (0,aws_errors/* attemptsOf */.Or)(cause) > 1 &&
        ['InvalidArgumentException', 'ResourceInUseException'].includes((0,aws_errors/* errorName */.Is)(cause)) &&
        /already exists/i.test((0,aws_errors/* describeError */.Uc)(cause));
    if (!retriedIntoExisting && !(0,aws_errors/* isTransient */.dg)(cause))
        return false;
    const snapshot = await target.describeSnapshot(name).catch(() => undefined);
    return snapshot !== undefined;
}
async function waitForSnapshot(deps, target, req) {
    const app = target.application;
    try {
        return await pollWith(deps, {
            what: `snapshot ${req.name} of ${app} to be READY`,
            deadline: req.deadline,
            intervalMs: req.intervalMs,
            probe: () => target.describeSnapshot(req.name),
            check: (s) => {
                if (!s)
                    return { done: false, state: 'not listed yet' };
                if (s.status === 'READY')
                    return { done: true, result: s };
                if (s.status === 'FAILED' || s.status === 'DELETING') {
                    throw new errors/* PhaseError */.wo('snapshot', `snapshot ${req.name} of ${app} is ${s.status}; nothing was changed. Check the application's health and ` +
                        'logs (a job that cannot checkpoint cannot be snapshotted), then run again');
                }
                return { done: false, state: s.status };
            },
            onTimeoutHint: 'Nothing was changed; raise timeout or check the application, then run again',
        });
    }
    catch (err) {
        if (err instanceof WaitTimeoutError)
            throw new errors/* PhaseError */.wo('snapshot', `snapshot of ${app}: ${err.message}`, err);
        throw err;
    }
}

;// CONCATENATED MODULE: ./.tmp/build/src/pipeline/multipart.js
/**
 * A local file to S3 with bounded memory: parts are read at their offsets straight into a fixed set of
 * buffers (one per part in flight, reused), each sent with a CRC32 checksum S3 verifies. A file of one
 * part is a single PutObject. On failure or abort the multipart upload is aborted, leaving no parts. A
 * CompleteMultipartUpload whose answer was lost is retried by the SDK and finds the upload gone: the
 * object, when it is this build, is the answer.
 *
 * (Not lib-storage's `Upload`: it reads a stream, joins the chunks of every part into a new buffer and
 * leaves the rest to the garbage collector, which held up to three times the parts in memory.)
 */


/** Reads exactly `length` bytes at `position` into the start of `buffer`. */
async function readAt(handle, buffer, length, position) {
    let done = 0;
    while (done < length) {
        const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
        if (bytesRead === 0)
            throw new Error(`the file ended at byte ${position + done}, expected ${length} more`);
        done += bytesRead;
    }
    return buffer.subarray(0, length);
}
/** The object is what this upload sends: its size and every metadata entry (e.g. the SHA-256). */
function isThisUpload(head, o) {
    return (head.ContentLength === o.size &&
        Object.entries(o.metadata).every(([k, v]) => head.Metadata?.[k.toLowerCase()] === v));
}
async function uploadFile(o) {
    const send = { ...(o.signal ? { abortSignal: o.signal } : {}) };
    const handle = await (0,promises_.open)(o.file, 'r');
    try {
        if (o.size <= o.partSize) {
            const body = await readAt(handle, Buffer.allocUnsafe(o.size), o.size, 0);
            const out = await o.s3.send(new dist_cjs/* PutObjectCommand */.wKZ({
                Bucket: o.bucket,
                Key: o.key,
                Body: body,
                ContentLength: o.size,
                ContentType: o.contentType,
                ChecksumAlgorithm: 'CRC32',
                Metadata: o.metadata,
            }), send);
            o.onProgress?.(o.size);
            return { ...(out.VersionId ? { versionId: out.VersionId } : {}), parts: 1 };
        }
        const created = await o.s3.send(new dist_cjs/* CreateMultipartUploadCommand */.nG4({
            Bucket: o.bucket,
            Key: o.key,
            ContentType: o.contentType,
            ChecksumAlgorithm: 'CRC32',
            Metadata: o.metadata,
        }), send);
        const uploadId = created.UploadId;
        if (!uploadId)
            throw new Error('CreateMultipartUpload returned no UploadId');
        const count = Math.ceil(o.size / o.partSize);
        const parts = new Array(count);
        let next = 0;
        let sent = 0;
        let failed = false;
        const worker = async () => {
            const buffer = Buffer.allocUnsafe(o.partSize);
            while (!failed && next < count) {
                const index = next++;
                const position = index * o.partSize;
                const body = await readAt(handle, buffer, Math.min(o.partSize, o.size - position), position);
                const out = await o.s3.send(new dist_cjs/* UploadPartCommand */.iVK({
                    Bucket: o.bucket,
                    Key: o.key,
                    UploadId: uploadId,
                    PartNumber: index + 1,
                    Body: body,
                    ContentLength: body.length,
                    ChecksumAlgorithm: 'CRC32',
                }), send);
                if (!out.ETag)
                    throw new Error(`UploadPart ${index + 1} returned no ETag`);
                parts[index] = {
                    PartNumber: index + 1,
                    ETag: out.ETag,
                    ...(out.ChecksumCRC32 ? { ChecksumCRC32: out.ChecksumCRC32 } : {}),
                };
                sent += body.length;
                o.onProgress?.(sent);
            }
        };
        try {
            const workers = Array.from({ length: Math.min(o.concurrency, count) }, worker);
            const settled = await Promise.allSettled(workers.map((w) => w.catch((err) => {
                failed = true;
                throw err;
            })));
            const rejected = settled.find((s) => s.status === 'rejected');
            if (rejected)
                throw rejected.reason;
            const done = await o.s3
                .send(new dist_cjs/* CompleteMultipartUploadCommand */.Gym({
                Bucket: o.bucket,
                Key: o.key,
                UploadId: uploadId,
                MultipartUpload: { Parts: parts },
            }), send)
                .catch(async (err) => {
                // A retry after a lost answer finds the upload gone: it completed when the object is there,
                // this build's (size and metadata).
                if (err.name !== 'NoSuchUpload')
                    throw err;
                const head = await o.s3.send(new dist_cjs/* HeadObjectCommand */.l81({ Bucket: o.bucket, Key: o.key }), send);
                if (!isThisUpload(head, o))
                    throw err;
                return head;
            });
            return { ...(done.VersionId ? { versionId: done.VersionId } : {}), parts: count };
        }
        catch (err) {
            // Best effort, and not under the (possibly aborted) signal: the parts must not be left billed.
            await o.s3
                .send(new dist_cjs/* AbortMultipartUploadCommand */.tfP({ Bucket: o.bucket, Key: o.key, UploadId: uploadId }))
                .catch(() => undefined);
            throw err;
        }
    }
    finally {
        await handle.close();
    }
}

;// CONCATENATED MODULE: ./.tmp/build/src/pipeline/upload.js
/**
 * Phase 3: the build goes to S3 under a key the application does not run today, streamed as a
 * multipart upload with bounded memory. Skipped when an identical object (same size and SHA-256) is
 * already there. The object's VersionId is kept when the bucket is versioned.
 */



/**
 * 8 MiB parts (the AWS CLI's), 4 in flight: 32 MiB of part buffers (reused); 512 MiB (MSF's limit) is
 * 64 parts. Measured with 256 MiB, hash + upload, three alternating rounds beside `aws s3 cp`: against
 * moto_server 8 MiB × 4 took 4.9–7.3 s at 104 MiB peak RSS, 16 MiB × 3 5.7–9.4 s at 118 MiB, the CLI
 * 5.9–7.2 s; against the emulator 8 × 4 took 5.7–7.7 s, 16 × 3 5.3–5.9 s, the CLI 5.7–6.9 s. Without the
 * hash pass 8 × 4, 8 × 6, 16 × 3 and 32 × 2 were within the noise of each other. Within that spread,
 * the smaller buffers.
 */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 4;
async function upload_uploadArtifact(ctx, artifact, bucket, key) {
    const where = `s3://${bucket}/${key}`;
    const existing = await headObject(ctx, bucket, key, 'upload');
    if (existing &&
        existing.ContentLength === artifact.size &&
        declaredSha256(existing) === artifact.sha256Hex) {
        return {
            skipped: true,
            ...(existing.VersionId ? { versionId: existing.VersionId } : {}),
            note: `${where} already holds this build (${artifact.size} bytes, sha256 ${artifact.sha256Hex.slice(0, 12)}…); upload skipped`,
        };
    }
    let lastReported = 0;
    try {
        const out = await uploadFile({
            s3: ctx.s3,
            bucket,
            key,
            file: artifact.path,
            size: artifact.size,
            contentType: artifact.fileName.endsWith('.jar') ? 'application/java-archive' : 'application/zip',
            metadata: { sha256: artifact.sha256Hex, md5: artifact.md5Hex },
            partSize: PART_SIZE,
            concurrency: QUEUE_SIZE,
            ...(ctx.signal ? { signal: ctx.signal } : {}),
            onProgress: (sent) => {
                if (sent - lastReported >= PART_SIZE || sent === artifact.size) {
                    lastReported = sent;
                    ctx.progress(`uploading ${where}: ${Math.round((sent / artifact.size) * 100)}% of ${artifact.size} bytes`);
                }
            },
        });
        return {
            skipped: false,
            ...(out.versionId ? { versionId: out.versionId } : {}),
            note: `uploaded ${artifact.size} bytes to ${where}` +
                (out.versionId ? ` (version ${out.versionId})` : '') +
                (existing ? ' (replaced a different object at that key)' : ''),
        };
    }
    catch (err) {
        throw (0,errors/* wrapAwsError */.AH)(err, {
            application: ctx.application,
            phase: 'upload',
            action: 's3:PutObject',
            resource: where,
        });
    }
}

;// CONCATENATED MODULE: ./.tmp/build/src/pipeline/upgrade.js
/**
 * The orchestrator: validate → preflight (+ JAR check) → upload → snapshot → baseline → update →
 * operation → verify → bake → (rollback) → report. Each phase is a log group, records its timing and
 * updates the RunState handed to `deps.onState`. Never throws: every ending is an UpgradeReport.
 */















async function runUpgrade(inputs, deps) {
    return new UpgradeRun(inputs, deps).execute();
}
class Finished extends Error {
    result;
    reason;
    constructor(result, reason) {
        super(reason);
        this.result = result;
        this.reason = reason;
    }
}
class UpgradeRun {
    inputs;
    state;
    report;
    target;
    deadline;
    deps;
    /** lines written so far: a phase that wrote none logs its note, so no log group is empty */
    lineCount = 0;
    artifact;
    promoted;
    plan;
    /** the application's checkpoint interval, as preflight read it (undefined: checkpointing off) */
    checkpointIntervalMs;
    /** set once UpdateApplication went out (answered, or found applied after a lost answer) */
    updateOut = false;
    /** the deployment record this run wrote on the application (one deployment at a time) */
    record;
    /** a record left by a lost runner or an earlier attempt, found in preflight */
    leftover;
    /** the version an earlier attempt deployed with this run's build and never baked: baked by this run */
    adopted;
    constructor(inputs, deps) {
        this.inputs = inputs;
        this.deps = { ...deps, log: this.counted(deps.log) };
        const now = deps.clock.now();
        this.deadline = now + inputs.timeoutMs;
        this.state = {
            application: inputs.applicationName,
            run: inputs.run.id,
            attempt: inputs.run.attempt,
            phase: 'validate',
            deadline: this.deadline,
        };
        this.target = deps.platform;
        this.target.attribute?.(this.state.phase);
        this.report = {
            application: inputs.applicationName,
            platform: this.target.platform,
            region: deps.clients.region,
            version: inputs.version,
            dryRun: inputs.dryRun,
            result: 'failed',
            reason: '',
            startedAt: now,
            endedAt: now,
            planLines: [],
            phases: [],
            logGroups: [],
            warnings: [],
        };
    }
    async execute() {
        const realStart = performance.now();
        try {
            await this.steps();
        }
        catch (err) {
            if (err instanceof Finished)
                this.finish(err.result, err.result === 'upgraded' ? err.reason + this.restoreCost() : err.reason);
            else if (this.updateOut && !this.deps.signal.aborted && this.state.phase !== 'rollback')
                await this.afterUpdateError(err);
            else
                this.finish('failed', this.explain(err), this.updateOut);
        }
        // keep-snapshots: only after a healthy upgrade (never on a failed or rolled-back run, nor a cancelled one)
        if (this.report.result === 'upgraded' && this.inputs.keepSnapshots && !this.deps.signal.aborted) {
            this.report.retention = await applyRetention(this.deps, this.target, {
                keep: this.inputs.keepSnapshots,
                protect: [this.plan?.snapshot.name, this.plan?.preUpgradeSnapshot?.name].filter((n) => n !== undefined),
                now: this.deps.clock.now(),
                deadline: this.deadline,
                warn: (message) => this.warn(message),
            });
        }
        await this.settleRecord();
        if (!this.deps.signal.aborted) {
            await this.finalRead();
            // an unresolved run keeps the phase it stopped in, for the post step
            if (!this.state.unresolved)
                this.setState({ phase: 'done' });
        }
        this.report.endedAt = this.deps.clock.now();
        this.report.durationMs = performance.now() - realStart;
        return this.report;
    }
    // ---- the phases --------------------------------------------------------------------------------
    async steps() {
        const { inputs, deps } = this;
        deps.log.info(inputs.dryRun
            ? `Planning ${inputs.applicationName} on ${this.target.platform} (${deps.clients.region}), version ${inputs.version} (dry run: nothing is changed)`
            : `Upgrading ${inputs.applicationName} on ${this.target.platform} (${deps.clients.region}), version ` +
                `${inputs.version}; gives up after ${(0,duration/* formatDuration */.a)(inputs.timeoutMs)} at ${new Date(this.deadline).toISOString()}`);
        // parseInputs already refuses a bake-time + stabilisation-delay that cannot fit in timeout; a bake
        // the deadline still cuts short ends `unhealthy` (check `deadline`) and is rolled back.
        await this.phase('validate', 'Validate inputs', async () => {
            if (inputs.artifact) {
                this.artifact = await inspectArtifact(inputs.artifact, inputs.applicationName);
                return `${this.artifact.fileName}: ${this.artifact.size} bytes, sha256 ${this.artifact.sha256Hex}`;
            }
            return `promotion of s3://${inputs.bucket ?? '(current bucket)'}/${inputs.key}`;
        });
        let { decision } = await this.phase('preflight', 'Preflight', () => this.preflight());
        if (this.leftover && !inputs.dryRun) {
            // first what an earlier run left (it may be the transition the plan refused): this run's own
            // build, deployed and unbaked, is baked; anything else is undone, then planned again
            const adopted = await this.adoptLeftover(this.leftover);
            if (adopted)
                decision = adopted;
            else {
                await this.recoverLeftover(this.leftover);
                ({ decision } = await this.phase('preflight', 'Preflight (again)', () => this.preflight()));
            }
            this.leftover = undefined;
        }
        if (decision.kind === 'refuse')
            throw new Finished('failed', `refused: ${decision.reason}`);
        this.plan = decision.plan;
        this.report.plan = decision.plan;
        const gateLine = describeGate(inputs.health, this.checkpointIntervalMs);
        this.report.planLines = describePlan(decision.plan, { gate: gateLine });
        this.setState({ previous: decision.plan.previous, previousStatus: decision.plan.status });
        if (decision.kind === 'unchanged' && !this.adopted) {
            this.report.runtime = decision.plan.runtime.from;
            this.report.applicationVersionId = decision.plan.previous.versionId;
            throw new Finished('unchanged', decision.reason);
        }
        const plan = decision.plan;
        const jar = await this.phase('jar-check', 'JAR check', async () => {
            const outcome = await runJarCheck({
                mode: inputs.jarCheck,
                ...(this.artifact ? { artifactPath: this.artifact.path } : {}),
                targetRuntime: plan.runtime.to,
                currentRuntime: plan.runtime.from,
            });
            this.report.jarCheck = {
                mode: outcome.mode,
                findings: outcome.findings,
                ...(outcome.skipped ? { skipped: outcome.skipped } : {}),
            };
            // Each finding once: an annotation (one log line) for errors and warnings, a log line for infos.
            for (const f of outcome.findings) {
                if (f.severity === 'info')
                    deps.log.info(findingLine(f));
                else {
                    this.attend({
                        level: f.severity === 'error' && inputs.jarCheck === 'strict' ? 'error' : 'warning',
                        title: `JAR check ${f.code}`,
                        message: findingMessage(f),
                        importance: f.severity === 'error' ? 'high' : 'low',
                    });
                }
            }
            if (outcome.skipped)
                return { skip: outcome.skipped, outcome };
            const errors = outcome.findings.filter((f) => f.severity === 'error').length;
            return {
                note: outcome.findings.length === 0
                    ? `no findings for ${plan.runtime.to}`
                    : `${plural(outcome.findings.length, 'finding')}, ${plural(errors, 'error')}`,
                outcome,
                ...(outcome.blocking ? { failed: true } : {}),
            };
        });
        // The findings themselves were printed above: the plan names them by code.
        const flagged = jar.outcome.findings.filter((f) => f.severity !== 'info');
        this.report.planLines = describePlan(plan, {
            gate: gateLine,
            jarFindings: flagged.length > 0 ? [flagged.map((f) => `${f.severity} ${f.code}`).join(', ')] : [],
        });
        if (inputs.keepSnapshots)
            this.report.planLines.push(retentionPlanLine(inputs.keepSnapshots));
        let blocked;
        if (jar.outcome.blocking) {
            // The findings were printed once each above: the reason names them, it does not repeat them.
            const errors = jar.outcome.findings.filter((f) => f.severity === 'error');
            blocked =
                `jar-check found ${plural(errors.length, 'error')} in ${this.artifact?.fileName ?? 'the artifact'} for ` +
                    `${plan.runtime.to} (${findingCodes(errors)})`;
            if (!inputs.dryRun) {
                throw new Finished('failed', `${blocked}; nothing was changed. Fix the build, or set jar-check: warn to deploy anyway`);
            }
        }
        await deps.log.group('Plan', async () => {
            if (inputs.dryRun)
                deps.log.info(`Plan for ${inputs.applicationName} (dry run, nothing is changed):`);
            for (const line of this.report.planLines)
                deps.log.info(inputs.dryRun ? `  ${line}` : line);
        });
        if (inputs.dryRun) {
            this.report.runtime = plan.runtime.to;
            this.report.s3Bucket = plan.code.bucket;
            this.report.s3Key = plan.code.key;
            throw new Finished('planned', `dry run: ${plan.runtime.from} → ${plan.runtime.to}, s3://${plan.code.bucket}/${plan.code.key}` +
                (blocked
                    ? `; blocked: ${blocked}, so a real run would stop before the upload (jar-check: strict)`
                    : ''));
        }
        await this.phase('upload', 'Upload', async () => {
            if (this.adopted)
                return {
                    skip: `s3://${plan.code.bucket}/${plan.code.key} already runs (version ${this.adopted.versionId})`,
                };
            if (!this.artifact) {
                return {
                    skip: `promoted s3://${plan.code.bucket}/${plan.code.key}, sha256 ${inputs.artifactSha256 ? 'verified' : 'not verified'}`,
                };
            }
            const result = await upload_uploadArtifact({
                s3: deps.clients.s3,
                application: inputs.applicationName,
                signal: deps.signal,
                progress: (line) => deps.log.info(line),
            }, this.artifact, plan.code.bucket, plan.code.key);
            if (result.versionId)
                plan.code.objectVersion = result.versionId;
            this.report.upload = { skipped: result.skipped, note: result.note };
            deps.log.info(result.note);
            return result.skipped ? { skip: result.note } : result.note;
        });
        this.report.s3Bucket = plan.code.bucket;
        this.report.s3Key = plan.code.key;
        this.report.s3ObjectVersion = plan.code.objectVersion;
        await this.phase('snapshot', 'Snapshot', async () => {
            if (this.adopted && plan.preUpgradeSnapshot) {
                this.setState({ snapshotName: plan.preUpgradeSnapshot.name });
                return { skip: `taken before version ${this.adopted.versionId}: ${plan.preUpgradeSnapshot.name}` };
            }
            if (!plan.snapshot.take) {
                if (plan.snapshot.note)
                    deps.log.info(plan.snapshot.note);
                if (plan.preUpgradeSnapshot)
                    this.setState({ snapshotName: plan.preUpgradeSnapshot.name });
                return { skip: plan.snapshot.note ?? 'no snapshot' };
            }
            this.setState({ snapshotName: plan.snapshot.name });
            const snap = await takeSnapshot(deps, this.target, {
                name: plan.snapshot.name,
                deadline: this.deadline,
                intervalMs: inputs.pollIntervalMs,
            });
            plan.preUpgradeSnapshot = {
                name: snap.name,
                ...(snap.runtime ? { runtime: snap.runtime } : {}),
                ...(snap.createdAt !== undefined ? { createdAt: snap.createdAt } : {}),
            };
            return `snapshot ${snap.name} is READY (${snap.runtime ?? plan.runtime.from})`;
        });
        this.report.snapshotName = plan.preUpgradeSnapshot?.name;
        // A stopped application is upgraded and left READY unless start: true: nothing runs to bake.
        const leftStopped = plan.status === 'READY' && !plan.startAfterUpdate;
        let baseline;
        await this.phase('baseline', 'Baseline', async () => {
            if (inputs.health.bakeMs <= 0)
                return { skip: 'bake-time 0: no health gate' };
            if (leftStopped)
                return { skip: `${plan.application} stays READY (start: false): no health gate` };
            baseline = await health_gate_takeBaseline(deps, {
                application: inputs.applicationName,
                runtime: plan.runtime.from,
                settings: inputs.health,
            });
            return `baseline of ${Object.keys(baseline.series).length} metric(s)`;
        });
        const landing = await this.updateAndFollow();
        if (landing.kind === 'unchanged')
            throw new Finished('unchanged', landing.reason);
        if (landing.kind === 'failed')
            throw new Finished('failed', landing.reason);
        if (landing.kind === 'system-rolled-back')
            throw new Finished(landing.ok ? 'rolled-back' : 'failed', landing.reason);
        if (landing.kind === 'needs-rollback')
            return this.rollBackPhase(landing.reason);
        this.report.applicationVersionId = landing.app.versionId;
        this.report.runtime = landing.app.runtime;
        this.report.status = landing.app.status;
        if (leftStopped) {
            await this.phase('bake', 'Bake (health gate)', async () => ({
                skip: `${plan.application} was READY (stopped) and stays READY (start: false): nothing runs, so there is no health gate`,
            }));
            throw new Finished('upgraded', `${inputs.applicationName} is READY (stopped, as before) on ${landing.app.runtime} with s3://${plan.code.bucket}/${plan.code.key}, ` +
                `version ${landing.app.versionId}; not started and not health-checked (start: true starts it after the upgrade)`);
        }
        if (inputs.health.bakeMs <= 0 || !baseline) {
            await this.notGreenIfSuperseded();
            throw new Finished('upgraded', `${inputs.applicationName} runs ${landing.app.runtime} with s3://${plan.code.bucket}/${plan.code.key}, version ${landing.app.versionId}`);
        }
        const gateBaseline = baseline;
        const gate = await this.phase('bake', 'Bake (health gate)', async () => {
            const result = await health_gate_runHealthGate(deps, {
                application: inputs.applicationName,
                runtime: plan.runtime.to,
                baseline: gateBaseline,
                settings: inputs.health,
                deadline: this.deadline,
                watch: this.target,
                landed: {
                    versionId: landing.app.versionId,
                    runtime: landing.app.runtime,
                    ...(landing.app.fileKey ? { fileKey: landing.app.fileKey } : {}),
                },
                ...(landing.app.checkpointIntervalMs !== undefined
                    ? { checkpointIntervalMs: landing.app.checkpointIntervalMs }
                    : {}),
                checkpointIntervalKnown: true,
            });
            this.report.gate = result;
            return {
                note: `${result.verdict}${result.reason ? `: ${result.reason}` : ''}`,
                result,
                ...(result.verdict === 'unhealthy' ? { failed: true } : {}),
            };
        });
        if (gate.result.verdict === 'unhealthy') {
            return this.rollBackPhase(`health gate: ${gate.result.reason ?? 'unhealthy'}`);
        }
        if (gate.result.verdict === 'superseded') {
            // Another deployment changed the application: never roll back a version this run did not make.
            throw new Finished('failed', `health gate: ${gate.result.reason ?? 'superseded by another deployment'}`);
        }
        await this.notGreenIfSuperseded();
        throw new Finished('upgraded', `${inputs.applicationName} runs ${landing.app.runtime} with s3://${plan.code.bucket}/${plan.code.key}, version ` +
            `${landing.app.versionId}; health gate ${gate.result.verdict}${gate.result.reason ? ` (${gate.result.reason})` : ''}`);
    }
    /**
     * What `restore: snapshot` cost an upgrade: the new job restored our pre-upgrade snapshot, so its state
     * and source positions rewound from the snapshot to the old job's stop (the update's start).
     */
    restoreCost() {
        const plan = this.plan;
        const snap = plan?.preUpgradeSnapshot;
        const update = this.report.phases.find((p) => p.phase === 'update');
        if (!plan ||
            !snap?.createdAt ||
            !update ||
            plan.status === 'READY' ||
            plan.restore.type !== 'RESTORE_FROM_CUSTOM_SNAPSHOT' ||
            plan.restore.snapshotName !== snap.name)
            return '';
        const rewind = Math.max(0, Math.round((update.startedAt - snap.createdAt) / 1000));
        return (`; the new job restored ${snap.name} (taken ${new Date(snap.createdAt).toISOString()}): its state and source ` +
            `positions rewound ${rewind}s, so what the old job processed in that window is replayed (what it wrote stays)`);
    }
    async preflight() {
        const { inputs, deps } = this;
        const app = await this.target.describe();
        this.checkpointIntervalMs = app.checkpointIntervalMs;
        this.report.previousApplicationVersionId = app.versionId;
        this.report.previousRuntime = app.runtime;
        this.report.previousStatus = app.status;
        this.report.logGroups = app.logGroups;
        deps.log.info(`${app.name}: ${app.status}, ${app.runtime}, version ${app.versionId}, code ` +
            `${app.fileKey ? `s3://${app.bucket}/${app.fileKey}` : '(not in S3)'}, snapshots ` +
            `${app.snapshotsEnabled ? 'on' : 'off'}, system rollback ${app.systemRollbackEnabled ? 'on' : 'off'}`);
        const [snapshots, operations, verdict] = await Promise.all([
            this.target.listSnapshots(),
            this.target.listOperations(),
            this.readRecordVerdict(),
        ]);
        if (verdict.kind === 'busy') {
            if (!inputs.dryRun)
                return {
                    note: `refused: ${verdict.reason}`,
                    decision: { kind: 'refuse', reason: verdict.reason, warnings: [] },
                    failed: true,
                };
            this.warn(`a real run would be refused now: ${verdict.reason}`);
        }
        if (verdict.kind === 'leftover') {
            this.leftover = verdict;
            this.warn(`${app.name}: ${verdict.reason}; this run finishes it before anything else`);
        }
        if (!this.artifact && inputs.key) {
            const bucket = inputs.bucket ?? app.bucket;
            if (!bucket)
                throw new errors/* PhaseError */.wo('preflight', `${app.name} does not run its code from S3; set bucket`);
            this.promoted = await verifyPromotedObject({ s3: deps.clients.s3, application: app.name, signal: deps.signal }, bucket, inputs.key, inputs.artifactSha256, inputs.objectVersion);
            if (inputs.artifactSha256) {
                deps.log.info(`s3://${bucket}/${inputs.key}: ${this.promoted.size} bytes, sha256 verified`);
            }
            else {
                this.warn(`s3://${bucket}/${inputs.key}: ${this.promoted.size} bytes; its SHA-256 was not verified (no artifact-sha256)` +
                    (this.promoted.sha256Hex ? `; the object declares sha256 ${this.promoted.sha256Hex}` : ''));
            }
        }
        let decision = await this.decide(app, snapshots, operations);
        if (decision.kind === 'upgrade' &&
            snapshots.length >= quotas/* SNAPSHOT_LIMIT */.x &&
            (decision.plan.snapshot.take || app.snapshotsEnabled)) {
            // Refused here, before the upload: the snapshot (ours, or MSF's own at the update) would be refused.
            decision = {
                kind: 'refuse',
                reason: `snapshot quota: ${snapshotQuotaMessage(app.name, snapshots.length)}`,
                warnings: decision.plan.warnings,
            };
        }
        // with keep-snapshots, the retention after a healthy upgrade warns with the count it leaves
        const quotaWarning = inputs.keepSnapshots ? undefined : snapshotQuotaWarning(app.name, snapshots.length);
        if (quotaWarning && decision.kind !== 'refuse')
            this.warn(quotaWarning);
        for (const w of decision.kind === 'refuse' ? decision.warnings : decision.plan.warnings)
            this.warn(w);
        const note = decision.kind === 'refuse'
            ? `refused: ${decision.reason}`
            : decision.kind === 'unchanged'
                ? `already at target: ${decision.reason}`
                : `${decision.plan.runtime.from} → ${decision.plan.runtime.to}, ${snapshots.length} snapshot(s)`;
        return { note, decision, ...(decision.kind === 'refuse' ? { failed: true } : {}) };
    }
    /** The plan for the application as just read: what this run's artifact or promoted object would change. */
    async decide(app, snapshots, operations) {
        const runningObject = await this.runningObject(app);
        return buildPlan({
            inputs: this.inputs,
            region: this.deps.clients.region,
            app,
            snapshots,
            operations,
            ...(this.artifact ? { artifact: this.artifact } : {}),
            ...(this.promoted ? { promoted: this.promoted } : {}),
            ...(runningObject ? { runningObject } : {}),
            now: this.deps.clock.now(),
        });
    }
    /**
     * When the local build would go where the application's code already is, what S3 says about the
     * object it runs (so a re-run is recognised as "already deployed").
     */
    async runningObject(app) {
        const { inputs, deps } = this;
        if (!this.artifact || !app.fileKey || !app.bucket)
            return undefined;
        const bucket = inputs.bucket ?? app.bucket;
        const key = inputs.key ?? defaultKey(app.name, inputs.version, this.artifact.fileName);
        if (bucket !== app.bucket || key !== app.fileKey)
            return undefined;
        const head = await headObject({ s3: deps.clients.s3, application: app.name, signal: deps.signal }, bucket, key, 'preflight', app.objectVersion);
        if (!head)
            return undefined;
        const sha256Hex = declaredSha256(head);
        return {
            ...(sha256Hex ? { sha256Hex } : {}),
            ...(head.ContentLength !== undefined ? { size: head.ContentLength } : {}),
        };
    }
    /** Update (re-planning once on a concurrent change), then the operation(s), then verification. */
    async updateAndFollow() {
        if (this.adopted)
            return { kind: 'verified', app: this.adopted };
        const update = await this.phase('update', 'Update', () => this.update());
        if ('landing' in update)
            return update.landing;
        await this.markRecord({ phase: 'bake', to: update.expectedVersion });
        const plan = update.plan;
        const opLanding = await this.phase('operation', 'Operation', async () => {
            const landing = await this.target.followUpdate(this.followContext(), plan, update.operationId, update.calledAt);
            if (!landing)
                return { note: 'SUCCESSFUL', landing };
            const note = landing.kind === 'system-rolled-back'
                ? `FAILED; MSF rolled back (operation ${this.report.rollbackOperation?.id ?? '?'}: ${this.report.rollbackOperation?.status ?? '?'})`
                : 'reason' in landing
                    ? landing.reason
                    : landing.kind;
            return { note, landing, failed: true };
        });
        if (opLanding.landing)
            return opLanding.landing;
        return this.phase('verify', 'Verify', async () => {
            // The update went out: a throttled read here is retried like the polls before it.
            const app = await pollWith(this.deps, {
                what: `${plan.application} to be read for verification`,
                deadline: this.deadline,
                intervalMs: this.inputs.pollIntervalMs,
                probe: () => this.target.describe(),
                check: (a) => ({ done: true, result: a }),
            });
            const v = verifyApplication(plan, app, update.expectedVersion);
            if (v.ok) {
                this.setState({
                    target: {
                        versionId: app.versionId,
                        runtime: app.runtime,
                        ...(app.fileKey ? { fileKey: app.fileKey } : {}),
                        ...(app.bucketArn ? { bucketArn: app.bucketArn } : {}),
                        ...(app.objectVersion ? { objectVersion: app.objectVersion } : {}),
                    },
                });
                const landing = { kind: 'verified', app };
                return {
                    note: `${app.status}, ${app.runtime}, s3://${app.bucket}/${app.fileKey}, version ${app.versionId}`,
                    landing,
                };
            }
            const reason = `${plan.application} does not run what was deployed although the operation succeeded: ${v.problems.join('; ')}`;
            const landing = v.backOnPrevious
                ? { kind: 'failed', reason: `${reason}; it runs the previous version again` }
                : { kind: 'needs-rollback', reason };
            return { note: reason, landing, failed: true };
        }).then((r) => r.landing);
    }
    async update() {
        let plan = this.plan;
        let replanned = false;
        for (;;) {
            const current = await this.target.describe();
            if (current.versionId !== plan.expected.versionId) {
                await this.refuseIfSuperseded(`version ${plan.expected.versionId} became ${current.versionId} since preflight`);
                if (replanned)
                    throw new errors/* PhaseError */.wo('update', `${plan.application} changed again while re-planning (version ${current.versionId}); not updating blindly. Run again`);
                const next = await this.replan(`version ${plan.expected.versionId} became ${current.versionId} since preflight`);
                if ('landing' in next)
                    return { landing: next.landing, note: next.landing.reason };
                plan = next.plan;
                replanned = true;
                continue;
            }
            plan.expected = {
                versionId: current.versionId,
                ...(current.conditionalToken ? { conditionalToken: current.conditionalToken } : {}),
            };
            await this.claim(plan);
            const calledAt = this.deps.clock.now();
            try {
                const res = await this.target.update(plan);
                return this.updateSent(plan, calledAt, res.app.versionId, res.operationId, 'UpdateApplication accepted');
            }
            catch (err) {
                const cause = err instanceof errors/* PhaseError */.wo ? err.cause : err;
                const lost = await this.findLostUpdate(plan, err, calledAt);
                if (lost) {
                    return this.updateSent(plan, calledAt, lost.versionId, lost.operationId, 'UpdateApplication applied, its answer lost');
                }
                if ((0,aws_errors/* errorName */.Is)(cause) !== 'ConcurrentModificationException')
                    throw err;
                await this.refuseIfSuperseded('UpdateApplication was refused as a concurrent modification');
                if (replanned) {
                    throw new errors/* PhaseError */.wo('update', `${plan.application} was modified concurrently twice; not sending a second blind update. Nothing of ours was applied; run again`, cause);
                }
                const next = await this.replan('ConcurrentModificationException: the application changed since it was read');
                if ('landing' in next)
                    return { landing: next.landing, note: next.landing.reason };
                plan = next.plan;
                replanned = true;
            }
        }
    }
    /** The update went out (answered, or found after a lost answer): the state and what to follow. */
    updateSent(plan, calledAt, versionId, operationId, how) {
        this.updateOut = true;
        this.setState({
            ...(operationId ? { operationId } : {}),
            target: {
                versionId,
                runtime: plan.runtime.to,
                bucketArn: plan.code.bucketArn,
                fileKey: plan.code.key,
                ...(plan.code.objectVersion ? { objectVersion: plan.code.objectVersion } : {}),
            },
        });
        this.report.operation = operationId
            ? { id: operationId, operation: 'UpdateApplication', status: 'IN_PROGRESS' }
            : undefined;
        return {
            plan,
            ...(operationId ? { operationId } : {}),
            calledAt,
            expectedVersion: versionId,
            note: `${how}: version ${plan.expected.versionId} → ${versionId}${operationId ? `, operation ${operationId}` : ''}`,
        };
    }
    /**
     * UpdateApplication failed in a way that may hide an applied update (its answer lost, the SDK's retry
     * refused because the first attempt went through): read the application and its operations instead of
     * sending it again. Returns the update to follow; undefined when nothing of ours was applied (then a
     * transient error is rethrown saying so, and anything else is left to the caller).
     */
    async findLostUpdate(plan, err, calledAt) {
        const cause = err instanceof errors/* PhaseError */.wo ? err.cause : err;
        if (!mayHaveBeenApplied(cause))
            return undefined;
        const name = plan.application;
        const attempts = (0,aws_errors/* attemptsOf */.Or)(cause);
        this.deps.log.warn(`${name}: UpdateApplication ended with ${(0,aws_errors/* describeError */.Uc)(cause).replace(/\.$/, '')} after ${attempts} attempt(s); an attempt may ` +
            'have been applied without its answer arriving: reading the application and its operations instead of sending it again');
        let found;
        try {
            found = await findUnansweredUpdate(this.target, plan, calledAt);
        }
        catch (readErr) {
            throw new errors/* PhaseError */.wo('update', `update of ${name}: UpdateApplication got no usable answer (${(0,aws_errors/* describeError */.Uc)(cause)}) and reading back whether it ` +
                `was applied failed too (${(0,aws_errors/* describeError */.Uc)(readErr instanceof errors/* PhaseError */.wo ? (readErr.cause ?? readErr) : readErr)}). ` +
                `The update may be in progress: check \`aws kinesisanalyticsv2 list-application-operations --application-name ${name}\` ` +
                'and the application before running again', readErr);
        }
        if (found) {
            this.deps.log.warn(`${name}: the update was applied (version ${plan.expected.versionId} → ${found.versionId}` +
                `${found.operationId ? `, operation ${found.operationId}` : ''}); following it`);
            return found;
        }
        if ((0,aws_errors/* isTransient */.dg)(cause)) {
            const fix = (0,errors/* awsFix */.lq)(cause, {
                application: name,
                phase: 'update',
                action: 'kinesisanalytics:UpdateApplication',
                region: this.deps.clients.region,
            });
            throw new errors/* PhaseError */.wo('update', `update of ${name} failed at UpdateApplication: ${(0,aws_errors/* describeError */.Uc)(cause).replace(/\.$/, '')} after ${attempts} attempt(s); it was not ` +
                `applied (MSF lists no update from version ${plan.expected.versionId} since the call)${fix ? `. Fix: ${fix}` : ''}`, cause);
        }
        return undefined;
    }
    /** Waits until the application is RUNNING or READY again (within the run's deadline). */
    waitSteady(what) {
        const { deps, inputs } = this;
        return pollWith(deps, {
            what,
            deadline: this.deadline,
            intervalMs: inputs.pollIntervalMs,
            probe: () => this.target.describe(),
            check: (app) => app.status === 'RUNNING' || app.status === 'READY'
                ? { done: true, result: app }
                : { done: false, state: app.status },
        });
    }
    /** Someone else changed the application: wait for it to settle, read it again and plan once more. */
    async replan(why) {
        const { deps, inputs } = this;
        const old = this.plan;
        deps.log.warn(`${inputs.applicationName}: ${why}; re-reading and planning once more`);
        await this.waitSteady(`${inputs.applicationName} to settle after a concurrent change`);
        const [app, snapshots, operations] = await Promise.all([
            this.target.describe(),
            this.target.listSnapshots(),
            this.target.listOperations(),
        ]);
        const decision = await this.decide(app, snapshots, operations);
        if (decision.kind === 'refuse') {
            return { landing: { kind: 'failed', reason: `refused after a concurrent change: ${decision.reason}` } };
        }
        if (decision.kind === 'unchanged')
            return { landing: { kind: 'unchanged', reason: decision.reason } };
        const plan = decision.plan;
        // Keep what this run already did: the uploaded object and the pre-upgrade snapshot.
        if (old.code.objectVersion && plan.code.key === old.code.key)
            plan.code.objectVersion = old.code.objectVersion;
        if (old.preUpgradeSnapshot)
            plan.preUpgradeSnapshot = old.preUpgradeSnapshot;
        // The new plan sees our snapshot under the requested name and names a fresh one; restore ours.
        if (plan.snapshot.take && plan.restore.snapshotName === plan.snapshot.name && old.preUpgradeSnapshot)
            plan.restore.snapshotName = old.preUpgradeSnapshot.name;
        plan.snapshot = { ...plan.snapshot, name: old.snapshot.name, take: false };
        this.plan = plan;
        this.report.plan = plan;
        this.report.previousApplicationVersionId = app.versionId;
        this.report.previousRuntime = app.runtime;
        this.setState({ previous: plan.previous });
        deps.log.info(`re-planned on version ${plan.expected.versionId}: ${describePlan(plan).join('; ')}`);
        return { plan };
    }
    /** What the platform's following of the update may touch: the saved state and the report. */
    followContext() {
        const { deps, inputs } = this;
        return {
            deps,
            deadline: this.deadline,
            pollIntervalMs: inputs.pollIntervalMs,
            timeoutMs: inputs.timeoutMs,
            rollbackTimeoutMs: inputs.rollbackTimeoutMs,
            explain: (err) => this.explain(err),
            waitSteady: (what) => this.waitSteady(what),
            following: (operationId) => this.setState({ operationId }),
            rollingBack: (operationId) => this.setState({ phase: 'rollback', rollbackOperationId: operationId }),
            operation: (role, record) => {
                if (role === 'update')
                    this.report.operation = record;
                else if (role === 'start')
                    this.report.startOperation = record;
                else
                    this.report.rollbackOperation = record;
            },
            systemRollbackCost: (cost) => {
                this.report.systemRollbackCost = cost;
            },
        };
    }
    /**
     * An error stopped the run after the update went out (following the operation, verifying, baking):
     * the new version may be live and unproven. It is rolled back (`rollback: auto`); where that cannot be
     * done, the result says the new version is live and how to undo it, and the saved state has no result,
     * so the post step rolls back or repeats the instructions.
     */
    async afterUpdateError(err) {
        const why = `after the update went out: ${this.explain(err).replace(/\.$/, '')}`;
        try {
            await this.rollBackPhase(why);
        }
        catch (end) {
            if (end instanceof Finished)
                this.finish(end.result, end.reason, end.result !== 'rolled-back');
            else if (this.deps.signal.aborted)
                this.finish('failed', this.explain(end), true);
            else
                this.finish('failed', `${why}; the rollback failed too: ${this.explain(end)}. ${await this.liveVersionAdvice()}`, true);
        }
    }
    /**
     * One line saying which version is live and how to undo it; the commands go to the log and the
     * summary's warnings.
     */
    async liveVersionAdvice() {
        const plan = this.plan;
        const app = await this.target.describe().catch(() => undefined);
        const steps = this.target.manualSteps(app, plan.previous, plan.preUpgradeSnapshot?.name);
        for (const step of steps)
            this.warn(`to undo: ${step}`);
        const live = app ? this.target.describeApplication(app) : `${plan.application} may run the new version`;
        return (`${live}; to return it to ${this.target.describeRelease(plan.previous)}` +
            `${plan.preUpgradeSnapshot ? ` from snapshot ${plan.preUpgradeSnapshot.name}` : ''}, run the ${steps.length} ` +
            'commands listed under Warnings');
    }
    async rollBackPhase(why) {
        const { inputs, deps } = this;
        const plan = this.plan;
        const other = await this.supersededBy();
        if (other) {
            throw new Finished('failed', `${why}; superseded by ${other}: not rolling back a version this run may not have deployed`);
        }
        if (inputs.rollback === 'never') {
            throw new Finished('failed', `${why}; rollback: never, so ${plan.application} was left as it is. ${await this.liveVersionAdvice()}`);
        }
        await this.markRecord({ phase: 'rollback' });
        const result = await this.phase('rollback', 'Rollback', async () => {
            this.attend({
                level: 'warning',
                title: `Rolling back ${plan.application}`,
                message: `${why}; returning to version ${plan.previous.versionId} (${plan.previous.runtime})`,
                importance: 'high',
            });
            const r = await this.target.rollBack(deps, {
                application: plan.application,
                previous: plan.previous,
                ...(plan.preUpgradeSnapshot ? { preUpgradeSnapshot: plan.preUpgradeSnapshot } : {}),
                reason: why,
                deadline: deps.clock.now() + inputs.rollbackTimeoutMs,
                pollIntervalMs: inputs.pollIntervalMs,
                allowNonRestoredState: inputs.allowNonRestoredState,
                maxStateAgeMs: inputs.maxStateAgeMs,
                ...(plan.status === 'READY' ? { leaveStopped: true } : {}),
            });
            this.report.rollback = r;
            if (r.operationId) {
                this.setState({ rollbackOperationId: r.operationId });
                this.report.rollbackOperation = {
                    id: r.operationId,
                    // the named-snapshot path's last operation is the start from that snapshot
                    operation: r.path === 'restore-named-snapshot' ? 'StartApplication' : 'RollbackApplication',
                    status: r.outcome === 'rolled-back' ? 'SUCCESSFUL' : 'FAILED',
                };
            }
            return {
                // the message is the run's reason and the summary's Rollback section: the note names the path
                note: `${r.outcome} (${r.path})`,
                r,
                ...(r.outcome === 'failed' ? { failed: true } : {}),
            };
        });
        const r = result.r;
        // The reason is one line; the commands to finish by hand are in the log and the summary.
        throw new Finished(r.outcome === 'rolled-back' ? 'rolled-back' : 'failed', `${why}; ${r.outcome === 'rolled-back' ? 'rolled back' : 'rollback failed'}: ${(0,errors/* firstParagraph */.lE)(r.message, 'the commands in the job summary')}`);
    }
    // ---- one deployment at a time: the record on the application ----------------------------------
    get runRef() {
        return { run: this.inputs.run.id, attempt: this.inputs.run.attempt };
    }
    async readRecordVerdict() {
        if (!this.target.readRecord)
            return { kind: 'none' };
        return judgeRecord(await this.target.readRecord(), this.runRef, this.deps.clock.now());
    }
    /**
     * Another run's record on the application: this run stops, "superseded by …", before changing
     * anything more (never a re-plan on top of another deployment).
     */
    async refuseIfSuperseded(what) {
        const other = await this.supersededBy();
        if (other) {
            throw new Finished('failed', `${what}: superseded by ${other}. Nothing of this run was applied; ${this.inputs.applicationName} is left to that deployment`);
        }
    }
    /** Never green for a version another deployment has taken over meanwhile. */
    async notGreenIfSuperseded() {
        const other = await this.supersededBy();
        if (other) {
            throw new Finished('failed', `superseded by ${other} before this run's version was proven: not reported green; that deployment owns ${this.inputs.applicationName} now`);
        }
    }
    /** The other deployment now recorded on the application, if it is not this run's. */
    async supersededBy() {
        if (!this.target.readRecord)
            return undefined;
        const found = await this.target.readRecord().catch(() => undefined);
        if (!found)
            return undefined;
        const { run, attempt } = this.runRef;
        if (found.run === run && found.attempt === attempt)
            return undefined;
        return describeRecord(found);
    }
    /**
     * Writes this run's record right before UpdateApplication, then reads it back: if another run wrote
     * its own meanwhile, this one backs off with nothing applied. A record that cannot be written stops
     * the run (without it a lost runner would leave an unbaked version that nothing finds).
     */
    async claim(plan) {
        if (!this.target.writeRecord || !this.target.readRecord)
            return;
        if (!this.record) {
            // (a re-plan claims again: its own record is no obstacle)
            const before = await this.readRecordVerdict();
            if (before.kind === 'busy')
                throw new Finished('failed', `refused before the update: ${before.reason}`);
        }
        const record = {
            ...this.runRef,
            phase: 'update',
            from: plan.expected.versionId,
            ...(plan.preUpgradeSnapshot ? { snapshot: plan.preUpgradeSnapshot.name } : {}),
            until: this.deadline + this.inputs.rollbackTimeoutMs,
        };
        const other = await this.writeRecordIf(record, (found) => !found || this.isOwn(found), RECORD_SETTLE_MS);
        this.record = record;
        if (other !== true) {
            throw new Finished('failed', `another run wrote its deployment record at the same time: superseded by ${other ? describeRecord(other) : 'a run that removed this one'}. ` +
                `Nothing of this run was applied; ${this.inputs.applicationName} is left to that deployment`);
        }
    }
    /**
     * Moves this run's record on (bake, rollback), never over another run's: a record of another run found
     * there stops this run, "superseded by …". A failed call is a warning, the run goes on.
     */
    async markRecord(patch) {
        if (!this.record || !this.target.writeRecord || !this.target.readRecord)
            return;
        this.record = { ...this.record, ...patch };
        let other;
        try {
            // (no wait before the read back: the application is this run's since its claim, and the operation runs)
            other = await this.writeRecordIf(this.record, (found) => !found || this.isOwn(found), 0);
        }
        catch (err) {
            if (this.deps.signal.aborted)
                throw err;
            this.warn(`the deployment record on ${this.inputs.applicationName} was not updated: ${(0,aws_errors/* describeError */.Uc)(err)}`);
            return;
        }
        if (other !== true && other) {
            throw new Finished('failed', `superseded by ${describeRecord(other)} before this run's ${patch.phase ?? 'next'} phase: this run's record was not ` +
                `written over it, and ${this.inputs.applicationName} is left to that deployment`);
        }
    }
    isOwn(found) {
        return found.run === this.runRef.run && found.attempt === this.runRef.attempt;
    }
    /**
     * A conditional write of the record (MSF's tagging API has none): read; write only if what is there is
     * `expected`; wait `settleMs` (RECORD_SETTLE_MS when claiming); read back. true: the record written is
     * the one there. Otherwise the record found instead (undefined: none), before the write (nothing
     * written) or after it (another run wrote over it).
     */
    async writeRecordIf(record, expected, settleMs) {
        const before = await this.target.readRecord();
        if (!expected(before))
            return before;
        await this.target.writeRecord(record);
        if (settleMs > 0)
            await this.deps.clock.sleep(settleMs, this.deps.signal);
        const after = await this.target.readRecord();
        return sameRecord(after, record) ? true : after;
    }
    /**
     * Removes this run's record once the application is settled: upgraded and baked, rolled back,
     * unchanged, or failed before the update went out. Kept when the new version may be live and
     * unproven, so that the post step or the next run finishes it.
     */
    async settleRecord() {
        if (!this.record || !this.target.clearRecord || this.deps.signal.aborted)
            return;
        const settled = this.report.result !== 'failed' || !this.updateOut;
        if (!settled || this.state.unresolved)
            return;
        if (await this.supersededBy())
            return;
        try {
            await this.target.clearRecord();
            this.record = undefined;
        }
        catch (err) {
            this.warn(`the deployment record on ${this.inputs.applicationName} was not removed: ${(0,aws_errors/* describeError */.Uc)(err)}`);
        }
    }
    /** Writes this run's record over the leftover `left`, only if that is still what is there. */
    async takeOver(left) {
        if (!this.record || !this.target.writeRecord || !this.target.readRecord)
            return;
        const other = await this.writeRecordIf(this.record, (found) => sameRecord(found, left) || (found !== undefined && this.isOwn(found)), RECORD_SETTLE_MS);
        if (other !== true) {
            this.record = undefined;
            throw new Finished('failed', `what ${describeRecord(left)} left was taken over meanwhile: superseded by ` +
                `${other ? describeRecord(other) : 'a run that removed its record'}. Nothing of this run was applied`);
        }
    }
    /**
     * A lost runner or an earlier attempt left a new version unbaked, and it is exactly what this run asks
     * for (the same build at the same place, the same runtime and parallelism), its update SUCCESSFUL and
     * the application RUNNING it: this run takes the record over and bakes that version instead of
     * deploying it again (rolled back, as by the run that made it, if the bake fails). The plan is the
     * deployment's: `previous` is the version before it, the rollback point its pre-upgrade snapshot.
     * undefined: not this run's to bake (a half-done rollback, another build, a failed update): undone.
     */
    async adoptLeftover(found) {
        const left = found.record;
        if (left.phase === 'rollback' || !this.target.describeVersion)
            return undefined;
        const name = this.inputs.applicationName;
        const app = await this.waitSteady(`${name} to settle before finishing what ${describeRecord(left)} left`);
        if (app.status !== 'RUNNING' || app.versionId === left.from)
            return undefined;
        if (left.to !== undefined && app.versionId !== left.to)
            return undefined;
        const [snapshots, operations] = await Promise.all([
            this.target.listSnapshots(),
            this.target.listOperations(),
        ]);
        const update = operations
            .filter((o) => o.operation === 'UpdateApplication')
            .sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0))[0];
        if (update && update.status !== 'SUCCESSFUL')
            return undefined;
        const decision = await this.decide(app, snapshots, operations);
        if (decision.kind !== 'unchanged')
            return undefined;
        const previous = await this.target.describeVersion(left.from);
        const snap = left.snapshot ? snapshots.find((s) => s.name === left.snapshot) : undefined;
        decision.plan.previous = previous;
        if (left.snapshot) {
            decision.plan.preUpgradeSnapshot = {
                name: left.snapshot,
                ...(snap?.runtime ? { runtime: snap.runtime } : {}),
                ...(snap?.createdAt !== undefined ? { createdAt: snap.createdAt } : {}),
            };
        }
        this.record = {
            ...left,
            ...this.runRef,
            phase: 'bake',
            to: app.versionId,
            until: this.deadline + this.inputs.rollbackTimeoutMs,
        };
        await this.takeOver(left);
        this.adopted = app;
        this.updateOut = true;
        this.setState({
            ...(left.snapshot ? { snapshotName: left.snapshot } : {}),
            target: {
                versionId: app.versionId,
                runtime: app.runtime,
                ...(app.fileKey ? { fileKey: app.fileKey } : {}),
                ...(app.bucketArn ? { bucketArn: app.bucketArn } : {}),
                ...(app.objectVersion ? { objectVersion: app.objectVersion } : {}),
            },
        });
        this.deps.log.warn(`${found.reason}; ${name} runs version ${app.versionId}, this run's build (${decision.reason}), never proven ` +
            `by a bake: baking it instead of deploying it again (rolled back to version ${left.from} if unhealthy)`);
        return decision;
    }
    /**
     * A lost runner or an earlier attempt left the application between versions (an unbaked new version
     * this run does not ask for, a half-done rollback): it is returned to the version before that
     * deployment, and this run ends there (never green: run again to deploy). An application already
     * back on that version goes on.
     */
    async recoverLeftover(found) {
        const { deps, inputs } = this;
        const left = found.record;
        const name = inputs.applicationName;
        const previous = await this.target.describeVersion(left.from);
        const app = await this.waitSteady(`${name} to settle before finishing what ${describeRecord(left)} left`);
        this.record = {
            ...left,
            ...this.runRef,
            phase: 'rollback',
            until: this.deadline + inputs.rollbackTimeoutMs,
        };
        if (app.versionId === left.from ||
            (left.to !== undefined && app.versionId > left.to && differencesFrom(app, previous).length === 0)) {
            deps.log.info(`${name} runs version ${app.versionId}, the configuration of version ${left.from}: nothing left to finish`);
            await this.target.clearRecord?.();
            this.record = undefined;
            return;
        }
        await this.takeOver(left);
        this.setState({ previous, ...(left.snapshot ? { snapshotName: left.snapshot } : {}) });
        const why = `${found.reason}; ${name} runs version ${app.versionId}, never proven by a bake`;
        const r = await this.phase('rollback', 'Rollback (left by an earlier run)', async () => {
            deps.log.warn(`rolling ${name} back to version ${left.from} (${previous.runtime}): ${why}`);
            const result = await this.target.rollBack(deps, {
                application: name,
                previous,
                ...(left.snapshot ? { preUpgradeSnapshot: { name: left.snapshot } } : {}),
                reason: why,
                deadline: deps.clock.now() + inputs.rollbackTimeoutMs,
                pollIntervalMs: inputs.pollIntervalMs,
                allowNonRestoredState: inputs.allowNonRestoredState,
            });
            this.report.rollback = result;
            return {
                note: `${result.outcome}: ${(0,errors/* firstParagraph */.lE)(result.message)}`,
                result,
                ...(result.outcome === 'failed' ? { failed: true } : {}),
            };
        });
        this.updateOut = true;
        throw new Finished(r.result.outcome === 'rolled-back' ? 'rolled-back' : 'failed', `${why}; ${r.result.outcome === 'rolled-back' ? 'rolled back' : 'rollback failed'}: ${(0,errors/* firstParagraph */.lE)(r.result.message)}` +
            (r.result.outcome === 'rolled-back'
                ? `. Nothing of this run was deployed: run again to deploy ${inputs.version}`
                : ''));
    }
    // ---- plumbing ----------------------------------------------------------------------------------
    /**
     * Runs one phase in a log group. `fn` returns a note (string), `{ skip }` for a skipped phase, or an
     * object with `note`/`failed` plus any values the caller needs.
     */
    async phase(phase, title, fn) {
        const record = { phase, title, startedAt: this.deps.clock.now(), outcome: 'ok' };
        this.report.phases.push(record);
        this.setState({ phase });
        const realStart = performance.now();
        try {
            const value = await this.deps.log.group(title, async () => {
                const before = this.lineCount;
                let v;
                try {
                    v = await fn();
                }
                catch (err) {
                    // the error is the run's result, printed once at the end: the group only points to it
                    if (this.lineCount === before && !(err instanceof Finished))
                        this.deps.log.info(`${title}: failed (the error is the result below)`);
                    throw err;
                }
                const note = noteOf(v);
                if (this.lineCount === before && note)
                    this.deps.log.info(note);
                return v;
            });
            record.endedAt = this.deps.clock.now();
            record.durationMs = performance.now() - realStart;
            if (typeof value === 'string')
                record.note = value;
            else if (value && typeof value === 'object') {
                const v = value;
                if (v.skip !== undefined) {
                    record.outcome = 'skipped';
                    record.note = v.skip;
                }
                else if (v.note !== undefined)
                    record.note = v.note;
                if (v.failed)
                    record.outcome = 'failed';
            }
            return value;
        }
        catch (err) {
            record.endedAt = this.deps.clock.now();
            record.durationMs = performance.now() - realStart;
            record.outcome = err instanceof Finished && err.result !== 'failed' ? 'ok' : 'failed';
            record.note = err instanceof Finished ? err.reason : this.explain(err);
            throw err;
        }
    }
    explain(err) {
        if (err instanceof WaitAbortedError || this.deps.signal.aborted) {
            const inFlight = this.state.operationId && (this.state.phase === 'update' || this.state.phase === 'operation');
            return (`cancelled during ${this.state.phase}: ${err instanceof Error ? err.message : String(err)}` +
                (inFlight ? `; operation ${this.state.operationId} may still be running` : ''));
        }
        return (0,errors/* failureMessage */.oh)(err, this.inputs.applicationName, this.state.phase);
    }
    /** `unresolved`: the application may be left on the new, unproven version (see afterUpdateError). */
    finish(result, reason, unresolved = false) {
        this.report.result = result;
        this.report.reason = reason;
        // A cancelled run, or one that left the new version unproven, has no final result in the saved
        // state: it keeps the phase it stopped in, so the post step can see what was left and act on it.
        if (this.deps.signal.aborted)
            this.setState({ reason });
        else if (unresolved)
            this.setState({ reason, unresolved: reason });
        else
            this.setState({ result, reason });
        // The result is printed once, by the entry point (core.setFailed, the terminal report).
    }
    /** After a run that changed something and did not end verified, read where the application is now. */
    async finalRead() {
        const r = this.report;
        if (r.result !== 'rolled-back' && r.result !== 'failed')
            return;
        if (!r.operation && !r.rollbackOperation)
            return;
        try {
            const app = await this.target.describe();
            r.applicationVersionId = app.versionId;
            r.runtime = app.runtime;
            r.finalCode = {
                ...(app.bucket ? { bucket: app.bucket } : {}),
                ...(app.fileKey ? { key: app.fileKey } : {}),
                ...(app.objectVersion ? { objectVersion: app.objectVersion } : {}),
                status: app.status,
            };
        }
        catch {
            // best effort: the report says what it knows
        }
    }
    setState(patch) {
        Object.assign(this.state, patch);
        if (patch.phase)
            this.target.attribute?.(patch.phase);
        try {
            this.deps.onState?.({ ...this.state });
        }
        catch (err) {
            this.deps.log.debug(`saving the run state failed: ${String(err)}`);
        }
    }
    /** A warning a person must read: in the summary's Warnings, and once in the log (as an annotation when there is a sink). */
    warn(message) {
        this.report.warnings.push(message);
        this.attend({
            level: 'warning',
            title: `Upgrade of ${this.inputs.applicationName}`,
            message,
            importance: 'high',
        });
    }
    /** Printed once: as an annotation (the sink writes its line) or, without a sink, as a log line. */
    attend(a) {
        if (this.deps.annotate) {
            this.lineCount += 1;
            this.deps.annotate(a);
        }
        else if (a.level === 'error')
            this.deps.log.error(`${a.title}: ${a.message}`);
        else
            this.deps.log.warn(`${a.title}: ${a.message}`);
    }
    /** The logger, counting the lines written (see lineCount). */
    counted(log) {
        const count = () => {
            this.lineCount += 1;
        };
        return {
            info: (line) => (count(), log.info(line)),
            warn: (line) => (count(), log.warn(line)),
            error: (line) => (count(), log.error(line)),
            debug: (line) => log.debug(line),
            group: (name, fn) => log.group(name, fn),
        };
    }
}
/** A phase's note, whatever shape its value has (see phase). */
function noteOf(value) {
    if (typeof value === 'string')
        return value;
    if (value && typeof value === 'object') {
        const v = value;
        return v.skip ?? v.note;
    }
    return undefined;
}
function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}
/** `JAVA_CLASS_VERSION in com.example.Job, 2 more`: what the findings are, without their text. */
function findingCodes(findings) {
    const first = findings[0];
    if (!first)
        return 'see the log';
    const where = first.location ? ` in ${first.location}` : '';
    return `${first.code}${where}${findings.length > 1 ? `, ${findings.length - 1} more` : ''}`;
}

// EXTERNAL MODULE: ./.tmp/build/src/user-agent.js
var user_agent = __webpack_require__(1386);
;// CONCATENATED MODULE: ./.tmp/build/src/report/annotations.js
const ANNOTATION_LIMITS = { error: 9, warning: 10, notice: 10 };
/** Places of a level kept free for more important annotations. */
const RESERVED = { high: 0, normal: 2, low: 5 };
function annotationLine(a) {
    return `${a.level}: ${a.title}: ${a.message}`;
}
function annotationBudget(emit, overflow, limits = ANNOTATION_LIMITS) {
    const used = { error: 0, warning: 0, notice: 0 };
    return (a) => {
        const room = limits[a.level] - RESERVED[a.importance ?? 'normal'];
        if (used[a.level] < room) {
            used[a.level] += 1;
            emit(a);
        }
        else {
            overflow(annotationLine(a));
        }
    };
}

// EXTERNAL MODULE: ./.tmp/build/src/report/outputs.js
var outputs = __webpack_require__(1041);
;// CONCATENATED MODULE: ./.tmp/build/src/main.js
/**
 * The action's main step: read the inputs, make the clients, run the upgrade, publish what it did.
 * No logic of its own.
 */














/** `early`: the MSF client with its first request already sent (src/early-start.ts), if any. */
async function run(early) {
    // every line, annotation and summary goes through the workflow-command neutraliser
    const core = guardCore(lib_core);
    const controller = new AbortController();
    const onSignal = (signal) => {
        core.info(`received ${signal}: cancelling; the post step will see what was left in flight`);
        controller.abort(new Error(`cancelled by ${signal}`));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
        const inputs = (0,src_inputs/* parseInputs */.TL)((0,src_inputs/* readRawInputs */.yI)((name) => lib_core.getInput(name)), (0,src_inputs/* inputContextFromEnv */.Nw)(process.env));
        if (inputs.githubToken)
            lib_core.setSecret(inputs.githubToken);
        // request headers for a Flink cluster behind an authenticating proxy: never shown in logs
        for (const value of Object.values(inputs.flink?.headers ?? {}))
            lib_core.setSecret(value);
        // a platform driven through the Platform interface (self-managed Flink) needs no AWS clients
        const platform = createInterfacePlatform(inputs);
        const clients = platform
            ? undefined
            : createClients({ userAgent: (0,user_agent/* userAgent */.N)(process.env), ...(early ? { msf: early.msf } : {}) });
        // Missing credentials are reported by the first AWS call, with the fix; here only their lifetime matters.
        const expiration = clients ? await credentialExpiration(clients).catch(() => undefined) : undefined;
        const where = clients?.region ?? platform?.location ?? '';
        const lifetime = credentialLifetimeWarning(expiration, Date.now(), inputs.timeoutMs + inputs.rollbackTimeoutMs);
        const annotate = annotationBudget((a) => {
            const props = { title: a.title, ...(a.file ? { file: a.file } : {}) };
            if (a.level === 'error')
                core.error(a.message, props);
            else if (a.level === 'warning')
                core.warning(a.message, props);
            else
                core.notice(a.message, props);
        }, (line) => core.info(line));
        if (lifetime)
            annotate({ level: 'warning', title: 'AWS session shorter than the run', message: lifetime });
        // A dry run changes nothing: no deployment. Otherwise in_progress now, closed below or by the post step.
        // The GitHub client (octokit) is a chunk of its own, loaded only when a deployment is recorded.
        const deployments = inputs.dryRun || !inputs.githubToken ? undefined : await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(265)]).then(__webpack_require__.bind(__webpack_require__, 9265));
        const deploymentCtx = deployments && {
            ...deployments.deploymentContextFromEnv(process.env),
            token: inputs.githubToken,
        };
        const saved = deployments && deploymentCtx
            ? await deployments
                .startDeployment({ application: inputs.applicationName, version: inputs.version, region: where }, deploymentCtx, (line) => core.info(line))
                .then((id) => id === undefined
                ? undefined
                : { id, application: inputs.applicationName, region: where, closed: false })
            : undefined;
        if (saved)
            lib_core.saveState(DEPLOYMENT_STATE_KEY, JSON.stringify(saved));
        const report = platform
            ? await runOnPlatform(inputs, {
                platform,
                clock: systemClock,
                log: coreLogger(core),
                signal: controller.signal,
                onState: (state) => lib_core.saveState(PLATFORM_RUN_STATE_KEY, JSON.stringify(state)),
                annotate,
            })
            : await runUpgrade(inputs, {
                clients: clients,
                clock: systemClock,
                log: coreLogger(core),
                signal: controller.signal,
                platform: createPlatform({
                    clients: clients,
                    application: inputs.applicationName,
                    signal: controller.signal,
                }),
                onState: (state) => lib_core.saveState(RUN_STATE_KEY, JSON.stringify(state)),
                annotate,
            });
        // Loaded once the upgrade is done, from a chunk of its own: the summary renderer is not needed before
        // it, and loading it up front delayed the first AWS request (README, "Performance").
        const { publishReport } = await __webpack_require__.e(/* import() */ 493).then(__webpack_require__.bind(__webpack_require__, 493));
        await publishReport(report, { summary: inputs.summary }, {
            setOutput: (name, value) => lib_core.setOutput(name, value),
            writeSummary: (markdown) => core.writeSummary(markdown),
            warn: (message) => annotate({ level: 'warning', title: 'Job summary', message }),
        });
        // A cancelled run is closed by the post step, once it has acted on what the run left in flight.
        if (saved && deployments && deploymentCtx && !controller.signal.aborted) {
            const closed = await deployments.finishDeployment(saved.id, report, deploymentCtx, (line) => core.info(line));
            if (closed)
                lib_core.saveState(DEPLOYMENT_STATE_KEY, JSON.stringify({ ...saved, closed }));
        }
        // The result, once: an error annotation for a release that did not go out, a line otherwise.
        if ((0,outputs/* isFailure */.N6)(report))
            core.setFailed(report.reason);
        else
            core.info(`${report.application}: ${report.result}: ${report.reason}`);
        const note = nodeSupportNoteOnce();
        if (note)
            core.info(note);
    }
    catch (err) {
        core.setFailed(err instanceof Error ? err.message : String(err));
    }
    finally {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
    }
}


/***/ }),

/***/ 6509:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AH: () => (/* binding */ wrapAwsError),
/* harmony export */   TN: () => (/* binding */ oneLine),
/* harmony export */   lE: () => (/* binding */ firstParagraph),
/* harmony export */   lq: () => (/* binding */ awsFix),
/* harmony export */   oh: () => (/* binding */ failureMessage),
/* harmony export */   wo: () => (/* binding */ PhaseError)
/* harmony export */ });
/* unused harmony export sentence */
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4032);
/**
 * Every failure the run reports is one message naming the application, the phase and the fix.
 * AWS SDK errors are mapped here (credentials, access, missing resources); the rest keep their text.
 */

/** A failure with its phase, already worded for the person reading the log. */
class PhaseError extends Error {
    phase;
    cause;
    fix;
    name = 'PhaseError';
    constructor(phase, message, cause, 
    /** what fixes it (the IAM action the role lacks, …), also at the end of the message */
    fix) {
        super(message);
        this.phase = phase;
        this.cause = cause;
        this.fix = fix;
    }
}
const ACCESS_DENIED = new Set([
    'AccessDenied',
    'AccessDeniedException',
    'UnauthorizedOperation',
    'Forbidden',
]);
const BAD_CREDENTIALS = new Set([
    'UnrecognizedClientException',
    'InvalidSignatureException',
    'InvalidClientTokenId',
    'SignatureDoesNotMatch',
    'InvalidAccessKeyId',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
/** The fix for an AWS error, or undefined when the error text says enough. */
function awsFix(err, ctx) {
    const name = (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(err);
    const message = (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err);
    const status = err?.$metadata?.httpStatusCode;
    if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
        return 'no AWS credentials were found: add aws-actions/configure-aws-credentials (role-to-assume) before this step';
    }
    if (EXPIRED.has(name) || /security token .* expired/i.test(message)) {
        return 'the AWS credentials expired: raise role-duration-seconds in configure-aws-credentials above timeout + bake-time';
    }
    if (BAD_CREDENTIALS.has(name)) {
        return 'the AWS credentials are not valid here: check configure-aws-credentials and the region';
    }
    if (ACCESS_DENIED.has(name) || status === 403) {
        return `the role needs ${ctx.action}${ctx.resource ? ` on ${ctx.resource}` : ''}: add it to the role's IAM policy`;
    }
    if (name === 'ResourceNotFoundException' && ctx.action.startsWith('kinesisanalytics:')) {
        return `check application-name (${ctx.application}) and the region (${ctx.region ?? 'AWS_REGION'})`;
    }
    if (name === 'NoSuchBucket')
        return `the bucket does not exist in this account: check bucket${ctx.resource ? ` (${ctx.resource})` : ''}`;
    if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) {
        return `nothing found at ${ctx.resource ?? 'the given location'}: check bucket and key`;
    }
    if ((0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isThrottling */ .E2)(err)) {
        return `AWS throttled ${ctx.action} on all ${(0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .attemptsOf */ .Or)(err)} attempt(s), with backoff: other callers share this account's request rate; run again later, or ask AWS for a higher quota`;
    }
    if ((0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isTransient */ .dg)(err)) {
        return `${ctx.action} failed with a transient error on all ${(0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .attemptsOf */ .Or)(err)} attempt(s), with backoff: run again; if it keeps failing, check the AWS Health Dashboard for ${ctx.region ?? 'the region'}`;
    }
    if (name === 'InvalidApplicationConfigurationException' &&
        ctx.action === 'kinesisanalytics:UpdateApplication') {
        return 'MSF rejected the update and left the application as it was: check that the runtime can restore the current state and that the job is healthy, then run again';
    }
    if (name === 'ResourceInUseException')
        return 'the application is busy or in the wrong status for this step; run again when it is RUNNING';
    if (name === 'UnsupportedOperationException')
        return 'this application type does not support the operation (SQL and Studio applications are not supported)';
    return undefined;
}
/** Wraps any error from an AWS call into a PhaseError with the one-line message. */
function wrapAwsError(err, ctx) {
    if (err instanceof PhaseError)
        return err;
    const fix = awsFix(err, ctx);
    const call = ctx.call ?? /^[^:]+:(\w+)/.exec(ctx.action)?.[1] ?? ctx.action;
    return new PhaseError(ctx.phase, `${ctx.phase} of ${ctx.application} failed at ${call}: ${sentence(describeAwsError(err))}` +
        (fix ? `. Fix: ${fix}` : ''), err, fix);
}
/**
 * describeError, except for an answer without a body (HEAD requests): S3's 403 to a HeadObject reaches
 * the SDK as `403: UnknownError`, said here as what it is.
 */
function describeAwsError(err) {
    const status = err?.$metadata?.httpStatusCode;
    const text = (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeError */ .Uc)(err);
    if (status === 403 && /^(403|Forbidden|UnknownError)\b/.test(text))
        return 'AccessDenied (HTTP 403 Forbidden)';
    if (status === 404 && /^(404|NotFound|UnknownError)\b/.test(text))
        return 'NotFound (HTTP 404)';
    return text;
}
/** Text that another sentence follows: without its own closing full stop (no doubled full stops). */
function sentence(text) {
    return text.replace(/\s*\.+\s*$/, '');
}
/** Any error as the one-line message of the run's failure. */
function failureMessage(err, application, phase) {
    if (err instanceof PhaseError)
        return err.message;
    const msg = (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeError */ .Uc)(err);
    return msg.includes(application) ? `${phase}: ${msg}` : `${phase} of ${application} failed: ${msg}`;
}
/** Text from AWS (an operation's ErrorString) as part of a one-line reason: whitespace runs flattened, capped. */
function oneLine(text, max = 400) {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}
/**
 * The first paragraph of a message whose later lines are commands to run by hand (a failed rollback's).
 * With `pointer`, a trailing "run:" says where the commands are instead (`run the commands in …`).
 */
function firstParagraph(message, pointer) {
    const first = (message.split('\n')[0] ?? message).trim();
    return pointer && message.includes('\n') ? first.replace(/run:$/, `run ${pointer}`) : first;
}


/***/ }),

/***/ 1041:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Iu: () => (/* binding */ toOutputs),
/* harmony export */   N6: () => (/* binding */ isFailure)
/* harmony export */ });
/* unused harmony export OUTPUT_NAMES */
const OUTPUT_NAMES = (/* unused pure expression or super */ null && ([
    'result',
    'reason',
    'application-version-id',
    'previous-application-version-id',
    'runtime',
    'previous-runtime',
    'snapshot-name',
    'operation-id',
    'rollback-operation-id',
    'rollback-snapshot',
    'rewind-seconds',
    's3-bucket',
    's3-key',
    's3-object-version',
]));
function toOutputs(r) {
    const s = (v) => (v === undefined ? '' : String(v));
    return {
        result: r.result,
        reason: r.reason,
        'application-version-id': s(r.applicationVersionId),
        'previous-application-version-id': s(r.previousApplicationVersionId),
        runtime: s(r.runtime),
        'previous-runtime': s(r.previousRuntime),
        'snapshot-name': s(r.snapshotName),
        'operation-id': s(r.operation?.id),
        'rollback-operation-id': s(r.rollbackOperation?.id ?? r.rollback?.operationId),
        'rollback-snapshot': s(r.rollback?.cost?.snapshot ?? r.rollback?.restoredSnapshot ?? r.systemRollbackCost?.snapshot),
        'rewind-seconds': s(r.rollback?.cost?.rewindSeconds ?? r.systemRollbackCost?.rewindSeconds),
        's3-bucket': s(r.s3Bucket),
        's3-key': s(r.s3Key),
        's3-object-version': s(r.s3ObjectVersion),
    };
}
/** Did the release go out? Rolled back and failed runs fail the step. */
function isFailure(r) {
    return r.result === 'failed' || r.result === 'rolled-back';
}


/***/ })

};
