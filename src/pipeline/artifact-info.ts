/** What the run knows of the build it releases: a local file hashed in one pass, or an object already in the store. */

/** A local build to upload, hashed in one pass. */
export interface ArtifactInfo {
  path: string;
  fileName: string;
  size: number;
  md5Hex: string;
  sha256Hex: string;
}

/** An object already in S3 that is promoted (no upload); its digest is verified when artifact-sha256 is set. */
export interface PromotedObject {
  bucket: string;
  key: string;
  size: number;
  /** the SHA-256 the object declares (or was verified to have); absent when unknown */
  sha256Hex?: string;
  versionId?: string;
}
