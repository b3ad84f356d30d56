import type { KinesisAnalyticsV2Client } from '@aws-sdk/client-kinesis-analytics-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { clientConfig, createMsfClient, type ClientOptions } from './msf-client.js';

export type { ClientOptions } from './msf-client.js';

/** The AWS clients the action uses; made here only, then passed into every phase. */
export interface AwsClients {
  msf: KinesisAnalyticsV2Client;
  s3: S3Client;
  cloudwatch: CloudWatchClient;
  region: string;
}

/**
 * S3 must be addressed path-style when a custom endpoint is configured (emulators, S3-compatible
 * stores): virtual-hosted bucket names would not resolve on 127.0.0.1.
 */
export function usesCustomS3Endpoint(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
}

/** The oldest node the AWS SDK for JavaScript keeps supporting (its NodeVersionSupportWarning). */
export const SDK_MIN_NODE = 22;

/**
 * One line about the node version, for the end of a run; undefined on a supported node. The SDK's own
 * warning is several lines printed by node whenever it gets to it, in the middle of the log: the
 * clients are made with it off (AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED) and this says it once.
 */
export function nodeSupportNote(version: string = process.version): string | undefined {
  const major = Number(/^v?(\d+)/.exec(version)?.[1]);
  if (!(major < SDK_MIN_NODE)) return undefined;
  return (
    `note: node ${version}: AWS SDK for JavaScript releases after the first week of January 2027 require ` +
    `node >= ${SDK_MIN_NODE}; the action itself runs on node 24`
  );
}

let noted = false;

/** nodeSupportNote, the first time it is asked for in this process (a demo makes several runs). */
export function nodeSupportNoteOnce(): string | undefined {
  if (noted) return undefined;
  noted = true;
  return nodeSupportNote();
}
/**
 * An upload body that carries a flexible checksum (`x-amz-checksum-*`, which S3 verifies) is signed with
 * `UNSIGNED-PAYLOAD` instead of a SHA-256 of the body: the SDK would otherwise hash every part a second
 * time just for the signature (over TLS, as the AWS CLI does, the checksum is the integrity check).
 */
function unsignedChecksummedPayload<A extends { request: unknown }, R>(
  next: (args: A) => Promise<R>,
): (args: A) => Promise<R> {
  return async (args) => {
    const headers = (args.request as { headers?: Record<string, string> }).headers;
    if (headers && Object.keys(headers).some((h) => CHECKSUM_HEADER.test(h)))
      headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    return next(args);
  };
}
const CHECKSUM_HEADER = /^x-amz-checksum-(crc32|crc32c|crc64nvme|sha1|sha256)$/i;

export function createClients(
  options: ClientOptions & {
    /** The MSF client made ahead of the others (createMsfClient, same options), to be reused. */
    msf?: KinesisAnalyticsV2Client;
  } = {},
): AwsClients {
  const env = options.env ?? process.env;
  const common = clientConfig(options);
  // Endpoints come from AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>, which the SDK reads itself.
  // No `Expect: 100-continue` on uploads: the SDK sends a body with it over a connection of its own that
  // is closed after the request (a new connection, over TLS a new handshake, for every part), and the
  // part then waits for the server's `100 Continue` before it sends a byte. A refused 8 MiB part costs
  // less than that on every part.
  const s3 = new S3Client({
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
    msf: options.msf ?? createMsfClient(options),
    s3,
    cloudwatch: new CloudWatchClient(common),
  };
}
