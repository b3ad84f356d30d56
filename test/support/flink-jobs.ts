/**
 * The test jobs' output: `COUNT job=<job> key=<k> count=<c>` lines in a TaskManager's stdout
 * (test-jobs/src/main/java/flinktest/Common.java), read back for assertions.
 */
import { readFileSync } from 'node:fs';
import type { Clock } from '../../src/clock.js';
import { pollUntil } from '../../src/wait.js';

const LINE = /COUNT job=(\S+) key=(\d+) count=(\d+)/;

/** Every count a job printed, per key, in order. */
export function readCounts(file: string, job: string): Map<number, number[]> {
  const counts = new Map<number, number[]>();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return counts;
  }
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m || m[1] !== job) continue;
    const key = Number(m[2]);
    const list = counts.get(key) ?? [];
    list.push(Number(m[3]));
    counts.set(key, list);
  }
  return counts;
}

/** The last count of each key. */
export function lastCounts(counts: Map<number, number[]>): Map<number, number> {
  return new Map([...counts].map(([key, list]) => [key, list[list.length - 1] ?? 0]));
}

/** Waits until the job printed at least `min` counts for each of `keys` keys. */
export async function waitForCounts(options: {
  file: string;
  job: string;
  keys: number;
  min: number;
  clock: Clock;
  timeoutMs: number;
  log?: (line: string) => void;
}): Promise<Map<number, number[]>> {
  return pollUntil({
    what: `${options.min} counts per key from job ${options.job}`,
    clock: options.clock,
    deadline: options.clock.now() + options.timeoutMs,
    intervalMs: 500,
    progress: options.log ?? (() => {}),
    probe: async () => readCounts(options.file, options.job),
    check: (counts) => {
      const ready = [...counts.values()].filter((l) => l.length >= options.min).length;
      return ready >= options.keys
        ? { done: true, result: counts }
        : { done: false, state: `${ready}/${options.keys} keys ready` };
    },
  });
}
