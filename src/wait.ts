import type { Clock } from './clock.js';
import { describeError, isTransient, transientCause } from './aws/errors.js';

/** What one look at the remote state concluded. */
export type PollVerdict<R> =
  | { done: true; result: R }
  | { done: false; state: string; /** extra detail for the progress line */ detail?: string };

export interface PollOptions<T, R> {
  /** What we wait for, as a person would say it: "snapshot pre-upgrade-1 of app-x to be READY". */
  what: string;
  clock: Clock;
  /** Absolute deadline (clock ms). */
  deadline: number;
  /** Time between polls (clock ms). */
  intervalMs: number;
  signal?: AbortSignal;
  /** One progress line per poll. */
  progress: (line: string) => void;
  /**
   * Clock ms to wait before the first read: for a change that cannot be done sooner (MSF's snapshots and
   * operations take tens of seconds), a read right after the request is a wasted call. Default 0.
   */
  firstProbeAfterMs?: number;
  /** One read of the remote state. */
  probe: () => Promise<T>;
  check: (value: T) => PollVerdict<R>;
  /** Consecutive transient probe failures tolerated before giving up (default 5). */
  errorBudget?: number;
  /** Added to the timeout error: what to do next. */
  onTimeoutHint?: string;
}

export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
  constructor(
    readonly what: string,
    readonly lastState: string | undefined,
    readonly elapsedMs: number,
    hint?: string,
  ) {
    super(
      `timed out after ${formatElapsed(elapsedMs)} waiting for ${what}; last state: ${lastState ?? 'never read'}` +
        (hint ? `. ${hint}` : ''),
    );
  }
}

export class WaitAbortedError extends Error {
  override readonly name = 'WaitAbortedError';
  constructor(
    readonly what: string,
    readonly lastState: string | undefined,
  ) {
    super(`cancelled while waiting for ${what}; last state: ${lastState ?? 'never read'}`);
  }
}

export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/**
 * Polls until `check` says done, the deadline passes (WaitTimeoutError naming the last state) or the
 * signal aborts (WaitAbortedError). Transient probe errors (throttling, 5xx, dropped connections) are
 * logged and retried with backoff within an error budget; any other error ends the wait at once.
 */
export async function pollUntil<T, R>(options: PollOptions<T, R>): Promise<R> {
  const { clock, what } = options;
  const started = clock.now();
  const budget = options.errorBudget ?? 5;
  let lastState: string | undefined;
  let failures = 0;
  const first = Math.min(options.firstProbeAfterMs ?? 0, Math.max(0, options.deadline - started));
  if (first > 0) {
    options.progress(`[00:00] waiting for ${what}: first look in ${formatElapsed(first)}`);
    try {
      await clock.sleep(first, options.signal);
    } catch {
      throw new WaitAbortedError(what, lastState);
    }
  }
  for (;;) {
    if (options.signal?.aborted) throw new WaitAbortedError(what, lastState);
    let verdict: PollVerdict<R> | undefined;
    try {
      verdict = options.check(await options.probe());
      failures = 0;
    } catch (err) {
      if (options.signal?.aborted) throw new WaitAbortedError(what, lastState);
      if (!isTransient(err) || failures >= budget) throw err;
      failures += 1;
      options.progress(
        `[${formatElapsed(clock.now() - started)}] ${what}: transient error (${describeError(transientCause(err))}), retry ${failures}/${budget}`,
      );
    }
    if (verdict?.done) return verdict.result;
    if (verdict) {
      lastState = verdict.state;
      const remaining = options.deadline - clock.now();
      options.progress(
        `[${formatElapsed(clock.now() - started)}, ${formatElapsed(Math.max(0, remaining))} left] ` +
          `waiting for ${what}: ${verdict.state}${verdict.detail ? ` (${verdict.detail})` : ''}`,
      );
    }
    const now = clock.now();
    if (now >= options.deadline) {
      throw new WaitTimeoutError(what, lastState, now - started, options.onTimeoutHint);
    }
    const backoff =
      failures > 0 ? Math.min(options.intervalMs * 2 ** (failures - 1), options.intervalMs * 8) : 0;
    const delay = Math.min(options.intervalMs + backoff, Math.max(0, options.deadline - now));
    try {
      await clock.sleep(Math.max(delay, 1), options.signal);
    } catch {
      throw new WaitAbortedError(what, lastState);
    }
  }
}

/** What a caller waits with: its clock, its cancellation and its log (PhaseDeps fits). */
export interface WaitDeps {
  clock: Clock;
  signal?: AbortSignal;
  log: { info(line: string): void };
}

/** pollUntil with the clock, the abort signal and the progress lines (log.info) taken from `deps`. */
export function pollWith<T, R>(
  deps: WaitDeps,
  options: Omit<PollOptions<T, R>, 'clock' | 'signal' | 'progress'>,
): Promise<R> {
  return pollUntil({
    ...options,
    clock: deps.clock,
    signal: deps.signal,
    progress: (line) => deps.log.info(line),
  });
}
