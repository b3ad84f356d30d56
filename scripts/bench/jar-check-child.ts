/**
 * The JAR check as its own process, for the bench: `node --import tsx jar-check-child.ts FILE` checks
 * the JAR once (FLINK-1_20 → FLINK-2_2) and prints one JSON line: wall and CPU time, peak heap growth.
 */
import { checkArtifact } from '../../src/jar-check/index.js';

const file = process.argv[2];
if (!file) throw new Error('usage: jar-check-child FILE');
const before = process.memoryUsage().heapUsed;
let heapPeak = before;
const timer = setInterval(() => {
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
}, 5);
const cpu = process.cpuUsage();
const started = performance.now();
const report = await checkArtifact(file, { targetRuntime: 'FLINK-2_2', currentRuntime: 'FLINK-1_20' });
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
clearInterval(timer);
heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
console.log(
  JSON.stringify({
    ms,
    cpuMs: (used.user + used.system) / 1000,
    heapGrowth: heapPeak - before,
    entries: report.stats.entries,
    bytes: report.stats.bytes,
  }),
);
