import { describe, expect, it } from 'vitest';
import {
  alternate,
  atMost,
  exactly,
  figure,
  median,
  notMeasured,
  ratioAtLeast,
  renderTable,
} from '../../scripts/bench/figures.js';

describe('bench figures', () => {
  it('median of odd and even counts, unsorted input', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('a figure is the median with min and max; the ratio is the median of the paired ratios', () => {
    const f = figure({
      section: 'upload',
      name: 'throughput',
      unit: 'MB/s',
      values: [40, 60, 50],
      reference: { name: 'aws s3 cp', values: [50, 40, 60] },
      ratios: [40 / 50, 60 / 40, 50 / 60],
      target: ratioAtLeast(1),
    });
    expect([f.value, f.min, f.max, f.runs]).toEqual([50, 40, 60, 3]);
    expect([f.referenceValue, f.referenceMin, f.referenceMax]).toEqual([50, 40, 60]);
    expect(f.ratio).toBeCloseTo(50 / 60);
    expect(f.met).toBe(false);
    expect(f.target).toBe('ratio ≥ 1.0');
  });

  it('without paired ratios the ratio is median ÷ reference median; targets decide met', () => {
    const f = figure({
      section: 's',
      name: 'rss',
      unit: 'MiB',
      values: [100, 120],
      reference: { name: 'cli', values: [55] },
      target: atMost(128, 'MiB'),
    });
    expect(f.ratio).toBeCloseTo(2);
    expect(f.met).toBe(true);
    expect(
      figure({ section: 's', name: 'b', unit: 'bytes', values: [1], target: exactly(0, 'bytes') }).met,
    ).toBe(false);
    expect(figure({ section: 's', name: 'c', unit: '', values: [1] }).met).toBeNull();
  });

  it('runs the figure and its reference alternately, switching who goes first each round', async () => {
    const order: string[] = [];
    const out = await alternate(
      3,
      async (r) => (order.push(`own${r}`), r),
      async (r) => (order.push(`ref${r}`), -r),
    );
    expect(order).toEqual(['own0', 'ref0', 'ref1', 'own1', 'own2', 'ref2']);
    expect(out).toEqual({ own: [0, 1, 2], reference: [-0, -1, -2] });
  });

  it('the table marks a missed target and a row that was not measured, escaping pipes', () => {
    const table = renderTable([
      figure({
        section: 'cold start',
        name: 'first request',
        unit: 'ms',
        values: [300, 280, 320],
        target: atMost(250, 'ms'),
      }),
      notMeasured('detection', 'REST | source', '≤ 1 poll', 'source not available'),
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain('| cold start: first request, 3 runs | 300 ms (280–320) |');
    expect(lines[2]).toContain('**MISSED**');
    expect(lines[3]).toContain('REST \\| source');
    expect(lines[3]).toContain('not measured: source not available');
  });
});
