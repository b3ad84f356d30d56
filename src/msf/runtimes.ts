/**
 * The MSF Flink runtimes the API model knows (`RuntimeEnvironment` enum, FLINK-* values) and what each
 * provides: the Apache Flink version line and the Java release the service runs the job on.
 *
 * Sources (Managed Service for Apache Flink developer guide, `managed-flink/latest/java/`):
 * - `flink-2-3.html`, "Components": Java 17 (recommended); Java 21 not supported.
 * - `flink-2-2.html`, "Breaking changes": "Java 11 support completely removed; Java 17 is the default
 *   and recommended runtime"; Java 21 not supported.
 * - `flink-1-20.html`, `flink-1-19.html`, `flink-1-18.html`, `flink-1-15.html`, `flink-1-13.html`,
 *   `flink-1-11.html` ("Components"): Java 11 (recommended).
 * - `earlier.html` (Flink 1.8 and 1.6, no longer startable since 2025-02-05 per `limits.html`):
 *   these ran on Java 8.
 * The enum itself: the kinesisanalyticsv2 model in ../shared/aws-models (`RuntimeEnvironment`).
 */

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

const TABLE: Record<string, { flink: string; java: number }> = {
  'FLINK-1_6': { flink: '1.6', java: 8 },
  'FLINK-1_8': { flink: '1.8', java: 8 },
  'FLINK-1_11': { flink: '1.11', java: 11 },
  'FLINK-1_13': { flink: '1.13', java: 11 },
  'FLINK-1_15': { flink: '1.15', java: 11 },
  'FLINK-1_18': { flink: '1.18', java: 11 },
  'FLINK-1_19': { flink: '1.19', java: 11 },
  'FLINK-1_20': { flink: '1.20', java: 11 },
  'FLINK-2_2': { flink: '2.2', java: 17 },
  'FLINK-2_3': { flink: '2.3', java: 17 },
};

/** Every FLINK-* runtime, oldest first. */
export const FLINK_RUNTIMES: readonly string[] = Object.keys(TABLE);

/** What a FLINK-* runtime provides, or undefined for unknown values (SQL-1_0, ZEPPELIN-*, typos). */
export function runtimeInfo(runtime: string): RuntimeInfo | undefined {
  const row = TABLE[runtime];
  if (!row) return undefined;
  const [major, minor] = row.flink.split('.').map(Number) as [number, number];
  return { runtime, flinkVersion: row.flink, flinkMajor: major, flinkMinor: minor, javaRelease: row.java };
}
