/**
 * The standing fault suite (`npm run test:faults`): each scenario runs the action end to end against
 * the emulator (real SDK clients over HTTP, a scaled clock) with faults, signals, concurrent runs or
 * bad inputs, and one checker (./invariants.ts) judges the recorded calls and the final state. The
 * table (scenario, outcome, invariants held) is printed at the end.
 */
import { TagResourceCommand } from '@aws-sdk/client-kinesis-analytics-v2';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, parseInputs, type RawInputs } from '../../src/inputs.js';
import { MemoryLogger } from '../../src/log.js';
import { recordToTags } from '../../src/pipeline/deployment-record.js';
import type { RunState } from '../../src/pipeline/run-state.js';
import { runUpgrade } from '../../src/pipeline/upgrade.js';
import { createPlatform } from '../../src/platforms.js';
import { isFailure } from '../../src/report/outputs.js';
import type { UpgradeReport } from '../../src/report/types.js';
import type { FaultSpec, JobBehaviour } from '../../emulator/types.js';
import { healthyJobJar } from '../support/jar-builder.js';
import { INJECTION_CORPUS } from '../support/runner-commands.js';
import { CURRENT_KEY, startHarness, type Harness } from '../e2e/harness.js';
import { violations, type AppView, type RunView } from './invariants.js';

const APP = 'orders';
/** `<application>/<version>/<file name>`: where each run's build goes */
const keyOf = (version: string): string => `orders/${version}/orders-${version}.jar`;
const NEW_KEY = keyOf('v2');
/** Periods of 5 s (250 ms real): a loaded machine does not starve the gate of datapoints. */
const BAKE: RawInputs = { 'bake-time': '40s', 'stabilisation-delay': '5s', 'metric-period': '5' };
const BAKE_MS = 40_000;

interface RunSpec {
  inputs?: RawInputs;
  runId?: string;
  attempt?: string;
  /** aborts the run (a lost runner: no post step) when its state reaches this phase */
  killAt?: RunState['phase'];
  /** called at every saved state of the run */
  onState?: (s: RunState, h: Harness) => void;
}

interface Scenario {
  name: string;
  behaviour?: JobBehaviour;
  /** before the runs */
  setup?: (h: Harness) => Promise<void> | void;
  runs: RunSpec[];
  /** the runs start together instead of one after another */
  together?: boolean;
  /** what the scenario must end in (checked on top of the invariants) */
  expect: (UpgradeReport['result'] | 'refused-input' | 'killed')[];
}

interface Row {
  scenario: string;
  outcome: string;
  invariants: string;
}
const rows: Row[] = [];

function fault(h: Harness, spec: FaultSpec): void {
  h.emulator.control.injectFault(spec);
}

/** Injects `spec` once the run's update has gone out. */
function afterUpdate(spec: FaultSpec): RunSpec['onState'] {
  let done = false;
  return (s, h) => {
    if (!done && s.operationId) {
      done = true;
      fault(h, spec);
    }
  };
}

const MSF_CALLS = [
  'DescribeApplication',
  'ListApplicationSnapshots',
  'ListApplicationOperations',
  'ListTagsForResource',
  'CreateApplicationSnapshot',
  'DescribeApplicationSnapshot',
  'TagResource',
  'UpdateApplication',
  'DescribeApplicationOperation',
];

