/**
 * The one place a platform is built: each entry point (the action's main and post steps, the CLI)
 * calls `createPlatform` once and hands the result to the pipeline (src/pipeline/run.ts). Managed
 * Service for Apache Flink (`src/msf/`, the default) and a self-managed Flink cluster (`src/flink/`);
 * a further platform is one more branch here (and its folder under `src/`).
 */
import type { KinesisAnalyticsV2Client } from '@aws-sdk/client-kinesis-analytics-v2';
import { createClients, type AwsClients } from './aws/clients.js';
import { credentialExpiration, credentialLifetimeWarning } from './aws/credentials.js';
import { createFlinkPlatform } from './flink/platform.js';
import type { Inputs } from './inputs.js';
import { MsfTarget } from './msf/target.js';
import type { Phase } from './pipeline/errors.js';
import type { RunPlatform } from './pipeline/run.js';
import type { FlinkTarget } from './pipeline/target.js';

export interface PlatformOptions {
  /** the application named by the saved run state (the post step); default: the inputs' */
  application?: string;
  /** the user agent of the AWS clients */
  userAgent: string;
  env?: NodeJS.ProcessEnv;
  region?: string;
  /** clients made already (tests); default: made from the environment */
  clients?: AwsClients;
  /** the MSF client with its first request already sent (src/early-start.ts) */
  msf?: KinesisAnalyticsV2Client;
  signal?: AbortSignal;
  /** the phase calls are attributed to in error messages until the pipeline names one */
  phase?: Phase;
}

/**
 * The platform the inputs name. Without inputs (the post step, when its inputs do not parse or are not
 * needed) the saved run's application on Managed Service for Apache Flink, the only platform whose post
 * step goes on without them.
 */
export function createPlatform(inputs: Inputs | undefined, options: PlatformOptions): RunPlatform {
  if (inputs?.platform === 'flink') {
    const platform = createFlinkPlatform(inputs);
    // request headers for a cluster behind an authenticating proxy: never shown in logs
    return {
      location: platform.location,
      secrets: Object.values(inputs.flink?.headers ?? {}),
      drive: { platform },
    };
  }
  const clients =
    options.clients ??
    createClients({
      userAgent: options.userAgent,
      ...(options.env ? { env: options.env } : {}),
      ...(options.region ? { region: options.region } : {}),
      ...(options.msf ? { msf: options.msf } : {}),
    });
  return {
    location: clients.region,
    secrets: [],
    // Missing credentials are reported by the first AWS call, with the fix; here only their lifetime matters.
    sessionWarning: async (runMs) => {
      const expiration = await credentialExpiration(clients).catch(() => undefined);
      const message = credentialLifetimeWarning(expiration, Date.now(), runMs);
      return message ? { title: 'AWS session shorter than the run', message } : undefined;
    },
    drive: {
      target: createMsfTarget({
        clients,
        application: options.application ?? inputs?.applicationName ?? '',
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.phase ? { phase: options.phase } : {}),
      }),
      clients,
    },
  };
}

/** MSF as the FlinkTarget its run still drives (src/pipeline/upgrade.ts), for the scenario tests. */
export function createMsfTarget(options: {
  clients: AwsClients;
  application: string;
  signal?: AbortSignal;
  phase?: Phase;
}): FlinkTarget {
  return new MsfTarget({
    client: options.clients.msf,
    application: options.application,
    region: options.clients.region,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.phase ? { phase: options.phase } : {}),
  });
}
