/**
 * Pure: when a published datapoint becomes visible in CloudWatch. MSF publishes its metrics once a
 * minute and CloudWatch shows them one to three minutes late, sometimes never (the MSF metric pages do
 * not document the delay; see docs/architecture.md). The delay of each datapoint is drawn from a seeded
 * generator, so a run is reproducible from its seed.
 */
import type { MetricsLagSpec } from '../types.js';

export interface LagModel {
  minMs: number;
  maxMs: number;
  gapRate: number;
  seed: number;
}

export const REALISTIC_LAG = { minSeconds: 30, maxSeconds: 150, gapRate: 0.03 } as const;

/** The lag model of a spec at a metric period (seconds at a 60 s period scale with the period). */
export function lagModel(spec: MetricsLagSpec, periodMs: number, seed = 1): LagModel {
  if (spec === 'none') return { minMs: 0, maxMs: 0, gapRate: 0, seed };
  const s = spec === 'realistic' ? REALISTIC_LAG : spec;
  const scale = periodMs / 60_000;
  const minMs = Math.max(0, s.minSeconds) * 1000 * scale;
  const maxMs = Math.max(minMs, s.maxSeconds * 1000 * scale);
  const gapRate = Math.min(1, Math.max(0, s.gapRate ?? 0));
  return {
    minMs,
    maxMs,
    gapRate,
    seed: typeof spec === 'object' && spec.seed !== undefined ? spec.seed : seed,
  };
}

/** A small seeded generator (mulberry32): numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Draws, per datapoint, when it becomes visible (undefined: it never arrives). */
export function lagSampler(model: LagModel): (timestamp: number) => number | undefined {
  const random = seededRandom(model.seed);
  return (timestamp) => {
    if (model.maxMs <= 0 && model.gapRate <= 0) return timestamp;
    if (random() < model.gapRate) return undefined;
    return timestamp + model.minMs + random() * (model.maxMs - model.minMs);
  };
}

/** Parses `none`, `realistic` or `MIN-MAX` seconds (optionally `,GAP%`), as the CLI takes it. */
export function parseLagSpec(text: string): MetricsLagSpec {
  const t = text.trim();
  if (t === 'none' || t === 'realistic') return t;
  const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?)%)?$/.exec(t);
  if (!m || Number(m[2]) < Number(m[1])) {
    throw new Error(
      `--metrics-lag takes none, realistic or MIN-MAX seconds (e.g. 30-150 or 30-150,3%), not '${text}'`,
    );
  }
  return {
    minSeconds: Number(m[1]),
    maxSeconds: Number(m[2]),
    ...(m[3] !== undefined ? { gapRate: Number(m[3]) / 100 } : {}),
  };
}
