/**
 * The one place a platform is built: each entry point (the action's main and post steps, the CLI)
 * calls `createPlatform` once and hands the result to the pipeline. Managed Service for Apache Flink
 * today; a second platform is one more branch here (and its folder under `src/`).
 */
import type { AwsClients } from './aws/clients.js';
import { MsfTarget } from './msf/target.js';
import type { Phase } from './pipeline/errors.js';
import type { FlinkTarget } from './pipeline/target.js';

export interface PlatformOptions {
  clients: AwsClients;
  application: string;
  signal?: AbortSignal;
  /** the phase calls are attributed to in error messages until the pipeline names one */
  phase?: Phase;
}

export function createPlatform(options: PlatformOptions): FlinkTarget {
  return new MsfTarget({
    client: options.clients.msf,
    application: options.application,
    region: options.clients.region,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.phase ? { phase: options.phase } : {}),
  });
}
