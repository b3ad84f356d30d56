/**
 * Scenarios for the health gate and rollback against the emulator: an application RUNNING the old code
 * with metric history, a job behaviour for the new code, and the upgrade done with the SDK.
 * The pipeline's end-to-end tests can reuse `seedUpgradeScenario` and hand its application to runUpgrade.
 */
import {
  CreateApplicationSnapshotCommand,
  DescribeApplicationCommand,
  DescribeApplicationOperationCommand,
  DescribeApplicationSnapshotCommand,
  UpdateApplicationCommand,
  type ApplicationDetail,
  type RuntimeEnvironment,
} from '@aws-sdk/client-kinesis-analytics-v2';
import type { HealthSettings } from '../../src/health/contract.js';
import { MemoryLogger } from '../../src/log.js';
import { toApplicationView, toVersionRef, type ApplicationView } from '../../src/msf/application.js';
import type { PhaseDeps } from '../../src/pipeline/deps.js';
import type { VersionRef } from '../../src/msf/application.js';
import { pollUntil } from '../../src/wait.js';
import type { JobBehaviour } from '../../emulator/types.js';
import type { TestEmulator } from '../support/emulator.js';
import { createMsfTarget } from '../../src/platforms.js';
import type { Phase } from '../../src/pipeline/errors.js';
import type { FlinkTarget } from '../../src/pipeline/target.js';

export const BUCKET = 'flink-artifacts';
export const OLD_KEY = 'orders/v1/orders-job.jar';
export const NEW_KEY = 'orders/v2/orders-job.jar';

export interface ScenarioOptions {
  application: string;
  fromRuntime?: string;
  toRuntime?: string;
  /** what the new code does when it starts */
  behaviour: JobBehaviour;
  /** seconds of healthy metric history before the upgrade (default 600) */
  historySeconds?: number;
  snapshotsEnabled?: boolean;
  /** take our named pre-upgrade snapshot (default true) */
  preUpgradeSnapshot?: boolean;
}

export interface Scenario {
  application: string;
  previous: VersionRef;
  preUpgradeSnapshot?: { name: string; runtime?: string; createdAt?: number };
  fromRuntime: string;
  toRuntime: string;
}

/** The deps with the platform an entry point would build for `application` (src/platforms.ts). */
export function withPlatform<D extends PhaseDeps>(
  deps: D,
  application: string,
  phase?: Phase,
): D & { platform: FlinkTarget } {
  return {
    ...deps,
    platform: createMsfTarget({
      clients: deps.clients,
      application,
      signal: deps.signal,
      ...(phase ? { phase } : {}),
    }),
  };
}

export function makeDeps(
  te: TestEmulator,
  echo = Boolean(process.env.E2E_ECHO),
): PhaseDeps & { log: MemoryLogger; controller: AbortController } {
  const controller = new AbortController();
  return {
    clients: te.clients,
    clock: te.clock,
    log: new MemoryLogger(echo ? (line) => console.log(line) : undefined),
    signal: controller.signal,
    controller,
  };
}

/** Health settings for a 1-second metric period. */
export function testSettings(over: Partial<HealthSettings> = {}): HealthSettings {
  return {
    bakeMs: 30_000,
    stabilisationMs: 2_000,
    metricPeriodSeconds: 1,
    maxRestarts: 0,
    maxFailedCheckpoints: 0,
    requireCheckpoint: true,
    maxCheckpointDurationRatio: 3,
    baselinePeriods: 120,
    ...over,
  };
}

export async function describeApp(te: TestEmulator, application: string): Promise<ApplicationDetail> {
  const out = await te.clients.msf.send(new DescribeApplicationCommand({ ApplicationName: application }));
  return out.ApplicationDetail!;
}

export async function viewApp(te: TestEmulator, application: string): Promise<ApplicationView> {
  return toApplicationView(await describeApp(te, application));
}

