/** The one polling primitive (src/wait.ts): its first read deferred for changes that cannot be done sooner. */
import { describe, expect, it } from 'vitest';
import { scaledClock } from '../../src/clock.js';
import { pollUntil, WaitAbortedError } from '../../src/wait.js';

describe('pollUntil with firstProbeAfterMs', () => {
  it('makes its first read one interval after the request, saying so, and reads no more than needed', async () => {
    const clock = scaledClock(1_000);
    const started = clock.now();
    const reads: number[] = [];
    const lines: string[] = [];
    const result = await pollUntil({
      what: 'snapshot s1 of orders to be READY',
      clock,
      deadline: started + 600_000,
      intervalMs: 10_000,
      firstProbeAfterMs: 10_000,
      progress: (l) => lines.push(l),
      probe: () => {
        reads.push(clock.now() - started);
        return Promise.resolve(reads.length);
      },
      check: (n) => (n >= 2 ? { done: true, result: n } : { done: false, state: 'CREATING' }),
    });
    expect(result).toBe(2);
    expect(reads).toHaveLength(2);
    expect(reads[0]).toBeGreaterThanOrEqual(10_000);
    expect(reads[1]! - reads[0]!).toBeGreaterThanOrEqual(10_000);
    expect(lines[0]).toBe('[00:00] waiting for snapshot s1 of orders to be READY: first look in 00:10');
  });

  it('never waits past the deadline before its first read, and a cancellation ends the first wait', async () => {
    const clock = scaledClock(1_000);
    const started = clock.now();
    let firstAt: number | undefined;
    await pollUntil({
      what: 'operation o1',
      clock,
      deadline: started + 2_000,
      intervalMs: 10_000,
      firstProbeAfterMs: 10_000,
      progress: () => undefined,
      probe: () => {
        firstAt ??= clock.now() - started;
        return Promise.resolve('SUCCESSFUL');
      },
      check: (s) => ({ done: true, result: s }),
    });
    expect(firstAt).toBeLessThan(10_000);

    const controller = new AbortController();
    const wait = pollUntil({
      what: 'operation o2',
      clock,
      deadline: clock.now() + 600_000,
      intervalMs: 10_000,
      firstProbeAfterMs: 60_000,
      signal: controller.signal,
      progress: () => undefined,
      probe: () => Promise.resolve('IN_PROGRESS'),
      check: () => ({ done: false, state: 'IN_PROGRESS' }),
    });
    controller.abort();
    await expect(wait).rejects.toBeInstanceOf(WaitAbortedError);
  });
});
