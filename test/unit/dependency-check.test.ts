import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkDependencies,
  licenceAllowed,
  type DependencyPolicy,
  type Lockfile,
  type PackageJson,
} from '../../scripts/check-deps.js';

const read = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'));
const policy = read('docs/dependency-policy.json') as DependencyPolicy;

const integrity = `sha512-${'a'.repeat(86)}==`;
function lock(packages: Lockfile['packages']): Lockfile {
  return { lockfileVersion: 3, packages: { '': { dependencies: { zod: '^4.0.0' } }, ...packages } };
}
const pkg: PackageJson = { dependencies: { zod: '^4.0.0' } };

describe('the offline dependency check', () => {
  it("passes on this repository's lockfile", () => {
    expect(
      checkDependencies(read('package-lock.json') as Lockfile, read('package.json') as PackageJson, policy),
    ).toEqual([]);
  });
  it('refuses a known-bad version, a disallowed licence, a missing integrity and a lockfile out of step', () => {
    const problems = checkDependencies(
      lock({
        'node_modules/zod': { version: '4.1.0', integrity, license: 'MIT' },
        'node_modules/a/node_modules/debug': { version: '4.4.2', integrity, license: 'MIT' },
        'node_modules/gpl-thing': { version: '1.0.0', integrity, license: 'GPL-3.0-only' },
        'node_modules/loose': { version: '1.0.0', license: 'MIT' },
        'node_modules/elsewhere': {
          version: '1.0.0',
          integrity,
          license: 'MIT',
          resolved: 'https://evil.example/x.tgz',
        },
      }),
      { dependencies: { zod: '^4.1.0' } },
      policy,
    );
    expect(problems).toEqual([
      'zod: package.json has ^4.1.0, package-lock.json ^4.0.0: run npm install',
      'debug@4.4.2: a known-bad version (compromised maintainer account (September 2025))',
      'gpl-thing@1.0.0: licence GPL-3.0-only is not in the allowed list of docs/dependency-policy.json',
      'loose@1.0.0: no sha512 integrity in the lockfile',
      'elsewhere@1.0.0: resolved from https://evil.example/x.tgz, not https://registry.npmjs.org/',
    ]);
    expect(
      checkDependencies(
        lock({ 'node_modules/zod': { version: '4.1.0', integrity, license: 'MIT' } }),
        pkg,
        policy,
      ),
    ).toEqual([]);
  });
  it('reads SPDX expressions', () => {
    expect(licenceAllowed('(MIT OR GPL-3.0-only)', ['MIT'])).toBe(true);
    expect(licenceAllowed('MIT AND GPL-3.0-only', ['MIT'])).toBe(false);
    expect(licenceAllowed(undefined, ['MIT'])).toBe(false);
  });
});
