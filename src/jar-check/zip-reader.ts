/**
 * Reads a zip archive without loading it: yauzl walks the central directory lazily (one entry at a
 * time, through a small block cache instead of one system call per header), and only the entries the
 * handlers ask for are read. Class files are inflated partially, just until the parser has what it
 * needs (header, constant pool, fields); methods and resources are never inflated. Text entries
 * (manifest, pom.properties) go through yauzl's read streams. Memory: the block cache (8 × 1 MiB by
 * default) plus the few entries in flight, whatever the archive's size.
 */
import { close, open as openFd, read } from 'node:fs';
import { open as openFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { constants as zlibConstants, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { NeedMoreBytes } from './class-file.js';
import { JarCheckError } from './types.js';

export type EntryAction = 'class' | 'text' | 'skip';

export interface ArchiveHandlers<T> {
  /** every entry of the central directory (directories excluded), before anything is read */
  classify(name: string, uncompressedSize: number): EntryAction;
  /** parses the start of a class file; throws NeedMoreBytes when it needs more of it */
  parseClass(data: Buffer): T;
  onClass(name: string, parsed: T): void;
  onUnreadableClass(name: string, reason: string): void;
  onText(name: string, text: string): void;
}

export interface ReadOptions {
  /** entries read in parallel (default 16) */
  concurrency?: number;
  /** text entries larger than this are skipped (default 1 MiB) */
  maxTextBytes?: number;
  /** read-cache block size (default 1 MiB) and number of blocks kept (default 8) */
  blockSize?: number;
  maxBlocks?: number;
}

export interface ArchiveInfo {
  /** entries in the central directory */
  entries: number;
  /** archive size in bytes */
  bytes: number;
}

/** Checks the file before reading it as a zip. */
export async function checkFile(path: string, maxBytes: number): Promise<number> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new JarCheckError(path, 'NOT_A_FILE', `${path} is not a file.`);
    size = s.size;
  } catch (err) {
    if (err instanceof JarCheckError) throw err;
    throw new JarCheckError(path, 'NOT_FOUND', `${path} cannot be read: ${(err as Error).message}`);
  }
  if (size === 0)
    throw new JarCheckError(
      path,
      'EMPTY',
      `${path} is empty (0 bytes): the build did not produce the application archive.`,
    );
  if (size > maxBytes) {
    throw new JarCheckError(
      path,
      'TOO_LARGE',
      `${path} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit of application code on Managed Service for Apache Flink; shrink the JAR (provided-scope Flink dependencies, minimizeJar, exclude unused libraries).`,
    );
  }
  return size;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

async function startsWithLocalHeader(path: string): Promise<boolean> {
  const fh = await openFile(path, 'r');
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, 4, 0);
    return bytesRead === 4 && buf.readUInt32LE(0) === 0x04034b50;
  } finally {
    await fh.close();
  }
}

/**
 * A yauzl reader that reads the file in large blocks and keeps the last few in memory. yauzl reads
 * the central directory and every local header with small separate reads; served from a block cache
 * they cost a memory copy instead of a system call each. Memory: at most `maxBlocks` × `blockSize`.
 */
export class BlockCacheReader extends yauzl.RandomAccessReader {
  private readonly blocks = new Map<number, Promise<Buffer>>();
  // yauzl's reference counting (closes the file at zero); missing from its type declarations
  declare ref: () => void;
  declare unref: () => void;
  /** blocks an async reader is waiting for: their memory is never reused */
  private readonly pins = new Map<number, number>();
  /** memory of evicted blocks, reused for the next reads */
  private readonly spare: Buffer[] = [];
  /** the same blocks once loaded, for synchronous access */
  private readonly loaded = new Map<number, Buffer>();

  constructor(
    private readonly fd: number,
    private readonly size: number,
    private readonly blockSize = 1024 * 1024,
    private readonly maxBlocks = 8,
  ) {
    super();
  }

