/**
 * The post step as src/post.ts calls it, for every platform: finds the state the main step saved (a run
 * through `Platform`, or MSF's run as a `FlinkTarget`), builds the platform through the entry point's
 * factory, and acts on what a cancelled run left in flight. Apart from src/pipeline/run.ts so the post
 * step's bundle does not carry the upgrade.
 */
import type { Clock } from '../clock.js';
import type { Inputs } from '../inputs.js';
import type { Logger } from '../log.js';
import { PLATFORM_RUN_STATE_KEY, parsePlatformRunState, postOnPlatform } from './platform-run.js';
import { parseRunState, runPost, type PostInputs } from './post-run.js';
import type { RunPlatform } from './run.js';
import { RUN_STATE_KEY } from './run-state.js';

export interface PostStepDeps {
  /** the state the main step saved under a key (core.getState: '' when none) */
  getState(key: string): string;
  /** the inputs, parsed: a run through `Platform` is finished on the platform they name (throws when they do not parse) */
  inputs(): Inputs;
  /** the inputs the rollback of MSF's run needs (read directly, with a warning, when they do not parse) */
  postInputs(): PostInputs;
  /** builds the platform (src/platforms.ts) for the saved run's application: from the inputs, or MSF without them */
  platform(inputs: Inputs | undefined, application: string): RunPlatform;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
}

export interface PostStepOutcome {
  action: 'nothing' | 'rolled-back' | 'rollback-failed' | 'left-as-is';
  message: string;
  /** Markdown for the job summary (absent when there is nothing to say) */
  summary?: string;
}

/** The post step: acts on what a run cancelled mid-upgrade left in flight, on the platform it ran on. */
export async function runPostStep(deps: PostStepDeps): Promise<PostStepOutcome> {
  const common = { clock: deps.clock, log: deps.log, signal: deps.signal };
  const platformState = parsePlatformRunState(deps.getState(PLATFORM_RUN_STATE_KEY));
  if (platformState) {
    const inputs = deps.inputs();
    const built = deps.platform(inputs, platformState.application);
    if (!('platform' in built.drive))
      throw new Error(`the run saved a platform state, but platform ${built.location} has none`);
    const outcome = await postOnPlatform(platformState, inputs, {
      ...common,
      platform: built.drive.platform,
    });
    deps.log.info(`post: ${outcome.message}`);
    if (outcome.rollback?.manualSteps?.length)
      deps.log.info(`post: to finish by hand:\n${outcome.rollback.manualSteps.join('\n')}`);
    return { action: outcome.action, message: outcome.message };
  }
  const state = parseRunState(deps.getState(RUN_STATE_KEY));
  // inputs matter only for a run that ended without a result
  const post: PostInputs =
    state && !state.result
      ? deps.postInputs()
      : { rollback: 'never', rollbackTimeoutMs: 0, pollIntervalMs: 15_000 };
  const built = deps.platform(undefined, state?.application ?? '');
  if (!('target' in built.drive)) throw new Error('the run saved no state this platform reads');
  const outcome = await runPost(state, post, {
    ...common,
    clients: built.drive.clients,
    platform: built.drive.target,
  });
  return {
    action: outcome.action,
    message: outcome.message,
    ...(outcome.summary ? { summary: outcome.summary } : {}),
  };
}
