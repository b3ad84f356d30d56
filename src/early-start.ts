/**
 * What the action's main step does before the rest of it is loaded (src/index.ts): read and validate
 * the inputs, and for an MSF application make the MSF client and send the first request
 * (src/msf/early-describe.ts). Kept to what that needs, so that the bundle's first part is small: the
 * rest of the action (src/main.ts, with @actions/core, the S3 and CloudWatch clients and the pipeline)
 * is a chunk of its own, loaded while the request is on its way.
 */
import type { KinesisAnalyticsV2Client } from '@aws-sdk/client-kinesis-analytics-v2';
import { statSync } from 'node:fs';
import { createMsfClient } from './aws/msf-client.js';
import { inputContextFromEnv, parseInputs, readRawInputs, type InputName } from './inputs.js';
import { describeEarly } from './msf/early-describe.js';
import { userAgent } from './user-agent.js';

/** What the early start hands to the main step: the MSF client, its first request already sent. */
export interface EarlyStart {
  msf: KinesisAnalyticsV2Client;
  /** the request is on the wire (or a second passed): time to load the rest (never rejects) */
  sent: Promise<void>;
}

/** An input as @actions/core's getInput reads it (without `required`): INPUT_<NAME>, trimmed. */
export function actionInput(env: NodeJS.ProcessEnv, name: InputName): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/**
 * The MSF client with DescribeApplication sent, when the inputs are valid, name an MSF application and
 * an artifact that is a file (if any); undefined otherwise, and the main step reports what is wrong.
 */
export function earlyStart(env: NodeJS.ProcessEnv = process.env): EarlyStart | undefined {
  try {
    const inputs = parseInputs(
      readRawInputs((name) => actionInput(env, name)),
      inputContextFromEnv(env),
    );
    if (inputs.platform !== 'msf') return undefined;
    const artifact = inputs.artifact ? statSync(inputs.artifact, { throwIfNoEntry: false }) : undefined;
    if (inputs.artifact && !(artifact?.isFile() && artifact.size > 0)) return undefined;
    const msf = createMsfClient({ userAgent: userAgent(env), env });
    const { sent } = describeEarly(msf, inputs.applicationName);
    return { msf, sent };
  } catch {
    return undefined;
  }
}
