/**
 * Managed Service for Apache Flink behind the pipeline's FlinkTarget interface: every kinesisanalyticsv2
 * call the upgrade makes, each wrapped into a one-line error naming the IAM action and the fix.
 */
import {
  CreateApplicationSnapshotCommand,
  DeleteApplicationSnapshotCommand,
  DescribeApplicationCommand,
  DescribeApplicationOperationCommand,
  DescribeApplicationSnapshotCommand,
  DescribeApplicationVersionCommand,
  ListApplicationOperationsCommand,
  ListApplicationSnapshotsCommand,
  ListTagsForResourceCommand,
  StartApplicationCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateApplicationCommand,
  type KinesisAnalyticsV2Client,
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
import { wrapAwsError } from '../pipeline/errors.js';
import type { FlinkTarget, FollowContext, Landing } from '../pipeline/target.js';
import { followUpdate } from './follow.js';
import { msfHealthGate } from './health/gate.js';
import type { UpgradePlan } from '../pipeline/plan.js';
import type { RollbackRequest, RollbackResult } from './rollback-contract.js';
import { rollBack } from './rollback.js';
import { describeState, describeVersion, manualSteps } from './rollback-plan.js';
import {
  toApplicationView,
  toOperationSummary,
  toOperationView,
  toSnapshotView,
  toVersionRef,
  type ApplicationView,
  type OperationView,
  type SnapshotView,
} from './application.js';
import { buildStartRequest, buildUpdateRequest } from './requests.js';

export const MSF_PLATFORM = 'Managed Service for Apache Flink';

export interface MsfTargetOptions {
  client: KinesisAnalyticsV2Client;
  application: string;
  region: string;
  signal?: AbortSignal;
  /** the phase calls are attributed to in error messages until `attribute` names another */
  phase?: Phase;
}

/** How many list pages to read at most (50 per page). */
const MAX_PAGES = 40;

export class MsfTarget implements FlinkTarget {
  readonly platform = MSF_PLATFORM;
  readonly application: string;
  readonly health = msfHealthGate;
  private phase: Phase;

  constructor(private readonly options: MsfTargetOptions) {
    this.application = options.application;
    this.phase = options.phase ?? 'preflight';
  }

  attribute(phase: Phase): void {
    this.phase = phase;
  }

  private async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw wrapAwsError(err, {
        application: this.application,
        phase: this.phase,
        action: `kinesisanalytics:${action}`,
        region: this.options.region,
      });
    }
  }

  describe(): Promise<ApplicationView> {
    return this.call('DescribeApplication', async () => {
      const out = await this.options.client.send(
        new DescribeApplicationCommand({ ApplicationName: this.application }),
        this.abort(),
      );
      if (!out.ApplicationDetail) throw new Error('DescribeApplication returned no ApplicationDetail');
      return toApplicationView(out.ApplicationDetail);
    });
  }

  listSnapshots(): Promise<SnapshotView[]> {
    return this.call('ListApplicationSnapshots', async () => {
      const all: SnapshotView[] = [];
      let token: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const out = await this.options.client.send(
          new ListApplicationSnapshotsCommand({
            ApplicationName: this.application,
            Limit: 50,
            NextToken: token,
          }),
          this.abort(),
        );
        all.push(...(out.SnapshotSummaries ?? []).map(toSnapshotView));
        token = out.NextToken;
        if (!token) break;
      }
      return all;
    });
  }

  listOperations(): Promise<OperationView[]> {
    return this.call('ListApplicationOperations', async () => {
      const out = await this.options.client.send(
        new ListApplicationOperationsCommand({ ApplicationName: this.application, Limit: 50 }),
        this.abort(),
      );
      const ops = (out.ApplicationOperationInfoList ?? []).map(toOperationSummary);
      // Documented as newest first; sort anyway so an implementation listing oldest first does not fool us.
      return ops.sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0));
    });
  }

  describeOperation(operationId: string): Promise<OperationView> {
    return this.call('DescribeApplicationOperation', async () => {
      const out = await this.options.client.send(
        new DescribeApplicationOperationCommand({
          ApplicationName: this.application,
          OperationId: operationId,
        }),
        this.abort(),
      );
      if (!out.ApplicationOperationInfoDetails) throw new Error(`operation ${operationId} has no details`);
      return toOperationView(operationId, out.ApplicationOperationInfoDetails);
    });
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
  private arn?: string;

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
      return recordFromTags((out.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })));
    });
  }

  async writeRecord(record: DeploymentRecord): Promise<void> {
    const arn = await this.resourceArn();
    const tags = recordToTags(record);
    await this.call('TagResource', () =>
      this.options.client.send(new TagResourceCommand({ ResourceARN: arn, Tags: tags }), this.abort()),
    );
    const stale = RECORD_TAG_KEYS.filter((k) => !tags.some((t) => t.Key === k));
    if (stale.length > 0) {
      await this.call('UntagResource', () =>
        this.options.client.send(
          new UntagResourceCommand({ ResourceARN: arn, TagKeys: stale }),
          this.abort(),
        ),
      );
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
  }

  private abort(): { abortSignal?: AbortSignal } {
    return this.options.signal ? { abortSignal: this.options.signal } : {};
  }
}
