/**
 * Cold start: `node dist/index.js` (the action as the runner starts it) from spawn to its first AWS
 * request, at a local endpoint that records the request's arrival, against `node -e 0` from spawn to
 * exit, alternating. Bundle sizes beside them.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternate, atMost, figure, type Figure } from './figures.js';
import { ok, runTimed } from './processes.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLES = ['dist/index.js', 'dist/post/index.js'];
const MiB = 1024 * 1024;

/** Starts the main step and resolves with the ms from spawn to the first request the endpoint receives. */
async function firstRequestMs(
  env: NodeJS.ProcessEnv,
  endpoint: { next: () => Promise<number> },
): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'index.js')], { env, stdio: 'ignore' });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`dist/index.js exited ${code} before any AWS request`))),
  );
  try {
    const arrived = await Promise.race([endpoint.next(), exited]);
    return arrived - started;
  } finally {
    child.removeAllListeners('exit');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));
  }
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
    const runs = await alternate(
      o.runs,
      () => firstRequestMs(env, endpoint),
      async () =>
        ok(await runTimed(process.execPath, ['-e', '0'], { PATH: process.env.PATH }), 'node -e 0').ms,
    );
    o.log(`  first request: ${runs.own.map((v) => v.toFixed(0)).join(' ')} ms`);
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