const SCENARIOS: Scenario[] = [
  { name: 'healthy release', runs: [{}], expect: ['upgraded'] },
  ...MSF_CALLS.flatMap((op): Scenario[] => [
    {
      name: `throttling on ${op}`,
      setup: (h) => fault(h, { service: 'kinesisanalyticsv2', operation: op, kind: 'throttle', count: 2 }),
      runs: [{}],
      expect: ['upgraded'],
    },
    {
      name: `5xx on ${op}`,
      setup: (h) =>
        fault(h, { service: 'kinesisanalyticsv2', operation: op, kind: 'internal-error', count: 2 }),
      runs: [{}],
      expect: ['upgraded'],
    },
  ]),
  ...['HeadObject', 'PutObject'].map((op): Scenario => ({
    name: `S3 5xx on ${op}`,
    setup: (h) => fault(h, { service: 's3', operation: op, kind: 'internal-error', count: 2 }),
    runs: [{}],
    expect: ['upgraded'],
  })),
  {
    name: 'CloudWatch throttling during the bake',
    // any safe ending: a gate that cannot read enough metrics does not pass
    runs: [
      {
        onState: (s, h) =>
          s.phase === 'bake' && fault(h, { service: 'cloudwatch', kind: 'throttle', count: 3 }),
      },
    ],
    expect: [],
  },
  ...['UpdateApplication', 'CreateApplicationSnapshot', 'TagResource'].map((op): Scenario => ({
    name: `answer of ${op} lost`,
    setup: (h) => fault(h, { service: 'kinesisanalyticsv2', operation: op, kind: 'drop-response' }),
    runs: [{}],
    expect: ['upgraded'],
  })),
  {
    name: 'connection of UpdateApplication dropped',
    setup: (h) => fault(h, { service: 'kinesisanalyticsv2', operation: 'UpdateApplication', kind: 'drop' }),
    runs: [{}],
    expect: ['upgraded'],
  },
  {
    name: 'AccessDenied following the update',
    runs: [
      {
        onState: afterUpdate({
          service: 'kinesisanalyticsv2',
          operation: 'DescribeApplicationOperation',
          kind: 'access-denied',
        }),
      },
    ],
    expect: ['rolled-back'],
  },
  {
    name: 'AccessDenied following the update, rollback: never',
    runs: [
      {
        inputs: { rollback: 'never' },
        onState: afterUpdate({
          service: 'kinesisanalyticsv2',
          operation: 'DescribeApplicationOperation',
          kind: 'access-denied',
        }),
      },
    ],
    expect: ['failed'],
  },
  {
    name: 'new job fails to start (operation FAILED)',
    behaviour: { kind: 'startup-failure' },
    runs: [{}],
    expect: ['rolled-back'],
  },
  {
    name: 'restart loop during the bake',
    behaviour: { kind: 'restart-loop', afterSeconds: 3 },
    runs: [{}],
    expect: ['rolled-back'],
  },
  {
    name: 'no metrics during the bake',
    behaviour: { kind: 'no-metrics' },
    runs: [{}],
    expect: ['rolled-back'],
  },
  {
    name: 'snapshot FAILED',
    setup: (h) =>
      fault(h, {
        service: 'kinesisanalyticsv2',
        operation: 'CreateApplicationSnapshot',
        kind: 'access-denied',
      }),
    runs: [{}],
    expect: ['failed'],
  },
  {
    name: 'another run is deploying (its record, before its deadline)',
    setup: async (h) => {
      const arn = `arn:aws:kinesisanalytics:us-east-1:123456789012:application/${APP}`;
      await h.clients.msf.send(
        new TagResourceCommand({
          ResourceARN: arn,
          Tags: recordToTags({
            run: '7',
            attempt: 1,
            phase: 'bake',
            from: 1,
            to: 2,
            until: h.clock.now() + 3_600_000,
          }),
        }),
      );
    },
    runs: [{}],
    expect: ['failed'],
  },
  ...(['update', 'operation', 'verify', 'bake'] as const).map((phase): Scenario => ({
    name: `runner lost (SIGKILL) in ${phase}, then re-run`,
    runs: [{ killAt: phase }, { attempt: '2' }],
    expect: ['killed', phase === 'update' ? 'upgraded' : 'rolled-back'],
  })),
  {
    name: 'two runs at once',
    runs: [{ runId: '100' }, { runId: '200', inputs: { version: 'v3' } }],
    together: true,
    expect: [],
  },
  {
    name: "second run starts during the first one's bake",
    runs: [
      {
        runId: '100',
        onState: (s, h) => {
          if (s.phase === 'bake' && !started)
            started = runOne(h, { runId: '200', inputs: { version: 'v3' } }, []);
        },
      },
    ],
    expect: ['upgraded', 'failed'],
  },
  ...[
    { runtime: 'FLINK-1_99' },
    { runtime: 'FLINK-01_20' },
    { 'poll-interval': '25d' },
    { timeout: '30d' },
    { bucket: 'demo..artifacts' },
    { key: `orders/${INJECTION_CORPUS[0]}.jar`, 'artifact-sha256': 'abc' },
  ].map((inputs): Scenario => ({
    name: `bad input ${JSON.stringify(inputs)}`,
    runs: [{ inputs }],
    expect: ['refused-input'],
  })),
];

