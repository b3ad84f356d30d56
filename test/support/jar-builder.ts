/**
 * Builds small, real JARs in tests: class files of a chosen class-file major version whose constant
 * pool references chosen classes, plus pom.properties / manifest entries. No binary fixtures.
 */
import yazl from 'yazl';

/** Java release → class-file major version (Java 8 = 52, 11 = 55, 17 = 61, 21 = 65). */
export function classMajorFor(javaRelease: number): number {
  return javaRelease + 44;
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
}

/** A syntactically valid class file with the given constant pool (no fields or methods). */
export function buildClassFile(spec: ClassSpec): Buffer {
  const pool: Buffer[] = [];
  const utf8Index = new Map<string, number>();
  const classIndex = new Map<string, number>();
  let next = 1;
  const utf8 = (s: string): number => {
    const found = utf8Index.get(s);
    if (found) return found;
    const bytes = Buffer.from(s, 'utf8');
    const entry = Buffer.alloc(3 + bytes.length);
    entry.writeUInt8(1, 0);
    entry.writeUInt16BE(bytes.length, 1);
    bytes.copy(entry, 3);
    pool.push(entry);
    utf8Index.set(s, next);
    return next++;
  };
  const cls = (name: string): number => {
    const found = classIndex.get(name);
    if (found) return found;
    const nameIndex = utf8(name);
    const entry = Buffer.alloc(3);
    entry.writeUInt8(7, 0);
    entry.writeUInt16BE(nameIndex, 1);
    pool.push(entry);
    classIndex.set(name, next);
    return next++;
  };
  const thisIndex = cls(spec.name);
  const superIndex = cls(spec.superName ?? 'java/lang/Object');
  const interfaceIndexes = (spec.interfaces ?? []).map(cls);
  for (const ref of spec.references ?? []) cls(ref);
  for (const s of spec.strings ?? []) utf8(s);

  const header = Buffer.alloc(10);
  header.writeUInt32BE(0xcafebabe, 0);
  header.writeUInt16BE(0, 4);
  header.writeUInt16BE(spec.major ?? 55, 6);
  header.writeUInt16BE(next, 8);
  const tail = Buffer.alloc(8 + interfaceIndexes.length * 2 + 6);
  let o = 0;
  tail.writeUInt16BE(0x0021, o); // public super
  tail.writeUInt16BE(thisIndex, (o += 2));
  tail.writeUInt16BE(superIndex, (o += 2));
  tail.writeUInt16BE(interfaceIndexes.length, (o += 2));
  for (const i of interfaceIndexes) tail.writeUInt16BE(i, (o += 2));
  tail.writeUInt16BE(0, (o += 2)); // fields
  tail.writeUInt16BE(0, (o += 2)); // methods
  tail.writeUInt16BE(0, (o += 2)); // attributes
  return Buffer.concat([header, ...pool, tail]);
}

export interface JarSpec {
  classes?: ClassSpec[];
  /** Maven artifacts bundled, written as META-INF/maven/<groupId>/<artifactId>/pom.properties */
  artifacts?: { groupId: string; artifactId: string; version: string }[];
  /** MANIFEST.MF attributes */
  manifest?: Record<string, string>;
  /** any other entries */
  files?: Record<string, string | Buffer>;
  /** store without compression (default: deflate) */
  store?: boolean;
}

/** Builds the JAR in memory. */
export function buildJar(spec: JarSpec): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const options = { compress: !spec.store, mtime: new Date('2026-01-01T00:00:00Z') };
  const manifest = Object.entries({ 'Manifest-Version': '1.0', ...(spec.manifest ?? {}) })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  zip.addBuffer(Buffer.from(`${manifest}\r\n\r\n`), 'META-INF/MANIFEST.MF', options);
  for (const a of spec.artifacts ?? []) {
    const props = `version=${a.version}\ngroupId=${a.groupId}\nartifactId=${a.artifactId}\n`;
    zip.addBuffer(Buffer.from(props), `META-INF/maven/${a.groupId}/${a.artifactId}/pom.properties`, options);
  }
  for (const c of spec.classes ?? []) zip.addBuffer(buildClassFile(c), `${c.name}.class`, options);
  for (const [name, content] of Object.entries(spec.files ?? {})) {
    zip.addBuffer(typeof content === 'string' ? Buffer.from(content) : content, name, options);
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
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
