/**
 * The build to release: a local file hashed in one streaming pass (MD5 for MSF's CodeMD5, SHA-256 for
 * integrity), or an object already in S3 whose size (and SHA-256, when given) is verified before it is
 * promoted.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { PhaseError, wrapAwsError } from './errors.js';
import type { ArtifactInfo, PromotedObject } from './artifact-info.js';

/** MSF's limit for application code. */
export const MAX_CODE_BYTES = 512 * 1024 * 1024;

export interface Digests {
  size: number;
  md5Hex: string;
  sha256Hex: string;
}

/** MD5 and SHA-256 of a stream, read once. */
export async function hashStream(stream: AsyncIterable<Uint8Array> | Readable): Promise<Digests> {
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    md5.update(chunk);
    sha256.update(chunk);
    size += chunk.length;
  }
  return { size, md5Hex: md5.digest('hex'), sha256Hex: sha256.digest('hex') };
}

/** Size of each read of {@link hashFile}; two such buffers are all it holds. */
const HASH_READ_SIZE = 1024 * 1024;

/**
 * MD5 and SHA-256 of a file, read once into two reused buffers: the next read runs (in libuv's thread
 * pool) while the current buffer is hashed, and nothing is left to the garbage collector.
 */
export async function hashFile(file: string): Promise<Digests> {
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  let reading = Buffer.allocUnsafe(HASH_READ_SIZE);
  let hashing = Buffer.allocUnsafe(HASH_READ_SIZE);
  const handle = await open(file, 'r');
  let size = 0;
  try {
    let pending = handle.read(reading, 0, HASH_READ_SIZE, 0);
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      size += bytesRead;
      [reading, hashing] = [hashing, reading];
      pending = handle.read(reading, 0, HASH_READ_SIZE, size);
      const chunk = hashing.subarray(0, bytesRead);
      md5.update(chunk);
      sha256.update(chunk);
    }
  } finally {
    await handle.close();
  }
  return { size, md5Hex: md5.digest('hex'), sha256Hex: sha256.digest('hex') };
}

/** Checks the local build exists and is not too big, and hashes it. Fails before any AWS call. */
export async function inspectArtifact(file: string, application: string): Promise<ArtifactInfo> {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new PhaseError(
      'validate',
      `input "artifact": no file at ${file}; build the application before this step or fix the path`,
    );
  }
  if (!info.isFile()) throw new PhaseError('validate', `input "artifact": ${file} is not a file`);
  if (info.size === 0) throw new PhaseError('validate', `input "artifact": ${file} is empty`);
  if (info.size > MAX_CODE_BYTES) {
    throw new PhaseError(
      'validate',
      `input "artifact": ${file} is ${info.size} bytes; ${application} can run code of at most 512 MiB`,
    );
  }
  if (!(await startsAsZip(file))) {
    throw new PhaseError(
      'validate',
      `input "artifact": ${file} is not a JAR or zip archive (it does not start with the zip signature "PK"); ` +
        'point artifact at the built .jar (Java) or .zip (Python)',
    );
  }
  const digests = await hashFile(file);
  return { path: file, fileName: path.basename(file), ...digests };
}

/** A JAR or Python zip starts with a zip local file header (or, empty, the end of central directory). */
async function startsAsZip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    const sig = head.subarray(0, bytesRead).toString('latin1');
    return sig === 'PK\u0003\u0004' || sig === 'PK\u0005\u0006';
  } finally {
    await handle.close();
  }
}

/** hex → base64, as S3 reports ChecksumSHA256. */
export function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

/**
 * The SHA-256 an object declares: metadata `sha256` (written by this action), or S3's own full-object
 * ChecksumSHA256. A multipart upload's composite checksum (`…-N`) is not the file's digest.
 */
export function declaredSha256(head: HeadObjectCommandOutput): string | undefined {
  const meta = head.Metadata?.sha256?.toLowerCase();
  if (meta && /^[0-9a-f]{64}$/.test(meta)) return meta;
  const checksum = head.ChecksumSHA256;
  if (checksum && !checksum.includes('-') && head.ChecksumType !== 'COMPOSITE') {
    const hex = Buffer.from(checksum, 'base64').toString('hex');
    if (hex.length === 64) return hex;
  }
  return undefined;
}