let started: Promise<unknown> | undefined;

async function runOne(h: Harness, spec: RunSpec, out: RunView[]): Promise<string> {
  const controller = new AbortController();
  const newKey = keyOf(spec.inputs?.version ?? 'v2');
  const jar = await h.writeJar(
    `orders-${spec.inputs?.version ?? 'v2'}.jar`,
    await healthyJobJar(11, `com/example/Job${spec.inputs?.version ?? 'v2'}`),
  );
  const view: RunView = { exitCode: 1, newKey, bakeMs: BAKE_MS };
  out.push(view);
  let inputs;
  try {
    inputs = parseInputs(
      {
        'application-name': APP,
        artifact: jar,
        'poll-interval': '1s',
        'snapshot-name': `pre-upgrade-${spec.runId ?? '42'}-${spec.attempt ?? '1'}`,
        version: 'v2',
        ...BAKE,
        ...spec.inputs,
      },
      { sha: '0123456789abcdef', runId: spec.runId ?? '42', runAttempt: spec.attempt ?? '1' },
    );
  } catch (err) {
    if (err instanceof InputError) return 'refused-input';
    throw err;
  }
  const report = await runUpgrade(inputs, {
    clients: h.clients,
    clock: h.clock,
    log: new MemoryLogger(),
    signal: controller.signal,
    platform: createPlatform({
      clients: h.clients,
      application: inputs.applicationName,
      signal: controller.signal,
    }),
    onState: (s) => {
      spec.onState?.(s, h);
      if (spec.killAt && s.phase === spec.killAt) controller.abort(new Error('runner lost'));
    },
  });
  if (controller.signal.aborted) {
    out.pop();
    return 'killed';
  }
  view.report = report;
  view.exitCode = isFailure(report) ? 1 : 0;
  return report.result;
}

function appView(h: Harness): AppView {
  const state = h.emulator.control.describe().applications as { applications: AppView[] };
  return state.applications.find((a) => a.name === APP)!;
}

describe('fault suite', () => {
  afterAll(() => {
    const width = Math.max(...rows.map((r) => r.scenario.length));
    const lines = [
      `${'scenario'.padEnd(width)} | outcome | invariants`,
      ...rows.map((r) => `${r.scenario.padEnd(width)} | ${r.outcome} | ${r.invariants}`),
      `${rows.length} scenarios, ${rows.filter((r) => r.invariants === 'held').length} with every invariant held`,
    ];
    console.log(lines.join('\n'));
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const h = await startHarness();
    started = undefined;
    try {
      await h.seedApp(
        { name: APP, metricsHistorySeconds: 60, checkpointIntervalSeconds: 5 },
        { versioning: true },
      );
      if (scenario.behaviour) {
        h.emulator.control.setJobBehaviour({
          application: APP,
          fileKey: NEW_KEY,
          behaviour: scenario.behaviour,
        });
        h.emulator.control.setJobBehaviour({
          application: APP,
          fileKey: keyOf('v3'),
          behaviour: scenario.behaviour,
        });
      }
      await scenario.setup?.(h);
      const views: RunView[] = [];
      let outcomes: string[];
      if (scenario.together) outcomes = await Promise.all(scenario.runs.map((r) => runOne(h, r, views)));
      else {
        outcomes = [];
        for (const r of scenario.runs) outcomes.push(await runOne(h, r, views));
      }
      if (started) {
        outcomes.push(String(await started));
      }
      h.emulator.control.clearFaults();
      const broken = violations({
        calls: h.emulator.control.calls(),
        app: appView(h),
        oldKey: CURRENT_KEY,
        runs: views,
      });
      rows.push({
        scenario: scenario.name,
        outcome: outcomes.join(' → '),
        invariants: broken.length === 0 ? 'held' : broken.join('; '),
      });
      expect(broken, `${outcomes.join(' → ')}\n${views.map((v) => v.report?.reason).join('\n')}`).toEqual([]);
      if (scenario.expect.length > 0)
        expect(outcomes, views.map((v) => v.report?.reason).join('\n')).toEqual(scenario.expect);
    } finally {
      await h.stop();
    }
  });
});
