/**
 * Reads what the JAR check needs from a class file, and nothing more: the header, the constant pool,
 * the class's own names (this, super, interfaces) and its fields. Methods and attributes are never
 * read, so the caller can stop inflating the entry as soon as `parseClassFile` stops asking for data.
 *
 * Format: JVM Specification §4.1 (ClassFile), §4.4 (constant pool). Pure: no I/O.
 */

/** Thrown internally when the buffer ends before the part we need; the caller feeds more bytes. */
export class NeedMoreBytes extends Error {
  constructor() {
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
const FIXED_SIZE: Record<number, number> = {
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

/** Reduces `[[Lcom/x/Y;` to `com/x/Y`; returns undefined for primitive arrays. */
function elementClass(name: string): string | undefined {
  if (!name.startsWith('[')) return name;
  const i = name.indexOf('L');
  if (i < 0) return undefined;
  return name.slice(i + 1, name.endsWith(';') ? -1 : undefined);
}

/**
 * Parses the start of a class file. Throws `NeedMoreBytes` if `buf` ends before the fields section
 * is complete, `NotAClassFile` if the magic number or a constant is wrong.
 */
export function parseClassFile(buf: Buffer, options: ParseOptions = {}): ClassSummary {
  const need = (end: number): void => {
    if (end > buf.length) throw new NeedMoreBytes();
  };
  need(10);
  if (buf.readUInt32BE(0) !== 0xcafebabe) throw new NotAClassFile('bad magic number');
  const minor = buf.readUInt16BE(4);
  const major = buf.readUInt16BE(6);
  const count = buf.readUInt16BE(8);

  const tags = new Uint8Array(count);
  const offsets = new Int32Array(count); // offset of the constant's payload (after the tag)
  let p = 10;
  for (let i = 1; i < count; i++) {
    need(p + 1);
    const tag = buf[p] as number;
    tags[i] = tag;
    offsets[i] = p + 1;
    if (tag === UTF8) {
      need(p + 3);
      p += 3 + buf.readUInt16BE(p + 1);
    } else {
      const size = FIXED_SIZE[tag];
      if (size === undefined) throw new NotAClassFile(`unknown constant-pool tag ${tag} at index ${i}`);
      p += 1 + size;
      if (tag === 5 || tag === 6) i++; // 8-byte constants take two slots
    }
  }
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
    const len = buf.readUInt16BE(off);
    const s = buf.toString('utf8', off + 2, off + 2 + len);
    utf8Cache.set(index, s);
    return s;
  };
  const className = (index: number): string => {
    if (index <= 0 || index >= count || tags[index] !== CLASS) {
      throw new NotAClassFile(`constant ${index} is not a class entry`);
    }
    return utf8(buf.readUInt16BE(offsets[index] as number));
  };

  need(p + 8);
  const access = buf.readUInt16BE(p);
  const thisIndex = buf.readUInt16BE(p + 2);
  const superIndex = buf.readUInt16BE(p + 4);
  const interfacesCount = buf.readUInt16BE(p + 6);
  p += 8;
  need(p + interfacesCount * 2 + 2);
  const interfaces: string[] = [];
  for (let i = 0; i < interfacesCount; i++) interfaces.push(className(buf.readUInt16BE(p + i * 2)));
  p += interfacesCount * 2;

  const fieldsCount = buf.readUInt16BE(p);
  p += 2;
  const rawFields: { access: number; name: number; descriptor: number }[] = [];
  for (let i = 0; i < fieldsCount; i++) {
    need(p + 8);
    rawFields.push({
      access: buf.readUInt16BE(p),
      name: buf.readUInt16BE(p + 2),
      descriptor: buf.readUInt16BE(p + 4),
    });
    const attributes = buf.readUInt16BE(p + 6);
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

  const refs = new Set<string>();
  const methodRefs: MethodRef[] = [];
  for (let i = 1; i < count; i++) {
    const tag = tags[i];
    if (tag === CLASS) {
      const ref = elementClass(utf8(buf.readUInt16BE(offsets[i] as number)));
      if (ref !== undefined && ref !== name && keep(ref)) refs.add(ref);
    } else if (tag === METHODREF || tag === INTERFACE_METHODREF) {
      const off = offsets[i] as number;
      const ownerIndex = buf.readUInt16BE(off);
      const natIndex = buf.readUInt16BE(off + 2);
      const owner = elementClass(className(ownerIndex));
      if (owner === undefined || !keep(owner)) continue;
      if (tags[natIndex] !== NAME_AND_TYPE)
        throw new NotAClassFile(`constant ${natIndex} is not a name-and-type`);
      const nat = offsets[natIndex] as number;
      methodRefs.push({
        owner,
        name: utf8(buf.readUInt16BE(nat)),
        descriptor: utf8(buf.readUInt16BE(nat + 2)),
      });
    }
  }
  // Types that appear only inside descriptors / signatures (`Lorg/apache/flink/...;`), found by a
  // native byte search over the pool instead of decoding every UTF-8 constant.
  const searchPool = (prefix: string, found: (ref: string) => void): void => {
    const needle = Buffer.from(`L${prefix}`, 'latin1');
    let at = buf.indexOf(needle, 10);
    while (at >= 0 && at < poolEnd) {
      let end = at + needle.length;
      while (end < poolEnd && isNameByte(buf[end] as number)) end++;
      // A real descriptor type ends with `;` (or `<` for generics); anything else is a coincidence,
      // e.g. a UTF-8 length byte of 0x4C ('L') right before a class name.
      const terminator = buf[end];
      if (terminator === 0x3b || terminator === 0x3c) found(buf.toString('utf8', at + 1, end));
      at = buf.indexOf(needle, end);
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

  const constants: string[] = [];
  for (const value of options.utf8Constants ?? []) {
    const bytes = Buffer.from(value, 'utf8');
    const encoded = Buffer.concat([Buffer.from([UTF8, bytes.length >> 8, bytes.length & 0xff]), bytes]);
    const at = buf.indexOf(encoded, 10);
    if (at >= 0 && at + encoded.length <= poolEnd) constants.push(value);
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