  private block(index: number): Promise<Buffer> {
    const cached = this.blocks.get(index);
    if (cached) {
      this.blocks.delete(index); // most recently used goes last
      this.blocks.set(index, cached);
      return cached;
    }
    const start = index * this.blockSize;
    const length = Math.min(this.blockSize, this.size - start);
    const loading = new Promise<Buffer>((resolve, reject) => {
      // Reuse an evicted block's memory: views of it never outlive a synchronous section (see
      // bytesSync), and everything handed across an await is a copy.
      const spare = this.spare.pop();
      const buf =
        spare && spare.length >= length
          ? spare.subarray(0, length)
          : Buffer.allocUnsafe(Math.max(0, this.blockSize));
      const target = buf.subarray(0, Math.max(0, length));
      if (length <= 0) return resolve(target);
      read(this.fd, target, 0, length, start, (err, bytesRead) => {
        if (err) return reject(err);
        const block = bytesRead === length ? target : target.subarray(0, bytesRead);
        if (this.blocks.get(index) === loading) this.loaded.set(index, block);
        resolve(block);
      });
    });
    this.blocks.set(index, loading);
    loading.catch(() => this.blocks.delete(index));
    while (this.blocks.size > this.maxBlocks) {
      const oldest = this.blocks.keys().next().value as number;
      this.blocks.delete(oldest);
      const block = this.loaded.get(oldest);
      this.loaded.delete(oldest);
      if (
        block &&
        !this.pins.has(oldest) &&
        block.buffer.byteLength >= this.blockSize &&
        this.spare.length < 2
      ) {
        this.spare.push(Buffer.from(block.buffer, block.byteOffset, this.blockSize));
      }
    }
    return loading;
  }

  /** The bytes of [start, end) if every block they span is loaded; a view when they sit in one block. */
  bytesSync(start: number, end: number): Buffer | undefined {
    const first = Math.floor(start / this.blockSize);
    const last = Math.floor(Math.max(start, end - 1) / this.blockSize);
    const parts: Buffer[] = [];
    for (let i = first; i <= last; i++) {
      const block = this.loaded.get(i);
      if (!block || !this.blocks.has(i)) return undefined;
      const from = i === first ? start - i * this.blockSize : 0;
      const to = Math.min(block.length, end - i * this.blockSize);
      if (to < from) return undefined;
      parts.push(block.subarray(from, to));
    }
    const out = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    return out.length === end - start ? out : undefined;
  }

  /**
   * A copy of the bytes of [start, end) (loading blocks as needed); rejects with "unexpected EOF"
   * past the end of the file. Use `bytesSync(...) ?? await bytes(...)`: views never cross an await.
   */
  async bytes(start: number, end: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of this.range(start, end)) parts.push(chunk);
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  }

  get fileSize(): number {
    return this.size;
  }

  /** Yields copies of the bytes of [start, end). */
  private async *range(start: number, end: number): AsyncGenerator<Buffer> {
    let pos = start;
    while (pos < end) {
      const index = Math.floor(pos / this.blockSize);
      this.pins.set(index, (this.pins.get(index) ?? 0) + 1);
      let chunk: Buffer;
      try {
        const block = await this.block(index);
        const from = pos - index * this.blockSize;
        const to = Math.min(block.length, end - index * this.blockSize);
        if (to <= from) throw new Error('unexpected EOF');
        chunk = Buffer.from(block.subarray(from, to)); // a copy: the block's memory may be reused
      } finally {
        const left = (this.pins.get(index) ?? 1) - 1;
        if (left === 0) this.pins.delete(index);
        else this.pins.set(index, left);
      }
      yield chunk;
      pos += chunk.length;
    }
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return Readable.from(this.range(start, end), { objectMode: false });
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null, bytesRead?: number) => void,
  ): void {
    const sync = this.bytesSync(position, position + length);
    if (sync) {
      sync.copy(buffer, offset);
      process.nextTick(callback, null, length);
      return;
    }
    (async () => {
      let written = 0;
      for await (const chunk of this.range(position, position + length)) {
        chunk.copy(buffer, offset + written);
        written += chunk.length;
      }
      return written;
    })().then(
      (n) => callback(null, n),
      (err: unknown) => callback(err as Error),
    );
  }

  override close(callback: (err: Error | null) => void): void {
    this.blocks.clear();
    this.loaded.clear();
    close(this.fd, (err) => callback(err ?? null));
  }
}

