/**
 * S3 over HTTP (path-style): identifies the operation from method, path and query as S3 does, binds and
 * validates the input against the model, runs it on the S3Store, and writes headers + XML from the model's
 * output shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import type { ServiceModel } from '../model/types.js';
import { describeViolations } from '../model/validate.js';
import {
  bindS3Input,
  S3Error,
  s3ValidationError,
  serializeS3Output,
  type S3RequestParts,
} from '../protocol/s3.js';
import { AwsError } from '../types.js';
import { readS3Body, type ReadBody } from './body.js';
import { checksumHeader, checksumOf, isChecksumAlgorithm, type ChecksumAlgorithm } from './checksums.js';
import type { Bucket, ObjectVersion, S3Store } from './store.js';

const MIN_PART_SIZE = 5 * 1024 * 1024;

export interface S3Target {
  operation: string;
  bucket?: string;
  key?: string;
  query: URLSearchParams;
}

/**
 * Which S3 operation a path-style request is (an operation name the model may not serve, e.g. ListBuckets,
 * or 'Unsupported'); S3Service answers NotImplemented for those.
 */
export function identifyS3Operation(method: string, pathname: string, query: URLSearchParams): S3Target {
  const path = pathname.replace(/^\//, '');
  const slash = path.indexOf('/');
  const bucket = path === '' ? undefined : decodeURIComponent(slash < 0 ? path : path.slice(0, slash));
  const rawKey = slash < 0 ? '' : path.slice(slash + 1);
  const key = rawKey === '' ? undefined : decodeURIComponent(rawKey);
  const has = (q: string): boolean => query.has(q);
  let operation = 'Unsupported';
  if (!bucket) {
    operation = method === 'GET' ? 'ListBuckets' : 'Unsupported';
  } else if (key === undefined) {
    if (method === 'PUT')
      operation = has('versioning')
        ? 'PutBucketVersioning'
        : isPlainBucketQuery(query)
          ? 'CreateBucket'
          : 'Unsupported';
    else if (method === 'HEAD') operation = 'HeadBucket';
    else if (method === 'GET') {
      if (has('versioning')) operation = 'GetBucketVersioning';
      else if (has('versions')) operation = 'ListObjectVersions';
      else if (query.get('list-type') === '2') operation = 'ListObjectsV2';
      else if (has('location')) operation = 'GetBucketLocation';
      else operation = 'ListObjects';
    } else if (method === 'DELETE') operation = 'DeleteBucket';
  } else {
    if (method === 'PUT') operation = has('uploadId') && has('partNumber') ? 'UploadPart' : 'PutObject';
    else if (method === 'GET') operation = 'GetObject';
    else if (method === 'HEAD') operation = 'HeadObject';
    else if (method === 'POST')
      operation = has('uploads')
        ? 'CreateMultipartUpload'
        : has('uploadId')
          ? 'CompleteMultipartUpload'
          : 'Unsupported';
    else if (method === 'DELETE') operation = has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
  }
  return {
    operation,
    ...(bucket !== undefined ? { bucket } : {}),
    ...(key !== undefined ? { key } : {}),
    query,
  };
}

function isPlainBucketQuery(query: URLSearchParams): boolean {
  return [...query.keys()].every((k) => k === 'x-id');
}

/** The XML root element of each operation's response document, as S3 names it. */
const ROOTS: Record<string, string> = {
  ListObjectsV2: 'ListBucketResult',
  ListObjectVersions: 'ListVersionsResult',
  CreateMultipartUpload: 'InitiateMultipartUploadResult',
  CompleteMultipartUpload: 'CompleteMultipartUploadResult',
  GetBucketVersioning: 'VersioningConfiguration',
};

/** Operations whose payload is an XML structure (read before binding). */
const XML_PAYLOAD = new Set(['CreateBucket', 'PutBucketVersioning', 'CompleteMultipartUpload']);

interface Result {
  status?: number;
  output: Record<string, unknown>;
  body?: Buffer;
}

export interface S3ServiceOptions {
  strictOutput: boolean;
  region: string;
  onOutputError: (message: string) => void;
}

export class S3Service {
  constructor(
    private readonly store: S3Store,
    private readonly model: ServiceModel,
    private readonly options: S3ServiceOptions,
  ) {}

  served(operation: string): boolean {
    return operation in this.model.operations;
  }

  /** Handles one request; throws AwsError/S3Error for the caller to write. */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    target: S3Target,
    requestId: string,
  ): Promise<number> {
    if (!this.served(target.operation)) {
      req.resume();
      throw new S3Error(
        'NotImplemented',
        `A header or query you provided requested a function that is not implemented (${target.operation}).`,
        501,
      );
    }
    const op = target.operation;
    const parts: S3RequestParts = {
      ...(target.bucket !== undefined ? { bucket: target.bucket } : {}),
      ...(target.key !== undefined ? { key: target.key } : {}),
      query: target.query,
      headers: req.headers,
    };
    let body: ReadBody | undefined;
    if (XML_PAYLOAD.has(op)) {
      body = await readS3Body(req, []);
      parts.xml = body.body;
    }
    const { input, violations } = bindS3Input(this.model, op, parts);
    if (violations.length > 0) {
      if (!body) req.resume();
      throw s3ValidationError(this.model, op, violations);
    }
    const result = await this.run(op, input, req);
    const {
      headers,
      xml,
      violations: outViolations,
    } = serializeS3Output(this.model, op, result.output, ROOTS[op]);
    if (outViolations.length > 0) {
      const message = `strictOutput: S3 ${op} returned an output that does not match ${this.model.operations[op]!.output!.shape}: ${describeViolations(outViolations)}`;
      this.options.onOutputError(message);
      if (this.options.strictOutput) throw new AwsError('InternalError', message, 500, 'Receiver');
    }
    const status = result.status ?? this.model.operations[op]!.http.responseCode ?? 200;
    const common = { 'x-amz-request-id': requestId, 'x-amz-id-2': Buffer.from(requestId).toString('base64') };
    if (xml !== undefined) {
      res.writeHead(status, {
        ...common,
        ...headers,
        'content-type': 'application/xml',
        'content-length': Buffer.byteLength(xml),
      });
      res.end(xml);
    } else if (result.body !== undefined) {
      res.writeHead(status, { ...common, 'content-type': 'application/octet-stream', ...headers });
      res.end(req.method === 'HEAD' ? undefined : result.body);
    } else {
      res.writeHead(status, {
        ...common,
        ...headers,
        ...(req.method === 'HEAD' ? {} : { 'content-length': '0' }),
      });
      res.end();
    }
    return status;
  }

  private async run(op: string, input: Record<string, any>, req: IncomingMessage): Promise<Result> {
    const bucket = input.Bucket as string;
    const key = input.Key as string;
    switch (op) {
      case 'CreateBucket':
        return this.createBucket(bucket);
      case 'HeadBucket':
        this.store.bucket(bucket);
        return { output: { BucketRegion: this.options.region } };
      case 'PutBucketVersioning': {
        const status = input.VersioningConfiguration?.Status as string | undefined;
        if (status === 'Enabled' || status === 'Suspended')
          this.store.setVersioning(bucket, status === 'Enabled');
        else this.store.bucket(bucket);
        return { output: {} };
      }
      case 'GetBucketVersioning': {
        const b = this.store.bucket(bucket);
        return { output: b.versioning ? { Status: b.versioning } : {} };
      }
      case 'PutObject':
        return this.putObject(bucket, key, input, req);
      case 'GetObject':
      case 'HeadObject':
        return this.getObject(op, bucket, key, input, req);
      case 'DeleteObject': {
        const r = this.store.deleteObject(bucket, key, input.VersionId);
        return {
          output: {
            ...(r.deleteMarker ? { DeleteMarker: true } : {}),
            ...(r.versionId !== undefined ? { VersionId: r.versionId } : {}),
          },
        };
      }
      case 'ListObjectsV2':
        return this.listObjectsV2(bucket, input);
      case 'ListObjectVersions':
        return this.listObjectVersions(bucket, input);
      case 'CreateMultipartUpload': {
        const algorithm = input.ChecksumAlgorithm as string | undefined;
        const upload = this.store.createUpload(bucket, key, {
          metadata: input.Metadata ?? {},
          ...(input.ContentType ? { contentType: input.ContentType } : {}),
          ...(algorithm ? { checksumAlgorithm: algorithm } : {}),
          ...(input.ChecksumType
            ? { checksumType: input.ChecksumType }
            : algorithm
              ? { checksumType: 'COMPOSITE' as const }
              : {}),
        });
        return {
          output: {
            Bucket: bucket,
            Key: key,
            UploadId: upload.uploadId,
            ...(algorithm ? { ChecksumAlgorithm: algorithm, ChecksumType: upload.checksumType } : {}),
          },
        };
      }
      case 'UploadPart':
        return this.uploadPart(bucket, key, input, req);
      case 'CompleteMultipartUpload':
        return this.complete(bucket, key, input);
      case 'AbortMultipartUpload':
        this.store.abortUpload(bucket, key, input.UploadId);
        return { output: {} };
    }
    throw new S3Error('NotImplemented', `${op} is not implemented`, 501);
  }

  private createBucket(bucket: string): Result {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..')) {
      throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', 400, {
        BucketName: bucket,
      });
    }
    this.store.createBucket(bucket, this.options.region);
    return { output: { Location: `/${bucket}` } };
  }

  /** Algorithms the client asked for: `x-amz-sdk-checksum-algorithm`, checksum headers, and trailers. */
  private requestedChecksums(req: IncomingMessage): ChecksumAlgorithm[] {
    const names = new Set<string>();
    const sdk = req.headers['x-amz-sdk-checksum-algorithm'];
    if (typeof sdk === 'string') names.add(sdk.toUpperCase());
    for (const h of Object.keys(req.headers)) {
      if (
        h.startsWith('x-amz-checksum-') &&
        h !== 'x-amz-checksum-type' &&
        h !== 'x-amz-checksum-mode' &&
        h !== 'x-amz-checksum-algorithm'
      )
        names.add(h.slice('x-amz-checksum-'.length).toUpperCase());
    }
    const trailer = req.headers['x-amz-trailer'];
    if (typeof trailer === 'string') {
      for (const t of trailer.split(',')) {
        const name = t.trim().toLowerCase();
        if (name.startsWith('x-amz-checksum-')) names.add(name.slice('x-amz-checksum-'.length).toUpperCase());
      }
    }
    return [...names].filter(isChecksumAlgorithm);
  }

  /** Reads the body and checks Content-MD5 and every supplied checksum against what was received. */
  private async readVerified(
    req: IncomingMessage,
  ): Promise<{ read: ReadBody; checksums: Record<string, string> }> {
    const algorithms = this.requestedChecksums(req);
    const read = await readS3Body(req, algorithms);
    const md5Header = req.headers['content-md5'];
    if (typeof md5Header === 'string') {
      const given = Buffer.from(md5Header, 'base64');
      if (given.length !== 16)
        throw new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.');
      if (!given.equals(read.md5)) {
        throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400, {
          ExpectedDigest: md5Header,
          CalculatedDigest: read.md5.toString('base64'),
        });
      }
    }
    const checksums: Record<string, string> = {};
    for (const algorithm of algorithms) {
      const header = checksumHeader(algorithm);
      const given = read.trailers[header] ?? (req.headers[header] as string | undefined);
      const computed = read.checksums.get(algorithm)!;
      if (given !== undefined && given !== computed) {
        throw new S3Error(
          'BadDigest',
          `The ${algorithm} you specified did not match the calculated checksum.`,
        );
      }
      checksums[algorithm] = computed;
    }
    return { read, checksums };
  }

  private async putObject(
    bucket: string,
    key: string,
    input: Record<string, any>,
    req: IncomingMessage,
  ): Promise<Result> {
    const { read, checksums } = await this.readVerified(req);
    const b = this.store.bucket(bucket);
    const v = this.store.putObject(bucket, key, read.body, {
      md5: read.md5,
      checksums,
      metadata: input.Metadata ?? {},
      ...(input.ContentType ? { contentType: input.ContentType } : {}),
      ...(Object.keys(checksums).length > 0 ? { checksumType: 'FULL_OBJECT' as const } : {}),
    });
    return {
      output: {
        ETag: v.etag,
        ...(b.versioning ? { VersionId: v.versionId } : {}),
        ...checksumMembers(checksums),
        ...(Object.keys(checksums).length > 0 ? { ChecksumType: 'FULL_OBJECT' } : {}),
      },
    };
  }

  private async uploadPart(
    bucket: string,
    key: string,
    input: Record<string, any>,
    req: IncomingMessage,
  ): Promise<Result> {
    const { read, checksums } = await this.readVerified(req);
    const upload = this.store.upload(bucket, key, input.UploadId);
    const partNumber = input.PartNumber as number;
    if (partNumber < 1 || partNumber > 10000) {
      throw new S3Error(
        'InvalidArgument',
        'Part number must be an integer between 1 and 10000, inclusive',
        400,
        {
          ArgumentName: 'partNumber',
          ArgumentValue: String(partNumber),
        },
      );
    }
    const etag = `"${read.md5.toString('hex')}"`;
    upload.parts.set(partNumber, {
      partNumber,
      body: read.body,
      etag,
      md5: read.md5,
      checksums,
      lastModified: new Date(),
    });
    return { output: { ETag: etag, ...checksumMembers(checksums) } };
  }

  private complete(bucket: string, key: string, input: Record<string, any>): Result {
    const upload = this.store.upload(bucket, key, input.UploadId);
    const requested = (input.MultipartUpload?.Parts ?? []) as { PartNumber?: number; ETag?: string }[];
    if (requested.length === 0) {
      throw new S3Error(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema',
      );
    }
    const bodies: Buffer[] = [];
    const md5s: Buffer[] = [];
    let previous = 0;
    const parts = requested.map((p, i) => {
      const n = p.PartNumber ?? 0;
      if (n <= previous)
        throw new S3Error(
          'InvalidPartOrder',
          'The list of parts was not in ascending order. Parts must be ordered by part number.',
        );
      previous = n;
      const part = upload.parts.get(n);
      const etag = (p.ETag ?? '').replace(/^"?/, '"').replace(/"?$/, '"');
      if (!part || part.etag !== etag) {
        throw new S3Error(
          'InvalidPart',
          "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
          400,
          { UploadId: upload.uploadId, PartNumber: String(n), ETag: p.ETag ?? '' },
        );
      }
      if (i < requested.length - 1 && part.body.length < MIN_PART_SIZE) {
        throw new S3Error(
          'EntityTooSmall',
          'Your proposed upload is smaller than the minimum allowed object size.',
          400,
          {
            ProposedSize: String(part.body.length),
            MinSizeAllowed: String(MIN_PART_SIZE),
            PartNumber: String(n),
            ETag: part.etag,
          },
        );
      }
      bodies.push(part.body);
      md5s.push(part.md5);
      return part;
    });
    const body = Buffer.concat(bodies);
    const etag = `"${createHash('md5').update(Buffer.concat(md5s)).digest('hex')}-${parts.length}"`;
    const checksums: Record<string, string> = {};
    let checksumType: 'COMPOSITE' | 'FULL_OBJECT' | undefined;
    const algorithm = upload.checksumAlgorithm ?? Object.keys(parts[0]!.checksums)[0];
    if (algorithm && isChecksumAlgorithm(algorithm)) {
      if (upload.checksumType === 'FULL_OBJECT') {
        checksums[algorithm] = checksumOf(algorithm, body);
        checksumType = 'FULL_OBJECT';
      } else if (parts.every((p) => p.checksums[algorithm] !== undefined)) {
        const raw = Buffer.concat(parts.map((p) => Buffer.from(p.checksums[algorithm]!, 'base64')));
        checksums[algorithm] = `${checksumOf(algorithm, raw)}-${parts.length}`;
        checksumType = 'COMPOSITE';
      }
    }
    const b: Bucket = this.store.bucket(bucket);
    const v = this.store.putObject(bucket, key, body, {
      etag,
      checksums,
      metadata: upload.metadata,
      partsCount: parts.length,
      ...(upload.contentType ? { contentType: upload.contentType } : {}),
      ...(checksumType ? { checksumType } : {}),
    });
    b.uploads.delete(upload.uploadId);
    return {
      output: {
        Location: `/${bucket}/${key}`,
        Bucket: bucket,
        Key: key,
        ETag: etag,
        ...checksumMembers(checksums),
        ...(checksumType ? { ChecksumType: checksumType } : {}),
        ...(b.versioning ? { VersionId: v.versionId } : {}),
      },
    };
  }

  private getObject(
    op: string,
    bucket: string,
    key: string,
    input: Record<string, any>,
    req: IncomingMessage,
  ): Result {
    const b = this.store.bucket(bucket);
    const versionId = input.VersionId as string | undefined;
    const found = this.store.findVersion(bucket, key, versionId);
    if (!found) {
      if (versionId !== undefined && b.objects.has(key)) {
        throw new S3Error('NoSuchVersion', 'The specified version does not exist.', 404, {
          Key: key,
          VersionId: versionId,
        });
      }
      throw new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
    }
    if (found.deleteMarker) {
      if (versionId !== undefined) {
        throw new S3Error(
          'MethodNotAllowed',
          'The specified method is not allowed against this resource.',
          405,
        );
      }
      throw new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
    }
    const ifMatch = input.IfMatch as string | undefined;
    if (ifMatch !== undefined && ifMatch !== '*' && normalizeEtag(ifMatch) !== found.etag) {
      throw new S3Error(
        'PreconditionFailed',
        'At least one of the pre-conditions you specified did not hold',
        412,
        { Condition: 'If-Match' },
      );
    }
    const ifNoneMatch = input.IfNoneMatch as string | undefined;
    if (ifNoneMatch !== undefined && (ifNoneMatch === '*' || normalizeEtag(ifNoneMatch) === found.etag)) {
      return { status: 304, output: { ETag: found.etag } };
    }
    const base = objectHeaders(found, b);
    const range = req.headers.range;
    if (typeof range === 'string' && op === 'GetObject') {
      const r = parseRange(range, found.size);
      if (r === 'unsatisfiable') {
        throw new S3Error('InvalidRange', 'The requested range is not satisfiable', 416, {
          RangeRequested: range,
          ActualObjectSize: String(found.size),
        });
      }
      if (r) {
        const slice = found.body.subarray(r.start, r.end + 1);
        return {
          status: 206,
          output: {
            ...base,
            ContentLength: slice.length,
            ContentRange: `bytes ${r.start}-${r.end}/${found.size}`,
          },
          body: slice,
        };
      }
    }
    const withChecksums = input.ChecksumMode === 'ENABLED' ? checksumMembers(found.checksums) : {};
    const checksumType =
      input.ChecksumMode === 'ENABLED' && found.checksumType ? { ChecksumType: found.checksumType } : {};
    return { output: { ...base, ...withChecksums, ...checksumType }, body: found.body };
  }

  private listObjectsV2(bucket: string, input: Record<string, any>): Result {
    const b = this.store.bucket(bucket);
    const prefix = (input.Prefix as string | undefined) ?? '';
    const delimiter = input.Delimiter as string | undefined;
    const maxKeys = Math.min((input.MaxKeys as number | undefined) ?? 1000, 1000);
    const encode = input.EncodingType === 'url' ? encodeKey : (s: string): string => s;
    let after = (input.StartAfter as string | undefined) ?? '';
    if (input.ContinuationToken !== undefined) {
      const decoded = Buffer.from(input.ContinuationToken as string, 'base64url').toString('utf8');
      if (!decoded.startsWith('k:'))
        throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', 400, {
          ArgumentName: 'continuation-token',
        });
      after = decoded.slice(2);
    }
    const keys = [...b.objects.entries()]
      .filter(
        ([k, versions]) => k.startsWith(prefix) && k > after && !versions[versions.length - 1]!.deleteMarker,
      )
      .map(([k]) => k)
      .sort(compareKeys);
    const contents: Record<string, unknown>[] = [];
    const commonPrefixes: string[] = [];
    let last: string | undefined;
    let truncated = false;
    for (const k of keys) {
      // Keys that share a prefix up to the delimiter are rolled up into one CommonPrefixes entry.
      const idx = delimiter ? k.indexOf(delimiter, prefix.length) : -1;
      const cp = delimiter && idx >= 0 ? k.slice(0, idx + delimiter.length) : undefined;
      if (cp === undefined || !commonPrefixes.includes(cp)) {
        if (contents.length + commonPrefixes.length >= maxKeys) {
          truncated = true;
          break;
        }
        if (cp !== undefined) commonPrefixes.push(cp);
        else {
          const v = this.store.getObject(bucket, k)!;
          contents.push({ Key: encode(k), LastModified: v.lastModified, ...objectSummary(v) });
        }
      }
      last = k;
    }
    return {
      output: {
        Name: bucket,
        Prefix: encode(prefix),
        ...(delimiter !== undefined ? { Delimiter: encode(delimiter) } : {}),
        MaxKeys: maxKeys,
        KeyCount: contents.length + commonPrefixes.length,
        IsTruncated: truncated,
        ...(contents.length > 0 ? { Contents: contents } : {}),
        ...(commonPrefixes.length > 0
          ? { CommonPrefixes: commonPrefixes.map((p) => ({ Prefix: encode(p) })) }
          : {}),
        ...(input.ContinuationToken !== undefined ? { ContinuationToken: input.ContinuationToken } : {}),
        ...(input.StartAfter !== undefined ? { StartAfter: encode(input.StartAfter) } : {}),
        ...(truncated && last !== undefined
          ? { NextContinuationToken: Buffer.from(`k:${last}`).toString('base64url') }
          : {}),
        ...(input.EncodingType ? { EncodingType: input.EncodingType } : {}),
      },
    };
  }

  private listObjectVersions(bucket: string, input: Record<string, any>): Result {
    const b = this.store.bucket(bucket);
    const prefix = (input.Prefix as string | undefined) ?? '';
    const maxKeys = Math.min((input.MaxKeys as number | undefined) ?? 1000, 1000);
    const encode = input.EncodingType === 'url' ? encodeKey : (s: string): string => s;
    const keyMarker = (input.KeyMarker as string | undefined) ?? '';
    const versionMarker = input.VersionIdMarker as string | undefined;
    // S3 order: keys ascending, versions of a key newest first.
    const all: ObjectVersion[] = [...b.objects.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [c]) => compareKeys(a, c))
      .flatMap(([, versions]) => [...versions].reverse());
    let start = 0;
    if (keyMarker) {
      if (versionMarker) {
        const idx = all.findIndex((v) => v.key === keyMarker && v.versionId === versionMarker);
        start = idx >= 0 ? idx + 1 : all.findIndex((v) => v.key > keyMarker);
      } else {
        start = all.findIndex((v) => v.key > keyMarker);
      }
      if (start < 0) start = all.length;
    }
    const page = all.slice(start, start + maxKeys);
    const truncated = start + maxKeys < all.length;
    const latest = (v: ObjectVersion): boolean => {
      const versions = b.objects.get(v.key)!;
      return versions[versions.length - 1] === v;
    };
    const versionMembers = (v: ObjectVersion): Record<string, unknown> => ({
      Key: encode(v.key),
      VersionId: v.versionId,
      IsLatest: latest(v),
      LastModified: v.lastModified,
    });
    const versions = page
      .filter((v) => !v.deleteMarker)
      .map((v) => ({ ...versionMembers(v), ...objectSummary(v) }));
    const markers = page.filter((v) => v.deleteMarker).map(versionMembers);
    const lastItem = page[page.length - 1];
    return {
      output: {
        Name: bucket,
        Prefix: encode(prefix),
        KeyMarker: encode(keyMarker),
        ...(versionMarker !== undefined ? { VersionIdMarker: versionMarker } : {}),
        MaxKeys: maxKeys,
        IsTruncated: truncated,
        ...(truncated && lastItem
          ? { NextKeyMarker: encode(lastItem.key), NextVersionIdMarker: lastItem.versionId }
          : {}),
        ...(versions.length > 0 ? { Versions: versions } : {}),
        ...(markers.length > 0 ? { DeleteMarkers: markers } : {}),
        ...(input.EncodingType ? { EncodingType: input.EncodingType } : {}),
      },
    };
  }
}

