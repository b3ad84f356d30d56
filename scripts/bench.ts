/**
 * `npm run bench`: the project's benchmarks. Each section returns rows that are printed as a Markdown
 * table. Add a section by writing a `BenchSection` and appending it to `SECTIONS` (or pass section
 * names on the command line to run only some: `npm run bench -- jar-check`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkArtifact, countFindings } from '../src/jar-check/index.js';
import type { Logger } from '../src/log.js';
import {
  type ClassSpec,
  buildJar,
  classMajorFor,
  healthyJobJar,
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

/** Runs this script with `--<mode> path` in a fresh process and parses the JSON line it prints last. */
function measureInChild<M>(mode: string, path: string): M {
  const script = process.argv[1] as string;
  const out = spawnSync(process.execPath, [...process.execArgv, script, `--${mode}`, path], {
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`${mode} failed: ${out.stderr}`);
  const line = out.stdout.trim().split('\n').at(-1) as string;
  return JSON.parse(line) as M;
}

/** Runs the check in a fresh process, so peak RSS is the check's and not the generator's. */
function measureJarCheck(path: string): JarCheckMeasurement {
  return measureInChild<JarCheckMeasurement>('measure-jar-check', path);
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

// ---------------------------------------------------------------------------------------------
// Section: a whole upgrade against the in-process emulator
// ---------------------------------------------------------------------------------------------

/** Virtual ms per real ms, shared by the emulator and the pipeline: a 5-minute bake takes 5 s. */
const UPGRADE_CLOCK_SCALE = 60;
const UPGRADE_APP = 'bench-app';
const UPGRADE_BUCKET = 'bench-artifacts';
/** How long each DescribeApplication loop runs, and the most requests it makes. */
const DESCRIBE_LOOP_MS = 2_000;
const DESCRIBE_MAX_REQUESTS = 100_000;

interface UpgradeMeasurement {
  result: string;
  reason: string;
  bytes: number;
  totalMs: number;
  phases: { title: string; ms: number }[];
  uploadMs?: number;
  maxRss: number;
  describe: { inFlight: number; requests: number; ms: number }[];
}

/** A logger that drops the lines and times every phase (log group) in real time. */
function phaseTimer(): { log: Logger; phases: { title: string; ms: number }[] } {
  const phases: { title: string; ms: number }[] = [];
  const log: Logger = {
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    debug: () => undefined,
    async group(title, fn) {
      const started = performance.now();
      try {
        return await fn();
      } finally {
        phases.push({ title, ms: performance.now() - started });
      }
    },
  };
  return { log, phases };
}

/** DescribeApplication with `inFlight` requests outstanding, for DESCRIBE_LOOP_MS or DESCRIBE_MAX_REQUESTS. */
async function describeLoop(
  send: () => Promise<unknown>,
  inFlight: number,
): Promise<{ inFlight: number; requests: number; ms: number }> {
  const started = performance.now();
  const until = started + DESCRIBE_LOOP_MS;
  let requests = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < until && requests < DESCRIBE_MAX_REQUESTS) {
      requests += 1;
      await send();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { inFlight, requests, ms: performance.now() - started };
}

/** Child-process side: the emulator and the pipeline in this process, one upgrade, then the request rate. */
async function measureUpgradeHere(jarPath: string): Promise<void> {
  // Loaded here, not at the top: the JAR-check measurements run this script too and must not carry them.
  const { DescribeApplicationCommand } = await import('@aws-sdk/client-kinesis-analytics-v2');
  const { startEmulator } = await import('../emulator/index.js');
  const { createClients } = await import('../src/aws/clients.js');
  const { scaledClock } = await import('../src/clock.js');
  const { parseInputs } = await import('../src/inputs.js');
  const { runUpgrade } = await import('../src/pipeline/upgrade.js');
  const clock = scaledClock(UPGRADE_CLOCK_SCALE);
  const emulator = await startEmulator({ clock, metricPeriodSeconds: 60 });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: emulator.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
  });
  const clients = createClients({ region: 'us-east-1' });
  try {
    const runningKey = `${UPGRADE_APP}/v1/app.jar`;
    await emulator.control.seed({
      buckets: [
        {
          name: UPGRADE_BUCKET,
          versioning: true,
          objects: [{ key: runningKey, body: await healthyJobJar(11) }],
        },
      ],
      applications: [
        {
          name: UPGRADE_APP,
          runtime: 'FLINK-1_20',
          status: 'RUNNING',
          code: { bucket: UPGRADE_BUCKET, key: runningKey },
          metricsHistorySeconds: 900,
        },
      ],
    });
    const inputs = parseInputs(
      {
        'application-name': UPGRADE_APP,
        artifact: jarPath,
        version: 'v2',
        runtime: 'FLINK-1_20',
        'poll-interval': '10s',
        'bake-time': '5m',
        'metric-period': '60',
        timeout: '30m',
      },
      { runId: '1' },
    );
    const { log, phases } = phaseTimer();
    const started = performance.now();
    const report = await runUpgrade(inputs, {
      clients,
      clock,
      log,
      signal: new AbortController().signal,
    });
    const totalMs = performance.now() - started;
    const describe = async (): Promise<unknown> =>
      clients.msf.send(new DescribeApplicationCommand({ ApplicationName: UPGRADE_APP }));
    const rates = [await describeLoop(describe, 1), await describeLoop(describe, 8)];
    const uploadPhase = phases.find((p) => /upload/i.test(p.title));
    const m: UpgradeMeasurement = {
      result: report.result,
      reason: report.reason,
      bytes: statSync(jarPath).size,
      totalMs,
      phases,
      ...(uploadPhase ? { uploadMs: uploadPhase.ms } : {}),
      maxRss: peakRss(),
      describe: rates,
    };
    console.log(JSON.stringify(m));
  } finally {
    for (const c of [clients.msf, clients.s3, clients.cloudwatch]) c.destroy();
    await emulator.stop();
  }
}