const ZIP_OPTIONS = {
  lazyEntries: true,
  autoClose: true,
  decodeStrings: true,
  validateEntrySizes: true,
  strictFileNames: false,
};

function openZip(
  path: string,
  size: number,
  options: ReadOptions,
): Promise<{ zip: yauzl.ZipFile; reader: BlockCacheReader }> {
  return new Promise((resolve, reject) => {
    openFd(path, 'r', (err, fd) => {
      if (err) return reject(err);
      const reader = new BlockCacheReader(fd, size, options.blockSize, options.maxBlocks);
      yauzl.fromRandomAccessReader(reader, size, ZIP_OPTIONS, (zipErr, zip) => {
        if (zipErr || !zip) {
          reader.close(() => undefined);
          reject(zipErr ?? new Error('no zip file'));
        } else resolve({ zip, reader });
      });
    });
  });
}

function openStream(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
): Promise<NodeJS.ReadableStream & { destroy(): void }> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) reject(err ?? new Error('no stream'));
      else resolve(stream as NodeJS.ReadableStream & { destroy(): void });
    });
  });
}

/** Maps an error from yauzl or zlib to a JarCheckError naming the file and the problem. */
function archiveError(path: string, err: unknown, looksLikeZip: boolean, entry?: string): JarCheckError {
  const msg = (err as Error)?.message ?? String(err);
  const where = entry ? ` (entry ${entry})` : '';
  if (/end of central directory record signature not found/i.test(msg)) {
    return looksLikeZip
      ? new JarCheckError(
          path,
          'TRUNCATED',
          `${path} is a truncated zip archive: it starts like a JAR but its central directory is missing (incomplete download or upload?).`,
        )
      : new JarCheckError(
          path,
          'NOT_A_ZIP',
          `${path} is not a JAR or zip archive (no zip central directory).`,
        );
  }
  if (/overflows file bounds|unexpected EOF|unexpected end|truncated/i.test(msg)) {
    return new JarCheckError(path, 'TRUNCATED', `${path} is truncated${where}: ${msg}.`);
  }
  return new JarCheckError(path, 'CORRUPT', `${path} is not a valid zip archive${where}: ${msg}.`);
}

/** Reads the archive, calling the handlers; resolves once every requested entry has been handled. */
export async function readArchive<T>(
  path: string,
  size: number,
  handlers: ArchiveHandlers<T>,
  options: ReadOptions = {},
): Promise<ArchiveInfo> {
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const maxTextBytes = options.maxTextBytes ?? 1024 * 1024;
  let zip: yauzl.ZipFile;
  let reader: BlockCacheReader;
  try {
    ({ zip, reader } = await openZip(path, size, options));
  } catch (err) {
    throw archiveError(path, err, await startsWithLocalHeader(path).catch(() => false));
  }
  const info: ArchiveInfo = { entries: zip.entryCount, bytes: size };

  return new Promise<ArchiveInfo>((resolve, reject) => {
    let inFlight = 0;
    let ended = false;
    let failed = false;
    let waiting = false; // a readEntry() is pending

    const fail = (err: unknown, entry?: string): void => {
      if (failed) return;
      failed = true;
      zip.close();
      reject(err instanceof JarCheckError ? err : archiveError(path, err, true, entry));
    };
    const next = (): void => {
      if (failed) return;
      if (ended) {
        if (inFlight === 0) resolve(info);
        return;
      }
      if (!waiting && inFlight < concurrency) {
        waiting = true;
        zip.readEntry();
      }
    };
    const done = (): void => {
      inFlight--;
      next();
    };

    zip.on('error', (err: unknown) => fail(err));
    zip.on('end', () => {
      ended = true;
      waiting = false;
      next();
    });
    zip.on('entry', (entry: yauzl.Entry) => {
      waiting = false;
      const name = entry.fileName;
      const action = name.endsWith('/') ? 'skip' : handlers.classify(name, entry.uncompressedSize);
      if (action === 'skip' || (action === 'text' && entry.uncompressedSize > maxTextBytes)) {
        next();
        return;
      }
      inFlight++;
      const work =
        action === 'class' ? readClass(zip, reader, entry, handlers) : readText(zip, entry, handlers);
      work.then(done, (err: unknown) => fail(err, name));
      next();
    });
    next();
  });
}

