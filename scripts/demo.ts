/**
 * `npm run demo -- --scenario healthy|binary-incompatible|restart-loop`: the whole upgrade against the
 * in-process emulator, through the command-line entry (the same pipeline the action runs), on a clock
 * 60 times faster than real time. Prints the progress lines and, per run, the job summary (Markdown)
 * and its result.
 *
 * Scenarios are rows of SCENARIOS: a description, the new build, an optional job behaviour for it and
 * the runs to make. Add one by adding a row.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import type { JobBehaviour } from '../emulator/types.js';
import { runCli } from '../src/cli.js';
import { scaledClock } from '../src/clock.js';
import { buildJar, classMajorFor, healthyJobJar } from '../test/support/jar-builder.js';

const APP = 'orders';
const BUCKET = 'flink-artifacts';
const RUNNING_KEY = `${APP}/v1/orders.jar`;
const SCALE = 60;

export interface DemoRun {
  title: string;
  /** CLI flags added to the common ones */
  args: string[];
}

export interface Scenario {
  description: string;
  /** the new build */
  newJar(): Promise<Buffer>;
  /** the runtime to upgrade to (default FLINK-1_20, the runtime the application runs) */
  runtime?: string;
  /** what the job does when it starts with the new build (default: decided from the JAR) */
  behaviour?: JobBehaviour;
  runs: DemoRun[];
}

/** A job compiled for Java 21: FLINK-1_20 runs Java 11, so it cannot start there. */
function java21Jar(): Promise<Buffer> {
  return buildJar({
    manifest: { 'Main-Class': 'com.example.OrdersJob' },
    classes: [
      {
        name: 'com/example/OrdersJob',
        major: classMajorFor(21),
        references: [
          'org/apache/flink/streaming/api/environment/StreamExecutionEnvironment',
          'org/apache/flink/api/connector/source/Source',
        ],
      },
    ],
  });
}

export const SCENARIOS: Record<string, Scenario> = {
  healthy: {
    description: 'a compatible new build on FLINK-1_20: snapshot, update, verify, bake, upgraded',
    newJar: () => healthyJobJar(11, 'com/example/OrdersJobV2'),
    runs: [{ title: 'upgrade', args: [] }],
  },
  'binary-incompatible': {
    description:
      'a build compiled for Java 21 (FLINK-1_20 runs Java 11): the JAR check stops it before anything changes; ' +
      'with jar-check: off, MSF fails the update and rolls back by itself',
    newJar: java21Jar,
    runs: [
      { title: 'jar-check: strict (the default)', args: [] },
      {
        title: 'jar-check: off, system rollback enabled',
        args: ['--jar-check', 'off', '--snapshot-name', 'pre-upgrade-v2-retry'],
      },
    ],
  },
  'restart-loop': {
    description:
      'Path 3 of the Flink 2.2 upgrade: MSF accepts the new build on FLINK-2_2 (operation SUCCESSFUL), then the ' +
      'job cannot restore its state and restarts over and over within seconds; the health gate trips and the action rolls back to FLINK-1_20',
    newJar: () => healthyJobJar(11, 'com/example/OrdersJobV2'),
    runtime: 'FLINK-2_2',
    behaviour: { kind: 'restart-loop', afterSeconds: 10 },
    runs: [{ title: 'FLINK-1_20 → FLINK-2_2, allow-major-upgrade', args: ['--allow-major-upgrade', 'true'] }],
  },
};

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const name = argValue(argv, 'scenario') ?? 'healthy';
  const scenario = SCENARIOS[name];
  if (!scenario) {
    console.error(`unknown scenario "${name}"; choose one of: ${Object.keys(SCENARIOS).join(', ')}`);
    return 2;
  }
  const write = (line: string): void => void process.stdout.write(`${line}\n`);
  const clock = scaledClock(SCALE);
  const emulator: RunningEmulator = await startEmulator({ clock, metricPeriodSeconds: 60 });
  const dir = await mkdtemp(path.join(tmpdir(), 'flink-upgrade-demo-'));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: emulator.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'demo',
    AWS_SECRET_ACCESS_KEY: 'demo',
    // the demo runs on whatever node is at hand; the SDK's notice about node versions is noise here
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const started = Date.now();
  let exitCode = 0;
  try {
    write(`# flink-upgrade-action demo: ${name}`);
    write(scenario.description);
    write(`(emulator at ${emulator.url}, clock ×${SCALE})`);
    await emulator.control.seed({
      buckets: [{ name: BUCKET, objects: [{ key: RUNNING_KEY, body: await healthyJobJar(11) }] }],
      applications: [
        {
          name: APP,
          runtime: 'FLINK-1_20',
          status: 'RUNNING',
          code: { bucket: BUCKET, key: RUNNING_KEY },
          parallelism: 2,
          versionId: 4,
          snapshots: [{ name: 'nightly', runtime: 'FLINK-1_20', ageSeconds: 3600 }],
          metricsHistorySeconds: 900,
        },
      ],
    });
    const jar = path.join(dir, 'orders.jar');
    await writeFile(jar, await scenario.newJar());
    if (scenario.behaviour) {
      emulator.control.setJobBehaviour({
        application: APP,
        fileKey: `${APP}/v2/orders.jar`,
        behaviour: scenario.behaviour,
      });
    }
    const common = [
      '--application-name',
      APP,
      '--artifact',
      jar,
      '--version',
      'v2',
      '--runtime',
      scenario.runtime ?? 'FLINK-1_20',
      '--poll-interval',
      '10s',
      '--bake-time',
      '5m',
      '--metric-period',
      '60',
      '--timeout',
      '30m',
    ];
    const results: string[] = [];
    for (const [i, run] of scenario.runs.entries()) {
      write('');
      write(`## Run ${i + 1}: ${run.title}`);
      write('');
      const result = await runCli([...common, ...run.args], { clock, write });
      const line = `result: ${result.outputs.result ?? 'no result'} (exit code ${result.exitCode})`;
      write(`→ ${line}`);
      results.push(`Run ${i + 1} (${run.title}): ${line}`);
      if (result.exitCode !== 0) exitCode = result.exitCode;
    }
    write('');
    for (const line of results) write(line);
    write(`demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s of real time`);
  } finally {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
  // A demo of a refused or rolled-back release is still a successful demo.
  return exitCode === 2 ? 2 : 0;
}

process.exitCode = await main();
