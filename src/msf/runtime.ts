/**
 * Flink runtimes of Managed Service for Apache Flink (`FLINK-1_20`, `FLINK-2_2`, …): the one table of
 * them (release order, Flink version line, Java release), and the rules for moving between them. Pure.
 *
 * Sources:
 * - The runtimes: the FLINK-* values of the `RuntimeEnvironment` enum of the kinesisanalyticsv2 model
 *   in ../shared/aws-models (a unit test checks this table against the committed model).
 * - Java per runtime (Managed Service for Apache Flink developer guide, `managed-flink/latest/java/`):
 *   `flink-2-3.html`, "Components": Java 17 (recommended), Java 21 not supported; `flink-2-2.html`,
 *   "Breaking changes": "Java 11 support completely removed; Java 17 is the default and recommended
 *   runtime", Java 21 not supported; `flink-1-20.html`, `flink-1-19.html`, `flink-1-18.html`,
 *   `flink-1-15.html`, `flink-1-13.html`, `flink-1-11.html` ("Components"): Java 11 (recommended);
 *   `earlier.html` (Flink 1.8 and 1.6, no longer startable since 2025-02-05 per `limits.html`): Java 8.
 * - Version rules: "Upgrade your application to a new Apache Flink version"
 *   (`upgrading-application-new-version.html`), "Precautions and known issues with application
 *   upgrades" (`precautions.html`: stateful downgrades, Flink 1.6 state on 1.18+), "Upgrading to Flink
 *   2.2" (`flink-2-2-upgrade-guide.html`: a major upgrade is one-way).
 */

/** Every FLINK-* runtime of the API model, oldest first, with the Java release the service runs it on. */
const JAVA_RELEASE_BY_RUNTIME = {
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
} as const satisfies Record<string, number>;

/** Flink runtimes the API model knows today, oldest first. Newer ones (FLINK-2_4, …) are accepted by number. */
export const FLINK_RUNTIMES: readonly string[] = Object.keys(JAVA_RELEASE_BY_RUNTIME);

export interface FlinkVersion {
  major: number;
  minor: number;
}

const FLINK_RUNTIME = /^FLINK-(\d{1,3})_(\d{1,3})$/;

