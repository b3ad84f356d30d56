/**
 * Reads the operator uids a Flink job sets, statically, from its class files: the String constants
 * passed to `uid(String)` / `setUid(String)` of Flink's DataStream/Transformation API. The methods'
 * Code attributes are scanned for an `ldc`/`ldc_w` of a String followed, directly or after a few
 * stack-neutral instructions (`checkcast`, `nop`), by an `invokevirtual`/`invokeinterface` of a method
 * of an `org/apache/flink/` class named `uid` or `setUid` taking a String.
 *
 * And the operator id Flink derives from a uid (StreamGraphHasherV2: Guava's murmur3_128, seed 0, over
 * the uid's UTF-8 bytes), which Flink names in "Cannot map checkpoint/savepoint state for operator …".
 *
 * Format: JVM Specification §4.1 (ClassFile), §4.4 (constant pool), §4.7.3 (Code), §6.5 (instructions).
 * Pure: no I/O.
 */

/** A class file that cannot be read (the emulator stays independent of the action's JAR check). */
export class NotAClassFile extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotAClassFile';
  }
}

const UTF8 = 1;
const CLASS = 7;
const STRING = 8;
const METHODREF = 10;
const INTERFACE_METHODREF = 11;
const NAME_AND_TYPE = 12;

/** Byte size of a constant after its tag byte (0: UTF-8, sized by its length; undefined: unknown). */
const CONSTANT_SIZE: Record<number, number> = {
  1: 0,
  3: 4,
  4: 4,
  5: 8,
  6: 8,
  7: 2,
  8: 2,
  9: 4,
  10: 4,
  11: 4,
  12: 4,
  15: 3,
  16: 2,
  17: 4,
  18: 4,
  19: 2,
  20: 2,
};

const LDC = 0x12;
const LDC_W = 0x13;
const INVOKEVIRTUAL = 0xb6;
const INVOKEINTERFACE = 0xb9;
const TABLESWITCH = 0xaa;
const LOOKUPSWITCH = 0xab;
const WIDE = 0xc4;
const IINC = 0x84;
/** instructions that leave the operand stack's top as it was: a uid may pass through them */
const STACK_NEUTRAL = new Set([0x00 /* nop */, 0xc0 /* checkcast */]);
/** at most this many stack-neutral instructions between the constant and the call */
const MAX_NEUTRAL = 3;

/** Length of each fixed-size instruction (opcode included); 0 for the variable-length ones. */
const INSTRUCTION_LENGTH = new Uint8Array(256).fill(1);
const set = (length: number, ...opcodes: number[]): void => {
  for (const op of opcodes) INSTRUCTION_LENGTH[op] = length;
};
set(2, 0x10, LDC, 0x15, 0x16, 0x17, 0x18, 0x19, 0x36, 0x37, 0x38, 0x39, 0x3a, 0xa9, 0xbc);
set(3, 0x11, LDC_W, 0x14, IINC, 0xbb, 0xbd, 0xc0, 0xc1, 0xc6, 0xc7);
for (let op = 0x99; op <= 0xa8; op++) set(3, op); // if*, goto, jsr
for (let op = 0xb2; op <= 0xb8; op++) set(3, op); // get/put field/static, invokevirtual/special/static
set(5, INVOKEINTERFACE, 0xba, 0xc8, 0xc9);
set(4, 0xc5);
set(0, TABLESWITCH, LOOKUPSWITCH, WIDE);

const UID_METHODS = new Set(['uid', 'setUid']);

