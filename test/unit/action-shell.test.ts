import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_USAGE, parseArgs } from '../../src/cli.js';
import { formatDuration } from '../../src/duration.js';
import {
  INPUT_NAMES,
  InputError,
  MAX_DURATION_MS,
  MAX_POLL_INTERVAL_MS,
  parseInputs,
  type InputName,
} from '../../src/inputs.js';
import { FLINK_RUNTIMES } from '../../src/msf/runtime.js';
import { SNAPSHOT_LIMIT } from '../../src/msf/quotas.js';
import { ACTION_VERSION, userAgent } from '../../src/user-agent.js';
import { OUTPUT_NAMES } from '../../src/report/outputs.js';

const actionYml = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8');

function section(name: 'inputs' | 'outputs'): Map<string, string> {
  const start = actionYml.indexOf(`\n${name}:\n`);
  const rest = actionYml.slice(start + name.length + 3);
  const end = rest.search(/\n\S/);
  const body = end === -1 ? rest : rest.slice(0, end);
  const entries = new Map<string, string>();
  let current: string | undefined;
  for (const line of body.split('\n')) {
    const key = /^ {2}([a-z0-9-]+):\s*$/.exec(line);
    if (key?.[1]) {
      current = key[1];
      entries.set(current, '');
    } else if (current) entries.set(current, `${entries.get(current)}\n${line}`);
  }
  return entries;
}

describe('action.yml', () => {
  it('describes every input the action parses, and no other', () => {
    const inputs = section('inputs');
    expect([...inputs.keys()].sort()).toEqual([...INPUT_NAMES].sort());
    for (const [name, body] of inputs) expect(body, name).toMatch(/description:/);
  });
  it('states each enum and each cap the inputs are held to', () => {
    const inputs = section('inputs');
    const enums: Partial<Record<InputName, readonly string[]>> = {
      runtime: FLINK_RUNTIMES,
      restore: ['latest', 'snapshot', 'none'],
      'system-rollback': ['enable', 'keep'],
      'jar-check': ['strict', 'warn', 'off'],
      'flink-dashboard': ['auto', 'off'],
      rollback: ['auto', 'never'],
    };
    for (const name of [
      'allow-non-restored-state',
      'allow-major-upgrade',
      'allow-downgrade',
      'dry-run',
      'require-checkpoint',
      'start',
      'summary',
    ] as const)
      enums[name] = ['true', 'false'];
    for (const [name, values] of Object.entries(enums))
      for (const v of values) expect(inputs.get(name), `${name}: ${v}`).toContain(`\`${v}\``);

    // the cap each duration states is the one parseInputs holds it to: at the cap accepted, above refused
    const base = { 'application-name': 'orders', artifact: 'orders.jar', version: 'v1', 'bake-time': '0' };
    const durations: [InputName, number][] = [
      ['timeout', MAX_DURATION_MS],
      ['poll-interval', MAX_POLL_INTERVAL_MS],
      ['bake-time', MAX_DURATION_MS],
      ['stabilisation-delay', MAX_DURATION_MS],
      ['metrics-lag', MAX_DURATION_MS],
      ['rollback-timeout', MAX_DURATION_MS],
      ['max-state-age', MAX_DURATION_MS],
    ];
    for (const [name, max] of durations) {
      expect(inputs.get(name), name).toContain(`to ${formatDuration(max)})`);
      const extra = name === 'bake-time' ? { timeout: formatDuration(MAX_DURATION_MS) } : {};
      const at = name === 'bake-time' ? formatDuration(max - 3_600_000) : formatDuration(max);
      expect(() => parseInputs({ ...base, ...extra, [name]: at }), name).not.toThrow();
      expect(() => parseInputs({ ...base, [name]: `${max + 1000}ms` }), name).toThrow(InputError);
    }
    expect(inputs.get('parallelism')).toContain('from 1 to 100000');
    expect(() => parseInputs({ ...base, parallelism: '100000' })).not.toThrow();
    expect(() => parseInputs({ ...base, parallelism: '100001' })).toThrow(InputError);
    expect(inputs.get('keep-snapshots')).toContain(`from 1 to ${SNAPSHOT_LIMIT}`);
    expect(inputs.get('metric-period')).toContain('multiple of 60 up to 86400');
  });
  it('describes every output the action sets', () => {
    const outputs = section('outputs');
    expect([...outputs.keys()].sort()).toEqual([...OUTPUT_NAMES].sort());
    for (const [name, body] of outputs) expect(body, name).toMatch(/description:/);
  });
  it('runs on node24 with a post step that always runs', () => {
    expect(actionYml).toMatch(/using: node24/);
    expect(actionYml).toMatch(/main: dist\/index\.js/);
    expect(actionYml).toMatch(/post: dist\/post\/index\.js/);
    expect(actionYml).toMatch(/post-if: always\(\)/);
    expect(actionYml).toMatch(/branding:/);
  });
  it('declares the version package.json has', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(ACTION_VERSION).toBe(pkg.version);
    expect(userAgent({ GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '2' })).toBe(
      `flink-upgrade-action/${pkg.version} run/77-2`,
    );
  });
});

describe('CLI flags', () => {
  it('reads flags named like the inputs', () => {
    expect(
      parseArgs(['--application-name', 'orders', '--artifact=app.jar', '--dry-run', '--region', 'eu-west-1']),
    ).toEqual({
      inputs: { 'application-name': 'orders', artifact: 'app.jar', 'dry-run': 'true' },
      region: 'eu-west-1',
      help: false,
    });
  });
  it('refuses unknown flags and stray arguments', () => {
    expect(() => parseArgs(['--aplication-name', 'x'])).toThrow(/unknown flag --aplication-name/);
    expect(() => parseArgs(['orders'])).toThrow(/unexpected argument/);
  });
  it('lists every input in the usage text', () => {
    for (const name of INPUT_NAMES) expect(CLI_USAGE).toContain(`--${name}`);
  });
});

describe("action.yml's defaults", () => {
  it('equal the parser’s: giving each default explicitly parses to the same inputs as leaving it out', async () => {
    const { parse } = await import('yaml');
    const doc = parse(actionYml) as { inputs: Record<string, { default?: string }> };
    const defaults = Object.entries(doc.inputs)
      .filter(([, spec]) => spec.default !== undefined && !String(spec.default).includes('${{'))
      .map(([name, spec]) => [name, String(spec.default)] as const);
    expect(defaults.length).toBeGreaterThan(10);
    const base = { 'application-name': 'orders', artifact: 'target/orders.jar', version: 'v1' };
    const ctx = { sha: '0123456789abcdef', runId: '42' };
    const omitted = parseInputs(base, ctx);
    const explicit = parseInputs({ ...base, ...Object.fromEntries(defaults) }, ctx);
    expect(explicit).toEqual(omitted);
  });
});
