/**
 * Builds small, real JARs in tests: class files of a chosen class-file major version whose constant
 * pool references chosen classes and methods, with fields, interfaces and multi-release entries,
 * plus pom.properties / manifest entries, nested JARs and Python application zips. No binary fixtures.
 */
import { createWriteStream } from 'node:fs';
import yazl from 'yazl';

/** Java release → class-file major version (Java 8 = 52, 11 = 55, 17 = 61, 21 = 65). */
export function classMajorFor(javaRelease: number): number {
  return javaRelease + 44;
}

export interface FieldSpec {
  name: string;
  /** e.g. `Ljava/util/HashMap;` or `I` */
  descriptor: string;
  /** access flags (default 0x0002 = private) */
  access?: number;
}

export interface MethodRefSpec {
  /** internal name of the class the call is compiled against */
  owner: string;
  name: string;
  /** default `()V` */
  descriptor?: string;
  /** InterfaceMethodref instead of Methodref */
  isInterface?: boolean;
}

export interface ClassSpec {
  /** internal name, e.g. `com/example/Job` */
  name: string;
  /** class-file major version (default 55 = Java 11) */
  major?: number;
  superName?: string;
  /** internal names of classes the constant pool references (CONSTANT_Class) */
  references?: string[];
  /** extra CONSTANT_Utf8 strings (descriptors, signatures) */
  strings?: string[];
  interfaces?: string[];
  /** class access flags (default 0x0021 = public super) */
  access?: number;
  fields?: FieldSpec[];
  /** CONSTANT_Methodref / InterfaceMethodref entries */
  methodRefs?: MethodRefSpec[];
  /** pad the class with a trailing attribute of this many bytes (stands in for method bodies) */
  padding?: number;
  /**
   * Operator uids the class sets: a static method `main` whose code calls, for each,
   * `DataStream.uid(String)` on a constant (`aload_0; ldc_w; invokevirtual; pop`), as javac compiles
   * `stream.uid("…")`.
   */
  uids?: string[];
  /** written as META-INF/versions/<release>/<name>.class (multi-release JAR) */
  release?: number;
}

