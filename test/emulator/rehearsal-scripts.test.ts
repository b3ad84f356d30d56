/**
 * The rehearsal as the README runs it, through the real scripts in child processes: the emulator's
 * command line stops with the npm process that launched it, seed-demo checks before it writes and
 * has --reset and --help, and `npm run demo -- --help` lists the scenarios.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startTestEmulator } from '../support/emulator.js';
import { useTempDir } from '../support/temp-dir.js';

const tmp = useTempDir('flink-upgrade-rehearsal-');
const TSX = 'node_modules/.bin/tsx';

/** Runs a script with tsx (asynchronously: an emulator in this process must keep answering). */
function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** Resolves with the first stdout line matching `re`, or rejects after `ms` real ms. */
function waitForLine(child: ChildProcess, re: RegExp, ms: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`no line matching ${re} in ${ms} ms:\n${buf}`)), ms);
    child.stdout!.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      const m = re.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/_emulator/calls`, { method: 'POST', signal: AbortSignal.timeout(1_000) });
    return res.ok;
  } catch {
    return false;
  }
}

describe('emulator command line', () => {
  it('stops when the npm process that launched it is killed alone, and says how to stop and reset', async () => {
    // its own process group, as `npm run emulator … &` in a shell; kill() below reaches npm only
    const npm = spawn('npm', ['run', 'emulator', '--', '--port', '0'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = (await waitForLine(npm, /listening on (http:\/\/\S+)/, 45_000))[1]!;
      const stop = await waitForLine(npm, /^Stop: .*$/m, 5_000);
      expect(stop[0]).toBe(
        `Stop: Ctrl+C, or kill ${npm.pid} (the npm process; the emulator stops with it). ` +
          `Reset to empty: curl -X POST ${url}/_emulator/reset`,
      );
      expect(await answers(url)).toBe(true);
      npm.kill('SIGTERM');
      const deadline = Date.now() + 15_000;
      while ((await answers(url)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(await answers(url)).toBe(false);
    } finally {
      try {
        process.kill(-npm.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, 90_000);

  it('refuses an unknown --engine with the choices', async () => {
    const r = await run(['emulator/cli.ts', '--engine', 'docker', '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--engine must be simulated or flink, got 'docker'");
  }, 60_000);
});

describe('seed-demo', () => {
  it('--help explains the script and its --reset', async () => {
    const r = await run(['scripts/seed-demo.ts', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: npx tsx scripts\/seed-demo\.ts/);
    expect(r.out).toContain('--reset');
  }, 60_000);

  it('seeds once; a second seed changes nothing and says to use --reset; --reset seeds afresh', async () => {
    const { emulator } = await startTestEmulator();
    const out = tmp.path('first');
    const first = await run(['scripts/seed-demo.ts', '--endpoint', emulator.url, '--out-dir', out]);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('seeded ');
    expect(existsSync(`${out}/app-2.0.0.jar`)).toBe(true);

    // checked before anything is written: no JAR in a new folder, the application untouched
    const again = tmp.path('again');
    const second = await run(['scripts/seed-demo.ts', '--endpoint', emulator.url, '--out-dir', again]);
    expect(second.code).toBe(1);
    expect(second.err).toContain('already has application demo-app');
    expect(second.err).toContain('Run again with --reset');
    expect(existsSync(again)).toBe(false);

    const reset = await run([
      'scripts/seed-demo.ts',
      '--endpoint',
      emulator.url,
      '--out-dir',
      again,
      '--reset',
    ]);
    expect(reset.code, reset.err).toBe(0);
    expect(reset.out).toContain('reset ');
    expect(existsSync(`${again}/app-2.0.0.jar`)).toBe(true);
  }, 120_000);
});

describe('demo', () => {
  it('--help lists every scenario with what it shows; an unknown flag is refused with the usage', async () => {
    const { SCENARIOS } = await import('../../scripts/demo-scenarios.js');
    const help = await run(['scripts/demo.ts', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: npm run demo -- \[--scenario NAME\]/);
    for (const name of Object.keys(SCENARIOS)) expect(help.out).toContain(`  ${name}`);
    const bad = await run(['scripts/demo.ts', '--scenarios', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("Unknown option '--scenarios'");
    expect(bad.err).toContain('usage: npm run demo');
  }, 60_000);
});
