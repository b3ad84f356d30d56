/**
 * Where MSF's builds go: S3 (the application runs its code from a bucket). The upload, the promotion of
 * an object already there and what S3 says about the object the application runs, for the run through
 * the target (FlinkTarget.builds).
 */
import { declaredSha256, headObject, verifyPromotedObject } from '../pipeline/artifact.js';
import type { ArtifactInfo, PromotedObject } from '../pipeline/artifact-info.js';
import type { PhaseDeps } from '../pipeline/deps.js';
import type { BuildStore } from '../pipeline/target.js';
import { uploadArtifact, type UploadResult } from './upload.js';

export function s3BuildStore(application: string): BuildStore {
  return {
    async inspect(
      deps: PhaseDeps,
      bucket: string,
      key: string,
      versionId?: string,
    ): Promise<{ sha256Hex?: string; size?: number } | undefined> {
      const head = await headObject(
        { s3: deps.clients.s3, application, signal: deps.signal },
        bucket,
        key,
        'preflight',
        versionId,
      );
      if (!head) return undefined;
      const sha256Hex = declaredSha256(head);
      return {
        ...(sha256Hex ? { sha256Hex } : {}),
        ...(head.ContentLength !== undefined ? { size: head.ContentLength } : {}),
      };
    },
    promote(
      deps: PhaseDeps,
      bucket: string,
      key: string,
      sha256Hex?: string,
      versionId?: string,
    ): Promise<PromotedObject> {
      return verifyPromotedObject(
        { s3: deps.clients.s3, application, signal: deps.signal },
        bucket,
        key,
        sha256Hex,
        versionId,
      );
    },
    put(deps: PhaseDeps, artifact: ArtifactInfo, bucket: string, key: string): Promise<UploadResult> {
      return uploadArtifact(
        {
          s3: deps.clients.s3,
          application,
          signal: deps.signal,
          progress: (line) => deps.log.info(line),
        },
        artifact,
        bucket,
        key,
      );
    },
  };
}
