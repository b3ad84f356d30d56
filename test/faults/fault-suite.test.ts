/**
 * The standing fault suite (`npm run test:faults`): each scenario runs the action end to end against
 * the emulator (real SDK clients over HTTP, a scaled clock) with faults, signals, concurrent runs or
 * bad inputs, and one checker (./invariants.ts) judges the recorded calls and the final state. The
 * table (scenario, outcome, invariants held) is printed at the end.
 */
import { ListTagsForResourceCommand, TagResourceCommand } from '@aws-sdk/client-kinesis-analytics-v2';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, parseInputs, type RawInputs } from '../../src/inputs.js';
import { MemoryLogger } from '../../src/log.js';
import { MsfTarget } from '../../src/msf/target.js';
import { recordFromTags, recordToTags, type DeploymentRecord } from '../../src/pipeline/deployment-record.js';
import type { FlinkTarget } from '../../src/pipeline/target.js';
import type { RunState } from '../../src/pipeline/deps.js';
import { runUpgrade } from '../../src/pipeline/upgrade.js';
import { isFailure } from '../../src/report/outputs.js';
import type { UpgradeReport } from '../../src/report/types.js';
import type { FaultSpec, JobBehaviour } from '../../emulator/types.js';
import { healthyJobJar } from '../support/jar-builder.js';
import { CURRENT_KEY, startHarness, type Harness } from '../e2e/harness.js';
import { BAD_INPUTS, type BadInput } from './bad-inputs.js';
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
  /** the platform calls the run goes through (default: MSF through the harness's clients) */
  target?: (h: Harness) => FlinkTarget;
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
  /** what else must hold at the end, as lines that do not (empty: held) */
  check?: (h: Harness) => Promise<string[]>;
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
  {
    // the tagging API has no conditional write: each write of the record is read first and read back
    name: "another run's record written after this run's claim is not overwritten",
    runs: [{ target: (h) => new ClaimedMeanwhile(h) }],
    expect: ['failed'],
    check: async (h) => {
      const found = await readAppRecord(h);
      return found?.run === '7' ? [] : [`the other run's record was overwritten: ${JSON.stringify(found)}`];
    },
  },
  // a re-run that finds its own build deployed and unbaked bakes it; anything else it left is undone
  ...(['upload', 'snapshot', 'baseline', 'update', 'operation', 'verify', 'bake'] as const).map(
    (phase): Scenario => ({
      name: `runner lost (SIGKILL) in ${phase}, then re-run`,
      runs: [{ killAt: phase }, { attempt: '2' }],
      expect: ['killed', 'upgraded'],
    }),
  ),
  {
    name: 'runner lost (SIGKILL) in bake, then re-run of another build',
    runs: [{ killAt: 'bake' }, { attempt: '2', inputs: { version: 'v3' } }],
    expect: ['killed', 'rolled-back'],
  },
  {
    name: 'runner lost (SIGKILL) in verify of a failing release, then re-run',
    behaviour: { kind: 'restart-loop', afterSeconds: 3 },
    runs: [{ killAt: 'verify' }, { attempt: '2' }],
    expect: ['killed', 'rolled-back'],
  },
  {
    name: 'runner lost (SIGKILL) in rollback, then re-run',
    behaviour: { kind: 'restart-loop', afterSeconds: 3 },
    runs: [{ killAt: 'rollback' }, { attempt: '2' }],
    expect: ['killed', 'rolled-back'],
  },
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
];

let started: Promise<unknown> | undefined;

const APP_ARN = `arn:aws:kinesisanalytics:us-east-1:123456789012:application/${APP}`;

/** Another run's record (run 7, in its update phase, for an hour). */
async function writeOtherRecord(h: Harness): Promise<void> {
  await h.clients.msf.send(
    new TagResourceCommand({
      ResourceARN: APP_ARN,
      Tags: recordToTags({
        run: '7',
        attempt: 1,
        phase: 'update',
        from: 2,
        until: h.clock.now() + 3_600_000,
      }),
    }),
  );
}

async function readAppRecord(h: Harness): Promise<DeploymentRecord | undefined> {
  const out = await h.clients.msf.send(new ListTagsForResourceCommand({ ResourceARN: APP_ARN }));
  return recordFromTags(out.Tags ?? []);
}

