/**
 * The Managed Service for Apache Flink control plane (API kinesisanalyticsv2): applications, their
 * versions, snapshots and operations, status transitions driven by the clock, and the job of each
 * running application, started, snapshotted and stopped through an engine (emulator/engine/: simulated,
 * or real Flink clusters), publishing CloudWatch metrics.
 *
 * Behaviour follows the official model (../shared/aws-models) and the MSF developer guide; the pure rules
 * live in runtime-rules.ts (runtime order, restore compatibility, Java per runtime), status-rules.ts
 * (which status allows which operation), startup-rules.ts (does a JAR start on a runtime),
 * behaviour-rules.ts and job-metrics.ts; seed.ts builds seeded applications, describe.ts renders them.
 *
 * Where AWS documents the behaviour but not the exact wording or code, the emulator chooses (and tests
 * pin) the following; change them here if AWS is observed to differ:
 *  - both or neither of CurrentApplicationVersionId/ConditionalToken → InvalidArgumentException; a stale
 *    one → ConcurrentModificationException; an operation in the wrong status → ResourceInUseException.
 *  - a code location missing from S3, an unknown/unready custom snapshot, a duplicate snapshot name →
 *    InvalidArgumentException; RollbackApplication without a READY snapshot or previous version →
 *    InvalidRequestException; a refused runtime/state compatibility check, or a snapshot-taking request
 *    (update, stop, snapshot) while the job is down → InvalidApplicationConfigurationException.
 *  - UpdateApplication of a READY application creates the version without an operation (no OperationId).
 *  - A failed start/update without system rollback leaves the application RUNNING without processing
 *    (the job reports downtime and no records); a failed rollback leaves it READY.
 *  - RollbackApplication creates a new version with the previous version's configuration
 *    (ApplicationVersionRolledBackFrom/To set); the rolled-back version is listed as ROLLED_BACK.
 *  - CreateApplication without ApplicationSnapshotConfiguration: snapshots disabled; restore type
 *    RESTORE_FROM_LATEST_SNAPSHOT.
 *  - AUTOSCALING and MAINTENANCE are entered only through the control method enterStatus (see
 *    EnterStatusSpec); they list no operation. A scaling creates a new application version (the
 *    parallelism changed, updated from the scaled one) after a system snapshot, and restarts the job.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  AwsError,
  type BehaviourRule,
  type EnterStatusSpec,
  type JsonOperationHandler,
  type MetricsLagSpec,
  type MsfControlPlaneApi,
  type MsfControlPlaneOptions,
  type SeedApplication,
} from '../types.js';
import { matchBehaviourRule } from './behaviour-rules.js';
import { bucketFromArn, cloneConfig, configFromCreate, configFromUpdate, restoreFrom } from './config.js';
import {
  applicationDetail,
  describeApplication,
  operationDetails,
  operationInfo,
  page,
  snapshotDetails,
} from './describe.js';
import { seededApplication } from './seed.js';
import type { JobMode } from './job-metrics.js';
import { lagModel, lagSampler } from '../cloudwatch/metric-lag.js';
import { Dashboard } from './dashboard.js';
import { checkRestore } from './runtime-rules.js';
import { FlinkEngine } from '../engine/flink-engine.js';
import { SimulatedEngine, SimulatedEngineJob } from '../engine/simulated-engine.js';
import type { EngineJob, JobEngine, StartRequest } from '../engine/types.js';
import {
  currentVersionOf,
  type AppConfig,
  type AppState,
  type AppVersion,
  type CodeLocation,
  type OperationRecord,
  type OperationStatus,
  type SnapshotRecord,
} from './state.js';
import { assertAllowed, type ApplicationStatus } from './status-rules.js';

/** "You can create up to 1,000 MSF snapshots per application." (MSF quota page) */
export const SNAPSHOT_QUOTA = 1000;

function snapshotDowntimeMessage(application: string): string {
  return (
    `Failed to take snapshot for the application ${application} at this moment. The application is currently ` +
    `experiencing downtime. Please check the application's CloudWatch metrics or CloudWatch logs for any possible ` +
    `errors and retry the request.`
  );
}

function toEpochMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string')
    return /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  return Number.NaN;
}

/**
 * Timestamps identifying a resource (DeleteApplication's CreateTimestamp, DeleteApplicationSnapshot's
 * SnapshotCreationTimestamp) match on the second: botocore (boto3, aws CLI) serialises this service's
 * timestamps as whole epoch seconds by default while the JS SDK sends milliseconds, and AWS's own snapshot
 * manager sample deletes snapshots with boto3 using the timestamp ListApplicationSnapshots returned.
 */
function sameInstant(a: number, b: number): boolean {
  return Number.isFinite(a) && Math.floor(a / 1000) === Math.floor(b / 1000);
}

function isAbort(err: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (err instanceof Error && err.name === 'AbortError');
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function newOperationId(): string {
  const bytes = randomBytes(12);
  let id = '';
  for (const b of bytes) id += ID_CHARS[b % ID_CHARS.length];
  return id;
}

/**
 * CodeMD5 as the model constrains it: exactly 128 characters (shape CodeMD5, min = max = 128), i.e. not a
 * 32-character MD5 hex digest. The emulator reports the 128-character SHA-512 hex digest of the code
 * object; compare code by FileKey/ObjectVersion/CodeSize rather than by recomputing this value.
 */
export function codeChecksum(body: Buffer): string {
  return createHash('sha512').update(body).digest('hex');
}

function newConditionalToken(): string {
  return randomBytes(24).toString('base64');
}

/** A stable number per application name: its jobs' lag draws are reproducible. */
function seedOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
  return h;
}

