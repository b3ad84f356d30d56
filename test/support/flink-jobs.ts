/**
 * The test jobs' output: `COUNT job=<job> key=<k> count=<c>` lines in a TaskManager's stdout
 * (test-jobs/src/main/java/flinktest/Common.java), read back for assertions.
 */
import { readFileSync } from 'node:fs';
import { type Clock, systemClock } from '../../src/clock.js';
import { test } from 'vitest';
import { pollUntil } from '../../src/wait.js';
import { realFlinkStatus } from './flink-install.js';

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

/** Waits (60 s at most) until `job` printed `min` counts for each of the 4 keys on a cluster's TaskManager. */
export function counted(
  cluster: { taskManagerOut: string },
  job: string,
  min: number,
): Promise<Map<number, number[]>> {
  return waitForCounts({
    file: cluster.taskManagerOut,
    job,
    keys: 4,
    min,
    clock: systemClock,
    timeoutMs: 60_000,
  });
}

/**
 * Whether a real-cluster test file can run its tests: true when the installs are there; otherwise a
 * failing test naming the install command is registered (or, with FLINK_TESTS_SKIP=1, nothing).
 */
export function realFlinkReady(versions: readonly string[]): boolean {
  const status = realFlinkStatus(versions);
  if (status.state === 'missing') {
    test('real Flink is installed for the real-cluster tests', () => {
      throw new Error(status.reason);
    });
  }
  return status.state === 'ready';
}
