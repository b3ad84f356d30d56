/**
 * A local file to S3 with bounded memory: parts are read at their offsets straight into a fixed set of
 * buffers (one per part in flight, reused), each sent with a CRC32 checksum S3 verifies. A file of one
 * part is a single PutObject. On failure or abort the multipart upload is aborted, leaving no parts. A
 * CompleteMultipartUpload whose answer was lost is retried by the SDK and finds the upload gone: the
 * object, when it is this build, is the answer.
 *
 * (Not lib-storage's `Upload`: it reads a stream, joins the chunks of every part into a new buffer and
 * leaves the rest to the garbage collector, which held up to three times the parts in memory.)
 */
import { open, type FileHandle } from 'node:fs/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type HeadObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';

export interface MultipartOptions {
  s3: S3Client;
  bucket: string;
  key: string;
  file: string;
  size: number;
  contentType: string;
  metadata: Record<string, string>;
  partSize: number;
  /** parts in flight, each with its own buffer */
  concurrency: number;
  signal?: AbortSignal;
  /** called after each part (and once for a single PutObject) with the bytes sent so far */
  onProgress?: (sent: number) => void;
}

export interface MultipartResult {
  versionId?: string;
  parts: number;
}

/** Reads exactly `length` bytes at `position` into the start of `buffer`. */
async function readAt(handle: FileHandle, buffer: Buffer, length: number, position: number): Promise<Buffer> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0)
      throw new Error(`the file ended at byte ${position + done}, expected ${length} more`);
    done += bytesRead;
  }
  return buffer.subarray(0, length);
}

/** The object is what this upload sends: its size and every metadata entry (e.g. the SHA-256). */
export function isThisUpload(
  head: Pick<HeadObjectCommandOutput, 'ContentLength' | 'Metadata'>,
  o: Pick<MultipartOptions, 'size' | 'metadata'>,
): boolean {
  return (
    head.ContentLength === o.size &&
    Object.entries(o.metadata).every(([k, v]) => head.Metadata?.[k.toLowerCase()] === v)
  );
}

export async function uploadFile(o: MultipartOptions): Promise<MultipartResult> {
  const send = { ...(o.signal ? { abortSignal: o.signal } : {}) };
  const handle = await open(o.file, 'r');
  try {
    if (o.size <= o.partSize) {
      const body = await readAt(handle, Buffer.allocUnsafe(o.size), o.size, 0);
      const out = await o.s3.send(
        new PutObjectCommand({
          Bucket: o.bucket,
          Key: o.key,
          Body: body,
          ContentLength: o.size,
          ContentType: o.contentType,
          ChecksumAlgorithm: 'CRC32',
          Metadata: o.metadata,
        }),
        send,
      );
      o.onProgress?.(o.size);
      return { ...(out.VersionId ? { versionId: out.VersionId } : {}), parts: 1 };
    }
    const created = await o.s3.send(
      new CreateMultipartUploadCommand({
        Bucket: o.bucket,
        Key: o.key,
        ContentType: o.contentType,
        ChecksumAlgorithm: 'CRC32',
        Metadata: o.metadata,
      }),
      send,
    );
    const uploadId = created.UploadId;
    if (!uploadId) throw new Error('CreateMultipartUpload returned no UploadId');
    const count = Math.ceil(o.size / o.partSize);
    const parts: CompletedPart[] = new Array<CompletedPart>(count);
    let next = 0;
    let sent = 0;
    let failed = false;
    const worker = async (): Promise<void> => {
      const buffer = Buffer.allocUnsafe(o.partSize);
      while (!failed && next < count) {
        const index = next++;
        const position = index * o.partSize;
        const body = await readAt(handle, buffer, Math.min(o.partSize, o.size - position), position);
        const out = await o.s3.send(
          new UploadPartCommand({
            Bucket: o.bucket,
            Key: o.key,
            UploadId: uploadId,
            PartNumber: index + 1,
            Body: body,
            ContentLength: body.length,
            ChecksumAlgorithm: 'CRC32',
          }),
          send,
        );
        if (!out.ETag) throw new Error(`UploadPart ${index + 1} returned no ETag`);
        parts[index] = {
          PartNumber: index + 1,
          ETag: out.ETag,
          ...(out.ChecksumCRC32 ? { ChecksumCRC32: out.ChecksumCRC32 } : {}),
        };
        sent += body.length;
        o.onProgress?.(sent);
      }
    };
    try {
      const workers = Array.from({ length: Math.min(o.concurrency, count) }, worker);
      const settled = await Promise.allSettled(
        workers.map((w) =>
          w.catch((err: unknown) => {
            failed = true;
            throw err;
          }),
        ),
      );
      const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (rejected) throw rejected.reason;
      const done = await o.s3
        .send(
          new CompleteMultipartUploadCommand({
            Bucket: o.bucket,
            Key: o.key,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts },
          }),
          send,
        )
        .catch(async (err: unknown) => {
          // A retry after a lost answer finds the upload gone: it completed when the object is there,
          // this build's (size and metadata).
          if ((err as { name?: string }).name !== 'NoSuchUpload') throw err;
          const head = await o.s3.send(new HeadObjectCommand({ Bucket: o.bucket, Key: o.key }), send);
          if (!isThisUpload(head, o)) throw err;
          return head;
        });
      return { ...(done.VersionId ? { versionId: done.VersionId } : {}), parts: count };
    } catch (err) {
      // Best effort, and not under the (possibly aborted) signal: the parts must not be left billed.
      await o.s3
        .send(new AbortMultipartUploadCommand({ Bucket: o.bucket, Key: o.key, UploadId: uploadId }))
        .catch(() => undefined);
      throw err;
    }
  } finally {
    await handle.close();
  }
}
