/**
 * Checks of a Python (PyFlink) application zip, from its entry names only. Pure.
 *
 * MSF expects: the main `.py` file at the top level or in one folder (its path goes in the `python`
 * property of `kinesis.analytics.flink.run.options`), and the JAR dependencies (connectors) in the
 * zip, conventionally under `lib/` (the `jarfile` property).
 */
import { type BundledArtifact, type CheckContext, bundledArtifactFindings } from './bundled.js';
import { parseJarFileName } from './metadata.js';
import type { Finding } from './types.js';

/** How many JAR names the PY_BUNDLED_JARS finding lists. */
export const MAX_LISTED_JARS = 20;

export interface PythonZipEntries {
  /** paths of `.py` files */
  python: string[];
  /** paths of `.jar` files */
  jars: string[];
}

function depth(path: string): number {
  return path.split('/').length - 1;
}

function isUnderLib(path: string): boolean {
  return /^(?:[^/]+\/)?lib\/[^/]+\.jar$/.test(path);
}

export function analyzePythonZip(
  entries: PythonZipEntries,
  ctx: CheckContext,
): { findings: Finding[]; bundledFlinkVersion?: string } {
  const findings: Finding[] = [];
  const python = entries.python.filter((p) => !p.startsWith('__MACOSX/'));
  if (python.length === 0) {
    findings.push({
      severity: 'error',
      code: 'PY_NO_PYTHON',
      message: 'The Python application zip contains no .py file.',
      fix: 'Zip the main .py file (top level or one folder) together with its lib/ JARs.',
    });
  } else if (!python.some((p) => depth(p) <= 1)) {
    findings.push({
      severity: 'warning',
      code: 'PY_LAYOUT',
      message: `No .py file at the top level or in a top-level folder (e.g. ${python[0]}); MSF looks for the main file where the "python" run option points.`,
      location: python[0] as string,
      fix: 'Put the main .py file at the top level of the zip (or in a single folder) and point kinesis.analytics.flink.run.options/python at it.',
    });
  }

  const jars = entries.jars;
  if (jars.length === 0) {
    findings.push({
      severity: 'info',
      code: 'PY_NO_JARS',
      message: 'No JAR dependencies in the zip: fine only if the application uses no connector.',
      fix: 'Add the connector JARs built for the target Flink line under lib/ and reference them with the "jarfile" run option.',
    });
    return { findings };
  }
  const listed = jars.slice(0, MAX_LISTED_JARS).map((j) => j.slice(j.lastIndexOf('/') + 1));
  findings.push({
    severity: 'info',
    code: 'PY_BUNDLED_JARS',
    message: `Bundled JARs: ${listed.join(', ')}${jars.length > MAX_LISTED_JARS ? `, +${jars.length - MAX_LISTED_JARS} more` : ''}.`,
    fix: `Each must be built for Flink ${ctx.target.flinkVersion}.`,
  });
  const outside = jars.filter((j) => !isUnderLib(j));
  if (outside.length > 0) {
    findings.push({
      severity: 'warning',
      code: 'PY_LAYOUT',
      message: `JAR${outside.length === 1 ? '' : 's'} outside lib/: ${outside.slice(0, 5).join(', ')}${outside.length > 5 ? ', …' : ''}.`,
      location: outside[0] as string,
      fix: 'Put JAR dependencies under lib/ and make the "jarfile" run option point at them.',
    });
  }

  const artifacts: BundledArtifact[] = [];
  for (const jar of jars) {
    const parsed = parseJarFileName(jar);
    if (parsed && parsed.artifactId.startsWith('flink-')) {
      artifacts.push({ artifactId: parsed.artifactId, version: parsed.version, location: jar });
    }
  }
  const bundled = bundledArtifactFindings(artifacts, ctx);
  findings.push(...bundled.findings);
  return bundled.bundledFlinkVersion === undefined
    ? { findings }
    : { findings, bundledFlinkVersion: bundled.bundledFlinkVersion };
}
