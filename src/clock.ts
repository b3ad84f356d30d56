/**
 * Time as the action and the emulator see it. Every wait goes through a Clock, so tests can run a
 * ten-minute bake in seconds with a scaled clock shared by the action and the emulator.
 */
export interface Clock {
  /** Current time, epoch milliseconds (virtual time for a scaled clock). */
  now(): number;
  /** Waits `ms` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** How many virtual milliseconds pass per real millisecond (1 for the system clock). */
  readonly scale: number;
}

/** The longest delay Node's setTimeout takes. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      // Node's timers overflow above 2^31-1 ms into 1 ms (a busy loop): a longer sleep ends at the cap
      Math.min(MAX_TIMER_MS, Math.max(0, ms)),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: realSleep,
  scale: 1,
};

/**
 * A clock that runs `scale` times faster than real time, starting at `origin` (default: now).
 * Share one instance between the action and the emulator in a process so both agree on "now".
 */
export function scaledClock(scale: number, origin: number = Date.now()): Clock {
  if (!(scale > 0)) throw new Error(`clock scale must be > 0, got ${scale}`);
  const realStart = Date.now();
  return {
    now: () => origin + (Date.now() - realStart) * scale,
    sleep: (ms, signal) => realSleep(ms / scale, signal),
    scale,
  };
}
