/**
 * The emulator's own, deliberately simple, rules for whether a Flink job JAR starts on a runtime (used when
 * no behaviour rule was set for the job):
 *  - the object must be a ZIP archive;
 *  - no class file may have a class-file major version above the runtime's Java (see runtime-rules.ts);
 *  - on a 2.x runtime no class may reference an API that Flink 2 removed (DataSet API, the legacy
 *    SourceFunction/SinkFunction, the Scala API).
 * A failure is reported as Flink reports a failed job submission.
 *
 * And whether the job's state restores (checkStateRestore): state written on Flink 1.x that holds a Java
 * collection through a TypeHint (List, Map, Set, … serialised with Kryo 2 on 1.x) does not restore on
 * Flink 2.x (dedicated collection serializers, Kryo 5; FLINK-34037, FLINK-37660): the job is submitted,
 * then every restore attempt fails — a restart loop, as the real engine shows with test-jobs/KryoList.
 *
 * And whether the snapshot's operator state maps to the new program (checkOperatorMapping): Flink refuses
 * the submission when an operator (by uid) of the snapshot is missing and non-restored state is not
 * allowed, as the real engine shows with test-jobs/CounterNoStats from a CounterV1 savepoint.
 */
import yauzl from 'yauzl';
import { operatorIdOfUid, operatorUidsOfClasses } from './operator-uids.js';
import { flinkMajor, javaReleaseOf, maxClassMajor } from './runtime-rules.js';

/** Binary names of APIs removed in Flink 2.0 (FLIP-131, FLIP-265, FLIP-27 follow-ups). */
export const REMOVED_IN_FLINK_2 = [
  'org/apache/flink/api/java/DataSet',
  'org/apache/flink/api/java/ExecutionEnvironment',
  'org/apache/flink/streaming/api/functions/source/SourceFunction',
  'org/apache/flink/streaming/api/functions/sink/SinkFunction',
  'org/apache/flink/api/scala/',
] as const;

export type StartupVerdict = { ok: true } | { ok: false; message: string };

interface ClassEntry {
  name: string;
  bytes: Buffer;
}