/** The uids set in one class file, in the order found (duplicates removed). */
export function readOperatorUids(buf: Buffer): string[] {
  const fail = (why: string): never => {
    throw new NotAClassFile(why);
  };
  const check = (end: number): void => {
    if (end > buf.length) fail('class file truncated');
  };
  check(10);
  if (buf.readUInt32BE(0) !== 0xcafebabe) fail('bad magic number');
  const count = buf.readUInt16BE(8);
  const tags = new Uint8Array(count);
  const offsets = new Int32Array(count);
  let p = 10;
  for (let i = 1; i < count; i++) {
    check(p + 1);
    const tag = buf[p] as number;
    tags[i] = tag;
    offsets[i] = p + 1;
    const size = CONSTANT_SIZE[tag];
    if (size === undefined) fail(`unknown constant-pool tag ${tag} at index ${i}`);
    if (tag === UTF8) {
      check(p + 3);
      p += 3 + buf.readUInt16BE(p + 1);
    } else {
      p += 1 + (size as number);
      if (tag === 5 || tag === 6) i++;
    }
  }
  check(p);
  const utf8 = (index: number): string => {
    if (index <= 0 || index >= count || tags[index] !== UTF8) fail(`constant ${index} is not UTF-8`);
    const off = offsets[index] as number;
    return buf.toString('utf8', off + 2, off + 2 + buf.readUInt16BE(off));
  };
  /** the String constant at `index`, or undefined when it is another kind of constant */
  const stringConstant = (index: number): string | undefined =>
    index > 0 && index < count && tags[index] === STRING
      ? utf8(buf.readUInt16BE(offsets[index] as number))
      : undefined;
  /** whether the method ref at `index` is Flink's uid(String) / setUid(String) */
  const isUidCall = (index: number): boolean => {
    if (index <= 0 || index >= count) return false;
    const tag = tags[index];
    if (tag !== METHODREF && tag !== INTERFACE_METHODREF) return false;
    const off = offsets[index] as number;
    const owner = buf.readUInt16BE(off);
    const nat = buf.readUInt16BE(off + 2);
    if (tags[owner] !== CLASS || tags[nat] !== NAME_AND_TYPE) return false;
    const natOff = offsets[nat] as number;
    if (!UID_METHODS.has(utf8(buf.readUInt16BE(natOff)))) return false;
    if (!utf8(buf.readUInt16BE(natOff + 2)).startsWith('(Ljava/lang/String;)')) return false;
    return utf8(buf.readUInt16BE(offsets[owner] as number)).startsWith('org/apache/flink/');
  };

  // access, this, super, interfaces
  check(p + 8);
  p += 6;
  const interfaces = buf.readUInt16BE(p);
  p += 2 + interfaces * 2;
  const skipMembers = (onCode?: (start: number, end: number) => void): void => {
    check(p + 2);
    const members = buf.readUInt16BE(p);
    p += 2;
    for (let m = 0; m < members; m++) {
      check(p + 8);
      const attributes = buf.readUInt16BE(p + 6);
      p += 8;
      for (let a = 0; a < attributes; a++) {
        check(p + 6);
        const length = buf.readUInt32BE(p + 2);
        check(p + 6 + length);
        if (onCode && utf8(buf.readUInt16BE(p)) === 'Code') {
          const codeLength = buf.readUInt32BE(p + 10);
          const start = p + 14;
          if (start + codeLength > p + 6 + length) fail('Code attribute truncated');
          onCode(start, start + codeLength);
        }
        p += 6 + length;
      }
    }
  };

  const uids: string[] = [];
  const scan = (start: number, end: number): void => {
    let pending: string | undefined;
    let neutral = 0;
    let pc = start;
    while (pc < end) {
      const op = buf[pc] as number;
      let length = INSTRUCTION_LENGTH[op] as number;
      if (op === TABLESWITCH || op === LOOKUPSWITCH) {
        const pad = (4 - ((pc - start + 1) % 4)) % 4;
        const base = pc + 1 + pad;
        check(base + 12);
        if (op === TABLESWITCH) {
          const low = buf.readInt32BE(base + 4);
          const high = buf.readInt32BE(base + 8);
          length = 1 + pad + 12 + (high - low + 1) * 4;
        } else {
          length = 1 + pad + 8 + buf.readInt32BE(base + 4) * 8;
        }
      } else if (op === WIDE) {
        length = buf[pc + 1] === IINC ? 6 : 4;
      }
      if (length <= 0 || pc + length > end) fail(`bad instruction 0x${op.toString(16)} at ${pc - start}`);
      if (op === LDC || op === LDC_W) {
        pending = stringConstant(op === LDC ? (buf[pc + 1] as number) : buf.readUInt16BE(pc + 1));
        neutral = 0;
      } else if (pending !== undefined && (op === INVOKEVIRTUAL || op === INVOKEINTERFACE)) {
        if (isUidCall(buf.readUInt16BE(pc + 1)) && !uids.includes(pending)) uids.push(pending);
        pending = undefined;
      } else if (pending !== undefined && STACK_NEUTRAL.has(op) && neutral < MAX_NEUTRAL) {
        neutral++;
      } else {
        pending = undefined;
      }
      pc += length;
    }
  };

  skipMembers(); // fields
  skipMembers(scan); // methods
  return uids;
}

