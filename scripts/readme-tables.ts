/**
 * The README's input and output tables are generated from action.yml, so the docs cannot drift:
 * `npm run readme` rewrites them between the `<!-- inputs:start -->`/`<!-- outputs:start -->` markers,
 * and a test fails when README.md differs from what this produces.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

interface ActionYml {
  inputs?: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs?: Record<string, { description?: string }>;
}

function cell(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().replaceAll('|', '\\|');
}

export function renderTables(actionYml: string): { inputs: string; outputs: string } {
  const action = parse(actionYml) as ActionYml;
  const inputs = [
    '| input | required | default | description |',
    '|---|---|---|---|',
    ...Object.entries(action.inputs ?? {}).map(
      ([name, i]) =>
        `| \`${name}\` | ${i.required ? 'yes' : 'no'} | ${i.default !== undefined && i.default !== '' ? `\`${cell(String(i.default))}\`` : ''} | ${cell(i.description)} |`,
    ),
  ].join('\n');
  const outputs = [
    '| output | description |',
    '|---|---|',
    ...Object.entries(action.outputs ?? {}).map(([name, o]) => `| \`${name}\` | ${cell(o.description)} |`),
  ].join('\n');
  return { inputs, outputs };
}

export function applyTables(readme: string, tables: { inputs: string; outputs: string }): string {
  let out = readme;
  for (const [name, table] of Object.entries(tables)) {
    const re = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!re.test(out))
      throw new Error(`README.md has no <!-- ${name}:start --> / <!-- ${name}:end --> markers`);
    out = out.replace(re, (_m, start: string, end: string) => `${start}\n${table}\n${end}`);
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const readme = readFileSync('README.md', 'utf8');
  const next = applyTables(readme, renderTables(readFileSync('action.yml', 'utf8')));
  if (next !== readme) writeFileSync('README.md', next);
  console.log(
    next === readme ? 'README.md tables are up to date' : 'README.md tables regenerated from action.yml',
  );
}
