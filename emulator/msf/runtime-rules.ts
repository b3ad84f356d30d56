/**
 * Pure rules about MSF Flink runtimes: their order, the Java release each runs on, which restore MSF's
 * compatibility check refuses, and which restart/uptime metrics a job on the runtime publishes.
 *
 * Sources: the RuntimeEnvironment enum of the official model (../shared/aws-models; the runtimes below
 * are read from the trimmed copy in emulator/models/); the MSF developer guide pages "Upgrade your
 * application to a new Apache Flink version" (the check "only checks the Flink version with which the
 * snapshot was taken and the Flink version you are targeting"), "Precautions and known issues with
 * application upgrades" (downgrades need a snapshot "taken with matching or earlier version"; Flink 1.6
 * state is incompatible with 1.18+ and "the API rejects your request"), "Upgrading to Flink 2.2" (major
 * version upgrade is uni-directional; fullRestarts removed, uptime/downtime deprecated in favour of
 * runningTime/restartingTime).
 */
import { loadModel } from '../model/load.js';

const FLINK_RUNTIME = /^FLINK-(\d+)_(\d+)$/;

function versionOf(runtime: string): [major: number, minor: number] {
  const m = FLINK_RUNTIME.exec(runtime);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/** The FLINK-* values of the model's RuntimeEnvironment enum, in release order (by version number). */
function flinkRuntimesOfModel(): readonly string[] {
  const values = loadModel('kinesisanalyticsv2').shapes['RuntimeEnvironment']?.enum ?? [];
  const flink = values.filter((v) => FLINK_RUNTIME.test(v));
  if (flink.length === 0)
    throw new Error('emulator/models/kinesisanalyticsv2.json lists no FLINK-* RuntimeEnvironment');
  return flink.sort((a, b) => {
    const [amaj, amin] = versionOf(a);
    const [bmaj, bmin] = versionOf(b);
    return amaj - bmaj || amin - bmin;
  });
}

/** Flink runtimes in release order, as the MSF model defines them. */
export const FLINK_RUNTIMES: readonly string[] = flinkRuntimesOfModel();

export function isFlinkRuntime(runtime: string): boolean {
  return FLINK_RUNTIMES.includes(runtime);
}

/** Position in release order; -1 for non-Flink runtimes (SQL, Zeppelin). */
export function runtimeRank(runtime: string): number {
  return FLINK_RUNTIMES.indexOf(runtime);
}

/** 1 or 2 for Flink runtimes, 0 otherwise. */
export function flinkMajor(runtime: string): number {
  return versionOf(runtime)[0];
}

/** The Flink version of a FLINK-x_y runtime; undefined for other runtimes. */
export function runtimeFlinkVersion(runtime: string): { major: number; minor: number } | undefined {
  if (!FLINK_RUNTIME.test(runtime)) return undefined;
  const [major, minor] = versionOf(runtime);
  return { major, minor };
}

/**
 * The newest Java release whose class files a runtime can load (class-file major = release + 44), from
 * the MSF developer guide (`managed-flink/latest/java/`): `earlier.html` (Flink 1.6 and 1.8 ran on
 * Java 8); `flink-1-11.html`, `flink-1-13.html`, `flink-1-15.html`, `flink-1-18.html`,
 * `flink-1-19.html`, `flink-1-20.html` ("Components": Java 11); `flink-2-2.html` ("Java 11 support
 * completely removed; Java 17 is the default") and `flink-2-3.html` (Java 17; Java 21 not supported).
 * A runtime of the model missing here runs the Java of the newest listed runtime of its major line.
 */
export const JAVA_RELEASE: Readonly<Record<string, number>> = {
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
  if (!isFlinkRuntime(runtime)) return 11;
  const listed = JAVA_RELEASE[runtime];
  if (listed !== undefined) return listed;
  const sameMajor = FLINK_RUNTIMES.slice(0, runtimeRank(runtime)).filter(
    (r) => flinkMajor(r) === flinkMajor(runtime) && JAVA_RELEASE[r] !== undefined,
  );
  return JAVA_RELEASE[sameMajor.at(-1) ?? ''] ?? 11;
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