/**
 * The operator uids set by the classes of a job (sorted, duplicates removed); class files that do not
 * parse are skipped. Empty when none is found: the uids are then unknown.
 */
export function operatorUidsOfClasses(classes: Iterable<Buffer>): string[] {
  const all = new Set<string>();
  for (const bytes of classes) {
    try {
      for (const uid of readOperatorUids(bytes)) all.add(uid);
    } catch (err) {
      if (!(err instanceof NotAClassFile)) throw err;
    }
  }
  return [...all].sort();
}

const MASK = (1n << 64n) - 1n;
const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;

function rotl(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & MASK;
}

function fmix(k: bigint): bigint {
  k ^= k >> 33n;
  k = (k * 0xff51afd7ed558ccdn) & MASK;
  k ^= k >> 33n;
  k = (k * 0xc4ceb9fe1a85ec53n) & MASK;
  k ^= k >> 33n;
  return k;
}

/** MurmurHash3 x64 128 (as Guava's `Hashing.murmur3_128(seed)`), its 16 bytes as Guava's `asBytes`. */
export function murmur3x64128(data: Buffer, seed = 0): Buffer {
  let h1 = BigInt(seed) & MASK;
  let h2 = h1;
  const blocks = Math.floor(data.length / 16);
  for (let b = 0; b < blocks; b++) {
    let k1 = data.readBigUInt64LE(b * 16);
    let k2 = data.readBigUInt64LE(b * 16 + 8);
    k1 = (rotl((k1 * C1) & MASK, 31n) * C2) & MASK;
    h1 ^= k1;
    h1 = (((rotl(h1, 27n) + h2) & MASK) * 5n + 0x52dce729n) & MASK;
    k2 = (rotl((k2 * C2) & MASK, 33n) * C1) & MASK;
    h2 ^= k2;
    h2 = (((rotl(h2, 31n) + h1) & MASK) * 5n + 0x38495ab5n) & MASK;
  }
  const tail = data.subarray(blocks * 16);
  let k1 = 0n;
  let k2 = 0n;
  for (let i = tail.length - 1; i >= 8; i--) k2 = (k2 << 8n) | BigInt(tail[i] as number);
  for (let i = Math.min(tail.length, 8) - 1; i >= 0; i--) k1 = (k1 << 8n) | BigInt(tail[i] as number);
  if (tail.length > 8) h2 ^= (rotl((k2 * C2) & MASK, 33n) * C1) & MASK;
  if (tail.length > 0) h1 ^= (rotl((k1 * C1) & MASK, 31n) * C2) & MASK;
  const len = BigInt(data.length);
  h1 ^= len;
  h2 ^= len;
  h1 = (h1 + h2) & MASK;
  h2 = (h2 + h1) & MASK;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) & MASK;
  h2 = (h2 + h1) & MASK;
  const out = Buffer.alloc(16);
  out.writeBigUInt64LE(h1, 0);
  out.writeBigUInt64LE(h2, 8);
  return out;
}

/** The OperatorID Flink derives from a user-set uid, as Flink prints it (32 hex digits). */
export function operatorIdOfUid(uid: string): string {
  return murmur3x64128(Buffer.from(uid, 'utf8')).toString('hex');
}
