/**
 * The committed bundle (dist/index.js, then dist/post/index.js) run as the GitHub runner runs
 * `uses: ./` in the `test-action` job of .github/workflows/self-test.yml: INPUT_* variables, file commands, the
 * saved state handed to the post step, against the emulator seeded by scripts/seed-demo.ts. It runs
 * what `npm run build` last wrote: rebuild after changing src/.
 */
import { describe, expect, it } from 'vitest';
import {
  DEMO_APPLICATION,
  DEMO_NEW_JAR,
  DEMO_RUNNING_KEY,
  demoSeed,
  postSeed,
} from '../../scripts/seed-demo.js';
import { startTestEmulator } from '../support/emulator.js';
import { runAction } from '../support/github-runner.js';
import { useTempDir } from '../support/temp-dir.js';

const tmp = useTempDir('dist-action-');

/** An emulator seeded like the self-test workflow, and the new build written where the step reads it. */
async function seededDemo() {
  const { emulator, env } = await startTestEmulator({ metricPeriodSeconds: 1 });
  const { spec, newJar } = await demoSeed();
  await postSeed(emulator.url, spec, 5_000);
  const artifact = await tmp.write(DEMO_NEW_JAR, newJar);
  return { emulator, env, artifact };
}

/** The `with:` and environment of the workflow's upgrade step, with the given bake time. */
function demoStep(artifact: string, env: Record<string, string>, bakeTime: string) {
  return {
    with: {
      'application-name': DEMO_APPLICATION,
      artifact,
      version: '2.0.0',
      runtime: 'FLINK-1_20',
      'poll-interval': '1s',
      'bake-time': bakeTime,
      'metric-period': '1',
      timeout: '5m',
    },
    // no AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: the action keeps the SDK's warning out of the log itself
    env,
  };
}

