/**
 * Managed Service for Apache Flink behind the pipeline's FlinkTarget interface: every kinesisanalyticsv2
 * call the upgrade makes, each wrapped into a one-line error naming the IAM action and the fix (the
 * reads it shares with the rollback: ./reads.ts).
 */
import {
  CreateApplicationSnapshotCommand,
  DeleteApplicationSnapshotCommand,
  DescribeApplicationSnapshotCommand,
  DescribeApplicationVersionCommand,
  ListTagsForResourceCommand,
  StartApplicationCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateApplicationCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { errorName } from '../aws/errors.js';
import type { PhaseDeps } from '../pipeline/deps.js';
import type { VersionRef } from './application.js';
import {
  RECORD_TAG_KEYS,
  recordFromTags,
  recordToTags,
  type DeploymentRecord,
} from '../pipeline/deployment-record.js';
import type { Phase } from '../pipeline/errors.js';
import type { CheckpointQuota } from '../pipeline/platform.js';
import type {
  FlinkTarget,
  FollowContext,
  BuildStore,
  Landing,
  SnapshotRequest,
  UpdateContext,
  UpdateOut,
  UpdateUnsent,
  Verification,
} from '../pipeline/target.js';
import { verifyApplication } from './operation.js';
import { msfSnapshotQuota } from './quotas.js';
import { followUpdate } from './follow.js';
import { msfHealthGate } from './health/gate.js';
import type { PlanDecision, PlanFacts, UpgradePlan } from './plan.js';
import type { RollbackRequest, RollbackResult } from './rollback-contract.js';
import { differencesFrom, rollBack } from './rollback.js';
import { describeState, describeVersion, manualSteps } from './rollback-plan.js';
import {
  toApplicationView,
  toSnapshotView,
  toVersionRef,
  type ApplicationView,
  type OperationView,
  type SnapshotView,
} from './application.js';
import { MsfReads } from './reads.js';
import { buildStartRequest, buildUpdateRequest } from './requests.js';

export type { MsfTargetOptions } from './reads.js';

export const MSF_PLATFORM = 'Managed Service for Apache Flink';

export class MsfTarget extends MsfReads implements FlinkTarget {
  readonly platform = MSF_PLATFORM;
  readonly health = msfHealthGate;
  /**
   * S3 (./build-store.ts). The run's own code (the plan rules, the update, the snapshot, the upload) is
   * loaded when first used: the post step, which only rolls back, does not carry it.
   */
  readonly builds: BuildStore = {
    inspect: async (...args) => (await this.buildStore()).inspect(...args),
    promote: async (...args) => (await this.buildStore()).promote(...args),
    put: async (...args) => (await this.buildStore()).put(...args),
  };
  private store?: Promise<BuildStore>;
  private runKit?: Promise<typeof import('./run-kit.js')>;

  private kit(): Promise<typeof import('./run-kit.js')> {
    this.runKit ??= import('./run-kit.js');
    return this.runKit;
  }

  /** Where MSF puts a build by default: `<application>/<version>/<file name>`. */
  async defaultKey(version: string, fileName: string): Promise<string> {
    const { defaultKey } = await this.kit();
    return defaultKey(this.application, version, fileName);
  }

  private buildStore(): Promise<BuildStore> {
    this.store ??= this.kit().then((m) => m.s3BuildStore(this.application));
    return this.store;
  }

  get checkpointQuota(): CheckpointQuota {
    return msfSnapshotQuota(this.application);
  }

  /** ./snapshot.ts: CreateApplicationSnapshot, a lost answer recognised, READY waited for. */
  async takeSnapshot(deps: PhaseDeps, req: SnapshotRequest): Promise<SnapshotView> {
    const { takeSnapshot } = await this.kit();
    return takeSnapshot(deps, this, req);
  }

  attribute(phase: Phase): void {
    this.phase = phase;
  }

  createSnapshot(name: string): Promise<void> {
    return this.call('CreateApplicationSnapshot', async () => {
      await this.options.client.send(
        new CreateApplicationSnapshotCommand({ ApplicationName: this.application, SnapshotName: name }),
        this.abort(),
      );
    });
  }

  describeSnapshot(name: string): Promise<SnapshotView | undefined> {
    return this.call('DescribeApplicationSnapshot', async () => {
      try {
        const out = await this.options.client.send(
          new DescribeApplicationSnapshotCommand({ ApplicationName: this.application, SnapshotName: name }),
          this.abort(),
        );
        return out.SnapshotDetails ? toSnapshotView(out.SnapshotDetails) : undefined;
      } catch (err) {
        if (errorName(err) === 'ResourceNotFoundException') return undefined;
        throw err;
      }
    });
  }

  deleteSnapshot(snapshot: SnapshotView): Promise<void> {
    return this.call('DeleteApplicationSnapshot', async () => {
      if (snapshot.createdAt === undefined) throw new Error(`snapshot ${snapshot.name} has no creation time`);
      await this.options.client.send(
        new DeleteApplicationSnapshotCommand({
          ApplicationName: this.application,
          SnapshotName: snapshot.name,
          SnapshotCreationTimestamp: new Date(snapshot.createdAt),
        }),
        this.abort(),
      );
    });
  }

  update(plan: UpgradePlan): Promise<{ operationId?: string; app: ApplicationView }> {
    return this.call('UpdateApplication', async () => {
      const out = await this.options.client.send(
        new UpdateApplicationCommand(buildUpdateRequest(plan)),
        this.abort(),
      );
      if (!out.ApplicationDetail) throw new Error('UpdateApplication returned no ApplicationDetail');
      return {
        ...(out.OperationId ? { operationId: out.OperationId } : {}),
        app: toApplicationView(out.ApplicationDetail),
      };
    });
  }

  /** ./plan.ts: MSF's rules (runtimes, restore types, snapshots, system rollback). */
  async plan(facts: PlanFacts): Promise<PlanDecision> {
    const { buildPlan } = await this.kit();
    return buildPlan(facts);
  }

  async describePlan(
    plan: UpgradePlan,
    extras?: { jarFindings?: string[]; gate?: string },
  ): Promise<string[]> {
    const { describePlan } = await this.kit();
    return describePlan(plan, extras);
  }

  /** ./update.ts: re-planned once after a concurrent change, a lost answer recognised. */
  async sendUpdate(ctx: UpdateContext, plan: UpgradePlan): Promise<UpdateOut | UpdateUnsent> {
    const { sendUpdate } = await this.kit();
    return sendUpdate(this, ctx, plan);
  }

  verify(plan: UpgradePlan, app: ApplicationView, expectedVersion?: number): Verification {
    return verifyApplication(plan, app, expectedVersion);
  }

  differences(app: ApplicationView, version: VersionRef): string[] {
    return differencesFrom(app, version);
  }

  lastUpdateSucceeded(operations: readonly OperationView[]): boolean {
    const update = operations
      .filter((o) => o.operation === 'UpdateApplication')
      .sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0))[0];
    return !update || update.status === 'SUCCESSFUL';
  }

  isSteady(app: ApplicationView): boolean {
    return app.status === 'RUNNING' || app.status === 'READY';
  }

  async restoreCost(plan: UpgradePlan, updateStartedAt: number): Promise<string> {
    const { restoreCostClause } = await this.kit();
    return restoreCostClause(plan, updateStartedAt);
  }

  rollbackOperation(result: RollbackResult): string {
    // the named-snapshot path's last operation is the start from that snapshot
    return result.path === 'restore-named-snapshot' ? 'StartApplication' : 'RollbackApplication';
  }

  start(plan: UpgradePlan): Promise<{ operationId?: string }> {
    return this.call('StartApplication', async () => {
      const out = await this.options.client.send(
        new StartApplicationCommand(buildStartRequest(plan)),
        this.abort(),
      );
      return out.OperationId ? { operationId: out.OperationId } : {};
    });
  }

  /** ./follow.ts: the operation(s), a lost start's answer, MSF's own rollback. */
  followUpdate(
    ctx: FollowContext,
    plan: UpgradePlan,
    operationId: string | undefined,
    calledAt: number,
  ): Promise<Landing | undefined> {
    return followUpdate(ctx, this, plan, operationId, calledAt);
  }

  /** ./rollback.ts: RollbackApplication, or stop → update back → start from a named snapshot. */
  rollBack(deps: PhaseDeps, request: RollbackRequest): Promise<RollbackResult> {
    return rollBack(deps, request);
  }

  describeApplication(app: ApplicationView): string {
    return describeState(this.application, app);
  }

  describeRelease(version: VersionRef): string {
    return describeVersion(version);
  }

  manualSteps(
    current: ApplicationView | undefined,
    previous: VersionRef,
    checkpoint: string | undefined,
    options: { start?: boolean } = {},
  ): string[] {
    return manualSteps(this.application, current, previous, checkpoint, options);
  }

  describeVersion(versionId: number): Promise<VersionRef> {
    return this.call('DescribeApplicationVersion', async () => {
      const out = await this.options.client.send(
        new DescribeApplicationVersionCommand({
          ApplicationName: this.application,
          ApplicationVersionId: versionId,
        }),
        this.abort(),
      );
      if (!out.ApplicationVersionDetail)
        throw new Error(`DescribeApplicationVersion returned no detail for version ${versionId}`);
      return toVersionRef(toApplicationView(out.ApplicationVersionDetail));
    });
  }

  // The deployment record is kept in the application's tags (tags do not create application versions).
  /** the record's tag keys the last ListTagsForResource found (undefined: not read yet) */
  private recordKeys?: Set<string>;

  private async resourceArn(): Promise<string> {
    this.arn ??= (await this.describe()).arn;
    if (!this.arn) throw new Error(`DescribeApplication returned no ARN for ${this.application}`);
    return this.arn;
  }

  async readRecord(): Promise<DeploymentRecord | undefined> {
    const arn = await this.resourceArn();
    return this.call('ListTagsForResource', async () => {
      const out = await this.options.client.send(
        new ListTagsForResourceCommand({ ResourceARN: arn }),
        this.abort(),
      );
      const tags = (out.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value }));
      this.recordKeys = new Set(
        tags.flatMap((t) => (t.Key && RECORD_TAG_KEYS.includes(t.Key) ? [t.Key] : [])),
      );
      return recordFromTags(tags);
    });
  }

  async writeRecord(record: DeploymentRecord): Promise<void> {
    const arn = await this.resourceArn();
    const tags = recordToTags(record);
    await this.call('TagResource', () =>
      this.options.client.send(new TagResourceCommand({ ResourceARN: arn, Tags: tags }), this.abort()),
    );
    // keys of an earlier record this one has not (`to`, `snapshot`); only those the last read found
    const seen = this.recordKeys;
    const stale = RECORD_TAG_KEYS.filter((k) => !tags.some((t) => t.Key === k) && (!seen || seen.has(k)));
    this.recordKeys = new Set([...(seen ?? []), ...tags.map((t) => t.Key)]);
    if (stale.length > 0) {
      await this.call('UntagResource', () =>
        this.options.client.send(
          new UntagResourceCommand({ ResourceARN: arn, TagKeys: stale }),
          this.abort(),
        ),
      );
      this.recordKeys = new Set(tags.map((t) => t.Key));
    }
  }

  async clearRecord(): Promise<void> {
    const arn = await this.resourceArn();
    await this.call('UntagResource', () =>
      this.options.client.send(
        new UntagResourceCommand({ ResourceARN: arn, TagKeys: [...RECORD_TAG_KEYS] }),
        this.abort(),
      ),
    );
    this.recordKeys = new Set();
  }
}
