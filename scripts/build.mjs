// Bundles with ncc: src/index.ts → dist/index.js (the action's main step), src/post-index.ts →
// dist/post/index.js (post step) and src/cli.ts → dist/cli/index.js (the package's `flink-upgrade`
// bin, executable, starting with a shebang), minified, each with the licenses of what it bundles.
// Code loaded with import() (the report, the GitHub client, the JAR check) goes to chunks beside the
// bundle (`<id>.index.js`), loaded when first needed. ncc's own --license keeps the licenses of one
// chunk only (each chunk's file overwrites the last), so licenses.txt is written here from the build's
// module list (webpack stats): every package of every chunk.
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

const entries = [
  { entry: 'src/index.ts', out: 'dist' },
  { entry: 'src/post-index.ts', out: 'dist/post' },
  { entry: 'src/cli.ts', out: 'dist/cli', bin: true },
];

const SHEBANG = '#!/usr/bin/env node\n';

/** The package directory a bundled file belongs to: the nearest package.json with a name. */
function packageDir(file) {
  let dir = path.dirname(file);
  while (dir.includes(`${path.sep}node_modules${path.sep}`)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name) return dir;
    dir = path.dirname(dir);
  }
  return undefined;
}

/**
 * licenses.txt in ncc's format (name, licence, licence text, blank line; sorted by name) for every
 * package with a module in any chunk of the build.
 */
function licensesFromStats(statsFile) {
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
  const dirs = new Set();
  for (const module of stats.modules ?? []) {
    const file = module.nameForCondition;
    if (typeof file !== 'string' || !file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    const dir = packageDir(file);
    if (dir && !dir.includes(`${path.sep}@vercel${path.sep}ncc`)) dirs.add(dir); // ncc's own loaders
  }
  const packages = new Map();
  for (const dir of dirs) {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const licence = typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? '');
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file ? readFileSync(path.join(dir, file), 'utf8').trim() : '';
    if (!packages.has(manifest.name)) packages.set(manifest.name, `${manifest.name}\n${licence}\n${text}\n`);
  }
  return [...packages.keys()]
    .sort()
    .map((name) => packages.get(name))
    .join('\n');
}

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const statsDir = mkdtempSync(path.join(tmpdir(), 'build-stats-'));

/** One ncc build; the three run side by side (each is mostly single-threaded). */
async function build({ entry, out, bin }) {
  const started = Date.now();
  const statsFile = path.join(statsDir, `${path.basename(out)}.json`);
  const status = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        ncc,
        'build',
        entry,
        '--out',
        out,
        '--minify',
        '--stats-out',
        statsFile,
        '--target',
        'es2022',
        '--quiet',
      ],
      { cwd: root, stdio: 'inherit' },
    );
    child.on('close', (code, signal) => resolve(code ?? signal));
  });
  if (status !== 0) {
    console.error(`ncc failed for ${entry} (exit ${status})`);
    process.exit(1);
  }
  const file = path.join(root, out, 'index.js');
  if (!existsSync(file)) {
    console.error(`ncc did not write ${path.relative(root, file)}`);
    process.exit(1);
  }
  writeFileSync(path.join(root, out, 'licenses.txt'), licensesFromStats(statsFile));
  if (bin) {
    const code = readFileSync(file, 'utf8');
    if (!code.startsWith('#!')) writeFileSync(file, SHEBANG + code);
    chmodSync(file, 0o755);
  }
  const kib = Math.round(statSync(file).size / 1024);
  const chunks = readdirSync(path.join(root, out)).filter((f) => /^\d+\.index\.js$/.test(f));
  const chunkKib = chunks.reduce((n, f) => n + statSync(path.join(root, out, f)).size, 0) / 1024;
  console.log(
    `${entry} → ${path.relative(root, file)} (${kib} KiB` +
      (chunks.length > 0 ? `, ${chunks.length} chunks loaded on demand, ${Math.round(chunkKib)} KiB` : '') +
      `, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}
await Promise.all(entries.map(build));
rmSync(statsDir, { recursive: true, force: true });
