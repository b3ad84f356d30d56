/**
 * The settings every AWS client shares (region, retries, timeouts, user agent), and the MSF client made
 * from them. Apart from src/aws/clients.ts so that the action's first request (DescribeApplication, made
 * while the rest of the action loads: src/msf/early-describe.ts) needs neither the S3 nor the CloudWatch
 * client loaded.
 */
import { KinesisAnalyticsV2Client } from '@aws-sdk/client-kinesis-analytics-v2';

export interface ClientOptions {
  /** AWS region; default from AWS_REGION / AWS_DEFAULT_REGION (the SDK's own chain). */
  region?: string;
  /** Appended to the SDK user agent, e.g. `flink-upgrade-action/1.0.0 run/123-1`. */
  userAgent?: string;
  /** Max attempts per call, including the first (default 6, adaptive retry mode). */
  maxAttempts?: number;
  /** Only for tests: fixed credentials instead of the default provider chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  env?: NodeJS.ProcessEnv;
}

/** The configuration shared by the action's clients. */
export function clientConfig(options: ClientOptions = {}) {
  const env = options.env ?? process.env;
  // read by the SDK from process.env when a client is made; nodeSupportNote says it once instead
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  return {
    region,
    maxAttempts: options.maxAttempts ?? 6,
    retryMode: 'adaptive' as const,
    // A hung connection must not hold the run past its deadline: each attempt gives up after 10 s
    // without a connection or 2 minutes without data (a TimeoutError, retried like other transient errors).
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000, throwOnRequestTimeout: true },
    ...(options.userAgent ? { customUserAgent: options.userAgent } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
}

/** The MSF (kinesisanalyticsv2) client. Endpoints come from AWS_ENDPOINT_URL(_KINESISANALYTICS_V2). */
export function createMsfClient(options: ClientOptions = {}): KinesisAnalyticsV2Client {
  return new KinesisAnalyticsV2Client(clientConfig(options));
}
