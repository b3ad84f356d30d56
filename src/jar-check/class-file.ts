/**
 * Reads what the JAR check needs from a class file, and nothing more: the header, the constant pool,
 * the class's own names (this, super, interfaces) and its fields. Methods and attributes are never
 * read, so the caller can stop inflating the entry as soon as `parseClassFile` stops asking for data.
 *
 * Format: JVM Specification §4.1 (ClassFile), §4.4 (constant pool). Pure: no I/O.
 */

/** Thrown internally when the buffer ends before the part we need; the caller feeds more bytes. */
export class NeedMoreBytes extends Error {
  /**
   * @param estimate bytes from the start of the class file the parser expects to need in all (an
   *   extrapolation from the constants read so far), so the caller can size its next read
   */
  constructor(readonly estimate = 0) {
    super('class file truncated');
    this.name = 'NeedMoreBytes';
  }
}

export class NotAClassFile extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotAClassFile';
  }
}

export const ACC_PUBLIC = 0x0001;
export const ACC_STATIC = 0x0008;
export const ACC_TRANSIENT = 0x0080;
export const ACC_INTERFACE = 0x0200;
export const ACC_ABSTRACT = 0x0400;
export const ACC_SYNTHETIC = 0x1000;
export const ACC_ANNOTATION = 0x2000;
export const ACC_ENUM = 0x4000;

export interface FieldInfo {
  access: number;
  name: string;
  /** e.g. `Ljava/util/HashMap;` */
  descriptor: string;
}

export interface MethodRef {
  /** internal name of the class the call is compiled against */
  owner: string;
  name: string;
  /** e.g. `(Lorg/apache/flink/configuration/Configuration;)V` */
  descriptor: string;
}

export interface ClassSummary {
  /** internal name, e.g. `com/example/Job` */
  name: string;
  major: number;
  minor: number;
  access: number;
  superName?: string;
  interfaces: string[];
  /**
   * Classes this class refers to (CONSTANT_Class entries and `L...;` types inside descriptors and
   * signatures) that pass `isInteresting`; never the class itself. Array types are reduced to their
   * element class.
   */
  refs: string[];
  /** Method references whose owner passes `isInteresting`. */
  methodRefs: MethodRef[];
  /** Fields whose descriptor passes `isInterestingField` (all fields when not given). */
  fields: FieldInfo[];
  /** which of `ParseOptions.utf8Constants` the constant pool contains */
  constants: string[];
  /**
   * Types found inside descriptors and generic signatures under `ParseOptions.signaturePrefixes`
   * (e.g. `java/util/List` in `TypeHint<List<Long>>`), unfiltered.
   */
  signatureRefs: string[];
}

export interface ParseOptions {
  /** which referenced classes to keep (default: all) */
  isInteresting?: (internalName: string) => boolean;
  /**
   * When given, only referenced classes whose internal name starts with one of these prefixes are
   * decoded and passed to `isInteresting`: a byte comparison instead of a string per constant.
   */
  refPrefixes?: readonly string[];
  /**
   * Package prefixes (e.g. `org/apache/flink/`) searched as `L<prefix>` inside the constant pool's
   * UTF-8 entries, to find types that appear only in descriptors and generic signatures.
   */
  descriptorPrefixes?: readonly string[];
  /** which fields to keep (default: all) */
  isInterestingField?: (field: FieldInfo) => boolean;
  /**
   * Exact CONSTANT_Utf8 values to look for (e.g. a method name and descriptor the class declares),
   * found by a byte search for the encoded constant (tag, length, bytes).
   */
  utf8Constants?: readonly string[];
  /** Package prefixes searched like `descriptorPrefixes`, reported in `signatureRefs` without filter. */
  signaturePrefixes?: readonly string[];
}

/** Class-file major version → Java feature release (52 → 8, 55 → 11, 61 → 17, 65 → 21). */
export function javaReleaseForMajor(major: number): number {
  return major >= 49 ? major - 44 : major >= 45 ? 1 : 0;
}

