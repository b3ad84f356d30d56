/**
 * Cold start: `node dist/index.js` (the action as the runner starts it) from spawn to its first AWS
 * request, at a local endpoint that records the request's arrival, against `node -e 0` from spawn to
 * exit, alternating; the CPU time the action had used by then against `node -e 0`'s (what a busy machine
 * does not inflate); and the time to its exit (the endpoint refuses the request, so the run ends at
 * preflight having loaded the whole action). Bundle and chunk sizes beside them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternate, atMost, figure, type Figure } from './figures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLES = ['dist/index.js', 'dist/post/index.js'];
const MiB = 1024 * 1024;
const GNU_TIME = '/usr/bin/time';

/**
 * Starts the main step; resolves with the ms from spawn to the first request the endpoint receives, and
 * from spawn to the step's exit (the endpoint refuses every request, so the run ends at preflight, having
 * loaded the whole action and written its summary).
 */
async function firstRequestMs(
  env: NodeJS.ProcessEnv,
  endpoint: { next: () => Promise<number> },
): Promise<{ first: number; firstCpu: number; exit: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'index.js')], { env, stdio: 'ignore' });
  const exited = new Promise<number>((resolve) => child.once('exit', () => resolve(performance.now())));
  const deadline = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    const arrived = await Promise.race([
      endpoint.next(),
      exited.then(() => {
        throw new Error('dist/index.js exited before any AWS request');
      }),
    ]);
    const firstCpu = child.pid === undefined ? Number.NaN : cpuMsOf(child.pid);
    const ended = await exited;
    if (child.signalCode === 'SIGKILL') throw new Error('dist/index.js did not exit within 60 s');
    return { first: arrived - started, firstCpu, exit: ended - started };
  } finally {
    clearTimeout(deadline);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** CPU time (user + system) a running process has used so far, from /proc (NaN where there is none). */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS; // utime, stime
  } catch {
    return Number.NaN;
  }
}

/** `node -e 0`: wall ms from spawn to exit, and its CPU time (user + system) from GNU time, else NaN. */
async function nodeNothing(): Promise<{ ms: number; cpu: number }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-cpu-'));
  try {
    const out = path.join(dir, 'time');
    const timed = existsSync(GNU_TIME);
    const [cmd, args] = timed
      ? [GNU_TIME, ['-f', '%U %S', '-o', out, process.execPath, '-e', '0']]
      : [process.execPath, ['-e', '0']];
    const started = performance.now();
    const child = spawn(cmd, args, { env: { PATH: process.env.PATH }, stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    const ms = performance.now() - started;
    if (code !== 0) throw new Error(`node -e 0 exited ${code}`);
    const [user, system] = timed ? (await readFile(out, 'utf8')).trim().split(/\s+/).map(Number) : [];
    return { ms, cpu: user !== undefined && system !== undefined ? (user + system) * 1000 : Number.NaN };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The largest chunk beside dist/index.js (loaded with import() when first needed), and their total. */
function chunkFigure(): Figure {
  const chunks = readdirSync(path.join(ROOT, 'dist'))
    .filter((f) => /^\d+\.index\.js$/.test(f))
    .map((f) => statSync(path.join(ROOT, 'dist', f)).size);
  const total = chunks.reduce((a, b) => a + b, 0);
  return figure({
    section: 'cold start',
    name: 'dist/<id>.index.js, largest chunk size',
    unit: 'MiB',
    values: [Math.max(0, ...chunks) / MiB],
    target: atMost(2, 'MiB'),
    note: `${chunks.length} chunks beside dist/index.js, ${(total / MiB).toFixed(2)} MiB in all`,
  });
}

export async function coldStartFigures(o: { runs: number; log: (line: string) => void }): Promise<Figure[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-cold-start-'));
  let waiting: ((at: number) => void) | undefined;
  const server = createServer((req, res) => {
    const at = performance.now();
    waiting?.(at);
    waiting = undefined;
    req.resume();
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
    res.end('{"__type":"AccessDeniedException","message":"bench"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const endpoint = { next: () => new Promise<number>((resolve) => (waiting = resolve)) };
  try {
    const artifact = path.join(dir, 'app.jar');
    await writeFile(artifact, 'PK\u0005\u0006'.padEnd(22, '\u0000'));
    const files = Object.fromEntries(
      ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'].map((k) => [
        k,
        path.join(dir, k.toLowerCase()),
      ]),
    );
    for (const f of Object.values(files)) await writeFile(f, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'example/app',
      GITHUB_RUN_ID: '1',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      RUNNER_TEMP: dir,
      ...files,
      'INPUT_APPLICATION-NAME': 'bench-app',
      INPUT_ARTIFACT: artifact,
      INPUT_BUCKET: 'bench-bucket',
      'INPUT_JAR-CHECK': 'off',
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      NODE_NO_WARNINGS: '1',
    };
    const exits: number[] = [];
    const cpus: number[] = [];
    const referenceCpus: number[] = [];
    const runs = await alternate(
      o.runs,
      async () => {
        const { first, firstCpu, exit } = await firstRequestMs(env, endpoint);
        exits.push(exit);
        cpus.push(firstCpu);
        return first;
      },
      async () => {
        const { ms, cpu } = await nodeNothing();
        referenceCpus.push(cpu);
        return ms;
      },
    );
    const cpuMeasured = [...cpus, ...referenceCpus].every((v) => Number.isFinite(v));
    o.log(`  first request: ${runs.own.map((v) => v.toFixed(0)).join(' ')} ms`);
    o.log(`  exit: ${exits.map((v) => v.toFixed(0)).join(' ')} ms`);
    if (cpuMeasured) o.log(`  CPU to the first request: ${cpus.map((v) => v.toFixed(0)).join(' ')} ms`);
    return [
      figure({
        section: 'cold start',
        name: 'node dist/index.js to its first AWS request',
        unit: 'ms',
        values: runs.own,
        reference: { name: 'node -e 0', values: runs.reference },
        ratios: runs.own.map((v, i) => v / (runs.reference[i] ?? Number.NaN)),
        target: atMost(250, 'ms'),
        note: 'spawn to the first request at a local endpoint; the reference from spawn to exit',
      }),
      ...(cpuMeasured
        ? [
            figure({
              section: 'cold start',
              name: 'node dist/index.js, CPU time to its first AWS request',
              unit: 'ms',
              values: cpus,
              reference: { name: 'node -e 0 (CPU time)', values: referenceCpus },
              ratios: cpus.map((v, i) => v / (referenceCpus[i] ?? Number.NaN)),
              note:
                'user + system time of the process when the request arrived (/proc, 10 ms ticks), against ' +
                "node -e 0's (GNU time): what a busy machine does not inflate",
            }),
          ]
        : []),
      figure({
        section: 'cold start',
        name: 'node dist/index.js to its exit, the first request refused',
        unit: 'ms',
        values: exits,
        reference: { name: 'node -e 0', values: runs.reference },
        ratios: exits.map((v, i) => v / (runs.reference[i] ?? Number.NaN)),
        note: 'the whole action loaded: the run ends at preflight (AccessDenied) and writes its summary',
      }),
      chunkFigure(),
      ...BUNDLES.map((bundle) =>
        figure({
          section: 'cold start',
          name: `${bundle} size`,
          unit: 'MiB',
          values: [statSync(path.join(ROOT, bundle)).size / MiB],
          target: atMost(2, 'MiB'),
          note: 'as built by npm run build',
        }),
      ),
    ];
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  }
}
