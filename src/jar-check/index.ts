/**
 * JAR binary-compatibility check: finds, from the application archive itself and in seconds, why an
 * upgrade would fail at job startup (path 2 of MSF's "Upgrading to Flink 2.2" guide) before the
 * pipeline snapshots the application and calls UpdateApplication.
 *
 * Public API (stable; the pipeline's preflight calls it):
 *
 *   checkArtifact(path: string, options: CheckOptions): Promise<JarCheckReport>
 *     options: { targetRuntime: 'FLINK-2_2', currentRuntime?: 'FLINK-1_20',
 *                kind?: 'jar' | 'python-zip' | 'auto', maxBytes?, applicationPackages?, concurrency?,
 *                targetJavaRelease? (the Java the target really runs, e.g. a self-managed cluster's) }
 *     → { kind, findings: Finding[], stats: { entries, classes, bytes, durationMs, maxClassMajor?,
 *         bundledFlinkVersion? } }
 *     Throws JarCheckError { file, problem: NOT_FOUND | NOT_A_FILE | EMPTY | TOO_LARGE | NOT_A_ZIP |
 *     TRUNCATED | CORRUPT | UNKNOWN_RUNTIME } when the archive cannot be checked (nor deployed).
 *     A well-formed runtime newer than the table (e.g. FLINK-2_9) is checked with the Java of the
 *     newest known runtime of its major line, plus an info finding RUNTIME_ASSUMED.
 *
 *   Finding { severity: 'error' | 'warning' | 'info'; code; message; location?; fix }
 *     Errors block the upgrade when the pipeline runs with `jar-check: strict`; the pipeline decides.
 *     Codes (stable): see FINDING_CODES below.
 *
 *   Formatting (pure, ./format.js):
 *     formatFindingLine(f): string                       one log line
 *     findingAnnotation(f, artifact?): { level, title, message }   for core.error/warning/notice
 *     findingsTableRows(findings, maxRows = 25): { rows: string[][]; omitted }   escaped cells
 *     findingsMarkdownTable(findings, maxRows = 25): string          header + rows + "… N more"
 *     escapeCell(text), countFindings(findings), hasBlockingFindings(report), summarizeReport(report)
 *
 *   runtimeInfo(runtime) (Flink version and Java release of each FLINK-* runtime) lives in
 *   src/msf/runtime.ts and is re-exported here.
 *
 * What is checked: bundled core Flink and connector versions (pom.properties, manifest, JAR names in
 * Python zips), class-file versions against the runtime's Java (multi-release aware), references to
 * APIs removed in Flink 2.0, and — for 1.x → 2.x upgrades — state-serialization risks (Kryo, Scala
 * case classes, records, POJOs with collections, Kinesis source state).
 */
import { newerRuntimeInfo, runtimeInfo } from '../msf/runtime.js';
import { JarAnalyzer, isCollectionField } from './analyze-jar.js';
import { analyzePythonZip } from './analyze-python.js';
import { parseClassFile, type ClassSummary } from './class-file.js';
import { artifactFromPomProperties, isPomPropertiesEntry } from './metadata.js';
import { INTERESTING_PREFIXES, OVERRIDE_CONSTANTS, SIGNATURE_PREFIXES, isInterestingRef } from './rules.js';
import { type CheckOptions, type Finding, JarCheckError, type JarCheckReport } from './types.js';
import { checkFile, readArchive } from './zip-reader.js';

export { runtimeInfo, FLINK_RUNTIMES, type RuntimeInfo } from '../msf/runtime.js';
export * from './format.js';
export * from './types.js';

/** MSF's limit on application code: 512 MiB (quota page `limits.html`). */
export const MSF_MAX_CODE_BYTES = 512 * 1024 * 1024;

/** Every finding code, with its meaning. */
export const FINDING_CODES = {
  FLINK_CORE_BUNDLED: 'core Flink bundled instead of provided scope',
  FLINK_CONNECTOR_MISMATCH: 'connector built for another Flink line than the target',
  FLINK_CONNECTOR_NO_FLINK2: 'connector with no Flink 2.x release, on a 2.x target',
  FLINK_CONNECTOR_UNKNOWN_LINE: 'connector version without a Flink line',
  JAVA_CLASS_VERSION: 'classes compiled for a newer Java than the runtime provides',
  FLINK2_REMOVED_API: 'application or library class uses an API removed in Flink 2.0',
  FLINK2_REMOVED_API_BUNDLED: 'bundled Flink connector classes use APIs removed in Flink 2.0',
  STATE_KRYO: 'Kryo-serialized state (Kryo 2.24 → 5.6 in Flink 2.x)',
  STATE_SCALA_CASE_CLASS: 'Scala case classes in state',
  STATE_JAVA_RECORD: 'Java records in state',
  STATE_POJO_COLLECTIONS: 'POJOs with Java collection fields in state',
  STATE_JAVA_COLLECTION: 'Java collections as state types (TypeHint<List<…>>: Kryo in Flink 1.x)',
  STATE_KINESIS_CONNECTOR: 'Kinesis connector < 5.0 state',
  STATE_KINESIS_SOURCE: 'KinesisStreamsSource cannot restore FlinkKinesisConsumer state',
  CLASS_UNREADABLE: '.class entries that are not valid class files',
  RUNTIME_ASSUMED: 'target runtime newer than this check knows: checked with assumed Java',
  JAR_NO_CLASSES: 'JAR without class files',
  PY_NO_PYTHON: 'Python zip without .py files',
  PY_LAYOUT: 'Python zip layout differs from what MSF expects',
  PY_BUNDLED_JARS: 'JARs bundled in a Python zip',
  PY_NO_JARS: 'Python zip without JAR dependencies',
} as const;

