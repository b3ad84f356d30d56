import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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
