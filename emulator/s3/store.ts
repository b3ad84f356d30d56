/**
 * In-memory S3: buckets, objects with versions and delete markers, multipart uploads.
 * Semantics follow S3: an unversioned bucket keeps one version with id "null"; Enabled adds a new version
 * per put; Suspended writes/replaces the "null" version; DeleteObject without a version id adds a delete
 * marker when versioning was ever enabled.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../src/clock.js';
import type { S3StoreApi, StoredObject } from '../types.js';
import { S3Error } from '../protocol/s3.js';

export interface ObjectVersion extends StoredObject {
  /** 'null' for objects written while versioning was off/suspended */
  versionId: string;
  deleteMarker: boolean;
  contentType?: string;
  metadata: Record<string, string>;
  /** algorithm → base64 */
  checksums: Record<string, string>;
  checksumType?: 'COMPOSITE' | 'FULL_OBJECT';
  partsCount?: number;
}

export interface Bucket {
  name: string;
  created: Date;
  versioning?: 'Enabled' | 'Suspended';
  /** key → versions, oldest first */
  objects: Map<string, ObjectVersion[]>;
  uploads: Map<string, MultipartUpload>;
}

export interface UploadedPart {
  partNumber: number;
  body: Buffer;
  etag: string;
  md5: Buffer;
  checksums: Record<string, string>;
  lastModified: Date;
}

export interface MultipartUpload {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: Date;
  contentType?: string;
  metadata: Record<string, string>;
  checksumAlgorithm?: string;
  checksumType?: 'COMPOSITE' | 'FULL_OBJECT';
  parts: Map<number, UploadedPart>;
}

export interface PutOptions {
  contentType?: string;
  metadata?: Record<string, string>;
  checksums?: Record<string, string>;
  md5?: Buffer;
  etag?: string;
  checksumType?: 'COMPOSITE' | 'FULL_OBJECT';
  partsCount?: number;
}

export function newVersionId(): string {
  return randomBytes(24).toString('base64url');
}