/** Deterministic filler bytes (xorshift), incompressible like real bytecode-heavy classes. */
function fillerBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed | 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A syntactically valid class file with the given constant pool, fields, and a method only for `uids`. */
export function buildClassFile(spec: ClassSpec): Buffer {
  const pool: Buffer[] = [];
  const utf8Index = new Map<string, number>();
  const classIndex = new Map<string, number>();
  let next = 1;
  const push = (entry: Buffer): number => {
    pool.push(entry);
    return next++;
  };
  const utf8 = (s: string): number => {
    const found = utf8Index.get(s);
    if (found) return found;
    const bytes = Buffer.from(s, 'utf8');
    const entry = Buffer.alloc(3 + bytes.length);
    entry.writeUInt8(1, 0);
    entry.writeUInt16BE(bytes.length, 1);
    bytes.copy(entry, 3);
    const index = push(entry);
    utf8Index.set(s, index);
    return index;
  };
  const cls = (name: string): number => {
    const found = classIndex.get(name);
    if (found) return found;
    const nameIndex = utf8(name);
    const entry = Buffer.alloc(3);
    entry.writeUInt8(7, 0);
    entry.writeUInt16BE(nameIndex, 1);
    const index = push(entry);
    classIndex.set(name, index);
    return index;
  };
  const methodRef = (m: MethodRefSpec): number => {
    const owner = cls(m.owner);
    const nat = Buffer.alloc(5);
    nat.writeUInt8(12, 0);
    nat.writeUInt16BE(utf8(m.name), 1);
    nat.writeUInt16BE(utf8(m.descriptor ?? '()V'), 3);
    const natIndex = push(nat);
    const ref = Buffer.alloc(5);
    ref.writeUInt8(m.isInterface ? 11 : 10, 0);
    ref.writeUInt16BE(owner, 1);
    ref.writeUInt16BE(natIndex, 3);
    return push(ref);
  };
  const thisIndex = cls(spec.name);
  const superIndex = cls(spec.superName ?? 'java/lang/Object');
  const interfaceIndexes = (spec.interfaces ?? []).map(cls);
  for (const ref of spec.references ?? []) cls(ref);
  for (const s of spec.strings ?? []) utf8(s);
  for (const m of spec.methodRefs ?? []) methodRef(m);
  const fields = (spec.fields ?? []).map((f) => ({
    access: f.access ?? 0x0002,
    name: utf8(f.name),
    descriptor: utf8(f.descriptor),
  }));
  const paddingName = spec.padding ? utf8('Padding') : 0;
  const uidCode: Buffer[] = [];
  if (spec.uids?.length) {
    const uidRef = methodRef({
      owner: 'org/apache/flink/streaming/api/datastream/SingleOutputStreamOperator',
      name: 'uid',
      descriptor:
        '(Ljava/lang/String;)Lorg/apache/flink/streaming/api/datastream/SingleOutputStreamOperator;',
    });
    for (const uid of spec.uids) {
      const str = Buffer.alloc(3);
      str.writeUInt8(8, 0);
      str.writeUInt16BE(utf8(uid), 1);
      const strIndex = push(str);
      uidCode.push(
        Buffer.from([0x2a, 0x13, strIndex >> 8, strIndex & 0xff, 0xb6, uidRef >> 8, uidRef & 0xff, 0x57]),
      );
    }
    uidCode.push(Buffer.from([0xb1])); // return
  }
  const codeName = uidCode.length ? utf8('Code') : 0;
  const mainName = uidCode.length ? utf8('main') : 0;
  const mainDescriptor = uidCode.length ? utf8('(Ljava/lang/Object;)V') : 0;

  const header = Buffer.alloc(10);
  header.writeUInt32BE(0xcafebabe, 0);
  header.writeUInt16BE(0, 4);
  header.writeUInt16BE(spec.major ?? 55, 6);
  header.writeUInt16BE(next, 8);

  const parts: Buffer[] = [header, ...pool];
  const u16 = (v: number): Buffer => {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(v, 0);
    return b;
  };
  parts.push(u16(spec.access ?? 0x0021), u16(thisIndex), u16(superIndex), u16(interfaceIndexes.length));
  for (const i of interfaceIndexes) parts.push(u16(i));
  parts.push(u16(fields.length));
  for (const f of fields) parts.push(u16(f.access), u16(f.name), u16(f.descriptor), u16(0));
  if (uidCode.length) {
    const code = Buffer.concat(uidCode);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(12 + code.length, 0);
    const codeLength = Buffer.alloc(4);
    codeLength.writeUInt32BE(code.length, 0);
    parts.push(u16(1), u16(0x0009), u16(mainName), u16(mainDescriptor), u16(1));
    parts.push(u16(codeName), length, u16(2), u16(1), codeLength, code, u16(0), u16(0));
  } else {
    parts.push(u16(0)); // methods
  }
  if (spec.padding) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(spec.padding, 0);
    parts.push(
      u16(1),
      u16(paddingName),
      len,
      fillerBytes(spec.padding, thisIndex * 7919 + spec.name.length * 104729 + spec.padding),
    );
  } else {
    parts.push(u16(0)); // attributes
  }
  return Buffer.concat(parts);
}

export interface JarSpec {
  classes?: ClassSpec[];
  /** Maven artifacts bundled, written as META-INF/maven/<groupId>/<artifactId>/pom.properties */
  artifacts?: { groupId: string; artifactId: string; version: string }[];
  /** MANIFEST.MF attributes */
  manifest?: Record<string, string>;
  /** adds `Multi-Release: true` to the manifest */
  multiRelease?: boolean;
  /** leave the manifest out */
  noManifest?: boolean;
  /** any other entries */
  files?: Record<string, string | Buffer>;
  /** JARs nested as entries (e.g. `lib/connector-1.0.jar`) */
  nestedJars?: Record<string, JarSpec>;
  /** store without compression (default: deflate) */
  store?: boolean;
}

