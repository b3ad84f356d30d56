/**
 * The post step's logic: after the main step, also when the job was cancelled. A run with a final result
 * needs nothing. A run cancelled while the application was changing (update, operation, verify, bake,
 * rollback) is rolled back when `rollback: auto`, or at least recorded: what state it left behind and
 * how to finish by hand.
 */
import { escapeMd } from '../report/markdown.js';
import { firstParagraph } from './errors.js';
import { describeError } from '../aws/errors.js';
import type { ApplicationView } from '../msf/application.js';
import type { PhaseDeps } from './deps.js';
import { describeRecord, type DeploymentRecord } from './deployment-record.js';
import type { RunState } from './run-state.js';
import type { FlinkTarget } from './target.js';
import type { RollbackResult } from '../msf/rollback-contract.js';

export interface PostInputs {
  rollback: 'auto' | 'never';
  rollbackTimeoutMs: number;
  pollIntervalMs: number;
  allowNonRestoredState?: boolean;
  /** input max-state-age (ms; 0 = no limit) */
  maxStateAgeMs?: number;
}

export interface PostOutcome {
  action: 'nothing' | 'rolled-back' | 'rollback-failed' | 'left-as-is';
  /** one line for the log */
  message: string;
  /** Markdown for the job summary (absent when there is nothing to say) */
  summary?: string;
  rollback?: RollbackResult;
}

/** Phases in which the application may be between versions. */
export const IN_FLIGHT_PHASES: ReadonlySet<RunState['phase']> = new Set([
  'update',
  'operation',
  'verify',
  'bake',
  'rollback',
]);

/** The operation the phase was following: the rollback's during the rollback phase, else the update's. */
function inFlightOperation(state: RunState): string {
  if (state.phase === 'rollback')
    return state.rollbackOperationId ? ` (rollback operation ${state.rollbackOperationId})` : '';
  return state.operationId ? ` (operation ${state.operationId})` : '';
}

/** Parses the saved RunState; undefined when absent or not a RunState. */
export function parseRunState(raw: string | undefined): RunState | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<RunState>;
    if (
      !value ||
      typeof value !== 'object' ||
      typeof value.application !== 'string' ||
      typeof value.phase !== 'string'
    ) {
      return undefined;
    }
    return value as RunState;
  } catch {
    return undefined;
  }
}

/** The job summary section of the post step (pure). */
export function renderPostSection(title: string, paragraphs: string[], commands: string[] = []): string {
  const out = [`### ${escapeMd(title)}`, '', ...paragraphs.flatMap((p) => [escapeMd(p), ''])];
  if (commands.length > 0) out.push('```sh', ...commands, '```', '');
  return out.join('\n');
}

async function readApplication(deps: PostDeps, application: string): Promise<ApplicationView | undefined> {
  try {
    return await deps.platform.describe();
  } catch (err) {
    deps.log.warn(`post: could not read ${application}: ${describeError(err)}`);
    return undefined;
  }
}

/** What runPost gets: PhaseDeps and the platform the rollback goes through (src/platforms.ts). */
export interface PostDeps extends PhaseDeps {
  platform: FlinkTarget;
}