const SEVERITY_ORDER: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** Checks an application archive (JAR or Python zip) against the target runtime. */
export async function checkArtifact(path: string, options: CheckOptions): Promise<JarCheckReport> {
  const started = performance.now();
  const known = runtimeInfo(options.targetRuntime) ?? newerRuntimeInfo(options.targetRuntime);
  const target =
    known && options.targetJavaRelease !== undefined
      ? { ...known, javaRelease: options.targetJavaRelease }
      : known;
  if (!target) {
    throw new JarCheckError(
      path,
      'UNKNOWN_RUNTIME',
      `Unknown target runtime "${options.targetRuntime}": expected a FLINK-* runtime such as FLINK-2_2.`,
    );
  }
  const current =
    options.currentRuntime === undefined
      ? undefined
      : (runtimeInfo(options.currentRuntime) ?? newerRuntimeInfo(options.currentRuntime));
  const ctx = {
    target,
    ...(current ? { current } : {}),
    ...(options.applicationPackages ? { applicationPackages: options.applicationPackages } : {}),
  };
  const kind = options.kind ?? 'auto';

  const size = await checkFile(path, options.maxBytes ?? MSF_MAX_CODE_BYTES);

  const analyzer = new JarAnalyzer(ctx);
  const python: string[] = [];
  const jars: string[] = [];
  let classes = 0;
  const parseOptions = {
    isInteresting: isInterestingRef,
    refPrefixes: INTERESTING_PREFIXES,
    descriptorPrefixes: INTERESTING_PREFIXES,
    isInterestingField: isCollectionField,
    utf8Constants: OVERRIDE_CONSTANTS,
    signaturePrefixes: SIGNATURE_PREFIXES,
  };

  const archive = await readArchive<ClassSummary>(
    path,
    size,
    {
      classify(name) {
        analyzer.addEntryName(name);
        if (name.endsWith('.class')) return kind === 'python-zip' ? 'skip' : 'class';
        if (name.endsWith('.py')) python.push(name);
        else if (name.endsWith('.jar')) jars.push(name);
        else if (name === 'META-INF/MANIFEST.MF' || isPomPropertiesEntry(name)) return 'text';
        return 'skip';
      },
      parseClass: (data) => parseClassFile(data, parseOptions),
      onClass(name, summary) {
        classes++;
        analyzer.addClass(name, summary);
      },
      onUnreadableClass(name) {
        classes++;
        analyzer.addUnreadableClass(name);
      },
      onText(name, text) {
        if (name === 'META-INF/MANIFEST.MF') analyzer.addManifest(text);
        else {
          const artifact = artifactFromPomProperties(name, text);
          if (artifact) analyzer.addArtifact(artifact);
        }
      },
    },
    options.concurrency === undefined ? {} : { concurrency: options.concurrency },
  );

  const isPython = kind === 'python-zip' || (kind === 'auto' && classes === 0 && python.length > 0);
  let findings: Finding[];
  let maxClassMajor: number | undefined;
  let bundledFlinkVersion: string | undefined;
  if (isPython) {
    const result = analyzePythonZip({ python, jars }, ctx);
    findings = result.findings;
    bundledFlinkVersion = result.bundledFlinkVersion;
  } else {
    const result = analyzer.finish();
    findings = result.findings;
    maxClassMajor = result.maxClassMajor;
    bundledFlinkVersion = result.bundledFlinkVersion;
  }
  if (!runtimeInfo(options.targetRuntime)) {
    findings.push({
      severity: 'info',
      code: 'RUNTIME_ASSUMED',
      message: `${options.targetRuntime} is newer than the runtimes this check knows; it was checked as Flink ${target.flinkVersion} on Java ${target.javaRelease}.`,
      fix: 'Update flink-upgrade-action to a release that knows this runtime.',
    });
  }
  findings = findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);

  const report: JarCheckReport = {
    kind: isPython ? 'python-zip' : 'jar',
    findings,
    stats: {
      entries: archive.entries,
      classes,
      bytes: archive.bytes,
      durationMs: Math.round(performance.now() - started),
    },
  };
  if (maxClassMajor !== undefined) report.stats.maxClassMajor = maxClassMajor;
  if (bundledFlinkVersion !== undefined) report.stats.bundledFlinkVersion = bundledFlinkVersion;
  return report;
}
