/** Types of the JAR binary-compatibility check (see index.ts for the public API). */

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** errors block the upgrade (input `jar-check: strict`); warnings and infos are reported */
  severity: Severity;
  /** stable identifier, e.g. `FLINK2_REMOVED_API` (see FINDING_CODES) */
  code: string;
  message: string;
  /** the archive entry or class (dotted name) the finding is about */
  location?: string;
  /** what to change */
  fix: string;
}

export interface JarCheckStats {
  /** entries in the archive's central directory */
  entries: number;
  /** class files read */
  classes: number;
  /** archive size in bytes */
  bytes: number;
  durationMs: number;
  /** highest class-file major version among the classes the runtime would load */
  maxClassMajor?: number;
  /** Flink version of bundled core Flink artifacts, when any are bundled */
  bundledFlinkVersion?: string;
}

export interface JarCheckReport {
  /** what was checked: a Java JAR or a Python application zip */
  kind: 'jar' | 'python-zip';
  findings: Finding[];
  stats: JarCheckStats;
}

export interface CheckOptions {
  /** the runtime the upgrade moves to, e.g. `FLINK-2_2` */
  targetRuntime: string;
  /**
   * The Java feature release the target really runs the job on, when known (a self-managed cluster's
   * `/jobmanager/environment`); default: the runtime's Java on Managed Service for Apache Flink.
   */
  targetJavaRelease?: number;
  /** the runtime the application runs on now; enables the 1.x → 2.x state checks */
  currentRuntime?: string;
  /** default `auto`: a zip without class files but with .py files is a Python application */
  kind?: 'jar' | 'python-zip' | 'auto';
  /** largest accepted archive (default: MSF's 512 MiB code limit) */
  maxBytes?: number;
  /**
   * Internal-name package prefixes of the application's own classes (e.g. `com/example/`), used by
   * the state-serialization heuristics. Default: the package of the manifest's Main-Class.
   */
  applicationPackages?: string[];
  /** class files read in parallel (default 16) */
  concurrency?: number;
}

export type JarCheckProblem =
  | 'NOT_FOUND'
  | 'NOT_A_FILE'
  | 'EMPTY'
  | 'TOO_LARGE'
  | 'NOT_A_ZIP'
  | 'TRUNCATED'
  | 'CORRUPT'
  | 'UNKNOWN_RUNTIME';

/** The artifact cannot be checked at all (it cannot be deployed either). */
export class JarCheckError extends Error {
  constructor(
    readonly file: string,
    readonly problem: JarCheckProblem,
    message: string,
  ) {
    super(message);
    this.name = 'JarCheckError';
  }
}
