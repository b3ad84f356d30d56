/**
 * `npm run demo -- --platform flink` runs on a real local Flink instead (scripts/demo-flink.ts).
 * `npm run demo -- --scenario healthy|binary-incompatible|restart-loop`: the whole upgrade against the
 * in-process emulator, through the command-line entry (the same pipeline the action runs), on a clock
 * 60 times faster than real time. Prints the progress lines and, per run, the report (text, or the
 * Markdown job summary with --markdown) and its result. `--help` lists the scenarios.
 *
 * Scenarios are rows of SCENARIOS (scripts/demo-scenarios.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { runCli } from '../src/cli.js';
import { scaledClock } from '../src/clock.js';
import { formatDuration } from '../src/duration.js';
import { healthyJobJar } from '../test/support/jar-builder.js';
import { demoUsage, SCENARIOS } from './demo-scenarios.js';

const APP = 'orders';
const BUCKET = 'flink-artifacts';
const RUNNING_KEY = `${APP}/v1/orders.jar`;
const SCALE = 60;

async function main(): Promise<number> {
  let values: { scenario?: string; markdown?: boolean; help?: boolean; platform?: string };
  try {
    ({ values } = parseArgs({
      options: {
        scenario: { type: 'string' },
        platform: { type: 'string' },
        markdown: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${demoUsage()}`);
    return 2;
  }
  if (values.help) {
    console.log(demoUsage());
    return 0;
  }
  if (values.platform === 'flink') {
    const { flinkDemo } = await import('./demo-flink.js');
    return flinkDemo({ ...(values.markdown ? { markdown: true } : {}) });
  }
  if (values.platform !== undefined && values.platform !== 'msf') {
    console.error(
      `unknown platform "${values.platform}"; choose msf (the emulator, default) or flink (a real local Flink)`,
    );
    return 2;
  }
  const name = values.scenario ?? 'healthy';
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
    write(
      `The emulator (${emulator.url}) runs on a clock ${SCALE} times faster than real time: MSF's ` +
        `transitions, the metric periods and the 5m bake pass in seconds. The progress lines count in that ` +
        `clock; the reports' durations are real time.`,
    );
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
      const result = await runCli([...common, ...run.args, ...(values.markdown ? ['--markdown'] : [])], {
        clock,
        write,
      });
      const line = `result: ${result.outputs.result ?? 'no result'} (exit code ${result.exitCode})`;
      write(`→ ${line}`);
      results.push(`Run ${i + 1} (${run.title}): ${line}`);
      if (result.exitCode !== 0) exitCode = result.exitCode;
    }
    write('');
    for (const line of results) write(line);
    const real = Date.now() - started;
    write(
      `demo finished in ${(real / 1000).toFixed(1)} s of real time (${formatDuration(Math.round(real * SCALE))} on the emulator's clock)`,
    );
  } finally {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
  // A demo of a refused or rolled-back release is still a successful demo.
  return exitCode === 2 ? 2 : 0;
}

process.exitCode = await main();
