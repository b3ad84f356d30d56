/**
 * The standing fault suite (`npm run test:faults`): each scenario runs the action end to end against
 * the emulator (real SDK clients over HTTP, a scaled clock) with faults, signals, concurrent runs or
 * bad inputs, and one checker (./invariants.ts) judges the recorded calls and the final state. The
 * table (scenario, outcome, invariants held) is printed at the end.
 */
import { ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateApplicationSnapshotCommand,
  ListApplicationsCommand,
  ListTagsForResourceCommand,
  StopApplicationCommand,
  TagResourceCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { HeadBucketCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, parseInputs, type RawInputs } from '../../src/inputs.js';
import { MemoryLogger } from '../../src/log.js';
import { MsfTarget } from '../../src/msf/target.js';
import { recordFromTags, recordToTags, type DeploymentRecord } from '../../src/pipeline/deployment-record.js';
import type { FlinkTarget } from '../../src/pipeline/target.js';
import type { RunState } from '../../src/pipeline/run-state.js';
import { runUpgrade } from '../../src/pipeline/upgrade.js';
import { createMsfTarget } from '../../src/platforms.js';
import { isFailure } from '../../src/report/outputs.js';
import type { UpgradeReport } from '../../src/report/types.js';
import type { FaultSpec, JobBehaviour, SeedApplication, Timings } from '../../emulator/types.js';
import { runPost, type PostOutcome } from '../../src/pipeline/post-run.js';
import { INJECTION_CORPUS, forgedCommands, runnerCommands } from '../support/runner-commands.js';
import { runnerChannels } from './runner-output.js';
import { buildJar, classMajorFor, healthyJobJar, randomBytes } from '../support/jar-builder.js';
import { PART_SIZE } from '../../src/msf/upload.js';
import { BUCKET, CURRENT_KEY, startHarness, type Harness } from '../e2e/harness.js';
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
  /** SIGINT/SIGTERM when its state reaches this phase: the run is cancelled, then the post step runs */
  cancelAt?: RunState['phase'];
  /** called at every saved state of the run */
  onState?: (s: RunState, h: Harness) => void;
  /** another run, started once this run's state first reaches `phase` (two runs at once) */
  alongside?: { phase: RunState['phase']; run: RunSpec };
  /** the platform calls the run goes through (default: MSF through the harness's clients) */
  target?: (h: Harness) => FlinkTarget;
  /** the build (default: a healthy job JAR named orders-<version>.jar) */
  jar?: () => Promise<{ name: string; bytes: Buffer }>;
  /** the run writes through the action's text channels; no hostile text may form a command there */
  channels?: boolean;
  /** after a cancelled main step, before its post step */
  beforePost?: (h: Harness) => Promise<void>;
}

/** A call's fault a scenario puts on trial: the table-completeness test reads these. */
export interface Covered {
  operation: string;
  kind: 'throttle' | 'internal-error' | 'drop' | 'drop-response';
}

