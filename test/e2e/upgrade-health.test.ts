/**
 * The health gate and our rollback through the whole pipeline (runUpgrade): the real SDK over HTTP, the
 * emulator publishing metrics every second, one scaled clock for both.
 */
import { CreateApplicationSnapshotCommand } from '@aws-sdk/client-kinesis-analytics-v2';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobBehaviour, SeedApplication } from '../../emulator/types.js';
import type { GateCheck } from '../../src/health/contract.js';
import type { RunState } from '../../src/pipeline/run-state.js';
import { runPost } from '../../src/pipeline/post-run.js';
import { renderSummary } from '../../src/report/summary.js';
import { healthyJobJar } from '../support/jar-builder.js';
import { CURRENT_KEY, startHarness, type Harness } from './harness.js';
import { emulatorApp, makeDeps, viewApp, withPlatform } from './health-helpers.js';

const NEW_KEY = 'orders/v2/orders.jar';
/**
 * A bake long enough for the new job's first checkpoint: MSF's default checkpoint interval is 60 s, and
 * require-checkpoint is on.
 */
const BAKE = { 'bake-time': '65s', 'stabilisation-delay': '2s', 'metric-period': '1' } as const;

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

beforeEach(() => {
  h.emulator.control.reset();
});

/** `orders` RUNNING the old build on FLINK-1_20 with metric history; the new build behaves as given. */
async function seed(behaviour: JobBehaviour, app: Partial<SeedApplication> = {}): Promise<string> {
  await h.seedApp({ name: 'orders', runtime: 'FLINK-1_20', metricsHistorySeconds: 120, ...app });
  h.emulator.control.setJobBehaviour({ application: 'orders', fileKey: NEW_KEY, behaviour });
  return h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJobV2'));
}

function calls(operation: string) {
  return h.emulator.control
    .calls()
    .filter((c) => c.service === 'kinesisanalyticsv2' && c.operation === operation);
}

