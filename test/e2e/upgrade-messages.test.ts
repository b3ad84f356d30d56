/**
 * Messages that must say what happened: a 403 to HeadObject, no doubled full stops, the post step naming
 * the operation of the phase it stopped in.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/log.js';
import { runPost } from '../../src/rollback/post-run.js';
import { BUCKET, CURRENT_KEY, startHarness, type Harness } from './harness.js';

const APP = 'orders';
let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  await h.seedApp({ name: APP }, { versioning: true });
});
afterEach(async () => {
  await h.stop();
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
      { clients: h.clients, clock: h.clock, log: new MemoryLogger(), signal: new AbortController().signal },
    );

    expect(post.message).toContain('during the rollback phase (rollback operation rollback-op-2)');
    expect(post.message).not.toContain('update-op-1');
  });
});
