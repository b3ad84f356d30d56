/**
 * Durations as people write them in workflow files: `90s`, `10m`, `1h`, `1h30m`, `0`.
 * Pure; no I/O.
 */

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;

const TOKEN = /(\d+)(ms|s|m|h|d)/gy;

/** Parses `90s`, `10m`, `1h30m`, `500ms` or `0` into milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const value = text.trim().toLowerCase();
  if (value === '0') return 0;
  if (value === '') return undefined;
  TOKEN.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  const seen = new Set<Unit>();
  for (;;) {
    const match = TOKEN.exec(value);
    if (!match) break;
    const unit = match[2] as Unit;
    if (seen.has(unit)) return undefined;
    seen.add(unit);
    total += Number(match[1]) * UNIT_MS[unit];
    consumed = TOKEN.lastIndex;
  }
  if (consumed !== value.length || seen.size === 0) return undefined;
  return Number.isSafeInteger(total) ? total : undefined;
}

/** 5400000 → `1h30m`, 90000 → `1m30s`, 0 → `0s`, 1500 → `1.5s`. */
export function formatDuration(ms: number): string {
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return '0s';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000 && ms % 1000 !== 0) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')}s`;
  let rest = Math.round(ms / 1000);
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}` || '0s';
}