/** MSF, where another run writes its record right after this run's UpdateApplication is accepted. */
class ClaimedMeanwhile extends MsfTarget {
  constructor(private readonly h: Harness) {
    super({ client: h.clients.msf, application: APP, region: h.clients.region });
  }
  override async update(...args: Parameters<MsfTarget['update']>): ReturnType<MsfTarget['update']> {
    const out = await super.update(...args);
    await writeOtherRecord(this.h);
    return out;
  }
}

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
    ...(spec.target ? { target: spec.target(h) } : {}),
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
      const broken = [
        ...violations({
          calls: h.emulator.control.calls(),
          app: appView(h),
          oldKey: CURRENT_KEY,
          runs: views,
        }),
        ...((await scenario.check?.(h)) ?? []),
      ];
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

  describe('bad inputs: refused before any AWS call, in one line naming the input', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
      await h.seedApp({ name: APP }, { versioning: true });
    });
    afterAll(() => h.stop());

    it.each(BAD_INPUTS.map((b, i) => [i + 1, summarise(b), b] as const))(
      'bad input %i: %s',
      async (n, name, bad) => {
        const refusal = await refuse(h, n, bad);
        const awsCalls = h.emulator.control.calls().filter((c) => c.service !== 'control');
        const problems = [
          ...(awsCalls.length > 0
            ? [
                `${awsCalls.length} AWS call(s) before the refusal: ${awsCalls.map((c) => c.operation).join(', ')}`,
              ]
            : []),
          ...(refusal === undefined ? ['not refused'] : []),
          ...(refusal !== undefined && /[\r\n]/.test(refusal) ? ['the refusal is not one line'] : []),
          ...(refusal !== undefined && !refusal.includes(`"${bad.input}"`)
            ? [`the refusal does not name input "${bad.input}"`]
            : []),
        ];
        rows.push({
          scenario: `bad input ${n}: ${name}`,
          outcome: refusal === undefined ? 'accepted' : 'refused',
          invariants: problems.length === 0 ? 'held' : problems.join('; '),
        });
        expect(problems, refusal).toEqual([]);
      },
    );
  });
});

/** `{"runtime":"FLINK-1_99"}`, long values cut, for the table */
function summarise(bad: BadInput): string {
  const shown = Object.fromEntries(
    Object.entries(bad.with).map(([k, v]) => [k, v && v.length > 24 ? `${v.slice(0, 12)}…(${v.length})` : v]),
  );
  return JSON.stringify(shown);
}

/**
 * Runs one bad input set as the action does (parse, then the pipeline): the refusal's one line, or
 * undefined when the run was not refused. The emulator's recorded calls are reset first.
 */
async function refuse(h: Harness, n: number, bad: BadInput): Promise<string | undefined> {
  const dir = path.join(h.dir, `bad-${n}`);
  await mkdir(dir, { recursive: true });
  const jar = await h.writeJar(`orders-v2-${n}.jar`, await healthyJobJar(11, 'com/example/Jobv2'));
  const raw: RawInputs = {
    'application-name': APP,
    artifact: jar,
    'poll-interval': '1s',
    'snapshot-name': `pre-upgrade-bad-${n}`,
    version: 'v2',
    ...BAKE,
  };
  for (const [k, v] of Object.entries(bad.with) as [keyof RawInputs, string][]) {
    if (bad.files?.[v]) raw[k] = path.join(dir, v);
    else raw[k] = v;
  }
  for (const [name, kind] of Object.entries(bad.files ?? {})) {
    const file = path.join(dir, name);
    if (kind === 'folder') await mkdir(file);
    else if (kind === 'empty') await writeFile(file, '');
    else if (kind === 'text') await writeFile(file, 'not a build: the release notes\n');
  }
  h.emulator.control.reset();
  await h.seedApp({ name: APP }, { versioning: true });
  let inputs;
  try {
    inputs = parseInputs(raw, { sha: '0123456789abcdef', runId: '42', runAttempt: '1' });
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  const report = await runUpgrade(inputs, {
    clients: h.clients,
    clock: h.clock,
    log: new MemoryLogger(),
    signal: new AbortController().signal,
  });
  return report.result === 'failed' ? report.reason : undefined;
}
