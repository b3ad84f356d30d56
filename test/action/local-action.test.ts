/**
 * The action run as GitHub runs it, through @github/local-action: action.yml read, inputs from an env
 * file (INPUT_<NAME>), @actions/core and @actions/github stubbed by the tool, main step then post
 * step (`--post`), against the emulator and a local stand-in for the GitHub API. Checks the outputs,
 * the step summary file and the deployment the run recorded.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_APPLICATION, DEMO_NEW_JAR, demoSeed, postSeed } from '../../scripts/seed-demo.js';
import { startTestEmulator } from '../support/emulator.js';
import { startFakeGitHubApi } from '../support/github-api.js';
import { useTempDir } from '../support/temp-dir.js';

const root = path.resolve(import.meta.dirname, '../..');
const tmp = useTempDir('local-action-');
const localAction = path.join(root, 'node_modules/@github/local-action/bin/local-action.js');

function runLocalAction(envFile: string, timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [localAction, 'run', root, 'src/main.ts', envFile, '--post', 'src/post.ts'],
      // the tool's own environment only: the action's comes from the env file
      { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' } },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('the action through @github/local-action', () => {
  it('upgrades the demo application: outputs, step summary and a deployment in_progress then success', async () => {
    const { emulator, env } = await startTestEmulator({ metricPeriodSeconds: 1 });
    const { spec, newJar } = await demoSeed();
    await postSeed(emulator.url, spec, 5_000);
    const artifact = await tmp.write(DEMO_NEW_JAR, newJar);
    const api = await startFakeGitHubApi();
    const summaryFile = await tmp.write('summary.md', '');
    const envFile = await tmp.write(
      '.env',
      [
        `INPUT_APPLICATION-NAME=${DEMO_APPLICATION}`,
        `INPUT_ARTIFACT=${artifact}`,
        'INPUT_VERSION=2.0.0',
        'INPUT_RUNTIME=FLINK-1_20',
        'INPUT_POLL-INTERVAL=1s',
        'INPUT_BAKE-TIME=0',
        'INPUT_METRIC-PERIOD=1',
        'INPUT_TIMEOUT=2m',
        'INPUT_KEEP-SNAPSHOTS=5',
        'INPUT_GITHUB-TOKEN=ghs_local',
        ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
        'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true',
        'GITHUB_REPOSITORY=acme/widgets',
        'GITHUB_SHA=0123456789abcdef0123456789abcdef01234567',
        'GITHUB_RUN_ID=1001',
        'GITHUB_SERVER_URL=https://github.example',
        `GITHUB_API_URL=${api.url}`,
        `GITHUB_STEP_SUMMARY=${summaryFile}`,
      ].join('\n'),
    );

    const { code, out } = await runLocalAction(envFile, 90_000);
    expect(code, out).toBe(0);
    expect(out).not.toContain('::error::');
    // local-action prints the outputs as a table: "│ result │ 'upgraded' │"
    expect(out).toMatch(/result\W+upgraded/);
    expect(out).toMatch(/s3-key\W+demo-app\/2\.0\.0\/app-2\.0\.0\.jar/);
    expect(out).toMatch(/snapshot-name\W+pre-upgrade-2\.0\.0-1001/);
    expect(out).toContain('post: the run of demo-app finished (upgraded); nothing to do');
    expect(readFileSync(summaryFile, 'utf8')).toContain('upgraded');

    expect(api.requests[0]).toMatchObject({
      path: '/api/v3/repos/acme/widgets/deployments',
      body: { environment: 'msf/demo-app', ref: '0123456789abcdef0123456789abcdef01234567' },
    });
    expect(api.statuses(17)).toEqual(['in_progress', 'success']);
    // the post step found the deployment closed: it sent nothing more
    expect(api.requests).toHaveLength(3);
  }, 120_000);
});