/** Seeds the application on the old code (healthy) and the rule for the new code. */
export async function seedUpgradeScenario(te: TestEmulator, o: ScenarioOptions): Promise<Scenario> {
  const fromRuntime = o.fromRuntime ?? 'FLINK-1_20';
  const toRuntime = o.toRuntime ?? 'FLINK-2_2';
  await te.emulator.control.seed({
    buckets: [
      {
        name: BUCKET,
        objects: [
          { key: OLD_KEY, body: 'old job' },
          { key: NEW_KEY, body: 'new job' },
        ],
      },
    ],
    applications: [
      {
        name: o.application,
        runtime: fromRuntime,
        status: 'RUNNING',
        code: { bucket: BUCKET, key: OLD_KEY },
        snapshotsEnabled: o.snapshotsEnabled ?? true,
        metricsHistorySeconds: o.historySeconds ?? 600,
        behaviour: { kind: 'healthy' },
      },
    ],
  });
  te.emulator.control.setJobBehaviour({
    application: o.application,
    fileKey: NEW_KEY,
    behaviour: o.behaviour,
  });
  const previous = toVersionRef(await viewApp(te, o.application));
  const scenario: Scenario = { application: o.application, previous, fromRuntime, toRuntime };
  if (o.preUpgradeSnapshot ?? true) {
    scenario.preUpgradeSnapshot = await takeNamedSnapshot(te, o.application, `pre-upgrade-${o.application}`);
  }
  return scenario;
}

/** CreateApplicationSnapshot and wait READY. */
export async function takeNamedSnapshot(
  te: TestEmulator,
  application: string,
  name: string,
): Promise<{ name: string; runtime?: string; createdAt?: number }> {
  await te.clients.msf.send(
    new CreateApplicationSnapshotCommand({ ApplicationName: application, SnapshotName: name }),
  );
  return pollUntil({
    what: `snapshot ${name} to be READY`,
    clock: te.clock,
    deadline: te.clock.now() + 60_000,
    intervalMs: 200,
    progress: () => undefined,
    probe: async () =>
      (
        await te.clients.msf.send(
          new DescribeApplicationSnapshotCommand({ ApplicationName: application, SnapshotName: name }),
        )
      ).SnapshotDetails!,
    check: (s) =>
      s.SnapshotStatus === 'READY'
        ? {
            done: true,
            result: {
              name,
              ...(s.RuntimeEnvironment ? { runtime: s.RuntimeEnvironment } : {}),
              ...(s.SnapshotCreationTimestamp ? { createdAt: s.SnapshotCreationTimestamp.getTime() } : {}),
            },
          }
        : s.SnapshotStatus === 'FAILED'
          ? (() => {
              throw new Error(`snapshot ${name} FAILED`);
            })()
          : { done: false, state: s.SnapshotStatus ?? '?' },
  });
}

/** The upgrade step: UpdateApplication to the new runtime and code, followed to the end. */
export async function upgrade(
  te: TestEmulator,
  scenario: Scenario,
  options: { checkpointIntervalMs?: number } = {},
): Promise<{ operationId: string; status: string; app: ApplicationView }> {
  const app = await viewApp(te, scenario.application);
  const out = await te.clients.msf.send(
    new UpdateApplicationCommand({
      ApplicationName: scenario.application,
      ConditionalToken: app.conditionalToken,
      RuntimeEnvironmentUpdate: scenario.toRuntime as RuntimeEnvironment,
      ApplicationConfigurationUpdate: {
        ApplicationCodeConfigurationUpdate: {
          CodeContentUpdate: { S3ContentLocationUpdate: { FileKeyUpdate: NEW_KEY } },
        },
        FlinkApplicationConfigurationUpdate: {
          CheckpointConfigurationUpdate: {
            ConfigurationTypeUpdate: 'CUSTOM',
            CheckpointingEnabledUpdate: true,
            CheckpointIntervalUpdate: options.checkpointIntervalMs ?? 5_000,
          },
        },
      },
      RunConfigurationUpdate: {
        ApplicationRestoreConfiguration: { ApplicationRestoreType: 'RESTORE_FROM_LATEST_SNAPSHOT' },
      },
    }),
  );
  const operationId = out.OperationId!;
  const status = await pollUntil({
    what: `the upgrade of ${scenario.application}`,
    clock: te.clock,
    deadline: te.clock.now() + 120_000,
    intervalMs: 200,
    progress: () => undefined,
    probe: async () =>
      (
        await te.clients.msf.send(
          new DescribeApplicationOperationCommand({
            ApplicationName: scenario.application,
            OperationId: operationId,
          }),
        )
      ).ApplicationOperationInfoDetails!,
    check: (d) =>
      d.OperationStatus === 'IN_PROGRESS'
        ? { done: false, state: 'IN_PROGRESS' }
        : { done: true, result: d.OperationStatus ?? '?' },
  });
  return { operationId, status, app: await viewApp(te, scenario.application) };
}

/** The emulator's view of the application (versions, snapshots, job). */
export function emulatorApp(te: TestEmulator, application: string): any {
  const view = te.emulator.control.describe() as any;
  return (view.applications.applications as any[]).find((a) => a.name === application);
}