export async function runPost(
  state: RunState | undefined,
  inputs: PostInputs,
  deps: PostDeps,
): Promise<PostOutcome> {
  const { log } = deps;
  if (!state) {
    const message =
      'post: the main step saved no run state (it stopped before it touched the application); nothing to do';
    log.info(message);
    return { action: 'nothing', message };
  }
  const app = state.application;
  if (state.result) {
    const message = `post: the run of ${app} finished (${state.result}); nothing to do`;
    log.info(message);
    return { action: 'nothing', message };
  }

  if (!IN_FLIGHT_PHASES.has(state.phase)) {
    const kept = state.snapshotName ? ` Snapshot ${state.snapshotName} is kept.` : '';
    const message = `The run was cancelled during ${state.phase}, before ${app} was changed; nothing to roll back.${kept}`;
    log.info(`post: ${message}`);
    return {
      action: 'nothing',
      message,
      summary: renderPostSection(`Cancelled: ${app} unchanged`, [message]),
    };
  }

  const cancelled = state.unresolved
    ? `The run stopped during the ${state.phase} phase without a safe ending (${state.unresolved.split('\n')[0]})`
    : `The run was cancelled during the ${state.phase} phase${inFlightOperation(state)}`;
  if (!state.previous) {
    const current = await readApplication(deps, app);
    const message = `${cancelled}, before the previous version of ${app} was recorded; it cannot be rolled back automatically.${current ? ` ${deps.platform.describeApplication(current)}.` : ''}`;
    log.warn(`post: ${message}`);
    return {
      action: 'left-as-is',
      message,
      summary: renderPostSection(`Cancelled: ${app} needs a look`, [message]),
    };
  }

  if (inputs.rollback !== 'auto') {
    const current = await readApplication(deps, app);
    const steps = deps.platform.manualSteps(current, state.previous, state.snapshotName, {
      start: state.previousStatus !== 'READY',
    });
    const message =
      `${cancelled}; rollback is "never", so ${app} was left as it is.` +
      (current ? ` ${deps.platform.describeApplication(current)}.` : '') +
      ` To return it to ${deps.platform.describeRelease(state.previous)}${state.snapshotName ? ` from snapshot ${state.snapshotName}` : ''}, run the commands below.`;
    log.warn(`post: ${message}`);
    return {
      action: 'left-as-is',
      message,
      summary: renderPostSection(`Cancelled: ${app} left as it is`, [message], steps),
    };
  }

  log.info(`post: ${cancelled}; rolling ${app} back`);
  const target = deps.platform;
  // Another deployment's record on the application (its `from` is not this run's previous version):
  // never roll back, nor remove the record of, a deployment this run did not make.
  const isOurs = (r: DeploymentRecord | undefined): boolean =>
    r === undefined || r.from === state.previous?.versionId;
  const other = await target.readRecord?.().catch(() => undefined);
  if (!isOurs(other)) {
    const message = `${cancelled}; superseded by ${describeRecord(other!)}: ${app} is left to that deployment, not rolled back`;
    log.warn(`post: ${message}`);
    return {
      action: 'left-as-is',
      message,
      summary: renderPostSection(`Cancelled: ${app} superseded`, [message]),
    };
  }
  const result = await target.rollBack(deps, {
    application: app,
    previous: state.previous,
    ...(state.snapshotName ? { preUpgradeSnapshot: { name: state.snapshotName } } : {}),
    reason: `${cancelled.replace(/^The run was/, 'the run was')}`,
    deadline: deps.clock.now() + inputs.rollbackTimeoutMs,
    pollIntervalMs: inputs.pollIntervalMs,
    ...(inputs.allowNonRestoredState !== undefined
      ? { allowNonRestoredState: inputs.allowNonRestoredState }
      : {}),
    ...(inputs.maxStateAgeMs !== undefined ? { maxStateAgeMs: inputs.maxStateAgeMs } : {}),
    ...(state.previousStatus === 'READY' ? { leaveStopped: true } : {}),
  });
  if (result.outcome === 'rolled-back') {
    // the run's deployment record (src/pipeline/deployment-record.ts) is settled with it (only its own)
    if (isOurs(await target.readRecord?.().catch(() => undefined)))
      await target.clearRecord?.().catch(() => undefined);
    const message = `${cancelled}; ${result.message}`;
    return {
      action: 'rolled-back',
      message,
      rollback: result,
      summary: renderPostSection(`Cancelled: ${app} rolled back`, [
        message,
        ...(result.decision ? [`Path: ${result.path} (${result.decision}).`] : []),
      ]),
    };
  }
  const message = `${cancelled}; ${firstParagraph(result.message)}`;
  return {
    action: 'rollback-failed',
    message,
    rollback: result,
    summary: renderPostSection(`Cancelled: rollback of ${app} failed`, [message], result.manualSteps ?? []),
  };
}