/** Java feature release → class-file major version. */
export function majorForJavaRelease(release: number): number {
  return release + 44;
}

// constant pool tags (JVMS Table 4.4-B)
const UTF8 = 1;
const CLASS = 7;
const METHODREF = 10;
const INTERFACE_METHODREF = 11;
const NAME_AND_TYPE = 12;

/** Byte size of a constant after its tag byte, for the fixed-size tags. */
const FIXED_SIZES: Record<number, number> = {
  3: 4, // Integer
  4: 4, // Float
  5: 8, // Long (two slots)
  6: 8, // Double (two slots)
  7: 2, // Class
  8: 2, // String
  9: 4, // Fieldref
  10: 4, // Methodref
  11: 4, // InterfaceMethodref
  12: 4, // NameAndType
  15: 3, // MethodHandle
  16: 2, // MethodType
  17: 4, // Dynamic
  18: 4, // InvokeDynamic
  19: 2, // Module
  20: 2, // Package
};
/** The same as a table indexed by tag: 0 for UTF-8 and unknown tags. */
const FIXED_SIZE = new Uint8Array(256);
for (const [tag, size] of Object.entries(FIXED_SIZES)) FIXED_SIZE[Number(tag)] = size;

/** Reduces `[[Lcom/x/Y;` to `com/x/Y`; returns undefined for primitive arrays. */
function elementClass(name: string): string | undefined {
  if (!name.startsWith('[')) return name;
  const i = name.indexOf('L');
  if (i < 0) return undefined;
  return name.slice(i + 1, name.endsWith(';') ? -1 : undefined);
}

/** Encoded forms of the option lists, computed once per list (the options are module constants). */
const encodedPrefixes = new WeakMap<readonly string[], Buffer[]>();
const encodedConstants = new WeakMap<readonly string[], Map<number, { value: string; bytes: Buffer }[]>>();

function prefixBytes(list: readonly string[]): Buffer[] {
  let out = encodedPrefixes.get(list);
  if (!out) {
    out = list.map((p) => Buffer.from(p, 'utf8'));
    encodedPrefixes.set(list, out);
  }
  return out;
}

/** `utf8Constants` by encoded length, so the pool walk compares only constants of a matching length. */
function constantsByLength(list: readonly string[]): Map<number, { value: string; bytes: Buffer }[]> {
  let out = encodedConstants.get(list);
  if (!out) {
    out = new Map();
    for (const value of list) {
      const bytes = Buffer.from(value, 'utf8');
      const same = out.get(bytes.length) ?? [];
      same.push({ value, bytes });
      out.set(bytes.length, same);
    }
    encodedConstants.set(list, out);
  }
  return out;
}

/** The big-endian unsigned 16-bit value at `at` (bounds checked by the caller). */
function u16(buf: Buffer, at: number): number {
  return ((buf[at] as number) << 8) | (buf[at + 1] as number);
}

/** Whether `buf[start, end)` begins with one of `prefixes`. */
function startsWithAny(buf: Buffer, start: number, end: number, prefixes: Buffer[]): boolean {
  for (const prefix of prefixes) {
    if (end - start < prefix.length) continue;
    let i = 0;
    while (i < prefix.length && buf[start + i] === prefix[i]) i++;
    if (i === prefix.length) return true;
  }
  return false;
}

/** Whether `buf[start, start + length)` holds exactly `bytes`. */
function bytesEqual(buf: Buffer, start: number, bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (buf[start + i] !== bytes[i]) return false;
  return true;
}

/**
 * Parses the start of a class file. Throws `NeedMoreBytes` if `buf` ends before the fields section
 * is complete, `NotAClassFile` if the magic number or a constant is wrong.
 */
