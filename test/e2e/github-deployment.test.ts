/**
 * GitHub deployments through the real Octokit client against a local stand-in for the GitHub API:
 * in_progress at the start, success / failure at the end, the post step's closing of a run the main
 * step left open, and a refusal that never fails the run.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cancelledOutcome,
  consoleUrl,
  finishDeployment,
  parseSavedDeployment,
  startDeployment,
} from '../../src/report/deployment.js';
import type { UpgradeReport } from '../../src/report/types.js';
import { startFakeGitHubApi } from '../support/github-api.js';

const subject = { application: 'orders', version: 'v2.1.0', region: 'eu-west-1' };

function report(overrides: Partial<UpgradeReport>): UpgradeReport {
  return {
    application: 'orders',
    platform: 'Managed Service for Apache Flink',
    region: 'eu-west-1',
    version: 'v2.1.0',
    dryRun: false,
    result: 'upgraded',
    reason: 'orders runs FLINK-2_2',
    startedAt: 0,
    endedAt: 1,
    planLines: [],
    phases: [],
    logGroups: [],
    warnings: [],
    ...overrides,
  };
}

describe('GitHub deployment of a run', () => {
  it('is created in_progress with the console URL, then set to success', async () => {
    const api = await startFakeGitHubApi();
    const ctx = {
      token: 'ghs_test',
      repository: 'acme/widgets',
      sha: 'abc123',
      apiUrl: api.url,
      serverUrl: 'https://github.example',
      runId: '99',
    };
    const lines: string[] = [];
    const id = await startDeployment(subject, ctx, (l) => lines.push(l));
    expect(id).toBe(17);
    expect(await finishDeployment(id!, report({}), ctx, (l) => lines.push(l))).toBe(true);
    expect(lines).toEqual([]);
    const [create, progress, done] = api.requests;
    expect(create).toMatchObject({
      method: 'POST',
      path: '/api/v3/repos/acme/widgets/deployments',
      body: { ref: 'abc123', environment: 'msf/orders', auto_merge: false, required_contexts: [] },
    });
    expect(create!.headers.authorization).toBe('token ghs_test');
    expect(progress!.body).toMatchObject({
      state: 'in_progress',
      environment_url:
        'https://eu-west-1.console.aws.amazon.com/flink/home?region=eu-west-1#/applications/orders',
      log_url: 'https://github.example/acme/widgets/actions/runs/99',
    });
    expect(done!.body).toMatchObject({ state: 'success', description: 'orders runs FLINK-2_2' });
    expect(api.statuses(17)).toEqual(['in_progress', 'success']);
  });

  it('a rolled-back run is a failure with the reason', async () => {
    const api = await startFakeGitHubApi();
    const ctx = { token: 't', repository: 'acme/widgets', sha: 'abc', apiUrl: api.url };
    const id = await startDeployment(subject, ctx, () => undefined);
    await finishDeployment(
      id!,
      report({ result: 'rolled-back', reason: 'health gate: 4 restarts' }),
      ctx,
      () => undefined,
    );
    expect(api.requests.at(-1)!.body).toMatchObject({
      state: 'failure',
      description: 'rolled back: health gate: 4 restarts',
    });
  });

  it('a refusal is one log line naming the permission, never an error', async () => {
    const api = await startFakeGitHubApi();
    api.refuse = { status: 403, message: 'Resource not accessible by integration' };
    const lines: string[] = [];
    const id = await startDeployment(
      subject,
      { token: 't', repository: 'acme/widgets', sha: 'abc', apiUrl: api.url },
      (l) => lines.push(l),
    );
    expect(id).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^GitHub deployment not recorded \(Resource not accessible by integration.*"permissions: deployments: write"/,
    );
  });

  it('without a token nothing is sent', async () => {
    const api = await startFakeGitHubApi();
    expect(
      await startDeployment(
        subject,
        { repository: 'acme/widgets', sha: 'abc', apiUrl: api.url },
        () => undefined,
      ),
    ).toBeUndefined();
    expect(api.requests).toEqual([]);
  });

  it('the console URL escapes the region and the name', () => {
    expect(consoleUrl({ application: 'a b', region: 'us-east-1' })).toBe(
      'https://us-east-1.console.aws.amazon.com/flink/home?region=us-east-1#/applications/a%20b',
    );
  });

  it('a cancelled run: failure when rolled back or nothing changed, error when left as is', () => {
    expect(cancelledOutcome({ action: 'rolled-back', message: 'rolled back to version 1' })).toEqual({
      state: 'failure',
      description: 'cancelled: rolled back to version 1',
    });
    expect(cancelledOutcome({ action: 'left-as-is', message: 'left' }).state).toBe('error');
    expect(cancelledOutcome({ action: 'rollback-failed', message: 'x' }).state).toBe('error');
  });

  it('parses the saved deployment, and nothing else', () => {
    expect(
      parseSavedDeployment('{"id":3,"application":"orders","region":"us-east-1","closed":false}'),
    ).toEqual({
      id: 3,
      application: 'orders',
      region: 'us-east-1',
      closed: false,
    });
    expect(parseSavedDeployment('')).toBeUndefined();
    expect(parseSavedDeployment('{"id":"3"}')).toBeUndefined();
  });
});

describe('the post step (src/post.ts, real @actions/core)', () => {
  it('closes the deployment a cancelled main step left in_progress, and only that one', async () => {
    const api = await startFakeGitHubApi();
    const summary = path.join(mkdtempSync(path.join(tmpdir(), 'post-deployment-')), 'summary.md');
    writeFileSync(summary, '');
    Object.assign(process.env, {
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: 'acme/widgets',
      GITHUB_STEP_SUMMARY: summary,
      'INPUT_GITHUB-TOKEN': 'ghs_post',
      'INPUT_APPLICATION-NAME': 'orders',
      INPUT_KEY: 'orders/v2/app.jar',
      INPUT_VERSION: 'v2',
      // what the main step saved before it was cancelled during the upload: nothing changed yet
      'STATE_run-state': JSON.stringify({ application: 'orders', phase: 'upload' }),
      STATE_deployment: JSON.stringify({ id: 17, application: 'orders', region: 'eu-west-1', closed: false }),
    });
    const { post } = await import('../../src/post.js');
    await post();
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]).toMatchObject({
      path: '/api/v3/repos/acme/widgets/deployments/17/statuses',
      body: {
        state: 'failure',
        environment_url:
          'https://eu-west-1.console.aws.amazon.com/flink/home?region=eu-west-1#/applications/orders',
      },
    });
    expect(String(api.requests[0]!.body.description)).toMatch(
      /^cancelled: The run was cancelled during upload/,
    );
    expect(api.requests[0]!.headers.authorization).toBe('token ghs_post');
    expect(readFileSync(summary, 'utf8')).toContain('Cancelled: orders unchanged');

    // closed by the main step: the post step sends nothing
    process.env.STATE_deployment = JSON.stringify({
      id: 18,
      application: 'orders',
      region: 'eu-west-1',
      closed: true,
    });
    await post();
    expect(api.requests).toHaveLength(1);
    expect(process.exitCode ?? 0).toBe(0);
  });
});