export class S3Store implements S3StoreApi {
  readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: Clock) {}

  reset(): void {
    this.buckets.clear();
  }

  /** The emulator clock's now (S3 shows it with ms precision in XML, second precision in headers). */
  now(): Date {
    return new Date(Math.floor(this.clock.now()));
  }

  hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }

  bucket(name: string): Bucket {
    const b = this.buckets.get(name);
    if (!b) {
      throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: name });
    }
    return b;
  }

  /**
   * Creates a bucket. Re-creating one you own is BucketAlreadyOwnedByYou, except in us-east-1, which keeps
   * S3's legacy answer (success, nothing changes).
   */
  createBucket(name: string, region = 'us-east-1'): void {
    if (this.buckets.has(name) && region === 'us-east-1') return;
    if (this.buckets.has(name)) {
      throw new S3Error(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        409,
        { BucketName: name },
      );
    }
    this.buckets.set(name, { name, created: this.now(), objects: new Map(), uploads: new Map() });
  }

  setVersioning(bucket: string, enabled: boolean): void {
    this.bucket(bucket).versioning = enabled ? 'Enabled' : 'Suspended';
  }

  putObject(bucket: string, key: string, body: Buffer, options: PutOptions = {}): ObjectVersion {
    const b = this.bucket(bucket);
    // A completed multipart upload has its ETag (MD5 of the parts' MD5s) and no need of the whole
    // object's MD5 until MSF reads it as CodeMD5: it is computed then (once), not while the client waits
    // for CompleteMultipartUpload (about a second of CPU for 512 MiB, as long as S3 takes to answer).
    const md5 =
      options.md5 ?? (options.etag === undefined ? createHash('md5').update(body).digest() : undefined);
    const version: ObjectVersion = {
      bucket,
      key,
      body,
      size: body.length,
      md5Hex: md5?.toString('hex') ?? '',
      etag: options.etag ?? `"${md5!.toString('hex')}"`,
      versionId: b.versioning === 'Enabled' ? newVersionId() : 'null',
      lastModified: this.now(),
      deleteMarker: false,
      metadata: options.metadata ?? {},
      checksums: options.checksums ?? {},
      ...(options.contentType !== undefined ? { contentType: options.contentType } : {}),
      ...(options.checksumType !== undefined ? { checksumType: options.checksumType } : {}),
      ...(options.partsCount !== undefined ? { partsCount: options.partsCount } : {}),
    };
    if (!md5) {
      let computed: string | undefined;
      Object.defineProperty(version, 'md5Hex', {
        enumerable: true,
        configurable: true,
        get: () => (computed ??= createHash('md5').update(body).digest('hex')),
      });
    }
    this.addVersion(b, version);
    return version;
  }

  private addVersion(b: Bucket, version: ObjectVersion): void {
    const versions = b.objects.get(version.key) ?? [];
    const kept = version.versionId === 'null' ? versions.filter((v) => v.versionId !== 'null') : versions;
    kept.push(version);
    b.objects.set(version.key, kept);
  }

  /** Latest version, or the given version; undefined when missing or a delete marker. */
  getObject(bucket: string, key: string, versionId?: string): ObjectVersion | undefined {
    const v = this.findVersion(bucket, key, versionId);
    return v && !v.deleteMarker ? v : undefined;
  }

  findVersion(bucket: string, key: string, versionId?: string): ObjectVersion | undefined {
    const versions = this.buckets.get(bucket)?.objects.get(key);
    if (!versions || versions.length === 0) return undefined;
    if (versionId === undefined) return versions[versions.length - 1];
    return versions.find((v) => v.versionId === versionId);
  }

  /** S3 DeleteObject: returns the marker or the removed version. */
  deleteObject(
    bucket: string,
    key: string,
    versionId?: string,
  ): { deleteMarker: boolean; versionId?: string } {
    const b = this.bucket(bucket);
    const versions = b.objects.get(key) ?? [];
    if (versionId !== undefined) {
      const found = versions.find((v) => v.versionId === versionId);
      if (!found) return { deleteMarker: false, versionId };
      b.objects.set(
        key,
        versions.filter((v) => v !== found),
      );
      if (b.objects.get(key)!.length === 0) b.objects.delete(key);
      return { deleteMarker: found.deleteMarker, versionId };
    }
    if (!b.versioning) {
      b.objects.delete(key);
      return { deleteMarker: false };
    }
    const marker: ObjectVersion = {
      bucket: b.name,
      key,
      body: Buffer.alloc(0),
      size: 0,
      md5Hex: '',
      etag: '',
      versionId: b.versioning === 'Enabled' ? newVersionId() : 'null',
      lastModified: this.now(),
      deleteMarker: true,
      metadata: {},
      checksums: {},
    };
    this.addVersion(b, marker);
    return { deleteMarker: true, versionId: marker.versionId };
  }

  createUpload(
    bucket: string,
    key: string,
    options: Pick<MultipartUpload, 'contentType' | 'metadata' | 'checksumAlgorithm' | 'checksumType'>,
  ): MultipartUpload {
    const b = this.bucket(bucket);
    const upload: MultipartUpload = {
      uploadId: randomBytes(32).toString('base64url'),
      bucket,
      key,
      initiated: this.now(),
      parts: new Map(),
      ...options,
    };
    b.uploads.set(upload.uploadId, upload);
    return upload;
  }

  upload(bucket: string, key: string, uploadId: string): MultipartUpload {
    const upload = this.bucket(bucket).uploads.get(uploadId);
    if (!upload || upload.key !== key) {
      throw new S3Error(
        'NoSuchUpload',
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
        404,
        { UploadId: uploadId },
      );
    }
    return upload;
  }

  abortUpload(bucket: string, key: string, uploadId: string): void {
    this.upload(bucket, key, uploadId);
    this.bucket(bucket).uploads.delete(uploadId);
  }

  /** A JSON view for EmulatorControl.describe(). */
  describe(): unknown {
    return [...this.buckets.values()].map((b) => ({
      name: b.name,
      versioning: b.versioning ?? 'Off',
      objects: [...b.objects.values()].flatMap((versions) =>
        versions.map((v) => ({
          key: v.key,
          versionId: v.versionId,
          deleteMarker: v.deleteMarker,
          size: v.size,
          etag: v.etag,
          md5Hex: v.md5Hex,
          lastModified: v.lastModified.toISOString(),
        })),
      ),
      uploads: [...b.uploads.values()].map((u) => ({
        key: u.key,
        uploadId: u.uploadId,
        parts: u.parts.size,
      })),
    }));
  }
}
