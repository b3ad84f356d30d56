/**
 * The action's main step: read the inputs, make the clients, run the upgrade, publish what it did.
 * No logic of its own.
 */
import * as actionsCore from '@actions/core';
import { nodeSupportNoteOnce } from './aws/clients.js';
import { systemClock } from './clock.js';
import { createPlatform } from './platforms.js';
import { inputContextFromEnv, parseInputs, readRawInputs } from './inputs.js';
import { DEPLOYMENT_STATE_KEY } from './pipeline/run-state.js';
import { coreLogger } from './log-adapters.js';
import { runRelease } from './pipeline/run.js';
import { userAgent } from './user-agent.js';
import type { EarlyStart } from './early-start.js';
import type { SavedDeployment } from './report/deployment.js';
import { annotationBudget } from './report/annotations.js';
import { isFailure } from './report/outputs.js';
import { guardCore } from './workflow-commands.js';

/** `early`: the MSF client with its first request already sent (src/early-start.ts), if any. */
export async function run(early?: EarlyStart): Promise<void> {
  // every line, annotation and summary goes through the workflow-command neutraliser
  const core = guardCore(actionsCore);
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    core.info(`received ${signal}: cancelling; the post step will see what was left in flight`);
    controller.abort(new Error(`cancelled by ${signal}`));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const inputs = parseInputs(
      readRawInputs((name) => actionsCore.getInput(name)),
      inputContextFromEnv(process.env),
    );
    if (inputs.githubToken) actionsCore.setSecret(inputs.githubToken);
    // the platform, built once; the AWS clients reuse the MSF client of the early start
    const platform = createPlatform(inputs, {
      userAgent: userAgent(process.env),
      signal: controller.signal,
      ...(early ? { msf: early.msf } : {}),
    });
    // request headers for a cluster behind an authenticating proxy: never shown in logs
    for (const value of platform.secrets) actionsCore.setSecret(value);
    const where = platform.location;
    const lifetime = await platform.sessionWarning?.(inputs.timeoutMs + inputs.rollbackTimeoutMs);
    const annotate = annotationBudget(
      (a) => {
        const props = { title: a.title, ...(a.file ? { file: a.file } : {}) };
        if (a.level === 'error') core.error(a.message, props);
        else if (a.level === 'warning') core.warning(a.message, props);
        else core.notice(a.message, props);
      },
      (line) => core.info(line),
    );
    if (lifetime) annotate({ level: 'warning', ...lifetime });
    // A dry run changes nothing: no deployment. Otherwise in_progress now, closed below or by the post step.
    // The GitHub client (octokit) is a chunk of its own, loaded only when a deployment is recorded.
    const deployments =
      inputs.dryRun || !inputs.githubToken ? undefined : await import('./report/deployment.js');
    const deploymentCtx = deployments && {
      ...deployments.deploymentContextFromEnv(process.env),
      token: inputs.githubToken,
    };
    const saved: SavedDeployment | undefined =
      deployments && deploymentCtx
        ? await deployments
            .startDeployment(
              { application: inputs.applicationName, version: inputs.version, region: where },
              deploymentCtx,
              (line) => core.info(line),
            )
            .then((id) =>
              id === undefined
                ? undefined
                : { id, application: inputs.applicationName, region: where, closed: false },
            )
        : undefined;
    if (saved) actionsCore.saveState(DEPLOYMENT_STATE_KEY, JSON.stringify(saved));
    const report = await runRelease(inputs, {
      platform,
      clock: systemClock,
      log: coreLogger(core),
      signal: controller.signal,
      saveState: (key, json) => actionsCore.saveState(key, json),
      annotate,
    });
    // Loaded once the upgrade is done, from a chunk of its own: the summary renderer is not needed before
    // it, and loading it up front delayed the first AWS request (README, "Performance").
    const { publishReport } = await import('./report/publish.js');
    await publishReport(
      report,
      { summary: inputs.summary },
      {
        setOutput: (name, value) => actionsCore.setOutput(name, value),
        writeSummary: (markdown) => core.writeSummary(markdown),
        warn: (message) => annotate({ level: 'warning', title: 'Job summary', message }),
      },
    );
    // A cancelled run is closed by the post step, once it has acted on what the run left in flight.
    if (saved && deployments && deploymentCtx && !controller.signal.aborted) {
      const closed = await deployments.finishDeployment(saved.id, report, deploymentCtx, (line) =>
        core.info(line),
      );
      if (closed) actionsCore.saveState(DEPLOYMENT_STATE_KEY, JSON.stringify({ ...saved, closed }));
    }
    // The result, once: an error annotation for a release that did not go out, a line otherwise.
    if (isFailure(report)) core.setFailed(report.reason);
    else core.info(`${report.application}: ${report.result}: ${report.reason}`);
    const note = nodeSupportNoteOnce();
    if (note) core.info(note);
  } catch (err) {
    core.setFailed(err instanceof Error ? err.message : String(err));
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