async function readText<T>(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  handlers: ArchiveHandlers<T>,
): Promise<void> {
  const stream = await openStream(zip, entry);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  handlers.onText(entry.fileName, Buffer.concat(chunks).toString('utf8'));
}

/**
 * First read of a class entry's compressed bytes. Inflating costs per byte of output, so the first
 * read is small: on a 200 MiB JAR of bytecode-heavy classes 2 KiB halved the bytes inflated against
 * 4 KiB (every constant pool fitted), and on flink-dist (33,659 classes, most under 2 KiB) it took
 * 7 % more inflate calls. A short read is retried once, sized on the parser's estimate.
 */
const FIRST_READ = 2 * 1024;

/**
 * Reads the start of a class entry straight from the block cache: the local header, then the first
 * compressed bytes, inflated synchronously with Z_SYNC_FLUSH (partial input is fine), growing the
 * read only while the parser asks for more. The ref taken on the reader keeps yauzl from closing
 * the file while this runs.
 */
async function readClass<T>(
  zip: yauzl.ZipFile,
  reader: BlockCacheReader,
  entry: yauzl.Entry,
  handlers: ArchiveHandlers<T>,
): Promise<void> {
  const name = entry.fileName;
  if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
    handlers.onUnreadableClass(name, 'encrypted entry');
    return;
  }
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    handlers.onUnreadableClass(name, `unsupported compression method ${entry.compressionMethod}`);
    return;
  }
  reader.ref();
  try {
    const headerAt = entry.relativeOffsetOfLocalHeader;
    const header = reader.bytesSync(headerAt, headerAt + 30) ?? (await reader.bytes(headerAt, headerAt + 30));
    if (header.readUInt32LE(0) !== 0x04034b50)
      throw new Error(`invalid local file header signature: 0x${header.readUInt32LE(0).toString(16)}`);
    const dataStart = headerAt + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const total = entry.compressedSize;
    if (dataStart + total > reader.fileSize) throw new Error('file data overflows file bounds');
    let take = Math.min(total, FIRST_READ);
    for (;;) {
      // a view of a cached block, used synchronously below, or a copy when it had to be loaded
      const raw =
        reader.bytesSync(dataStart, dataStart + take) ?? (await reader.bytes(dataStart, dataStart + take));
      const data =
        entry.compressionMethod === 0
          ? raw
          : inflateRawSync(raw, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
      try {
        handlers.onClass(name, handlers.parseClass(data));
        return;
      } catch (err) {
        if (err instanceof NeedMoreBytes && take < total) {
          // next read sized on the parser's estimate and the compression ratio seen so far
          const compressedPerByte = take / Math.max(1, data.length);
          const wanted = Math.ceil(err.estimate * compressedPerByte * 1.25);
          take = Math.min(total, Math.max(take * 2, wanted));
          continue;
        }
        handlers.onUnreadableClass(
          name,
          err instanceof NeedMoreBytes ? 'truncated class file' : (err as Error).message,
        );
        return;
      }
    }
  } finally {
    reader.unref();
  }
}
