/**
 * The flexible checksums S3 computes and returns (`x-amz-checksum-<algorithm>`, base64 of the big-endian
 * digest), computed incrementally while a body streams in. XXHASH variants are not computed: a value a
 * client sends for them is stored and returned unverified.
 */
import { createHash, type Hash } from 'node:crypto';
import * as zlib from 'node:zlib';

export const CHECKSUM_ALGORITHMS = [
  'CRC32',
  'CRC32C',
  'CRC64NVME',
  'SHA1',
  'SHA256',
  'SHA512',
  'MD5',
] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export function isChecksumAlgorithm(name: string): name is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(name);
}

export interface Checksum {
  update(data: Buffer): void;
  /** base64 digest */
  digest(): string;
}

const crc32cTable = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

const crc64Table = (() => {
  const poly = 0x9a6c9329ac4bc9b5n; // CRC-64/NVME, reflected
  const t: bigint[] = [];
  for (let i = 0n; i < 256n; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1n ? poly ^ (c >> 1n) : c >> 1n;
    t.push(c);
  }
  return t;
})();

function u32(value: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0, 0);
  return b.toString('base64');
}

function crc32(): Checksum {
  let value = 0;
  const fn = (zlib as unknown as { crc32?: (d: Buffer, v?: number) => number }).crc32;
  return {
    update(data) {
      if (fn) value = fn(data, value);
      else throw new Error('zlib.crc32 needs node >= 20.15');
    },
    digest: () => u32(value),
  };
}

function crc32c(): Checksum {
  let c = 0xffffffff;
  return {
    update(data) {
      for (let i = 0; i < data.length; i++) c = crc32cTable[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
    },
    digest: () => u32((c ^ 0xffffffff) >>> 0),
  };
}

function crc64nvme(): Checksum {
  let c = 0xffffffffffffffffn;
  return {
    update(data) {
      for (let i = 0; i < data.length; i++)
        c = crc64Table[Number((c ^ BigInt(data[i]!)) & 0xffn)]! ^ (c >> 8n);
    },
    digest() {
      const b = Buffer.alloc(8);
      b.writeBigUInt64BE(c ^ 0xffffffffffffffffn, 0);
      return b.toString('base64');
    },
  };
}

function hash(name: string): Checksum {
  const h: Hash = createHash(name);
  return { update: (d) => void h.update(d), digest: () => h.digest('base64') };
}

export function createChecksum(algorithm: ChecksumAlgorithm): Checksum {
  switch (algorithm) {
    case 'CRC32':
      return crc32();
    case 'CRC32C':
      return crc32c();
    case 'CRC64NVME':
      return crc64nvme();
    case 'SHA1':
      return hash('sha1');
    case 'SHA256':
      return hash('sha256');
    case 'SHA512':
      return hash('sha512');
    case 'MD5':
      return hash('md5');
  }
}

export function checksumOf(algorithm: ChecksumAlgorithm, data: Buffer): string {
  const c = createChecksum(algorithm);
  c.update(data);
  return c.digest();
}

/** `x-amz-checksum-crc32` ↔ `CRC32` */
export function checksumHeader(algorithm: string): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}
