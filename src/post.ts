/**
 * The action's `post:` entry: runs after the main step, also when the job was cancelled. Reads the run
 * state the main step saved and, for a run cancelled mid-upgrade, rolls back or records what it left.
 * The logic is runPostStep (src/pipeline/post-step.ts); this file only wires @actions/core to it.
 * `src/post-index.ts` calls it (the bundle's entry, dist/post/index.js).
 */
import * as actionsCore from '@actions/core';
import { errorMessage } from './aws/errors.js';
import { systemClock } from './clock.js';
import { inputContextFromEnv, parseInputs, readRawInputs, type Inputs } from './inputs.js';
import { createPlatform } from './platforms.js';
import { DEPLOYMENT_STATE_KEY } from './pipeline/run-state.js';
import { coreLogger } from './log-adapters.js';
import { userAgent } from './user-agent.js';
import {
  cancelledOutcome,
  deploymentContextFromEnv,
  parseSavedDeployment,
  setDeploymentStatus,
} from './report/deployment.js';
import type { PostInputs } from './pipeline/post-run.js';
import { runPostStep } from './pipeline/post-step.js';
import { guardCore } from './workflow-commands.js';

/** every line, annotation and summary goes through the workflow-command neutraliser */
const core = guardCore(actionsCore);

/** The action's inputs, parsed (throws when they do not parse). */
function readInputs(): Inputs {
  return parseInputs(
    readRawInputs((name) => actionsCore.getInput(name)),
    inputContextFromEnv(process.env),
  );
}

/** The inputs the post step needs: through parseInputs, or (when the inputs do not parse) read directly. */
export function readPostInputs(): PostInputs {
  try {
    const inputs = readInputs();
    return {
      rollback: inputs.rollback,
      rollbackTimeoutMs: inputs.rollbackTimeoutMs,
      pollIntervalMs: inputs.pollIntervalMs,
      allowNonRestoredState: inputs.allowNonRestoredState,
      maxStateAgeMs: inputs.maxStateAgeMs,
    };
  } catch (err) {
    core.warning(`post: inputs do not parse (${errorMessage(err)}); reading rollback directly`);
    return {
      rollback: actionsCore.getInput('rollback') === 'never' ? 'never' : 'auto',
      rollbackTimeoutMs: 20 * 60_000,
      pollIntervalMs: 15_000,
    };
  }
}

export async function post(): Promise<void> {
  try {
    const signal = new AbortController().signal;
    const outcome = await runPostStep({
      getState: (key) => actionsCore.getState(key),
      inputs: readInputs,
      postInputs: readPostInputs,
      // the platform the rollback goes through, built as the main step built it
      platform: (inputs, application) => {
        const platform = createPlatform(inputs, {
          application,
          userAgent: `${userAgent(process.env)} post`,
          signal,
          phase: 'rollback',
        });
        for (const value of platform.secrets) actionsCore.setSecret(value);
        return platform;
      },
      clock: systemClock,
      log: coreLogger(core),
      signal,
    });
    if (outcome.summary) {
      try {
        await core.writeSummary(outcome.summary);
      } catch (err) {
        core.warning(`post: could not write the job summary: ${errorMessage(err)}`);
      }
    }
    // never left pending: the deployment of a run the main step did not finish gets its terminal status
    const deployment = parseSavedDeployment(actionsCore.getState(DEPLOYMENT_STATE_KEY));
    if (deployment && !deployment.closed) {
      await setDeploymentStatus(
        deployment.id,
        { ...cancelledOutcome(outcome), subject: deployment },
        { ...deploymentContextFromEnv(process.env), token: actionsCore.getInput('github-token') },
        (line) => core.info(line),
      );
    }
    if (outcome.action === 'rollback-failed' || outcome.action === 'left-as-is')
      core.setFailed(outcome.message);
  } catch (err) {
    core.setFailed(`post: ${errorMessage(err)}`);
  }
}

/** The name @github/local-action (`--post src/post.ts`) calls. */
export { post as run };
