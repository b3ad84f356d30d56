/**
 * Turns what the reader found in a JAR (class summaries, pom.properties, the manifest) into findings.
 * Pure: it is fed one entry at a time and keeps only what the findings need, so memory stays small
 * for JARs with tens of thousands of classes.
 *
 * Scope of the reference checks: classes under `org/apache/flink/` are Flink's own code. Core Flink
 * bundled in the JAR is reported once (FLINK_CORE_BUNDLED) and its internal references are not
 * examined; Flink always loads `org.apache.flink.*` parent-first, so those bundled copies are never
 * used anyway. Bundled connector classes (`org/apache/flink/connector/`, `.../streaming/connectors/`)
 * that reference removed APIs mean the connector was built for Flink 1.x: one finding per rule
 * (FLINK2_REMOVED_API_BUNDLED). Every other class (the application and third-party libraries) gets
 * one FLINK2_REMOVED_API finding per class and rule.
 */
import type { ClassSummary, FieldInfo } from './class-file.js';
import {
  ACC_ABSTRACT,
  ACC_ANNOTATION,
  ACC_ENUM,
  ACC_INTERFACE,
  ACC_PUBLIC,
  ACC_STATIC,
  ACC_SYNTHETIC,
  ACC_TRANSIENT,
  javaReleaseForMajor,
  majorForJavaRelease,
} from './class-file.js';
import {
  type BundledArtifact,
  type CheckContext,
  bundledArtifactFindings,
  crossesToFlink2,
} from './bundled.js';
import { type MavenArtifact, parseManifest } from './metadata.js';
import {
  COLLECTION_DESCRIPTOR,
  TYPE_HINT,
  CORE_MARKER_CLASSES,
  LIBRARY_PREFIXES,
  OVERRIDDEN_METHOD_RULES,
  type RemovedApiRule,
  isCoreFlinkArtifact,
  removedApiRuleForClass,
  removedApiRuleForMethod,
} from './rules.js';
import type { Finding } from './types.js';

/** Findings per rule and code naming single classes; beyond this, one summary finding. */
export const MAX_CLASSES_PER_RULE = 10;

/**
 * State-risk candidates kept per kind (memory bound for huge JARs). Well-known libraries are dropped
 * when added; the application-package filter (from the manifest) is applied in finish().
 */
export const MAX_STATE_CANDIDATES = 2000;

export interface JarAnalysisContext extends CheckContext {
  applicationPackages?: string[];
}

export interface JarAnalysisResult {
  findings: Finding[];
  maxClassMajor?: number;
  bundledFlinkVersion?: string;
}

const FLINK = 'org/apache/flink/';
const KRYO = 'com/esotericsoftware/kryo/';
const KINESIS_STREAMS_SOURCE = 'org/apache/flink/connector/kinesis/source/KinesisStreamsSource';

export function dotted(internalName: string): string {
  return internalName.replaceAll('/', '.');
}

/** ` (api, api, +N more)`, or nothing when the only API is what the title ends with already. */
function apiDetail(apis: readonly string[], title: string): string {
  const only = apis.length === 1 ? (apis[0] as string) : undefined;
  if (only !== undefined) {
    const paren = only.indexOf('(');
    const simple = only.slice(only.lastIndexOf('.', paren < 0 ? only.length : paren) + 1);
    if (title.endsWith(simple)) return '';
  }
  return ` (${apis.slice(0, 3).join(', ')}${apis.length > 3 ? `, +${apis.length - 3} more` : ''})`;
}

function isBundledConnectorClass(name: string): boolean {
  return name.startsWith(`${FLINK}connector/`) || name.startsWith(`${FLINK}streaming/connectors/`);
}

/** Field filter for the class-file reader: only collection-typed instance fields matter. */
export function isCollectionField(field: FieldInfo): boolean {
  return (field.access & (ACC_STATIC | ACC_TRANSIENT)) === 0 && COLLECTION_DESCRIPTOR.test(field.descriptor);
}

/** `META-INF/versions/11/com/x/Y.class` → 11; undefined for other entries. */
export function multiReleaseVersion(entry: string): number | undefined {
  const m = /^META-INF\/versions\/(\d+)\//.exec(entry);
  return m ? Number(m[1]) : undefined;
}

interface Hit {
  rule: RemovedApiRule;
  cls: string;
  apis: Set<string>;
}

interface BundledHit {
  rule: RemovedApiRule;
  classes: Set<string>;
  example: string;
  api: string;
}

