/**
 * npm run emulator -- [--port 4599] [--host 127.0.0.1] [--metric-period 60] [--time-scale 1]
 *                     [--timings realistic|fast|JSON] [--metrics-lag realistic|none|MIN-MAX[,GAP%]]
 *                     [--seed seed.json] [--engine simulated|flink] [--verbose]
 *
 * --engine: what runs the applications' jobs. `simulated` (default) needs nothing; `flink` runs each
 * application's JAR from the emulated S3 on a real Apache Flink cluster of its runtime (FLINK-1_20 →
 * Flink 1.20, FLINK-2_2 → Flink 2.2), started on first use on loopback; it needs Java 17 and the Flink
 * versions installed by scripts/flink/install.sh. Use the real clock (no --time-scale) to rehearse.
 *
 * --metrics-lag: when the simulated jobs' datapoints become visible in CloudWatch, in seconds after their
 * timestamp at a 60 s metric period (scaled with --metric-period); `realistic` (default) is 30-150 s with
 * 3 % of the datapoints never arriving, as MSF's metrics do; `none` shows them at once.
 * Starts the emulator and runs until SIGINT/SIGTERM/SIGHUP, or until the npm process that launched it
 * ends (`kill $!` after `npm run emulator … &`: see launcher.ts).
 *
 * --timings: durations of MSF transitions; `realistic` (default, tens of seconds), `fast` (a few seconds,
 *   for running the action against the emulator on the real clock) or a JSON object of milliseconds
 *   such as `{"update":5000}` (the others stay realistic).
 * --seed: a SeedSpec JSON file (docs/architecture.md) applied once the emulator listens; object bodies
 *   are utf8 `body` text or `bodyBase64`.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { scaledClock, systemClock } from '../src/clock.js';
import { DEFAULT_TIMINGS, startEmulator } from './index.js';
import { parseLagSpec } from './cloudwatch/metric-lag.js';
import { launcherChain, watchLauncher } from './launcher.js';
import type { MetricsLagSpec, SeedSpec, Timings } from './types.js';
import { installedRuntimes } from './engine/flink-runtimes.js';
import { ENGINE_KINDS, type EngineKind } from './engine/types.js';
import { INSTALL_COMMAND } from '../test/support/flink-install.js';

const USAGE =
  'Usage: npm run emulator -- [--port 4599] [--host 127.0.0.1] [--metric-period SECONDS] [--time-scale N] ' +
  '[--timings realistic|fast|JSON] [--metrics-lag realistic|none|MIN-MAX[,GAP%]] [--seed FILE.json] ' +
  '[--engine simulated|flink] [--verbose]';

/** A few seconds per transition: the whole upgrade runs in well under a minute of real time. */
const FAST_TIMINGS: Timings = {
  start: 3_000,
  stop: 2_000,
  forceStop: 1_000,
  update: 5_000,
  snapshot: 2_000,
  rollback: 5_000,
  delete: 1_000,
};

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function positive(name: string, raw: string | undefined, fallback: number, integer = false): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!(n > 0) || (integer && !Number.isInteger(n))) {
    fail(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got '${raw}'`);
  }
  return n;
}

/** `realistic`, `fast` or a JSON object of transition durations (ms) over the realistic ones. */
function parseTimings(raw: string | undefined): Timings {
  if (raw === undefined || raw === 'realistic') return { ...DEFAULT_TIMINGS };
  if (raw === 'fast') return { ...FAST_TIMINGS };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`--timings must be realistic, fast or a JSON object, got '${raw}'`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`--timings must be a JSON object of milliseconds, got '${raw}'`);
  }
  const timings = { ...DEFAULT_TIMINGS };
  for (const [name, value] of Object.entries(parsed)) {
    if (!(name in timings)) {
      throw new Error(`--timings: unknown transition '${name}'; known: ${Object.keys(timings).join(', ')}`);
    }
    if (typeof value !== 'number' || !(value >= 0)) {
      throw new Error(
        `--timings: ${name} must be a number of milliseconds >= 0, got ${JSON.stringify(value)}`,
      );
    }
    timings[name as keyof Timings] = value;
  }
  return timings;
}

async function readSeed(file: string): Promise<SeedSpec> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SeedSpec;
  } catch (err) {
    throw new Error(`--seed ${file}: ${(err as Error).message}`, { cause: err });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4599' },
      host: { type: 'string', default: '127.0.0.1' },
      'metric-period': { type: 'string' },
      'time-scale': { type: 'string' },
      timings: { type: 'string' },
      'metrics-lag': { type: 'string' },
      seed: { type: 'string' },
      engine: { type: 'string', default: 'simulated' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }

  const port = values.port === '0' ? 0 : positive('port', values.port, 4599, true);
  const metricPeriodSeconds = positive('metric-period', values['metric-period'], 60);
  const scale = positive('time-scale', values['time-scale'], 1);
  const clock = scale === 1 ? systemClock : scaledClock(scale);
  const engine = values.engine as EngineKind;
  if (!ENGINE_KINDS.includes(engine)) fail(`--engine must be simulated or flink, got '${values.engine}'`);
  let timings: Timings;
  let seed: SeedSpec | undefined;
  let metricsLag: MetricsLagSpec = 'realistic';
  try {
    timings = parseTimings(values.timings);
    if (values['metrics-lag'] !== undefined) metricsLag = parseLagSpec(values['metrics-lag']);
    if (values.seed !== undefined) seed = await readSeed(values.seed);
  } catch (err) {
    fail((err as Error).message);
  }

  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({
      port,
      host: values.host,
      clock,
      metricPeriodSeconds,
      timings,
      metricsLag,
      ...(values.verbose ? { log: (line: string) => console.log(`[emulator] ${line}`) } : {}),
      engine,
    });
  } catch (err) {
    fail(`--engine ${engine}: ${(err as Error).message}`);
  }

  if (seed) {
    try {
      await emulator.control.seed(seed);
    } catch (err) {
      await emulator.stop();
      fail(`--seed ${values.seed}: ${(err as Error).message}`);
    }
  }

  console.log(
    `AWS emulator (MSF, S3, CloudWatch) listening on ${emulator.url}${scale !== 1 ? ` (time x${scale})` : ''}`,
  );
  if (seed) {
    console.log(
      `Seeded from ${values.seed}: ${seed.buckets?.length ?? 0} bucket(s), ${seed.applications?.length ?? 0} application(s)`,
    );
  }
  if (engine === 'flink') {
    const runtimes = installedRuntimes();
    console.log(
      `Engine: real Apache Flink, one cluster per runtime started on first use; installed: ${runtimes.join(', ') || 'none'}` +
        ` (others: ${INSTALL_COMMAND})`,
    );
  }
  console.log('Paste into your shell:');
  console.log(`export AWS_ENDPOINT_URL=${emulator.url}`);
  console.log('export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1');
  console.log('export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test');
  console.log(
    `Control endpoint: POST ${emulator.url}/_emulator/<reset|seed|setJobBehaviour|enterStatus|injectFault|clearFaults|calls|describe>`,
  );
  const chain = launcherChain();
  const npmPid = chain[chain.length - 1];
  console.log(
    `Stop: Ctrl+C, or kill ${npmPid ?? process.pid}` +
      (npmPid ? ' (the npm process; the emulator stops with it)' : '') +
      `. Reset to empty: curl -X POST ${emulator.url}/_emulator/reset`,
  );

  let stopping = false;
  const shutdown = (why: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${why}: stopping the emulator`);
    // open keep-alive connections must not hold the process: exit after a few seconds in any case
    // (the real engine's clusters take longer to stop; their JVMs are killed at exit in any case)
    setTimeout(() => process.exit(0), engine === 'flink' ? 30_000 : 3_000).unref();
    void emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGHUP', () => shutdown('SIGHUP'));
  watchLauncher(chain, (pid) => shutdown(`process ${pid} that launched it ended`));
}

await main();