function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function encodeKey(k: string): string {
  return encodeURIComponent(k).replace(/%2F/g, '/');
}

function normalizeEtag(etag: string): string {
  return etag.startsWith('"') ? etag : `"${etag}"`;
}

const CHECKSUM_MEMBER: Record<string, string> = {
  CRC32: 'ChecksumCRC32',
  CRC32C: 'ChecksumCRC32C',
  CRC64NVME: 'ChecksumCRC64NVME',
  SHA1: 'ChecksumSHA1',
  SHA256: 'ChecksumSHA256',
  SHA512: 'ChecksumSHA512',
  MD5: 'ChecksumMD5',
};

/** What ListObjectsV2 and ListObjectVersions say about one stored object version. */
function objectSummary(v: ObjectVersion): Record<string, unknown> {
  return {
    ETag: v.etag,
    ...(Object.keys(v.checksums).length > 0
      ? { ChecksumAlgorithm: Object.keys(v.checksums), ChecksumType: v.checksumType }
      : {}),
    Size: v.size,
    StorageClass: 'STANDARD',
  };
}

function checksumMembers(checksums: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [a, v] of Object.entries(checksums)) if (CHECKSUM_MEMBER[a]) out[CHECKSUM_MEMBER[a]] = v;
  return out;
}

function objectHeaders(v: ObjectVersion, b: Bucket): Record<string, unknown> {
  return {
    AcceptRanges: 'bytes',
    LastModified: v.lastModified,
    ContentLength: v.size,
    ETag: v.etag,
    ContentType: v.contentType ?? 'binary/octet-stream',
    ...(b.versioning ? { VersionId: v.versionId } : {}),
    ...(Object.keys(v.metadata).length > 0 ? { Metadata: v.metadata } : {}),
  };
}

function parseRange(
  header: string,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return undefined; // S3 ignores a malformed Range header
  const [, a, b] = m;
  if (a === '' && b === '') return undefined;
  let start: number;
  let end: number;
  if (a === '') {
    const n = Number(b);
    if (n === 0) return 'unsatisfiable';
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
    if (start >= size || start > end) return 'unsatisfiable';
  }
  return { start, end };
}