interface Scenario {
  name: string;
  /** the faults of calls this scenario tries (see the table-completeness test) */
  covers?: Covered[];
  /** what the new builds (v2, v3) do when they start */
  behaviour?: JobBehaviour;
  /** the seeded application (on top of the suite's) */
  seed?: Partial<SeedApplication>;
  /** MSF transition durations (clock ms) */
  timings?: Partial<Timings>;
  /** before the runs */
  setup?: (h: Harness) => Promise<void> | void;
  runs: RunSpec[];
  /** the runs start together instead of one after another */
  together?: boolean;
  /** what each run must end in, in order (checked on top of the invariants; empty: any safe ending) */
  expect: (
    UpgradeReport['result'] | 'refused-input' | 'killed' | `cancelled → post ${PostOutcome['action']}`
  )[];
  /** what else must hold at the end, as lines that do not (empty: held) */
  check?: (h: Harness) => Promise<string[]>;
  /** what must hold of the runs' reports, as lines that do not */
  checkReports?: (reports: UpgradeReport[]) => string[];
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

const FAULT_KINDS = ['throttle', 'internal-error', 'drop', 'drop-response'] as const;
const KIND_LABEL: Record<Covered['kind'], string> = {
  throttle: 'throttling on',
  'internal-error': '5xx on',
  drop: 'connection dropped of',
  'drop-response': 'answer lost of',
};

/** Harnesses whose run has had its step done (scenarios with several steps, one run each). */
const snapshotted = new WeakSet<Harness>();
const gated = new WeakSet<Harness>();
const started = new WeakSet<Harness>();

/** A build already in S3, promoted by key (no artifact), its object declaring no SHA-256. */
const PROMOTED = await healthyJobJar(11, 'com/example/Jobv2');

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
      covers: [{ operation: op, kind: 'throttle' }],
      setup: (h) => fault(h, { service: 'kinesisanalyticsv2', operation: op, kind: 'throttle', count: 2 }),
      runs: [{}],
      expect: ['upgraded'],
    },
    {
      name: `5xx on ${op}`,
      covers: [{ operation: op, kind: 'internal-error' }],
      setup: (h) =>
        fault(h, { service: 'kinesisanalyticsv2', operation: op, kind: 'internal-error', count: 2 }),
      runs: [{}],
      expect: ['upgraded'],
    },
  ]),
  ...['HeadObject', 'PutObject'].map((op): Scenario => ({
    name: `S3 5xx on ${op}`,
    covers: [{ operation: op, kind: 'internal-error' }],
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
    covers: [{ operation: op, kind: 'drop-response' }],
    setup: (h) => fault(h, { service: 'kinesisanalyticsv2', operation: op, kind: 'drop-response' }),
    runs: [{}],
    expect: ['upgraded'],
  })),
  ...(['CreateApplicationSnapshot', 'TagResource'] as const).map((op): Scenario => ({
    name: `connection of ${op} dropped`,
    covers: [{ operation: op, kind: 'drop' }],
    setup: (h) => fault(h, { service: 'kinesisanalyticsv2', operation: op, kind: 'drop' }),
    runs: [{}],
    expect: ['upgraded'],
  })),
  ...(['throttle', 'internal-error', 'drop', 'drop-response'] as const).map((kind): Scenario => ({
    name: `${{ throttle: 'throttling on', 'internal-error': '5xx on', drop: 'connection dropped of', 'drop-response': 'answer lost of' }[kind]} UntagResource`,
    covers: [{ operation: 'UntagResource', kind }],
    setup: (h) => fault(h, { service: 'kinesisanalyticsv2', operation: 'UntagResource', kind, count: 2 }),
    runs: [{}],
    expect: ['upgraded'],
  })),
  ...(['throttle', 'internal-error', 'drop', 'drop-response'] as const).map((kind): Scenario => ({
    name: `${{ throttle: 'throttling on', 'internal-error': '5xx on', drop: 'connection dropped of', 'drop-response': 'answer lost of' }[kind]} RollbackApplication`,
    covers: [{ operation: 'RollbackApplication', kind }],
    behaviour: { kind: 'restart-loop', afterSeconds: 3 },
    setup: (h) =>
      fault(h, {
        service: 'kinesisanalyticsv2',
        operation: 'RollbackApplication',
        kind,
        count: kind === 'drop-response' ? 1 : 2,
      }),
    runs: [{ inputs: { 'system-rollback': 'keep' } }],
    expect: ['rolled-back'],
  })),
  ...(['throttle', 'internal-error'] as const).flatMap((kind): Scenario[] => [
    {
      name: `${kind === 'throttle' ? 'throttling' : '5xx'} on CreateApplicationPresignedUrl (the Flink dashboard)`,
      covers: [{ operation: 'CreateApplicationPresignedUrl', kind }],
      setup: (h) =>
        fault(h, {
          service: 'kinesisanalyticsv2',
          operation: 'CreateApplicationPresignedUrl',
          kind,
          count: 2,
        }),
      runs: [{}],
      expect: ['upgraded'],
    },
    {
      name: `CloudWatch ${kind === 'throttle' ? 'throttling' : '5xx'} from the start (baseline and bake)`,
      covers: [{ operation: 'GetMetricData', kind }],
      setup: (h) => fault(h, { service: 'cloudwatch', operation: 'GetMetricData', kind, count: 3 }),
      runs: [{}],
      expect: [],
    },
  ]),
  {
    name: 'S3 AccessDenied on HeadObject',
    setup: (h) => fault(h, { service: 's3', operation: 'HeadObject', kind: 'access-denied' }),
    runs: [{}],
    expect: ['failed'],
  },
  {
    name: 'six throttles in a row on RollbackApplication (more than the SDK retries)',
    behaviour: { kind: 'restart-loop', afterSeconds: 3 },
    setup: (h) =>
      fault(h, {
        service: 'kinesisanalyticsv2',
        operation: 'RollbackApplication',
        kind: 'throttle',
        count: 6,
      }),
    runs: [{ inputs: { 'system-rollback': 'keep' } }],
    expect: ['rolled-back'],
  },
  {
    name: "5xx following the rollback's operation (a rollback that succeeded is reported so)",
    behaviour: { kind: 'restart-loop', afterSeconds: 3 },
    runs: [
      {
        inputs: { 'system-rollback': 'keep' },
        onState: once(
          (s) => s.phase === 'rollback',
          (h) =>
            fault(h, {
              service: 'kinesisanalyticsv2',
              operation: 'DescribeApplicationOperation',
              kind: 'internal-error',
              count: 12,
            }),
        ),
      },
    ],
    expect: ['rolled-back'],
  },
  {
    name: 'AccessDenied on RollbackApplication: manual steps restore the pre-upgrade snapshot',
    behaviour: { kind: 'restart-loop', afterSeconds: 3 },
    setup: (h) =>
      fault(h, {
        service: 'kinesisanalyticsv2',
        operation: 'RollbackApplication',
        kind: 'access-denied',
        count: 1000,
      }),
    runs: [{ inputs: { 'system-rollback': 'keep' } }],
    expect: ['failed'],
    checkReports: (reports) => {
      const text = JSON.stringify(reports);
      return [
        ...(text.includes('SKIP_RESTORE_FROM_SNAPSHOT') ? ['the manual steps start without state'] : []),
        ...(text.includes('pre-upgrade-42-1')
          ? []
          : ['the manual steps do not name the pre-upgrade snapshot']),
      ];
    },
  },
  {
    name: 'S3 throttling on PutObject',
    covers: [{ operation: 'PutObject', kind: 'throttle' }],
    setup: (h) => fault(h, { service: 's3', operation: 'PutObject', kind: 'throttle', count: 2 }),
    runs: [{}],
    expect: ['upgraded'],
  },
  {
    name: 'S3 connection of PutObject dropped',
    covers: [{ operation: 'PutObject', kind: 'drop' }],
    setup: (h) => fault(h, { service: 's3', operation: 'PutObject', kind: 'drop' }),
    runs: [{}],
    expect: ['upgraded'],
  },
  {
    name: 'connection of UpdateApplication dropped',
    covers: [{ operation: 'UpdateApplication', kind: 'drop' }],
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
    name: 'operation FAILED, MSF rolls back (system rollback)',
    behaviour: { kind: 'startup-failure' },
    runs: [{}],
    expect: ['rolled-back'],
  },
  {
    name: 'operation FAILED without system rollback (system-rollback: keep)',
    behaviour: { kind: 'startup-failure' },
    runs: [{ inputs: { 'system-rollback': 'keep' } }],
    expect: ['rolled-back'],
  },
  {
    name: "operation FAILED and MSF's system rollback fails too",
    behaviour: { kind: 'startup-failure' },
    // the old build no longer starts either (its restart after the rollback fails)
    setup: (h) =>
      h.emulator.control.setJobBehaviour({
        application: APP,
        fileKey: CURRENT_KEY,
        behaviour: { kind: 'startup-failure', message: 'the old build cannot start either' },
      }),
    runs: [{}],
    expect: ['failed'],
  },
  {
    name: 'operation stuck IN_PROGRESS until the timeout',
    timings: { update: 3_600_000 },
    runs: [{ inputs: { timeout: '2m' } }],
    expect: ['rolled-back'],
  },
  {
    name: 'operation CANCELLED (a force-stop by someone else)',
    timings: { update: 20_000 },
    runs: [
      {
        onState: once(
          (s) => s.operationId !== undefined,
          (h) =>
            void h.clients.msf
              .send(new StopApplicationCommand({ ApplicationName: APP, Force: true }))
              .catch(() => undefined),
        ),
      },
    ],
    expect: [],
  },
  {
    name: 'snapshot FAILED (the running job is unhealthy)',
    seed: { behaviour: { kind: 'restart-loop', afterSeconds: 1 } },
    runs: [{}],
    expect: ['failed'],
  },
  {
    name: 'snapshot stuck CREATING until the timeout',
    timings: { snapshot: 3_600_000 },
    runs: [{ inputs: { timeout: '2m' } }],
    expect: ['failed'],
  },
  // statuses MSF enters on its own
  ...(['MAINTENANCE', 'AUTOSCALING'] as const).flatMap((status): Scenario[] => [
    {
      name: `${status} at the start`,
      setup: (h) => h.emulator.control.enterStatus({ application: APP, status, durationMs: 20_000 }),
      runs: [{}],
      expect: [],
    },
    {
      name: `${status} mid-bake`,
      runs: [
        {
          onState: once(
            (s) => s.phase === 'bake',
            (h) => h.emulator.control.enterStatus({ application: APP, status, durationMs: 10_000 }),
          ),
        },
      ],
      expect: [],
    },
  ]),
  // errors after the update
  ...(['access-denied', 'not-found'] as const).flatMap((kind): Scenario[] =>
    (['DescribeApplicationOperation', 'DescribeApplication'] as const).map((operation) => ({
      name: `${kind === 'access-denied' ? 'AccessDenied' : 'not-found'} on ${operation} after the update`,
      runs: [{ onState: afterUpdate({ service: 'kinesisanalyticsv2', operation, kind }) }],
      expect: ['rolled-back'],
    })),
  ),
  {
    name: 'AccessDenied on every metric read during the bake',
    runs: [
      {
        onState: once(
          (s) => s.phase === 'bake',
          (h) => fault(h, { service: 'cloudwatch', kind: 'access-denied', count: 1000 }),
        ),
      },
    ],
    expect: ['rolled-back'],
  },
  {
    name: 'slow reads during the bake (metrics and the application, 15 s each)',
    runs: [
      {
        onState: once(
          (s) => s.phase === 'bake',
          (h) => {
            fault(h, { service: 'cloudwatch', kind: 'latency', latencyMs: 15_000, count: 4 });
            fault(h, {
              service: 'kinesisanalyticsv2',
              operation: 'DescribeApplication',
              kind: 'latency',
              latencyMs: 15_000,
              count: 4,
            });
          },
        ),
      },
    ],
    expect: [],
  },
  {
    name: 'CloudWatch 5xx during the bake',
    runs: [
      {
        onState: once(
          (s) => s.phase === 'bake',
          (h) => fault(h, { service: 'cloudwatch', kind: 'internal-error', count: 3 }),
        ),
      },
    ],
    expect: [],
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
    // never silently reused as the rollback point (or, with restore: snapshot, as the restored state)
    name: 'a snapshot under the requested name exists (an hour old), restore: snapshot',
    seed: { snapshots: [{ name: 'pre-upgrade-42-1', ageSeconds: 3600 }] },
    runs: [{ inputs: { restore: 'snapshot' } }],
    expect: ['upgraded'],
    check: (h) => {
      const app = (
        h.emulator.control.describe().applications as {
          applications: (AppView & { job: { restoredFrom: { name: string } | null } | null })[];
        }
      ).applications.find((a) => a.name === APP);
      const restored = app?.job?.restoredFrom?.name;
      return Promise.resolve(
        restored && restored !== 'pre-upgrade-42-1'
          ? []
          : [`the new job restored ${restored ?? 'nothing'}, not a fresh snapshot`],
      );
    },
  },
  {
    name: 'AccessDenied on CreateApplicationSnapshot',
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
      // once its update went out, the re-run bakes that version: it never deploys it a second time
      check: (h) => {
        const updates = h.emulator.control
          .calls()
          .filter((c) => c.operation === 'UpdateApplication' && c.status === 200).length;
        return Promise.resolve(updates === 1 ? [] : [`${updates} UpdateApplication calls for one build`]);
      },
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
  // SIGINT/SIGTERM (a cancelled job): the main step stops, the post step finishes from the saved state
  ...(
    [
      'validate',
      'preflight',
      'jar-check',
      'upload',
      'snapshot',
      'baseline',
      'update',
      'operation',
      'verify',
      'bake',
    ] as const
  ).map((phase): Scenario => ({
    name: `SIGINT/SIGTERM in ${phase}, then the post step`,
    runs: [{ cancelAt: phase }],
    expect: [
      `cancelled → post ${['update', 'operation', 'verify', 'bake'].includes(phase) ? 'rolled-back' : 'nothing'}`,
    ],
  })),
  {
    name: 'SIGINT/SIGTERM in rollback, then the post step',
    behaviour: { kind: 'restart-loop', afterSeconds: 3 },
    runs: [{ cancelAt: 'rollback' }],
    expect: ['cancelled → post rolled-back'],
  },
  {
    // told apart by the run's identity, not by the version both deployments started from
    name: "another run's record from the same version appears before the post step of a cancelled run",
    runs: [
      {
        cancelAt: 'bake',
        beforePost: (h) =>
          writeOtherRecord(h, appView(h).versions.find((v) => v.fileKey === CURRENT_KEY)!.versionId),
      },
    ],
    expect: ['cancelled → post left-as-is'],
    check: async (h) => {
      const found = await readAppRecord(h);
      return found?.run === '7' ? [] : [`the other run's record was removed: ${JSON.stringify(found)}`];
    },
  },
  {
    name: "another run's record appears before the post step of a cancelled run",
    runs: [{ cancelAt: 'bake', beforePost: (h) => writeOtherRecord(h) }],
    expect: ['cancelled → post left-as-is'],
    check: async (h) => {
      const found = await readAppRecord(h);
      return found?.run === '7' ? [] : [`the other run's record was removed: ${JSON.stringify(found)}`];
    },
  },
  {
    name: "second run starts during the first one's update operation",
    runs: [
      { runId: '100', alongside: { phase: 'operation', run: { runId: '200', inputs: { version: 'v3' } } } },
    ],
    expect: ['upgraded', 'failed'],
  },
  {
    name: "second run starts during the first one's rollback",
    // only the first run's build fails
    setup: (h) =>
      h.emulator.control.setJobBehaviour({
        application: APP,
        fileKey: NEW_KEY,
        behaviour: { kind: 'restart-loop', afterSeconds: 3 },
      }),
    runs: [
      { runId: '100', alongside: { phase: 'rollback', run: { runId: '200', inputs: { version: 'v3' } } } },
    ],
    expect: ['rolled-back', 'failed'],
  },
  // hostile text through every channel: log lines, groups, annotations, the failure message, the summary
  {
    name: "injection: the operation's ErrorString",
    behaviour: { kind: 'startup-failure', message: INJECTION_CORPUS.join('\n') },
    runs: [{ channels: true }],
    expect: ['rolled-back'],
  },
  {
    name: 'injection: artifact file name, JAR entry names, pom.properties',
    runs: [
      {
        channels: true,
        inputs: { 'jar-check': 'warn' },
        jar: async () => ({ name: `orders-${HOSTILE_NAME}.jar`, bytes: await hostileJar() }),
      },
    ],
    expect: [],
  },
  {
    name: 'injection: the key input',
    runs: [
      {
        channels: true,
        inputs: {
          key: `orders/${INJECTION_CORPUS.join(' ')
            .split(/[\r\n]/)
            .join(' ')}.jar`,
        },
      },
    ],
    expect: ['upgraded'],
  },
  // StartApplication: a stopped application upgraded with `start: true`
  ...FAULT_KINDS.map((kind): Scenario => ({
    name: `${KIND_LABEL[kind]} StartApplication (a stopped application, start: true)`,
    covers: [{ operation: 'StartApplication', kind }],
    // stopped with a snapshot (MSF takes one on stop): the rollback point
    seed: { status: 'READY', snapshots: [{ name: 'stopped-2026-11-30', ageSeconds: 600 }] },
    setup: (h) => fault(h, { service: 'kinesisanalyticsv2', operation: 'StartApplication', kind, count: 1 }),
    runs: [{ inputs: { start: 'true' } }],
    expect: ['upgraded'],
    // applied once: a lost answer is followed, never answered by a second start
    check: (h) => Promise.resolve(appliedMoreThanOnce(h, 'StartApplication')),
  })),
  // StartApplication in a rollback: a snapshot of the new version taken mid-upgrade is newer than the
  // rollback point, so the rollback stops, updates back and starts from the pre-upgrade snapshot
  ...FAULT_KINDS.map((kind): Scenario => ({
    name: `${KIND_LABEL[kind]} StartApplication in a rollback (stop, update back, start from the pre-upgrade snapshot)`,
    covers: [{ operation: 'StartApplication', kind }],
    runs: [
      {
        onState: (s, h) => {
          if (s.phase === 'verify' && !snapshotted.has(h)) {
            snapshotted.add(h);
            void h.clients.msf
              .send(
                new CreateApplicationSnapshotCommand({ ApplicationName: APP, SnapshotName: 'mid-upgrade' }),
              )
              .catch(() => undefined);
          }
          if (s.phase === 'bake' && !gated.has(h)) {
            gated.add(h);
            fault(h, { service: 'cloudwatch', kind: 'access-denied', count: 1000 });
          }
          if (s.phase === 'rollback' && !started.has(h)) {
            started.add(h);
            fault(h, { service: 'kinesisanalyticsv2', operation: 'StartApplication', kind, count: 1 });
          }
        },
      },
    ],
    expect: ['rolled-back'],
    check: (h) => Promise.resolve(appliedMoreThanOnce(h, 'StartApplication')),
  })),
  // S3's multipart upload, with a build just above one part
  ...(['CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload'] as const).flatMap((op) =>
    FAULT_KINDS.map((kind): Scenario => ({
      name: `S3 ${KIND_LABEL[kind]} ${op} (a multipart upload)`,
      covers: [{ operation: op, kind }],
      setup: (h) => fault(h, { service: 's3', operation: op, kind, count: kind.startsWith('drop') ? 1 : 2 }),
      runs: [{ jar: multipartJar }],
      expect: ['upgraded'],
      ...(op === 'CompleteMultipartUpload' ? { check: (h: Harness) => objectIsTheBuild(h) } : {}),
    })),
  ),
  ...FAULT_KINDS.map((kind): Scenario => ({
    name: `S3 ${KIND_LABEL[kind]} AbortMultipartUpload (a part refused: the upload is aborted)`,
    covers: [{ operation: 'AbortMultipartUpload', kind }],
    setup: (h) => {
      fault(h, { service: 's3', operation: 'UploadPart', kind: 'access-denied', count: 1000 });
      fault(h, {
        service: 's3',
        operation: 'AbortMultipartUpload',
        kind,
        count: kind.startsWith('drop') ? 1 : 2,
      });
    },
    runs: [{ jar: multipartJar }],
    expect: ['failed'],
    check: (h) => {
      const aborted = h.emulator.control
        .calls()
        .some(
          (c) =>
            c.operation === 'AbortMultipartUpload' &&
            ((c.status >= 200 && c.status < 300) || c.errorCode === 'drop-response'),
        );
      return Promise.resolve(aborted ? [] : ['the multipart upload was never aborted']);
    },
  })),
  // StopApplication: a stopped application started by the upgrade, whose release fails, is force-stopped
  // and updated back (left READY, as it was)
  ...FAULT_KINDS.map((kind): Scenario => ({
    name: `${KIND_LABEL[kind]} StopApplication (a started release rolled back to READY)`,
    covers: [{ operation: 'StopApplication', kind }],
    behaviour: { kind: 'restart-loop', afterSeconds: 3 },
    seed: { status: 'READY', snapshots: [{ name: 'stopped-2026-11-30', ageSeconds: 600 }] },
    setup: (h) => fault(h, { service: 'kinesisanalyticsv2', operation: 'StopApplication', kind, count: 1 }),
    runs: [{ inputs: { start: 'true', 'system-rollback': 'keep' } }],
    expect: ['rolled-back'],
    check: (h) => Promise.resolve(appliedMoreThanOnce(h, 'StopApplication')),
  })),
  // DeleteApplicationSnapshot: retention (keep-snapshots) after a healthy upgrade
  ...FAULT_KINDS.map((kind): Scenario => ({
    name: `${KIND_LABEL[kind]} DeleteApplicationSnapshot (keep-snapshots: 1)`,
    covers: [{ operation: 'DeleteApplicationSnapshot', kind }],
    seed: { snapshots: [{ name: 'pre-upgrade-v1-41', ageSeconds: 86_400 }] },
    setup: (h) =>
      fault(h, {
        service: 'kinesisanalyticsv2',
        operation: 'DeleteApplicationSnapshot',
        kind,
        count: kind.startsWith('drop') ? 1 : 2,
      }),
    runs: [{ inputs: { 'keep-snapshots': '1' } }],
    expect: ['upgraded'],
    check: (h) =>
      Promise.resolve(
        appView(h).snapshots.some((sn) => sn.name === 'pre-upgrade-42-1' && sn.status === 'READY')
          ? []
          : ["the run's own pre-upgrade snapshot is gone"],
      ),
  })),
  // GetObject: a build promoted from S3 whose object declares no SHA-256 is read to verify it
  ...(['throttle', 'internal-error'] as const).map((kind): Scenario => ({
    name: `S3 ${KIND_LABEL[kind]} GetObject (a promoted build verified against artifact-sha256)`,
    covers: [{ operation: 'GetObject', kind }],
    setup: async (h) => {
      await h.clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: NEW_KEY, Body: PROMOTED }));
      fault(h, { service: 's3', operation: 'GetObject', kind, count: 2 });
    },
    runs: [
      {
        inputs: {
          artifact: '',
          key: NEW_KEY,
          'artifact-sha256': createHash('sha256').update(PROMOTED).digest('hex'),
        },
      },
    ],
    expect: ['upgraded'],
  })),
  // DescribeApplicationVersion: a re-run reads the version a lost run's leftover started from
  ...(['throttle', 'internal-error'] as const).map((kind): Scenario => ({
    name: `${KIND_LABEL[kind]} DescribeApplicationVersion (a re-run after a runner lost in bake)`,
    covers: [{ operation: 'DescribeApplicationVersion', kind }],
    runs: [
      { killAt: 'bake' },
      {
        attempt: '2',
        inputs: { version: 'v3' },
        onState: once(
          (s) => s.phase === 'validate',
          (h) =>
            fault(h, {
              service: 'kinesisanalyticsv2',
              operation: 'DescribeApplicationVersion',
              kind,
              count: 2,
            }),
        ),
      },
    ],
    expect: [],
  })),
  // ListMetrics: a gate that finds no metrics names what CloudWatch lists for the application
  ...(['throttle', 'internal-error'] as const).map((kind): Scenario => ({
    name: `CloudWatch ${KIND_LABEL[kind]} ListMetrics (no metrics during the bake)`,
    covers: [{ operation: 'ListMetrics', kind }],
    behaviour: { kind: 'no-metrics' },
    setup: (h) => fault(h, { service: 'cloudwatch', operation: 'ListMetrics', kind, count: 2 }),
    runs: [{}],
    expect: ['rolled-back'],
  })),
  {
    name: 'S3 answer of PutObject lost',
    covers: [{ operation: 'PutObject', kind: 'drop-response' }],
    setup: (h) => fault(h, { service: 's3', operation: 'PutObject', kind: 'drop-response' }),
    runs: [{}],
    expect: ['upgraded'],
  },
  {
    name: 'S3 throttling on HeadObject',
    covers: [{ operation: 'HeadObject', kind: 'throttle' }],
    setup: (h) => fault(h, { service: 's3', operation: 'HeadObject', kind: 'throttle', count: 2 }),
    runs: [{}],
    expect: ['upgraded'],
  },
  {
    name: 'two runs at once',
    runs: [{ runId: '100' }, { runId: '200', inputs: { version: 'v3' } }],
    together: true,
    expect: [],
  },
  {
    name: "second run starts during the first one's bake",
    runs: [{ runId: '100', alongside: { phase: 'bake', run: { runId: '200', inputs: { version: 'v3' } } } }],
    expect: ['upgraded', 'failed'],
  },
];

