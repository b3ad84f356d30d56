/**
 * Findings about bundled Flink artifacts (from pom.properties in a JAR, or JAR file names in a Python
 * application zip). Pure.
 */
import type { RuntimeInfo } from '../msf/runtime.js';
import { compareVersions, formatLine, parseArtifactVersion } from './metadata.js';
import {
  baseArtifactId,
  connectorAdvice,
  isConnectorArtifact,
  isCoreFlinkArtifact,
  isFlinkVersionedModule,
} from './rules.js';
import type { Finding } from './types.js';

export interface CheckContext {
  target: RuntimeInfo;
  /** the runtime the application runs on now, when known */
  current?: RuntimeInfo;
}

/** True when the upgrade crosses from Flink 1.x to 2.x (or may: current runtime unknown). */
export function crossesToFlink2(ctx: CheckContext): boolean {
  return ctx.target.flinkMajor >= 2 && (ctx.current === undefined || ctx.current.flinkMajor < 2);
}

export interface BundledArtifact {
  artifactId: string;
  version: string;
  /** where it was seen: a pom.properties entry, the manifest, or a nested JAR's path */
  location: string;
}

export interface BundledResult {
  findings: Finding[];
  /** version of the bundled core Flink artifacts, when any */
  bundledFlinkVersion?: string;
}

/** Checks Flink artifacts (org.apache.flink group) bundled in the application. */
export function bundledArtifactFindings(
  artifacts: readonly BundledArtifact[],
  ctx: CheckContext,
): BundledResult {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  let bundledFlinkVersion: string | undefined;
  const target = ctx.target;
  const targetLine = target.flinkVersion;

  for (const a of artifacts) {
    const base = baseArtifactId(a.artifactId);
    const key = `${base}@${a.version}`;
    if (seen.has(key)) continue;
    seen.add(key);

    if (isCoreFlinkArtifact(base)) {
      bundledFlinkVersion ??= a.version;
      findings.push({
        severity: 'error',
        code: 'FLINK_CORE_BUNDLED',
        message: `Core Flink artifact ${a.artifactId} ${a.version} is bundled in the application; ${target.runtime} provides Flink ${targetLine} itself, and a second copy of Flink on the class path breaks job startup.`,
        location: a.location,
        fix: `Declare org.apache.flink:${a.artifactId} with <scope>provided</scope> (Gradle: compileOnly) at Flink ${targetLine} and rebuild.`,
      });
      continue;
    }
    if (!isConnectorArtifact(base) && !isFlinkVersionedModule(base)) continue;

    const advice = connectorAdvice(base);
    const version = parseArtifactVersion(base, a.version);
    const line = version.flink;
    const builtFor = line ? `built for Flink ${formatLine(line)}` : 'of unknown Flink line';

    if (target.flinkMajor >= 2 && advice?.noFlink2Release) {
      findings.push({
        severity: 'error',
        code: 'FLINK_CONNECTOR_NO_FLINK2',
        message: `${a.artifactId} ${a.version} is bundled, and this connector has no release for Flink 2.x; it cannot run on ${target.runtime}.`,
        location: a.location,
        fix: `Replace it (${advice.flink2}), for example with a custom Sink V2 or another connector, or stay on Flink 1.20.`,
      });
      continue;
    }
    if (!line) {
      findings.push({
        severity: 'info',
        code: 'FLINK_CONNECTOR_UNKNOWN_LINE',
        message: `${a.artifactId} ${a.version} is bundled; its version does not say which Flink line it was built for.`,
        location: a.location,
        fix: `Check that this release supports Flink ${targetLine}.`,
      });
      continue;
    }

    const isKinesisLegacy = base === 'flink-connector-kinesis' && compareVersions(version.own, '5.0') < 0;
    const replacement =
      target.flinkMajor >= 2 && advice
        ? advice.flink2
        : isFlinkVersionedModule(base)
          ? `${a.artifactId} at Flink ${targetLine} (or provided scope)`
          : `the ${a.artifactId} release built for Flink ${target.flinkMajor >= 2 ? `${target.flinkMajor}.x (version suffix -${target.flinkMajor}.0 or later)` : targetLine}`;

    if (line.major !== target.flinkMajor) {
      findings.push({
        severity: 'error',
        code: 'FLINK_CONNECTOR_MISMATCH',
        message:
          `${a.artifactId} ${a.version} is ${builtFor}, but ${target.runtime} runs Flink ${targetLine}: connectors are not binary compatible across Flink major versions` +
          (isKinesisLegacy
            ? ' (below 5.0 it is the legacy SourceFunction-based FlinkKinesisConsumer/FlinkKinesisProducer).'
            : '.'),
        location: a.location,
        fix: `Use ${replacement}.`,
      });
    } else if (line.minor > target.flinkMinor || (target.flinkMajor < 2 && line.minor < target.flinkMinor)) {
      // Within 2.x, connectors are built against 2.0 and run on later 2.x lines (MSF recommends the -2.0
      // releases for 2.2), so only a newer line is a problem there.
      findings.push({
        severity: 'warning',
        code: 'FLINK_CONNECTOR_MISMATCH',
        message: `${a.artifactId} ${a.version} is ${builtFor}; ${target.runtime} runs Flink ${targetLine}.`,
        location: a.location,
        fix: `Use ${replacement}.`,
      });
    }

    if (isKinesisLegacy && ctx.target.flinkMajor >= 2 && crossesToFlink2(ctx)) {
      findings.push({
        severity: 'warning',
        code: 'STATE_KINESIS_CONNECTOR',
        message: `${a.artifactId} ${a.version} is older than 5.0: Kinesis source state written by it cannot be restored on Flink 2.x (which uses connector 6.0).`,
        location: a.location,
        fix: 'Give the new KinesisStreamsSource a new uid and upgrade with allow-non-restored-state, or start without restoring (SKIP_RESTORE_FROM_SNAPSHOT) after stopping the old version, as the MSF state compatibility guide describes.',
      });
    }
  }
  const result: BundledResult = { findings };
  if (bundledFlinkVersion !== undefined) result.bundledFlinkVersion = bundledFlinkVersion;
  return result;
}
