/**
 * Upload figures: the action's uploader (hash, HeadObject, multipart upload; bundled like the action and
 * run as its own process) against `aws s3 cp` of the same 512 MiB file to the same local S3 server, the
 * emulator's and moto_server's, alternating.
 */
import { randomFillSync } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CreateBucketCommand, DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startEmulator } from '../../emulator/index.js';
import { startMotoServer } from '../../test/support/emulator.js';
import { startCountingProxy } from './counting-proxy.js';
import { alternate, atMost, exactly, figure, notMeasured, ratioAtLeast, type Figure } from './figures.js';
import { ok, resolveTool, runTimed, type ProcessRun } from './processes.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MiB = 1024 * 1024;
/** MSF's limit; `BENCH_UPLOAD_MIB` makes it smaller for a quick try of the bench itself. */
const FILE_BYTES = Number(process.env.BENCH_UPLOAD_MIB ?? 512) * MiB;
const BUCKET = 'bench-upload';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench' };
const REGION = 'us-east-1';

export interface UploadOptions {
  runs: number;
  log: (line: string) => void;
}

export async function writeRandomFile(file: string, bytes: number): Promise<void> {
  const handle = await open(file, 'w');
  try {
    const chunk = Buffer.allocUnsafe(4 * MiB);
    for (let written = 0; written < bytes; written += chunk.length) {
      randomFillSync(chunk);
      // a JAR starts with a zip local file header (the action refuses anything else)
      if (written === 0) chunk.write('PK\u0003\u0004', 0, 'latin1');
      await handle.write(chunk, 0, Math.min(chunk.length, bytes - written));
    }
  } finally {
    await handle.close();
  }
}

/** The uploader bundled (esbuild, minified) as the action is: its memory is the action's, not tsx's. */
export async function bundleUploader(dir: string): Promise<string> {
  const out = path.join(dir, 'uploader.mjs');
  await build({
    entryPoints: [path.join(ROOT, 'scripts', 'bench', 'upload-child.ts')],
    outfile: out,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    // CommonJS dependencies that require() node built-ins, inside an ES module
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  return out;
}

interface S3Server {
  name: string;
  url: string;
  stop(): Promise<void>;
}

async function startMoto(): Promise<S3Server | undefined> {
  const moto = await startMotoServer();
  return moto ? { name: 'moto_server', ...moto } : undefined;
}

async function startEmulatorServer(): Promise<S3Server> {
  const emulator = await startEmulator();
  return { name: 'emulator', url: emulator.url, stop: () => emulator.stop() };
}

function s3For(url: string): S3Client {
  return new S3Client({
    endpoint: url,
    region: REGION,
    forcePathStyle: true,
    credentials: {
      accessKeyId: CREDENTIALS.AWS_ACCESS_KEY_ID,
      secretAccessKey: CREDENTIALS.AWS_SECRET_ACCESS_KEY,
    },
  });
}

const childEnv = (url: string): NodeJS.ProcessEnv => ({
  ...process.env,
  ...CREDENTIALS,
  AWS_REGION: REGION,
  AWS_DEFAULT_REGION: REGION,
  AWS_ENDPOINT_URL: url,
  NODE_NO_WARNINGS: '1',
});

const mbPerSecond = (run: ProcessRun): number => FILE_BYTES / 1e6 / (run.ms / 1000);

async function serverFigures(
  server: S3Server,
  uploader: string,
  aws: string,
  file: string,
  o: UploadOptions,
): Promise<Figure[]> {
  const s3 = s3For(server.url);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const ours = (url: string, key: string): Promise<ProcessRun> =>
      runTimed(process.execPath, [uploader, file, BUCKET, key], childEnv(url)).then((r) =>
        ok(r, 'the uploader'),
      );
    const theirs = (url: string, key: string): Promise<ProcessRun> =>
      runTimed(
        aws,
        ['s3', 'cp', file, `s3://${BUCKET}/${key}`, '--endpoint-url', url, '--only-show-errors'],
        childEnv(url),
      ).then((r) => ok(r, 'aws s3 cp'));
    const drop = (key: string): Promise<unknown> =>
      s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));

    const runs = await alternate(
      o.runs,
      async (round) => {
        const r = await ours(server.url, `ours-${round}.jar`);
        await drop(`ours-${round}.jar`);
        o.log(`  ${server.name}: uploader ${(r.ms / 1000).toFixed(2)} s`);
        return r;
      },
      async (round) => {
        const r = await theirs(server.url, `cli-${round}.jar`);
        await drop(`cli-${round}.jar`);
        o.log(`  ${server.name}: aws s3 cp ${(r.ms / 1000).toFixed(2)} s`);
        return r;
      },
    );

    // The same file again, to the same key, through a proxy that counts the body bytes the server got.
    await ours(server.url, 'again.jar');
    await theirs(server.url, 'again-cli.jar');
    const proxy = await startCountingProxy(server.url);
    let oursAgain: number;
    let theirsAgain: number;
    try {
      await ours(proxy.url, 'again.jar');
      oursAgain = proxy.bytes();
      await theirs(proxy.url, 'again-cli.jar');
      theirsAgain = proxy.bytes() - oursAgain;
    } finally {
      await proxy.stop();
    }
    await drop('again.jar');
    await drop('again-cli.jar');

    const section = `upload to ${server.name}`;
    const rss = (r: ProcessRun): number => (r.maxRss ?? Number.NaN) / MiB;
    return [
      figure({
        section,
        name: `throughput, ${FILE_BYTES / MiB} MiB (hash + upload)`,
        unit: 'MB/s',
        values: runs.own.map(mbPerSecond),
        reference: { name: 'aws s3 cp', values: runs.reference.map(mbPerSecond) },
        ratios: runs.own.map((r, i) => mbPerSecond(r) / mbPerSecond(runs.reference[i] as ProcessRun)),
        target: ratioAtLeast(1),
        note: 'wall time of the process, from spawn to exit; ratio: median of the per-round ratios',
      }),
      figure({
        section,
        name: 'uploader peak RSS',
        unit: 'MiB',
        values: runs.own.map(rss),
        reference: { name: 'aws s3 cp', values: runs.reference.map(rss) },
        target: atMost(128, 'MiB'),
        note: 'VmHWM of the child process (GNU time %M)',
      }),
      figure({
        section,
        name: 'identical re-upload, body bytes at the server',
        unit: 'bytes',
        values: [oursAgain],
        reference: { name: 'aws s3 cp', values: [theirsAgain] },
        target: exactly(0, 'bytes'),
        note: 'counted by an HTTP proxy in front of the server',
      }),
    ];
  } finally {
    s3.destroy();
  }
}

export async function uploadFigures(o: UploadOptions): Promise<Figure[]> {
  const aws = resolveTool('aws');
  if (!aws) {
    return [notMeasured('upload', 'throughput vs aws s3 cp', 'ratio ≥ 1.0', 'aws CLI not installed')];
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-upload-'));
  try {
    const file = path.join(dir, 'app.jar');
    await writeRandomFile(file, FILE_BYTES);
    const uploader = await bundleUploader(dir);
    const figures: Figure[] = [];
    let moto = false;
    for (const start of [startEmulatorServer, startMoto]) {
      const server = await start();
      if (!server) continue;
      moto ||= server.name === 'moto_server';
      try {
        figures.push(...(await serverFigures(server, uploader, aws, file, o)));
      } finally {
        await server.stop();
      }
    }
    if (!moto) {
      figures.push(
        notMeasured('upload to moto_server', 'throughput', 'ratio ≥ 1.0', 'moto_server not installed'),
      );
    }
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
