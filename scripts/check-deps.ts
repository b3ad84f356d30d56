/**
 * The offline dependency check (npm run deps:check; .ci/run runs it): package-lock.json is in step
 * with package.json, every package in it is pinned (an exact version and a sha512 integrity, from the registry), under a
 * licence docs/dependency-policy.json allows, and not a version it lists as known-bad. npm audit,
 * which needs the advisory service, runs in the GitHub workflow.
 *
 *   npx tsx scripts/check-deps.ts
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface DependencyPolicy {
  registry: string;
  allowedLicences: string[];
  /** name@version → the licence it is known to carry where its package.json names none (with the source) */
  licenceOf?: Record<string, { licence: string; why: string }>;
  knownBad: { name: string; versions: string[]; why?: string }[];
}

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  license?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

export interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** An SPDX expression (`MIT`, `(MIT OR Apache-2.0)`, `A AND B`) allowed by the list. */
export function licenceAllowed(expression: string | undefined, allowed: readonly string[]): boolean {
  if (!expression) return false;
  const text = expression.replace(/[()]/g, ' ').trim();
  return text
    .split(/\s+OR\s+/)
    .some((alternative) => alternative.split(/\s+AND\s+/).every((id) => allowed.includes(id.trim())));
}

/** `node_modules/a/node_modules/@s/b` → `@s/b`. */
function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

/** Every problem, one line each (empty: the check passes). */
export function checkDependencies(lock: Lockfile, pkg: PackageJson, policy: DependencyPolicy): string[] {
  const problems: string[] = [];
  if (lock.lockfileVersion < 2)
    problems.push(`lockfileVersion ${lock.lockfileVersion}: regenerate with npm 7 or later`);
  const root = lock.packages[''] ?? {};
  for (const field of ['dependencies', 'devDependencies'] as const) {
    for (const [name, spec] of Object.entries(pkg[field] ?? {})) {
      if (root[field]?.[name] !== spec)
        problems.push(
          `${name}: package.json has ${spec}, package-lock.json ${root[field]?.[name] ?? 'nothing'}: run npm install`,
        );
    }
  }
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.link) continue;
    const name = nameOf(path);
    const id = `${name}@${entry.version ?? '?'}`;
    // npm may leave `resolved` out of the lockfile (the configured registry is used); when present, it is the registry
    if (entry.resolved !== undefined && !entry.resolved.startsWith(policy.registry))
      problems.push(`${id}: resolved from ${entry.resolved}, not ${policy.registry}`);
    if (!entry.version) problems.push(`${id}: no exact version in the lockfile`);
    if (!entry.integrity?.startsWith('sha512-')) problems.push(`${id}: no sha512 integrity in the lockfile`);
    const licence = entry.license ?? policy.licenceOf?.[`${name}@${entry.version ?? ''}`]?.licence;
    if (!licenceAllowed(licence, policy.allowedLicences))
      problems.push(
        `${id}: licence ${entry.license ?? '(none)'} is not in the allowed list of docs/dependency-policy.json`,
      );
    for (const bad of policy.knownBad) {
      if (bad.name === name && (bad.versions.includes('*') || bad.versions.includes(entry.version ?? '')))
        problems.push(`${id}: a known-bad version${bad.why ? ` (${bad.why})` : ''}`);
    }
  }
  return problems;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const read = (file: string): unknown =>
    JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'));
  const lock = read('package-lock.json') as Lockfile;
  const problems = checkDependencies(
    lock,
    read('package.json') as PackageJson,
    read('docs/dependency-policy.json') as DependencyPolicy,
  );
  const count = Object.keys(lock.packages).length - 1;
  if (problems.length > 0) {
    console.log(problems.join('\n'));
    console.log(`dependency check failed: ${problems.length} problem(s) in ${count} packages`);
    process.exitCode = 1;
  } else {
    console.log(
      `dependency check: ${count} packages pinned (exact version and sha512), licences allowed, no known-bad version`,
    );
  }
}