interface StateCandidate {
  cls: string;
  /** computed only for the classes a finding names */
  detail: () => string;
}

type StateKind = 'kryo' | 'scala' | 'record' | 'pojo' | 'collection' | 'kinesis';

/** Per multi-release version (0 = the base entries): what would be loaded. */
interface Layer {
  majors: Map<number, { count: number; example: string }>;
  hits: Map<string, Hit>;
  bundledHits: Map<string, BundledHit>;
  state: Record<StateKind, { app: StateCandidate[]; lib: StateCandidate[] }>;
}

function newLayer(): Layer {
  return {
    majors: new Map(),
    hits: new Map(),
    bundledHits: new Map(),
    state: {
      kryo: { app: [], lib: [] },
      scala: { app: [], lib: [] },
      record: { app: [], lib: [] },
      pojo: { app: [], lib: [] },
      collection: { app: [], lib: [] },
      kinesis: { app: [], lib: [] },
    },
  };
}

export class JarAnalyzer {
  private readonly layers = new Map<number, Layer>();
  private readonly artifacts: BundledArtifact[] = [];
  private manifest: Record<string, string> = {};
  private readonly coreMarkers = new Map<string, string>();
  private unreadable = 0;
  private unreadableExample: string | undefined;

  constructor(private readonly ctx: JarAnalysisContext) {}

  /** Every entry name (cheap): spots core Flink classes even when pom.properties were stripped. */
  addEntryName(entry: string): void {
    const artifact = CORE_MARKER_CLASSES[entry];
    if (artifact && !this.coreMarkers.has(artifact)) this.coreMarkers.set(artifact, entry);
  }

  addArtifact(artifact: MavenArtifact): void {
    if (artifact.groupId !== 'org.apache.flink') return;
    this.artifacts.push({
      artifactId: artifact.artifactId,
      version: artifact.version,
      location: artifact.entry,
    });
  }

  addManifest(text: string): void {
    this.manifest = parseManifest(text);
    const title = this.manifest['Implementation-Title'];
    const version = this.manifest['Implementation-Version'];
    const vendor = this.manifest['Implementation-Vendor-Id'] ?? this.manifest['Implementation-Vendor'];
    if (title && version && isCoreFlinkArtifact(title) && (!vendor || /flink/i.test(vendor))) {
      this.artifacts.push({ artifactId: title, version, location: 'META-INF/MANIFEST.MF' });
    }
  }

  addUnreadableClass(entry: string): void {
    this.unreadable++;
    this.unreadableExample ??= entry;
  }

