import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseInputs, type RawInputs } from '../../src/inputs.js';
import { applyTables, renderTables } from '../../scripts/readme-tables.js';

describe('README.md', () => {
  const readme = readFileSync('README.md', 'utf8');
  const actionYml = readFileSync('action.yml', 'utf8');

  it('documents every input and output of action.yml (run `npm run readme` after changing action.yml)', () => {
    expect(applyTables(readme, renderTables(actionYml))).toBe(readme);
  });

  it('shows the two commands of the front door', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
  });

  it('renders inputs with their defaults and escapes table pipes', () => {
    const { inputs } = renderTables(
      'inputs:\n  a-b:\n    description: one | two\n    required: true\n  c:\n    description: x\n    default: "15s"\n',
    );
    expect(inputs).toContain('| `a-b` | yes |  | one \\| two |');
    expect(inputs).toContain('| `c` | no | `15s` | x |');
  });
});

describe('README workflow examples', () => {
  const readme = readFileSync('README.md', 'utf8');
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  const steps = blocks.flatMap((block) => {
    const workflow = parse(block) as {
      jobs?: Record<string, { steps?: { uses?: string; with?: RawInputs }[] }>;
    };
    return Object.entries(workflow.jobs ?? {}).flatMap(([job, j]) =>
      (j.steps ?? [])
        .filter((s) => s.uses?.startsWith('org/flink-upgrade-action@'))
        .map((s) => ({ job, with: s.with ?? {} })),
    );
  });

  /** What GitHub would substitute for the expressions the examples use. */
  function substitute(value: unknown): string {
    return String(value)
      .replace(/\$\{\{\s*needs\.build\.outputs\.sha256\s*\}\}/g, 'ab'.repeat(32))
      .replace(/\$\{\{\s*needs\.dev\.outputs\.sha256\s*\}\}/g, 'ab'.repeat(32))
      .replace(/\$\{\{\s*needs\.dev\.outputs\.key\s*\}\}/g, 'orders-enrichment-dev/v1.4.0/app.jar')
      .replace(/\$\{\{\s*needs\.dev\.outputs\.object-version\s*\}\}/g, '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY')
      .replace(/\$\{\{\s*github\.ref_name\s*\}\}/g, 'v1.4.0');
  }

  it('has the examples', () => {
    expect(steps.length).toBeGreaterThanOrEqual(2);
  });

  it.each(steps.map((s) => [s.job, s.with] as const))(
    'job %s passes input validation',
    (_job, withInputs) => {
      const raw = Object.fromEntries(Object.entries(withInputs).map(([k, v]) => [k, substitute(v)]));
      expect(() =>
        parseInputs(raw, { refType: 'tag', refName: 'v1.4.0', sha: '0123456789abcdef', runId: '1' }),
      ).not.toThrow();
    },
  );
});
