import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_CODES, runCli } from '../../src/cli.js';
import { buildJar, classMajorFor, healthyJobJar } from '../support/jar-builder.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;

function common(jar: string): string[] {
  return [
    '--application-name',
    'orders',
    '--artifact',
    jar,
    '--version',
    'v2',
    '--poll-interval',
    '1s',
    '--bake-time',
    '0',
  ];
}

beforeAll(async () => {
  h = await startHarness();
});

beforeEach(() => {
  h.emulator.control.reset();
});

describe('command line', () => {
  it('runs the same pipeline and prints progress, outputs and a text report for the terminal', async () => {
    await h.seedApp({ name: 'orders' });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJob'));
    const lines: string[] = [];
    const result = await runCli([...common(jar), '--version', 'v7'], {
      clock: h.clock,
      clients: h.clients,
      env: {},
      write: (l) => lines.push(...l.split('\n')),
    });
    const text = lines.join('\n');
    expect(result.exitCode, text).toBe(0);
    expect(result.outputs.result).toBe('upgraded');
    expect(result.outputs['s3-key']).toBe('orders/v7/orders.jar');
    expect(text).toContain('▶ Snapshot');
    expect(text).toMatch(/waiting for UpdateApplication of orders/);
    expect(result.summary).toContain('### Timeline');
    // the terminal gets text: no Markdown, no Mermaid, no colour when the output is not a TTY
    expect(text).toContain('✔ upgraded: orders');
    expect(text).toMatch(/^Status +RUNNING +RUNNING$/m);
    expect(text).toMatch(/^ {2}phase +took +outcome +note$/m);
    expect(text).not.toContain('```');
    expect(text).not.toContain('## ');
    expect(text).not.toContain('| --- |');
    expect(text).not.toContain('\u001b[');
    // every group has content: a group title is never followed directly by another
    for (const [i, l] of lines.entries()) if (l.startsWith('▶ ')) expect(lines[i + 1], l).not.toMatch(/^▶ /);
    expect(lines[lines.indexOf('▶ Update') + 1]).toMatch(/^UpdateApplication accepted: version 1 → 2/);
    expect(lines[lines.indexOf('▶ Verify') + 1]).toMatch(
      /^RUNNING, FLINK-1_20, s3:\/\/flink-artifacts\/orders\/v7/,
    );
    // the plan is in its own group
    expect(lines[lines.indexOf('▶ Plan') + 1]).toBe('runtime: FLINK-1_20 (unchanged)');
    // no line printed twice
    const printed = lines.filter((l) => l.trim() !== '');
    expect(printed.filter((l, i) => printed.indexOf(l) !== i)).toEqual([]);
  });

  it('prints the Markdown job summary instead with --markdown, and colours the text report only when asked', async () => {
    await h.seedApp({ name: 'orders' });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJob'));
    const md: string[] = [];
    await runCli([...common(jar), '--markdown'], {
      clock: h.clock,
      clients: h.clients,
      env: {},
      write: (l) => md.push(l),
    });
    expect(md.join('\n')).toContain('## ✅ upgraded: `orders`');
    expect(md.join('\n')).toContain('| Phase | Took (real time) | Outcome | Note |');
    h.emulator.control.reset();
    await h.seedApp({ name: 'orders' });
    const coloured: string[] = [];
    await runCli(common(jar), {
      clock: h.clock,
      clients: h.clients,
      env: {},
      color: true,
      write: (l) => coloured.push(l),
    });
    expect(coloured.join('\n')).toContain('\u001b[32m\u001b[1m✔ upgraded: orders\u001b[0m\u001b[0m');
  });

  it('a failed result is an error, each finding is printed once and its class named once', async () => {
    await h.seedApp({ name: 'orders' });
    const jar = await h.writeJar(
      'orders.jar',
      await buildJar({ classes: [{ name: 'com/example/OrdersJob', major: classMajorFor(21) }] }),
    );
    const lines: string[] = [];
    const result = await runCli(common(jar), {
      clock: h.clock,
      clients: h.clients,
      env: {},
      write: (l) => lines.push(...l.split('\n')),
    });
    const text = lines.join('\n');
    expect(result.exitCode, text).toBe(1);
    expect(result.outputs.result).toBe('failed');
    const finding = lines.filter((l) => l.includes('is compiled for Java 21'));
    // once in the log (as the annotation line), once in the report's findings
    expect(finding).toHaveLength(2);
    expect(finding[0]).toMatch(/^error: JAR check JAVA_CLASS_VERSION: com\.example\.OrdersJob is compiled/);
    for (const l of finding) expect(l.split('com.example.OrdersJob')).toHaveLength(2);
    // the result: an error, never a warning, and its reason names the finding without repeating it
    expect(text).toContain('✖ failed: orders');
    expect(lines.filter((l) => l.startsWith('warning:'))).toEqual([]);
    expect(result.report!.reason).toBe(
      'jar-check found 1 error in orders.jar for FLINK-1_20 (JAVA_CLASS_VERSION in com.example.OrdersJob); ' +
        'nothing was changed. Fix the build, or set jar-check: warn to deploy anyway',
    );
  });

  it('a bad flag value fails in one line before any call', async () => {
    const lines: string[] = [];
    const mark = h.emulator.control.calls().length;
    const result = await runCli(
      ['--application-name', 'orders', '--artifact', 'x.jar', '--timeout', 'soon'],
      {
        clients: h.clients,
        env: {},
        write: (l) => lines.push(l),
      },
    );
    expect(result.exitCode).toBe(EXIT_CODES.badInput);
    expect(EXIT_CODES.badInput).toBe(3);
    expect(lines).toEqual(['error: input "timeout": expected a duration like 90s, 10m or 1h30m, got "soon"']);
    expect(h.emulator.control.calls().length).toBe(mark);
  });

  it('exit codes: 2 when the upgrade was rolled back, 1 when it failed', async () => {
    await h.seedApp({ name: 'orders' });
    // compiled for Java 21: FLINK-1_20 runs Java 11, the job cannot start and MSF rolls back by itself
    const java21 = await buildJar({
      manifest: { 'Main-Class': 'com.example.OrdersJob' },
      classes: [{ name: 'com/example/OrdersJob', major: classMajorFor(21) }],
    });
    const jar = await h.writeJar('java21.jar', java21);
    const common = ['--version', 'v8', '--poll-interval', '1s', '--bake-time', '0', '--jar-check', 'off'];
    const lines: string[] = [];
    const opts = { clock: h.clock, clients: h.clients, env: {}, write: (l: string) => lines.push(l) };
    const rolledBack = await runCli(['--application-name', 'orders', '--artifact', jar, ...common], opts);
    expect(rolledBack.report?.result, lines.join('\n')).toBe('rolled-back');
    expect(rolledBack.exitCode).toBe(2);
    const failed = await runCli(['--application-name', 'no-such-app', '--artifact', jar, ...common], opts);
    expect(failed.report?.result).toBe('failed');
    expect(failed.exitCode).toBe(1);
  });

  it('a missing artifact file fails before any AWS call', async () => {
    const mark = h.emulator.control.calls().length;
    const { outputs, report } = await h.run({
      'application-name': 'orders',
      artifact: `${h.dir}/missing.jar`,
    });
    expect(outputs.result).toBe('failed');
    expect(report.reason).toContain('input "artifact": no file at');
    expect(h.emulator.control.calls().length).toBe(mark);
  });
});

describe('cancellation', () => {
  it('stops waiting, reports the operation left in flight and saves the state', async () => {
    await h.seedApp({ name: 'orders' });
    const jar = await h.writeJar('orders.jar', await healthyJobJar(11, 'com/example/OrdersJob'));
    const controller = new AbortController();
    const { outputs, report, states } = await h.run(
      { 'application-name': 'orders', artifact: jar },
      {
        signal: controller.signal,
        onState: (s) => {
          if (s.phase === 'operation' && s.operationId) controller.abort(new Error('cancelled by SIGTERM'));
        },
      },
    );
    expect(outputs.result).toBe('failed');
    expect(report.reason).toMatch(/^cancelled during operation/);
    expect(report.reason).toContain(outputs['operation-id']);
    // no final result in the saved state: the post step sees the update in flight and acts on it
    const last = states.at(-1)!;
    expect(last.result).toBeUndefined();
    expect(last).toMatchObject({ phase: 'operation', snapshotName: 'pre-upgrade-test' });
    expect(last.reason).toMatch(/^cancelled during operation/);
    expect(last.operationId).toBe(outputs['operation-id']);
    expect(last.previous?.fileKey).toBe('orders/v1/orders.jar');
  });
});
