/**
 * `npm run bench`: the project's benchmarks. Each section returns rows that are printed as a Markdown
 * table. Add a section by writing a `BenchSection` and appending it to `SECTIONS` (or pass section
 * names on the command line to run only some: `npm run bench -- jar-check`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkArtifact, countFindings } from '../src/jar-check/index.js';
import {
  type ClassSpec,
  buildJar,
  classMajorFor,
  randomBytes,
  writeLargeJar,
} from '../test/support/jar-builder.js';

export type BenchRow = Record<string, string | number>;

export interface BenchSection {
  name: string;
  title: string;
  /** printed under the title */
  notes?: string;
  run(): Promise<BenchRow[]>;
}

/** Renders rows as a Markdown table (columns from the first row). */
export function markdownTable(rows: readonly BenchRow[]): string {
  if (rows.length === 0) return '_no rows_';
  const columns = Object.keys(rows[0] as BenchRow);
  const cell = (v: string | number | undefined): string => String(v ?? '').replaceAll('|', '\\|');
  return [
    `| ${columns.join(' | ')} |`,
    `|${columns.map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${columns.map((c) => cell(r[c])).join(' | ')} |`),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Section: JAR check
// ---------------------------------------------------------------------------------------------

const MiB = 1024 * 1024;

interface JarCheckMeasurement {
  wallMs: number;
  cpuMs: number;
  /** resident set size before the check (runtime and modules loaded) */
  rssBefore: number;
  /** peak resident set size of the measuring process */
  maxRss: number;
  /** largest heapUsed growth seen while checking (sampled every 5 ms and at the end) */
  heapDelta: number;
  entries: number;
  classes: number;
  bytes: number;
  errors: number;
  warnings: number;
}

/**
 * Peak RSS of this process: VmHWM on Linux (reset by exec, unlike getrusage's maxRSS, which a child
 * inherits from the parent it was spawned from), else getrusage.
 */
function peakRss(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** Child-process side: checks one JAR once and prints the measurement as JSON. */
async function measureJarCheckHere(path: string): Promise<void> {
  const before = process.memoryUsage();
  let heapPeak = before.heapUsed;
  const timer = setInterval(() => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }, 5);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const report = await checkArtifact(path, { targetRuntime: 'FLINK-2_2', currentRuntime: 'FLINK-1_20' });
  const wallMs = performance.now() - start;
  const cpuUsed = process.cpuUsage(cpu);
  clearInterval(timer);
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  const c = countFindings(report.findings);
  const m: JarCheckMeasurement = {
    wallMs,
    cpuMs: (cpuUsed.user + cpuUsed.system) / 1000,
    rssBefore: before.rss,
    maxRss: peakRss(),
    heapDelta: heapPeak - before.heapUsed,
    entries: report.stats.entries,
    classes: report.stats.classes,
    bytes: report.stats.bytes,
    errors: c.error,
    warnings: c.warning,
  };
  console.log(JSON.stringify(m));
}

/** Runs the check in a fresh process, so peak RSS is the check's and not the generator's. */
function measureJarCheck(path: string): JarCheckMeasurement {
  const script = process.argv[1] as string;
  const out = spawnSync(process.execPath, [...process.execArgv, script, '--measure-jar-check', path], {
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`measurement failed: ${out.stderr}`);
  const line = out.stdout.trim().split('\n').at(-1) as string;
  return JSON.parse(line) as JarCheckMeasurement;
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

async function jarCheckRows(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'jar-check-bench-'));
  const rows: BenchRow[] = [];
  try {
    const scenarios: { name: string; make: (path: string) => Promise<void> }[] = [
      {
        name: 'small job JAR (3 classes)',
        make: async (path) =>
          writeFileSync(
            path,
            await buildJar({
              manifest: { 'Main-Class': 'com.example.Job' },
              classes: [
                generatedClass(1, 0),
                generatedClass(2, 0),
                { name: 'com/example/Job', major: classMajorFor(17), references: FLINK_REFS },
              ],
            }),
          ),
      },
      {
        name: '200 MiB, 20,000 entries (19,000 classes + 1,000 resources), deflated',
        make: (path) =>
          writeLargeJar(path, {
            manifest: { 'Main-Class': 'com.example.gen.p0.C0' },
            count: 19_000,
            classAt: (i) => generatedClass(i, 9_800),
            resources: 999,
            resourceAt: (i) => ({ name: `assets/blob-${i}.bin`, data: randomBytes(14_000, i + 1) }),
          }),
      },
      {
        name: '200 MiB, 20,000 entries, stored (no compression)',
        make: (path) =>
          writeLargeJar(path, {
            manifest: { 'Main-Class': 'com.example.gen.p0.C0' },
            count: 19_000,
            classAt: (i) => ({ ...generatedClass(i, 9_800) }),
            resources: 999,
            resourceAt: (i) => ({
              name: `assets/blob-${i}.bin`,
              data: randomBytes(14_000, i + 1),
              store: true,
            }),
          }),
      },
    ];
    for (const s of scenarios) {
      const path = join(dir, `${rows.length}.jar`);
      await s.make(path);
      const runs = [0, 1, 2].map(() => measureJarCheck(path)).sort((a, b) => a.wallMs - b.wallMs);
      const median = runs[1] as JarCheckMeasurement;
      rows.push({
        scenario: s.name,
        size: `${(median.bytes / MiB).toFixed(1)} MiB`,
        entries: median.entries,
        classes: median.classes,
        'wall (median of 3)': `${median.wallMs.toFixed(0)} ms`,
        'wall (best)': `${(runs[0] as JarCheckMeasurement).wallMs.toFixed(0)} ms`,
        'CPU (median run)': `${median.cpuMs.toFixed(0)} ms`,
        'RSS before': `${(median.rssBefore / MiB).toFixed(0)} MiB`,
        'peak RSS (max)': `${(Math.max(...runs.map((r) => r.maxRss)) / MiB).toFixed(0)} MiB`,
        'heap delta (max)': `${(Math.max(...runs.map((r) => r.heapDelta)) / MiB).toFixed(1)} MiB`,
        findings: `${median.errors} errors, ${median.warnings} warnings`,
      });
      rmSync(path, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

const jarCheckSection: BenchSection = {
  name: 'jar-check',
  title: 'JAR binary-compatibility check',
  notes:
    'checkArtifact() (FLINK-1_20 → FLINK-2_2) on generated JARs written to a temp dir; classes carry ~60 constants, 3 fields and ~9.8 KB of incompressible padding standing in for method bodies. Each run is a fresh process: peak RSS is the high-water mark (VmHWM) of that process (runtime and modules included; see "RSS before"), heap delta the largest heapUsed growth during the check. Target: under 2 s for 200 MB / 20,000 entries.',
  run: jarCheckRows,
};

/** Every section, in order. Add new sections here. */
export const SECTIONS: BenchSection[] = [jarCheckSection];

async function main(): Promise<void> {
  if (process.argv[2] === '--measure-jar-check') return measureJarCheckHere(process.argv[3] as string);
  const wanted = process.argv.slice(2);
  const sections = wanted.length > 0 ? SECTIONS.filter((s) => wanted.includes(s.name)) : SECTIONS;
  console.log(`# Benchmarks\n\nnode ${process.version}, ${process.platform}/${process.arch}\n`);
  for (const section of sections) {
    const rows = await section.run();
    console.log(`## ${section.title}\n`);
    if (section.notes) console.log(`${section.notes}\n`);
    console.log(`${markdownTable(rows)}\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
