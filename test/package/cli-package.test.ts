/**
 * The CLI as users get it: `npm pack` of this package (what `npm publish` would upload), the tarball
 * installed in an empty folder (production install, no dev dependencies), `npx --no-install
 * flink-upgrade`. Runs the bundle `npm run build` last wrote to dist/cli/: rebuild after changing src/.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_APPLICATION, DEMO_NEW_JAR, demoSeed, postSeed } from '../../scripts/seed-demo.js';
import { startTestEmulator } from '../support/emulator.js';
import { useTempDir } from '../support/temp-dir.js';

const root = path.resolve(import.meta.dirname, '../..');
const tmp = useTempDir('cli-package-');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command without a shell; resolves with its exit code and output (never rejects on a non-zero exit). */
function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let installDir = '';
let unpacked = '';

beforeAll(async () => {
  const bundle = path.join(root, 'dist/cli/index.js');
  if (!existsSync(bundle)) throw new Error('dist/cli/index.js is missing: run npm run build');
  const packed = await run(npm, ['pack', '--json', '--pack-destination', tmp.dir], {
    cwd: root,
    timeoutMs: 60_000,
  });
  expect(packed.code, packed.stderr).toBe(0);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  const tarball = path.join(tmp.dir, info!.filename);
  // only the bundled CLI (and its chunks loaded on demand) and the README: no sources, no tests, no emulator
  const files = info!.files.map((f) => f.path);
  const chunks = files.filter((f) => /^dist\/cli\/\d+\.index\.js$/.test(f));
  expect(files.filter((f) => !chunks.includes(f)).sort()).toEqual(
    [
      'README.md',
      'dist/cli/index.js',
      'dist/cli/licenses.txt',
      'dist/cli/package.json',
      'package.json',
    ].sort(),
  );

  unpacked = path.join(tmp.dir, 'unpacked');
  spawnSync('mkdir', ['-p', unpacked]);
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', unpacked]);
  expect(untar.status, String(untar.stderr)).toBe(0);

  installDir = path.join(tmp.dir, 'consumer');
  spawnSync('mkdir', ['-p', installDir]);
  writeFileSync(path.join(installDir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  // From the local npm cache when it has the packages (CI's npm ci filled it); the registry otherwise.
  const installed = await run(
    npm,
    ['install', tarball, '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: installDir, timeoutMs: 240_000 },
  );
  expect(installed.code, installed.stderr).toBe(0);
}, 300_000);

describe('the packed CLI', () => {
  it('the bundle needs nothing beside it: --help from the unpacked tarball, without node_modules', async () => {
    const bin = path.join(unpacked, 'package/dist/cli/index.js');
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const help = await run(process.execPath, [bin, '--help'], { cwd: unpacked, timeoutMs: 30_000 });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^usage: flink-upgrade --application-name NAME/);
    expect(help.stdout).toContain('--keep-snapshots');
    expect(help.stdout).toContain(
      'exit codes: 0 upgraded, unchanged or planned (dry run); 1 failed; 2 rolled back; 3',
    );
  });

  it('installed: npx flink-upgrade --help, and a bad flag exits 3 before any call', async () => {
    const help = await run(npx, ['--no-install', 'flink-upgrade', '--help'], {
      cwd: installDir,
      timeoutMs: 30_000,
    });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('usage: flink-upgrade');
    const bad = await run(
      npx,
      [
        '--no-install',
        'flink-upgrade',
        '--application-name',
        'demo-app',
        '--artifact',
        'x.jar',
        '--timeout',
        'soon',
      ],
      {
        cwd: installDir,
        timeoutMs: 30_000,
      },
    );
    expect(bad.code).toBe(3);
    expect(bad.stdout.trim()).toBe(
      'error: input "timeout": expected a duration like 90s, 10m or 1h30m, got "soon"',
    );
  });

  it('installed: upgrades an emulator application end to end and exits 0', async () => {
    const { emulator, env } = await startTestEmulator({ metricPeriodSeconds: 1 });
    const { spec, newJar } = await demoSeed();
    await postSeed(emulator.url, spec, 5_000);
    const artifact = await tmp.write(DEMO_NEW_JAR, newJar);
    const ran = await run(
      npx,
      [
        '--no-install',
        'flink-upgrade',
        '--application-name',
        DEMO_APPLICATION,
        '--artifact',
        artifact,
        '--version',
        '2.0.0',
        '--poll-interval',
        '1s',
        '--bake-time',
        '8s', // the demo job checkpoints every 5 s: the gate needs one
        '--metric-period',
        '1',
        '--timeout',
        '2m',
      ],
      { cwd: installDir, env: { ...process.env, ...env }, timeoutMs: 90_000 },
    );
    const out = ran.stdout + ran.stderr;
    expect(ran.code, out).toBe(0);
    expect(out).toMatch(/result: upgraded/);
    expect(out).toContain('s3-key: demo-app/2.0.0/app-2.0.0.jar');
    const apps = (
      emulator.control.describe().applications as {
        applications: { name: string; versionId: number; fileKey?: string }[];
      }
    ).applications;
    expect(apps.find((a) => a.name === DEMO_APPLICATION)).toMatchObject({
      versionId: 2,
      fileKey: 'demo-app/2.0.0/app-2.0.0.jar',
    });
  }, 120_000);
});