function readClassEntries(zipBytes: Buffer): Promise<ClassEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zipBytes, { lazyEntries: true }, (openErr, zip) => {
      if (openErr || !zip) {
        reject(openErr ?? new Error('cannot open archive'));
        return;
      }
      const entries: ClassEntry[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith('.class')) {
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) {
            reject(streamErr ?? new Error(`cannot read ${entry.fileName}`));
            return;
          }
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.push({ name: entry.fileName, bytes: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

function classNameOf(entryName: string): string {
  return entryName.replace(/\.class$/, '').replaceAll('/', '.');
}

/** Decides whether the job in `jar` starts on `runtime`. */
export async function checkJobStartup(jar: Buffer, runtime: string): Promise<StartupVerdict> {
  let classes: ClassEntry[];
  try {
    classes = await readClassEntries(jar);
  } catch (err) {
    return {
      ok: false,
      message:
        'org.apache.flink.client.program.ProgramInvocationException: The program JAR file could not be opened: ' +
        `java.util.zip.ZipException: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  const limit = maxClassMajor(runtime);
  for (const c of classes) {
    if (c.bytes.length < 8 || c.bytes.readUInt32BE(0) !== 0xcafebabe) continue;
    const major = c.bytes.readUInt16BE(6);
    if (major > limit) {
      return {
        ok: false,
        message:
          `org.apache.flink.client.program.ProgramInvocationException: The program's entry point class could not be loaded: ` +
          `java.lang.UnsupportedClassVersionError: ${classNameOf(c.name)} has been compiled by a more recent version of the ` +
          `Java Runtime (class file version ${major}.0), this version of the Java Runtime only recognizes class file ` +
          `versions up to ${limit}.0 (${runtime} runs Java ${javaReleaseOf(runtime)})`,
      };
    }
  }
  if (flinkMajor(runtime) >= 2) {
    for (const c of classes) {
      const text = c.bytes.toString('latin1');
      const removed = REMOVED_IN_FLINK_2.find((api) => text.includes(api));
      if (removed) {
        return {
          ok: false,
          message:
            `org.apache.flink.client.program.ProgramInvocationException: The program's entry point class could not be loaded: ` +
            `java.lang.NoClassDefFoundError: ${removed.replace(/\/$/, '')} (referenced by ${classNameOf(c.name)}; ` +
            `removed in Flink 2, not available on ${runtime})`,
        };
      }
    }
  }
  return { ok: true };
}

/** What Flink 2.2 reports when a 1.20 savepoint of test-jobs/KryoList restores (the heap backend). */
export const KRYO_RESTORE_FAILURE =
  'java.lang.RuntimeException: Error while getting state. Caused by: org.apache.flink.util.StateMigrationException: ' +
  'For heap backends, the new state serializer (org.apache.flink.api.java.typeutils.runtime.NullableSerializer) must ' +
  'not be incompatible with the old state serializer (org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer)';

/** A generic signature of a TypeHint over a java.util collection, e.g. TypeHint<List<Long>>. */
const KRYO_COLLECTION_HINT = /Lorg\/apache\/flink\/api\/common\/typeinfo\/TypeHint<Ljava\/util\/(\w+)</;

export type StateVerdict = { ok: true } | { ok: false; message: string };

/** Does the state of the job in `jar`, written on `snapshotRuntime`, restore on `runtime`? */
export async function checkStateRestore(
  jar: Buffer,
  snapshotRuntime: string,
  runtime: string,
): Promise<StateVerdict> {
  if (!(flinkMajor(snapshotRuntime) === 1 && flinkMajor(runtime) >= 2)) return { ok: true };
  let classes: ClassEntry[];
  try {
    classes = await readClassEntries(jar);
  } catch {
    return { ok: true };
  }
  for (const c of classes) {
    const hint = KRYO_COLLECTION_HINT.exec(c.bytes.toString('latin1'));
    if (hint) {
      return {
        ok: false,
        message:
          `${KRYO_RESTORE_FAILURE} (state of ${classNameOf(c.name)} holds a java.util.${hint[1]} that ` +
          `${snapshotRuntime} wrote with Kryo; ${runtime} cannot read it)`,
      };
    }
  }
  return { ok: true };
}

/**
 * The operator uids the job in `jar` sets (read statically: `uid(String)` / `setUid(String)` calls with a
 * constant); empty when none is found or the archive does not open, i.e. unknown.
 */
export async function operatorUidsOf(jar: Buffer): Promise<string[]> {
  try {
    return operatorUidsOfClasses((await readClassEntries(jar)).map((c) => c.bytes));
  } catch {
    return [];
  }
}

/**
 * Flink maps a snapshot's state to the new program's operators by operator id (derived from the uid):
 * state of an operator the new program lacks fails the submission unless non-restored state is allowed
 * (Checkpoints.loadAndValidateCheckpoint). Unknown uids on either side (empty): no check.
 */
export function checkOperatorMapping(
  snapshotUids: readonly string[] | undefined,
  programUids: readonly string[],
  allowNonRestoredState: boolean,
  snapshotPointer: string,
): StateVerdict {
  if (allowNonRestoredState || !snapshotUids?.length || programUids.length === 0) return { ok: true };
  const missing = snapshotUids.find((uid) => !programUids.includes(uid));
  if (missing === undefined) return { ok: true };
  return {
    ok: false,
    message:
      'org.apache.flink.runtime.client.JobInitializationException: Could not start the JobMaster. Caused by: ' +
      `java.lang.IllegalStateException: Failed to rollback to checkpoint/savepoint ${snapshotPointer}. ` +
      `Cannot map checkpoint/savepoint state for operator ${operatorIdOfUid(missing)} to the new program, ` +
      'because the operator is not available in the new program. If you want to allow to skip this, you can ' +
      `set the --allowNonRestoredState option on the CLI. (uid "${missing}" is not set by the new program)`,
  };
}
