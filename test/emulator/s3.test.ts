/**
 * S3 fidelity with the real SDK. The shared suite runs against the emulator and against moto_server (a
 * third-party stand-in), so both must give the same answers to the same assertions.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { describeOnMoto, startTestEmulator, TEST_CREDENTIALS, TEST_REGION } from '../support/emulator.js';

const MiB = 1024 * 1024;

function md5(b: Buffer): string {
  return createHash('md5').update(b).digest('hex');
}

function crc32Base64(b: Buffer): string {
  const v = crc32(b);
  const out = Buffer.alloc(4);
  out.writeUInt32BE(v >>> 0);
  return out.toString('base64');
}

async function bytes(body: unknown): Promise<Buffer> {
  const b = body as { transformToByteArray(): Promise<Uint8Array> };
  return Buffer.from(await b.transformToByteArray());
}

function s3ClientFor(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    forcePathStyle: true,
    maxAttempts: 2,
  });
}

let bucketCounter = 0;
function bucketName(): string {
  bucketCounter += 1;
  return `fidelity-${Date.now().toString(36)}-${bucketCounter}`;
}

/** The assertions both targets must pass. */
function s3Suite(endpoint: () => string): void {
  let s3: S3Client;
  beforeAll(() => {
    s3 = s3ClientFor(endpoint());
  });
  afterAll(() => s3.destroy());

  it('PutObject with a stream body and default checksums stores identical bytes', async () => {
    const bucket = bucketName();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const data = randomBytes(MiB + 123);
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'jobs/app.jar',
        Body: Readable.from([data.subarray(0, 70_000), data.subarray(70_000)]),
        ContentLength: data.length,
      }),
    );
    expect(put.ETag).toBe(`"${md5(data)}"`);
    expect(put.ChecksumCRC32).toBe(crc32Base64(data));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'jobs/app.jar' }));
    const back = await bytes(got.Body);
    expect(back.length).toBe(data.length);
    expect(back.equals(data)).toBe(true);
  });

  it('lib-storage Upload of 20 MiB in 5 MiB parts gives a multipart ETag and identical bytes', async () => {
    const bucket = bucketName();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const data = randomBytes(20 * MiB);
    const upload = new Upload({
      client: s3,
      params: { Bucket: bucket, Key: 'big.jar', Body: data },
      partSize: 5 * MiB,
      queueSize: 2,
    });
    const done = await upload.done();
    const partMd5s = [0, 1, 2, 3].map((i) =>
      createHash('md5')
        .update(data.subarray(i * 5 * MiB, (i + 1) * 5 * MiB))
        .digest(),
    );
    const expected = `"${createHash('md5').update(Buffer.concat(partMd5s)).digest('hex')}-4"`;
    expect(done.ETag).toBe(expected);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big.jar' }));
    expect(head.ETag).toBe(expected);
    expect(head.ContentLength).toBe(data.length);
    const back = await bytes((await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.jar' }))).Body);
    expect(back.equals(data)).toBe(true);
  });

  it('a multipart part below 5 MiB that is not the last is EntityTooSmall', async () => {
    const bucket = bucketName();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'small.jar' }),
    );
    const p1 = await s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: 'small.jar',
        UploadId,
        PartNumber: 1,
        Body: Buffer.alloc(1024, 1),
      }),
    );
    const p2 = await s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: 'small.jar',
        UploadId,
        PartNumber: 2,
        Body: Buffer.alloc(1024, 2),
      }),
    );
    await expect(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: 'small.jar',
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: p1.ETag },
              { PartNumber: 2, ETag: p2.ETag },
            ],
          },
        }),
      ),
    ).rejects.toMatchObject({ name: 'EntityTooSmall' });
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'small.jar', UploadId }));
  });

  it('CompleteMultipartUpload with an unknown part ETag is InvalidPart', async () => {
    const bucket = bucketName();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'p.jar' }));
    await s3.send(
      new UploadPartCommand({ Bucket: bucket, Key: 'p.jar', UploadId, PartNumber: 1, Body: 'x' }),
    );
    await expect(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: 'p.jar',
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: `"${md5(Buffer.from('y'))}"` }] },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPart', $metadata: { httpStatusCode: 400 } });
  });

  it('versioning: VersionIds per put, GET by version, ListObjectVersions, delete markers', async () => {
    const bucket = bucketName();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBeUndefined();
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled');
    const v1 = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'app.jar', Body: 'version one' }));
    const v2 = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'app.jar', Body: 'version two' }));
    expect(v1.VersionId).toBeTruthy();
    expect(v2.VersionId).toBeTruthy();
    expect(v1.VersionId).not.toBe(v2.VersionId);
    const old = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'app.jar', VersionId: v1.VersionId }),
    );
    expect(old.VersionId).toBe(v1.VersionId);
    expect((await bytes(old.Body)).toString()).toBe('version one');
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'app.jar', VersionId: v1.VersionId }),
    );
    expect(head.VersionId).toBe(v1.VersionId);
    expect(head.ContentLength).toBe('version one'.length);
    const latest = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'app.jar' }));
    expect(latest.VersionId).toBe(v2.VersionId);
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: 'app' }));
    expect(versions.Versions?.map((v) => [v.VersionId, v.IsLatest])).toEqual([
      [v2.VersionId, true],
      [v1.VersionId, false],
    ]);
    const del = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'app.jar' }));
    expect(del.DeleteMarker).toBe(true);
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'app.jar' }))).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
    const stillThere = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'app.jar', VersionId: v2.VersionId }),
    );
    expect((await bytes(stillThere.Body)).toString()).toBe('version two');
    const after = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(after.DeleteMarkers?.length).toBe(1);
    expect(after.DeleteMarkers?.[0]?.IsLatest).toBe(true);
  });

  it('HeadObject returns ETag, length, Last-Modified and the stored checksum when asked', async () => {
    const bucket = bucketName();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const data = Buffer.from('hello, flink');
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'a/b c.txt',
        Body: data,
        ChecksumAlgorithm: 'CRC32',
        ContentType: 'text/plain',
      }),
    );
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'a/b c.txt', ChecksumMode: 'ENABLED' }),
    );
    expect(head.ETag).toBe(`"${md5(data)}"`);
    expect(head.ContentLength).toBe(data.length);
    expect(head.ContentType).toBe('text/plain');
    expect(head.LastModified).toBeInstanceOf(Date);
    expect(Math.abs(head.LastModified!.getTime() - Date.now())).toBeLessThan(120_000);
    expect(head.ChecksumCRC32).toBe(crc32Base64(data));
    expect((await s3.send(new HeadBucketCommand({ Bucket: bucket }))).$metadata.httpStatusCode).toBe(200);
  });

  it('ListObjectsV2 filters by prefix, pages with max-keys and continuation, groups by delimiter', async () => {
    const bucket = bucketName();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const keys = ['jars/a.jar', 'jars/b.jar', 'jars/c.jar', 'jars/old/d.jar', 'other.txt'];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }));
    const page1 = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'jars/', MaxKeys: 2 }));
    expect(page1.Contents?.map((c) => c.Key)).toEqual(['jars/a.jar', 'jars/b.jar']);
    expect(page1.IsTruncated).toBe(true);
    expect(page1.KeyCount).toBe(2);
    const page2 = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: 'jars/',
        MaxKeys: 2,
        ContinuationToken: page1.NextContinuationToken,
      }),
    );
    expect(page2.Contents?.map((c) => c.Key)).toEqual(['jars/c.jar', 'jars/old/d.jar']);
    expect(page2.IsTruncated).toBe(false);
    expect(page2.Contents?.[0]?.Size).toBe('jars/c.jar'.length);
    const grouped = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'jars/', Delimiter: '/' }),
    );
    expect(grouped.Contents?.map((c) => c.Key)).toEqual(['jars/a.jar', 'jars/b.jar', 'jars/c.jar']);
    expect(grouped.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['jars/old/']);
  });

  it('errors: NoSuchKey, NoSuchBucket, HEAD of a missing key is NotFound; re-creating an owned bucket', async () => {
    const bucket = bucketName();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'missing.jar' }))).rejects.toMatchObject(
      {
        name: 'NoSuchKey',
        $metadata: { httpStatusCode: 404 },
      },
    );
    await expect(s3.send(new GetObjectCommand({ Bucket: `${bucket}-nope`, Key: 'x' }))).rejects.toMatchObject(
      { name: 'NoSuchBucket' },
    );
    await expect(
      s3.send(new PutObjectCommand({ Bucket: `${bucket}-nope`, Key: 'x', Body: 'x' })),
    ).rejects.toMatchObject({
      name: 'NoSuchBucket',
    });
    await expect(
      s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'missing.jar' })),
    ).rejects.toMatchObject({
      name: 'NotFound',
      $metadata: { httpStatusCode: 404 },
    });
    // us-east-1 keeps its legacy answer: creating a bucket you already own succeeds (other regions:
    // BucketAlreadyOwnedByYou).
    expect((await s3.send(new CreateBucketCommand({ Bucket: bucket }))).$metadata.httpStatusCode).toBe(200);
  });
}