/** One part and a few bytes over (src/msf/upload.ts's PART_SIZE): the smallest multipart build. */
let multipartBytes: Promise<Buffer> | undefined;
function multipartJar(): Promise<{ name: string; bytes: Buffer }> {
  multipartBytes ??= buildJar({
    manifest: { 'Main-Class': 'com.example.Jobv2' },
    classes: [{ name: 'com/example/Jobv2', major: classMajorFor(11) }],
    files: { 'assets/model.bin': randomBytes(PART_SIZE + 4096) },
    store: true,
  });
  return multipartBytes.then((bytes) => ({ name: 'orders-v2.jar', bytes }));
}

/** The object at the run's key is the multipart build (size and declared SHA-256). */
async function objectIsTheBuild(h: Harness): Promise<string[]> {
  const bytes = (await multipartJar()).bytes;
  const head = await h.clients.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: NEW_KEY }));
  const sha = createHash('sha256').update(bytes).digest('hex');
  return head.ContentLength === bytes.length && head.Metadata?.sha256 === sha
    ? []
    : [
        `s3://${BUCKET}/${NEW_KEY} is not the build (${head.ContentLength} bytes, sha256 ${head.Metadata?.sha256})`,
      ];
}

/** A mutating call MSF applied more than once (answered, or applied with its answer lost). */
function appliedMoreThanOnce(h: Harness, operation: string): string[] {
  const applied = h.emulator.control
    .calls()
    .filter((c) => c.operation === operation && (c.status === 200 || c.errorCode === 'drop-response'));
  return applied.length > 1 ? [`${operation} was applied ${applied.length} times`] : [];
}

