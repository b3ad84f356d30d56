/**
 * Parsing of the small metadata files of an archive: `pom.properties`, `MANIFEST.MF`, version strings
 * of Flink artifacts and versioned JAR file names. Pure.
 */
import { baseArtifactId, isFlinkVersionedModule } from './rules.js';

export interface MavenArtifact {
  groupId: string;
  artifactId: string;
  version: string;
  /** the entry it was read from */
  entry: string;
}

/** `key=value` lines (Java properties, the subset Maven writes). */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
    if (m) out[m[1] as string] = (m[2] as string).trim();
  }
  return out;
}

/** `META-INF/maven/<group>/<artifact>/pom.properties` → the artifact, or undefined. */
export function artifactFromPomProperties(entry: string, text: string): MavenArtifact | undefined {
  const m = /^META-INF\/maven\/([^/]+)\/([^/]+)\/pom\.properties$/.exec(entry);
  if (!m) return undefined;
  const props = parseProperties(text);
  const version = props['version'];
  if (!version) return undefined;
  return {
    groupId: props['groupId'] ?? (m[1] as string),
    artifactId: props['artifactId'] ?? (m[2] as string),
    version,
    entry,
  };
}

export function isPomPropertiesEntry(entry: string): boolean {
  return /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(entry);
}

/** Main section of a manifest (continuation lines joined). */
export function parseManifest(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') {
      if (Object.keys(out).length > 0) break; // end of the main section
      continue;
    }
    if (line.startsWith(' ') && last !== undefined) {
      out[last] += line.slice(1);
      continue;
    }
    const i = line.indexOf(':');
    if (i <= 0) continue;
    last = line.slice(0, i).trim();
    out[last] = line.slice(i + 1).trim();
  }
  return out;
}

export interface FlinkLine {
  major: number;
  minor: number;
}

export function formatLine(line: FlinkLine): string {
  return `${line.major}.${line.minor}`;
}

/** `1.20.1` / `2.2` / `1.20-SNAPSHOT` → its major.minor. */
export function flinkLineOf(version: string): FlinkLine | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

export interface ArtifactVersion {
  /** the artifact's own version (for connectors: `4.3.0` of `4.3.0-1.19`) */
  own: string;
  /** the Flink line it was built for, when the version says so */
  flink?: FlinkLine;
}

/**
 * Versions of Flink artifacts:
 * - externalized connectors (since Flink 1.16): `<connector>-<flink major.minor>`, e.g. `4.3.0-1.19`,
 *   `6.0.0-2.0`;
 * - modules released with Flink (core, flink-connector-base, formats) and the connectors of Flink
 *   ≤ 1.16: the Flink version itself, e.g. `1.15.4`.
 */
export function parseArtifactVersion(artifactId: string, version: string): ArtifactVersion {
  const suffixed = /^(\d+(?:\.\d+){1,2})-(\d+)\.(\d+)(?:[-.].*)?$/.exec(version);
  if (suffixed) {
    return { own: suffixed[1] as string, flink: { major: Number(suffixed[2]), minor: Number(suffixed[3]) } };
  }
  const base = baseArtifactId(artifactId);
  const line = flinkLineOf(version);
  // Old-style connectors shared Flink's version number; only 1.x lines ever did that.
  if (line && (isFlinkVersionedModule(base) || !/connector/.test(base) || line.major === 1)) {
    return { own: version, flink: line };
  }
  return { own: version };
}

export interface VersionedJarName {
  artifactId: string;
  version: string;
}

/** `lib/flink-sql-connector-kinesis-4.3.0-1.19.jar` → { flink-sql-connector-kinesis, 4.3.0-1.19 }. */
export function parseJarFileName(entry: string): VersionedJarName | undefined {
  const file = entry.slice(entry.lastIndexOf('/') + 1);
  const m = /^(.+?(?:_2\.1[0-3])?)-(\d+(?:\.\d+)+(?:-\d+\.\d+)?(?:-[A-Za-z0-9.]+)?)\.jar$/.exec(file);
  if (!m) return undefined;
  return { artifactId: m[1] as string, version: m[2] as string };
}

/** Compares dotted numeric versions (`5.0.0` vs `4.3`); non-numeric parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