async function fill(zip: yazl.ZipFile, spec: JarSpec): Promise<void> {
  const options = { compress: !spec.store, mtime: new Date('2026-01-01T00:00:00Z') };
  if (!spec.noManifest) {
    const attrs = {
      'Manifest-Version': '1.0',
      ...(spec.multiRelease ? { 'Multi-Release': 'true' } : {}),
      ...(spec.manifest ?? {}),
    };
    const manifest = Object.entries(attrs)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n');
    zip.addBuffer(Buffer.from(`${manifest}\r\n\r\n`), 'META-INF/MANIFEST.MF', options);
  }
  for (const a of spec.artifacts ?? []) {
    const props = `version=${a.version}\ngroupId=${a.groupId}\nartifactId=${a.artifactId}\n`;
    zip.addBuffer(Buffer.from(props), `META-INF/maven/${a.groupId}/${a.artifactId}/pom.properties`, options);
  }
  for (const c of spec.classes ?? []) {
    const path = c.release ? `META-INF/versions/${c.release}/${c.name}.class` : `${c.name}.class`;
    zip.addBuffer(buildClassFile(c), path, options);
  }
  for (const [name, content] of Object.entries(spec.files ?? {})) {
    zip.addBuffer(typeof content === 'string' ? Buffer.from(content) : content, name, options);
  }
  for (const [name, nested] of Object.entries(spec.nestedJars ?? {})) {
    zip.addBuffer(await buildJar(nested), name, { ...options, compress: false });
  }
  zip.end();
}

/** Builds the JAR in memory. */
export async function buildJar(spec: JarSpec): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
  await fill(zip, spec);
  return done;
}

/**
 * Streams a large JAR to a file without holding it in memory: `count` classes from `classAt(i)`
 * and `resources` extra entries from `resourceAt(i)`.
 */
export async function writeLargeJar(
  path: string,
  options: {
    count: number;
    classAt: (i: number) => ClassSpec;
    resources?: number;
    resourceAt?: (i: number) => { name: string; data: Buffer; store?: boolean };
    manifest?: Record<string, string>;
  },
): Promise<void> {
  const zip = new yazl.ZipFile();
  const out = createWriteStream(path);
  const finished = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
    zip.outputStream.on('error', reject);
  });
  zip.outputStream.pipe(out);
  const mtime = new Date('2026-01-01T00:00:00Z');
  const manifest = Object.entries({ 'Manifest-Version': '1.0', ...(options.manifest ?? {}) })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  zip.addBuffer(Buffer.from(`${manifest}\r\n\r\n`), 'META-INF/MANIFEST.MF', { mtime });
  // yazl buffers added entries until they are written; feed it in batches to bound memory.
  const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  for (let i = 0; i < options.count; i++) {
    const c = options.classAt(i);
    zip.addBuffer(buildClassFile(c), `${c.name}.class`, { mtime });
    if (i % 200 === 199) await drain();
  }
  for (let i = 0; i < (options.resources ?? 0); i++) {
    const r = options.resourceAt?.(i);
    if (!r) break;
    zip.addBuffer(r.data, r.name, { mtime, compress: !r.store });
    await drain();
  }
  zip.end();
  await finished;
}

/** Filler for resources in generated JARs (deterministic, incompressible). */
export function randomBytes(length: number, seed = 1): Buffer {
  return fillerBytes(length, seed);
}

/** A PyFlink application zip: `files` are paths → content; JARs are empty stand-ins. */
export function buildPythonZip(spec: {
  python?: string[];
  jars?: string[];
  files?: Record<string, string>;
}): Promise<Buffer> {
  const files: Record<string, string | Buffer> = { ...(spec.files ?? {}) };
  for (const p of spec.python ?? []) files[p] = 'from pyflink.table import TableEnvironment\n';
  const nestedJars: Record<string, JarSpec> = {};
  for (const j of spec.jars ?? []) nestedJars[j] = { classes: [{ name: 'org/example/Connector' }] };
  return buildJar({ noManifest: true, files, nestedJars });
}

/** A plain, healthy Flink job JAR for the given Java release. */
export function healthyJobJar(javaRelease = 11, name = 'com/example/StreamingJob'): Promise<Buffer> {
  return buildJar({
    manifest: { 'Main-Class': name.replaceAll('/', '.') },
    classes: [
      {
        name,
        major: classMajorFor(javaRelease),
        references: [
          'org/apache/flink/streaming/api/environment/StreamExecutionEnvironment',
          'org/apache/flink/api/connector/source/Source',
        ],
      },
    ],
  });
}
