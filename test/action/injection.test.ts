/**
 * Hostile text through every channel of the action, run from its sources the way the GitHub runner
 * runs it (INPUT_* variables, file commands, then the post step): the operation's ErrorString, the
 * artifact's file name, JAR entry names, pom.properties, the `key` input. Whatever they contain, the
 * runner's command parser finds no command they formed in the output of either step, and the job
 * summary carries no command either.
 */
import { describe, expect, it } from 'vitest';
import { buildJar, classMajorFor } from '../support/jar-builder.js';
import { startTestEmulator } from '../support/emulator.js';
import { runAction, type ActionRun } from '../support/github-runner.js';
import { INJECTION_CORPUS, forgedCommands, runnerCommands } from '../support/runner-commands.js';
import { useTempDir } from '../support/temp-dir.js';

const tmp = useTempDir('injection-');
const APP = 'orders';
const BUCKET = 'flink-artifacts';
const CURRENT_KEY = 'orders/v1/orders.jar';

/** One line of hostile text: the whole corpus, joined as the channel allows. */
const HOSTILE = INJECTION_CORPUS.join(' | ');

async function seeded(behaviour?: { fileKey: string; message: string }) {
  const t = await startTestEmulator({ metricPeriodSeconds: 1 });
  const current = await buildJar({ classes: [{ name: 'com/example/Job', major: classMajorFor(11) }] });
  await t.emulator.control.seed({
    buckets: [{ name: BUCKET, versioning: true, objects: [{ key: CURRENT_KEY, body: current }] }],
    applications: [{ name: APP, runtime: 'FLINK-1_20', code: { bucket: BUCKET, key: CURRENT_KEY } }],
  });
  if (behaviour) {
    t.emulator.control.setJobBehaviour({
      application: APP,
      fileKey: behaviour.fileKey,
      behaviour: { kind: 'startup-failure', message: behaviour.message },
    });
  }
  return t;
}

function step(env: Record<string, string>, inputs: Record<string, string>) {
  return {
    with: {
      'application-name': APP,
      version: '2.0.0',
      runtime: 'FLINK-1_20',
      'poll-interval': '1s',
      'bake-time': '0',
      timeout: '2m',
      ...inputs,
    },
    env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    source: true,
    timeoutMs: 40_000,
  };
}

function expectNoForgedCommand(run: ActionRun, mustMention: RegExp): void {
  const output = [run.main.stdout, run.post.stdout].join('\n');
  expect(output, 'the hostile text reached the log').toMatch(mustMention);
  expect(forgedCommands(output)).toEqual([]);
  expect(runnerCommands(run.summary)).toEqual([]);
}

describe('hostile text through every channel of the action', () => {
  it('artifact file name, JAR entry names and pom.properties, in a dry run', async () => {
    const { env } = await seeded();
    const hostileName = '##[warning title=forged]FORGED';
    const jar = await buildJar({
      classes: [
        // Java 21 classes on a Java 11 runtime: findings that name the entry
        { name: `com/example/${hostileName}/\u0085::warning title=forged::FORGED`, major: classMajorFor(21) },
        { name: 'com/example/##[error title=forged]Job', major: classMajorFor(21) },
      ],
      artifacts: [
        {
          groupId: 'org.apache.flink',
          artifactId: 'flink-streaming-java',
          version: '1.18.0 ##[warning]forged',
        },
      ],
    });
    const artifact = await tmp.write(`orders-${hostileName}.jar`, jar);

    const run = await runAction(step(env, { artifact, 'dry-run': 'true', 'jar-check': 'warn' }));

    expect(run.outputs.result, run.main.stdout + run.main.stderr).toBe('planned');
    expectNoForgedCommand(run, /FORGED/);
    // the findings were annotated: real commands, with the hostile text as data only
    expect(runnerCommands(run.main.stdout).some((c) => c.name === 'warning')).toBe(true);
  }, 60_000);

  it("the operation's ErrorString (the job's own exception text), through the rollback and the post step", async () => {
    const newKey = 'orders/2.0.0/orders.jar';
    const { env } = await seeded({ fileKey: newKey, message: INJECTION_CORPUS.join('\n') });
    const jar = await buildJar({ classes: [{ name: 'com/example/Job', major: classMajorFor(11) }] });
    const artifact = await tmp.write('orders.jar', jar);

    const run = await runAction(step(env, { artifact }));

    expect(run.outputs.result, run.main.stdout + run.main.stderr).toMatch(/rolled-back|failed/);
    expect(run.main.exitCode).not.toBe(0);
    expectNoForgedCommand(run, /FORGED/);
  }, 60_000);

  it('the key input (promotion of a build already in S3)', async () => {
    const { env } = await seeded();
    const run = await runAction(
      // an input is one line: the corpus without its line breaks (it keeps the legacy and `::` forms)
      step(env, { key: `orders/${HOSTILE.split(/[\r\n]/).join(' ')}.jar` }),
    );

    expect(run.outputs.result ?? 'failed', run.main.stdout + run.main.stderr).toBe('failed');
    expect(run.main.exitCode).not.toBe(0);
    expectNoForgedCommand(run, /FORGED/);
  }, 60_000);
});