/** ~64 MiB: 200 generated classes and 63 stored 1 MiB resources of incompressible bytes. */
function writeUpgradeJar(path: string): Promise<void> {
  return writeLargeJar(path, {
    manifest: { 'Main-Class': 'com.example.gen.p0.C0' },
    count: 200,
    classAt: (i) => generatedClass(i, 5_000),
    resources: 63,
    resourceAt: (i) => ({ name: `assets/blob-${i}.bin`, data: randomBytes(MiB, i + 1), store: true }),
  });
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function upgradeRows(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'upgrade-bench-'));
  try {
    const path = join(dir, 'app-v2.jar');
    await writeUpgradeJar(path);
    const m = measureInChild<UpgradeMeasurement>('measure-upgrade', path);
    if (m.result !== 'upgraded') throw new Error(`the benchmark upgrade ended ${m.result}: ${m.reason}`);
    const mb = m.bytes / 1e6;
    const rows: BenchRow[] = m.phases.map((p) => ({
      measure: `phase: ${p.title}`,
      value: seconds(p.ms),
      note: '',
    }));
    rows.push(
      { measure: 'total (runUpgrade)', value: seconds(m.totalMs), note: `result ${m.result}` },
      {
        measure: 'upload throughput',
        value: m.uploadMs ? `${(mb / (m.uploadMs / 1000)).toFixed(0)} MB/s` : 'n/a',
        note: `lib-storage multipart (16 MiB parts, 4 in flight) of ${(m.bytes / MiB).toFixed(1)} MiB; includes HeadObject`,
      },
      {
        measure: 'peak RSS',
        value: `${(m.maxRss / MiB).toFixed(0)} MiB`,
        note: 'VmHWM of the process running both the pipeline and the emulator (which keeps the object and its parts in memory)',
      },
      ...m.describe.map((d) => ({
        measure: `DescribeApplication, ${d.inFlight} in flight`,
        value: `${Math.round(d.requests / (d.ms / 1000))} req/s`,
        note: `${d.requests} requests in ${seconds(d.ms)} over loopback (SDK client in the same process)`,
      })),
    );
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const upgradeSection: BenchSection = {
  name: 'upgrade',
  title: 'A whole upgrade against the in-process emulator',
  notes: `runUpgrade() with the real SDK over HTTP to the emulator in the same fresh process, FLINK-1_20 → FLINK-1_20 with a new ~64 MiB JAR (200 classes, 63 stored 1 MiB resources), on a clock ${UPGRADE_CLOCK_SCALE} times faster than real time shared by both sides: realistic MSF transitions (snapshot 20 s, update 90 s) and the 5-minute bake (metric period 60 s, poll every 10 s) take a sixtieth of that. Phases are wall time per log group ("Validate inputs" hashes the JAR; the JAR check reads it). Then DescribeApplication is sent for ${DESCRIBE_LOOP_MS / 1000} s each with 1 and 8 requests in flight.`,
  run: upgradeRows,
};

/** Every section, in order. Add new sections here. */
export const SECTIONS: BenchSection[] = [jarCheckSection, upgradeSection];

async function main(): Promise<void> {
  if (process.argv[2] === '--measure-jar-check') return measureJarCheckHere(process.argv[3] as string);
  if (process.argv[2] === '--measure-upgrade') return measureUpgradeHere(process.argv[3] as string);
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