export class MsfControlPlane implements MsfControlPlaneApi {
  readonly operations: Record<string, JsonOperationHandler>;
  private readonly apps = new Map<string, AppState>();
  private rules: BehaviourRule[] = [];
  /** every pending transition or snapshot, so reset()/close() cancel them */
  private readonly controllers = new Set<AbortController>();
  private closed = false;
  private jobsStarted = 0;
  readonly dashboard: Dashboard;
  /** runs the jobs: the simulated engine, or real Flink clusters (options.engine) */
  readonly engine: JobEngine;
  /** the simulated engine also runs the jobs of applications that are RUNNING without processing */
  private readonly simulated: SimulatedEngine;
  /** aborted by close(): a seeded job's start on the real engine */
  private readonly lifetime = new AbortController();

  constructor(private readonly options: MsfControlPlaneOptions) {
    this.simulated = new SimulatedEngine({
      clock: options.clock,
      timings: options.timings,
      s3: options.s3,
      metrics: options.metrics,
      rules: () => this.rules,
    });
    this.engine =
      options.engine === 'flink'
        ? new FlinkEngine({
            clock: options.clock,
            s3: options.s3,
            metrics: options.metrics,
            log: options.log,
          })
        : this.simulated;
    this.dashboard = new Dashboard(
      () => this.now(),
      (name) => {
        const app = this.apps.get(name);
        if (!app) return undefined;
        const job = app.job;
        return {
          status: app.status,
          ...(job
            ? { rest: (path: string, query: URLSearchParams) => job.dashboard(path, query, this.now()) }
            : {}),
        };
      },
    );
    this.operations = {
      CreateApplication: (i) => this.createApplication(i),
      DescribeApplication: (i) => this.describeApplication(i),
      ListApplications: (i) => this.listApplications(i),
      UpdateApplication: (i) => this.updateApplication(i),
      StartApplication: (i) => this.startApplication(i),
      StopApplication: (i) => this.stopApplication(i),
      DeleteApplication: (i) => this.deleteApplication(i),
      CreateApplicationSnapshot: (i) => this.createApplicationSnapshot(i),
      DescribeApplicationSnapshot: (i) => this.describeApplicationSnapshot(i),
      ListApplicationSnapshots: (i) => this.listApplicationSnapshots(i),
      DeleteApplicationSnapshot: (i) => this.deleteApplicationSnapshot(i),
      ListApplicationOperations: (i) => this.listApplicationOperations(i),
      DescribeApplicationOperation: (i) => this.describeApplicationOperation(i),
      RollbackApplication: (i) => this.rollbackApplication(i),
      ListApplicationVersions: (i) => this.listApplicationVersions(i),
      DescribeApplicationVersion: (i) => this.describeApplicationVersion(i),
      CreateApplicationPresignedUrl: (i) => this.createApplicationPresignedUrl(i),
      TagResource: (i) => this.tagResource(i),
      UntagResource: (i) => this.untagResource(i),
      ListTagsForResource: (i) => this.listTagsForResource(i),
    };
  }

  // ---------------------------------------------------------------- control

  setJobBehaviour(rule: BehaviourRule): void {
    this.rules.push({ ...rule });
  }

  enterStatus(spec: EnterStatusSpec): void {
    const app = this.apps.get(spec.application);
    if (!app) throw new Error(`enterStatus: application ${spec.application} does not exist`);
    if (spec.status !== 'AUTOSCALING' && spec.status !== 'MAINTENANCE') {
      throw new Error(`enterStatus: status must be AUTOSCALING or MAINTENANCE, not ${String(spec.status)}`);
    }
    if (!(typeof spec.durationMs === 'number' && spec.durationMs >= 0)) {
      throw new Error('enterStatus: durationMs must be a number of clock ms, 0 or more');
    }
    if (spec.parallelism !== undefined && !(Number.isInteger(spec.parallelism) && spec.parallelism >= 1)) {
      throw new Error('enterStatus: parallelism must be a whole number, 1 or more');
    }
    if (app.status !== 'RUNNING' || app.flow) {
      throw new Error(
        `enterStatus: application ${app.name} is ${app.status}${app.flow ? ' with a transition in progress' : ''}; only a RUNNING application can enter ${spec.status}`,
      );
    }
    const version = currentVersionOf(app);
    const enteredAt = this.now();
    const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
      this.options.clock.sleep(Math.max(0, ms), signal);
    this.settle(app, version, spec.status);
    this.options.log(`msf ${app.name}: ${spec.status} for ${spec.durationMs} ms`);
    if (spec.status === 'MAINTENANCE') {
      // MSF lists maintenance as an operation; the job restarts once (fullRestarts/numRestarts count it)
      // and is down while the application is in MAINTENANCE.
      const op = this.beginOperation(app, 'Maintenance');
      app.job?.restart(enteredAt, spec.durationMs);
      this.runFlow(app, async (signal) => {
        await sleep(spec.durationMs, signal);
        this.settle(app, version, 'RUNNING');
        this.finishOperation(op, 'SUCCESSFUL');
      });
      return;
    }
    this.runFlow(app, async (signal) => {
      const snap = version.config.snapshotsEnabled
        ? await this.takeSnapshot(
            app,
            this.systemSnapshotName(app),
            version.config.runtime,
            version.versionId,
            true,
            signal,
            true,
          )
        : undefined;
      await sleep(enteredAt + spec.durationMs - this.now(), signal);
      if (snap && snap.status !== 'READY') {
        this.settle(app, version, 'RUNNING');
        return;
      }
      const config = cloneConfig(version.config);
      config.parallelism = {
        ...config.parallelism,
        ConfigurationType: 'CUSTOM',
        Parallelism: spec.parallelism ?? config.parallelism.Parallelism * 2,
      };
      const mode = this.currentMode(app);
      version.status = 'RUNNING';
      const next = this.addVersion(app, config, { updatedFrom: version.versionId }, 'RUNNING');
      this.settle(app, next, 'RUNNING');
      this.stopJob(app);
      const outcome = await this.engine.start(this.jobRequest(app, next.config, snap, { mode }), signal);
      if (signal.aborted) {
        if (outcome.ok) outcome.job.stop();
        return;
      }
      if (outcome.ok) this.attachJob(app, outcome.job, snap);
      else this.notProcessing(app, next.config, outcome.message);
    });
  }