describe('S3 on the emulator', () => {
  let url = '';
  beforeAll(async () => {
    const { emulator } = await startTestEmulator();
    url = emulator.url;
  });
  s3Suite(() => url);

  // Where moto_server is not faithful to S3 (it does not check Content-MD5, and answers UploadPart on an
  // aborted upload with a malformed body), the emulator alone is checked.
  it('a wrong Content-MD5 is BadDigest and stores nothing', async () => {
    const s3 = s3ClientFor(url);
    const bucket = bucketName();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await expect(
      s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'x.jar',
          Body: 'abc',
          ContentMD5: createHash('md5').update('abd').digest('base64'),
        }),
      ),
    ).rejects.toMatchObject({ name: 'BadDigest' });
    await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'x.jar' }))).rejects.toMatchObject({
      name: 'NotFound',
    });
    s3.destroy();
  });

  it('an aborted multipart upload is gone: UploadPart is NoSuchUpload', async () => {
    const s3 = s3ClientFor(url);
    const bucket = bucketName();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'k' }));
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'k', UploadId }));
    await expect(
      s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'k', UploadId, PartNumber: 1, Body: 'x' })),
    ).rejects.toMatchObject({
      name: 'NoSuchUpload',
      $metadata: { httpStatusCode: 404 },
    });
    s3.destroy();
  });

  it('decodes signed aws-chunked bodies, verifies the trailing checksum and the decoded length', async () => {
    const s3 = s3ClientFor(url);
    const bucket = bucketName();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const data = Buffer.from('hello world, chunked');
    const frame = (crc: string): Buffer =>
      Buffer.concat([
        Buffer.from('a;chunk-signature=0123\r\n'),
        data.subarray(0, 10),
        Buffer.from('\r\na;chunk-signature=4567\r\n'),
        data.subarray(10),
        Buffer.from(
          `\r\n0;chunk-signature=89ab\r\nx-amz-checksum-crc32:${crc}\r\nx-amz-trailer-signature:cdef\r\n\r\n`,
        ),
      ]);
    const put = (body: Buffer, decodedLength: number): Promise<Response> =>
      fetch(`${url}/${bucket}/chunked.bin`, {
        method: 'PUT',
        body,
        headers: {
          'content-encoding': 'aws-chunked',
          'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
          'x-amz-decoded-content-length': String(decodedLength),
          'x-amz-trailer': 'x-amz-checksum-crc32',
        },
      });
    const ok = await put(frame(crc32Base64(data)), data.length);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-amz-checksum-crc32')).toBe(crc32Base64(data));
    const back = await bytes(
      (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'chunked.bin' }))).Body,
    );
    expect(back.equals(data)).toBe(true);
    const badSum = await put(frame(crc32Base64(Buffer.from('other'))), data.length);
    expect(badSum.status).toBe(400);
    expect(await badSum.text()).toContain('<Code>BadDigest</Code>');
    const badLength = await put(frame(crc32Base64(data)), data.length + 1);
    expect(badLength.status).toBe(400);
    expect(await badLength.text()).toContain('<Code>IncompleteBody</Code>');
    s3.destroy();
  });

  it('an invalid enum value in a header is InvalidArgument (validated against the model)', async () => {
    const s3 = s3ClientFor(url);
    const bucket = bucketName();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await expect(
      s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x', StorageClass: 'CHEAPEST' as never }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidArgument', $metadata: { httpStatusCode: 400 } });
    s3.destroy();
  });

  it('the action client factory (createClients) talks path-style to the emulator via AWS_ENDPOINT_URL', async () => {
    const { createClients } = await import('../../src/aws/clients.js');
    const clients = createClients({ credentials: TEST_CREDENTIALS });
    const bucket = bucketName();
    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v' }));
    const got = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k', Range: 'bytes=0-0' }));
    expect((await bytes(got.Body)).toString()).toBe('v');
    expect(got.ContentRange).toBe('bytes 0-0/1');
    clients.s3.destroy();
  });
});

describeOnMoto('S3', s3Suite);