describe('the bundled action, run like the GitHub runner', () => {
  it('upgrades the seeded demo application, and the post step finds nothing to do', async () => {
    const { emulator, env, artifact } = await seededDemo();

    const run = await runAction({
      ...demoStep(artifact, env, '8s'),
    });

    expect(run.main.exitCode, run.main.stdout + run.main.stderr).toBe(0);
    expect(run.outputs).toMatchObject({
      result: 'upgraded',
      'previous-application-version-id': '1',
      'application-version-id': '2',
      runtime: 'FLINK-1_20',
      's3-key': 'demo-app/2.0.0/app-2.0.0.jar',
      'snapshot-name': 'pre-upgrade-2.0.0-1001',
    });
    expect(run.outputs['operation-id']).toMatch(/\S/);
    expect(run.main.stdout).toMatch(/health gate for demo-app .*\n[\s\S]*checkpoints: [1-9]\d* completed/);
    // the SDK's multi-line node-version warning never lands in the log; on an old node, one note at the end
    expect(run.main.stdout + run.main.stderr).not.toContain('NodeVersionSupportWarning');
    const notes = run.main.stdout.split('\n').filter((l) => l.startsWith('note: node '));
    expect(notes.length).toBe(Number(process.versions.node.split('.')[0]) < 22 ? 1 : 0);
    // the result once, and no line twice (progress lines carry their time)
    const lines = run.main.stdout.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('::'));
    expect(lines.filter((l, i) => lines.indexOf(l) !== i)).toEqual([]);
    expect(lines.filter((l) => l.startsWith('demo-app: upgraded: '))).toHaveLength(1);
    // every log group has content
    const all = run.main.stdout.split('\n');
    for (const [i, l] of all.entries())
      if (l.startsWith('::group::')) expect(all[i + 1], l).not.toMatch(/^::endgroup::/);
    expect(JSON.parse(run.state['run-state'] ?? '{}')).toMatchObject({ result: 'upgraded', phase: 'done' });
    expect(run.summary).toContain('upgraded: `demo-app`');

    expect(run.post.exitCode, run.post.stdout + run.post.stderr).toBe(0);
    expect(run.post.stdout).toContain('post: the run of demo-app finished (upgraded); nothing to do');
    // the first request went out before the rest of the bundle loaded, and preflight used its answer
    const msfCalls = emulator.control
      .calls()
      .filter((c) => c.service === 'kinesisanalyticsv2')
      .map((c) => c.operation);
    expect(msfCalls.slice(0, 2)).toEqual([
      'DescribeApplication',
      expect.not.stringMatching(/^DescribeApplication$/),
    ]);

    const apps = (emulator.control.describe().applications as { applications: any[] }).applications;
    expect(apps.find((a) => a.name === DEMO_APPLICATION)).toMatchObject({
      status: 'RUNNING',
      versionId: 2,
      fileKey: 'demo-app/2.0.0/app-2.0.0.jar',
    });
  });

  it('a release the health gate rolls back: the rollback is a warning annotation, the result one error', async () => {
    const { emulator, env, artifact } = await seededDemo();
    emulator.control.setJobBehaviour({
      application: DEMO_APPLICATION,
      fileKey: 'demo-app/2.0.0/app-2.0.0.jar',
      behaviour: { kind: 'restart-loop', afterSeconds: 1 },
    });
    const run = await runAction({ ...demoStep(artifact, env, '20s') });
    const log = run.main.stdout;
    expect(run.outputs.result, log).toBe('rolled-back');
    expect(run.main.exitCode).not.toBe(0);
    const warnings = log.split('\n').filter((l) => l.startsWith('::warning'));
    const errors = log.split('\n').filter((l) => l.startsWith('::error'));
    expect(warnings.filter((l) => l.includes('title=Rolling back demo-app::health gate: '))).toHaveLength(1);
    // the result is an error annotation, once; never a `warning:` line
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^::error::health gate: .*rolled back: /);
    expect(log).not.toMatch(/^warning: demo-app: rolled-back/m);
    // GitHub shows 10 per level and step
    expect(warnings.length).toBeLessThanOrEqual(10);
    expect(new Set(warnings).size).toBe(warnings.length);
  }, 60_000);

  it('cancelled with SIGINT during the bake: the post step rolls the application back', async () => {
    const { emulator, env, artifact } = await seededDemo();

    const run = await runAction({
      ...demoStep(artifact, env, '2m'),
      // the gate's first progress line: "[stabilising 0:01/0:01] <restarts>, <running time>, checkpoints …"
      interrupt: {
        signal: 'SIGINT',
        when: /health gate for demo-app [^\n]*\n(?:[^\n]*\n)*?\[(?:stabilising|bake) [\d:]+\/[\d:]+\] [^\n]*checkpoints/,
      },
      timeoutMs: 20_000,
    });

    const mainLog = run.main.stdout + run.main.stderr;
    expect(run.main.interrupted, mainLog).toBe('SIGINT');
    expect(run.main.stdout).toContain('received SIGINT: cancelling');
    expect(run.main.exitCode, mainLog).not.toBe(0);
    // The bake had not ended: the main step saved a state without a result, which the post step acts on.
    const saved = JSON.parse(run.state['run-state'] ?? '{}') as { result?: string };
    expect(saved.result, run.state['run-state']).toBeUndefined();
    const before = emulator.control.calls().filter((c) => c.operation === 'UpdateApplication');
    expect(before.map((c) => c.status)).toEqual([200]);

    expect(run.post.exitCode, run.post.stdout + run.post.stderr).toBe(0);
    const rollbacks = emulator.control
      .calls()
      .filter((c) => c.service === 'kinesisanalyticsv2' && c.operation === 'RollbackApplication');
    expect(rollbacks.map((c) => c.status)).toEqual([200]);

    const apps = (emulator.control.describe().applications as { applications: any[] }).applications;
    const app = apps.find((a) => a.name === DEMO_APPLICATION);
    expect(app).toMatchObject({ status: 'RUNNING', versionId: 3, fileKey: DEMO_RUNNING_KEY });
    expect(app.versions.find((v: any) => v.versionId === 3)).toMatchObject({
      rolledBackFrom: 2,
      rolledBackTo: 1,
    });
    expect(app.operations.map((o: any) => [o.operation, o.status])).toEqual([
      ['UpdateApplication', 'SUCCESSFUL'],
      ['RollbackApplication', 'SUCCESSFUL'],
    ]);
  }, 25_000);
});
