/** Classification of AWS SDK errors: what is worth another poll, and how to name an error in one line. */

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestThrottled',
  'ProvisionedThroughputExceededException',
]);

const TRANSIENT_NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

interface SdkErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

export function errorName(err: unknown): string {
  const e = err as SdkErrorShape | undefined;
  return e?.name ?? e?.Code ?? e?.code ?? 'Error';
}

export function isThrottling(err: unknown): boolean {
  const e = err as SdkErrorShape | undefined;
  return THROTTLING.has(errorName(err)) || (e?.Code !== undefined && THROTTLING.has(e.Code));
}

/** Throttling, 5xx, dropped connections and timeouts: another attempt may succeed. */
export function isTransient(err: unknown): boolean {
  if (isThrottling(err)) return true;
  const e = err as SdkErrorShape | undefined;
  if (!e || typeof e !== 'object') return false;
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return TRANSIENT_NETWORK.has(errorName(err)) || (e.code !== undefined && TRANSIENT_NETWORK.has(e.code));
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** `ResourceInUseException: Application x is in UPDATING status` */
export function describeError(err: unknown): string {
  const name = errorName(err);
  const message = errorMessage(err);
  return message.startsWith(name) || name === 'Error' ? message : `${name}: ${message}`;
}
