/**
 * Child processes for the bench: spawned asynchronously (an emulator in the bench's own process keeps
 * serving), timed from spawn to exit, with the peak RSS of the child from GNU time (`/usr/bin/time -f %M`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface ProcessRun {
  ms: number;
  /** peak resident set size, bytes (null without GNU time) */
  maxRss: number | null;
  stdout: string;
  stderr: string;
  code: number | null;
}

const GNU_TIME = '/usr/bin/time';

export async function runTimed(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProcessRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-time-'));
  const rssFile = path.join(dir, 'rss');
  const timed = existsSync(GNU_TIME);
  const [cmd, argv] = timed
    ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]]
    : [command, [...args]];
  try {
    return await new Promise<ProcessRun>((resolve, reject) => {
      const started = performance.now();
      const child = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.once('error', reject);
      child.once('close', (code) => {
        const ms = performance.now() - started;
        const read = timed ? readFile(rssFile, 'utf8').catch(() => '') : Promise.resolve('');
        void read.then((text) => {
          const kib = Number(/(\d+)\s*$/.exec(text.trim())?.[1]);
          resolve({ ms, maxRss: Number.isFinite(kib) ? kib * 1024 : null, stdout, stderr, code });
        });
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Fails with the command's output when it did not exit 0. */
export function ok(run: ProcessRun, what: string): ProcessRun {
  if (run.code !== 0) throw new Error(`${what} exited ${run.code}: ${run.stderr.slice(-2000)}`);
  return run;
}

/** The real executable behind a pyenv shim (the shim's own start-up is not the tool's), else the name. */
export function resolveTool(name: string): string | undefined {
  const pyenv = spawnSync('pyenv', ['which', name], { encoding: 'utf8' });
  if (pyenv.status === 0 && pyenv.stdout.trim()) return pyenv.stdout.trim();
  const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : undefined;
}