  addClass(entry: string, c: ClassSummary): void {
    const name = c.name;
    if (name === 'module-info' || name.endsWith('/module-info') || name.endsWith('package-info')) return;
    const release = multiReleaseVersion(entry) ?? 0;
    let layer = this.layers.get(release);
    if (!layer) {
      layer = newLayer();
      this.layers.set(release, layer);
    }
    const m = layer.majors.get(c.major);
    if (m) m.count++;
    else layer.majors.set(c.major, { count: 1, example: name });

    const isFlinkClass = name.startsWith(FLINK);
    if (isFlinkClass && !isBundledConnectorClass(name)) return; // core Flink: see the module comment

    // References to APIs removed in Flink 2.0
    const record = (rule: RemovedApiRule, api: string): void => {
      if (isFlinkClass) {
        const b = layer.bundledHits.get(rule.id);
        if (b) b.classes.add(name);
        else layer.bundledHits.set(rule.id, { rule, classes: new Set([name]), example: name, api });
        return;
      }
      const key = `${rule.id}|${name}`;
      const hit = layer.hits.get(key);
      if (hit) hit.apis.add(api);
      else layer.hits.set(key, { rule, cls: name, apis: new Set([api]) });
    };
    const supers = [c.superName, ...c.interfaces].filter((s): s is string => s !== undefined);
    for (const ref of new Set([...c.refs, ...supers])) {
      const rule = removedApiRuleForClass(ref);
      if (rule) record(rule, dotted(ref));
    }
    for (const mr of c.methodRefs) {
      const rule = removedApiRuleForMethod(mr.owner, mr.name);
      if (rule) record(rule, `${dotted(mr.owner)}.${mr.name}()`);
    }
    for (const o of OVERRIDDEN_METHOD_RULES) {
      // a call such as super.open(parameters) is certain; a declaration is inferred from the pool
      const calls = c.methodRefs.some(
        (m) => m.name === o.name && m.descriptor === o.descriptor && m.owner.startsWith(FLINK),
      );
      const declares =
        c.superName !== undefined &&
        o.superMatches(c.superName) &&
        c.constants.includes(o.name) &&
        c.constants.includes(o.descriptor);
      if (calls || declares) record(o.rule, o.api);
    }
    if (isFlinkClass) return;

    // State-serialization candidates (filtered to the application's packages in finish()). Classes of
    // well-known libraries are kept apart so that they cannot crowd the application's out of the cap.
    const isLibrary = LIBRARY_PREFIXES.some((p) => name.startsWith(p));
    const add = (kind: StateKind, candidate: StateCandidate): void => {
      const list = isLibrary ? layer.state[kind].lib : layer.state[kind].app;
      if (list.length < MAX_STATE_CANDIDATES) list.push(candidate);
    };
    const kryoRefs = c.refs.filter((r) => r.startsWith(KRYO));
    const kryoCalls = c.methodRefs.filter((r) => /Kryo/.test(r.name) || r.name === 'registerType');
    if (kryoRefs.length > 0 || kryoCalls.length > 0) {
      const what = [...kryoRefs.map(dotted), ...kryoCalls.map((r) => `${r.name}()`)];
      add('kryo', { cls: name, detail: () => what.slice(0, 3).join(', ') });
    }
    if (
      c.interfaces.includes('scala/Product') &&
      (c.interfaces.includes('scala/Serializable') || c.interfaces.includes('java/io/Serializable'))
    ) {
      add('scala', { cls: name, detail: () => 'Scala case class' });
    }
    if (c.superName === 'java/lang/Record') add('record', { cls: name, detail: () => 'Java record' });
    const notPojo = ACC_INTERFACE | ACC_ABSTRACT | ACC_ENUM | ACC_ANNOTATION | ACC_SYNTHETIC;
    if (
      c.fields.length > 0 &&
      (c.access & ACC_PUBLIC) !== 0 &&
      (c.access & notPojo) === 0 &&
      c.superName !== 'java/lang/Record' &&
      !supers.some((s) => s.startsWith(FLINK)) // functions and operators are not state types
    ) {
      const fields = c.fields.filter(isCollectionField);
      if (fields.length > 0) {
        add('pojo', {
          cls: name,
          detail: () =>
            fields
              .slice(0, 3)
              .map((f) => `${f.name}: ${dotted(f.descriptor.slice(1).replace(/[;<].*$/, ''))}`)
              .join(', '),
        });
      }
    }
    // `new TypeHint<List<Long>>() {}`: a state type Flink 1.x serialises with Kryo (GenericTypeInfo)
    // and Flink 2.x with its own collection serializers, which cannot read that state (FLINK-34037)
    if (c.superName === TYPE_HINT) {
      const collections = c.signatureRefs.filter((r) => COLLECTION_DESCRIPTOR.test(`L${r};`));
      if (collections.length > 0) {
        add('collection', {
          cls: name,
          detail: () => `TypeHint of ${collections.slice(0, 3).map(dotted).join(', ')}`,
        });
      }
    }
    if (c.refs.includes(KINESIS_STREAMS_SOURCE))
      add('kinesis', { cls: name, detail: () => 'KinesisStreamsSource' });
  }

  /** The layers the target JVM would load: the base, plus META-INF/versions/N for N ≤ its Java. */
  private loadedLayers(): Layer[] {
    const multiRelease = /^true$/i.test(this.manifest['Multi-Release'] ?? '');
    const out: Layer[] = [];
    for (const [release, layer] of this.layers) {
      if (release === 0 || (multiRelease && release <= this.ctx.target.javaRelease)) out.push(layer);
    }
    return out;
  }

  private applicationPrefixes(): string[] | undefined {
    if (this.ctx.applicationPackages && this.ctx.applicationPackages.length > 0) {
      return this.ctx.applicationPackages.map((p) => p.replaceAll('.', '/'));
    }
    const main = this.manifest['Main-Class'];
    if (!main) return undefined;
    const parts = main.trim().replaceAll('.', '/').split('/').slice(0, -1);
    if (parts.length === 0) return undefined;
    // `com.example.jobs.Main` → `com/example/`; but a package under a library's namespace (the AWS
    // samples use `com.amazonaws.services.msf`) is taken whole, not widened to the library.
    const short = `${parts.slice(0, Math.min(parts.length, 2)).join('/')}/`;
    const whole = `${parts.join('/')}/`;
    return [LIBRARY_PREFIXES.some((p) => short.startsWith(p) || p.startsWith(short)) ? whole : short];
  }

