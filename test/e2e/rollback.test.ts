import { KinesisAnalyticsV2Client, UpdateApplicationCommand } from '@aws-sdk/client-kinesis-analytics-v2';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scaledClock } from '../../src/clock.js';
import { runHealthGate, takeBaseline } from '../../src/msf/health/gate.js';
import { WaitAbortedError, pollUntil } from '../../src/wait.js';
import type { RunState } from '../../src/pipeline/run-state.js';
import { rollBack } from '../../src/msf/rollback.js';
import { runPost } from '../../src/pipeline/post-run.js';
import { TEST_CREDENTIALS, TEST_REGION, startTestEmulator, type TestEmulator } from '../support/emulator.js';
import {
  NEW_KEY,
  OLD_KEY,
  emulatorApp,
  makeDeps,
  seedUpgradeScenario,
  takeNamedSnapshot,
  testSettings,
  upgrade,
  viewApp,
  type Scenario,
  withPlatform,
} from './health-helpers.js';

let te: TestEmulator;

beforeAll(async () => {
  te = await startTestEmulator({ clock: scaledClock(20), metricPeriodSeconds: 1 });
});

afterEach(() => {
  te.emulator.control.reset();
});

const MUTATIONS = new Set([
  'RollbackApplication',
  'StopApplication',
  'UpdateApplication',
  'StartApplication',
]);

/** A mark in the call record, taken after a round trip so earlier calls are recorded. */
async function markCalls(application: string): Promise<number> {
  await viewApp(te, application);
  return te.emulator.control.calls().length;
}

function mutationsSince(mark: number): string[] {
  return te.emulator.control
    .calls()
    .slice(mark)
    .filter((c) => c.service === 'kinesisanalyticsv2' && MUTATIONS.has(c.operation))
    .map((c) => c.operation);
}

function request(scenario: Scenario, reason = 'health gate: unhealthy') {
  return {
    application: scenario.application,
    previous: scenario.previous,
    ...(scenario.preUpgradeSnapshot ? { preUpgradeSnapshot: scenario.preUpgradeSnapshot } : {}),
    reason,
    deadline: te.clock.now() + 10 * 60_000,
    pollIntervalMs: 500,
  };
}

