import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/duration.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1h0m30s', 3_630_000],
    ['500ms', 500],
    ['0', 0],
    [' 2m ', 120_000],
    ['1D', 86_400_000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'abc', '10', '-5m', '1.5h', '10 m', '5m5m', 'm', '1h30', '30mins'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1500, '1.5s'],
    [90_000, '1m30s'],
    [5_400_000, '1h30m'],
    [3_600_000, '1h'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips what it formats', () => {
    for (const ms of [1000, 61_000, 3_661_000, 7_200_000]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
