/**
 * The self-managed Flink figure: the action's upgrade of a running test job on a real Flink 1.20
 * cluster (platform flink, bake-time 0: preflight, JAR check, stop-with-savepoint, run from it, wait
 * until RUNNING) against the same REST calls made by curl in a shell script (flink-upgrade.sh: upload,
 * stop-with-savepoint, poll, run from the savepoint, poll until RUNNING), alternating, on the same
 * cluster and job: each upgrade switches the job between two builds of the counter job. The
 * difference is the action's overhead over the cluster's own time.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../src/clock.js';
import { submitJar, waitForJobRunning, type FlinkStepDeps } from '../../src/flink/steps.js';
import { parseInputs } from '../../src/inputs.js';
import { MemoryLogger } from '../../src/log.js';
import { runOnPlatform } from '../../src/pipeline/platform-run.js';
import { createFlinkPlatform } from '../../src/flink/platform.js';
import { startFlinkCluster, type FlinkCluster } from '../../test/support/flink-cluster.js';
import { flinkVersion, isFlinkInstalled, testJar, testJobsDir } from '../../test/support/flink-install.js';
import { alternate, atMost, figure, notMeasured, type Figure } from './figures.js';
import { ok, runTimed } from './processes.js';

const SCRIPT = fileURLToPath(new URL('./flink-upgrade.sh', import.meta.url));
const POLL_S = 1;
const PROGRAM_ARGS = ['--delay-ms', '20'];
/** The two builds the job alternates between (their job names are the JAR names). */
const BUILDS = ['counter-v1', 'counter-v2'] as const;

interface Options {
  runs: number;
  log: (line: string) => void;
}

/** The one running job of the cluster. */
async function runningJob(cluster: FlinkCluster): Promise<{ jid: string; name: string }> {
  const jobs = (await cluster.rest.jobs()).filter((j) => j.state === 'RUNNING');
  if (jobs.length !== 1) throw new Error(`expected one running job, found ${jobs.length}`);
  const job = jobs[0]!;
  const detail = await cluster.rest.job(job.jid);
  return { jid: job.jid, name: detail.name };
}

function nextBuild(name: string): { from: string; to: string } {
  const from = BUILDS.find((b) => b === name);
  if (!from) throw new Error(`the running job is ${name}, not one of ${BUILDS.join(', ')}`);
  return { from, to: from === BUILDS[0] ? BUILDS[1] : BUILDS[0] };
}

/** The action's upgrade, in this process (as the CLI runs it, without node's start-up): ms. */
async function actionUpgrade(cluster: FlinkCluster, version: string): Promise<number> {
  const job = await runningJob(cluster);
  const { from, to } = nextBuild(job.name);
  const started = performance.now();
  const inputs = parseInputs({
    platform: 'flink',
    version: `bench-${to}`,
    'flink-url': cluster.url,
    'job-name': from,
    artifact: testJar(version, to),
    'previous-artifact': testJar(version, from),
    'program-args': PROGRAM_ARGS.join(' '),
    'poll-interval': `${POLL_S}s`,
    'bake-time': '0',
    timeout: '5m',
  });
  const platform = createFlinkPlatform(inputs);
  const log = new MemoryLogger(process.env.BENCH_ECHO ? (l) => console.error(`  | ${l}`) : undefined);
  const report = await runOnPlatform(inputs, {
    platform,
    clock: systemClock,
    log,
    signal: new AbortController().signal,
    onState: () => undefined,
    annotate: () => undefined,
  });
  const ms = performance.now() - started;
  if (report.result !== 'upgraded')
    throw new Error(`the action's upgrade ended ${report.result}: ${report.reason}`);
  return ms;
}

/** The curl script's upgrade: ms from spawn to exit. */
async function curlUpgrade(cluster: FlinkCluster, version: string): Promise<number> {
  const job = await runningJob(cluster);
  const { to } = nextBuild(job.name);
  const run = ok(
    await runTimed('bash', [
      SCRIPT,
      cluster.url,
      job.jid,
      testJar(version, to),
      String(POLL_S),
      ...PROGRAM_ARGS,
    ]),
    'flink-upgrade.sh',
  );
  return run.ms;
}

export async function selfManagedFigures(o: Options): Promise<Figure[]> {
  const section = 'self-managed Flink';
  const name = 'upgrade of a running job (stop-with-savepoint, run from it, until RUNNING; bake-time 0)';
  const target = `overhead ≤ ${POLL_S} s (1 poll)`;
  let version: string;
  try {
    version = flinkVersion('1.20');
  } catch {
    return [notMeasured(section, name, target, 'no Flink 1.20 in scripts/flink/requirements/')];
  }
  if (!isFlinkInstalled(version) || !testJobsDir(version)) {
    return [
      notMeasured(section, name, target, 'Flink or the test jobs not installed (scripts/flink/ensure.sh)'),
    ];
  }
  const cluster = await startFlinkCluster({ version, log: (l) => o.log(`  ${l}`) });
  try {
    const deps: FlinkStepDeps = { rest: cluster.rest, clock: systemClock, log: { info: () => undefined } };
    const { jobId } = await submitJar(deps, testJar(version, BUILDS[0]), { programArgsList: PROGRAM_ARGS });
    await waitForJobRunning(deps, jobId, { timeoutMs: 120_000 });
    // a first upgrade each way, not timed: the JVMs load the classes of both builds once
    await curlUpgrade(cluster, version);
    await curlUpgrade(cluster, version);
    const runs = await alternate(
      o.runs,
      async () => {
        const ms = await actionUpgrade(cluster, version);
        o.log(`  action ${(ms / 1000).toFixed(2)} s`);
        return ms / 1000;
      },
      async () => {
        const ms = await curlUpgrade(cluster, version);
        o.log(`  curl script ${(ms / 1000).toFixed(2)} s`);
        return ms / 1000;
      },
    );
    const overheads = runs.own.map((s, i) => s - runs.reference[i]!);
    const note =
      `Flink ${version} standalone cluster on loopback, the counter test job; poll-interval ${POLL_S} s for both; ` +
      `the action in-process (runOnPlatform: preflight, JAR check, upload, stop-with-savepoint, run, wait), ` +
      `the script ${path.basename(SCRIPT)} (curl + jq) from spawn to exit`;
    return [
      figure({
        section,
        name,
        unit: 's',
        values: runs.own,
        reference: { name: 'curl script, same REST calls', values: runs.reference },
        ratios: runs.own.map((s, i) => s / runs.reference[i]!),
        note,
      }),
      figure({
        section,
        name: "the action's overhead over the curl script (per round)",
        unit: 's',
        values: overheads,
        target: atMost(POLL_S, 's (1 poll)'),
        note: 'action minus curl script, paired by round (alternating)',
      }),
    ];
  } finally {
    await cluster.stop();
  }
}
