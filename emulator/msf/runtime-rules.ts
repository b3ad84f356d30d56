/**
 * Pure rules about MSF Flink runtimes: their order, the Java release each runs on, which restore MSF's
 * compatibility check refuses, and which restart/uptime metrics a job on the runtime publishes.
 *
 * Sources: the RuntimeEnvironment enum of the official model (../shared/aws-models); the MSF developer
 * guide pages "Upgrade your application to a new Apache Flink version" (the check "only checks the Flink
 * version with which the snapshot was taken and the Flink version you are targeting"), "Precautions and
 * known issues with application upgrades" (downgrades need a snapshot "taken with matching or earlier
 * version"; Flink 1.6 state is incompatible with 1.18+ and "the API rejects your request"), "Upgrading to
 * Flink 2.2" (major version upgrade is uni-directional; fullRestarts removed, uptime/downtime deprecated
 * in favour of runningTime/restartingTime).
 */

/** Flink runtimes in release order. */
export const FLINK_RUNTIMES = [
  'FLINK-1_6',
  'FLINK-1_8',
  'FLINK-1_11',
  'FLINK-1_13',
  'FLINK-1_15',
  'FLINK-1_18',
  'FLINK-1_19',
  'FLINK-1_20',
  'FLINK-2_2',
  'FLINK-2_3',
] as const;

export type FlinkRuntime = (typeof FLINK_RUNTIMES)[number];

export function isFlinkRuntime(runtime: string): runtime is FlinkRuntime {
  return (FLINK_RUNTIMES as readonly string[]).includes(runtime);
}

/** Position in release order; -1 for non-Flink runtimes (SQL, Zeppelin). */
export function runtimeRank(runtime: string): number {
  return (FLINK_RUNTIMES as readonly string[]).indexOf(runtime);
}

/** 1 or 2 for Flink runtimes, 0 otherwise. */
export function flinkMajor(runtime: string): number {
  const m = /^FLINK-(\d+)_\d+$/.exec(runtime);
  return m ? Number(m[1]) : 0;
}

/**
 * The newest Java release whose class files a runtime can load (class-file major = release + 44).
 * Flink 1.6/1.8 ran on Java 8; from 1.11 to 1.20 MSF runs Java 11; the 2.x runtimes run Java 17.
 */
const JAVA_RELEASE: Record<FlinkRuntime, number> = {
  'FLINK-1_6': 8,
  'FLINK-1_8': 8,
  'FLINK-1_11': 11,
  'FLINK-1_13': 11,
  'FLINK-1_15': 11,
  'FLINK-1_18': 11,
  'FLINK-1_19': 11,
  'FLINK-1_20': 11,
  'FLINK-2_2': 17,
  'FLINK-2_3': 17,
};

export function javaReleaseOf(runtime: string): number {
  return isFlinkRuntime(runtime) ? JAVA_RELEASE[runtime] : 11;
}

export function maxClassMajor(runtime: string): number {
  return javaReleaseOf(runtime) + 44;
}

export type RestoreVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Can state taken on `snapshotRuntime` be restored on `targetRuntime`? MSF's basic check: never restore
 * state from a newer Flink version (no stateful downgrade; 2.x state never on 1.x), and Flink 1.6 state is
 * refused on 1.18 and later.
 */
export function checkRestore(snapshotRuntime: string, targetRuntime: string): RestoreVerdict {
  const from = runtimeRank(snapshotRuntime);
  const to = runtimeRank(targetRuntime);
  if (from < 0 || to < 0) return { ok: true };
  if (from > to) {
    const major = flinkMajor(snapshotRuntime) > flinkMajor(targetRuntime);
    return {
      ok: false,
      reason:
        `snapshot taken with ${snapshotRuntime} cannot be restored on ${targetRuntime}: ` +
        (major
          ? 'a major version upgrade is uni-directional, state of a newer major version cannot be restored on an older one'
          : 'a stateful downgrade requires a snapshot taken with a matching or earlier version'),
    };
  }
  if (snapshotRuntime === 'FLINK-1_6' && to >= runtimeRank('FLINK-1_18')) {
    return {
      ok: false,
      reason: `snapshot taken with FLINK-1_6 is not compatible with ${targetRuntime}; upgrade through an intermediate version (FLINK-1_8, 1_11, 1_13 or 1_15) first`,
    };
  }
  return { ok: true };
}

export type MetricFamily = 'flink1' | 'flink2';

/** Flink 2.x jobs publish runningTime/restartingTime/numRestarts; fullRestarts is gone. */
export function metricFamily(runtime: string): MetricFamily {
  return flinkMajor(runtime) >= 2 ? 'flink2' : 'flink1';
}