/** `FLINK-1_20` → {1, 20}; undefined for anything that is not a Flink runtime (SQL-1_0, ZEPPELIN-FLINK-3_0). */
export function parseRuntime(runtime: string): FlinkVersion | undefined {
  const match = FLINK_RUNTIME.exec(runtime);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

export function isFlinkRuntime(runtime: string): boolean {
  return parseRuntime(runtime) !== undefined;
}

export function isKnownRuntime(runtime: string): boolean {
  return Object.hasOwn(JAVA_RELEASE_BY_RUNTIME, runtime);
}

export interface RuntimeInfo {
  /** the API value, e.g. `FLINK-2_2` */
  runtime: string;
  /** Apache Flink version line, e.g. `2.2` */
  flinkVersion: string;
  flinkMajor: number;
  flinkMinor: number;
  /** Java feature release the service runs the job on (8, 11, 17) */
  javaRelease: number;
}

function info(runtime: string, version: FlinkVersion, javaRelease: number): RuntimeInfo {
  return {
    runtime,
    flinkVersion: `${version.major}.${version.minor}`,
    flinkMajor: version.major,
    flinkMinor: version.minor,
    javaRelease,
  };
}

/** What a known FLINK-* runtime provides, or undefined for other values (SQL-1_0, ZEPPELIN-*, typos, newer runtimes). */
export function runtimeInfo(runtime: string): RuntimeInfo | undefined {
  const version = parseRuntime(runtime);
  if (!version || !isKnownRuntime(runtime)) return undefined;
  return info(runtime, version, JAVA_RELEASE_BY_RUNTIME[runtime as keyof typeof JAVA_RELEASE_BY_RUNTIME]);
}

/**
 * A well-formed FLINK-X_Y runtime newer than the table (released after this code): its Flink line from
 * the name, and the Java release of the newest known runtime of the same major version. Undefined for
 * known runtimes, older unknown ones and new major versions.
 */
export function newerRuntimeInfo(runtime: string): RuntimeInfo | undefined {
  const version = parseRuntime(runtime);
  if (!version) return undefined;
  const newest = FLINK_RUNTIMES.map((r) => runtimeInfo(r) as RuntimeInfo)
    .filter((r) => r.flinkMajor === version.major)
    .at(-1);
  if (!newest || version.minor <= newest.flinkMinor) return undefined;
  return info(runtime, version, newest.javaRelease);
}

/** `1.20` for display. */
export function flinkVersionLabel(runtime: string): string {
  const v = parseRuntime(runtime);
  return v ? `${v.major}.${v.minor}` : runtime;
}

/** Negative when a is older than b, 0 when equal, positive when newer. Throws for non-Flink runtimes. */
export function compareRuntimes(a: string, b: string): number {
  const va = parseRuntime(a);
  const vb = parseRuntime(b);
  if (!va || !vb) throw new Error(`cannot compare runtimes ${a} and ${b}: not Flink runtimes`);
  return va.major !== vb.major ? va.major - vb.major : va.minor - vb.minor;
}

/** The newest of some runtimes (non-Flink ones ignored). */
export function newestRuntime(runtimes: readonly (string | undefined)[]): string | undefined {
  let best: string | undefined;
  for (const r of runtimes) {
    if (!r || !isFlinkRuntime(r)) continue;
    if (!best || compareRuntimes(r, best) > 0) best = r;
  }
  return best;
}

export interface RuntimeChangeRequest {
  current: string;
  target: string;
  /** will the application start from saved state (restore latest or a named snapshot)? */
  stateful: boolean;
  /**
   * Runtime of the state the job would restore from: the newest snapshot's runtime, or the current
   * runtime when the running job is snapshotted during the update. Undefined when unknown.
   */
  stateRuntime?: string;
  allowMajorUpgrade: boolean;
  allowDowngrade: boolean;
}

export interface RuntimeVerdict {
  kind: 'same' | 'upgrade' | 'major-upgrade' | 'downgrade';
  /** why the change is refused (one line, with the fix); undefined when allowed */
  refusal?: string;
  warnings: string[];
}

/**
 * Decides whether a runtime change may go ahead. Rules from the MSF upgrade guide:
 * - a major upgrade (1.x → 2.x) is one-way: state written by 2.x cannot be read by 1.x; needs consent;
 * - a downgrade needs consent, and a stateful one is only possible from state written by the target
 *   runtime or an older one (never across a major version);
 * - state written by Flink 1.6 cannot be restored on 1.18 or newer (hop through 1.8 … 1.15);
 * - runtimes newer than the ones this version of the action knows are allowed with a warning.
 */
export function judgeRuntimeChange(req: RuntimeChangeRequest): RuntimeVerdict {
  const warnings: string[] = [];
  for (const r of [req.current, req.target]) {
    if (!isFlinkRuntime(r)) {
      return {
        kind: 'same',
        refusal: `runtime ${r} is not an Apache Flink runtime; this action upgrades Flink applications only`,
        warnings,
      };
    }
  }
  if (!isKnownRuntime(req.target)) {
    warnings.push(
      `runtime ${req.target} is newer than the runtimes this action knows (up to ${FLINK_RUNTIMES.at(-1)}); ` +
        'the version rules are applied by number and Managed Service for Apache Flink decides whether it exists',
    );
  }
  const cmp = compareRuntimes(req.target, req.current);
  const cur = parseRuntime(req.current)!;
  const tgt = parseRuntime(req.target)!;
  const stateRuntime = req.stateful ? req.stateRuntime : undefined;
  const stateVersion = stateRuntime ? parseRuntime(stateRuntime) : undefined;

  // State written by a newer runtime than the target (covers downgrades and an older target than a snapshot).
  if (stateRuntime && stateVersion && compareRuntimes(req.target, stateRuntime) < 0) {
    if (stateVersion.major > tgt.major) {
      return {
        kind: cmp < 0 ? 'downgrade' : cmp === 0 ? 'same' : 'upgrade',
        refusal:
          `the state to restore was written by Flink ${flinkVersionLabel(stateRuntime)} and cannot be restored on ` +
          `${flinkVersionLabel(req.target)} (a major upgrade is one-way); use restore: none to start without state, ` +
          'or roll back to the pre-upgrade snapshot',
        warnings,
      };
    }
    if (!req.allowDowngrade) {
      return {
        kind: cmp < 0 ? 'downgrade' : 'upgrade',
        refusal:
          `stateful downgrade: the newest state was written by Flink ${flinkVersionLabel(stateRuntime)}, newer than the ` +
          `target ${flinkVersionLabel(req.target)}; set allow-downgrade: true if the application ran on ` +
          `${flinkVersionLabel(req.target)} before, or use restore: none`,
        warnings,
      };
    }
    warnings.push(
      `restoring state written by Flink ${flinkVersionLabel(stateRuntime)} on ${flinkVersionLabel(req.target)}: ` +
        'MSF only allows this when the application ran on the older version before',
    );
  }

  if (cmp === 0) return { kind: 'same', warnings };
  if (cmp < 0) {
    if (!req.allowDowngrade) {
      return {
        kind: 'downgrade',
        refusal:
          `runtime ${req.target} is older than the current ${req.current}; ` +
          'set allow-downgrade: true to downgrade (only possible to a version the application ran on before)',
        warnings,
      };
    }
    if (tgt.major < cur.major && req.stateful) {
      return {
        kind: 'downgrade',
        refusal:
          `cannot move from Flink ${flinkVersionLabel(req.current)} back to ${flinkVersionLabel(req.target)} with state ` +
          '(a major upgrade is one-way); use restore: none, or roll back to the pre-upgrade version',
        warnings,
      };
    }
    warnings.push(`downgrading ${req.current} → ${req.target}`);
    return { kind: 'downgrade', warnings };
  }
  if (tgt.major > cur.major) {
    if (!req.allowMajorUpgrade) {
      return {
        kind: 'major-upgrade',
        refusal:
          `${req.current} → ${req.target} is a major upgrade and one-way (Flink ${tgt.major} cannot read its state back on ` +
          `Flink ${cur.major}); check the state compatibility guide (Kryo, collections in POJOs, records), then set ` +
          'allow-major-upgrade: true',
        warnings,
      };
    }
    warnings.push(
      `major upgrade ${req.current} → ${req.target}: one-way; state serialized with Kryo, Java collections in POJOs, ` +
        'records or Scala case classes cannot be restored',
    );
    return { kind: 'major-upgrade', warnings };
  }
  if (req.stateful && cur.major === 1 && cur.minor <= 6 && tgt.major === 1 && tgt.minor >= 18) {
    return {
      kind: 'upgrade',
      refusal:
        `state written by Flink 1.6 cannot be restored on ${flinkVersionLabel(req.target)}: upgrade through an ` +
        'intermediate runtime first (FLINK-1_8, 1_11, 1_13 or 1_15) with a snapshot, or use restore: none',
      warnings,
    };
  }
  return { kind: 'upgrade', warnings };
}