export function parseClassFile(buf: Buffer, options: ParseOptions = {}): ClassSummary {
  let read = 0; // constants read, for the estimate of a short buffer
  let count = 0;
  const need = (end: number): void => {
    if (end <= buf.length) return;
    // within the pool: its size extrapolated from the constants read so far, plus room for fields
    const estimate = read > 0 && read < count ? Math.ceil((end / read) * count) + 256 : end + 256;
    throw new NeedMoreBytes(estimate);
  };
  need(10);
  if (buf.readUInt32BE(0) !== 0xcafebabe) throw new NotAClassFile('bad magic number');
  const minor = u16(buf, 4);
  const major = u16(buf, 6);
  count = u16(buf, 8);

  const tags = new Uint8Array(count);
  const offsets = new Int32Array(count); // offset of the constant's payload (after the tag)
  const wanted = options.utf8Constants ? constantsByLength(options.utf8Constants) : undefined;
  const constants: string[] = [];
  let p = 10;
  for (let i = 1; i < count; i++) {
    read = i;
    need(p + 1);
    const tag = buf[p] as number;
    tags[i] = tag;
    offsets[i] = p + 1;
    if (tag === UTF8) {
      need(p + 3);
      const length = u16(buf, p + 1);
      const same = wanted?.get(length);
      if (same) {
        need(p + 3 + length);
        for (const c of same) {
          if (!constants.includes(c.value) && bytesEqual(buf, p + 3, c.bytes)) constants.push(c.value);
        }
      }
      p += 3 + length;
    } else {
      const size = FIXED_SIZE[tag] as number;
      if (size === 0) throw new NotAClassFile(`unknown constant-pool tag ${tag} at index ${i}`);
      p += 1 + size;
      if (tag === 5 || tag === 6) i++; // 8-byte constants take two slots
    }
  }
  read = count;
  need(p);
  const poolEnd = p;

  const utf8Cache = new Map<number, string>();
  const utf8 = (index: number): string => {
    const cached = utf8Cache.get(index);
    if (cached !== undefined) return cached;
    if (index <= 0 || index >= count || tags[index] !== UTF8) {
      throw new NotAClassFile(`constant ${index} is not a UTF-8 entry`);
    }
    const off = offsets[index] as number;
    const len = u16(buf, off);
    const s = buf.toString('utf8', off + 2, off + 2 + len);
    utf8Cache.set(index, s);
    return s;
  };
  const className = (index: number): string => {
    if (index <= 0 || index >= count || tags[index] !== CLASS) {
      throw new NotAClassFile(`constant ${index} is not a class entry`);
    }
    return utf8(u16(buf, offsets[index] as number));
  };

  need(p + 8);
  const access = u16(buf, p);
  const thisIndex = u16(buf, p + 2);
  const superIndex = u16(buf, p + 4);
  const interfacesCount = u16(buf, p + 6);
  p += 8;
  need(p + interfacesCount * 2 + 2);
  const interfaces: string[] = [];
  for (let i = 0; i < interfacesCount; i++) interfaces.push(className(u16(buf, p + i * 2)));
  p += interfacesCount * 2;

  const fieldsCount = u16(buf, p);
  p += 2;
  const rawFields: { access: number; name: number; descriptor: number }[] = [];
  for (let i = 0; i < fieldsCount; i++) {
    need(p + 8);
    rawFields.push({
      access: u16(buf, p),
      name: u16(buf, p + 2),
      descriptor: u16(buf, p + 4),
    });
    const attributes = u16(buf, p + 6);
    p += 8;
    for (let a = 0; a < attributes; a++) {
      need(p + 6);
      p += 6 + buf.readUInt32BE(p + 2);
    }
  }
  need(p);

  // Everything needed is in the buffer: resolve names.
  const name = className(thisIndex);
  const superName = superIndex === 0 ? undefined : className(superIndex);
  const keep = options.isInteresting ?? (() => true);
  const prefixes = options.refPrefixes ? prefixBytes(options.refPrefixes) : undefined;
  /** false when the class constant's name (element type of an array) cannot start with a prefix */
  const mayKeep = (classIndex: number): boolean => {
    if (!prefixes || classIndex <= 0 || classIndex >= count || tags[classIndex] !== CLASS) return true;
    const utf8Index = u16(buf, offsets[classIndex] as number);
    if (utf8Index <= 0 || utf8Index >= count || tags[utf8Index] !== UTF8) return true;
    const off = offsets[utf8Index] as number;
    const end = off + 2 + u16(buf, off);
    let start = off + 2;
    if (buf[start] === 0x5b) {
      while (buf[start] === 0x5b) start++; // [
      if (buf[start] !== 0x4c) return false; // an array of primitives
      start++; // L
    }
    return startsWithAny(buf, start, end, prefixes);
  };

  const refs = new Set<string>();
  const methodRefs: MethodRef[] = [];
  for (let i = 1; i < count; i++) {
    const tag = tags[i];
    if (tag === CLASS) {
      if (!mayKeep(i)) continue;
      const ref = elementClass(utf8(u16(buf, offsets[i] as number)));
      if (ref !== undefined && ref !== name && keep(ref)) refs.add(ref);
    } else if (tag === METHODREF || tag === INTERFACE_METHODREF) {
      const off = offsets[i] as number;
      const ownerIndex = u16(buf, off);
      const natIndex = u16(buf, off + 2);
      if (!mayKeep(ownerIndex)) continue;
      const owner = elementClass(className(ownerIndex));
      if (owner === undefined || !keep(owner)) continue;
      if (tags[natIndex] !== NAME_AND_TYPE)
        throw new NotAClassFile(`constant ${natIndex} is not a name-and-type`);
      const nat = offsets[natIndex] as number;
      methodRefs.push({
        owner,
        name: utf8(u16(buf, nat)),
        descriptor: utf8(u16(buf, nat + 2)),
      });
    }
  }
  // Types that appear only inside descriptors / signatures (`Lorg/apache/flink/...;`), found by a
  // native byte search over the pool instead of decoding every UTF-8 constant.
  const pool = buf.subarray(0, poolEnd); // never search past the pool (methods, padding)
  const searchPool = (prefix: string, found: (ref: string) => void): void => {
    const needle = `L${prefix}`;
    let at = pool.indexOf(needle, 10, 'latin1');
    while (at >= 0) {
      let end = at + needle.length;
      while (end < poolEnd && isNameByte(buf[end] as number)) end++;
      // A real descriptor type ends with `;` (or `<` for generics); anything else is a coincidence,
      // e.g. a UTF-8 length byte of 0x4C ('L') right before a class name.
      const terminator = buf[end];
      if (terminator === 0x3b || terminator === 0x3c) found(buf.toString('utf8', at + 1, end));
      at = pool.indexOf(needle, end, 'latin1');
    }
  };
  for (const prefix of options.descriptorPrefixes ?? []) {
    searchPool(prefix, (ref) => {
      if (ref !== name && keep(ref)) refs.add(ref);
    });
  }
  const signatureRefs = new Set<string>();
  for (const prefix of options.signaturePrefixes ?? []) searchPool(prefix, (ref) => signatureRefs.add(ref));

  const fields: FieldInfo[] = [];
  for (const f of rawFields) {
    const field = { access: f.access, name: utf8(f.name), descriptor: utf8(f.descriptor) };
    if (!options.isInterestingField || options.isInterestingField(field)) fields.push(field);
  }

  const summary: ClassSummary = {
    name,
    major,
    minor,
    access,
    interfaces,
    refs: [...refs],
    methodRefs,
    fields,
    constants,
    signatureRefs: [...signatureRefs],
  };
  if (superName !== undefined) summary.superName = superName;
  return summary;
}

/** Bytes that can appear in an internal class name: letters, digits, `_`, `$`, `/`, and non-ASCII. */
function isNameByte(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x5f || // _
    c === 0x24 || // $
    c === 0x2f || // /
    c >= 0x80
  );
}