  /** Checks and applications throw at once; on the real engine the promise resolves when the job runs. */
  seedApplication(spec: SeedApplication): Promise<void> {
    if (this.apps.has(spec.name)) throw new Error(`seed: application ${spec.name} already exists`);
    if (!this.options.s3.getObject(spec.code.bucket, spec.code.key)) {
      throw new Error(
        `seed: code object s3://${spec.code.bucket}/${spec.code.key} of application ${spec.name} does not exist; seed it in buckets first`,
      );
    }
    if (spec.checkpointIntervalSeconds !== undefined && !(spec.checkpointIntervalSeconds > 0)) {
      throw new Error(
        `seed: checkpointIntervalSeconds of application ${spec.name} must be a positive number of seconds`,
      );
    }
    const now = this.now();
    const code = this.resolveCode(`arn:aws:s3:::${spec.code.bucket}`, spec.code.key, undefined);
    const {
      app,
      config,
      historyMs: history,
    } = seededApplication(spec, {
      now,
      accountId: this.options.accountId,
      arn: this.arnOf(spec.name),
      code,
      conditionalToken: newConditionalToken(),
    });
    const status = app.status;
    this.apps.set(spec.name, app);
    if (spec.behaviour)
      this.setJobBehaviour({ application: spec.name, fileKey: spec.code.key, behaviour: spec.behaviour });
    if (status !== 'RUNNING') return Promise.resolve();
    if (this.engine === this.simulated) {
      const rule = matchBehaviourRule(this.rules, spec.name, code.fileKey, spec.runtime);
      const request = this.jobRequest(app, config, undefined, {
        startedAt: now - history,
        backfillUntil: now,
      });
      this.attachJob(app, this.simulated.run(request, rule?.behaviour ?? { kind: 'healthy' }), undefined);
      return Promise.resolve();
    }
    return this.startSeededJob(app, config);
  }

  /** The real engine: the seed is done when the job runs on Flink. */
  private async startSeededJob(app: AppState, config: AppConfig): Promise<void> {
    const outcome = await this.engine.start(this.jobRequest(app, config, undefined), this.lifetime.signal);
    if (!outcome.ok) {
      if (this.apps.get(app.name) === app) this.apps.delete(app.name);
      throw new Error(
        `seed: the job of application ${app.name} did not start on ${config.runtime}: ${outcome.message}`,
      );
    }
    if (this.apps.get(app.name) !== app) {
      outcome.job.stop();
      return;
    }
    this.attachJob(app, outcome.job, undefined);
  }

