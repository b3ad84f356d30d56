/**
 * Phase 3: the build goes to S3 under a key the application does not run today, streamed as a
 * multipart upload with bounded memory. Skipped when an identical object (same size and SHA-256) is
 * already there. The object's VersionId is kept when the bucket is versioned.
 */
import { createReadStream } from 'node:fs';
import { Upload } from '@aws-sdk/lib-storage';
import { headObject, declaredSha256, type S3Context } from './artifact.js';
import { wrapAwsError } from './errors.js';
import type { ArtifactInfo } from './plan.js';

/** 16 MiB parts, 4 at a time: at most 64 MiB in memory; 512 MiB (MSF's limit) is 32 parts. */
export const PART_SIZE = 16 * 1024 * 1024;
export const QUEUE_SIZE = 4;

export interface UploadResult {
  skipped: boolean;
  versionId?: string;
  /** one line for the log */
  note: string;
}

export async function uploadArtifact(
  ctx: S3Context & { progress: (line: string) => void },
  artifact: ArtifactInfo,
  bucket: string,
  key: string,
): Promise<UploadResult> {
  const where = `s3://${bucket}/${key}`;
  const existing = await headObject(ctx, bucket, key, 'upload');
  if (
    existing &&
    existing.ContentLength === artifact.size &&
    declaredSha256(existing) === artifact.sha256Hex
  ) {
    return {
      skipped: true,
      ...(existing.VersionId ? { versionId: existing.VersionId } : {}),
      note: `${where} already holds this build (${artifact.size} bytes, sha256 ${artifact.sha256Hex.slice(0, 12)}…); upload skipped`,
    };
  }
  const upload = new Upload({
    client: ctx.s3,
    queueSize: QUEUE_SIZE,
    partSize: PART_SIZE,
    leavePartsOnError: false,
    params: {
      Bucket: bucket,
      Key: key,
      Body: createReadStream(artifact.path),
      ContentLength: artifact.size,
      ContentType: artifact.fileName.endsWith('.jar') ? 'application/java-archive' : 'application/zip',
      ChecksumAlgorithm: 'SHA256',
      Metadata: { sha256: artifact.sha256Hex, md5: artifact.md5Hex },
    },
  });
  let lastReported = 0;
  upload.on('httpUploadProgress', (p) => {
    const loaded = p.loaded ?? 0;
    if (loaded - lastReported >= PART_SIZE || loaded === artifact.size) {
      lastReported = loaded;
      ctx.progress(
        `uploading ${where}: ${Math.round((loaded / artifact.size) * 100)}% of ${artifact.size} bytes`,
      );
    }
  });
  const onAbort = (): void => void upload.abort().catch(() => undefined);
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const out = await upload.done();
    return {
      skipped: false,
      ...(out.VersionId ? { versionId: out.VersionId } : {}),
      note:
        `uploaded ${artifact.size} bytes to ${where}` +
        (out.VersionId ? ` (version ${out.VersionId})` : '') +
        (existing ? ' (replaced a different object at that key)' : ''),
    };
  } catch (err) {
    throw wrapAwsError(err, {
      application: ctx.application,
      phase: 'upload',
      action: 's3:PutObject',
      resource: where,
    });
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
  }
}