export interface S3Context {
  s3: S3Client;
  application: string;
  signal?: AbortSignal;
}

/** HeadObject with checksums; undefined when there is no such object. */
export async function headObject(
  ctx: S3Context,
  bucket: string,
  key: string,
  phase: 'preflight' | 'upload',
  versionId?: string,
): Promise<HeadObjectCommandOutput | undefined> {
  try {
    return await ctx.s3.send(
      new HeadObjectCommand({
        Bucket: bucket,
        Key: key,
        ChecksumMode: 'ENABLED',
        ...(versionId ? { VersionId: versionId } : {}),
      }),
      ctx.signal ? { abortSignal: ctx.signal } : {},
    );
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const name = (err as { name?: string }).name;
    if (status === 404 || name === 'NotFound' || name === 'NoSuchKey') return undefined;
    throw wrapAwsError(err, {
      application: ctx.application,
      phase,
      call: 'HeadObject',
      // Without s3:ListBucket, S3 answers a HEAD of a missing key with 403 instead of 404.
      action: 's3:GetObject on the key and s3:ListBucket on the bucket',
      resource: `s3://${bucket}/${key}`,
    });
  }
}

/**
 * Verifies the object to promote: it exists (in `expectedVersion` when given), its size is plausible, and, when `expectedSha256` is
 * given, its SHA-256 is the expected one (from metadata or a full-object checksum; otherwise the object
 * is read and hashed). Without it the digest is not checked: the one the object declares, if any, is kept.
 */
export async function verifyPromotedObject(
  ctx: S3Context,
  bucket: string,
  key: string,
  expectedSha256?: string,
  expectedVersion?: string,
): Promise<PromotedObject> {
  const where = `s3://${bucket}/${key}${expectedVersion ? ` (version ${expectedVersion})` : ''}`;
  const head = await headObject(ctx, bucket, key, 'preflight', expectedVersion);
  if (!head) {
    throw new PhaseError(
      'preflight',
      `promotion of ${where} to ${ctx.application}: no such object${expectedVersion ? ' version' : ''}; check bucket, key${expectedVersion ? ' and object-version' : ''}`,
    );
  }
  if (expectedVersion && head.VersionId !== expectedVersion) {
    throw new PhaseError(
      'preflight',
      `promotion of ${where} refused: S3 answered version ${head.VersionId ?? '(none: the bucket is not versioned)'}; ` +
        'promote from a versioned bucket, or remove object-version',
    );
  }
  const size = head.ContentLength ?? 0;
  if (size <= 0 || size > MAX_CODE_BYTES) {
    throw new PhaseError(
      'preflight',
      `promotion of ${where}: the object is ${size} bytes, not a deployable build (1 byte to 512 MiB)`,
    );
  }
  let sha256 = declaredSha256(head);
  if (expectedSha256 === undefined) {
    return {
      bucket,
      key,
      size,
      ...(sha256 ? { sha256Hex: sha256 } : {}),
      ...(head.VersionId ? { versionId: head.VersionId } : {}),
    };
  }
  if (!sha256) {
    try {
      const out = await ctx.s3.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ...(head.VersionId ? { VersionId: head.VersionId } : {}),
        }),
        ctx.signal ? { abortSignal: ctx.signal } : {},
      );
      const digests = await hashStream(out.Body as Readable);
      if (digests.size !== size) {
        throw new PhaseError(
          'preflight',
          `promotion of ${where}: read ${digests.size} bytes, expected ${size}`,
        );
      }
      sha256 = digests.sha256Hex;
    } catch (err) {
      if (err instanceof PhaseError) throw err;
      throw wrapAwsError(err, {
        application: ctx.application,
        phase: 'preflight',
        action: 's3:GetObject',
        resource: where,
      });
    }
  }
  if (sha256 !== expectedSha256) {
    throw new PhaseError(
      'preflight',
      `promotion of ${where} refused: its SHA-256 is ${sha256}, not the artifact-sha256 ${expectedSha256}; ` +
        'promote the object the tested build was uploaded to, or fix artifact-sha256',
    );
  }
  return { bucket, key, size, sha256Hex: sha256, ...(head.VersionId ? { versionId: head.VersionId } : {}) };
}
