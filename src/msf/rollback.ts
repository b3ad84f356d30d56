/**
 * Returns an upgraded application to the version it ran before, restoring the rollback point (plan.ts
 * decides: the newest READY snapshot of the previous version, never older than max-state-age):
 * RollbackApplication when that is the snapshot it would restore, otherwise stop → update back → start
 * from it; an application that was stopped before the upgrade is updated back and left READY. Every wait
 * goes through src/wait.ts, transient errors are retried until the deadline, and the result is verified
 * against the previous runtime, code and parallelism configuration and says what it cost (the snapshot,
 * its time, the rewind window, a forced stop). Before declaring a failure it reads the application again
 * (a rollback whose following hit errors may have succeeded); on a real failure it stops making changes
 * and says what state the application is in and how to finish by hand from the best known rollback point.
 */
import {
  RollbackApplicationCommand,
  StartApplicationCommand,
  StopApplicationCommand,
  UpdateApplicationCommand,
  type ParallelismConfigurationUpdate,
  type UpdateApplicationRequest,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { describeError, errorName, isTransient, transientCause } from '../aws/errors.js';
import { type ApplicationView, type OperationView, type SnapshotView } from './application.js';
import type { ParallelismRef, VersionRef } from './application.js';
import type { PhaseDeps } from '../pipeline/deps.js';
import { mayHaveBeenApplied } from './operation.js';
import { MsfReads } from './reads.js';
import { PhaseError, oneLine } from '../pipeline/errors.js';
import { WaitAbortedError, WaitTimeoutError, formatElapsed, pollWith } from '../wait.js';
import type { RollbackCost, RollbackRequest, RollbackResult } from './rollback-contract.js';
import {
  chooseRollbackPath,
  describeState,
  describeVersion,
  formatAge,
  manualSteps,
  rollbackCostText,
  type RollbackPlan,
} from './rollback-plan.js';

/** Statuses RollbackApplication accepts (kinesisanalyticsv2 model). */
const ROLLBACK_ACCEPTS = new Set(['RUNNING', 'UPDATING', 'AUTOSCALING']);
/** Transitions we let finish before deciding anything. */
const SETTLING = new Set([
  'STARTING',
  'STOPPING',
  'FORCE_STOPPING',
  'ROLLING_BACK',
  'MAINTENANCE',
  'DELETING',
]);
/**
 * An update or scaling in progress: let it finish (MSF may roll back by itself, and the snapshot it
 * takes must be READY before it can be judged) for a share of the time, then act on it as it is.
 */
const BUSY = new Set(['UPDATING', 'AUTOSCALING']);
const BUSY_WAIT_SHARE = 0.3;
/** Share of the remaining time a normal stop gets before we force it. */
const NORMAL_STOP_SHARE = 0.3;

function describeParallelism(p: ParallelismRef | undefined): string {
  if (!p) return '-';
  if (p.configurationType !== 'CUSTOM') return p.configurationType;
  const parts = [
    p.parallelism !== undefined ? `${p.parallelism}` : undefined,
    p.parallelismPerKpu !== undefined ? `${p.parallelismPerKpu} per KPU` : undefined,
    p.autoScalingEnabled !== undefined ? `autoscaling ${p.autoScalingEnabled ? 'on' : 'off'}` : undefined,
  ].filter(Boolean);
  return `CUSTOM${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * Whether the application's parallelism configuration is the previous one. A DEFAULT configuration is
 * compared by its type only (MSF owns its values); a CUSTOM one by every value recorded.
 */
function sameParallelism(current: ParallelismRef | undefined, previous: ParallelismRef): boolean {
  if (!current || current.configurationType !== previous.configurationType) return false;
  if (previous.configurationType !== 'CUSTOM') return true;
  return (
    (previous.parallelism === undefined || current.parallelism === previous.parallelism) &&
    (previous.parallelismPerKpu === undefined || current.parallelismPerKpu === previous.parallelismPerKpu) &&
    (previous.autoScalingEnabled === undefined || current.autoScalingEnabled === previous.autoScalingEnabled)
  );
}

/** The ParallelismConfigurationUpdate back to `previous.parallelism`; undefined when nothing differs. */
export function parallelismUpdateBack(
  app: ApplicationView,
  previous: VersionRef,
): ParallelismConfigurationUpdate | undefined {
  const p = previous.parallelism;
  if (!p || sameParallelism(app.parallelismConfig, p)) return undefined;
  if (p.configurationType !== 'CUSTOM') {
    return {
      ConfigurationTypeUpdate:
        p.configurationType as ParallelismConfigurationUpdate['ConfigurationTypeUpdate'],
    };
  }
  return {
    ConfigurationTypeUpdate: 'CUSTOM',
    ...(p.parallelism !== undefined ? { ParallelismUpdate: p.parallelism } : {}),
    ...(p.parallelismPerKpu !== undefined ? { ParallelismPerKPUUpdate: p.parallelismPerKpu } : {}),
    ...(p.autoScalingEnabled !== undefined ? { AutoScalingEnabledUpdate: p.autoScalingEnabled } : {}),
  };
}

/** What differs between the application and `previous` (empty when it runs the previous version). */
export function differencesFrom(app: ApplicationView, previous: VersionRef): string[] {
  const diffs: string[] = [];
  if (app.runtime !== previous.runtime) diffs.push(`runtime ${app.runtime} (expected ${previous.runtime})`);
  if (previous.bucketArn && app.bucketArn !== previous.bucketArn) {
    diffs.push(`bucket ${app.bucketArn ?? '-'} (expected ${previous.bucketArn})`);
  }
  if (previous.fileKey && app.fileKey !== previous.fileKey) {
    diffs.push(`code key ${app.fileKey ?? '-'} (expected ${previous.fileKey})`);
  }
  if (previous.objectVersion && app.objectVersion !== previous.objectVersion) {
    diffs.push(`object version ${app.objectVersion ?? '-'} (expected ${previous.objectVersion ?? '-'})`);
  }
  if (previous.codeMd5 && app.codeMd5 && previous.codeMd5.toLowerCase() !== app.codeMd5.toLowerCase()) {
    diffs.push(`code MD5 ${app.codeMd5} (expected ${previous.codeMd5})`);
  }
  if (previous.parallelism && !sameParallelism(app.parallelismConfig, previous.parallelism)) {
    diffs.push(
      `parallelism ${describeParallelism(app.parallelismConfig)} (expected ${describeParallelism(previous.parallelism)})`,
    );
  }
  return diffs;
}

class Rollback {
  private app: ApplicationView | undefined;
  private operationId: string | undefined;
  private plan: RollbackPlan | undefined;
  private snapshots: SnapshotView[] | undefined;
  private restoredSnapshot: string | undefined;
  /** clock ms of the rollback's first change (the new job stops there) */
  private stoppedAt: number | undefined;
  private forcedStop = false;

  /** MSF's reads, as the upgrade makes them; `unaborted` for the state left after an abort */
  private readonly reads: MsfReads;
  private readonly unaborted: MsfReads;

  constructor(
    private readonly deps: PhaseDeps,
    private readonly req: RollbackRequest,
  ) {
    const options = {
      client: deps.clients.msf,
      application: req.application,
      region: deps.clients.region,
      phase: 'rollback' as const,
    };
    this.reads = new MsfReads({ ...options, signal: deps.signal });
    this.unaborted = new MsfReads(options);
  }

  private get name(): string {
    return this.req.application;
  }

  /** The status the application must end in: READY when it was stopped before the upgrade. */
  private get endStatus(): 'RUNNING' | 'READY' {
    return this.req.leaveStopped ? 'READY' : 'RUNNING';
  }

  private abort(): { abortSignal: AbortSignal } {
    return { abortSignal: this.deps.signal };
  }

  async run(): Promise<RollbackResult> {
    const { log } = this.deps;
    const { previous } = this.req;
    // the reason was said where the rollback was decided (the run's annotation, the post step's line)
    log.info(
      `rollback of ${this.name} to ${describeVersion(previous)}${this.req.leaveStopped ? ' (left READY: it was stopped before the upgrade)' : ''}`,
    );
    try {
      let app = await this.retrying('DescribeApplication', () => this.describe());
      if (SETTLING.has(app.status)) {
        app = await this.waitForStatus((s) => !SETTLING.has(s), `${this.name} to finish ${app.status}`);
      }
      if (BUSY.has(app.status)) app = await this.letBusyFinish(app);
      if (app.status === this.endStatus && differencesFrom(app, previous).length === 0) {
        const how =
          app.versionId === previous.versionId
            ? 'the update never took effect'
            : 'it was already rolled back' +
              (app.versionId > previous.versionId ? ` (now application version ${app.versionId})` : '');
        return this.done(
          'none',
          `${this.name} already runs ${describeVersion(previous)}: ${how}; nothing to roll back`,
        );
      }

      const snapshots = await this.retrying('ListApplicationSnapshots', () => this.listSnapshots());
      const plan = chooseRollbackPath(snapshots, previous, this.req.preUpgradeSnapshot, {
        ...(this.req.maxStateAgeMs !== undefined ? { maxStateAgeMs: this.req.maxStateAgeMs } : {}),
        now: this.deps.clock.now(),
      });
      this.plan = plan;
      if (this.req.leaveStopped) return await this.updateBack(plan);
      log.info(`rollback path for ${this.name}: ${plan.path}: ${plan.reason}`);

      if (plan.path === 'none') return this.fail(`no safe way back: ${plan.reason}`);
      if (plan.path === 'rollback-application' && !ROLLBACK_ACCEPTS.has(app.status)) {
        log.info(
          `${this.name} is ${app.status}, which RollbackApplication does not accept: restoring ${plan.restoreFrom!.name} instead`,
        );
        this.plan = {
          ...plan,
          path: 'restore-named-snapshot',
          reason: `${plan.reason}; but ${this.name} is ${app.status}, which RollbackApplication does not accept`,
        };
        return await this.viaNamedSnapshot(plan.restoreFrom!);
      }
      if (plan.path === 'rollback-application') return await this.viaRollbackApplication();
      return await this.viaNamedSnapshot(plan.restoreFrom!);
    } catch (err) {
      return this.fail(
        err instanceof WaitTimeoutError || err instanceof WaitAbortedError ? err.message : explain(err),
      );
    }
  }

  // ---- the paths ------------------------------------------------------------------------------

  private async viaRollbackApplication(): Promise<RollbackResult> {
    const { log } = this.deps;
    let app = this.app!;
    let operationId: string | undefined;
    for (let attempt = 1; ; attempt++) {
      const calledAt = this.deps.clock.now();
      this.stoppedAt ??= calledAt;
      try {
        const out = await this.deps.clients.msf.send(
          new RollbackApplicationCommand({
            ApplicationName: this.name,
            CurrentApplicationVersionId: app.versionId,
          }),
          this.abort(),
        );
        operationId = out.OperationId;
        break;
      } catch (err) {
        const lost = await this.lostOperation(err, 'RollbackApplication', calledAt, app.versionId);
        if (lost) {
          operationId = lost;
          break;
        }
        if (errorName(err) === 'ConcurrentModificationException' && attempt < 3) {
          log.warn(`RollbackApplication of ${this.name}: ${explain(err)}; reading the current version again`);
          app = await this.retrying('DescribeApplication', () => this.describe());
          continue;
        }
        if (await this.mayRetry(err, 'RollbackApplication', attempt)) {
          app = await this.retrying('DescribeApplication', () => this.describe());
          if (app.status === 'ROLLING_BACK') break; // an attempt went through after all
          continue;
        }
        return this.fail(`RollbackApplication was refused: ${explain(err)}`);
      }
    }
    this.operationId = operationId;
    this.restoredSnapshot = this.plan?.latest?.name;
    log.info(
      `RollbackApplication of ${this.name} started${operationId ? ` (operation ${operationId})` : ''}`,
    );
    if (operationId) {
      const op = await this.followOperation(operationId, 'RollbackApplication');
      if (op.status !== 'SUCCESSFUL') {
        return this.fail(
          `the RollbackApplication operation ${operationId} ended ${op.status}${op.errorString ? `: ${op.errorString}` : ''}`,
        );
      }
    }
    app = await this.waitForStatus(
      (s) => s === 'RUNNING' || s === 'READY',
      `${this.name} to be RUNNING after the rollback`,
    );
    return this.verify(app, 'rollback-application');
  }

  private async viaNamedSnapshot(snapshot: SnapshotView): Promise<RollbackResult> {
    const { log } = this.deps;
    // 1. Stop (normally first: MSF snapshots the job; forced when it will not stop normally).
    if (this.app!.status !== 'READY') await this.stop(this.app!);

    // 2. Back to the previous runtime and code.
    const back = await this.sendUpdateBack();
    if (back) return back;

    // 3. Start from the rollback point.
    let startOperation: string | undefined;
    for (let attempt = 1; ; attempt++) {
      const startCalledAt = this.deps.clock.now();
      try {
        const out = await this.deps.clients.msf.send(
          new StartApplicationCommand({
            ApplicationName: this.name,
            RunConfiguration: {
              ApplicationRestoreConfiguration: {
                ApplicationRestoreType: 'RESTORE_FROM_CUSTOM_SNAPSHOT',
                SnapshotName: snapshot.name,
              },
              ...(this.req.allowNonRestoredState !== undefined
                ? { FlinkRunConfiguration: { AllowNonRestoredState: this.req.allowNonRestoredState } }
                : {}),
            },
          }),
          this.abort(),
        );
        startOperation = out.OperationId;
        break;
      } catch (err) {
        startOperation = await this.lostOperation(err, 'StartApplication', startCalledAt);
        if (startOperation) break;
        if (await this.mayRetry(err, 'StartApplication', attempt)) {
          const now = await this.retrying('DescribeApplication', () => this.describe());
          if (now.status === 'STARTING' || now.status === 'RUNNING') break;
          continue;
        }
        return this.fail(`StartApplication from snapshot ${snapshot.name} was refused: ${explain(err)}`);
      }
    }
    this.operationId = startOperation;
    this.restoredSnapshot = snapshot.name;
    log.info(
      `${this.name}: starting from snapshot ${snapshot.name}${startOperation ? ` (operation ${startOperation})` : ''}`,
    );
    if (startOperation) {
      const op = await this.followOperation(startOperation, 'StartApplication');
      if (op.status !== 'SUCCESSFUL') {
        return this.fail(
          `the StartApplication operation ${startOperation} from snapshot ${snapshot.name} ended ${op.status}${op.errorString ? `: ${op.errorString}` : ''}`,
        );
      }
    }
    const app = await this.waitForStatus(
      (s) => s === 'RUNNING',
      `${this.name} to be RUNNING from snapshot ${snapshot.name}`,
    );
    return this.verify(app, 'restore-named-snapshot');
  }

  /**
   * An application that was stopped before the upgrade: force-stop the new version if it runs (a normal
   * stop would snapshot the new version's state, which the next start would then restore), update back,
   * leave it READY. Nothing is restored now; the result names the snapshot to start from.
   */
  private async updateBack(plan: RollbackPlan): Promise<RollbackResult> {
    this.plan = {
      ...plan,
      path: 'update-back',
      reason:
        `${this.name} was READY (stopped) before the upgrade, so it is updated back and left READY` +
        (plan.restoreFrom ? `; its next start should restore ${plan.restoreFrom.name}` : '') +
        (plan.stale ? ` (${plan.reason})` : ''),
    };
    this.deps.log.info(`rollback path for ${this.name}: update-back: ${this.plan.reason}`);
    if (this.app!.status !== 'READY') await this.stop(this.app!, { force: true });
    const back = await this.sendUpdateBack();
    if (back) return back;
    const app = await this.waitForStatus(
      (s) => s === 'READY',
      `${this.name} to be READY after the update back`,
    );
    return this.verify(app, 'update-back');
  }

  /** UpdateApplication back to the previous version (the application is READY); a failure result or undefined. */
  private async sendUpdateBack(): Promise<RollbackResult | undefined> {
    const { log } = this.deps;
    const { previous } = this.req;
    for (let attempt = 1; ; attempt++) {
      const app = await this.retrying('DescribeApplication', () => this.describe());
      const update = this.updateRequest(app, previous);
      if (!update) return undefined;
      let out: { OperationId?: string };
      const calledAt = this.deps.clock.now();
      try {
        out = await this.deps.clients.msf.send(new UpdateApplicationCommand(update), this.abort());
      } catch (err) {
        const lost = await this.lostOperation(err, 'UpdateApplication', calledAt, app.versionId);
        // An update of a stopped application starts no operation: recognise it by its configuration.
        const landed =
          lost !== undefined ||
          (mayHaveBeenApplied(err) &&
            (await this.describe().then(
              (now) => now.versionId > app.versionId && differencesFrom(now, previous).length === 0,
              () => false,
            )));
        if (!landed) {
          if (await this.mayRetry(err, 'UpdateApplication', attempt)) continue;
          return this.fail(
            `UpdateApplication back to ${describeVersion(previous)} was refused: ${explain(err)}`,
          );
        }
        out = lost ? { OperationId: lost } : {};
      }
      log.info(
        `${this.name}: updated back to ${previous.runtime} and the previous code${update.ApplicationConfigurationUpdate?.FlinkApplicationConfigurationUpdate ? ' and parallelism' : ''}${out.OperationId ? ` (operation ${out.OperationId})` : ''}`,
      );
      if (out.OperationId) {
        this.operationId = out.OperationId;
        const op = await this.followOperation(out.OperationId, 'UpdateApplication');
        if (op.status !== 'SUCCESSFUL') {
          return this.fail(
            `the UpdateApplication operation ${out.OperationId} back to the previous version ended ${op.status}${op.errorString ? `: ${op.errorString}` : ''}`,
          );
        }
      }
      await this.waitForStatus((s) => s === 'READY', `${this.name} to be READY after the update back`);
      return undefined;
    }
  }

  private async letBusyFinish(app: ApplicationView): Promise<ApplicationView> {
    const { clock, log } = this.deps;
    const budget = Math.max(this.req.pollIntervalMs, (this.req.deadline - clock.now()) * BUSY_WAIT_SHARE);
    try {
      return await this.waitForStatus(
        (s) => !SETTLING.has(s) && !BUSY.has(s),
        `${this.name} to finish ${app.status}`,
        clock.now() + budget,
      );
    } catch (err) {
      if (!(err instanceof WaitTimeoutError)) throw err;
      log.warn(
        `${this.name} is still ${this.app?.status ?? app.status} after ${Math.round(budget / 1000)}s: rolling back from there`,
      );
      return this.app ?? app;
    }
  }

  private async stop(app: ApplicationView, options: { force?: boolean } = {}): Promise<ApplicationView> {
    const { log, clock } = this.deps;
    this.stoppedAt ??= clock.now();
    if (app.status === 'RUNNING' && !options.force) {
      let stopping = false;
      try {
        const out = await this.retrying('StopApplication', () =>
          this.deps.clients.msf.send(
            new StopApplicationCommand({ ApplicationName: this.name, Force: false }),
            this.abort(),
          ),
        );
        stopping = true;
        log.info(`${this.name}: stopping${out.OperationId ? ` (operation ${out.OperationId})` : ''}`);
      } catch (err) {
        if (this.deps.signal.aborted) throw err;
        // A stop whose answer was lost (its retry then refused: the application is STOPPING) is under way.
        const now = await this.describe().catch(() => undefined);
        if (now && (now.status === 'STOPPING' || now.status === 'READY')) {
          stopping = true;
          log.warn(
            `StopApplication of ${this.name}: ${explain(err)}; but it is ${now.status}: waiting for it`,
          );
        } else {
          log.warn(
            `${this.name} does not stop normally (${explain(err)}): forcing the stop (no snapshot is taken)`,
          );
        }
      }
      if (stopping) {
        const budget = Math.max(
          this.req.pollIntervalMs,
          (this.req.deadline - clock.now()) * NORMAL_STOP_SHARE,
        );
        try {
          return await this.waitForStatus((s) => s === 'READY', `${this.name} to stop`, clock.now() + budget);
        } catch (err) {
          if (!(err instanceof WaitTimeoutError)) throw err;
          log.warn(`${this.name} did not stop within ${Math.round(budget / 1000)}s: forcing the stop`);
        }
      }
    }
    this.forcedStop = true;
    try {
      const out = await this.retrying('StopApplication (force)', () =>
        this.deps.clients.msf.send(
          new StopApplicationCommand({ ApplicationName: this.name, Force: true }),
          this.abort(),
        ),
      );
      log.info(`${this.name}: force-stopping${out.OperationId ? ` (operation ${out.OperationId})` : ''}`);
    } catch (err) {
      if (this.deps.signal.aborted) throw err;
      // A forced stop whose answer was lost (its retry then refused: the application is STOPPING or
      // already READY) is under way, or done.
      const now = await this.describe().catch(() => undefined);
      if (!now || (now.status !== 'STOPPING' && now.status !== 'READY')) throw err;
      log.warn(
        `StopApplication (force) of ${this.name}: ${describeError(err)}; but it is ${now.status}: waiting for it`,
      );
    }
    return this.waitForStatus((s) => s === 'READY', `${this.name} to stop (forced)`);
  }

  private updateRequest(app: ApplicationView, previous: VersionRef): UpdateApplicationRequest | undefined {
    const s3: Record<string, string> = {};
    if (previous.bucketArn && previous.bucketArn !== app.bucketArn) s3.BucketARNUpdate = previous.bucketArn;
    if (previous.fileKey && (previous.fileKey !== app.fileKey || s3.BucketARNUpdate))
      s3.FileKeyUpdate = previous.fileKey;
    if (previous.objectVersion && (previous.objectVersion !== app.objectVersion || s3.FileKeyUpdate)) {
      s3.ObjectVersionUpdate = previous.objectVersion;
    }
    if (!s3.FileKeyUpdate && s3.ObjectVersionUpdate && previous.fileKey) s3.FileKeyUpdate = previous.fileKey;
    const runtimeChanges = app.runtime !== previous.runtime;
    const parallelism = parallelismUpdateBack(app, previous);
    if (!runtimeChanges && Object.keys(s3).length === 0 && !parallelism) return undefined;
    const configuration: NonNullable<UpdateApplicationRequest['ApplicationConfigurationUpdate']> = {
      ...(Object.keys(s3).length > 0
        ? { ApplicationCodeConfigurationUpdate: { CodeContentUpdate: { S3ContentLocationUpdate: s3 } } }
        : {}),
      ...(parallelism
        ? { FlinkApplicationConfigurationUpdate: { ParallelismConfigurationUpdate: parallelism } }
        : {}),
    };
    return {
      ApplicationName: this.name,
      ...(app.conditionalToken
        ? { ConditionalToken: app.conditionalToken }
        : { CurrentApplicationVersionId: app.versionId }),
      ...(runtimeChanges
        ? {
            RuntimeEnvironmentUpdate:
              previous.runtime as UpdateApplicationRequest['RuntimeEnvironmentUpdate'],
          }
        : {}),
      ...(Object.keys(configuration).length > 0 ? { ApplicationConfigurationUpdate: configuration } : {}),
    };
  }

  // ---- retries ---------------------------------------------------------------------------------

  /** Backoff before the next attempt: doubling from 500 ms, at most the poll interval (≥ 1 s). */
  private backoff(attempt: number): number {
    return Math.min(Math.max(this.req.pollIntervalMs, 1000), 250 * 2 ** attempt);
  }

  /**
   * After a failed call: when the error is transient (throttling, 5xx, a dropped connection) and
   * rollback-timeout leaves room, waits the backoff and says so (true: try again); false otherwise.
   */
  private async mayRetry(err: unknown, what: string, attempt: number): Promise<boolean> {
    const { clock, log, signal } = this.deps;
    if (signal.aborted || !isTransient(err)) return false;
    const wait = this.backoff(attempt);
    const left = this.req.deadline - clock.now();
    if (wait >= left) return false;
    log.warn(
      `${what} of ${this.name}: ${describeError(transientCause(err)).replace(/\.$/, '')} (attempt ${attempt}); ` +
        `trying again in ${formatElapsed(wait)}, ${formatElapsed(left)} left of rollback-timeout`,
    );
    await clock.sleep(wait, signal);
    return true;
  }

  /** Runs a call that changes nothing (or is safe to repeat), retrying transient errors until the deadline. */
  private async retrying<T>(what: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (!(await this.mayRetry(err, what, attempt))) throw err;
      }
    }
  }

  // ---- verification and results ---------------------------------------------------------------

  private async verify(app: ApplicationView, path: RollbackResult['path']): Promise<RollbackResult> {
    const diffs = differencesFrom(app, this.req.previous);
    if (app.status !== this.endStatus || diffs.length > 0) {
      return this.fail(
        `after the rollback ${this.name} is ${app.status}${diffs.length > 0 ? ` with ${diffs.join(', ')}` : ''}, not ${this.endStatus} on the previous version`,
        path,
      );
    }
    return this.done(path, this.doneMessage(app, path));
  }

  private doneMessage(app: ApplicationView, path: RollbackResult['path']): string {
    const from = this.restoredSnapshot ? ` from snapshot ${this.restoredSnapshot}` : '';
    const how =
      path === 'rollback-application'
        ? 'RollbackApplication'
        : path === 'update-back'
          ? 'updating it back (it was stopped before the upgrade and stays stopped)'
          : `stop, update back and start${from}`;
    return (
      `${this.name} is ${app.status} on ${this.req.previous.runtime} with the previous code (application version ${app.versionId}), restored by ${how}` +
      (path === 'rollback-application' && this.restoredSnapshot
        ? ` (state from snapshot ${this.restoredSnapshot})`
        : '')
    );
  }

  /** The cost of the rollback that was done (undefined when nothing was restored or rewound). */
  private cost(path: RollbackResult['path']): RollbackCost | undefined {
    const leftStopped = path === 'update-back';
    const name = leftStopped ? this.plan?.restoreFrom?.name : this.restoredSnapshot;
    if (!name || path === 'none') return undefined;
    const snap = this.snapshots?.find((s) => s.name === name);
    // A stopped application that never ran the new version rewinds nothing.
    const stoppedAt = leftStopped && this.stoppedAt === undefined ? undefined : this.stoppedAt;
    const { text, rewindSeconds } = rollbackCostText({
      snapshot: name,
      ...(snap?.createdAt !== undefined ? { snapshotAt: snap.createdAt } : {}),
      ...(stoppedAt !== undefined ? { stoppedAt } : {}),
      forcedStop: this.forcedStop,
      leftStopped,
    });
    return {
      snapshot: name,
      ...(snap?.createdAt !== undefined ? { snapshotAt: snap.createdAt } : {}),
      ...(stoppedAt !== undefined ? { stoppedAt } : {}),
      ...(rewindSeconds !== undefined ? { rewindSeconds } : {}),
      forcedStop: this.forcedStop,
      text:
        leftStopped && stoppedAt === undefined
          ? `left READY on the previous version; the new version never ran, so nothing was rewound; its next start should restore snapshot ${name}`
          : text,
    };
  }

  private done(path: RollbackResult['path'], message: string): RollbackResult {
    const app = this.app;
    const cost = this.cost(path);
    const full = cost ? `${message}. Cost: ${cost.text}` : message;
    this.deps.log.info(full);
    return {
      outcome: 'rolled-back',
      path,
      message: full,
      ...(this.operationId ? { operationId: this.operationId } : {}),
      ...(this.plan ? { decision: this.plan.reason } : {}),
      ...(this.restoredSnapshot ? { restoredSnapshot: this.restoredSnapshot } : {}),
      ...(this.plan?.restoreFrom ? { rollbackPoint: this.plan.restoreFrom.name } : {}),
      ...(cost ? { cost } : {}),
      ...this.stateFields(app),
    };
  }

  /**
   * Reads the application again before declaring a failure, letting a transition in progress finish
   * within the deadline: a rollback whose following hit errors may have succeeded all the same.
   */
  private async recheck(): Promise<ApplicationView | undefined> {
    try {
      let app = await this.retrying('DescribeApplication', () => this.describe(true));
      const moving = (s: string): boolean => SETTLING.has(s) || BUSY.has(s);
      if (moving(app.status) && !this.deps.signal.aborted && this.deps.clock.now() < this.req.deadline) {
        app = await this.waitForStatus(
          (s) => !moving(s),
          `${this.name} to settle before the rollback is judged`,
        ).catch(() => this.app ?? app);
      }
      return app;
    } catch {
      return this.app;
    }
  }

  /** The best known rollback point: the plan's, else the newest of the previous version, else ours. */
  private async bestKnownPoint(): Promise<string | undefined> {
    if (this.plan?.restoreFrom) return this.plan.restoreFrom.name;
    if (!this.snapshots) {
      this.snapshots = await this.listSnapshots(true).catch(() => undefined);
    }
    const chosen = this.snapshots
      ? chooseRollbackPath(this.snapshots, this.req.previous, this.req.preUpgradeSnapshot).restoreFrom
      : undefined;
    return chosen?.name ?? this.req.preUpgradeSnapshot?.name;
  }

  private async fail(why: string, path?: RollbackResult['path']): Promise<RollbackResult> {
    const app = await this.recheck();
    if (
      app &&
      app.status === this.endStatus &&
      differencesFrom(app, this.req.previous).length === 0 &&
      (this.stoppedAt !== undefined || app.versionId === this.req.previous.versionId)
    ) {
      // What failed was following the rollback, not the rollback: the application runs the previous version.
      const p = path ?? this.plan?.path ?? 'none';
      this.deps.log.warn(
        `${this.name}: ${why.replace(/[.\s]+$/, '')}; but reading the application again shows it ${app.status} on the previous version`,
      );
      return this.done(
        p,
        `${this.doneMessage(app, p)}; following it hit an error (${oneLine(why)}), but the application was read again and runs the previous version`,
      );
    }
    const snapshot = await this.bestKnownPoint();
    const start = !this.req.leaveStopped;
    const steps = manualSteps(this.name, app, this.req.previous, snapshot, { start });
    const state = app ? `${describeState(this.name, app)}.` : `The state of ${this.name} could not be read.`;
    const snap = snapshot ? this.snapshots?.find((s) => s.name === snapshot) : undefined;
    const age =
      snap?.createdAt !== undefined
        ? ` (taken ${formatAge(this.deps.clock.now() - snap.createdAt)} ago, ${new Date(snap.createdAt).toISOString()})`
        : '';
    const restore = !start
      ? `To return it to ${describeVersion(this.req.previous)} and leave it READY (it was stopped before the upgrade; start it later from snapshot ${snapshot ?? '<none>'}${age}), run:`
      : snapshot
        ? `To return it to ${describeVersion(this.req.previous)} from snapshot ${snapshot}${age}, the best known rollback point, run:`
        : `No snapshot of the previous version is available: starting without state loses it. To return it to ${describeVersion(this.req.previous)} without state, run:`;
    const message = `Rollback of ${this.name} failed: ${why.replace(/[.\s]+$/, '')}. ${this.stoppedAt === undefined ? 'No changes were made' : 'No further changes were made'}. ${state} ${restore}\n${steps.map((s) => `  ${s}`).join('\n')}`;
    this.deps.log.warn(message);
    return {
      outcome: 'failed',
      path: path ?? this.plan?.path ?? 'none',
      message,
      manualSteps: steps,
      ...(snapshot ? { rollbackPoint: snapshot } : {}),
      ...(this.operationId ? { operationId: this.operationId } : {}),
      ...(this.plan ? { decision: this.plan.reason } : {}),
      ...this.stateFields(app),
    };
  }

  private stateFields(app: ApplicationView | undefined): Partial<RollbackResult> {
    if (!app) return {};
    return {
      applicationStatus: app.status,
      versionId: app.versionId,
      runtime: app.runtime,
      ...(app.fileKey ? { fileKey: app.fileKey } : {}),
      ...(app.objectVersion ? { objectVersion: app.objectVersion } : {}),
    };
  }

  // ---- reads and waits ------------------------------------------------------------------------

  /** The application (its reads are MsfReads': wrapped with the IAM fix); after an abort, unaborted. */
  private async describe(ignoreAbort = false): Promise<ApplicationView> {
    const app = await (ignoreAbort ? this.unaborted : this.reads).describe();
    this.app = app;
    return app;
  }

  private async listSnapshots(ignoreAbort = false): Promise<SnapshotView[]> {
    const snapshots = await (ignoreAbort ? this.unaborted : this.reads).listSnapshots();
    this.snapshots = snapshots;
    return snapshots;
  }

  private lostOperation(
    err: unknown,
    operation: string,
    calledAt: number,
    fromVersion?: number,
  ): Promise<string | undefined> {
    return this.reads.findLostOperation(err, operation, calledAt, this.deps.log, fromVersion);
  }

  private waitForStatus(
    done: (status: string) => boolean,
    what: string,
    deadline: number = this.req.deadline,
  ): Promise<ApplicationView> {
    return pollWith(this.deps, {
      what,
      deadline,
      intervalMs: this.req.pollIntervalMs,
      probe: () => this.describe(),
      check: (app) =>
        done(app.status)
          ? { done: true, result: app }
          : { done: false, state: app.status, detail: `version ${app.versionId}, ${app.runtime}` },
      onTimeoutHint: `Check the application in the console or with: aws kinesisanalyticsv2 describe-application --application-name ${this.name}`,
    });
  }

  private followOperation(operationId: string, operation: string): Promise<OperationView> {
    return pollWith(this.deps, {
      what: `${operation} operation ${operationId} of ${this.name}`,
      deadline: this.req.deadline,
      intervalMs: this.req.pollIntervalMs,
      probe: () => this.reads.describeOperation(operationId),
      check: (op) =>
        op.status === 'IN_PROGRESS' ? { done: false, state: op.status } : { done: true, result: op },
      onTimeoutHint: `Follow it with: aws kinesisanalyticsv2 describe-application-operation --application-name ${this.name} --operation-id ${operationId}`,
    });
  }
}

/**
 * An error as a clause of the rollback's message: the AWS error itself, and what fixes it when the read
 * that failed said (MsfReads' errors carry the IAM action the role lacks).
 */
function explain(err: unknown): string {
  if (!(err instanceof PhaseError) || err.cause === undefined) return describeError(err);
  return `${describeError(err.cause).replace(/\.$/, '')}${err.fix ? `. Fix: ${err.fix}` : ''}`;
}

/** Rolls the application back to `req.previous` (see the module comment). Never throws. */
export async function rollBack(deps: PhaseDeps, req: RollbackRequest): Promise<RollbackResult> {
  return new Rollback(deps, req).run();
}
