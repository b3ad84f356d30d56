/**
 * The pipeline as the entry points (the action's main step and the CLI) call it: one `runRelease` for
 * every platform (the post step's counterpart is `runPostStep`, src/pipeline/post-step.ts), given the platform the entry point built once
 * (src/platforms.ts). A platform implementing `Platform` (src/pipeline/platform.ts) runs through
 * `runOnPlatform`; Managed Service for Apache Flink still runs as a `FlinkTarget` through `UpgradeRun`
 * until its run drives `Platform` too. The entry points never see which.
 */
import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../clock.js';
import type { Inputs } from '../inputs.js';
import type { Logger } from '../log.js';
import type { UpgradeReport } from '../report/types.js';
import type { Annotation } from './deps.js';
import type { Platform } from './platform.js';
import { PLATFORM_RUN_STATE_KEY, runOnPlatform } from './platform-run.js';
import { RUN_STATE_KEY } from './run-state.js';
import type { FlinkTarget } from './target.js';
import { runUpgrade } from './upgrade.js';

/** The platform an entry point built, with what the entry point itself needs of it. */
export interface RunPlatform {
  /** where it is (an AWS region, a JobManager URL): for the deployment and messages */
  readonly location: string;
  /** values never to be shown in logs (request headers for an authenticating proxy) */
  readonly secrets: readonly string[];
  /** a warning before anything runs (credentials that end before the run can), if any */
  sessionWarning?(runMs: number): Promise<{ title: string; message: string } | undefined>;
  /** how the pipeline drives it */
  readonly drive: { platform: Platform } | { target: FlinkTarget; clients: AwsClients };
}

export interface RunDeps {
  platform: RunPlatform;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
  /** saves what the post step needs (core.saveState): called with a key and JSON */
  saveState?: (key: string, json: string) => void;
  annotate?: (annotation: Annotation) => void;
}

/** The upgrade, on whatever platform the entry point built. */
export async function runRelease(inputs: Inputs, deps: RunDeps): Promise<UpgradeReport> {
  const { drive } = deps.platform;
  const common = {
    clock: deps.clock,
    log: deps.log,
    signal: deps.signal,
    ...(deps.annotate ? { annotate: deps.annotate } : {}),
  };
  const save = deps.saveState;
  if ('platform' in drive) {
    return runOnPlatform(inputs, {
      ...common,
      platform: drive.platform,
      ...(save ? { onState: (state) => save(PLATFORM_RUN_STATE_KEY, JSON.stringify(state)) } : {}),
    });
  }
  return runUpgrade(inputs, {
    ...common,
    clients: drive.clients,
    platform: drive.target,
    ...(save ? { onState: (state) => save(RUN_STATE_KEY, JSON.stringify(state)) } : {}),
  });
}
