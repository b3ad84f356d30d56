/** Metric series as the gate keeps them (pure): period alignment, merging fresh reads into what was seen. */
import type { Point, Series } from './evaluate.js';

/** Period start at or before `t`. */
export function alignDown(t: number, periodMs: number): number {
  return Math.floor(t / periodMs) * periodMs;
}

/** Period start at or after `t`. */
export function alignUp(t: number, periodMs: number): number {
  return Math.ceil(t / periodMs) * periodMs;
}

/** Sorted by time, one point per timestamp (the last one read wins). */
export function sortUnique(points: Point[]): Point[] {
  const byT = new Map<number, number>();
  for (const p of points) byT.set(p.t, p.v);
  return [...byT.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v }));
}

/** Merges a fresh read into what was seen: newer reads replace points with the same timestamp. */
export function mergeSeries(seen: Series, fresh: Series): Series {
  const out: Series = {};
  for (const name of new Set([...Object.keys(seen), ...Object.keys(fresh)])) {
    out[name] = sortUnique([...(seen[name] ?? []), ...(fresh[name] ?? [])]);
  }
  return out;
}
