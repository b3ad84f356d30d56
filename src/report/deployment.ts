/**
 * A GitHub deployment per run, where release engineers look: created `in_progress` when the run
 * starts, set to `success` or `failure` (rolled back is a failure, with the reason) when it ends, and
 * closed by the post step when the job was cancelled in between, so it is never left pending.
 * `environment_url` opens the application in the Managed Service for Apache Flink console.
 * Needs a token (the `github-token` input, the workflow's token by default) with
 * `deployments: write`; never fails the run: a refusal is one log line.
 */
import { getOctokit } from '@actions/github';
import type { UpgradeReport } from './types.js';

export interface DeploymentContext {
  token?: string;
  /** owner/repo */
  repository?: string;
  sha?: string;
  serverUrl?: string;
  /** the REST API root (GITHUB_API_URL; GitHub Enterprise Server and tests set it) */
  apiUrl?: string;
  runId?: string;
}

export function deploymentContextFromEnv(env: NodeJS.ProcessEnv): DeploymentContext {
  return {
    repository: env.GITHUB_REPOSITORY,
    sha: env.GITHUB_SHA,
    serverUrl: env.GITHUB_SERVER_URL,
    apiUrl: env.GITHUB_API_URL,
    runId: env.GITHUB_RUN_ID,
  };
}

/** What the deployment is about. */
export interface DeploymentSubject {
  application: string;
  version: string;
  region: string;
}

export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'error';

/** The MSF console page of the application. */
export function consoleUrl(subject: { application: string; region: string }): string {
  const region = encodeURIComponent(subject.region);
  return (
    `https://${region}.console.aws.amazon.com/flink/home?region=${region}` +
    `#/applications/${encodeURIComponent(subject.application)}`
  );
}

/** The terminal status of a finished run: upgraded and unchanged are a success, anything else a failure. */
export function deploymentOutcome(report: UpgradeReport): { state: DeploymentState; description: string } {
  const ok = report.result === 'upgraded' || report.result === 'unchanged' || report.result === 'planned';
  const prefix = report.result === 'rolled-back' ? 'rolled back: ' : ok ? '' : 'failed: ';
  return { state: ok ? 'success' : 'failure', description: shorten(`${prefix}${report.reason}`) };
}

/** The status the post step gives a deployment the cancelled main step left open, after acting on the run. */
export function cancelledOutcome(post: { action: string; message: string }): {
  state: DeploymentState;
  description: string;
} {
  const state = post.action === 'rolled-back' || post.action === 'nothing' ? 'failure' : 'error';
  return { state, description: shorten(`cancelled: ${post.message}`) };
}

/** The deployment the main step opened, saved for the post step (core.saveState). */
export interface SavedDeployment {
  id: number;
  application: string;
  region: string;
  /** the main step set the terminal status */
  closed: boolean;
}

export function parseSavedDeployment(text: string): SavedDeployment | undefined {
  try {
    const v = JSON.parse(text) as Partial<SavedDeployment>;
    return typeof v.id === 'number' && typeof v.application === 'string' && typeof v.region === 'string'
      ? { id: v.id, application: v.application, region: v.region, closed: v.closed === true }
      : undefined;
  } catch {
    return undefined;
  }
}

/** GitHub keeps at most 140 characters of a status description. */
function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= 140 ? line : `${line.slice(0, 139)}…`;
}

interface Target {
  owner: string;
  repo: string;
  octokit: ReturnType<typeof getOctokit>;
  logUrl?: string;
}

function target(ctx: DeploymentContext): Target | undefined {
  if (!ctx.token || !ctx.repository) return undefined;
  const [owner, repo] = ctx.repository.split('/');
  if (!owner || !repo) return undefined;
  return {
    owner,
    repo,
    octokit: getOctokit(ctx.token, ctx.apiUrl ? { baseUrl: ctx.apiUrl } : {}),
    ...(ctx.serverUrl && ctx.runId
      ? { logUrl: `${ctx.serverUrl}/${ctx.repository}/actions/runs/${ctx.runId}` }
      : {}),
  };
}

function refused(err: unknown, debug: (line: string) => void, what: string): undefined {
  debug(
    `GitHub ${what} not recorded (${err instanceof Error ? err.message : String(err)}); ` +
      'the workflow needs "permissions: deployments: write", or set github-token to empty to skip it',
  );
  return undefined;
}

/**
 * Creates the run's deployment (environment `msf/<application>`) with status `in_progress`; returns its
 * id, or undefined when there is no token or GitHub refused.
 */
export async function startDeployment(
  subject: DeploymentSubject,
  ctx: DeploymentContext,
  debug: (line: string) => void,
): Promise<number | undefined> {
  const t = target(ctx);
  if (!t || !ctx.sha) return undefined;
  let id: number;
  try {
    const created = await t.octokit.rest.repos.createDeployment({
      owner: t.owner,
      repo: t.repo,
      ref: ctx.sha,
      environment: `msf/${subject.application}`,
      auto_merge: false,
      required_contexts: [],
      description: shorten(`${subject.application} ${subject.version}`),
      transient_environment: false,
      payload: { application: subject.application, version: subject.version, region: subject.region },
    });
    if (!('id' in created.data))
      return refused(new Error(created.data.message ?? 'no id'), debug, 'deployment');
    id = created.data.id;
  } catch (err) {
    return refused(err, debug, 'deployment');
  }
  await setDeploymentStatus(
    id,
    {
      state: 'in_progress',
      description: shorten(`upgrading ${subject.application} to ${subject.version}`),
      subject,
    },
    ctx,
    debug,
  );
  return id;
}

/** Sets a status of the run's deployment; true when GitHub took it. */
export async function setDeploymentStatus(
  id: number,
  status: { state: DeploymentState; description: string; subject: { application: string; region: string } },
  ctx: DeploymentContext,
  debug: (line: string) => void,
): Promise<boolean> {
  const t = target(ctx);
  if (!t) return false;
  try {
    await t.octokit.rest.repos.createDeploymentStatus({
      owner: t.owner,
      repo: t.repo,
      deployment_id: id,
      state: status.state,
      description: shorten(status.description),
      environment_url: consoleUrl(status.subject),
      auto_inactive: status.state === 'success',
      ...(t.logUrl ? { log_url: t.logUrl } : {}),
    });
    return true;
  } catch (err) {
    refused(err, debug, `deployment status ${status.state}`);
    return false;
  }
}

/** The terminal status for a finished run. */
export function finishDeployment(
  id: number,
  report: UpgradeReport,
  ctx: DeploymentContext,
  debug: (line: string) => void,
): Promise<boolean> {
  return setDeploymentStatus(
    id,
    { ...deploymentOutcome(report), subject: { application: report.application, region: report.region } },
    ctx,
    debug,
  );
}
