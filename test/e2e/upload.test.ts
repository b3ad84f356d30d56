import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashFile, inspectArtifact } from '../../src/pipeline/artifact.js';
import { PART_SIZE, uploadArtifact } from '../../src/msf/upload.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

const BUCKET = 'upload-bucket';
let te: TestEmulator;
let dir: string;

beforeAll(async () => {
  te = await startTestEmulator();
  dir = await mkdtemp(path.join(tmpdir(), 'upload-test-'));
  await te.clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, bytes: Buffer): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, bytes);
  return p;
}

/** Random bytes behind a zip local file header: what the action takes for a JAR. */
const zipLike = (bytes: Buffer): Buffer => Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), bytes]);

const s3Calls = (operation: string): string[] =>
  te.emulator.control
    .calls()
    .filter((c) => c.service === 's3' && c.operation === operation)
    .map((c) => `${c.status}${c.errorCode ? ` ${c.errorCode}` : ''}`);

describe('hashFile', () => {
  it('gives the digests of the whole file across read buffers and an odd tail', async () => {
    const bytes = randomBytes(2 * 1024 * 1024 + 12_345);
    const d = await hashFile(await file('odd.bin', bytes));
    expect(d.size).toBe(bytes.length);
    expect(d.sha256Hex).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(d.md5Hex).toBe(createHash('md5').update(bytes).digest('hex'));
  });
});

describe('uploadArtifact', () => {
  it('sends parts read at their offsets with CRC32 checksums; the object is the file, its SHA-256 in metadata', async () => {
    const bytes = zipLike(randomBytes(2 * PART_SIZE + 777));
    const artifact = await inspectArtifact(await file('three-parts.jar', bytes), 'orders');
    const progress: string[] = [];
    const out = await uploadArtifact(
      { s3: te.clients.s3, application: 'orders', progress: (l) => progress.push(l) },
      artifact,
      BUCKET,
      'orders/three-parts.jar',
    );
    expect(out.skipped).toBe(false);
    expect(s3Calls('UploadPart')).toEqual(['200', '200', '200']);
    expect(progress.at(-1)).toMatch(/100% of \d+ bytes$/);
    const head = await te.clients.s3.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: 'orders/three-parts.jar', ChecksumMode: 'ENABLED' }),
    );
    expect(head.ChecksumCRC32).toMatch(/-3$/);
    expect(head.Metadata?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const body = await te.clients.s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'orders/three-parts.jar' }),
    );
    expect(Buffer.from(await body.Body!.transformToByteArray()).equals(bytes)).toBe(true);

    // the same file again: one HeadObject, no bytes
    const again = await uploadArtifact(
      { s3: te.clients.s3, application: 'orders', progress: () => undefined },
      artifact,
      BUCKET,
      'orders/three-parts.jar',
    );
    expect(again.skipped).toBe(true);
    expect(s3Calls('UploadPart')).toHaveLength(3);
  });

  it('a refused part aborts the multipart upload and names s3:PutObject', async () => {
    const artifact = await inspectArtifact(
      await file('refused.jar', zipLike(randomBytes(PART_SIZE + 1))),
      'orders',
    );
    te.emulator.control.injectFault({ service: 's3', operation: 'UploadPart', kind: 'access-denied' });
    await expect(
      uploadArtifact(
        { s3: te.clients.s3, application: 'orders', progress: () => undefined },
        artifact,
        BUCKET,
        'orders/refused.jar',
      ),
    ).rejects.toThrow(/s3:PutObject on s3:\/\/upload-bucket\/orders\/refused\.jar/);
    expect(s3Calls('AbortMultipartUpload')).toEqual(['204']);
    // the one completed upload is the previous test's
    expect(s3Calls('CompleteMultipartUpload')).toEqual(['200']);
  });
});
