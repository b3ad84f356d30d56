// Bundles with ncc: src/index.ts → dist/index.js (the action's main step), src/post-index.ts →
// dist/post/index.js (post step) and src/cli.ts → dist/cli/index.js (the package's `flink-upgrade`
// bin, executable, starting with a shebang), minified, each with the licenses of what it bundles.
// Code loaded with import() (the report, the GitHub client, the JAR check) goes to chunks beside the
// bundle (`<id>.index.js`), loaded when first needed; ncc minifies the bundle only, so the chunks are
// minified here with the same settings (terser, names of classes and functions kept). ncc's own --license keeps the licenses of one
// chunk only (each chunk's file overwrites the last), so licenses.txt is written here from the build's
// module list (webpack stats): every package of every chunk.
//
// TypeScript is compiled to JavaScript first, without type checking (`npm run typecheck` does that), into
// .tmp/build/src/, and ncc bundles that JavaScript. Letting ncc compile the TypeScript type-checked each
// of the three bundles again (about 60 s of CPU each); its `--transpile-only` mode cannot be used with
// this tsconfig: under `module: NodeNext` a file's output format follows the nearest package.json's
// `type`, which `ts.transpileModule` (file by file, no file system) cannot see, so every file came out
// as CommonJS — require() calls that webpack resolved under the `require` condition, which the ESM-only
// @actions packages do not export, and a top-level await that CommonJS cannot hold. Here each file is
// compiled as the ES module it is (`module: ESNext`), with the project's other compiler options.
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
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
import { minify } from 'terser';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

const STAGING = path.join('.tmp', 'build');
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

/** The .ts files under a folder, recursively, in a stable order. */
function sourceFiles(dir) {
  return readdirSync(path.join(root, dir), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) return sourceFiles(rel);
      return e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [rel] : [];
    });
}

/**
 * Compiles src/ to ES modules under STAGING (same layout, `.js`), each file on its own: syntax only,
 * no type checking. Fails on any syntax error.
 */
function transpile() {
  const started = Date.now();
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const { options, errors } = ts.convertCompilerOptionsFromJson(config.config.compilerOptions, root);
  if (errors.length > 0) throw new Error(ts.flattenDiagnosticMessageText(errors[0].messageText, '\n'));
  const compilerOptions = {
    ...options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: false,
    declaration: false,
    sourceMap: false,
  };
  const files = sourceFiles('src');
  const problems = [];
  for (const file of files) {
    const { outputText, diagnostics = [] } = ts.transpileModule(readFileSync(path.join(root, file), 'utf8'), {
      fileName: file,
      compilerOptions,
      reportDiagnostics: true,
    });
    for (const d of diagnostics)
      problems.push(`${file}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    const out = path.join(root, STAGING, file.replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(
    `TypeScript → ${STAGING} (${files.length} files, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
rmSync(path.join(root, STAGING), { recursive: true, force: true });
transpile();
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
        path.join(STAGING, entry.replace(/\.ts$/, '.js')),
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
    throw new Error(`ncc failed for ${entry} (exit ${status})`);
  }
  const file = path.join(root, out, 'index.js');
  if (!existsSync(file)) {
    throw new Error(`ncc did not write ${path.relative(root, file)}`);
  }
  writeFileSync(path.join(root, out, 'licenses.txt'), licensesFromStats(statsFile));
  for (const chunk of readdirSync(path.join(root, out)).filter((f) => /^\d+\.index\.js$/.test(f))) {
    const chunkFile = path.join(root, out, chunk);
    const minified = await minify(readFileSync(chunkFile, 'utf8'), {
      module: true,
      compress: false,
      mangle: { keep_classnames: true, keep_fnames: true },
      format: { comments: false },
    });
    if (minified.code === undefined) throw new Error(`terser wrote nothing for ${chunk}`);
    writeFileSync(chunkFile, minified.code);
  }
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
try {
  await Promise.all(entries.map(build));
} finally {
  rmSync(statsDir, { recursive: true, force: true });
  rmSync(path.join(root, STAGING), { recursive: true, force: true });
}
