/**
 * Seeds the emulator for running the action against it (the `test-action` job of
 * .github/workflows/self-test.yml): bucket `demo-artifacts` with a healthy Java 11 job JAR, and application
 * `demo-app` RUNNING that JAR on FLINK-1_20 with five minutes of healthy metric history and a checkpoint
 * every 5 seconds. Writes the next build, a
 * healthy job JAR as well, to `<out-dir>/app-2.0.0.jar` for the action to deploy.
 *
 *   npx tsx scripts/seed-demo.ts [--endpoint http://127.0.0.1:4599] [--reset] [--out-dir .tmp/demo] [--write-spec FILE]
 *
 * --endpoint (default AWS_ENDPOINT_URL, else http://127.0.0.1:4599): posts the seed to the running
 *   emulator's control endpoint, waiting up to --wait-seconds (default 60) for it to listen.
 * --write-spec FILE: writes the SeedSpec JSON (bodies as bodyBase64) instead of posting it, for
 *   `npm run emulator -- --seed FILE`.
 * --reset: clears the emulator first. Without it, an emulator that already holds the demo is left alone
 *   (checked before anything is written) and the script says to use --reset. --help: the usage.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { SeedSpec } from '../emulator/types.js';
import { healthyJobJar } from '../test/support/jar-builder.js';

export const DEMO_APPLICATION = 'demo-app';
export const DEMO_BUCKET = 'demo-artifacts';
export const DEMO_RUNNING_KEY = 'demo-app/1.0.0/app-1.0.0.jar';
export const DEMO_NEW_JAR = 'app-2.0.0.jar';

/** The seed (JSON-ready: the running JAR as bodyBase64) and the bytes of the next build. */
export async function demoSeed(): Promise<{ spec: SeedSpec; newJar: Buffer }> {
  const running = await healthyJobJar(11, 'com/example/DemoJob');
  const spec: SeedSpec = {
    buckets: [
      {
        name: DEMO_BUCKET,
        versioning: true,
        objects: [{ key: DEMO_RUNNING_KEY, bodyBase64: running.toString('base64') }],
      },
    ],
    applications: [
      {
        name: DEMO_APPLICATION,
        runtime: 'FLINK-1_20',
        status: 'RUNNING',
        code: { bucket: DEMO_BUCKET, key: DEMO_RUNNING_KEY },
        parallelism: 1,
        snapshots: [{ name: 'nightly', runtime: 'FLINK-1_20', ageSeconds: 3600 }],
        metricsHistorySeconds: 300,
        // a checkpoint every 5 s, so a short bake sees checkpoints complete (MSF's default is every 60 s)
        checkpointIntervalSeconds: 5,
      },
    ],
  };
  return { spec, newJar: await healthyJobJar(11, 'com/example/DemoJobV2') };
}

/**
 * POSTs `body` to `<endpoint>/_emulator/<method>` and returns the JSON answer, retrying while the
 * emulator is not listening yet (up to `waitMs`).
 */
export async function postControl(
  endpoint: string,
  method: string,
  body: unknown,
  waitMs: number,
): Promise<unknown> {
  const url = `${endpoint.replace(/\/+$/, '')}/_emulator/${method}`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? '' : JSON.stringify(body),
      });
    } catch (err) {
      if (Date.now() >= deadline) {
        throw new Error(
          `the emulator at ${endpoint} did not answer within ${waitMs / 1000} s; start it with \`npm run emulator\``,
          { cause: err },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} at ${url} failed: HTTP ${res.status} ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }
}

/** POSTs the seed to `<endpoint>/_emulator/seed`, retrying while the emulator is not listening yet. */
export async function postSeed(endpoint: string, spec: SeedSpec, waitMs: number): Promise<void> {
  await postControl(endpoint, 'seed', spec, waitMs);
}

/** What of the demo is already in the emulator (from `describe`): the application and the bucket. */
export function existingDemo(state: unknown): { application: boolean; bucket: boolean } {
  const view = state as {
    applications?: { applications?: { name?: string }[] };
    buckets?: { name?: string }[];
  };
  return {
    application: (view.applications?.applications ?? []).some((a) => a.name === DEMO_APPLICATION),
    bucket: (view.buckets ?? []).some((b) => b.name === DEMO_BUCKET),
  };
}

export const SEED_DEMO_USAGE = [
  'usage: npx tsx scripts/seed-demo.ts [--endpoint URL] [--reset] [--out-dir DIR] [--wait-seconds N] [--write-spec FILE]',
  '',
  `Seeds a running emulator with bucket ${DEMO_BUCKET} (a healthy Java 11 job JAR) and application`,
  `${DEMO_APPLICATION} RUNNING it on FLINK-1_20, then writes the next build to <out-dir>/${DEMO_NEW_JAR}.`,
  '',
  '  --endpoint URL      the emulator (default: AWS_ENDPOINT_URL, else http://127.0.0.1:4599)',
  `  --reset             clear the emulator first (everything in it), then seed; without it, an emulator`,
  `                      that already has ${DEMO_APPLICATION} or ${DEMO_BUCKET} is left as it is and nothing is written`,
  '  --out-dir DIR       where the new build goes (default .tmp/demo)',
  '  --wait-seconds N    how long to wait for the emulator to listen (default 60)',
  '  --write-spec FILE   write the seed as JSON for `npm run emulator -- --seed FILE` instead of posting it',
  '  --help              this text',
].join('\n');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      endpoint: { type: 'string' },
      'out-dir': { type: 'string', default: path.join('.tmp', 'demo') },
      'write-spec': { type: 'string' },
      'wait-seconds': { type: 'string', default: '60' },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(SEED_DEMO_USAGE);
    return 0;
  }
  const waitSeconds = Number(values['wait-seconds']);
  if (!(waitSeconds >= 0))
    throw new Error(`--wait-seconds must be a number >= 0, got '${values['wait-seconds']}'`);
  const { spec, newJar } = await demoSeed();
  const outDir = values['out-dir'];
  const jarPath = path.join(outDir, DEMO_NEW_JAR);
  const writeJar = async (): Promise<void> => {
    await mkdir(outDir, { recursive: true });
    await writeFile(jarPath, newJar);
    console.log(`wrote the new build to ${jarPath} (${newJar.length} bytes)`);
  };
  if (values['write-spec'] !== undefined) {
    await writeJar();
    await writeFile(values['write-spec'], `${JSON.stringify(spec, null, 2)}\n`);
    console.log(`wrote the seed to ${values['write-spec']}`);
    return 0;
  }
  const endpoint = values.endpoint ?? process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:4599';
  const waitMs = waitSeconds * 1000;
  // Check before writing anything: a second seed would fail half-way (the application exists).
  if (values.reset) {
    await postControl(endpoint, 'reset', undefined, waitMs);
    console.log(`reset ${endpoint}: no buckets, applications, behaviours or faults left`);
  } else {
    const found = existingDemo(await postControl(endpoint, 'describe', undefined, waitMs));
    if (found.application || found.bucket) {
      console.error(
        `${endpoint} already has ${found.application ? `application ${DEMO_APPLICATION}` : `bucket ${DEMO_BUCKET}`} ` +
          '(seeded before, and perhaps upgraded since); nothing was changed. Run again with --reset to clear ' +
          'the emulator and seed afresh',
      );
      return 1;
    }
  }
  await postSeed(endpoint, spec, waitMs);
  await writeJar();
  console.log(
    `seeded ${endpoint}: bucket ${DEMO_BUCKET}, application ${DEMO_APPLICATION} RUNNING on FLINK-1_20 (s3://${DEMO_BUCKET}/${DEMO_RUNNING_KEY})`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
