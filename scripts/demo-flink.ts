/**
 * `npm run demo -- --platform flink`: the whole upgrade on a real local Apache Flink 1.20 cluster,
 * through the command-line entry (the pipeline the action runs): the counter test job v1 runs, v2
 * replaces it from a savepoint, the health gate reads the job in real time. Without a local Flink it
 * says how to install one.
 */
import { runCli } from '../src/cli.js';
import { submitJar, waitForJobRunning } from '../src/flink/steps.js';
import { systemClock } from '../src/clock.js';
import { startFlinkCluster } from '../test/support/flink-cluster.js';
import {
  INSTALL_COMMAND,
  flinkVersion,
  isFlinkInstalled,
  testJar,
  testJobsDir,
} from '../test/support/flink-install.js';
import { counted, lastCounts, readCounts } from '../test/support/flink-jobs.js';

export async function flinkDemo(options: { markdown?: boolean } = {}): Promise<number> {
  const write = (line: string): void => void process.stdout.write(`${line}\n`);
  let version: string;
  try {
    version = flinkVersion('1.20');
  } catch {
    version = '';
  }
  if (!version || !isFlinkInstalled(version) || !testJobsDir(version)) {
    write('The Flink demo runs a real local Apache Flink 1.20 cluster, which is not installed here.');
    write(`Install it once (python3 + pip, Java 17, Maven; about 4 minutes): ${INSTALL_COMMAND}`);
    return 1;
  }
  write(`# flink-upgrade-action demo: a self-managed Flink ${version} cluster`);
  write('Starting a JobManager and a TaskManager on loopback …');
  const cluster = await startFlinkCluster({ version, log: () => {} });
  const started = Date.now();
  try {
    write(`Flink ${version} runs at ${cluster.url}; submitting the counter job v1 …`);
    const deps = { rest: cluster.rest, clock: systemClock, log: { info: () => {} } };
    const { jobId } = await submitJar(deps, testJar(version, 'counter-v1'), {
      programArgsList: ['--delay-ms', '20'],
    });
    await waitForJobRunning(deps, jobId, { timeoutMs: 120_000 });
    await counted(cluster, 'v1', 5);
    write(`job counter-v1 (${jobId}) counts; upgrading it to v2 with the action's command line:`);
    write('');
    const result = await runCli(
      [
        '--platform',
        'flink',
        '--flink-url',
        cluster.url,
        '--job-name',
        'counter-v1',
        '--artifact',
        testJar(version, 'counter-v2'),
        '--previous-artifact',
        testJar(version, 'counter-v1'),
        '--program-args=--delay-ms 20',
        '--version',
        'v2',
        '--poll-interval',
        '1s',
        '--stabilisation-delay',
        '3s',
        '--bake-time',
        '20s',
        '--timeout',
        '5m',
        ...(options.markdown ? ['--markdown'] : []),
      ],
      { write },
    );
    write('');
    write(`→ result: ${result.outputs.result ?? 'no result'} (exit code ${result.exitCode})`);
    const before = lastCounts(readCounts(cluster.taskManagerOut, 'v1'));
    if (result.outputs.result === 'upgraded') {
      const after = await counted(cluster, 'v2', 1);
      const key = [...before.keys()][0];
      if (key !== undefined)
        write(
          `key ${key}: v1 counted to ${before.get(key)}, v2 went on at ${after.get(key)?.[0]}: the state survived`,
        );
    }
    write(`demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s of real time`);
    return result.exitCode === 2 ? 2 : 0;
  } finally {
    await cluster.stop();
  }
}
