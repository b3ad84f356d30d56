/**
 * Seeds the emulator for running the action against it (the `test-action` job of
 * .github/workflows/self-test.yml): bucket `demo-artifacts` with a healthy Java 11 job JAR, and application
 * `demo-app` RUNNING that JAR on FLINK-1_20 with five minutes of healthy metric history and a checkpoint
 * every 5 seconds. Writes the next build, a
 * healthy job JAR as well, to `<out-dir>/app-2.0.0.jar` for the action to deploy.
 *
 *   npx tsx scripts/seed-demo.ts [--endpoint http://127.0.0.1:4599] [--out-dir .tmp/demo] [--write-spec FILE]
 *
 * --endpoint (default AWS_ENDPOINT_URL, else http://127.0.0.1:4599): posts the seed to the running
 *   emulator's control endpoint, waiting up to --wait-seconds (default 60) for it to listen.
 * --write-spec FILE: writes the SeedSpec JSON (bodies as bodyBase64) instead of posting it, for
 *   `npm run emulator -- --seed FILE`.
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

/** POSTs the seed to `<endpoint>/_emulator/seed`, retrying while the emulator is not listening yet. */
export async function postSeed(endpoint: string, spec: SeedSpec, waitMs: number): Promise<void> {
  const url = `${endpoint.replace(/\/+$/, '')}/_emulator/seed`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(spec),
      });
    } catch (err) {
      if (Date.now() >= deadline) {
        throw new Error(`the emulator at ${endpoint} did not answer within ${waitMs / 1000} s`, {
          cause: err,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    if (!res.ok) throw new Error(`seeding ${url} failed: HTTP ${res.status} ${await res.text()}`);
    return;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      endpoint: { type: 'string' },
      'out-dir': { type: 'string', default: path.join('.tmp', 'demo') },
      'write-spec': { type: 'string' },
      'wait-seconds': { type: 'string', default: '60' },
    },
  });
  const { spec, newJar } = await demoSeed();
  const outDir = values['out-dir'];
  await mkdir(outDir, { recursive: true });
  const jarPath = path.join(outDir, DEMO_NEW_JAR);
  await writeFile(jarPath, newJar);
  console.log(`wrote the new build to ${jarPath} (${newJar.length} bytes)`);
  if (values['write-spec'] !== undefined) {
    await writeFile(values['write-spec'], `${JSON.stringify(spec, null, 2)}\n`);
    console.log(`wrote the seed to ${values['write-spec']}`);
    return;
  }
  const endpoint = values.endpoint ?? process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:4599';
  const waitSeconds = Number(values['wait-seconds']);
  if (!(waitSeconds >= 0))
    throw new Error(`--wait-seconds must be a number >= 0, got '${values['wait-seconds']}'`);
  await postSeed(endpoint, spec, waitSeconds * 1000);
  console.log(
    `seeded ${endpoint}: bucket ${DEMO_BUCKET}, application ${DEMO_APPLICATION} RUNNING on FLINK-1_20 (s3://${DEMO_BUCKET}/${DEMO_RUNNING_KEY})`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