/** Whether a recorded call met the fault `kind` (the emulator records the answer it gave instead). */
export function metFault(c: { status: number; errorCode?: string }, kind: Covered['kind']): boolean {
  if (kind === 'throttle') return /^(ThrottlingException|Throttling|SlowDown)$/.test(c.errorCode ?? '');
  if (kind === 'internal-error') return c.status >= 500 && c.errorCode !== 'SlowDown';
  return c.errorCode === kind;
}

/** Runs `act` once, at the first state that matches. */
function once(when: (s: RunState) => boolean, act: (h: Harness) => void): NonNullable<RunSpec['onState']> {
  let done = false;
  return (s, h) => {
    if (!done && when(s)) {
      done = true;
      act(h);
    }
  };
}

const HOSTILE_NAME = '##[warning title=forged]FORGED';

/** Java 21 classes on a Java 11 runtime (findings that name the entries), a hostile pom.properties. */
function hostileJar(): Promise<Buffer> {
  return buildJar({
    classes: [
      { name: `com/example/${HOSTILE_NAME}/\u0085::warning title=forged::FORGED`, major: classMajorFor(21) },
      { name: 'com/example/##[error title=forged]Job', major: classMajorFor(21) },
    ],
    artifacts: [
      {
        groupId: 'org.apache.flink',
        artifactId: 'flink-streaming-java',
        version: '1.18.0 ##[warning]forged',
      },
    ],
  });
}

