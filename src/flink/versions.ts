/**
 * Flink versions of self-managed clusters (pure): the version a cluster reports (`/config`), the Java
 * release it runs on (`/jobmanager/environment`), the JAR check's runtime for a version, and Flink's
 * savepoint compatibility rules for a move from one version to another.
 *
 * Sources: Apache Flink's "Upgrading Applications and Flink Versions" (compatibility table: a savepoint
 * is restored by the same or a newer Flink version, never an older one) and the Flink 2.0 release notes
 * ("State compatibility is not guaranteed between 1.x and 2.x"; Kryo 2.24 → 5.6, collection serializers).
 */
import { FLINK_RUNTIMES, runtimeInfo } from '../jar-check/index.js';

export interface FlinkRelease {
  major: number;
  minor: number;
  patch: number;
  /** as the cluster reported it, e.g. `1.20.5` */
  text: string;
}

/** `1.20.5`, `2.2.1`, `2.0-SNAPSHOT` → its numbers; undefined for anything else. */
export function parseFlinkVersion(text: string): FlinkRelease | undefined {
  const match = /^\s*(\d{1,3})\.(\d{1,3})(?:\.(\d{1,3}))?/.exec(text);
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3] ?? 0),
    text: text.trim(),
  };
}

/** `1.20` for messages. */
export function flinkLine(v: FlinkRelease): string {
  return `${v.major}.${v.minor}`;
}

/** Negative when a is older than b, 0 on the same line (patch releases restore each other), positive when newer. */
export function compareLines(a: FlinkRelease, b: FlinkRelease): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/**
 * The Java feature release in a JVM description as Flink's `/jobmanager/environment` gives it
 * (`OpenJDK 64-Bit Server VM - Eclipse Adoptium - 17/17.0.12+7`), or a bare version (`17.0.12`,
 * `1.8.0_402`, `21`). Undefined when none is found.
 */
export function javaRelease(jvm: string): number | undefined {
  const spec =
    / - (\d+(?:\.\d+)?)\//.exec(jvm)?.[1] ?? /(?:^|\s)(\d+(?:\.\d+)?)(?:[.+_][\w.+-]*)?\s*$/.exec(jvm)?.[1];
  if (!spec) return undefined;
  const [first, second] = spec.split('.').map(Number);
  if (first === undefined || !Number.isFinite(first)) return undefined;
  // Java 8 and older: 1.8
  return first === 1 && second !== undefined ? second : first;
}

/**
 * The runtime the JAR check judges a Flink version as: `FLINK-<major>_<minor>` when the check knows the
 * line, else the newest known line of the same major below it (its API and state rules hold), else the
 * name itself (a newer line: the check assumes the newest rules of its major and says so).
 */
export function jarCheckRuntime(v: FlinkRelease): string {
  const exact = `FLINK-${v.major}_${v.minor}`;
  if (runtimeInfo(exact)) return exact;
  // the lines the check knows (runtime names carry them), of this major version, oldest first
  const line = FLINK_RUNTIMES.map((r) => runtimeInfo(r)).filter(
    (x): x is NonNullable<typeof x> => x !== undefined && x.flinkMajor === v.major,
  );
  const newer = line.some((x) => x.flinkMinor > v.minor);
  const below = line.filter((x) => x.flinkMinor < v.minor).at(-1);
  return newer && below ? below.runtime : exact;
}

export interface VersionMoveRequest {
  from: FlinkRelease;
  to: FlinkRelease;
  /** the new job restores the savepoint (upgrade-mode savepoint) */
  stateful: boolean;
  allowMajorUpgrade: boolean;
  allowDowngrade: boolean;
}

export interface VersionMoveVerdict {
  kind: 'same' | 'patch' | 'minor-upgrade' | 'major-upgrade' | 'downgrade';
  allowed: boolean;
  /** one line: why refused (with the fix), or what to know */
  message: string;
  warnings: string[];
}

/** Flink's savepoint compatibility rules between the cluster's version and the target's. */
export function judgeVersionMove(req: VersionMoveRequest): VersionMoveVerdict {
  const { from, to } = req;
  const move = `Flink ${from.text} → ${to.text}`;
  const order = compareLines(to, from);
  if (order === 0) {
    const kind = from.patch === to.patch ? 'same' : 'patch';
    return { kind, allowed: true, message: `${move}: same Flink line`, warnings: [] };
  }
  if (order < 0) {
    if (req.stateful) {
      return {
        kind: 'downgrade',
        allowed: false,
        message:
          `${move} is a downgrade: Flink restores a savepoint only on the same or a newer version. ` +
          'Run the job on a cluster of its own version, or use upgrade-mode: stateless with allow-downgrade: true to start without state',
        warnings: [],
      };
    }
    return req.allowDowngrade
      ? {
          kind: 'downgrade',
          allowed: true,
          message: `${move}: a downgrade without state (allow-downgrade)`,
          warnings: [],
        }
      : {
          kind: 'downgrade',
          allowed: false,
          message: `${move} is a downgrade; set allow-downgrade: true to start the older version without state`,
          warnings: [],
        };
  }
  if (to.major > from.major) {
    if (!req.allowMajorUpgrade) {
      return {
        kind: 'major-upgrade',
        allowed: false,
        message:
          `${move} is a major upgrade: Flink does not guarantee that ${from.major}.x state restores on ${to.major}.x ` +
          '(Java collections and Kryo state do not; APIs were removed). It is one-way; set allow-major-upgrade: true ' +
          'once the JAR is built for the new version (the JAR check and the health gate guard the move; the rollback returns to the original cluster)',
        warnings: [],
      };
    }
    const warnings =
      from.major === 1 && from.minor < 20 && req.stateful
        ? [
            `${from.text} state is moved to ${to.text} directly; Flink's migration guide moves 1.x jobs to 1.20 first`,
          ]
        : [];
    return {
      kind: 'major-upgrade',
      allowed: true,
      message: `${move}: a major upgrade (allow-major-upgrade)`,
      warnings,
    };
  }
  return {
    kind: 'minor-upgrade',
    allowed: true,
    message: `${move}: a newer line restores the savepoint`,
    warnings: [],
  };
}
