import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';

describe('systemClock.sleep', () => {
  it('a delay beyond what Node timers take neither warns nor returns at once (no busy loop)', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(w.name);
    };
    process.on('warning', onWarning);
    const controller = new AbortController();
    let ended = false;
    const sleeping = systemClock.sleep(25 * 86_400_000, controller.signal).then(
      () => (ended = true),
      () => undefined,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(ended).toBe(false);
    controller.abort(new Error('done'));
    await sleeping;
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    expect(warnings).not.toContain('TimeoutOverflowWarning');
  });
});
