export const id = 493;
export const ids = [493];
export const modules = {

/***/ 493:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  publishReport: () => (/* binding */ publishReport)
});

// EXTERNAL MODULE: ./.tmp/build/src/report/outputs.js
var outputs = __webpack_require__(1041);
// EXTERNAL MODULE: ./.tmp/build/src/health/evaluate.js
var evaluate = __webpack_require__(3173);
;// CONCATENATED MODULE: ./.tmp/build/src/report/chart.js
/**
 * Mermaid `xychart-beta` charts for the job summary (GitHub renders Mermaid in Markdown). Pure.
 * Series are bucketed onto one shared time axis and downsampled to a bounded number of points, so a
 * 24-hour bake renders as small as a 10-minute one. Missing data is left out, never drawn as 0.
 */
const DEFAULT_MAX_POINTS = 30;
/** Text safe inside a Mermaid double-quoted string: no quotes, backticks, brackets or line breaks. */
function mermaidText(text, max = 80) {
    const clean = text
        .replace(/["`]/g, "'")
        .replace(/[\r\n\t]+/g, ' ')
        .replace(/[[\]{}<>;#]/g, ' ')
        .replace(/\s{2,}/g, ' ')
        .trim();
    return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
/** A number Mermaid parses: finite, plain decimal notation, at most 3 decimals. */
function mermaidNumber(v) {
    if (!Number.isFinite(v))
        return '0';
    const rounded = Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 1000) / 1000;
    if (Math.abs(rounded) >= 1e21)
        return rounded.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 0 });
    return String(rounded === 0 ? 0 : rounded);
}
function reduceValues(values, how) {
    switch (how) {
        case 'min':
            return Math.min(...values);
        case 'mean':
            return values.reduce((a, b) => a + b, 0) / values.length;
        case 'last':
            return values[values.length - 1];
        default:
            return Math.max(...values);
    }
}
/** `m:ss` (or `h:mm:ss`) since the origin. */
function axisLabel(ms) {
    const total = Math.max(0, Math.round(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    return h > 0
        ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`
        : `${m}:${String(s).padStart(2, '0')}`;
}
/**
 * Puts every line on the same x axis of at most `maxPoints` buckets. A bucket where a line has no point
 * has no value for it (undefined): nothing is invented, neither a 0 nor a repeated value.
 */
function bucketise(lines, maxPoints) {
    const finite = lines.map((l) => l.points.filter((p) => Number.isFinite(p.v) && Number.isFinite(p.t)));
    const times = [...new Set(finite.flat().map((p) => p.t))].sort((a, b) => a - b);
    if (times.length === 0)
        return undefined;
    const first = times[0];
    const last = times[times.length - 1];
    let starts;
    let bucketOf;
    if (times.length <= maxPoints) {
        // few enough: one x value per timestamp
        starts = times;
        const index = new Map(times.map((t, i) => [t, i]));
        bucketOf = (t) => index.get(t);
    }
    else {
        const n = maxPoints;
        const width = (last - first + 1) / n;
        const raw = (t) => Math.min(n - 1, Math.floor((t - first) / width));
        // only buckets that hold a point: an empty stretch of time is a gap, not a bucket
        const used = [...new Set(times.map(raw))].sort((a, b) => a - b);
        const index = new Map(used.map((b, i) => [b, i]));
        bucketOf = (t) => index.get(raw(t));
        // label each bucket with the first timestamp in it
        const firstIn = new Map();
        for (const t of times)
            if (!firstIn.has(bucketOf(t)))
                firstIn.set(bucketOf(t), t);
        starts = used.map((_, i) => firstIn.get(i));
    }
    const n = starts.length;
    const values = finite.map((points, li) => {
        const groups = Array.from({ length: n }, () => []);
        for (const p of points)
            groups[bucketOf(p.t)].push(p.v);
        return groups.map((g) => (g.length > 0 ? reduceValues(g, lines[li].reduce ?? 'max') : undefined));
    });
    return { starts, values };
}
/**
 * The chart as a fenced Mermaid block. Mermaid's xychart cannot leave a gap in a line, so an x value
 * where a line has no point is left out of the chart (and listed in `gaps`); a chart needs two x values.
 */
function renderChart(chart) {
    const maxPoints = Math.max(2, chart.maxPoints ?? DEFAULT_MAX_POINTS);
    const grid = bucketise(chart.lines, maxPoints);
    if (!grid)
        return { block: '', gaps: [] };
    const keep = grid.starts.map((_, i) => grid.values.every((vs) => vs[i] !== undefined));
    const gaps = grid.starts.filter((_, i) => !keep[i]).map((t) => axisLabel(t - chart.origin));
    const starts = grid.starts.filter((_, i) => keep[i]);
    const values = grid.values.map((vs) => vs.filter((_, i) => keep[i]));
    const refs = chart.references ?? [];
    for (const r of refs)
        values.push(starts.map(() => r.value));
    if (starts.length < 2)
        return { block: '', gaps };
    const all = values.flat();
    let lo = Math.min(0, ...all);
    let hi = Math.max(...all);
    if (hi <= lo)
        hi = lo + 1;
    else
        hi = hi + (hi - lo) * 0.1;
    if (lo < 0)
        lo = lo - (hi - lo) * 0.05;
    const labels = starts.map((t) => `"${axisLabel(t - chart.origin)}"`);
    const out = [
        '```mermaid',
        'xychart-beta',
        `    title "${mermaidText(chart.title)}"`,
        `    x-axis "${mermaidText('time since the new version ran')}" [${labels.join(', ')}]`,
        `    y-axis "${mermaidText(chart.yLabel, 40)}" ${mermaidNumber(lo)} --> ${mermaidNumber(hi)}`,
        ...values.map((vs) => `    line [${vs.map(mermaidNumber).join(', ')}]`),
        '```',
    ];
    return { block: out.join('\n'), gaps };
}
/** The chart's Mermaid block only ('' when there is nothing to draw). */
function renderXyChart(chart) {
    return renderChart(chart).block;
}

;// CONCATENATED MODULE: ./.tmp/build/src/report/health-section.js


const VERDICT = {
    healthy: '✅ healthy',
    unhealthy: '❌ unhealthy',
    skipped: '⏭️ skipped',
    superseded: '↪️ superseded',
};
/** Markdown-safe text for a table cell or paragraph. */
function escapeMarkdown(text) {
    return text
        .replace(/[\r\n]+/g, ' ')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\|/g, '\\|');
}
function finite(points) {
    return (points ?? []).filter((p) => Number.isFinite(p.v));
}
function last(points) {
    return points[points.length - 1]?.v;
}
/** A figure in a row's unit; – when there is none. */
function num(v) {
    return v === undefined ? '–' : (0,evaluate/* formatNumber */.ZV)(v);
}
/** Every metric read, as rows (plain text: the summary escapes it, the terminal prints it). */
function healthRows(gate) {
    const names = gate.metricNames ?? {};
    const bnames = gate.baseline?.metricNames ?? names;
    const bseries = gate.baseline?.series ?? {};
    const series = (role) => finite(names[role] ? gate.series[names[role]] : undefined);
    const before = (role) => finite(bnames[role] ? bseries[bnames[role]] : undefined);
    const label = (role, fallback) => {
        const now = names[role];
        const then = bnames[role];
        if (now && then && now !== then)
            return `${now} (${then} before)`;
        return now ?? then ?? fallback;
    };
    const out = [];
    const counter = (role, fallback) => {
        const b = before(role);
        const d = series(role);
        if (b.length === 0 && d.length === 0)
            return;
        const inc = (0,evaluate/* counterIncrease */.Pe)(d);
        out.push({
            label: label(role, fallback),
            unit: 'count',
            before: num(last(b)),
            during: inc
                ? `${(0,evaluate/* formatNumber */.ZV)(inc.from)} → ${(0,evaluate/* formatNumber */.ZV)(inc.to)} (+${(0,evaluate/* formatNumber */.ZV)(inc.increase)})`
                : '–',
        });
    };
    counter('restarts', 'restarts');
    const rb = before('runningTime');
    const rd = series('runningTime');
    if (rb.length > 0 || rd.length > 0) {
        const seconds = (v) => (v === undefined ? undefined : v / 1000);
        out.push({
            label: label('runningTime', 'running time'),
            unit: 's',
            before: num(seconds(last(rb))),
            during: last(rd) === undefined ? '–' : `${num(seconds(last(rd)))} (last)`,
        });
    }
    counter('completedCheckpoints', 'completed checkpoints');
    counter('failedCheckpoints', 'failed checkpoints');
    // A gauge of the last checkpoint: 0 (or less) means no checkpoint completed yet, not a figure.
    const gauge = (role, fallback, unit, base) => {
        const b = base ??
            (0,evaluate/* median */.JZ)(before(role)
                .filter((p) => p.v > 0)
                .map((p) => p.v));
        const d = series(role);
        if (b === undefined && d.length === 0)
            return;
        const done = d.filter((p) => p.v > 0).map((p) => p.v);
        const med = (0,evaluate/* median */.JZ)(done);
        out.push({
            label: label(role, fallback),
            unit,
            before: b === undefined ? '–' : `${num(b)} (median)`,
            during: med === undefined
                ? d.length > 0
                    ? 'no checkpoint'
                    : '–'
                : `${num(med)} (median), max ${num(Math.max(...done))}`,
        });
    };
    gauge('checkpointDuration', 'lastCheckpointDuration', 'ms', gate.baseline?.checkpointDurationMs);
    gauge('checkpointSize', 'lastCheckpointSize', 'bytes', undefined);
    for (const [role, base] of [
        ['recordsIn', gate.baseline?.recordsInPerSecond],
        ['recordsOut', gate.baseline?.recordsOutPerSecond],
    ]) {
        const d = series(role);
        if (base === undefined && d.length === 0)
            continue;
        const med = (0,evaluate/* median */.JZ)(d.map((p) => p.v));
        const min = d.length > 0 ? Math.min(...d.map((p) => p.v)) : undefined;
        out.push({
            label: label(role, role),
            unit: 'records/s',
            before: base === undefined ? '–' : `${num(base)} (median)`,
            during: med === undefined ? '–' : `${num(med)} (median), min ${num(min)}`,
        });
    }
    return out;
}
/** The window the gate observed, one line: `bake 5m, after 1m of stabilisation, …, 1 read`. */
function healthWindow(gate) {
    const window = [];
    if (gate.bakeMs !== undefined)
        window.push(`bake ${(0,evaluate/* formatSpan */.QA)(gate.bakeMs)}`);
    if (gate.stabilisationMs !== undefined)
        window.push(`after ${(0,evaluate/* formatSpan */.QA)(gate.stabilisationMs)} of stabilisation`);
    if (gate.periodSeconds !== undefined)
        window.push(`metric period ${gate.periodSeconds}s`);
    window.push(`observed ${(0,evaluate/* formatSpan */.QA)(gate.endedAt - gate.startedAt)}`);
    const reads = gate.source === 'jobmanager-rest' ? 'REST read' : 'CloudWatch read';
    if (gate.polls !== undefined)
        window.push(`${gate.polls} ${reads}${gate.polls === 1 ? '' : 's'}`);
    return window.join(', ');
}
/** Which source decided, the Flink REST figures, what the platform did, the checkpoint rule (plain text). */
function healthNotes(gate) {
    const out = [];
    if (gate.source) {
        const by = gate.source === 'flink-rest'
            ? "Decided by Flink's REST API through the MSF dashboard (real time), CloudWatch as the second opinion"
            : gate.source === 'jobmanager-rest'
                ? "Decided by the JobManager's REST API (real time)"
                : 'Decided by CloudWatch (AWS/KinesisAnalytics)';
        out.push(`${by}${gate.sourceNote ? ` — ${gate.sourceNote}` : ''}`);
    }
    if (gate.rest) {
        const r = gate.rest;
        out.push(`Flink REST: job ${r.state ?? '?'}, ${r.restarts} restart${r.restarts === 1 ? '' : 's'}, ${r.completed} checkpoint${r.completed === 1 ? '' : 's'} completed, ${r.failed} failed` +
            (r.lastCheckpointDurationMs !== undefined
                ? `, last checkpoint ${(0,evaluate/* formatNumber */.ZV)(r.lastCheckpointDurationMs)} ms`
                : '') +
            (r.rootException ? `; root exception: ${r.rootException}` : ''));
    }
    for (const e of gate.events ?? [])
        out.push(e);
    if (gate.checkpointNote)
        out.push(gate.checkpointNote);
    return out;
}
function charts(gate) {
    const names = gate.metricNames ?? {};
    const pts = (role) => finite(names[role] ? gate.series[names[role]] : undefined);
    const origin = gate.startedAt;
    const out = [];
    const add = (chart, legend, gapsAre = 'no datapoint') => {
        const { block, gaps } = renderChart(chart);
        if (!block)
            return;
        out.push(block);
        const notes = [];
        if (legend.length > 1)
            notes.push(legend.map((l, i) => `line ${i + 1}: ${escapeMarkdown(l)}`).join(' · '));
        if (gaps.length > 0)
            notes.push(`left out (${gapsAre}, not drawn as 0): ${gaps.join(', ')}`);
        if (notes.length > 0)
            out.push(notes.join('; '));
    };
    const restarts = pts('restarts');
    // a counter that never moved is a flat line on the axis: the table says it
    if (restarts.length > 0 && Math.max(...restarts.map((p) => p.v)) > Math.min(...restarts.map((p) => p.v))) {
        add({
            title: `${names.restarts} during the bake`,
            yLabel: 'restarts',
            origin,
            lines: [{ label: names.restarts, points: restarts }],
        }, []);
    }
    // lastCheckpointDuration is -1 (Flink) until a checkpoint completes: those points are no data, not 0 ms
    const all = pts('checkpointDuration');
    const duration = all.filter((p) => p.v > 0);
    const skipped = all.filter((p) => p.v <= 0);
    if (duration.length > 0) {
        const base = gate.baseline?.checkpointDurationMs;
        const ratio = gate.thresholds?.maxCheckpointDurationRatio;
        const legend = [names.checkpointDuration];
        const references = [];
        if (base !== undefined && ratio !== undefined) {
            references.push({ label: 'limit', value: base * ratio });
            legend.push(`limit: ${(0,evaluate/* formatNumber */.ZV)(ratio)} × baseline ${(0,evaluate/* formatNumber */.ZV)(base)} ms`);
        }
        add({
            title: 'checkpoint duration (ms)',
            yLabel: 'ms',
            origin,
            lines: [{ label: names.checkpointDuration, points: duration }],
            references,
        }, legend);
        if (skipped.length > 0)
            out.push(`no checkpoint completed at ${skipped.map((p) => axisLabel(p.t - origin)).join(', ')} (left out of the chart)`);
    }
    const inPts = pts('recordsIn');
    const outPts = pts('recordsOut');
    if (inPts.length > 0 || outPts.length > 0) {
        const lines = [
            ...(inPts.length > 0 ? [{ label: names.recordsIn, points: inPts, reduce: 'mean' }] : []),
            ...(outPts.length > 0 ? [{ label: names.recordsOut, points: outPts, reduce: 'mean' }] : []),
        ];
        add({ title: 'throughput (records/s)', yLabel: 'records/s', origin, lines }, lines.map((l) => l.label));
    }
    return out;
}
function renderHealthSection(gate) {
    const out = [`### Health gate: ${VERDICT[gate.verdict]}`, ''];
    if (gate.reason)
        out.push(`${gate.verdict === 'unhealthy' ? '**Reason:** ' : ''}${escapeMarkdown(gate.reason)}`, '');
    if (gate.verdict === 'skipped')
        return out.join('\n');
    out.push(healthWindow(gate), '');
    for (const line of healthNotes(gate))
        out.push(escapeMarkdown(line), '');
    const table = healthRows(gate);
    if (table.length > 0) {
        out.push('| metric | unit | before the upgrade | during the bake |', '|---|---|---|---|');
        for (const r of table)
            out.push(`| ${[r.label, r.unit, r.before, r.during].map(escapeMarkdown).join(' | ')} |`);
        out.push('');
    }
    for (const note of gate.baseline?.notes ?? [])
        out.push(`> ${escapeMarkdown(note)}`, '');
    const drawn = charts(gate);
    for (const c of drawn)
        out.push(c, '');
    if (drawn.length === 0 && Object.keys(gate.series).length > 0)
        out.push('_No chart: a line needs two reads with data; the table has the figures._', '');
    return out.join('\n');
}

;// CONCATENATED MODULE: ./.tmp/build/src/report/markdown.js
/** Escaping for text that comes from users or AWS and goes into Markdown / HTML (the job summary). Pure. */
/** Neutralises HTML and Markdown control characters so the text shows as written. */
function escapeMd(text) {
    return (text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/([\\`*[\]#|~])/g, '\\$1')
        // `_` only starts emphasis at a word boundary (GFM): escape those, keep FLINK-1_20 readable
        .replace(/(^|[^\p{L}\p{N}])_|_(?=[^\p{L}\p{N}]|$)/gu, (_match, before) => before !== undefined ? `${before}\\_` : '\\_')
        .replace(/^(\s*)([-+]|\d+\.)(\s)/gm, '$1\\$2$3'));
}
/** One table cell: escaped, on one line, bounded. */
function cell(text, max = 300) {
    if (text === undefined || text === '')
        return '—';
    const one = String(text).replace(/\s*\r?\n\s*/g, ' ');
    const cut = one.length > max ? `${one.slice(0, max - 1)}…` : one;
    return escapeMd(cut);
}
/** Inline code for identifiers (keys, names): backticks inside are replaced, HTML escaped. */
function code(text) {
    const safe = text
        .replace(/`/g, "'")
        .replace(/\r?\n/g, ' ')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;');
    return `\`${safe}\``;
}
function table(header, rows) {
    return [
        `| ${header.join(' | ')} |`,
        `| ${header.map(() => '---').join(' | ')} |`,
        ...rows.map((r) => `| ${r.join(' | ')} |`),
    ].join('\n');
}
function utf8Length(text) {
    return Buffer.byteLength(text, 'utf8');
}
/** Cuts text to at most `maxBytes` UTF-8 bytes without splitting a character. */
function truncateBytes(text, maxBytes) {
    if (utf8Length(text) <= maxBytes)
        return text;
    const buf = Buffer.from(text, 'utf8').subarray(0, maxBytes);
    // drop a partial trailing character
    return buf.toString('utf8').replace(/\uFFFD$/, '');
}

// EXTERNAL MODULE: ./.tmp/build/src/pipeline/errors.js
var errors = __webpack_require__(6509);
// EXTERNAL MODULE: ./.tmp/build/src/aws/s3-arn.js
var s3_arn = __webpack_require__(2739);
// EXTERNAL MODULE: ./.tmp/build/src/duration.js
var duration = __webpack_require__(3761);
;// CONCATENATED MODULE: ./.tmp/build/src/report/model.js
/**
 * What the reports say, once, as plain data (pure): the job summary (Markdown) and the terminal report
 * render the same rows and facts, each in its own form. Identifiers are marked `{ code }` so the
 * Markdown puts them in backticks and the terminal may colour them.
 */



const RESULT_TITLE = {
    upgraded: 'upgraded',
    unchanged: 'unchanged',
    planned: 'planned (dry run)',
    'rolled-back': 'rolled back',
    failed: 'failed',
};
/** The text of a rich line, identifiers as written. */
function plainText(rich) {
    return rich.map((s) => (typeof s === 'string' ? s : s.code)).join('');
}
function c(text) {
    return { code: text };
}
function model_location(bucket, key, version) {
    if (!bucket || !key)
        return ['—'];
    return [c(`s3://${bucket}/${key}`), ...(version ? [' (version ', c(version), ')'] : [])];
}
function bucketFromArn(arn) {
    return arn === undefined ? undefined : ((0,s3_arn/* bucketNameFromArn */.dX)(arn) ?? arn);
}
function model_text(v) {
    return [v === undefined || v === '' ? '—' : String(v)];
}
/** Before and after (or planned), the same four rows for every result. */
function overviewTable(r) {
    const plan = r.plan;
    const prevLoc = plan
        ? model_location(bucketFromArn(plan.previous.bucketArn), plan.previous.fileKey, plan.previous.objectVersion)
        : ['—'];
    // Without a final read, "after" is only known when nothing was sent (it is "before") or for a dry run
    // (what would run); a run stopped before its update never claims the new code.
    const planned = r.result === 'planned';
    const untouched = !r.finalCode && !r.operation && !planned;
    const before = {
        status: r.previousStatus ?? plan?.status,
        version: r.previousApplicationVersionId,
    };
    const plannedStatus = plan ? (plan.startAfterUpdate ? 'RUNNING' : plan.status) : before.status;
    const afterStatus = r.finalCode?.status ?? r.status ?? (untouched ? before.status : planned ? plannedStatus : undefined);
    const afterCode = r.finalCode
        ? model_location(r.finalCode.bucket, r.finalCode.key, r.finalCode.objectVersion)
        : untouched
            ? prevLoc
            : model_location(r.s3Bucket ?? plan?.code.bucket, r.s3Key ?? plan?.code.key, r.s3ObjectVersion);
    return {
        header: ['', 'before', planned ? 'planned' : 'after'],
        rows: [
            [
                'Runtime',
                model_text(r.previousRuntime),
                model_text(untouched ? r.previousRuntime : (r.runtime ?? plan?.runtime.to)),
            ],
            ['Code', prevLoc, afterCode],
            ['Status', model_text(before.status), model_text(afterStatus)],
            [
                'Application version',
                model_text(before.version),
                model_text(untouched ? before.version : planned ? undefined : r.applicationVersionId),
            ],
        ],
    };
}
/** What a rollback path does, where its name does not say it. */
const ROLLBACK_PATH = {
    'restore-named-snapshot': 'stop, update back, start from the rollback point',
    'update-back': 'update back and leave READY: the application was stopped before the upgrade',
};
/**
 * The snapshots, side by side: the pre-upgrade one and, after a rollback, the one it restored and
 * why that one (RollbackApplication restores the newest READY snapshot, which is usually MSF's own,
 * taken when the update stopped the previous version: newer than the pre-upgrade one).
 */
function snapshotFacts(r) {
    const out = [];
    const pre = r.snapshotName;
    if (pre)
        out.push(['Pre-upgrade snapshot ', c(pre)]);
    const rb = r.rollback;
    const restored = rb?.restoredSnapshot;
    if (rb && restored) {
        if (restored === pre) {
            out.push([
                'Rollback restored ',
                c(restored),
                ', the pre-upgrade snapshot',
                rb.decision ? `: ${rb.decision}` : '',
            ]);
        }
        else if (rb.path === 'rollback-application') {
            out.push([
                'Rollback restored ',
                c(restored),
                ...(pre ? [' rather than ', c(pre)] : []),
                ': RollbackApplication restores the newest READY snapshot, and that one belongs to the previous version' +
                    (pre
                        ? ' (it is newer: MSF takes one when an update stops a running job); the pre-upgrade snapshot is the fallback for when the newest belongs to the new version'
                        : ''),
            ]);
        }
        else {
            out.push(['Rollback restored ', c(restored), rb.decision ? `: ${rb.decision}` : '']);
        }
    }
    return out;
}
/** The overview's facts under the table. Durations are real time. */
function overviewFacts(r) {
    const plan = r.plan;
    const facts = [];
    facts.push(['Version ', c(r.version), ` on ${r.platform} (`, c(r.region), ')']);
    facts.push(...snapshotFacts(r));
    if (plan) {
        facts.push([
            'Restore ',
            c(plan.restore.type),
            ...(plan.restore.snapshotName ? [' from ', c(plan.restore.snapshotName)] : []),
            ', allow-non-restored-state ',
            c(String(plan.allowNonRestoredState)),
        ]);
    }
    if (r.operation) {
        facts.push(['Operation ', c(r.operation.id), `: ${r.operation.status}${operationError(r)}`]);
    }
    if (r.startOperation)
        facts.push(['Start operation ', c(r.startOperation.id), `: ${r.startOperation.status}`]);
    if (r.rollbackOperation) {
        facts.push(['Rollback operation ', c(r.rollbackOperation.id), `: ${r.rollbackOperation.status}`]);
    }
    facts.push([`Took ${(0,duration/* formatDuration */.a)(Math.round(runDuration(r)))}`]);
    return facts;
}
/** Real time the run took (older reports without it: the clock's). */
function runDuration(r) {
    return r.durationMs ?? Math.max(0, r.endedAt - r.startedAt);
}
/** Real time a phase took; undefined while it runs. */
function phaseDuration(p) {
    if (p.durationMs !== undefined)
        return p.durationMs;
    return p.endedAt !== undefined ? Math.max(0, p.endedAt - p.startedAt) : undefined;
}
function timelineRows(r) {
    return r.phases.map((p) => {
        const d = phaseDuration(p);
        return {
            title: p.title,
            took: d === undefined ? '—' : (0,duration/* formatDuration */.a)(Math.round(d)),
            outcome: p.outcome,
            note: p.note ?? '',
        };
    });
}
function rollbackView(r) {
    const rb = r.rollback;
    if (rb) {
        const ok = rb.outcome === 'rolled-back';
        const facts = [
            [
                'Path: ',
                c(rb.path),
                ROLLBACK_PATH[rb.path] ? ` (${ROLLBACK_PATH[rb.path]})` : '',
                ...(rb.decision && !rb.restoredSnapshot ? [` — ${rb.decision}`] : []),
            ],
        ];
        // the restored snapshot and why: next to the pre-upgrade one (snapshotFacts), not repeated here
        if (rb.rollbackPoint)
            facts.push(['Rollback point: ', c(rb.rollbackPoint)]);
        if (rb.cost) {
            if (rb.cost.rewindSeconds !== undefined)
                facts.push([`Rewind: ${rb.cost.rewindSeconds}s`]);
            facts.push([`Cost: ${rb.cost.text}`]);
        }
        if (rb.applicationStatus) {
            facts.push([
                'Application now: ',
                c(rb.applicationStatus),
                ...(rb.runtime ? [' on ', c(rb.runtime)] : []),
                rb.versionId !== undefined ? `, application version ${rb.versionId}` : '',
                ...(rb.fileKey ? [', code ', c(rb.fileKey)] : []),
            ]);
        }
        return {
            ok,
            title: ok ? 'rolled back' : 'failed',
            text: (0,errors/* firstParagraph */.lE)(rb.message),
            commands: !ok && rb.manualSteps ? rb.manualSteps : [],
            facts,
        };
    }
    if (r.rollbackOperation) {
        const failed = r.startOperation?.status === 'FAILED' ? r.startOperation : r.operation;
        return {
            ok: r.rollbackOperation.status === 'SUCCESSFUL',
            title: 'by Managed Service for Apache Flink',
            text: `${failed ? `${failed.operation} ${failed.id} ended ${failed.status}; ` : ''}` +
                `MSF's own rollback ${r.rollbackOperation.id} ended ${r.rollbackOperation.status}.`,
            commands: [],
            facts: r.systemRollbackCost
                ? [
                    ['Rollback point: ', c(r.systemRollbackCost.snapshot)],
                    ...(r.systemRollbackCost.rewindSeconds !== undefined
                        ? [[`Rewind: ${r.systemRollbackCost.rewindSeconds}s`]]
                        : []),
                    [`Cost: ${r.systemRollbackCost.text}`],
                ]
                : [],
        };
    }
    return undefined;
}
/** MSF's error for the update, unless the headline's reason already says it. */
function operationError(r) {
    const error = r.operation?.errorString;
    if (!error)
        return '';
    const flat = (t) => t.replace(/\s+/g, ' ').trim();
    return flat(r.reason).includes(flat(error).slice(0, 200))
        ? ' (its error is in the reason above)'
        : ` — ${oneLine(error, 600)}`;
}
function oneLine(s, max) {
    const one = s.replace(/\s*\r?\n\s*/g, ' ');
    return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

;// CONCATENATED MODULE: ./.tmp/build/src/report/summary.js
/**
 * The job summary, rendered from the run's report. Pure: the same report always gives the same
 * Markdown, every user or AWS string is escaped, and the result stays under GitHub's 1 MiB limit.
 */



/** GitHub refuses step summaries over 1 MiB; keep a margin for other steps' content. */
const SUMMARY_MAX_BYTES = 1024 * 1024 - 16 * 1024;
const RESULT_HEADLINE = {
    upgraded: '✅ upgraded',
    unchanged: '⏸️ unchanged',
    planned: '📝 planned (dry run)',
    'rolled-back': '↩️ rolled back',
    failed: '❌ failed',
};
const MAX_FINDING_ROWS = 200;
function renderSummary(report, maxBytes = SUMMARY_MAX_BYTES) {
    const sections = [];
    const add = (title, body, priority) => {
        if (body)
            sections.push({ title, body, priority });
    };
    add('headline', `## ${RESULT_HEADLINE[report.result]}: ${code(report.application)}\n\n${escapeMd(report.reason)}`, 100);
    add('overview', overview(report), 90);
    // What a reviewer must act on first: the warnings, then what happened to the application.
    if (report.warnings.length > 0) {
        add('warnings', `### Warnings\n\n${report.warnings.map((w) => `- ${escapeMd(w)}`).join('\n')}`, 55);
    }
    add('rollback', rollback(report), 85);
    if (report.gate)
        add('health', renderHealthSection(report.gate), 50);
    add('timeline', timeline(report), 70);
    if (report.planLines.length > 0 && (report.result === 'planned' || report.plan)) {
        add('plan', `### Plan\n\n${report.planLines.map((l) => `- ${escapeMd(l)}`).join('\n')}`, 80);
    }
    add('jar-check', jarCheck(report), 40);
    if (report.logGroups.length > 0) {
        add('logs', `### Logs\n\nCloudWatch log group${report.logGroups.length > 1 ? 's' : ''}: ${report.logGroups.map(code).join(', ')}`, 60);
    }
    let text = join(sections);
    // Too big: drop the least important sections (replaced by a note) until it fits.
    const byPriority = [...sections].sort((a, b) => a.priority - b.priority);
    for (const s of byPriority) {
        if (utf8Length(text) <= maxBytes || s.priority >= 90)
            break;
        s.body = `### ${s.title}\n\n_left out: the summary would exceed GitHub's 1 MiB limit; see the log_`;
        text = join(sections);
    }
    if (utf8Length(text) > maxBytes) {
        const note = '\n\n_…truncated to stay under the 1 MiB summary limit_\n';
        text = truncateBytes(text, maxBytes - utf8Length(note)) + note;
    }
    return text;
}
function join(sections) {
    return `${sections.map((s) => s.body).join('\n\n')}\n`;
}
/** A rich line as Markdown: text escaped, identifiers in backticks. */
function md(rich) {
    return rich.map((seg) => (typeof seg === 'string' ? escapeMd(seg) : code(seg.code))).join('');
}
/** A rich line as one table cell. */
function mdCell(rich) {
    return rich.map((seg) => (typeof seg === 'string' ? (seg ? cell(seg) : '') : code(seg.code))).join('');
}
function overview(r) {
    const t = overviewTable(r);
    const lines = [
        table(t.header, t.rows.map(([label, before, after]) => [label, mdCell(before), mdCell(after)])),
        '',
    ];
    lines.push(overviewFacts(r)
        .map((f) => `- ${md(f)}`)
        .join('\n'));
    return lines.join('\n');
}
function timeline(r) {
    if (r.phases.length === 0)
        return undefined;
    const icon = { ok: '✅', skipped: '⏭️', failed: '❌' };
    const rows = timelineRows(r).map((p) => [
        cell(p.title),
        p.took,
        `${icon[p.outcome]} ${p.outcome}`,
        cell(p.note),
    ]);
    return `### Timeline\n\n${table(['Phase', 'Took (real time)', 'Outcome', 'Note'], rows)}`;
}
function jarCheck(r) {
    const jc = r.jarCheck;
    if (!jc)
        return undefined;
    if (jc.skipped)
        return `### JAR check\n\nSkipped: ${escapeMd(jc.skipped)}`;
    if (jc.findings.length === 0)
        return `### JAR check (${escapeMd(jc.mode)})\n\nNo findings.`;
    const rows = jc.findings
        .slice(0, MAX_FINDING_ROWS)
        .map((f) => [cell(f.severity), code(f.code), cell(f.message), cell(f.location), cell(f.fix)]);
    const more = jc.findings.length > MAX_FINDING_ROWS
        ? `\n\n_${jc.findings.length - MAX_FINDING_ROWS} more finding(s) in the log_`
        : '';
    const errors = jc.findings.filter((f) => f.severity === 'error').length;
    return (`### JAR check (${escapeMd(jc.mode)}): ${jc.findings.length} finding(s), ${errors} error(s)\n\n` +
        `<details${errors > 0 ? ' open' : ''}><summary>Findings</summary>\n\n` +
        `${table(['Severity', 'Code', 'Finding', 'Where', 'Fix'], rows)}${more}\n\n</details>`);
}
/** A shell block: the text shows as written (a fence in a command would end the block early). */
function shellBlock(commands) {
    return ['```sh', ...commands.map((c) => c.replace(/```/g, "'''")), '```'].join('\n');
}
function rollback(r) {
    const view = rollbackView(r);
    if (!view)
        return undefined;
    const icon = view.ok ? '↩️' : '❌';
    const heading = r.rollback ? `### Rollback: ${icon} ${view.title}` : `### Rollback ${view.title}`;
    const out = [heading, '', escapeMd(view.text), ''];
    // a failed rollback's text ends with "run:": the commands follow it
    if (view.commands.length > 0)
        out.push(shellBlock(view.commands), '');
    if (view.facts.length > 0)
        out.push(view.facts.map((f) => `- ${md(f)}`).join('\n'));
    return out.join('\n').trimEnd();
}

;// CONCATENATED MODULE: ./.tmp/build/src/report/publish.js
/**
 * Writes what a run produced: outputs, the job summary (once, never failing the run) and the GitHub
 * deployment status. The sinks are @actions/core in the action and stdout in the CLI.
 */


async function publishReport(report, options, sinks) {
    for (const [name, value] of Object.entries((0,outputs/* toOutputs */.Iu)(report)))
        sinks.setOutput(name, value);
    if (!options.summary || !sinks.writeSummary)
        return undefined;
    let markdown;
    try {
        markdown = renderSummary(report);
        await sinks.writeSummary(markdown);
    }
    catch (err) {
        sinks.warn(`the job summary was not written: ${err instanceof Error ? err.message : String(err)}`);
    }
    return markdown;
}


/***/ })

};
