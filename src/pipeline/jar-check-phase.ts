/**
 * The JAR check as a pipeline step: runs src/jar-check on the local build against the target runtime
 * and turns its report into what the run does next (`strict`: error findings stop the run before the
 * upload; `warn`: reported; `off`: skipped).
 */
import type { Finding } from '../jar-check/types.js';
import { describeError, errorName } from '../aws/errors.js';

export type { Finding };

export interface JarCheckOutcome {
  mode: 'strict' | 'warn' | 'off';
  /** why the check did not run (off, promotion, unknown runtime) */
  skipped?: string;
  findings: Finding[];
  /** strict mode and at least one error finding */
  blocking: boolean;
  kind?: 'jar' | 'python-zip';
  durationMs?: number;
}

export interface JarCheckRequest {
  mode: 'strict' | 'warn' | 'off';
  artifactPath?: string;
  targetRuntime: string;
  currentRuntime: string;
  /** the Java the target really runs, when the platform knows it */
  targetJavaRelease?: number;
}

/** The one call site of the JAR check. */
export async function runJarCheck(req: JarCheckRequest): Promise<JarCheckOutcome> {
  if (req.mode === 'off') return { mode: 'off', skipped: 'jar-check: off', findings: [], blocking: false };
  if (!req.artifactPath) {
    return {
      mode: req.mode,
      skipped: 'promotion of an uploaded build: no local file to check',
      findings: [],
      blocking: false,
    };
  }
  try {
    // Loaded (a chunk of its own) when a check runs: the first AWS request does not wait for it.
    const { checkArtifact } = await import('../jar-check/index.js');
    const report = await checkArtifact(req.artifactPath, {
      targetRuntime: req.targetRuntime,
      currentRuntime: req.currentRuntime,
      ...(req.targetJavaRelease !== undefined ? { targetJavaRelease: req.targetJavaRelease } : {}),
    });
    const errors = report.findings.filter((f) => f.severity === 'error').length;
    return {
      mode: req.mode,
      findings: report.findings,
      blocking: req.mode === 'strict' && errors > 0,
      kind: report.kind,
      durationMs: report.stats.durationMs,
    };
  } catch (err) {
    const problem = (err as { problem?: string }).problem;
    if (errorName(err) === 'JarCheckError' && problem === 'UNKNOWN_RUNTIME') {
      return {
        mode: req.mode,
        skipped: `the JAR check does not know ${req.targetRuntime} yet: ${describeError(err)}`,
        findings: [],
        blocking: false,
      };
    }
    // The archive cannot be read: it cannot be deployed either.
    return {
      mode: req.mode,
      findings: [
        {
          severity: 'error',
          code: problem ?? 'JAR_CHECK_FAILED',
          message: describeError(err),
          fix: 'rebuild the artifact and check the path; a broken archive cannot run on the application',
        },
      ],
      blocking: req.mode === 'strict',
    };
  }
}

/** `error FLINK2_REMOVED_API: … Fix: …` */
export function findingLine(f: Finding): string {
  return `${f.severity} ${findingBody(f)}`;
}

/** `FLINK2_REMOVED_API: … Fix: …`: the finding without its severity. */
export function findingBody(f: Finding): string {
  return `${f.code}: ${findingMessage(f)}`;
}

/**
 * `… (com.example.Job). Fix: …`: the finding's text, its location (unless the text names it already)
 * and its fix, one full stop between them.
 */
export function findingMessage(f: Finding): string {
  const where = f.location && !f.message.includes(f.location) ? ` (${f.location})` : '';
  return `${f.message.replace(/\.+$/, '')}${where}. Fix: ${f.fix}`;
}
