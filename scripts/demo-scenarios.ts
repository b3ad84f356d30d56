/**
 * The demo's scenarios (see scripts/demo.ts): a description, the new build, an optional job behaviour for
 * it and the runs to make. Add one by adding a row.
 */
import type { JobBehaviour } from '../emulator/types.js';
import { buildJar, classMajorFor, healthyJobJar } from '../test/support/jar-builder.js';

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

/**
 * The same three paths on the real engine (`--engine flink`): the test jobs of test-jobs/, built for
 * each installed Flink version, running on real Flink 1.20 and 2.2 clusters.
 */
export interface RealScenario {
  description: string;
  /** the test job running on FLINK-1_20 before the upgrade (its 1.20 build) */
  running: string;
  /** the new build: a test job and the Flink version it was built for */
  next: { job: string; builtFor: '1.20' | '2.2' };
  /** the job name in the COUNT lines of the running and the new job (test-jobs/Common.java) */
  counts?: { before: string; after: string };
  runs: DemoRun[];
}

export const REAL_SCENARIOS: Record<string, RealScenario> = {
  healthy: {
    description:
      'counter-v1 on Flink 1.20 → counter-v2 built for 2.2, on FLINK-2_2: a real stop with a savepoint, the ' +
      'new JAR restores it on a Flink 2.2 cluster, the gate passes, and the keyed counters continue',
    running: 'counter-v1',
    next: { job: 'counter-v2', builtFor: '2.2' },
    counts: { before: 'v1', after: 'v2' },
    runs: [{ title: 'FLINK-1_20 → FLINK-2_2, allow-major-upgrade', args: ['--allow-major-upgrade', 'true'] }],
  },
  'binary-incompatible': {
    description:
      'a JAR built for 1.20 that uses SourceFunction (removed in Flink 2.0), to FLINK-2_2: the JAR check ' +
      'stops it before anything changes; with jar-check: off, Flink 2.2 refuses the submission with a real ' +
      'NoClassDefFoundError and MSF rolls back to 1.20 by itself',
    running: 'counter-v1',
    next: { job: 'legacy-source', builtFor: '1.20' },
    runs: [
      { title: 'jar-check: strict (the default)', args: ['--allow-major-upgrade', 'true'] },
      {
        title: 'jar-check: off, system rollback enabled',
        args: [
          '--allow-major-upgrade',
          'true',
          '--jar-check',
          'off',
          '--snapshot-name',
          'pre-upgrade-v2-retry',
        ],
      },
    ],
  },
  'restart-loop': {
    description:
      'kryo-list (a java.util.List in keyed state, written by Flink 1.20 with Kryo) to FLINK-2_2: the update ' +
      'succeeds, then every restore on Flink 2.2 fails and the job restarts in a loop; the gate trips and the ' +
      'action rolls back to 1.20, where the lists continue',
    running: 'kryo-list',
    next: { job: 'kryo-list', builtFor: '2.2' },
    counts: { before: 'kryo-list', after: 'kryo-list' },
    runs: [{ title: 'FLINK-1_20 → FLINK-2_2, allow-major-upgrade', args: ['--allow-major-upgrade', 'true'] }],
  },
};

/** `npm run demo -- --help`: the usage and every scenario with what it shows. */
export function demoUsage(): string {
  return [
    'usage: npm run demo -- [--scenario NAME] [--engine simulated|flink] [--markdown]',
    '       npm run demo -- --platform flink [--markdown]',
    '',
    'Runs the upgrade against an in-process emulator on a clock 60 times faster than real time;',
    'with --platform flink, on a real local Apache Flink 1.20 cluster (scripts/flink/install.sh).',
    "--markdown prints each run's report as the Markdown job summary instead of text.",
    '--engine flink runs the applications on real Apache Flink 1.20 and 2.2 clusters (Java 17 and',
    '  scripts/flink/install.sh && scripts/flink/build-jobs.sh first), on a clock 10 times faster.',
    '',
    'scenarios:',
    ...Object.entries(SCENARIOS).map(
      ([name, s]) => `  ${name}${name === 'healthy' ? ' (default)' : ''}\n      ${s.description}`,
    ),
    '',
    'scenarios with --engine flink:',
    ...Object.entries(REAL_SCENARIOS).map(([name, s]) => `  ${name}\n      ${s.description}`),
  ].join('\n');
}