describe('rollback against the emulator', () => {
  it('takes the named-snapshot path when a snapshot was taken on the new runtime (normal stop)', async () => {
    const scenario = await seedUpgradeScenario(te, {
      application: 'trap-app',
      behaviour: { kind: 'slow-checkpoints' },
    });
    expect((await upgrade(te, scenario)).status).toBe('SUCCESSFUL');
    // a scheduled snapshot of the new version, taken after the upgrade
    const after = await takeNamedSnapshot(te, scenario.application, 'scheduled-after-upgrade');
    expect(after.runtime).toBe('FLINK-2_2');

    const deps = makeDeps(te);
    const result = await rollBack(deps, request(scenario));
    expect(result.outcome, result.message).toBe('rolled-back');
    expect(result.path).toBe('restore-named-snapshot');
    expect(result.decision).toMatch(
      /newest READY snapshot .* was taken on FLINK-2_2, and the previous version runs FLINK-1_20/,
    );
    // The rollback point is MSF's own snapshot taken at the update (previous version, minutes newer than
    // ours), not the pre-upgrade snapshot, and never the new version's.
    const before = emulatorApp(te, scenario.application).snapshots as {
      name: string;
      system: boolean;
      runtime: string;
      versionId: number;
      createdAt: number;
    }[];
    const updateTime = before.find((s) => s.system && s.versionId === scenario.previous.versionId)!;
    const ours = before.find((s) => s.name === 'pre-upgrade-trap-app')!;
    expect(updateTime.runtime).toBe('FLINK-1_20');
    expect(updateTime.createdAt).toBeGreaterThan(ours.createdAt);
    expect(result.restoredSnapshot).toBe(updateTime.name);
    expect(result.rollbackPoint).toBe(updateTime.name);
    expect(result.decision).toMatch(
      /the newest READY snapshot of the previous version, newer than pre-upgrade-trap-app/,
    );

    // What it cost, in figures: the snapshot, its time, the rewind to the new job's stop, the caveats.
    const cost = result.cost!;
    expect(cost.snapshot).toBe(updateTime.name);
    expect(cost.snapshotAt).toBe(updateTime.createdAt);
    const stopCall = te.emulator.control.calls().find((c) => c.operation === 'StopApplication')!;
    expect(cost.stoppedAt).toBeLessThanOrEqual(stopCall.time);
    expect(cost.rewindSeconds).toBe(Math.round((cost.stoppedAt! - updateTime.createdAt) / 1000));
    expect(cost.rewindSeconds).toBeGreaterThan(0);
    expect(cost.forcedStop).toBe(false);
    expect(result.message).toContain(
      `Cost: restored snapshot ${updateTime.name} taken at ${new Date(updateTime.createdAt).toISOString()}; rewind ${cost.rewindSeconds}s`,
    );
    expect(result.message).toMatch(
      /output the new version wrote in that window is not undone, and the sources replay from the snapshot's positions/,
    );
    expect(result.message).toMatch(/no forced stop$/);

    const app = await viewApp(te, scenario.application);
    expect([app.status, app.runtime, app.fileKey]).toEqual(['RUNNING', 'FLINK-1_20', OLD_KEY]);
    const emu = emulatorApp(te, scenario.application);
    const current = emu.versions.find((v: any) => v.versionId === emu.versionId);
    expect(current.restore).toEqual({
      ApplicationRestoreType: 'RESTORE_FROM_CUSTOM_SNAPSHOT',
      SnapshotName: updateTime.name,
    });
    expect(emu.job.runtime).toBe('FLINK-1_20');
    expect(emu.job.restoredFrom.name).toBe(updateTime.name);
    // RollbackApplication was never called: it would have restored the 2.2 snapshot on 1.20
    expect(te.emulator.control.calls().some((c) => c.operation === 'RollbackApplication')).toBe(false);
    expect(deps.log.text()).not.toMatch(/forcing the stop/);
  });

  it('the named-snapshot path also returns the parallelism the upgrade changed', async () => {
    const scenario = await seedUpgradeScenario(te, {
      application: 'scaled-app',
      behaviour: { kind: 'healthy' },
    });
    expect(scenario.previous.parallelism?.configurationType).toBe('DEFAULT');
    expect((await upgrade(te, scenario)).status).toBe('SUCCESSFUL');
    // the upgrade also raised parallelism
    const upgraded = await viewApp(te, scenario.application);
    await te.clients.msf.send(
      new UpdateApplicationCommand({
        ApplicationName: scenario.application,
        ConditionalToken: upgraded.conditionalToken,
        ApplicationConfigurationUpdate: {
          FlinkApplicationConfigurationUpdate: {
            ParallelismConfigurationUpdate: { ConfigurationTypeUpdate: 'CUSTOM', ParallelismUpdate: 4 },
          },
        },
      }),
    );
    await pollUntil({
      what: 'the parallelism update',
      clock: te.clock,
      deadline: te.clock.now() + 120_000,
      intervalMs: 200,
      progress: () => undefined,
      probe: () => viewApp(te, scenario.application),
      check: (app) =>
        app.status === 'RUNNING' && app.versionId > upgraded.versionId
          ? { done: true, result: app }
          : { done: false, state: app.status },
    });
    await takeNamedSnapshot(te, scenario.application, 'scheduled-after-upgrade');

    const result = await rollBack(makeDeps(te), request(scenario));
    expect(result.outcome, result.message).toBe('rolled-back');
    expect(result.path).toBe('restore-named-snapshot');
    const app = await viewApp(te, scenario.application);
    expect([app.status, app.runtime, app.fileKey]).toEqual(['RUNNING', 'FLINK-1_20', OLD_KEY]);
    expect(app.parallelismConfig).toEqual(scenario.previous.parallelism);
  });

  it('forces the stop when the new job cannot snapshot (restart loop) on the named-snapshot path', async () => {
    const scenario = await seedUpgradeScenario(te, {
      application: 'trap-loop',
      behaviour: { kind: 'restart-loop', afterSeconds: 8 },
    });
    expect((await upgrade(te, scenario)).status).toBe('SUCCESSFUL');
    await takeNamedSnapshot(te, scenario.application, 'autoscaling-snapshot');

    const deps = makeDeps(te);
    const baseline = await takeBaseline(deps, {
      application: scenario.application,
      runtime: 'FLINK-1_20',
      settings: testSettings(),
    });
    const gate = await runHealthGate(deps, {
      application: scenario.application,
      runtime: 'FLINK-2_2',
      baseline,
      settings: testSettings(),
      deadline: te.clock.now() + 60_000,
    });
    // a job restart: the restart counter, or the running-time gauge that drops first (CloudWatch alone here)
    expect(['restarts', 'running-time']).toContain(gate.check);

    const result = await rollBack(deps, request(scenario, `health gate: ${gate.reason}`));
    expect(result.outcome, result.message).toBe('rolled-back');
    expect(result.path).toBe('restore-named-snapshot');
    expect(deps.log.text()).toMatch(
      /does not stop normally \(InvalidApplicationConfigurationException: .*\): forcing the stop/,
    );
    const app = await viewApp(te, scenario.application);
    expect([app.status, app.runtime, app.fileKey]).toEqual(['RUNNING', 'FLINK-1_20', OLD_KEY]);
  });

  it('fails clearly, without changing anything, when there is no snapshot to return to', async () => {
    const scenario = await seedUpgradeScenario(te, {
      application: 'no-snap',
      snapshotsEnabled: false,
      preUpgradeSnapshot: false,
      behaviour: { kind: 'restart-loop' },
    });
    expect((await upgrade(te, scenario)).status).toBe('SUCCESSFUL');
    const t = await markCalls(scenario.application);
    const deps = makeDeps(te);
    const result = await rollBack(deps, request(scenario));
    expect(result.outcome).toBe('failed');
    expect(result.path).toBe('none');
    expect(result.message).toMatch(
      /^Rollback of no-snap failed: no safe way back: there is no READY snapshot/,
    );
    expect(result.message).toMatch(
      /No changes were made\. no-snap is RUNNING on application version 2, runtime FLINK-2_2, code s3:\/\/flink-artifacts\/orders\/v2\/orders-job\.jar\./,
    );
    expect(result.message).toContain('SKIP_RESTORE_FROM_SNAPSHOT');
    expect(result.manualSteps?.[0]).toBe(
      'aws kinesisanalyticsv2 stop-application --application-name no-snap --force',
    );
    expect(result.manualSteps?.[1]).toContain('--runtime-environment-update FLINK-1_20');
    expect(result.manualSteps?.[1]).toContain(OLD_KEY);
    expect([result.applicationStatus, result.versionId, result.runtime, result.fileKey]).toEqual([
      'RUNNING',
      2,
      'FLINK-2_2',
      NEW_KEY,
    ]);
    expect(mutationsSince(t)).toEqual([]);
  });

  it('does not roll back twice', async () => {
    const scenario = await seedUpgradeScenario(te, {
      application: 'twice',
      behaviour: { kind: 'restart-loop' },
    });
    await upgrade(te, scenario);
    const first = await rollBack(makeDeps(te), request(scenario));
    expect(first.outcome, first.message).toBe('rolled-back');
    expect(first.path).toBe('rollback-application');
    const t = await markCalls(scenario.application);
    const second = await rollBack(makeDeps(te), request(scenario));
    expect(second.outcome).toBe('rolled-back');
    expect(second.path).toBe('none');
    expect(second.message).toMatch(
      /already runs version 1, runtime FLINK-1_20.*: it was already rolled back \(now application version 3\); nothing to roll back/,
    );
    expect(mutationsSince(t)).toEqual([]);
  });

  it('recognises that MSF already rolled back by itself (system rollback)', async () => {
    await te.emulator.control.seed({
      buckets: [
        {
          name: 'b',
          objects: [
            { key: 'old.jar', body: 'x' },
            { key: 'new.jar', body: 'y' },
          ],
        },
      ],
      applications: [
        {
          name: 'sysrb',
          runtime: 'FLINK-1_20',
          code: { bucket: 'b', key: 'old.jar' },
          systemRollbackEnabled: true,
          metricsHistorySeconds: 60,
          behaviour: { kind: 'healthy' },
        },
      ],
    });
    te.emulator.control.setJobBehaviour({
      application: 'sysrb',
      fileKey: 'new.jar',
      behaviour: { kind: 'startup-failure' },
    });
    const scenarioPrevious = await viewApp(te, 'sysrb');
    const scenario: Scenario = {
      application: 'sysrb',
      previous: {
        versionId: 1,
        runtime: 'FLINK-1_20',
        bucketArn: scenarioPrevious.bucketArn!,
        fileKey: 'old.jar',
      },
      fromRuntime: 'FLINK-1_20',
      toRuntime: 'FLINK-2_2',
    };
    const { UpdateApplicationCommand } = await import('@aws-sdk/client-kinesis-analytics-v2');
    await te.clients.msf.send(
      new UpdateApplicationCommand({
        ApplicationName: 'sysrb',
        CurrentApplicationVersionId: 1,
        RuntimeEnvironmentUpdate: 'FLINK-2_2',
        ApplicationConfigurationUpdate: {
          ApplicationCodeConfigurationUpdate: {
            CodeContentUpdate: { S3ContentLocationUpdate: { FileKeyUpdate: 'new.jar' } },
          },
        },
      }),
    );
    // the update fails and MSF rolls back; meanwhile rollBack waits for ROLLING_BACK to settle
    const t = await markCalls('sysrb');
    const result = await rollBack(makeDeps(te), request(scenario));
    expect(result.outcome, result.message).toBe('rolled-back');
    expect(result.path).toBe('none');
    expect(result.message).toMatch(/already rolled back/);
    expect(mutationsSince(t)).toEqual([]);
  });

  it('post step: a run cancelled mid-bake is rolled back from the saved state', async () => {
    const scenario = await seedUpgradeScenario(te, {
      application: 'cancelled',
      behaviour: { kind: 'restart-loop', afterSeconds: 600 },
    });
    const up = await upgrade(te, scenario);
    const deps = makeDeps(te);
    const baseline = await takeBaseline(deps, {
      application: 'cancelled',
      runtime: 'FLINK-1_20',
      settings: testSettings(),
    });
    const state: RunState = {
      application: 'cancelled',
      phase: 'bake',
      previous: scenario.previous,
      target: { versionId: up.app.versionId, runtime: 'FLINK-2_2', fileKey: NEW_KEY },
      snapshotName: scenario.preUpgradeSnapshot!.name,
      operationId: up.operationId,
    };
    // the job is cancelled while the gate watches the application
    const gate = runHealthGate(deps, {
      application: 'cancelled',
      runtime: 'FLINK-2_2',
      baseline,
      settings: testSettings({ bakeMs: 10 * 60_000 }),
      deadline: te.clock.now() + 20 * 60_000,
    });
    await te.clock.sleep(5_000);
    deps.controller.abort(new Error('cancelled by SIGTERM'));
    await expect(gate).rejects.toBeInstanceOf(WaitAbortedError);

    const postDeps = makeDeps(te);
    const outcome = await runPost(
      state,
      { rollback: 'auto', rollbackTimeoutMs: 10 * 60_000, pollIntervalMs: 500 },
      withPlatform(postDeps, state.application, 'rollback'),
    );
    expect(outcome.action, outcome.message).toBe('rolled-back');
    expect(outcome.summary).toMatch(/^### Cancelled: cancelled rolled back/);
    expect(outcome.summary).toContain('The run was cancelled during the bake phase');
    const app = await viewApp(te, 'cancelled');
    expect([app.status, app.runtime, app.fileKey]).toEqual(['RUNNING', 'FLINK-1_20', OLD_KEY]);
  });

  it('post step: an application that was stopped before the upgrade is rolled back to READY, not started', async () => {
    const scenario = await seedUpgradeScenario(te, {
      application: 'was-stopped',
      behaviour: { kind: 'restart-loop', afterSeconds: 600 },
    });
    const up = await upgrade(te, scenario);
    const t = await markCalls(scenario.application);
    const outcome = await runPost(
      {
        application: 'was-stopped',
        phase: 'bake',
        previous: scenario.previous,
        previousStatus: 'READY',
        target: { versionId: up.app.versionId, runtime: 'FLINK-2_2', fileKey: NEW_KEY },
        snapshotName: scenario.preUpgradeSnapshot!.name,
      },
      { rollback: 'auto', rollbackTimeoutMs: 10 * 60_000, pollIntervalMs: 500 },
      withPlatform(makeDeps(te), 'was-stopped', 'rollback'),
    );
    expect(outcome.action, outcome.message).toBe('rolled-back');
    expect(outcome.rollback?.path).toBe('update-back');
    // force-stopped (a normal stop would snapshot the new version's state for the next start), updated back
    expect(mutationsSince(t)).toEqual(['StopApplication', 'UpdateApplication']);
    expect(outcome.rollback?.cost?.forcedStop).toBe(true);
    const app = await viewApp(te, 'was-stopped');
    expect([app.status, app.runtime, app.fileKey]).toEqual(['READY', 'FLINK-1_20', OLD_KEY]);
    expect(outcome.message).toMatch(/left READY: the next start should restore snapshot \S+/);
  });

  it('post step: with rollback never, it records what was left behind', async () => {
    const scenario = await seedUpgradeScenario(te, { application: 'left', behaviour: { kind: 'healthy' } });
    await upgrade(te, scenario);
    const t = await markCalls(scenario.application);
    const outcome = await runPost(
      { application: 'left', phase: 'verify', previous: scenario.previous, snapshotName: 'pre-upgrade-left' },
      { rollback: 'never', rollbackTimeoutMs: 60_000, pollIntervalMs: 500 },
      withPlatform(makeDeps(te), 'left', 'rollback'),
    );
    expect(outcome.action).toBe('left-as-is');
    expect(outcome.message).toMatch(/left is RUNNING on application version 2, runtime FLINK-2_2/);
    expect(outcome.summary).toContain('RESTORE_FROM_CUSTOM_SNAPSHOT');
    expect(outcome.summary).toContain('"SnapshotName":"pre-upgrade-left"');
    expect(mutationsSince(t)).toEqual([]);
  });
});

/**
 * The emulator's clients with one attempt per call and no client-side rate limiter: each throttle reaches
 * the rollback's own retry, and the SDK waits nothing in real time (the action's clients retry six times
 * in adaptive mode, which would absorb the throttles in real-time backoff).
 */
function oneAttemptClients() {
  return {
    ...te.clients,
    msf: new KinesisAnalyticsV2Client({
      region: TEST_REGION,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
      retryMode: 'standard',
    }),
  };
}

describe('rollback under faults', () => {
  afterEach(() => {
    te.emulator.control.clearFaults();
  });

  /** An upgrade into a restart loop, then a fault on one MSF operation during the rollback. */
  async function upgradedThenFault(
    application: string,
    operation: string,
    kind: 'throttle' | 'access-denied',
    count: number,
  ): Promise<Scenario> {
    const scenario = await seedUpgradeScenario(te, { application, behaviour: { kind: 'restart-loop' } });
    await upgrade(te, scenario);
    te.emulator.control.injectFault({ service: 'kinesisanalyticsv2', operation, kind, count });
    return scenario;
  }
  function callsOf(operation: string): string[] {
    return te.emulator.control
      .calls()
      .filter((c) => c.service === 'kinesisanalyticsv2' && c.operation === operation)
      .map((c) => `${c.status}${c.errorCode ? ` ${c.errorCode}` : ''}`);
  }

  it('six throttles on RollbackApplication are retried within rollback-timeout, and the rollback is done', async () => {
    const scenario = await upgradedThenFault('throttled', 'RollbackApplication', 'throttle', 6);
    const deps = {
      ...makeDeps(te),
      clients: oneAttemptClients(),
    };
    const result = await rollBack(deps, request(scenario));
    expect(result.outcome, result.message).toBe('rolled-back');
    expect(result.path).toBe('rollback-application');
    const calls = callsOf('RollbackApplication');
    expect(calls.filter((c) => c.startsWith('400 Throttling'))).toHaveLength(6);
    expect(calls.at(-1)).toBe('200');
    expect(deps.log.text()).toMatch(
      /RollbackApplication of throttled: .*Throttling.* \(attempt 6\); trying again in/,
    );
    const app = await viewApp(te, scenario.application);
    expect([app.status, app.runtime, app.fileKey]).toEqual(['RUNNING', 'FLINK-1_20', OLD_KEY]);
  });

  it('a RollbackApplication still throttled when rollback-timeout runs out fails with the way out', async () => {
    const scenario = await upgradedThenFault('throttled-out', 'RollbackApplication', 'throttle', 10_000);
    const deps = {
      ...makeDeps(te),
      clients: oneAttemptClients(),
    };
    const started = te.clock.now();
    const result = await rollBack(deps, { ...request(scenario), deadline: started + 20_000 });
    expect(result.outcome).toBe('failed');
    expect(result.message).toMatch(
      /^Rollback of throttled-out failed: RollbackApplication was refused: Throttling/,
    );
    expect(result.manualSteps?.at(-1)).toContain('RESTORE_FROM_CUSTOM_SNAPSHOT');
    // it kept trying until the deadline, not a fixed number of times
    expect(te.clock.now() - started).toBeGreaterThanOrEqual(15_000);
    expect(callsOf('RollbackApplication').length).toBeGreaterThan(6);
  });

  it('a StopApplication whose answer is lost is waited for, not turned into a forced stop', async () => {
    const scenario = await seedUpgradeScenario(te, {
      application: 'lost-stop',
      behaviour: { kind: 'slow-checkpoints' },
    });
    expect((await upgrade(te, scenario)).status).toBe('SUCCESSFUL');
    await takeNamedSnapshot(te, scenario.application, 'scheduled-after-upgrade');
    te.emulator.control.injectFault({
      service: 'kinesisanalyticsv2',
      operation: 'StopApplication',
      kind: 'drop-response',
    });
    const deps = makeDeps(te);
    const result = await rollBack(deps, request(scenario));
    expect(result.outcome, result.message).toBe('rolled-back');
    expect(result.path).toBe('restore-named-snapshot');
    expect(result.cost?.forcedStop).toBe(false);
    expect(deps.log.text()).not.toMatch(/forcing the stop/);
    const stops = te.emulator.control
      .calls()
      .filter((c) => c.operation === 'StopApplication')
      .map((c) => c.status);
    expect(stops[0]).toBe(0);
    const app = await viewApp(te, scenario.application);
    expect([app.status, app.runtime, app.fileKey]).toEqual(['RUNNING', 'FLINK-1_20', OLD_KEY]);
  });

  it('a rollback that succeeded is not reported failed when following its operation hits errors', async () => {
    const scenario = await upgradedThenFault(
      'unfollowed',
      'DescribeApplicationOperation',
      'access-denied',
      1000,
    );
    const deps = makeDeps(te);
    const result = await rollBack(deps, request(scenario));
    expect(result.outcome, result.message).toBe('rolled-back');
    expect(result.message).toMatch(
      /following it hit an error \(AccessDeniedException: .*\), but the application was read again and runs the previous version/,
    );
    expect(result.manualSteps).toBeUndefined();
    expect(result.cost?.snapshot).toBe(result.restoredSnapshot);
    // no second change: the manual steps of a failure (force-stop, restart) were neither given nor run
    expect(callsOf('RollbackApplication')).toEqual(['200']);
    expect(callsOf('StopApplication')).toEqual([]);
    const app = await viewApp(te, scenario.application);
    expect([app.status, app.runtime, app.fileKey]).toEqual(['RUNNING', 'FLINK-1_20', OLD_KEY]);
  });

  it('a rollback refused outright names the best known rollback point, never "start without state"', async () => {
    const scenario = await upgradedThenFault('denied', 'RollbackApplication', 'access-denied', 1000);
    const updateTime = (emulatorApp(te, 'denied').snapshots as { name: string; system: boolean }[]).find(
      (s) => s.system,
    )!;
    const result = await rollBack(makeDeps(te), request(scenario));
    expect(result.outcome).toBe('failed');
    expect(result.rollbackPoint).toBe(updateTime.name);
    expect(result.message).toContain(`from snapshot ${updateTime.name} (taken `);
    expect(result.message).not.toContain('SKIP_RESTORE_FROM_SNAPSHOT');
    expect(result.manualSteps?.at(-1)).toContain(`"SnapshotName":"${updateTime.name}"`);
  });

  it('a rollback that fails before it can list snapshots still names the pre-upgrade snapshot', async () => {
    const scenario = await upgradedThenFault('early', 'ListApplicationSnapshots', 'access-denied', 1000);
    const t = await markCalls('early');
    const result = await rollBack(makeDeps(te), request(scenario));
    expect(result.outcome).toBe('failed');
    expect(result.message).toMatch(/^Rollback of early failed: AccessDeniedException/);
    expect(result.message).toContain('No changes were made');
    expect(result.message).not.toContain('SKIP_RESTORE_FROM_SNAPSHOT');
    expect(result.rollbackPoint).toBe('pre-upgrade-early');
    expect(result.manualSteps?.at(-1)).toContain('"SnapshotName":"pre-upgrade-early"');
    expect(mutationsSince(t)).toEqual([]);
  });
});
