export const id = 265;
export const ids = [265];
export const modules = {

/***/ 9265:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cancelledOutcome: () => (/* binding */ cancelledOutcome),
/* harmony export */   consoleUrl: () => (/* binding */ consoleUrl),
/* harmony export */   deploymentContextFromEnv: () => (/* binding */ deploymentContextFromEnv),
/* harmony export */   deploymentOutcome: () => (/* binding */ deploymentOutcome),
/* harmony export */   finishDeployment: () => (/* binding */ finishDeployment),
/* harmony export */   parseSavedDeployment: () => (/* binding */ parseSavedDeployment),
/* harmony export */   setDeploymentStatus: () => (/* binding */ setDeploymentStatus),
/* harmony export */   startDeployment: () => (/* binding */ startDeployment)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/**
 * A GitHub deployment per run, where release engineers look: created `in_progress` when the run
 * starts, set to `success` or `failure` (rolled back is a failure, with the reason) when it ends, and
 * closed by the post step when the job was cancelled in between, so it is never left pending.
 * `environment_url` opens the application in the Managed Service for Apache Flink console.
 * Needs a token (the `github-token` input, the workflow's token by default) with
 * `deployments: write`; never fails the run: a refusal is one log line.
 */

function deploymentContextFromEnv(env) {
    return {
        repository: env.GITHUB_REPOSITORY,
        sha: env.GITHUB_SHA,
        serverUrl: env.GITHUB_SERVER_URL,
        apiUrl: env.GITHUB_API_URL,
        runId: env.GITHUB_RUN_ID,
    };
}
/** The MSF console page of the application. */
function consoleUrl(subject) {
    const region = encodeURIComponent(subject.region);
    return (`https://${region}.console.aws.amazon.com/flink/home?region=${region}` +
        `#/applications/${encodeURIComponent(subject.application)}`);
}
/** The terminal status of a finished run: upgraded and unchanged are a success, anything else a failure. */
function deploymentOutcome(report) {
    const ok = report.result === 'upgraded' || report.result === 'unchanged' || report.result === 'planned';
    const prefix = report.result === 'rolled-back' ? 'rolled back: ' : ok ? '' : 'failed: ';
    return { state: ok ? 'success' : 'failure', description: shorten(`${prefix}${report.reason}`) };
}
/** The status the post step gives a deployment the cancelled main step left open, after acting on the run. */
function cancelledOutcome(post) {
    const state = post.action === 'rolled-back' || post.action === 'nothing' ? 'failure' : 'error';
    return { state, description: shorten(`cancelled: ${post.message}`) };
}
function parseSavedDeployment(text) {
    try {
        const v = JSON.parse(text);
        return typeof v.id === 'number' && typeof v.application === 'string' && typeof v.region === 'string'
            ? { id: v.id, application: v.application, region: v.region, closed: v.closed === true }
            : undefined;
    }
    catch {
        return undefined;
    }
}
/** GitHub keeps at most 140 characters of a status description. */
function shorten(text) {
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length <= 140 ? line : `${line.slice(0, 139)}…`;
}
function target(ctx) {
    if (!ctx.token || !ctx.repository)
        return undefined;
    const [owner, repo] = ctx.repository.split('/');
    if (!owner || !repo)
        return undefined;
    return {
        owner,
        repo,
        octokit: (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(ctx.token, ctx.apiUrl ? { baseUrl: ctx.apiUrl } : {}),
        ...(ctx.serverUrl && ctx.runId
            ? { logUrl: `${ctx.serverUrl}/${ctx.repository}/actions/runs/${ctx.runId}` }
            : {}),
    };
}
function refused(err, debug, what) {
    debug(`GitHub ${what} not recorded (${err instanceof Error ? err.message : String(err)}); ` +
        'the workflow needs "permissions: deployments: write", or set github-token to empty to skip it');
    return undefined;
}
/**
 * Creates the run's deployment (environment `msf/<application>`) with status `in_progress`; returns its
 * id, or undefined when there is no token or GitHub refused.
 */
async function startDeployment(subject, ctx, debug) {
    const t = target(ctx);
    if (!t || !ctx.sha)
        return undefined;
    let id;
    try {
        const created = await t.octokit.rest.repos.createDeployment({
            owner: t.owner,
            repo: t.repo,
            ref: ctx.sha,
            environment: `msf/${subject.application}`,
            auto_merge: false,
            required_contexts: [],
            description: shorten(`${subject.application} ${subject.version}`),
            transient_environment: false,
            payload: { application: subject.application, version: subject.version, region: subject.region },
        });
        if (!('id' in created.data))
            return refused(new Error(created.data.message ?? 'no id'), debug, 'deployment');
        id = created.data.id;
    }
    catch (err) {
        return refused(err, debug, 'deployment');
    }
    await setDeploymentStatus(id, {
        state: 'in_progress',
        description: shorten(`upgrading ${subject.application} to ${subject.version}`),
        subject,
    }, ctx, debug);
    return id;
}
/** Sets a status of the run's deployment; true when GitHub took it. */
async function setDeploymentStatus(id, status, ctx, debug) {
    const t = target(ctx);
    if (!t)
        return false;
    try {
        await t.octokit.rest.repos.createDeploymentStatus({
            owner: t.owner,
            repo: t.repo,
            deployment_id: id,
            state: status.state,
            description: shorten(status.description),
            environment_url: consoleUrl(status.subject),
            auto_inactive: status.state === 'success',
            ...(t.logUrl ? { log_url: t.logUrl } : {}),
        });
        return true;
    }
    catch (err) {
        refused(err, debug, `deployment status ${status.state}`);
        return false;
    }
}
/** The terminal status for a finished run. */
function finishDeployment(id, report, ctx, debug) {
    return setDeploymentStatus(id, { ...deploymentOutcome(report), subject: { application: report.application, region: report.region } }, ctx, debug);
}


/***/ })

};
