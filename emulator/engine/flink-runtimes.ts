/**
 * Which installed Apache Flink runs an MSF runtime on the real engine: FLINK-1_20 → the installed 1.20.x,
 * FLINK-2_2 → 2.2.x (scripts/flink/install.sh puts them in a cache outside the clone), and what to say
 * when that Flink, or Java 17, is missing.
 */
import { spawnSync } from 'node:child_process';
import { INSTALL_COMMAND, isFlinkInstalled, knownFlinkVersions } from '../../test/support/flink-install.js';

/** 'FLINK-1_20' → '1.20'; undefined for other runtimes (SQL, Zeppelin). */
export function flinkLineOf(runtime: string): string | undefined {
  const m = /^FLINK-(\d+)_(\d+)$/.exec(runtime);
  return m ? `${m[1]}.${m[2]}` : undefined;
}

export type RuntimeResolution = { ok: true; version: string } | { ok: false; message: string };

/** The installed Flink version that runs `runtime`, or why there is none (with the way to install it). */
export function resolveRuntime(
  runtime: string,
  known: readonly string[] = knownFlinkVersions(),
  installed: (version: string) => boolean = isFlinkInstalled,
): RuntimeResolution {
  const line = flinkLineOf(runtime);
  if (!line) {
    return { ok: false, message: `The flink engine runs Apache Flink runtimes only, not ${runtime}.` };
  }
  const version = known.find((v) => v.startsWith(`${line}.`));
  if (!version) {
    return {
      ok: false,
      message:
        `The flink engine cannot run ${runtime}: no Apache Flink ${line}.x is known to the installer ` +
        `(scripts/flink/requirements/ lists ${known.join(', ')}); add a requirements file for it and run ${INSTALL_COMMAND}.`,
    };
  }
  if (!installed(version)) {
    return {
      ok: false,
      message: `The flink engine cannot run ${runtime}: Apache Flink ${version} is not installed. Install it with ${INSTALL_COMMAND} (a few minutes once; needs Java 17 and Maven).`,
    };
  }
  return { ok: true, version };
}

/** The runtimes the real engine can run on this machine, e.g. ['FLINK-1_20', 'FLINK-2_2']. */
export function installedRuntimes(known: readonly string[] = knownFlinkVersions()): string[] {
  return known
    .filter((v) => isFlinkInstalled(v))
    .map((v) => {
      const [major, minor] = v.split('.');
      return `FLINK-${major}_${minor}`;
    });
}

/** Undefined when `java` is a Java 17 or later; otherwise what is wrong. */
export function checkJava(): string | undefined {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    return 'The flink engine needs Java 17 on the PATH (`java -version` failed): install a JDK 17 (e.g. apt-get install openjdk-17-jdk-headless).';
  }
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  const major = m ? Number(m[1] === '1' ? m[2] : m[1]) : 0;
  if (major < 17) {
    return `The flink engine needs Java 17 or later; \`java -version\` says ${m ? m[0] : 'an unknown version'}.`;
  }
  return undefined;
}
