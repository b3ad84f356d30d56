/**
 * In every workflow file, example and README workflow, a job that upgrades has time and credentials
 * for the whole run: the job's timeout-minutes and the AWS session (configure-aws-credentials'
 * role-duration-seconds, one hour when absent) cover `timeout` + `rollback-timeout` (a rollback at the
 * deadline needs both). Jobs calling the reusable workflow get both derived by its `limits` step,
 * which is run here with the values they pass.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseDuration } from '../../src/duration.js';

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  uses?: string;
  with?: Record<string, unknown>;
  steps?: Step[];
  environment?: unknown;
  concurrency?: { group?: string; 'cancel-in-progress'?: boolean };
  'timeout-minutes'?: number | string;
  strategy?: { matrix?: { include?: Record<string, unknown>[] } };
}
interface Workflow {
  on?: unknown;
  jobs?: Record<string, Job>;
}

const REUSABLE = '.github/workflows/flink-upgrade.yml';
const MAX_SESSION_S = 43_200;
/** setup before the action starts (checkout, download, credentials) */
const SETUP_MARGIN_MIN = 5;

function sources(): { name: string; workflow: Workflow }[] {
  const files = [
    ...readdirSync('.github/workflows').map((f) => path.join('.github/workflows', f)),
    ...readdirSync('examples').map((f) => path.join('examples', f)),
  ].filter((f) => /\.ya?ml$/.test(f));
  const readme = [...readFileSync('README.md', 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m, i) => ({
    name: `README.md yaml block ${i + 1}`,
    workflow: parse(m[1] ?? '') as Workflow,
  }));
  return [
    ...files.map((f) => ({ name: f, workflow: parse(readFileSync(f, 'utf8')) as Workflow })),
    ...readme.filter((r) => r.workflow?.jobs && !('script' in Object.values(r.workflow.jobs)[0]!)),
  ];
}

const isAction = (s: Step): boolean => s.uses === './' || /flink-upgrade-action@/.test(s.uses ?? '');
const isReusableCall = (j: Job): boolean =>
  j.uses === `./${REUSABLE}` || (j.uses ?? '').includes(`flink-upgrade-action/${REUSABLE}@`);

function ms(value: unknown, fallback: string): number {
  const parsed = parseDuration(String(value ?? fallback));
  if (parsed === undefined) throw new Error(`not a duration: ${String(value)}`);
  return parsed;
}

/** The reusable workflow's `limits` step, run with bash as the runner would. */
function limits(
  timeout: string,
  rollbackTimeout: string,
): { jobMinutes: number; sessionSeconds: number } | string {
  const reusable = parse(readFileSync(REUSABLE, 'utf8')) as Workflow;
  const script = reusable.jobs?.limits?.steps?.find((s) => s.id === 'limits')?.run ?? '';
  const output = path.join(mkdtempSync(path.join(tmpdir(), 'limits-')), 'output');
  const ran = spawnSync('bash', ['-e', '-c', script], {
    env: {
      PATH: process.env.PATH,
      TIMEOUT: timeout,
      ROLLBACK_TIMEOUT: rollbackTimeout,
      GITHUB_OUTPUT: output,
    },
    encoding: 'utf8',
  });
  if (ran.status !== 0) return ran.stdout + ran.stderr;
  const out = Object.fromEntries(
    readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('=') as [string, string]),
  );
  return { jobMinutes: Number(out['job-minutes']), sessionSeconds: Number(out['session-seconds']) };
}

interface Case {
  where: string;
  timeoutMs: number;
  rollbackMs: number;
  jobMinutes: number | undefined;
  sessionSeconds: number | undefined;
}

