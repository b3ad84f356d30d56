/**
 * `npm run bench`: every figure of the action next to a reference measured in the same run, alternating
 * with it, so the ratio holds on a busy machine. Prints one Markdown table and writes
 * bench/results.json (one object per figure). Run only some sections with their names:
 * `npm run bench -- upload cold-start`. `BENCH_RUNS=N` sets the runs per figure (default 3; cold start 15),
 * `BENCH_UPLOAD_MIB` the upload's file size (default 512, MSF's limit).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { coldStartFigures } from './bench/cold-start.js';
import { jarCheckFigures } from './bench/jar-check.js';
import { selfManagedFigures } from './bench/self-managed.js';
import { upgradeFigures } from './bench/upgrade.js';
import { uploadFigures } from './bench/upload.js';
import { renderTable, type Figure } from './bench/figures.js';

interface Section {
  name: string;
  run(): Promise<Figure[]>;
}

const RESULTS = 'bench/results.json';
const runs = Number(process.env.BENCH_RUNS ?? 3);
const log = (line: string): void => console.error(line);

const SECTIONS: Section[] = [
  { name: 'upload', run: () => uploadFigures({ runs, log }) },
  { name: 'upgrade', run: () => upgradeFigures({ runs, log }) },
  { name: 'cold-start', run: () => coldStartFigures({ runs: Number(process.env.BENCH_RUNS ?? 15), log }) },
  { name: 'jar-check', run: () => jarCheckFigures({ runs, log }) },
  { name: 'self-managed', run: () => selfManagedFigures({ runs, log }) },
];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const sections = wanted.length > 0 ? SECTIONS.filter((s) => wanted.includes(s.name)) : SECTIONS;
  const figures: (Figure & { bench: string })[] = [];
  const started = Date.now();
  for (const section of sections) {
    log(`bench: ${section.name}`);
    figures.push(...(await section.run()).map((f) => ({ ...f, bench: section.name })));
  }
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, node ${process.version}, ${process.platform}/${process.arch}`;
  console.log(`${renderTable(figures)}\n\n${machine}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
  // A partial run (some sections) replaces those sections' figures and keeps the others'.
  const earlier = await readFile(RESULTS, 'utf8')
    .then((text) => (JSON.parse(text) as { figures?: (Figure & { bench: string })[] }).figures ?? [])
    .catch(() => []);
  const ran = new Set(sections.map((s) => s.name));
  const all = [...earlier.filter((f) => !ran.has(f.bench)), ...figures].sort(
    (a, b) => SECTIONS.findIndex((s) => s.name === a.bench) - SECTIONS.findIndex((s) => s.name === b.bench),
  );
  await mkdir('bench', { recursive: true });
  await writeFile(
    RESULTS,
    `${JSON.stringify({ machine, date: new Date().toISOString(), figures: all }, null, 2)}\n`,
  );
  const missed = figures.filter((f) => f.met === false);
  if (missed.length > 0) log(`bench: ${missed.length} figure(s) missed their target`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
