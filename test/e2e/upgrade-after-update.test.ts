/**
 * After the update went out, an error that stops the follow or the bake must not abandon the run: it
 * rolls back (`rollback: auto`), or says the new version is live and how to undo it, and the saved state
 * hands the application to the post step. And messages that must say what happened: a 403 to
 * HeadObject, no doubled full stops, the post step naming the operation of the phase it stopped in.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/log.js';
import { createMsfTarget } from '../../src/platforms.js';
import { runPost, type PostDeps } from '../../src/pipeline/post-run.js';
import { healthyJobJar } from '../support/jar-builder.js';
import { BUCKET, CURRENT_KEY, startHarness, type Harness } from './harness.js';

const APP = 'orders';

function postDeps(h: Harness): PostDeps {
  const signal = new AbortController().signal;
  return {
    clients: h.clients,
    clock: h.clock,
    log: new MemoryLogger(),
    signal,
    platform: createMsfTarget({ clients: h.clients, application: APP, signal, phase: 'rollback' }),
  };
}
let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  await h.seedApp({ name: APP }, { versioning: true });
});
afterEach(async () => {
  await h.stop();
});

/** Denies the next DescribeApplicationOperation once the update has gone out. */
function denyFollowOnceUpdated(): (s: { operationId?: string }) => void {
  let injected = false;
  return (s) => {
    if (s.operationId && !injected) {
      injected = true;
      h.emulator.control.injectFault({
        service: 'kinesisanalyticsv2',
        operation: 'DescribeApplicationOperation',
        kind: 'access-denied',
      });
    }
  };
}

function app() {
  const apps = (h.emulator.control.describe().applications as { applications: any[] }).applications;
  return apps.find((a) => a.name === APP);
}

describe('an error after the update went out', () => {
  it('AccessDenied while following the operation: rolled back, not abandoned', async () => {
    const artifact = await h.writeJar('orders.jar', await healthyJobJar(11));
    const { report, states, log } = await h.run(
      { 'application-name': APP, artifact, runtime: 'FLINK-1_20' },
      { onState: denyFollowOnceUpdated() },
    );

    expect(report.result, log.text()).toBe('rolled-back');
    expect(report.reason).toMatch(/AccessDenied|not authorized|access/i);
    expect(report.reason).toMatch(/after the update went out/);
    expect(h.mutatingCalls().filter((c) => c.endsWith(':UpdateApplication'))).toHaveLength(1);
    expect(app()).toMatchObject({ status: 'RUNNING', fileKey: CURRENT_KEY });
    expect(states.at(-1)).toMatchObject({ result: 'rolled-back' });
  });

  it('with rollback: never, the result says the new version is live and how to undo it; the post step repeats it', async () => {
    const artifact = await h.writeJar('orders.jar', await healthyJobJar(11));
    const { report, states, log } = await h.run(
      { 'application-name': APP, artifact, runtime: 'FLINK-1_20', rollback: 'never' },
      { onState: denyFollowOnceUpdated() },
    );

    expect(report.result, log.text()).toBe('failed');
    expect(report.reason).toMatch(/left as it is/);
    expect(report.reason).toMatch(
      /(UPDATING|RUNNING) on application version 2.*; to return it to version 1,.*from snapshot pre-upgrade-test/,
    );
    expect(report.warnings.join('\n')).toMatch(/to undo: aws kinesisanalyticsv2 update-application/);
    expect(report.warnings.join('\n')).toMatch(/RESTORE_FROM_CUSTOM_SNAPSHOT.*pre-upgrade-test/);
    expect(app()).toMatchObject({ fileKey: 'orders/v2/orders.jar' });
    // The saved state does not say "finished": the post step sees the application left on the new version.
    const saved = states.at(-1)!;
    expect(saved.result).toBeUndefined();
    expect(saved.unresolved).toMatch(/after the update went out/);

    const post = await runPost(
      saved,
      { rollback: 'never', rollbackTimeoutMs: 60_000, pollIntervalMs: 1_000 },
      postDeps(h),
    );
    expect(post.action).toBe('left-as-is');
    expect(post.summary).toMatch(/update-application/);
  });

  it('AccessDenied on every metric read during the bake: rolled back, never green', async () => {
    const artifact = await h.writeJar('orders.jar', await healthyJobJar(11));
    let injected = false;
    const { report, log } = await h.run(
      { 'application-name': APP, artifact, runtime: 'FLINK-1_20', 'bake-time': '2m' },
      {
        onState: (s) => {
          if (s.phase === 'bake' && !injected) {
            injected = true;
            h.emulator.control.injectFault({ service: 'cloudwatch', kind: 'access-denied', count: 1000 });
          }
        },
      },
    );

    expect(injected).toBe(true);
    expect(report.result, log.text()).toBe('rolled-back');
    expect(app()).toMatchObject({ status: 'RUNNING', fileKey: CURRENT_KEY });
  });
});

describe('messages', () => {
  it('a 403 on HeadObject is reported as access denied at HeadObject, with the fix', async () => {
    h.emulator.control.injectFault({
      service: 's3',
      operation: 'HeadObject',
      kind: 'access-denied',
      count: 10,
    });

    const { report } = await h.run({ 'application-name': APP, key: CURRENT_KEY, bucket: BUCKET });

    expect(report.result).toBe('failed');
    expect(report.reason).toMatch(
      /^preflight of orders failed at HeadObject: AccessDenied \(HTTP 403 Forbidden\)\. Fix: the role needs s3:GetObject on the key and s3:ListBucket on the bucket on s3:\/\/flink-artifacts\/orders\/v1\/orders\.jar/,
    );
    expect(report.reason).not.toMatch(/failed at GetObject|UnknownError/);
    expect(report.reason).not.toMatch(/\.\./);
    expect(h.mutatingCalls()).toEqual([]);
  });

  it('no doubled full stops when an AWS message ends with one', async () => {
    h.emulator.control.injectFault({
      service: 'kinesisanalyticsv2',
      operation: 'DescribeApplication',
      kind: 'access-denied',
    });

    const { report } = await h.run({ 'application-name': APP, key: CURRENT_KEY, bucket: BUCKET });

    expect(report.result).toBe('failed');
    expect(report.reason).toMatch(/failed at DescribeApplication: AccessDeniedException: .*[^.]\. Fix: /);
    expect(report.reason).not.toMatch(/\.\./);
  });

  it('the post step names the rollback operation during the rollback phase, not the update', async () => {
    const post = await runPost(
      {
        application: APP,
        phase: 'rollback',
        operationId: 'update-op-1',
        rollbackOperationId: 'rollback-op-2',
        previous: { versionId: 1, runtime: 'FLINK-1_20', fileKey: CURRENT_KEY },
      },
      { rollback: 'never', rollbackTimeoutMs: 60_000, pollIntervalMs: 1_000 },
      postDeps(h),
    );

    expect(post.message).toContain('during the rollback phase (rollback operation rollback-op-2)');
    expect(post.message).not.toContain('update-op-1');
  });
});
