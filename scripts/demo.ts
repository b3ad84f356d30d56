/**
 * `npm run demo -- --platform flink` runs on a real local Flink instead (scripts/demo-flink.ts).
 * `npm run demo -- --scenario healthy|binary-incompatible|restart-loop [--engine flink]`: the whole upgrade against the
 * in-process emulator, through the command-line entry (the same pipeline the action runs), on a clock
 * 60 times faster than real time. Prints the progress lines and, per run, the report (text, or the
 * Markdown job summary with --markdown) and its result. `--help` lists the scenarios.
 *
 * Scenarios are rows of SCENARIOS (scripts/demo-scenarios.ts). With `--engine flink` the emulator runs
 * the applications on real Flink 1.20 and 2.2 clusters (REAL_SCENARIOS: the test jobs of test-jobs/), on
 * a clock 10 times faster than real time.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { runCli } from '../src/cli.js';
import { scaledClock } from '../src/clock.js';
import { formatDuration } from '../src/duration.js';
import { healthyJobJar } from '../test/support/jar-builder.js';
import { flinkVersion, INSTALL_COMMAND, realFlinkStatus, testJar } from '../test/support/flink-install.js';
import { demoUsage, REAL_SCENARIOS, SCENARIOS } from './demo-scenarios.js';

const APP = 'orders';
const BUCKET = 'flink-artifacts';
const RUNNING_KEY = `${APP}/v1/orders.jar`;
const SCALE = 60;

async function main(): Promise<number> {
  let values: { scenario?: string; markdown?: boolean; help?: boolean; engine?: string; platform?: string };
  try {
    ({ values } = parseArgs({
      options: {
        scenario: { type: 'string' },
        engine: { type: 'string' },
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
  if (values.engine === 'flink') return realEngineDemo(name, values.markdown ?? false);
  if (values.engine !== undefined && values.engine !== 'simulated') {
    console.error(`--engine must be simulated or flink, not "${values.engine}"`);
    return 2;
  }
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

const REAL_SCALE = 10;
const COUNT_LINE = /COUNT job=(\S+) key=(\d+) count=(\d+)/;

/** Every count a test job printed per key, in order (test-jobs/Common.java's COUNT lines). */
function countsIn(file: string, job: string): Map<number, number[]> {
  const counts = new Map<number, number[]>();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return counts;
  }
  for (const line of text.split('\n')) {
    const m = COUNT_LINE.exec(line);
    if (!m || m[1] !== job) continue;
    const list = counts.get(Number(m[2])) ?? [];
    list.push(Number(m[3]));
    counts.set(Number(m[2]), list);
  }
  return counts;
}

interface JobInfo {
  taskManagerOut: string;
  runtime: string;
}

function currentJob(emulator: RunningEmulator): JobInfo | undefined {
  const state = emulator.control.describe().applications as {
    applications: { name: string; job: JobInfo | null }[];
  };
  return state.applications.find((a) => a.name === APP)?.job ?? undefined;
}

/** The three paths on real Flink 1.20 → 2.2 (see REAL_SCENARIOS). */
async function realEngineDemo(name: string, markdown: boolean): Promise<number> {
  const scenario = REAL_SCENARIOS[name];
  if (!scenario) {
    console.error(`unknown scenario "${name}"; choose one of: ${Object.keys(REAL_SCENARIOS).join(', ')}`);
    return 2;
  }
  const v120 = flinkVersion('1.20');
  const v22 = flinkVersion('2.2');
  const status = realFlinkStatus([v120, v22]);
  if (status.state !== 'ready') {
    console.error(
      `--engine flink needs Apache Flink ${v120} and ${v22} and the test jobs built for them: run ${INSTALL_COMMAND}` +
        (status.reason ? ` (${status.reason})` : ''),
    );
    return 2;
  }
  const write = (line: string): void => void process.stdout.write(`${line}\n`);
  const clock = scaledClock(REAL_SCALE);
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({
      clock,
      metricPeriodSeconds: 10,
      engine: 'flink',
      log: (line) => {
        if (
          /^flink: (starting|Flink \S+ up|\S+ runs as|stopped job|savepoint of)/.test(line) ||
          / FAILED/.test(line)
        )
          write(`  [emulator] ${line}`);
      },
    });
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'flink-upgrade-demo-'));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: emulator.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'demo',
    AWS_SECRET_ACCESS_KEY: 'demo',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const started = Date.now();
  let exitCode = 0;
  try {
    write(`# flink-upgrade-action demo on real Apache Flink: ${name}`);
    write(scenario.description);
    write(
      `The emulator (${emulator.url}) runs MSF's API over real Flink ${v120} and ${v22} clusters on this machine ` +
        `(started on first use), on a clock ${REAL_SCALE} times faster than real time; Flink keeps real time.`,
    );
    write(`Starting ${scenario.running} on FLINK-1_20 …`);
    await emulator.control.seed({
      buckets: [
        {
          name: BUCKET,
          objects: [{ key: RUNNING_KEY, body: readFileSync(testJar(v120, scenario.running)) }],
        },
      ],
      applications: [
        {
          name: APP,
          runtime: 'FLINK-1_20',
          status: 'RUNNING',
          code: { bucket: BUCKET, key: RUNNING_KEY },
          systemRollbackEnabled: true,
        },
      ],
    });
    const before = currentJob(emulator);
    // a few checkpoints before the upgrade: the gate's baseline
    await clock.sleep(180_000);
    const jar = path.join(dir, `${scenario.next.job}.jar`);
    await writeFile(
      jar,
      readFileSync(testJar(scenario.next.builtFor === '2.2' ? v22 : v120, scenario.next.job)),
    );
    const common = [
      '--application-name',
      APP,
      '--artifact',
      jar,
      '--version',
      'v2',
      '--runtime',
      'FLINK-2_2',
      '--poll-interval',
      '5s',
      '--bake-time',
      '3m',
      '--metric-period',
      '10',
      '--timeout',
      '60m',
    ];
    const results: string[] = [];
    for (const [i, run] of scenario.runs.entries()) {
      write('');
      write(`## Run ${i + 1}: ${run.title}`);
      write('');
      const result = await runCli([...common, ...run.args, ...(markdown ? ['--markdown'] : [])], {
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
    const after = currentJob(emulator);
    if (scenario.counts && before && after) {
      // give the job now running a moment to print
      await clock.sleep(5_000 * REAL_SCALE);
      write('');
      write(
        `Keyed state, from the jobs' output (key: last count before the upgrade → first count after it):`,
      );
      const old = countsIn(before.taskManagerOut, scenario.counts.before);
      const now = countsIn(after.taskManagerOut, scenario.counts.after);
      for (const [key, list] of [...old].sort((a, b) => a[0] - b[0])) {
        if (before.taskManagerOut === after.taskManagerOut) {
          // the same cluster before and after (rolled back): the counts run on without a reset
          const steps = list.every((c, i) => c === i + 1);
          write(
            `  key ${key}: counted 1 … ${list.at(-1)} on ${after.runtime}, ${steps ? 'no reset, no gap' : 'NOT contiguous'}`,
          );
        } else {
          const last = list.at(-1);
          const first = now.get(key)?.[0];
          write(
            `  key ${key}: ${last} on ${before.runtime} → ${first ?? '(nothing yet)'} on ${after.runtime}`,
          );
        }
      }
    }
    const real = Date.now() - started;
    write(
      `demo finished in ${(real / 1000).toFixed(1)} s of real time (${formatDuration(Math.round(real * REAL_SCALE))} on the emulator's clock)`,
    );
  } finally {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return exitCode === 2 ? 2 : 0;
}

process.exitCode = await main();
