/**
 * JAR check figure: `checkArtifact` on a generated 200 MiB / 20,000-entry JAR, each run a fresh process,
 * against `unzip -l` (listing only) of the same file, alternating, as the floor.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClassSpec, classMajorFor, randomBytes, writeLargeJar } from '../../test/support/jar-builder.js';
import { alternate, atMost, figure, notMeasured, type Figure } from './figures.js';
import { ok, resolveTool, runTimed } from './processes.js';

const CHILD = fileURLToPath(new URL('./jar-check-child.ts', import.meta.url));
const MiB = 1024 * 1024;

interface JarCheckRun {
  ms: number;
  cpuMs: number;
  heapGrowth: number;
  entries: number;
  bytes: number;
}

const FLINK_REFS = [
  'org/apache/flink/streaming/api/environment/StreamExecutionEnvironment',
  'org/apache/flink/streaming/api/datastream/DataStream',
  'org/apache/flink/api/common/functions/MapFunction',
  'org/apache/flink/api/connector/source/Source',
  'org/apache/flink/api/common/eventtime/WatermarkStrategy',
];

/** A library-like class: ~60 constants, a few fields, and `padding` bytes standing in for methods. */
function generatedClass(i: number, padding: number): ClassSpec {
  const pkg = `com/example/gen/p${i % 97}`;
  return {
    name: `${pkg}/C${i}`,
    major: classMajorFor(11),
    superName: i % 5 === 0 ? 'org/apache/flink/api/common/functions/RichMapFunction' : 'java/lang/Object',
    interfaces: i % 3 === 0 ? ['java/io/Serializable'] : [],
    references: [
      ...FLINK_REFS.slice(0, 1 + (i % FLINK_REFS.length)),
      ...Array.from({ length: 20 }, (_, k) => `${pkg}/C${(i + k + 1) % 20000}`),
    ],
    strings: Array.from({ length: 30 }, (_, k) => `method${k}OfClass${i}(Ljava/lang/String;I)V`),
    fields: [
      { name: 'id', descriptor: 'J', access: 1 },
      { name: 'name', descriptor: 'Ljava/lang/String;', access: 1 },
      { name: 'tags', descriptor: 'Ljava/util/List;', access: 2 },
    ],
    padding,
  };
}

/** The bench's JAR: 19,000 library-like classes and 999 incompressible resources, about 200 MiB. */
export function writeBenchJar(file: string): Promise<void> {
  return writeLargeJar(file, {
    manifest: { 'Main-Class': 'com.example.gen.p0.C0' },
    count: 19_000,
    classAt: (i) => generatedClass(i, 9_800),
    resources: 999,
    resourceAt: (i) => ({ name: `assets/blob-${i}.bin`, data: randomBytes(14_000, i + 1) }),
  });
}

async function checkOnce(file: string): Promise<JarCheckRun> {
  const run = ok(await runTimed(process.execPath, ['--import', 'tsx', CHILD, file]), 'the JAR check');
  return JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as JarCheckRun;
}

export async function jarCheckFigures(o: { runs: number; log: (line: string) => void }): Promise<Figure[]> {
  const unzip = resolveTool('unzip');
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-jar-check-'));
  try {
    const file = path.join(dir, 'big.jar');
    await writeBenchJar(file);
    if (!unzip) {
      const own = await checkOnce(file);
      return [
        figure({
          section: 'JAR check',
          name: '200 MiB, 20,000 entries',
          unit: 'ms',
          values: [own.ms],
          target: atMost(2000, 'ms'),
        }),
        notMeasured('JAR check', 'reference unzip -l', '', 'unzip not installed'),
      ];
    }
    const runs = await alternate(
      o.runs,
      async () => {
        const r = await checkOnce(file);
        o.log(`  JAR check ${r.ms.toFixed(0)} ms`);
        return r;
      },
      async () => ok(await runTimed(unzip, ['-l', file]), 'unzip -l'),
    );
    const first = runs.own[0] as JarCheckRun;
    const name = `${(first.bytes / MiB).toFixed(0)} MiB, ${first.entries.toLocaleString('en-US')} entries (deflated)`;
    return [
      figure({
        section: 'JAR check',
        name: `${name}, wall`,
        unit: 'ms',
        values: runs.own.map((r) => r.ms),
        reference: { name: 'unzip -l (listing only)', values: runs.reference.map((r) => r.ms) },
        ratios: runs.own.map((r, i) => r.ms / (runs.reference[i]?.ms ?? Number.NaN)),
        target: atMost(2000, 'ms'),
        note: 'checkArtifact() in a fresh process (timed inside it) vs unzip -l from spawn to exit',
      }),
      figure({
        section: 'JAR check',
        name: `${name}, heap growth`,
        unit: 'MiB',
        values: runs.own.map((r) => r.heapGrowth / MiB),
        target: atMost(64, 'MiB'),
        note: 'largest heapUsed growth while checking, sampled every 5 ms',
      }),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
