/**
 * Errors of the Flink JobManager REST API (pure): the `{"errors": [...]}` bodies Flink answers with,
 * turned into one readable message, and which failures another attempt may cure.
 */

/** Network failures of fetch (undici puts the system error in `cause`) that a retry may cure. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

export class FlinkRestError extends Error {
  override readonly name = 'FlinkRestError';
  /** read by src/wait.ts: another poll may succeed */
  readonly $retryable: boolean;
  constructor(
    message: string,
    readonly method: string,
    readonly path: string,
    /** HTTP status; undefined when no answer came (connection refused, timeout) */
    readonly status: number | undefined,
    /** Flink's `errors` array, as sent (stack traces included) */
    readonly errors: readonly string[],
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.$retryable = transient;
  }
}

/**
 * Whether an HTTP status is worth another attempt. Flink answers 500 both for passing trouble and for
 * a program that failed (`/jars/:id/run` runs the user's main()): a 500 is transient only for reads.
 */
export function isTransientStatus(status: number, method: string): boolean {
  if (status === 502 || status === 503 || status === 504) return true;
  return status >= 500 && method === 'GET';
}

/** The network-level code of a failed fetch (`ECONNREFUSED`, …), or undefined. */
export function networkErrorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isTransientNetworkError(err: unknown): boolean {
  const name = (err as { name?: string } | undefined)?.name;
  if (name === 'TimeoutError') return true;
  const code = networkErrorCode(err);
  return code !== undefined && TRANSIENT_CODES.has(code);
}

/** Flink's error list from a response body (JSON `{"errors": [...]}`), else the body's first line. */
export function parseErrorBody(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { errors?: unknown };
    if (Array.isArray(parsed.errors)) return parsed.errors.map((e) => String(e));
  } catch {
    // not JSON: fall through
  }
  const text = body.trim();
  return text ? [text.split('\n', 1)[0] ?? text] : [];
}

const MAX_MESSAGE = 1500;

/**
 * One message from Flink's errors: the first line of each entry plus every "Caused by:" line of its
 * stack trace (where the real reason is), without repeats, in order. Plain text: callers escape it.
 */
export function summarizeErrors(errors: readonly string[]): string {
  const parts: string[] = [];
  const add = (line: string): void => {
    const clean = line.trim().replace(/^Caused by:\s*/, '');
    if (clean && clean !== 'Internal server error.' && !parts.includes(clean)) parts.push(clean);
  };
  for (const entry of errors) {
    const lines = entry.split('\n');
    const first = lines[0]?.trim() ?? '';
    // "<Exception on server side:" wraps a stack trace: its second line names the exception
    if (first.startsWith('<Exception on server side')) add(lines[1] ?? '');
    else add(first);
    for (const line of lines.slice(1)) if (line.trim().startsWith('Caused by:')) add(line);
  }
  if (parts.length === 0) return 'no error detail';
  const text = parts.join(' <- ');
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

/** The innermost cause among Flink's errors (last "Caused by:"), or the summary's first part. */
export function rootCause(errors: readonly string[]): string {
  let last: string | undefined;
  for (const entry of errors) {
    for (const line of entry.split('\n')) {
      const t = line.trim();
      if (t.startsWith('Caused by:')) last = t.replace(/^Caused by:\s*/, '');
    }
  }
  return last ?? summarizeErrors(errors).split(' <- ')[0] ?? 'no error detail';
}
