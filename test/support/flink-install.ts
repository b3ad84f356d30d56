/**
 * Where the real Flink installs and the test jobs are (scripts/flink/install.sh and build-jobs.sh put
 * them in a cache outside the clone), and what the real-cluster tests do when they are missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Opt-out of the real-cluster tests (they fail when Flink is missing unless this is set to 1). */
export const SKIP_ENV = 'FLINK_TESTS_SKIP';
export const INSTALL_COMMAND = 'scripts/flink/install.sh && scripts/flink/build-jobs.sh';

export function flinkCacheDir(): string {
  return process.env.FLINK_CACHE_DIR || join(homedir(), '.cache', 'flink-upgrade-action');
}

/** The Flink versions the installer knows (scripts/flink/requirements/<version>.txt), oldest first. */
export function knownFlinkVersions(): string[] {
  return readdirSync(join(repoRoot, 'scripts', 'flink', 'requirements'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -4))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** The installed version of a Flink line ('1.20' → '1.20.5'), per the installer's list. */
export function flinkVersion(line: string): string {
  const version = knownFlinkVersions().find((v) => v.startsWith(`${line}.`));
  if (!version) throw new Error(`no Flink ${line}.x in scripts/flink/requirements/`);
  return version;
}

/** FLINK_HOME-like folder (lib/, plugins/) of an installed version. */
export function flinkHome(version: string): string {
  return join(flinkCacheDir(), 'flink', version);
}

export function isFlinkInstalled(version: string): boolean {
  return existsSync(join(flinkHome(version), '.installed'));
}

let sourceHash: string | undefined;

/** The hash of the test jobs' sources, as scripts/flink/build-jobs.sh names its build of them. */
function testJobsHash(): string {
  sourceHash ??= execFileSync(join(repoRoot, 'scripts', 'flink', 'build-jobs.sh'), ['--hash'], {
    encoding: 'utf8',
  }).trim();
  return sourceHash;
}

/** Folder of the test-job JARs built from the current sources against `version`, or undefined. */
export function testJobsDir(version: string): string | undefined {
  const dir = join(flinkCacheDir(), 'test-jobs', testJobsHash(), version);
  return existsSync(join(dir, '.built')) ? dir : undefined;
}

/** The path of a test job JAR (`counter-v1`, `kryo-list`, `legacy-source`, …) built against `version`. */
export function testJar(version: string, name: string): string {
  const dir = testJobsDir(version);
  const path = dir ? join(dir, `${name}.jar`) : '';
  if (!dir || !existsSync(path)) {
    throw new Error(
      `test job ${name} for Flink ${version} is not built from the current test-jobs/: run ${INSTALL_COMMAND}`,
    );
  }
  return path;
}

/**
 * Whether the real-cluster tests can run: 'ready', 'skip' (FLINK_TESTS_SKIP=1), or the reason they
 * cannot (a test then fails with it, never passes silently).
 */
export function realFlinkStatus(versions: readonly string[]): {
  state: 'ready' | 'skip' | 'missing';
  reason: string;
} {
  const missing = versions.filter((v) => !isFlinkInstalled(v) || !testJobsDir(v));
  if (missing.length === 0) return { state: 'ready', reason: '' };
  if (process.env[SKIP_ENV] === '1') return { state: 'skip', reason: `${SKIP_ENV}=1` };
  return {
    state: 'missing',
    reason:
      `real Flink ${missing.join(', ')} or its test jobs (built from the current test-jobs/) are not in ${flinkCacheDir()}: ` +
      `run ${INSTALL_COMMAND} (about 4 minutes once), or set ${SKIP_ENV}=1 to skip the real-cluster tests`,
  };
}