function cases(): Case[] {
  const all: Case[] = [];
  for (const { name, workflow } of sources()) {
    for (const [jobName, job] of Object.entries(workflow.jobs ?? {})) {
      const where = `${name}: job ${jobName}`;
      if (isReusableCall(job)) {
        const variants = job.strategy?.matrix?.include ?? [{}];
        for (const matrix of variants) {
          const resolve = (v: unknown, d: string): string =>
            String(v ?? d).replace(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g, (_, k: string) => String(matrix[k]));
          const t = resolve(job.with?.timeout, '30m');
          const r = resolve(job.with?.['rollback-timeout'], '20m');
          const derived = limits(t, r);
          if (typeof derived === 'string') throw new Error(`${where}: limits refused ${t}/${r}: ${derived}`);
          all.push({
            where: `${where} ${JSON.stringify(matrix)}`,
            timeoutMs: ms(t, '30m'),
            rollbackMs: ms(r, '20m'),
            jobMinutes: derived.jobMinutes,
            sessionSeconds: derived.sessionSeconds,
          });
        }
        continue;
      }
      const step = job.steps?.find(isAction);
      if (!step) continue;
      const timeout = step.with?.timeout;
      if (typeof timeout === 'string' && timeout.includes('${{')) continue; // the reusable workflow: below
      const creds = job.steps?.find((s) =>
        (s.uses ?? '').startsWith('aws-actions/configure-aws-credentials@'),
      );
      all.push({
        where,
        timeoutMs: ms(timeout, '30m'),
        rollbackMs: ms(step.with?.['rollback-timeout'], '20m'),
        jobMinutes: job['timeout-minutes'] === undefined ? undefined : Number(job['timeout-minutes']),
        sessionSeconds: creds ? Number(creds.with?.['role-duration-seconds'] ?? 3600) : undefined,
      });
    }
  }
  return all;
}

describe('job timeout-minutes, timeout, rollback-timeout and the AWS session agree', () => {
  const all = cases();

  it('finds the upgrading jobs of every example and workflow', () => {
    const where = all.map((c) => c.where).join('\n');
    for (const f of [
      'examples/release.yml',
      'examples/release-multi-account.yml',
      'examples/release-matrix.yml',
      'examples/pull-request-plan.yml',
      'README.md',
    ])
      expect(where).toContain(f);
    expect(all.length).toBeGreaterThanOrEqual(10);
  });

  it.each(all.map((c) => [c.where, c] as const))('%s', (_where, c) => {
    const runMinutes = (c.timeoutMs + c.rollbackMs) / 60_000;
    expect(c.jobMinutes, 'every upgrading job sets timeout-minutes').toBeDefined();
    expect(c.jobMinutes!, 'timeout-minutes ≥ timeout + rollback-timeout + setup').toBeGreaterThanOrEqual(
      runMinutes + SETUP_MARGIN_MIN,
    );
    if (c.sessionSeconds !== undefined) {
      expect(c.sessionSeconds, 'role-duration-seconds ≥ timeout + rollback-timeout').toBeGreaterThanOrEqual(
        runMinutes * 60,
      );
      expect(c.sessionSeconds).toBeLessThanOrEqual(MAX_SESSION_S);
    }
  });
});

describe('the reusable workflow', () => {
  const reusable = parse(readFileSync(REUSABLE, 'utf8')) as Workflow;
  const upgrade = reusable.jobs?.upgrade ?? {};
  const step = upgrade.steps?.find(isAction);
  const creds = upgrade.steps?.find((s) =>
    (s.uses ?? '').startsWith('aws-actions/configure-aws-credentials@'),
  );

  it('derives the job length and the session from the timeouts it passes to the action', () => {
    expect(step?.with?.timeout).toBe('${{ inputs.timeout }}');
    expect(step?.with?.['rollback-timeout']).toBe('${{ inputs.rollback-timeout }}');
    expect(upgrade['timeout-minutes']).toBe('${{ fromJSON(needs.limits.outputs.job-minutes) }}');
    expect(creds?.with?.['role-duration-seconds']).toBe(
      '${{ fromJSON(needs.limits.outputs.session-seconds) }}',
    );
  });

  it.each([
    ['30m', '20m', 60, 3600],
    ['45m', '20m', 75, 4200],
    ['1h30m', '30m', 130, 7500],
    ['90s', '20m', 32, 3600],
  ])('limits for timeout %s + rollback-timeout %s: job %i min, session %i s', (t, r, job, session) => {
    expect(limits(t, r)).toEqual({ jobMinutes: job, sessionSeconds: session });
  });

  it('refuses what is not a duration, and runs longer than an AWS session can last', () => {
    expect(limits('soon', '20m')).toMatch(/::error title=timeout::expected a duration/);
    expect(limits('12h', '20m')).toMatch(/AWS sessions last 12 h at most/);
  });

  it('is gated by the environment and never runs two upgrades of one application at once', () => {
    expect(upgrade.environment).toBe('${{ inputs.environment }}');
    expect(upgrade.concurrency).toEqual({
      group: 'flink-upgrade-${{ inputs.aws-region }}-${{ inputs.application-name }}',
      'cancel-in-progress': false,
    });
    expect(JSON.stringify(reusable)).not.toMatch(/aws-access-key-id|aws-secret-access-key/);
  });
});