  dashboardRequest(
    method: string,
    url: URL,
    cookie: string | undefined,
  ): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    return this.dashboard.handle(method, url, cookie);
  }

  reset(): void {
    this.cancelEverything();
    this.apps.clear();
    this.rules = [];
    this.dashboard.reset();
  }

  /** Sets when an application's job datapoints become visible in CloudWatch (from its next job on). */
  setMetricsLag(spec: { application: string; lag: MetricsLagSpec }): void {
    const app = this.apps.get(spec.application);
    if (!app) throw new Error(`setMetricsLag: application ${spec.application} does not exist`);
    app.metricsLag = spec.lag;
    if (app.job)
      app.job.setVisibility(
        lagSampler(lagModel(spec.lag, this.periodMs(), seedOf(app.name) + this.jobsStarted++)),
      );
  }

  private periodMs(): number {
    return Math.max(1, this.options.metricPeriodSeconds) * 1000;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.lifetime.abort(new Error('control plane closed'));
    this.cancelEverything();
    await this.engine.close();
    if (this.engine !== this.simulated) await this.simulated.close();
  }

  describeState(): unknown {
    return {
      applications: [...this.apps.values()].map((app) => describeApplication(app, this.now())),
      rules: this.rules.map((r) => structuredClone(r)),
      engine: this.engine.kind,
    };
  }

  // ---------------------------------------------------------------- applications

  private createApplication(input: any): unknown {
    if (this.apps.has(input.ApplicationName)) {
      throw new AwsError('ResourceInUseException', `Application ${input.ApplicationName} already exists.`);
    }
    const config = configFromCreate(input, (b, k, v) => this.resolveCode(b, k, v));
    const now = this.now();
    const app: AppState = {
      name: input.ApplicationName,
      arn: this.arnOf(input.ApplicationName),
      createdAt: now,
      lastUpdatedAt: now,
      status: 'READY',
      currentVersion: 1,
      versions: new Map(),
      snapshots: [],
      operations: [],
    };
    app.versions.set(1, {
      versionId: 1,
      config,
      createdAt: now,
      conditionalToken: newConditionalToken(),
      status: 'READY',
    });
    this.apps.set(app.name, app);
    return { ApplicationDetail: this.detail(app) };
  }

  private describeApplication(input: any): unknown {
    return { ApplicationDetail: this.detail(this.app(input.ApplicationName)) };
  }

  private listApplications(input: any): unknown {
    const names = [...this.apps.keys()].sort();
    const startIndex = input.NextToken === undefined ? 0 : names.findIndex((n) => n > input.NextToken);
    const rest = startIndex < 0 ? [] : names.slice(startIndex);
    const size = Math.min(input.Limit ?? 50, 50);
    const chosen = rest.slice(0, size);
    const summaries = chosen.map((name) => {
      const app = this.apps.get(name)!;
      const v = currentVersionOf(app);
      return {
        ApplicationName: app.name,
        ApplicationARN: app.arn,
        ApplicationStatus: app.status,
        ApplicationVersionId: app.currentVersion,
        RuntimeEnvironment: v.config.runtime,
        ...(v.config.mode ? { ApplicationMode: v.config.mode } : {}),
      };
    });
    const last = chosen[chosen.length - 1];
    return {
      ApplicationSummaries: summaries,
      ...(rest.length > size && last !== undefined ? { NextToken: last } : {}),
    };
  }

  private deleteApplication(input: any): unknown {
    const app = this.app(input.ApplicationName);
    if (!sameInstant(toEpochMs(input.CreateTimestamp), app.createdAt)) {
      throw new AwsError(
        'InvalidArgumentException',
        `CreateTimestamp does not match the creation timestamp of application ${app.name}.`,
      );
    }
    assertAllowed('DeleteApplication', app.name, app.status);
    this.cancelFlow(app);
    this.stopJob(app);
    app.status = 'DELETING';
    this.runFlow(app, async (signal) => {
      await this.options.clock.sleep(this.options.timings.delete, signal);
      this.apps.delete(app.name);
    });
    return {};
  }

  // ---------------------------------------------------------------- update / start / stop / rollback

  private updateApplication(input: any): unknown {
    const app = this.app(input.ApplicationName);
    this.checkVersionOrToken(app, input.CurrentApplicationVersionId, input.ConditionalToken);
    assertAllowed('UpdateApplication', app.name, app.status);
    const prev = currentVersionOf(app);
    const nextConfig = configFromUpdate(prev.config, input, (b, k, v) => this.resolveCode(b, k, v));
    const now = this.now();

    if (app.status === 'READY') {
      // "MSF does not run any checks until you start your application."
      this.addVersion(app, nextConfig, { updatedFrom: prev.versionId }, 'READY');
      return { ApplicationDetail: this.detail(app) };
    }

    // RUNNING: the compatibility check runs now; a refused request leaves the application untouched.
    const job = app.job;
    if (nextConfig.snapshotsEnabled && job && !job.isHealthy(now)) {
      throw new AwsError('InvalidApplicationConfigurationException', snapshotDowntimeMessage(app.name));
    }
    const restoreRuntime = this.restoreRuntimeForUpdate(app, prev.config, nextConfig);
    if (restoreRuntime) {
      const verdict = checkRestore(restoreRuntime.runtime, nextConfig.runtime);
      if (!verdict.ok) {
        throw new AwsError(
          'InvalidApplicationConfigurationException',
          `The requested runtime ${nextConfig.runtime} is not compatible with the state of application ${app.name}: ${verdict.reason}.`,
        );
      }
    }

    prev.status = 'RUNNING';
    const next = this.addVersion(app, nextConfig, { updatedFrom: prev.versionId }, 'UPDATING');
    app.status = 'UPDATING';
    const op = this.beginOperation(app, 'UpdateApplication', { from: prev.versionId, to: next.versionId });
    this.runFlow(app, async (signal) => {
      if (next.config.snapshotsEnabled) {
        const snap = await this.takeSnapshot(
          app,
          this.systemSnapshotName(app),
          prev.config.runtime,
          prev.versionId,
          true,
          signal,
          true,
        );
        if (snap.status !== 'READY') {
          this.finishOperation(op, 'FAILED', { errorString: snapshotDowntimeMessage(app.name) });
          app.status = 'RUNNING';
          return;
        }
      }
      this.stopJob(app);
      await this.options.clock.sleep(this.options.timings.update, signal);
      await this.launch(app, next, op, signal);
    });
    return { ApplicationDetail: this.detail(app), OperationId: op.id };
  }

  private startApplication(input: any): unknown {
    const app = this.app(input.ApplicationName);
    assertAllowed('StartApplication', app.name, app.status);
    const version = currentVersionOf(app);
    const run = input.RunConfiguration ?? {};
    const config = cloneConfig(version.config);
    if (run.ApplicationRestoreConfiguration)
      config.restore = restoreFrom(run.ApplicationRestoreConfiguration);
    if (run.FlinkRunConfiguration?.AllowNonRestoredState !== undefined) {
      config.allowNonRestoredState = run.FlinkRunConfiguration.AllowNonRestoredState;
    }
    const snapshot = this.restoreSnapshotFor(app, config.restore);
    if (snapshot) {
      const verdict = checkRestore(snapshot.runtime, config.runtime);
      if (!verdict.ok) {
        throw new AwsError(
          'InvalidApplicationConfigurationException',
          `Application ${app.name} cannot be started on ${config.runtime} from snapshot ${snapshot.name}: ${verdict.reason}.`,
        );
      }
    }
    version.config = config;
    app.status = 'STARTING';
    version.status = 'STARTING';
    const op = this.beginOperation(app, 'StartApplication');
    this.runFlow(app, async (signal) => {
      await this.options.clock.sleep(this.options.timings.start, signal);
      await this.launch(app, version, op, signal);
    });
    return { OperationId: op.id };
  }

  private stopApplication(input: any): unknown {
    const app = this.app(input.ApplicationName);
    const version = currentVersionOf(app);
    if (input.Force === true) {
      assertAllowed('ForceStopApplication', app.name, app.status);
      this.cancelFlow(app);
      this.stopJob(app);
      app.status = 'FORCE_STOPPING';
      const op = this.beginOperation(app, 'StopApplication');
      this.runFlow(app, async (signal) => {
        await this.options.clock.sleep(this.options.timings.forceStop, signal);
        this.settle(app, version, 'READY');
        this.finishOperation(op, 'SUCCESSFUL');
      });
      return { OperationId: op.id };
    }
    assertAllowed('StopApplication', app.name, app.status);
    const now = this.now();
    if (version.config.snapshotsEnabled && app.job && !app.job.isHealthy(now)) {
      throw new AwsError('InvalidApplicationConfigurationException', snapshotDowntimeMessage(app.name));
    }
    app.status = 'STOPPING';
    const op = this.beginOperation(app, 'StopApplication');
    this.runFlow(app, async (signal) => {
      if (version.config.snapshotsEnabled) {
        await this.takeSnapshot(
          app,
          this.systemSnapshotName(app),
          version.config.runtime,
          version.versionId,
          true,
          signal,
          true,
        );
      }
      this.stopJob(app);
      await this.options.clock.sleep(this.options.timings.stop, signal);
      this.settle(app, version, 'READY');
      this.finishOperation(op, 'SUCCESSFUL');
    });
    return { OperationId: op.id };
  }

  private rollbackApplication(input: any): unknown {
    const app = this.app(input.ApplicationName);
    if (input.CurrentApplicationVersionId !== app.currentVersion) {
      throw new AwsError(
        'ConcurrentModificationException',
        `Provided CurrentApplicationVersionId ${input.CurrentApplicationVersionId} does not match the current ApplicationVersionId ${app.currentVersion} of application ${app.name}.`,
      );
    }
    assertAllowed('RollbackApplication', app.name, app.status);
    const current = currentVersionOf(app);
    if (!app.snapshots.some((s) => s.status === 'READY')) {
      throw new AwsError(
        'InvalidRequestException',
        `Application ${app.name} has no snapshots; RollbackApplication loads state from the last successful snapshot.`,
      );
    }
    const target = current.updatedFrom !== undefined ? app.versions.get(current.updatedFrom) : undefined;
    if (!target) {
      throw new AwsError(
        'InvalidRequestException',
        `Application ${app.name} has no previous version to roll back to.`,
      );
    }
    // An update still in progress is superseded by the rollback.
    this.cancelFlow(app);
    const op = this.beginOperation(app, 'RollbackApplication');
    app.status = 'ROLLING_BACK';
    this.runFlow(app, (signal) => this.performRollback(app, op, signal));
    return { ApplicationDetail: this.detail(app), OperationId: op.id };
  }

  /** ROLLING_BACK → RUNNING on the previous version's configuration, restoring the latest READY snapshot. */
  private async performRollback(app: AppState, op: OperationRecord, signal: AbortSignal): Promise<void> {
    const from = currentVersionOf(app);
    const target = from.updatedFrom !== undefined ? app.versions.get(from.updatedFrom) : undefined;
    if (!target) {
      this.finishOperation(op, 'FAILED', { errorString: 'No previous application version to roll back to.' });
      this.settle(app, from, 'READY');
      return;
    }
    app.status = 'ROLLING_BACK';
    this.stopJob(app);
    await this.options.clock.sleep(this.options.timings.rollback, signal);
    from.status = 'ROLLED_BACK';
    const next = this.addVersion(
      app,
      cloneConfig(target.config),
      { updatedFrom: target.updatedFrom, rolledBackFrom: from.versionId, rolledBackTo: target.versionId },
      'ROLLING_BACK',
    );
    op.versionChange = { from: from.versionId, to: next.versionId };
    const snapshot = this.latestReadySnapshot(app);
    const outcome = await this.engine.start(this.jobRequest(app, next.config, snapshot), signal);
    if (signal.aborted) {
      if (outcome.ok) outcome.job.stop();
      return;
    }
    if (!outcome.ok) {
      // "If the auto-rollback itself fails, the app goes to READY."
      this.finishOperation(op, 'FAILED', { errorString: outcome.message });
      this.settle(app, next, 'READY');
      return;
    }
    this.settle(app, next, 'RUNNING');
    this.attachJob(app, outcome.job, snapshot);
    this.finishOperation(op, 'SUCCESSFUL');
  }

  /** Starts the job of `version` (after update or start) and settles the operation. */
  private async launch(
    app: AppState,
    version: AppVersion,
    op: OperationRecord,
    signal: AbortSignal,
  ): Promise<void> {
    let outcome: { ok: true; job: EngineJob } | { ok: false; message: string };
    let restored: SnapshotRecord | undefined;
    try {
      restored = this.restoreSnapshotFor(app, version.config.restore);
      outcome = await this.engine.start(this.jobRequest(app, version.config, restored), signal);
    } catch (err) {
      // e.g. the custom snapshot was deleted while the application was starting
      if (!(err instanceof AwsError)) throw err;
      outcome = { ok: false, message: err.message };
    }
    if (signal.aborted) {
      if (outcome.ok) outcome.job.stop();
      return;
    }
    if (outcome.ok) {
      this.settle(app, version, 'RUNNING');
      this.attachJob(app, outcome.job, restored);
      this.finishOperation(op, 'SUCCESSFUL');
      return;
    }
    const previous = version.updatedFrom !== undefined ? app.versions.get(version.updatedFrom) : undefined;
    if (version.config.systemRollbackEnabled && previous) {
      // System rollback: the service starts a RollbackApplication operation to the previous version.
      const rollback = this.beginOperation(app, 'RollbackApplication');
      this.finishOperation(op, 'FAILED', { rollbackOperationId: rollback.id, errorString: outcome.message });
      await this.performRollback(app, rollback, signal);
      return;
    }
    // Without system rollback the application stays RUNNING without processing data.
    this.finishOperation(op, 'FAILED', { errorString: outcome.message });
    this.settle(app, version, 'RUNNING');
    this.notProcessing(app, version.config, outcome.message);
  }

  /** The application is RUNNING but its job is not (a failed start): downtime, no records. */
  private notProcessing(app: AppState, config: AppConfig, why: string): void {
    this.options.log(`msf ${app.name}: RUNNING without processing: ${why}`);
    this.attachJob(
      app,
      this.simulated.run(this.jobRequest(app, config, undefined), { kind: 'not-processing' }),
      undefined,
    );
  }

  /** The job's behaviour on the simulated engine (healthy for a real job). */
  private currentMode(app: AppState): JobMode {
    return app.job instanceof SimulatedEngineJob ? app.job.mode : { kind: 'healthy' };
  }

  // ---------------------------------------------------------------- dashboard

  /** The Flink dashboard's presigned URL; the application must be RUNNING (as on MSF). */
  private createApplicationPresignedUrl(input: any): unknown {
    const app = this.app(input.ApplicationName);
    if (input.UrlType !== 'FLINK_DASHBOARD_URL') {
      throw new AwsError(
        'InvalidArgumentException',
        `The emulator serves only FLINK_DASHBOARD_URL, not ${String(input.UrlType)}.`,
      );
    }
    if (app.status !== 'RUNNING') {
      throw new AwsError(
        'ResourceInUseException',
        `Application ${app.name} is in ${app.status} state, it must be RUNNING to access the Flink dashboard.`,
      );
    }
    const base = this.options.publicUrl?.() ?? 'http://127.0.0.1';
    return { AuthorizedUrl: this.dashboard.issue(base, app.name, input.SessionExpirationDurationInSeconds) };
  }

  // ---------------------------------------------------------------- snapshots

  private createApplicationSnapshot(input: any): unknown {
    const app = this.app(input.ApplicationName);
    assertAllowed('CreateApplicationSnapshot', app.name, app.status);
    if (app.snapshots.some((s) => s.name === input.SnapshotName)) {
      throw new AwsError(
        'InvalidArgumentException',
        `Snapshot ${input.SnapshotName} already exists for application ${app.name}.`,
      );
    }
    if (app.snapshots.length >= SNAPSHOT_QUOTA) {
      throw new AwsError(
        'LimitExceededException',
        `Application ${app.name} has reached the limit of ${SNAPSHOT_QUOTA} snapshots. Delete snapshots with DeleteApplicationSnapshot and retry.`,
      );
    }
    if (!app.job || !app.job.isHealthy(this.now())) {
      throw new AwsError('InvalidApplicationConfigurationException', snapshotDowntimeMessage(app.name));
    }
    const version = currentVersionOf(app);
    const controller = this.track(new AbortController());
    this.takeSnapshot(
      app,
      input.SnapshotName,
      version.config.runtime,
      version.versionId,
      false,
      controller.signal,
    )
      .catch(() => undefined)
      .finally(() => this.controllers.delete(controller));
    return {};
  }

  private describeApplicationSnapshot(input: any): unknown {
    const app = this.app(input.ApplicationName);
    return { SnapshotDetails: snapshotDetails(this.snapshot(app, input.SnapshotName)) };
  }

  private listApplicationSnapshots(input: any): unknown {
    const app = this.app(input.ApplicationName);
    const { items, next } = page(app.snapshots, input.Limit, input.NextToken);
    return { SnapshotSummaries: items.map(snapshotDetails), ...(next ? { NextToken: next } : {}) };
  }

  private deleteApplicationSnapshot(input: any): unknown {
    const app = this.app(input.ApplicationName);
    const snap = this.snapshot(app, input.SnapshotName);
    if (!sameInstant(toEpochMs(input.SnapshotCreationTimestamp), snap.createdAt)) {
      throw new AwsError(
        'InvalidArgumentException',
        `SnapshotCreationTimestamp does not match the creation timestamp of snapshot ${snap.name}.`,
      );
    }
    if (snap.status === 'CREATING' || snap.status === 'DELETING') {
      throw new AwsError(
        'ResourceInUseException',
        `Snapshot ${snap.name} of application ${app.name} is in ${snap.status} status.`,
      );
    }
    app.snapshots = app.snapshots.filter((s) => s !== snap);
    return {};
  }

  /**
   * CREATING → READY or FAILED as the engine's snapshot ends (simulated: after timings.snapshot, FAILED
   * when the job is unhealthy or gone by then; real: Flink's savepoint). `stop`: the job ends with it.
   */
  private async takeSnapshot(
    app: AppState,
    name: string,
    runtime: string,
    versionId: number,
    system: boolean,
    signal: AbortSignal,
    stop = false,
  ): Promise<SnapshotRecord> {
    const snap: SnapshotRecord = {
      name,
      status: 'CREATING',
      versionId,
      createdAt: this.now(),
      runtime,
      system,
    };
    app.snapshots.push(snap);
    const result = await this.engine.snapshot(() => app.job, { stop }, signal);
    if (result.ok) {
      snap.status = 'READY';
      if (result.location) snap.location = result.location;
      if (result.operatorUids?.length) snap.operatorUids = result.operatorUids;
    } else {
      snap.status = 'FAILED';
      this.options.log(`msf ${app.name}: snapshot ${name} FAILED: ${result.message}`);
    }
    return snap;
  }

  /**
   * Service (automatic) snapshots are listed by ListApplicationSnapshots, but AWS does not document their
   * names; the emulator names them `ss-<epoch ms>` (unique per application). Do not depend on the format.
   */
  private systemSnapshotName(app: AppState): string {
    let t = this.now();
    while (app.snapshots.some((s) => s.name === `ss-${t}`)) t += 1;
    return `ss-${t}`;
  }

  // ---------------------------------------------------------------- operations & versions

  private listApplicationOperations(input: any): unknown {
    const app = this.app(input.ApplicationName);
    const newestFirst = [...app.operations]
      .map((op, index) => ({ op, index }))
      .sort((a, b) => b.op.startTime - a.op.startTime || b.index - a.index)
      .map((x) => x.op)
      .filter((op) => input.Operation === undefined || op.operation === input.Operation)
      .filter((op) => input.OperationStatus === undefined || op.status === input.OperationStatus);
    const { items, next } = page(newestFirst, input.Limit, input.NextToken);
    return { ApplicationOperationInfoList: items.map(operationInfo), ...(next ? { NextToken: next } : {}) };
  }

  private describeApplicationOperation(input: any): unknown {
    const app = this.app(input.ApplicationName);
    const op = app.operations.find((o) => o.id === input.OperationId);
    if (!op) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Operation ${input.OperationId} not found for application ${app.name}.`,
      );
    }
    return { ApplicationOperationInfoDetails: operationDetails(op, this.now()) };
  }

  private listApplicationVersions(input: any): unknown {
    const app = this.app(input.ApplicationName);
    const versions = [...app.versions.values()].sort((a, b) => b.versionId - a.versionId);
    const { items, next } = page(versions, input.Limit, input.NextToken);
    return {
      ApplicationVersionSummaries: items.map((v) => ({
        ApplicationVersionId: v.versionId,
        ApplicationStatus: v.versionId === app.currentVersion ? app.status : v.status,
      })),
      ...(next ? { NextToken: next } : {}),
    };
  }

  // ---------------------------------------------------------------- tags

  /** The application a ResourceARN names (`arn:aws:kinesisanalytics:REGION:ACCOUNT:application/NAME`). */
  private appByArn(arn: string): AppState {
    const name = /^arn:[^:]+:kinesisanalytics:[^:]*:[^:]*:application\/(.+)$/.exec(arn)?.[1];
    const app = name ? this.apps.get(name) : undefined;
    if (!app || app.arn !== arn)
      throw new AwsError('ResourceNotFoundException', `Resource ${arn} not found.`);
    return app;
  }

  /** AWS allows 50 user tags per resource; tag changes do not create an application version. */
  private tagResource(input: any): unknown {
    const app = this.appByArn(input.ResourceARN);
    const tags = new Map(app.tags ?? []);
    for (const t of input.Tags as { Key: string; Value?: string }[]) tags.set(t.Key, t.Value ?? '');
    if (tags.size > 50)
      throw new AwsError('TooManyTagsException', `Application ${app.name} would have more than 50 tags.`);
    app.tags = tags;
    return {};
  }

  private untagResource(input: any): unknown {
    const app = this.appByArn(input.ResourceARN);
    for (const key of input.TagKeys as string[]) app.tags?.delete(key);
    return {};
  }

  private listTagsForResource(input: any): unknown {
    const app = this.appByArn(input.ResourceARN);
    const tags = [...(app.tags ?? new Map<string, string>())].map(([Key, Value]) => ({ Key, Value }));
    // the model's Tags list has at least one member: no tags, no Tags
    return tags.length > 0 ? { Tags: tags } : {};
  }

  private describeApplicationVersion(input: any): unknown {
    const app = this.app(input.ApplicationName);
    const v = app.versions.get(input.ApplicationVersionId);
    if (!v) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Application version ${input.ApplicationVersionId} not found for application ${app.name}.`,
      );
    }
    return {
      ApplicationVersionDetail: applicationDetail(
        app,
        v,
        v.versionId === app.currentVersion ? app.status : v.status,
      ),
    };
  }

  // ---------------------------------------------------------------- helpers

  private now(): number {
    return this.options.clock.now();
  }

  private arnOf(name: string): string {
    return `arn:aws:kinesisanalytics:${this.options.region}:${this.options.accountId}:application/${name}`;
  }

  private app(name: string): AppState {
    const app = this.apps.get(name);
    if (!app) throw new AwsError('ResourceNotFoundException', `Application ${name} not found.`);
    return app;
  }

  private snapshot(app: AppState, name: string): SnapshotRecord {
    const snap = app.snapshots.find((s) => s.name === name);
    if (!snap)
      throw new AwsError(
        'ResourceNotFoundException',
        `Snapshot ${name} not found for application ${app.name}.`,
      );
    return snap;
  }

  private detail(app: AppState): Record<string, unknown> {
    return applicationDetail(app, currentVersionOf(app), app.status);
  }

  private resolveCode(bucketArn: string, fileKey: string, objectVersion: string | undefined): CodeLocation {
    const bucket = bucketFromArn(bucketArn);
    const object = this.options.s3.getObject(bucket, fileKey, objectVersion);
    if (!object) {
      throw new AwsError(
        'InvalidArgumentException',
        `Code object s3://${bucket}/${fileKey}${objectVersion ? ` (version ${objectVersion})` : ''} does not exist.`,
      );
    }
    return {
      bucketArn,
      bucket,
      fileKey,
      ...(objectVersion ? { objectVersion } : {}),
      md5: codeChecksum(object.body),
      size: object.size,
    };
  }

  /**
   * Exactly one of CurrentApplicationVersionId and ConditionalToken ("You must provide the
   * CurrentApplicationVersionId or the ConditionalToken"), and it must be the current one.
   */
  private checkVersionOrToken(app: AppState, versionId: number | undefined, token: string | undefined): void {
    if ((versionId === undefined) === (token === undefined)) {
      throw new AwsError(
        'InvalidArgumentException',
        versionId === undefined
          ? 'Either CurrentApplicationVersionId or ConditionalToken must be provided.'
          : 'Only one of CurrentApplicationVersionId or ConditionalToken can be provided.',
      );
    }
    const current = currentVersionOf(app);
    if (versionId !== undefined && versionId !== current.versionId) {
      throw new AwsError(
        'ConcurrentModificationException',
        `Provided CurrentApplicationVersionId ${versionId} does not match the current ApplicationVersionId ${current.versionId} of application ${app.name}.`,
      );
    }
    if (token !== undefined && token !== current.conditionalToken) {
      throw new AwsError(
        'ConcurrentModificationException',
        `Provided ConditionalToken does not match the current ConditionalToken of application ${app.name}.`,
      );
    }
  }

  private addVersion(
    app: AppState,
    config: AppConfig,
    links: { updatedFrom?: number; rolledBackFrom?: number; rolledBackTo?: number },
    status: ApplicationStatus,
  ): AppVersion {
    const versionId = Math.max(0, ...app.versions.keys()) + 1;
    const now = this.now();
    const version: AppVersion = {
      versionId,
      config,
      createdAt: now,
      conditionalToken: newConditionalToken(),
      status,
      ...(links.updatedFrom !== undefined ? { updatedFrom: links.updatedFrom } : {}),
      ...(links.rolledBackFrom !== undefined ? { rolledBackFrom: links.rolledBackFrom } : {}),
      ...(links.rolledBackTo !== undefined ? { rolledBackTo: links.rolledBackTo } : {}),
    };
    app.versions.set(versionId, version);
    app.currentVersion = versionId;
    app.lastUpdatedAt = now;
    return version;
  }

  private settle(app: AppState, version: AppVersion, status: ApplicationStatus): void {
    if (!this.apps.has(app.name)) return;
    app.status = status;
    version.status = status;
  }

  private latestReadySnapshot(app: AppState): SnapshotRecord | undefined {
    let latest: SnapshotRecord | undefined;
    for (const s of app.snapshots) {
      if (s.status === 'READY' && (!latest || s.createdAt >= latest.createdAt)) latest = s;
    }
    return latest;
  }

  /** The snapshot a start with `restore` loads; throws when a custom snapshot is unusable. */
  private restoreSnapshotFor(app: AppState, restore: AppConfig['restore']): SnapshotRecord | undefined {
    switch (restore.ApplicationRestoreType) {
      case 'SKIP_RESTORE_FROM_SNAPSHOT':
        return undefined;
      case 'RESTORE_FROM_CUSTOM_SNAPSHOT': {
        const snap = app.snapshots.find((s) => s.name === restore.SnapshotName);
        if (!snap || snap.status !== 'READY') {
          throw new AwsError(
            'InvalidArgumentException',
            restore.SnapshotName === undefined
              ? 'SnapshotName is required with RESTORE_FROM_CUSTOM_SNAPSHOT.'
              : `Snapshot ${restore.SnapshotName} of application ${app.name} ${snap ? `is in ${snap.status} status` : 'does not exist'}.`,
          );
        }
        return snap;
      }
      default:
        return this.latestReadySnapshot(app);
    }
  }

  /** Which snapshot runtime an update of a RUNNING application restores (for the compatibility check). */
  private restoreRuntimeForUpdate(
    app: AppState,
    prev: AppConfig,
    next: AppConfig,
  ): { runtime: string } | undefined {
    switch (next.restore.ApplicationRestoreType) {
      case 'SKIP_RESTORE_FROM_SNAPSHOT':
        return undefined;
      case 'RESTORE_FROM_CUSTOM_SNAPSHOT':
        return this.restoreSnapshotFor(app, next.restore);
      default:
        // The service snapshot taken by the update is of the running (previous) runtime.
        return next.snapshotsEnabled ? { runtime: prev.runtime } : this.latestReadySnapshot(app);
    }
  }

  private beginOperation(
    app: AppState,
    operation: string,
    versionChange?: { from: number; to: number },
  ): OperationRecord {
    const op: OperationRecord = {
      id: newOperationId(),
      operation,
      status: 'IN_PROGRESS',
      startTime: this.now(),
      ...(versionChange ? { versionChange } : {}),
    };
    app.operations.push(op);
    this.options.log(`msf ${app.name}: ${operation} ${op.id} started (status ${app.status})`);
    return op;
  }

  private finishOperation(
    op: OperationRecord,
    status: OperationStatus,
    failure?: OperationRecord['failure'],
  ): void {
    if (op.status !== 'IN_PROGRESS') return;
    op.status = status;
    op.endTime = this.now();
    if (failure) op.failure = failure;
    this.options.log(
      `msf: ${op.operation} ${op.id} ${status}${failure?.errorString ? `: ${failure.errorString}` : ''}`,
    );
  }

  /** What the engine needs to start the job of `config`, restoring `restored` (if any). */
  private jobRequest(
    app: AppState,
    config: AppConfig,
    restored: SnapshotRecord | undefined,
    extra: Partial<Pick<StartRequest, 'startedAt' | 'backfillUntil' | 'mode'>> = {},
  ): StartRequest {
    return {
      application: app.name,
      runtime: config.runtime,
      code: config.code,
      parallelism: config.parallelism.Parallelism,
      checkpointIntervalMs: config.checkpoint.CheckpointingEnabled
        ? config.checkpoint.CheckpointInterval
        : Number.MAX_SAFE_INTEGER,
      periodMs: this.periodMs(),
      restore: restored,
      allowNonRestoredState: config.allowNonRestoredState,
      ...extra,
    };
  }

  /**
   * Makes `job` the application's job (replacing any other): its datapoints' lag, and `restored`, the
   * snapshot it started from (recorded for assertions: which state MSF loaded).
   */
  private attachJob(app: AppState, job: EngineJob, restored: SnapshotRecord | undefined): void {
    this.stopJob(app);
    app.restoredFrom = restored
      ? {
          name: restored.name,
          createdAt: restored.createdAt,
          runtime: restored.runtime,
          versionId: restored.versionId,
        }
      : undefined;
    const lag = lagModel(
      app.metricsLag ?? this.options.metricsLag ?? 'realistic',
      this.periodMs(),
      seedOf(app.name) + this.jobsStarted++,
    );
    job.setVisibility(lagSampler(lag));
    app.job = job;
    if (this.closed) job.stop();
  }

  private stopJob(app: AppState): void {
    app.job?.stop();
    app.job = undefined;
  }

  private track(controller: AbortController): AbortController {
    this.controllers.add(controller);
    return controller;
  }

  /** Runs a status transition of `app`; force-stop, delete, rollback, reset and close cancel it. */
  private runFlow(app: AppState, body: (signal: AbortSignal) => Promise<void>): void {
    const controller = this.track(new AbortController());
    app.flow = controller;
    const signal = controller.signal;
    body(signal)
      .catch((err: unknown) => {
        if (isAbort(err, signal)) return;
        this.options.log(
          `msf: ${app.name}: transition failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
      })
      .finally(() => {
        this.controllers.delete(controller);
        if (app.flow === controller) app.flow = undefined;
      });
  }

  /** Cancels the running transition; its in-progress operations end CANCELLED. */
  private cancelFlow(app: AppState): void {
    if (!app.flow) return;
    app.flow.abort(new Error('superseded'));
    app.flow = undefined;
    for (const op of app.operations) this.finishOperation(op, 'CANCELLED');
    for (const s of app.snapshots) if (s.status === 'CREATING' && s.system) s.status = 'FAILED';
  }

  private cancelEverything(): void {
    for (const c of this.controllers) c.abort(new Error('control plane reset'));
    this.controllers.clear();
    for (const app of this.apps.values()) {
      app.flow = undefined;
      this.stopJob(app);
    }
  }
}