const APP_ARN = `arn:aws:kinesisanalytics:us-east-1:123456789012:application/${APP}`;

/** Another run's record (run 7, in its update phase, for an hour), from version `from`. */
async function writeOtherRecord(h: Harness, from = 2): Promise<void> {
  await h.clients.msf.send(
    new TagResourceCommand({
      ResourceARN: APP_ARN,
      Tags: recordToTags({
        run: '7',
        attempt: 1,
        phase: 'update',
        from,
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

/** What one scenario's runs share: the runs started alongside, and the problems its checks found. */
interface Context {
  alongside: Promise<string>[];
  problems: string[];
}

async function runOne(h: Harness, spec: RunSpec, out: RunView[], ctx: Context): Promise<string> {
  const controller = new AbortController();
  const version = spec.inputs?.version ?? 'v2';
  const build = spec.jar
    ? await spec.jar()
    : { name: `orders-${version}.jar`, bytes: await healthyJobJar(11, `com/example/Job${version}`) };
  const newKey = spec.inputs?.key ?? `${APP}/${version}/${build.name}`;
  const jar = await h.writeJar(build.name, build.bytes);
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
  const channels = spec.channels ? runnerChannels() : undefined;
  let last: RunState | undefined;
  let spawned = false;
  const report = await runUpgrade(inputs, {
    clients: h.clients,
    clock: h.clock,
    log: channels?.log ?? new MemoryLogger(),
    ...(channels ? { annotate: channels.annotate } : {}),
    signal: controller.signal,
    platform: spec.target
      ? spec.target(h)
      : createMsfTarget({
          clients: h.clients,
          application: inputs.applicationName,
          signal: controller.signal,
        }),
    onState: (s) => {
      last = { ...s };
      spec.onState?.(s, h);
      if (spec.alongside && !spawned && s.phase === spec.alongside.phase) {
        spawned = true;
        ctx.alongside.push(runOne(h, spec.alongside.run, out, ctx));
      }
      if ((spec.killAt && s.phase === spec.killAt) || (spec.cancelAt && s.phase === spec.cancelAt))
        controller.abort(new Error(spec.killAt ? 'runner lost' : 'cancelled by SIGTERM'));
    },
  });
  if (channels) {
    await channels.publish(report);
    const forged = [...forgedCommands(channels.output()), ...runnerCommands(channels.summary())];
    if (forged.length > 0)
      ctx.problems.push(
        `hostile text formed ${forged.length} command(s): ${forged.map((c) => c.line).join(' | ')}`,
      );
    if (!/FORGED/.test(channels.output() + channels.summary()))
      ctx.problems.push('the hostile text never reached the output');
  }
  if (controller.signal.aborted && spec.killAt) {
    out.splice(out.indexOf(view), 1);
    return 'killed';
  }
  view.report = report;
  view.exitCode = isFailure(report) ? 1 : 0;
  // the reason is one line a person reads: no doubled full stop, no error without a name
  if (/[^.]\.\.(?!\.)|\.\s+\.|UnknownError/.test(report.reason))
    ctx.problems.push(`the reason reads badly: ${report.reason}`);
  if (controller.signal.aborted) {
    // the post step, as the runner starts it after a cancelled main step (src/post.ts)
    await spec.beforePost?.(h);
    const post = await runPost(
      last,
      {
        rollback: inputs.rollback,
        rollbackTimeoutMs: inputs.rollbackTimeoutMs,
        pollIntervalMs: inputs.pollIntervalMs,
        allowNonRestoredState: inputs.allowNonRestoredState,
        maxStateAgeMs: inputs.maxStateAgeMs,
      },
      {
        clients: h.clients,
        clock: h.clock,
        log: new MemoryLogger(),
        signal: new AbortController().signal,
        platform: createMsfTarget({ clients: h.clients, application: APP, phase: 'rollback' }),
      },
    );
    // the job's result is the main step's and the post step's together
    view.report = { ...report, reason: `${report.reason}; post: ${post.message}` };
    const app = appView(h);
    if (spec.beforePost === undefined && (app.fileKey !== CURRENT_KEY || app.status !== 'RUNNING'))
      ctx.problems.push(
        `after the post step (${post.action}: ${post.message}) ${APP} is ${app.status} on ${app.fileKey}, not RUNNING on ${CURRENT_KEY}`,
      );
    return `cancelled → post ${post.action}`;
  }
  return report.result;
}

let harnessStarting: Promise<unknown> = Promise.resolve();

/**
 * A harness of its own for a scenario. The SDK reads AWS_ENDPOINT_URL (which each harness sets) when a
 * client sends its first request, and keeps it: harnesses start one at a time, each client sends one
 * request at once, and the calls recorded meanwhile are forgotten (scenarios then run side by side).
 */
async function startScenarioHarness(timings: Partial<Timings> | undefined): Promise<Harness> {
  const before = harnessStarting;
  let started!: () => void;
  harnessStarting = new Promise<void>((resolve) => (started = resolve));
  await before;
  try {
    const h = await startHarness(timings ? { timings } : {});
    // (any answer will do, an error too: the endpoint is resolved before the request goes out)
    await Promise.all([
      h.clients.msf.send(new ListApplicationsCommand({})).catch(() => undefined),
      h.clients.s3.send(new HeadBucketCommand({ Bucket: 'warm-up' })).catch(() => undefined),
      h.clients.cloudwatch.send(new ListMetricsCommand({})).catch(() => undefined),
    ]);
    h.emulator.control.reset();
    return h;
  } finally {
    started();
  }
}

function appView(h: Harness): AppView {
  const state = h.emulator.control.describe().applications as { applications: AppView[] };
  return state.applications.find((a) => a.name === APP)!;
}

describe('fault suite', () => {
  afterAll(() => {
    // in the table's order (scenarios finish in any order), the bad inputs last, by number
    const order = new Map(SCENARIOS.map((sc, i) => [sc.name, i]));
    const rank = (r: Row): number =>
      order.get(r.scenario) ?? SCENARIOS.length + Number(/^bad input (\d+)/.exec(r.scenario)?.[1] ?? 0);
    rows.sort((a, b) => rank(a) - rank(b));
    const width = Math.max(...rows.map((r) => r.scenario.length));
    const lines = [
      `${'scenario'.padEnd(width)} | outcome | invariants`,
      ...rows.map((r) => `${r.scenario.padEnd(width)} | ${r.outcome} | ${r.invariants}`),
      `${rows.length} rows (${rows.filter((r) => !r.scenario.startsWith('bad input')).length} scenarios, ` +
        `${rows.filter((r) => r.scenario.startsWith('bad input')).length} bad input sets), ` +
        `${rows.filter((r) => r.invariants === 'held').length} with every invariant held`,
    ];
    console.log(lines.join('\n'));
  });

  // scenarios run a few at a time (each one mostly waits: on its scaled clock, on the SDK's backoff)
  it.concurrent.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const h = await startScenarioHarness(scenario.timings);
    const ctx: Context = { alongside: [], problems: [] };
    try {
      await h.seedApp(
        { name: APP, metricsHistorySeconds: 60, checkpointIntervalSeconds: 5, ...scenario.seed },
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
      if (scenario.together) outcomes = await Promise.all(scenario.runs.map((r) => runOne(h, r, views, ctx)));
      else {
        outcomes = [];
        for (const r of scenario.runs) outcomes.push(await runOne(h, r, views, ctx));
      }
      for (const other of ctx.alongside) outcomes.push(await other);
      h.emulator.control.clearFaults();
      const broken = [
        ...violations({
          calls: h.emulator.control.calls(),
          app: appView(h),
          oldKey: CURRENT_KEY,
          runs: views,
        }),
        ...((await scenario.check?.(h)) ?? []),
        ...(scenario.checkReports?.(views.flatMap((v) => (v.report ? [v.report] : []))) ?? []),
        ...ctx.problems,
        // a row is only as good as its fault: each one it covers must have been met
        ...(scenario.covers ?? [])
          .filter(
            (cv) =>
              !h.emulator.control.calls().some((c) => c.operation === cv.operation && metFault(c, cv.kind)),
          )
          .map((cv) => `the fault (${cv.kind} on ${cv.operation}) was never met`),
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

  it('every AWS call the action can send has its rows (throttle and 5xx; dropped and lost if it changes anything)', async () => {
    const operations = await sentOperations();
    const has = (operation: string, kind: Covered['kind']): boolean =>
      SCENARIOS.some((sc) => sc.covers?.some((c) => c.operation === operation && c.kind === kind));
    const missing = operations.flatMap((op) =>
      (MUTATING.test(op) ? FAULT_KINDS : (['throttle', 'internal-error'] as const))
        .filter((kind) => !has(op, kind))
        .map((kind) => `${kind} on ${op}`),
    );
    expect(operations.length).toBeGreaterThan(20);
    // a call added to the action without its rows fails here, each missing row by name
    expect(missing).toEqual([]);
  });

  describe('bad inputs: refused before any AWS call, in one line naming the input', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startScenarioHarness(undefined);
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

/** Calls that change something on AWS's side (a presigned URL for the Flink dashboard changes nothing). */
const MUTATING = /^(?!Describe|List|Get|Head|CreateApplicationPresignedUrl$)/;

/** Every `<Operation>Command` the action's code constructs (src/, the emulator and tests aside). */
async function sentOperations(): Promise<string[]> {
  const root = path.resolve(import.meta.dirname, '../../src');
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.ts'));
  const found = new Set<string>();
  for (const f of files) {
    const text = await readFile(path.join(root, f), 'utf8');
    for (const m of text.matchAll(/new (\w+)Command\(/g)) found.add(m[1]!);
  }
  return [...found].sort();
}

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
  const signal = new AbortController().signal;
  const report = await runUpgrade(inputs, {
    clients: h.clients,
    clock: h.clock,
    log: new MemoryLogger(),
    signal,
    platform: createMsfTarget({ clients: h.clients, application: inputs.applicationName, signal }),
  });
  return report.result === 'failed' ? report.reason : undefined;
}
