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

/**
 * The error itself, or the first error in its `cause` chain, that `test` accepts: the pipeline wraps
 * AWS errors into messages (PhaseError) and keeps the SDK error as the cause.
 */
function findInChain(err: unknown, test: (e: unknown) => boolean): unknown {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e !== undefined && e !== null; depth++) {
    if (test(e)) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function isThrottlingError(err: unknown): boolean {
  const e = err as SdkErrorShape | undefined;
  return THROTTLING.has(errorName(err)) || (e?.Code !== undefined && THROTTLING.has(e.Code));
}

function isTransientError(err: unknown): boolean {
  if (isThrottlingError(err)) return true;
  const e = err as SdkErrorShape | undefined;
  if (!e || typeof e !== 'object') return false;
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return TRANSIENT_NETWORK.has(errorName(err)) || (e.code !== undefined && TRANSIENT_NETWORK.has(e.code));
}

/** Throttling, also when wrapped (see findInChain). */
export function isThrottling(err: unknown): boolean {
  return findInChain(err, isThrottlingError) !== undefined;
}

/** Throttling, 5xx, dropped connections and timeouts (also when wrapped): another attempt may succeed. */
export function isTransient(err: unknown): boolean {
  return transientCause(err) !== undefined;
}

/** The transient AWS error behind `err` (itself or a cause), for a one-line log. */
export function transientCause(err: unknown): unknown {
  return findInChain(err, isTransientError);
}

/** How many attempts the SDK made for the call that failed (1 when it did not say). */
export function attemptsOf(err: unknown): number {
  const found = findInChain(err, (e) => typeof (e as SdkErrorShape).$metadata === 'object');
  const attempts = (found as { $metadata?: { attempts?: unknown } } | undefined)?.$metadata?.attempts;
  return typeof attempts === 'number' && attempts > 0 ? attempts : 1;
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
