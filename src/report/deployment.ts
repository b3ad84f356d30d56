/**
 * A GitHub deployment and its terminal status for the run, when a token is available (the `github-token`
 * input, the workflow's token by default). Never fails the run: a refusal is one log line.
 */
import { getOctokit } from '@actions/github';
import type { UpgradeReport } from './types.js';

export interface DeploymentContext {
  token?: string;
  /** owner/repo */
  repository?: string;
  sha?: string;
  serverUrl?: string;
  runId?: string;
}

export function deploymentContextFromEnv(env: NodeJS.ProcessEnv): DeploymentContext {
  return {
    repository: env.GITHUB_REPOSITORY,
    sha: env.GITHUB_SHA,
    serverUrl: env.GITHUB_SERVER_URL,
    runId: env.GITHUB_RUN_ID,
  };
}

/** success / failure for runs that changed (or tried to change) the application; undefined = no deployment. */
export function deploymentState(report: UpgradeReport): 'success' | 'failure' | undefined {
  if (report.result === 'upgraded') return 'success';
  if (report.result === 'rolled-back' || (report.result === 'failed' && report.operation)) return 'failure';
  return undefined;
}

export async function recordDeployment(
  report: UpgradeReport,
  ctx: DeploymentContext,
  debug: (line: string) => void,
): Promise<void> {
  const state = deploymentState(report);
  if (!state || !ctx.token || !ctx.repository || !ctx.sha) return;
  const [owner, repo] = ctx.repository.split('/');
  if (!owner || !repo) return;
  try {
    const octokit = getOctokit(ctx.token);
    const created = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: ctx.sha,
      environment: `msf/${report.application}`,
      auto_merge: false,
      required_contexts: [],
      description: `${report.application} ${report.version}`.slice(0, 140),
      transient_environment: false,
    });
    if (!('id' in created.data)) return;
    await octokit.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: created.data.id,
      state,
      description: report.reason.slice(0, 140),
      ...(ctx.serverUrl && ctx.runId
        ? { log_url: `${ctx.serverUrl}/${ctx.repository}/actions/runs/${ctx.runId}` }
        : {}),
    });
  } catch (err) {
    debug(
      `GitHub deployment status not recorded (${err instanceof Error ? err.message : String(err)}); ` +
        'the workflow needs "permissions: deployments: write", or set github-token to empty to skip it',
    );
  }
}