  /** With known application packages, membership decides; without, anything not a known library. */
  private isApplicationClass(name: string, prefixes: string[] | undefined): boolean {
    if (prefixes !== undefined) return prefixes.some((p) => name.startsWith(p));
    return !LIBRARY_PREFIXES.some((p) => name.startsWith(p));
  }

  finish(): JarAnalysisResult {
    const { target } = this.ctx;
    const findings: Finding[] = [];
    const layers = this.loadedLayers();

    // 1. Bundled Flink artifacts
    const artifacts = [...this.artifacts];
    for (const [artifactId, entry] of this.coreMarkers) {
      if (!artifacts.some((a) => isCoreFlinkArtifact(a.artifactId))) {
        artifacts.push({ artifactId, version: 'unknown version', location: entry });
      }
    }
    const bundled = bundledArtifactFindings(artifacts, this.ctx);
    findings.push(...bundled.findings);

    // 2. Class-file versions
    let maxMajor: number | undefined;
    const tooNew: { major: number; count: number; example: string }[] = [];
    const allowed = majorForJavaRelease(target.javaRelease);
    for (const layer of layers) {
      for (const [major, m] of layer.majors) {
        maxMajor = Math.max(maxMajor ?? 0, major);
        if (major > allowed) tooNew.push({ major, ...m });
      }
    }
    if (tooNew.length > 0) {
      tooNew.sort((a, b) => b.major - a.major);
      const newest = tooNew[0] as { major: number; count: number; example: string };
      const total = tooNew.reduce((n, t) => n + t.count, 0);
      findings.push({
        severity: 'error',
        code: 'JAVA_CLASS_VERSION',
        message: `${dotted(newest.example)} is compiled for Java ${javaReleaseForMajor(newest.major)} (class file ${newest.major}), but ${target.runtime} runs Java ${target.javaRelease}${total > 1 ? `; ${total} classes need a newer Java than ${target.javaRelease}` : ''}. The job would fail with UnsupportedClassVersionError.`,
        location: dotted(newest.example),
        fix: `Compile with --release ${target.javaRelease} (maven.compiler.release=${target.javaRelease}) and use dependencies built for Java ${target.javaRelease} or older.`,
      });
    }

    // 3. APIs removed in Flink 2.0
    if (target.flinkMajor >= 2) {
      const byRule = new Map<string, Hit[]>();
      for (const layer of layers) {
        for (const hit of layer.hits.values()) {
          const list = byRule.get(hit.rule.id) ?? [];
          list.push(hit);
          byRule.set(hit.rule.id, list);
        }
      }
      for (const hits of byRule.values()) {
        hits.sort((a, b) => a.cls.localeCompare(b.cls));
        for (const hit of hits.slice(0, MAX_CLASSES_PER_RULE)) {
          const apis = [...hit.apis].sort();
          findings.push({
            severity: 'error',
            code: 'FLINK2_REMOVED_API',
            message: `${dotted(hit.cls)} uses ${hit.rule.title}${apiDetail(apis, hit.rule.title)}, removed in Flink 2.0; ${target.runtime} does not have it.`,
            location: dotted(hit.cls),
            fix: hit.rule.fix,
          });
        }
        const rest = hits.length - MAX_CLASSES_PER_RULE;
        const first = hits[0] as Hit;
        if (rest > 0) {
          findings.push({
            severity: 'error',
            code: 'FLINK2_REMOVED_API',
            message: `${rest} more classes use ${first.rule.title}, removed in Flink 2.0.`,
            fix: first.rule.fix,
          });
        }
      }
      const bundledHits = new Map<string, BundledHit>();
      for (const layer of layers) {
        for (const [id, b] of layer.bundledHits) {
          const prev = bundledHits.get(id);
          if (prev) for (const c of b.classes) prev.classes.add(c);
          else bundledHits.set(id, { ...b, classes: new Set(b.classes) });
        }
      }
      for (const b of bundledHits.values()) {
        const count = b.classes.size;
        findings.push({
          severity: 'error',
          code: 'FLINK2_REMOVED_API_BUNDLED',
          message: `${count} bundled Flink connector class${count === 1 ? '' : 'es'} (e.g. ${dotted(b.example)}) use ${b.rule.title}${apiDetail([b.api], b.rule.title)}, removed in Flink 2.0: the bundled connector was built for Flink 1.x.`,
          location: dotted(b.example),
          fix: `Upgrade the connector to its release for Flink 2.x. ${b.rule.fix}`,
        });
      }
    }

    // 4. State-serialization risks of a 1.x → 2.x upgrade
    if (crossesToFlink2(this.ctx)) {
      const prefixes = this.applicationPrefixes();
      const pick = (kind: StateKind): StateCandidate[] =>
        layers
          .flatMap((l) => [...l.state[kind].app, ...l.state[kind].lib])
          .filter((s) => this.isApplicationClass(s.cls, prefixes));
      const risk = (code: string, items: StateCandidate[], what: string, fix: string): void => {
        if (items.length === 0) return;
        const names = items.slice(0, MAX_CLASSES_PER_RULE).map((s) => `${dotted(s.cls)} (${s.detail()})`);
        findings.push({
          severity: 'warning',
          code,
          message: `${what}: ${names.join('; ')}${items.length > MAX_CLASSES_PER_RULE ? `; +${items.length - MAX_CLASSES_PER_RULE} more` : ''}. State written by Flink 1.x with these types may not restore on Flink 2.x.`,
          location: dotted((items[0] as StateCandidate).cls),
          fix,
        });
      };
      risk(
        'STATE_KRYO',
        pick('kryo'),
        'Kryo is used directly (Flink 2.x upgrades Kryo 2.24 → 5.6)',
        'Replace Kryo-serialized state with POJO, Avro or Protobuf types or a custom TypeSerializer, or accept losing that state (new uid + allow-non-restored-state).',
      );
      risk(
        'STATE_SCALA_CASE_CLASS',
        pick('scala'),
        'Scala case classes found (serialized by the removed Scala API serializers or by Kryo)',
        'Use Java POJOs, Avro or explicit TypeInformation for state; otherwise plan to start the upgraded job without the old state.',
      );
      risk(
        'STATE_JAVA_RECORD',
        pick('record'),
        'Java records found (usually serialized through the Kryo fallback in Flink 1.x)',
        'Check the job logs for "cannot be used as a POJO type"; move state to POJOs, Avro or Protobuf, or start without the old state.',
      );
      risk(
        'STATE_POJO_COLLECTIONS',
        pick('pojo'),
        'POJO-like classes with Java collection fields (Kryo in Flink 1.x, new collection serializers in 2.x)',
        'If these are state types, the restore fails with a PojoSerializer incompatibility: migrate the state (e.g. State Processor API) or start without it.',
      );
      risk(
        'STATE_JAVA_COLLECTION',
        pick('collection'),
        'Java collections as state types (serialized with Kryo by Flink 1.x; Flink 2.x has dedicated collection serializers that cannot read that state: a restore fails and the job restarts in a loop)',
        'Move the state to a POJO without collection fields or Flink ListState/MapState, migrate it with the State Processor API, or start the 2.x job without it (new uid + allow-non-restored-state).',
      );
      const kinesisUsers = pick('kinesis');
      if (kinesisUsers.length > 0) {
        findings.push({
          severity: 'warning',
          code: 'STATE_KINESIS_SOURCE',
          message: `${dotted((kinesisUsers[0] as StateCandidate).cls)} reads Kinesis with KinesisStreamsSource: if the running 1.x version used FlinkKinesisConsumer (connector < 5.0), its source state cannot be restored.`,
          location: dotted((kinesisUsers[0] as StateCandidate).cls),
          fix: 'Give the new source a new uid and allow non-restored state, choosing its start position explicitly.',
        });
      }
    }

    // 5. Anything we could not read
    if (this.unreadable > 0) {
      findings.push({
        severity: 'warning',
        code: 'CLASS_UNREADABLE',
        message: `${this.unreadable} .class entr${this.unreadable === 1 ? 'y is' : 'ies are'} not valid class files and were not checked.`,
        location: this.unreadableExample as string,
        fix: 'Rebuild the JAR; a class the JVM cannot read fails the job when it is loaded.',
      });
    }
    if (this.layers.size === 0 && this.unreadable === 0) {
      findings.push({
        severity: 'warning',
        code: 'JAR_NO_CLASSES',
        message: 'The archive contains no class files: there is no job to run.',
        fix: 'Upload the shaded application JAR (mvn package / gradle shadowJar output), not the sources or a thin JAR.',
      });
    }

    const result: JarAnalysisResult = { findings };
    if (maxMajor !== undefined) result.maxClassMajor = maxMajor;
    if (bundled.bundledFlinkVersion !== undefined) result.bundledFlinkVersion = bundled.bundledFlinkVersion;
    return result;
  }
}