describe('health gate in the pipeline', () => {
  it('a healthy bake lets the release through: upgraded, verdict healthy in the report and the summary', async () => {
    const jar = await seed({ kind: 'healthy' });
    const { outputs, report } = await h.run({ 'application-name': 'orders', artifact: jar, ...BAKE });
    expect(outputs.result, report.reason).toBe('upgraded');
    expect(report.gate?.verdict).toBe('healthy');
    expect(report.gate!.endedAt - report.gate!.startedAt).toBeGreaterThanOrEqual(67_000);
    expect(outputs.reason).toMatch(/health gate healthy/);
    expect(report.phases.find((p) => p.phase === 'bake')?.outcome).toBe('ok');
    expect(calls('RollbackApplication')).toHaveLength(0);
    expect((await viewApp(h, 'orders')).fileKey).toBe(NEW_KEY);
    const md = renderSummary(report);
    expect(md).toContain('### Health gate: ✅ healthy');
    // real time: the 1m bake on a clock 20 times faster took a few seconds, not 1m
    const took = /\| Bake \(health gate\) \| (\d+(?:\.\d)?)(s|ms) \| ✅ ok \|/.exec(md);
    expect(took, md).not.toBeNull();
    expect(Number(took![1]) * (took![2] === 's' ? 1000 : 1)).toBeLessThan(30_000);
    expect(md).toContain('| Phase | Took (real time) | Outcome | Note |');
    expect(md.match(/```mermaid/g)?.length).toBeGreaterThanOrEqual(2);
    expect(md).not.toContain('### Rollback');
  });

  it.each<{ behaviour: JobBehaviour; check: GateCheck; reason: RegExp }>([
    {
      behaviour: { kind: 'failing-checkpoints' },
      check: 'failed-checkpoints',
      // decided by Flink's REST API through the dashboard (real time)
      reason: /health gate: \d+ checkpoints? failed in [\dms ]+ \(Flink REST; max-failed-checkpoints 0\)/,
    },
    {
      behaviour: { kind: 'slow-checkpoints', factor: 8 },
      check: 'slow-checkpoints',
      reason:
        /health gate: checkpoint \d+ took \d+ ms, [\d.]+× the baseline \d+ ms \(Flink REST; max-checkpoint-duration-ratio 3; the first checkpoint after the restore is not compared\)/,
    },
    {
      // Not proven healthy is not healthy: a release the gate cannot see is rolled back with rollback: auto.
      behaviour: { kind: 'no-metrics' },
      check: 'no-metrics',
      reason: /health gate: no metrics: no datapoints of fullRestarts/,
    },
  ])('$behaviour.kind → rolled back, check $check', async ({ behaviour, check, reason }) => {
    // checkpoints every 5 s: the bake sees several (MSF's default 60 s would be too rare for a 65 s bake)
    const jar = await seed(behaviour, { checkpointIntervalSeconds: 5 });
    const { outputs, report } = await h.run({ 'application-name': 'orders', artifact: jar, ...BAKE });
    expect(report.operation?.status).toBe('SUCCESSFUL');
    expect(report.gate?.verdict).toBe('unhealthy');
    expect(report.gate?.check).toBe(check);
    expect(outputs.result, report.reason).toBe('rolled-back');
    expect(outputs.reason).toMatch(reason);
    expect(outputs.reason).toMatch(/; rolled back: orders is RUNNING on FLINK-1_20 with the previous code/);
    expect(outputs['rollback-operation-id']).toMatch(/\S/);
    expect(outputs['rollback-operation-id']).toBe(report.rollback?.operationId);
    expect(calls('RollbackApplication')).toHaveLength(1);
    expect(report.phases.find((p) => p.phase === 'bake')?.outcome).toBe('failed');
    const app = await viewApp(h, 'orders');
    expect([app.status, app.runtime, app.fileKey]).toEqual(['RUNNING', 'FLINK-1_20', CURRENT_KEY]);
  });

  it('a run deadline that cuts the bake short is not a pass: check deadline, rolled back', async () => {
    const jar = await seed({ kind: 'healthy' });
    const { outputs, report } = await h.run({
      'application-name': 'orders',
      artifact: jar,
      ...BAKE,
      'bake-time': '17s',
      'stabilisation-delay': '1s',
      timeout: '20s',
    });
    expect(report.gate?.check, report.gate?.reason).toBe('deadline');
    expect(outputs.result, report.reason).toBe('rolled-back');
    expect(outputs.reason).toMatch(/^health gate: the run deadline cut the bake short after \d+s of 18s/);
    expect(report.rollback?.outcome).toBe('rolled-back');
  });
});

describe('rollback after the gate trips', () => {
  it('takes the named-snapshot path when a snapshot of the new runtime was taken during the bake, and reports it', async () => {
    const jar = await seed({ kind: 'restart-loop', afterSeconds: 5 });
    let scheduled: Promise<unknown> | undefined;
    const { outputs, report } = await h.run(
      {
        'application-name': 'orders',
        artifact: jar,
        ...BAKE,
        runtime: 'FLINK-2_2',
        'allow-major-upgrade': 'true',
        'allow-non-restored-state': 'true',
      },
      {
        onState: (s) => {
          // a scheduled snapshot of the new version, taken while the gate watches
          if (s.phase === 'bake' && !scheduled) {
            scheduled = h.clients.msf.send(
              new CreateApplicationSnapshotCommand({
                ApplicationName: 'orders',
                SnapshotName: 'scheduled-after-upgrade',
              }),
            );
          }
        },
      },
    );
    await scheduled;
    expect(report.gate?.check).toBe('restarts');
    expect(outputs.result, report.reason).toBe('rolled-back');
    const rb = report.rollback!;
    expect(rb.path).toBe('restore-named-snapshot');
    expect(rb.decision).toMatch(
      /newest READY snapshot scheduled-after-upgrade \(FLINK-2_2.*\) was taken on FLINK-2_2, and the previous version runs FLINK-1_20/,
    );
    // the rollback point: MSF's snapshot of version 1 taken at the update, newer than pre-upgrade-test
    const emu = emulatorApp(h, 'orders');
    const updateTime = emu.snapshots.find(
      (x: { system: boolean; versionId: number }) => x.system && x.versionId === 1,
    );
    expect(updateTime).toMatchObject({ runtime: 'FLINK-1_20', status: 'READY' });
    expect(rb.restoredSnapshot).toBe(updateTime.name);
    expect(outputs['rollback-snapshot']).toBe(updateTime.name);
    expect(calls('RollbackApplication')).toHaveLength(0);
    expect(outputs['rollback-operation-id']).toBe(rb.operationId);

    const current = emu.versions.find((v: { versionId: number }) => v.versionId === emu.versionId);
    expect(current).toMatchObject({
      runtime: 'FLINK-1_20',
      fileKey: CURRENT_KEY,
      restore: { ApplicationRestoreType: 'RESTORE_FROM_CUSTOM_SNAPSHOT', SnapshotName: updateTime.name },
      // allow-non-restored-state is passed on to the start from the named snapshot
      allowNonRestoredState: true,
    });
    expect(emu.status).toBe('RUNNING');

    const md = renderSummary(report);
    expect(md).toMatch(/^## ↩️ rolled back: `orders`\n\nhealth gate: the new job restarted \d+ times?/);
    expect(md).toMatch(
      /\| Bake \(health gate\) \| \d+(\.\d)?m?s \| ❌ failed \| unhealthy: the new job restarted/,
    );
    expect(md).toMatch(/\| Rollback \| \d+(\.\d)?m?s \| ✅ ok \| rolled-back \(restore-named-snapshot\)/);
    expect(md).toContain('### Rollback: ↩️ rolled back');
    expect(md).toContain(
      '- Path: `restore-named-snapshot` (stop, update back, start from the rollback point)\n',
    );
    // the restored snapshot and why, right under the pre-upgrade one
    expect(md).toContain(`- Rollback restored \`${updateTime.name}\``);
    expect(md).toContain(`- Rewind: ${rb.cost?.rewindSeconds}s`);
  });

  it('no snapshot to return to: failed, naming the state it is in and the commands to finish by hand', async () => {
    // snapshots off: no pre-upgrade snapshot, and RollbackApplication has nothing to restore
    const jar = await seed({ kind: 'restart-loop', afterSeconds: 3 }, { snapshotsEnabled: false });
    const { outputs, report } = await h.run({
      'application-name': 'orders',
      artifact: jar,
      ...BAKE,
      restore: 'none',
    });
    expect(report.gate?.check).toBe('restarts');
    expect(outputs.result).toBe('failed');
    expect(report.rollback?.outcome).toBe('failed');
    expect(report.rollback?.path).toBe('none');
    expect(outputs.reason).toMatch(
      /^health gate: the new job restarted .*; rollback failed: Rollback of orders failed: no safe way back: there is no READY snapshot/,
    );
    expect(outputs.reason).toContain(
      'orders is RUNNING on application version 2, runtime FLINK-1_20, code s3://flink-artifacts/orders/v2/orders.jar',
    );
    expect(outputs.reason).toMatch(
      /No snapshot of the previous version is available: .* without state, run the commands in the job summary$/,
    );
    expect(outputs.reason).not.toContain('\n');
    expect(['UpdateApplication', 'StopApplication', 'StartApplication'].map((o) => calls(o).length)).toEqual([
      1, 0, 0,
    ]);

    const md = renderSummary(report);
    expect(md).toContain('### Rollback: ❌ failed');
    const block = /```sh\n([\s\S]*?)\n```/.exec(md)?.[1]?.split('\n');
    expect(block).toEqual(report.rollback?.manualSteps);
    expect(block?.[0]).toBe('aws kinesisanalyticsv2 stop-application --application-name orders --force');
    expect(block?.[2]).toContain('SKIP_RESTORE_FROM_SNAPSHOT');
  });

  it('the previous version fails to restore: failed, naming the state it is in and the snapshot to restore from', async () => {
    const jar = await seed({ kind: 'restart-loop', afterSeconds: 3 });
    // from now on the old build cannot restore its state either (RollbackApplication restarts it)
    h.emulator.control.setJobBehaviour({
      application: 'orders',
      fileKey: CURRENT_KEY,
      behaviour: { kind: 'restore-failure' },
    });
    const { outputs, report } = await h.run({ 'application-name': 'orders', artifact: jar, ...BAKE });
    expect(report.gate?.check).toBe('restarts');
    expect(outputs.result).toBe('failed');
    expect(report.rollback).toMatchObject({ outcome: 'failed', path: 'rollback-application' });
    expect(outputs.reason).toMatch(
      /; rollback failed: Rollback of orders failed: the RollbackApplication operation \S+ ended FAILED: .*Failed to restore state from snapshot/,
    );
    const state = `orders is ${report.rollback?.applicationStatus} on application version ${report.rollback?.versionId}, runtime FLINK-1_20`;
    expect(outputs.reason).toContain(state);
    const updateTime = emulatorApp(h, 'orders').snapshots.find(
      (x: { system: boolean; versionId: number }) => x.system && x.versionId === 1,
    );
    expect(report.rollback?.rollbackPoint).toBe(updateTime.name);
    expect(outputs.reason).toContain(
      `To return it to version 1, runtime FLINK-1_20, code s3://flink-artifacts/orders/v1/orders.jar from snapshot ${updateTime.name} (taken `,
    );
    expect(outputs.reason).toMatch(/, the best known rollback point, run the commands in the job summary$/);
    expect(outputs['rollback-operation-id']).toBe(report.rollback?.operationId);

    const md = renderSummary(report);
    const block = /```sh\n([\s\S]*?)\n```/.exec(md)?.[1]?.split('\n');
    expect(block).toEqual(report.rollback?.manualSteps);
    expect(block?.at(-1)).toBe(
      `aws kinesisanalyticsv2 start-application --application-name orders --run-configuration '{"ApplicationRestoreConfiguration":{"ApplicationRestoreType":"RESTORE_FROM_CUSTOM_SNAPSHOT","SnapshotName":"${updateTime.name}"}}'`,
    );
  });

  it('cancelled mid-bake: no result in the saved state, and the post step rolls back', async () => {
    const jar = await seed({ kind: 'healthy' });
    const controller = new AbortController();
    let cancelling: Promise<void> | undefined;
    const { outputs, report, states } = await h.run(
      { 'application-name': 'orders', artifact: jar, ...BAKE },
      {
        signal: controller.signal,
        onState: (s) => {
          if (s.phase === 'bake' && !cancelling) {
            cancelling = h.clock.sleep(5_000).then(() => controller.abort(new Error('cancelled by SIGTERM')));
          }
        },
      },
    );
    await cancelling;
    expect(report.gate).toBeUndefined();
    expect(outputs.result).toBe('failed');
    expect(outputs.reason).toMatch(
      /^cancelled during bake: cancelled while waiting for the health gate of orders/,
    );
    expect(outputs.reason).not.toContain('may still be running');
    expect(report.phases.at(-1)).toMatchObject({ phase: 'bake', outcome: 'failed' });
    const saved: RunState = states.at(-1)!;
    expect(saved.result).toBeUndefined();
    expect(saved).toMatchObject({ phase: 'bake', snapshotName: 'pre-upgrade-test' });
    expect(saved.previous?.fileKey).toBe(CURRENT_KEY);
    expect(saved.target?.fileKey).toBe(NEW_KEY);
    expect(calls('RollbackApplication')).toHaveLength(0);

    // the post step, after the main step ended: a new process with the saved state
    const post = await runPost(
      JSON.parse(JSON.stringify(saved)) as RunState,
      {
        rollback: 'auto',
        rollbackTimeoutMs: 10 * 60_000,
        pollIntervalMs: 1_000,
        allowNonRestoredState: false,
      },
      withPlatform(makeDeps(h), saved.application, 'rollback'),
    );
    expect(post.action, post.message).toBe('rolled-back');
    expect(post.rollback?.operationId).toMatch(/\S/);
    expect(calls('RollbackApplication')).toHaveLength(1);
    expect(post.summary).toMatch(/^### Cancelled: orders rolled back/);
    const app = await viewApp(h, 'orders');
    expect([app.status, app.runtime, app.fileKey]).toEqual(['RUNNING', 'FLINK-1_20', CURRENT_KEY]);
  });
});
