import { describe, expect, it } from 'vitest';
import type { RestSample } from '../../src/msf/health/dashboard.js';
import { evaluateRest, type RestInput } from '../../src/health/rest-evaluate.js';

const T0 = 1_000_000;
const S = 1000;

function sample(over: Partial<RestSample> & { at: number }): RestSample {
  return {
    jobId: 'a'.repeat(32),
    state: 'RUNNING',
    startTime: T0 - 5 * S,
    restarts: 0,
    completed: 0,
    failed: 0,
    restored: true,
    history: [],
    ...over,
  };
}

function input(samples: RestSample[], over: Partial<RestInput> = {}): RestInput {
  return {
    samples,
    thresholds: {
      maxRestarts: 0,
      maxFailedCheckpoints: 0,
      requireCheckpoint: true,
      maxCheckpointDurationRatio: 3,
    },
    baselineCheckpointDurationMs: 1000,
    startedAt: T0,
    now: samples.at(-1)?.at ?? T0,
    stabilisationMs: 2 * S,
    bakeMs: 30 * S,
    checkpointIntervalMs: 5 * S,
    ...over,
  };
}

const cp = (id: number, durationMs: number) => ({ id, durationMs });

describe('evaluateRest', () => {
  it('trips on the new job restarts at once, quoting the root exception', () => {
    const ev = evaluateRest(
      input([sample({ at: T0 + S, restarts: 2, rootException: 'java.lang.IllegalStateException: boom' })]),
    );
    expect(ev.verdict).toMatchObject({ state: 'unhealthy', check: 'restarts' });
    if (ev.verdict.state === 'unhealthy') {
      expect(ev.verdict.reason).toMatch(
        /^the new job restarted 2 times in 6s \(Flink REST numRestarts; max-restarts 0\); root exception: java.lang.IllegalStateException: boom$/,
      );
    }
    expect(ev.seenAt).toBe(T0 + S);
  });

  it('reports a restart inside an excused range (maintenance) instead of counting it', () => {
    const samples = [
      sample({ at: T0 + 5 * S, completed: 1 }),
      sample({ at: T0 + 7 * S, restarts: 1, completed: 1 }),
    ];
    const excused = [{ from: T0 + 6 * S, to: T0 + 8 * S, what: 'MAINTENANCE' }];
    const ev = evaluateRest(input(samples, { excused }));
    expect(ev.verdict.state).toBe('healthy-so-far');
    expect(ev.figures).toMatchObject({ restarts: 0, excusedRestarts: 1 });
    expect(evaluateRest(input(samples)).verdict).toMatchObject({ state: 'unhealthy', check: 'restarts' });
  });

  it('counts a new job id as a restart unless the platform made it (autoscaling)', () => {
    const samples = [
      sample({ at: T0 + 5 * S, completed: 1 }),
      sample({ at: T0 + 6 * S, jobId: 'b'.repeat(32), startTime: T0 + 6 * S }),
    ];
    expect(evaluateRest(input(samples)).verdict).toMatchObject({ state: 'unhealthy', check: 'restarts' });
    const excused = [{ from: T0 + 5 * S, to: T0 + 7 * S, what: 'autoscaling' }];
    expect(evaluateRest(input(samples, { excused })).figures).toMatchObject({
      restarts: 0,
      excusedRestarts: 1,
    });
  });

  it('is unhealthy when the job failed, and on failed checkpoints', () => {
    expect(evaluateRest(input([sample({ at: T0 + S, state: 'FAILED' })])).verdict).toMatchObject({
      state: 'unhealthy',
      check: 'running-time',
    });
    expect(evaluateRest(input([sample({ at: T0 + S, failed: 1 })])).verdict).toMatchObject({
      state: 'unhealthy',
      check: 'failed-checkpoints',
    });
  });

  it('leaves the full first checkpoint after the restore out of the duration ratio', () => {
    const fullFirst = sample({
      at: T0 + 20 * S,
      completed: 3,
      history: [cp(1, 5000), cp(2, 900), cp(3, 1100)],
    });
    expect(evaluateRest(input([fullFirst])).verdict.state).toBe('healthy-so-far');
    const slow = sample({ at: T0 + 20 * S, completed: 3, history: [cp(1, 5000), cp(2, 4000), cp(3, 4100)] });
    expect(evaluateRest(input([slow])).verdict).toMatchObject({
      state: 'unhealthy',
      check: 'slow-checkpoints',
    });
  });

  it('needs a completed checkpoint within three intervals, or by the end of the window', () => {
    expect(evaluateRest(input([sample({ at: T0 + 14 * S })])).verdict.state).toBe('healthy-so-far');
    expect(evaluateRest(input([sample({ at: T0 + 16 * S })])).verdict).toMatchObject({
      state: 'unhealthy',
      check: 'no-checkpoint',
    });
    const done = sample({ at: T0 + 32 * S, completed: 6, history: [cp(1, 900), cp(2, 900)] });
    expect(evaluateRest(input([done])).verdict).toMatchObject({ state: 'healthy' });
    // constant figures are fine: the count says checkpoints complete
    const constant = sample({ at: T0 + 32 * S, completed: 6, history: [cp(5, 900), cp(6, 900)] });
    expect(evaluateRest(input([constant])).verdict.state).toBe('healthy');
  });
});
