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

/** `npm run demo -- --help`: the usage and every scenario with what it shows. */
export function demoUsage(): string {
  return [
    'usage: npm run demo -- [--scenario NAME] [--markdown]',
    '       npm run demo -- --platform flink [--markdown]',
    '',
    'Runs the upgrade against an in-process emulator on a clock 60 times faster than real time;',
    'with --platform flink, on a real local Apache Flink 1.20 cluster (scripts/flink/install.sh).',
    "--markdown prints each run's report as the Markdown job summary instead of text.",
    '',
    'scenarios:',
    ...Object.entries(SCENARIOS).map(
      ([name, s]) => `  ${name}${name === 'healthy' ? ' (default)' : ''}\n      ${s.description}`,
    ),
  ].join('\n');
}
