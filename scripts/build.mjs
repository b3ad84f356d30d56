// Bundles with ncc: src/index.ts → dist/index.js (the action's main step), src/post-index.ts →
// dist/post/index.js (post step) and src/cli.ts → dist/cli/index.js (the package's `flink-upgrade`
// bin, executable, starting with a shebang), minified, each with the licenses of what it bundles.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

rmSync(path.join(root, 'dist'), { recursive: true, force: true });

for (const { entry, out, bin } of entries) {
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [
      ncc,
      'build',
      entry,
      '--out',
      out,
      '--minify',
      '--license',
      'licenses.txt',
      '--target',
      'es2022',
      '--quiet',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0) {
    console.error(`ncc failed for ${entry} (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
  const file = path.join(root, out, 'index.js');
  if (!existsSync(file)) {
    console.error(`ncc did not write ${path.relative(root, file)}`);
    process.exit(1);
  }
  if (bin) {
    const code = readFileSync(file, 'utf8');
    if (!code.startsWith('#!')) writeFileSync(file, SHEBANG + code);
    chmodSync(file, 0o755);
  }
  const kib = Math.round(statSync(file).size / 1024);
  console.log(
    `${entry} → ${path.relative(root, file)} (${kib} KiB, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}
