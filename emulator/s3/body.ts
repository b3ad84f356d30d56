/**
 * Reads an S3 request body once, as it streams in: decodes `content-encoding: aws-chunked` framing
 * (`<hex size>[;chunk-signature=…]\r\n<data>\r\n … 0\r\n<trailer>:<value>\r\n\r\n`), and feeds the
 * decoded bytes to MD5 and any flexible checksums on the way. Only the decoded object is kept.
 */
import type { IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';
import { AwsError } from '../types.js';
import { createChecksum, type Checksum, type ChecksumAlgorithm } from './checksums.js';

export interface ReadBody {
  body: Buffer;
  md5: Buffer;
  /** algorithm → base64 digest, for the algorithms asked for */
  checksums: Map<ChecksumAlgorithm, string>;
  /** trailing headers of an aws-chunked body, lower-case names */
  trailers: Record<string, string>;
}

class ChunkDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private remaining = -1; // bytes left in the current chunk's data; -1 = expecting a size line
  private needCrlf = false;
  done = false;
  readonly trailers: Record<string, string> = {};

  constructor(private readonly emit: (data: Buffer) => void) {}

  push(input: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, input]) : input;
    for (;;) {
      if (this.done) {
        if (!this.readTrailers()) return;
        continue;
      }
      if (this.remaining > 0) {
        if (this.pending.length === 0) return;
        const take = Math.min(this.remaining, this.pending.length);
        this.emit(this.pending.subarray(0, take));
        this.pending = this.pending.subarray(take);
        this.remaining -= take;
        if (this.remaining === 0) this.needCrlf = true;
        continue;
      }
      if (this.needCrlf) {
        if (this.pending.length < 2) return;
        if (this.pending[0] !== 0x0d || this.pending[1] !== 0x0a)
          throw badChunk('missing CRLF after chunk data');
        this.pending = this.pending.subarray(2);
        this.needCrlf = false;
        this.remaining = -1;
        continue;
      }
      const eol = this.pending.indexOf('\r\n');
      if (eol < 0) {
        if (this.pending.length > 4096) throw badChunk('chunk header too long');
        return;
      }
      const line = this.pending.subarray(0, eol).toString('latin1');
      this.pending = this.pending.subarray(eol + 2);
      const size = parseInt(line.split(';')[0]!.trim(), 16);
      if (!Number.isFinite(size) || size < 0) throw badChunk(`bad chunk size line '${line}'`);
      if (size === 0) this.done = true;
      else this.remaining = size;
    }
  }

  /** Trailer lines after the last chunk, up to an empty line (or the end of the body). */
  private readTrailers(): boolean {
    const eol = this.pending.indexOf('\r\n');
    if (eol < 0) return false;
    const line = this.pending.subarray(0, eol).toString('latin1');
    this.pending = this.pending.subarray(eol + 2);
    if (line === '') return false;
    const colon = line.indexOf(':');
    if (colon > 0) this.trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    return true;
  }

  finish(): void {
    if (this.pending.length > 0) {
      // A last trailer line without CRLF
      const line = this.pending.toString('latin1').trim();
      const colon = line.indexOf(':');
      if (this.done && colon > 0)
        this.trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      else if (!this.done) throw badChunk('body ended inside a chunk');
    }
    if (!this.done) throw badChunk('body ended before the final 0-size chunk');
  }
}

function badChunk(detail: string): AwsError {
  return new AwsError('IncompleteBody', `The aws-chunked body is malformed: ${detail}.`, 400);
}

export function isAwsChunked(req: IncomingMessage): boolean {
  const enc = String(req.headers['content-encoding'] ?? '');
  const sha = String(req.headers['x-amz-content-sha256'] ?? '');
  return enc.split(',').some((e) => e.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}

/**
 * Collects the object's bytes. When the length is announced (Content-Length, or
 * x-amz-decoded-content-length for aws-chunked), writes straight into one buffer of that size, so the
 * object is held once; otherwise keeps the chunks and joins them at the end.
 */
class ObjectBytes {
  private readonly parts: Buffer[] = [];
  private target: Buffer | undefined;
  private length = 0;

  constructor(expected: number | undefined) {
    if (expected !== undefined && Number.isSafeInteger(expected) && expected >= 0)
      this.target = Buffer.allocUnsafe(expected);
  }

  /** `owned`: the chunk is not reused by the caller, so it may be kept without a copy. */
  add(data: Buffer, owned: boolean): void {
    if (this.target && this.length + data.length <= this.target.length) {
      data.copy(this.target, this.length);
    } else {
      if (this.target) {
        // More than announced: keep what was written and continue with chunks; the length check reports it.
        this.parts.push(this.target.subarray(0, this.length));
        this.target = undefined;
      }
      this.parts.push(owned ? data : Buffer.from(data));
    }
    this.length += data.length;
  }

  bytes(): Buffer {
    if (this.target)
      return this.length === this.target.length ? this.target : this.target.subarray(0, this.length);
    return this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
  }
}

function headerNumber(req: IncomingMessage, name: string): number | undefined {
  const v = req.headers[name];
  if (typeof v !== 'string' || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}

export async function readS3Body(req: IncomingMessage, algorithms: ChecksumAlgorithm[]): Promise<ReadBody> {
  const chunked = isAwsChunked(req);
  const declared = chunked
    ? headerNumber(req, 'x-amz-decoded-content-length')
    : headerNumber(req, 'content-length');
  const out = new ObjectBytes(declared);
  const md5 = createHash('md5');
  const sums = new Map<ChecksumAlgorithm, Checksum>(algorithms.map((a) => [a, createChecksum(a)]));
  const accept = (data: Buffer, owned: boolean): void => {
    if (data.length === 0) return;
    out.add(data, owned);
    md5.update(data);
    for (const s of sums.values()) s.update(data);
  };
  const decoder = chunked ? new ChunkDecoder((d) => accept(d, false)) : undefined;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (decoder) decoder.push(chunk);
    else accept(chunk, true);
  }
  decoder?.finish();
  const body = out.bytes();
  if (chunked && declared !== undefined && declared !== body.length) {
    throw new AwsError(
      'IncompleteBody',
      `You did not provide the number of bytes specified by the x-amz-decoded-content-length header (${declared}); got ${body.length}.`,
      400,
    );
  }
  return {
    body,
    md5: md5.digest(),
    checksums: new Map([...sums].map(([a, s]) => [a, s.digest()])),
    trailers: decoder?.trailers ?? {},
  };
}
