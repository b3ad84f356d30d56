/**
 * MSF's reads, shared by the upgrade (MsfTarget extends it) and the rollback: each kinesisanalyticsv2
 * call wrapped into a one-line error naming the IAM action and the fix; the application, its snapshots
 * (paged up to MAX_PAGES), its operations, and the operation a call started whose answer was lost.
 */
import {
  DescribeApplicationCommand,
  DescribeApplicationOperationCommand,
  ListApplicationOperationsCommand,
  ListApplicationSnapshotsCommand,
  type KinesisAnalyticsV2Client,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { attemptsOf, describeError } from '../aws/errors.js';
import type { Logger } from '../log.js';
import { wrapAwsError, type Phase } from '../pipeline/errors.js';
import { LOST_ANSWER_SLACK_MS, mayHaveBeenApplied } from './operation.js';
import {
  toApplicationView,
  toOperationSummary,
  toOperationView,
  toSnapshotView,
  type ApplicationView,
  type OperationView,
  type SnapshotView,
} from './application.js';

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

export class MsfReads {
  readonly application: string;
  protected phase: Phase;

  constructor(protected readonly options: MsfTargetOptions) {
    this.application = options.application;
    this.phase = options.phase ?? 'preflight';
  }

  protected async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
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

  /** the application's ARN, as the last DescribeApplication gave it (it never changes) */
  protected arn?: string;

  describe(): Promise<ApplicationView> {
    return this.call('DescribeApplication', async () => {
      const out = await this.options.client.send(
        new DescribeApplicationCommand({ ApplicationName: this.application }),
        this.abort(),
      );
      if (!out.ApplicationDetail) throw new Error('DescribeApplication returned no ApplicationDetail');
      const view = toApplicationView(out.ApplicationDetail);
      this.arn ??= view.arn;
      return view;
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

  /**
   * A call that failed although an attempt may have gone through (its answer lost; see
   * mayHaveBeenApplied): the operation of that kind MSF lists as started since the call — and, for a call
   * naming the application version, changing that version — to follow instead of sending the call again.
   * Undefined when there is none (or it cannot be read).
   */
  async findLostOperation(
    err: unknown,
    operation: string,
    calledAt: number,
    log: Logger,
    fromVersion?: number,
  ): Promise<string | undefined> {
    if (!mayHaveBeenApplied(err)) return undefined;
    try {
      const found = (await this.listOperations()).filter(
        (o) => o.operation === operation && (o.startTime ?? 0) >= calledAt - LOST_ANSWER_SLACK_MS,
      )[0];
      if (found && fromVersion !== undefined) {
        // A rollback reports the version it left only once it has done so.
        const from = (await this.describeOperation(found.id)).versionFrom;
        if (from !== undefined && from !== fromVersion) return undefined;
      }
      if (found) {
        log.warn(
          `${operation} of ${this.application} ended with ${describeError(err).replace(/\.$/, '')} after ${attemptsOf(err)} ` +
            `attempt(s), but operation ${found.id} started: an attempt went through; following it`,
        );
      }
      return found?.id;
    } catch {
      return undefined;
    }
  }

  protected abort(): { abortSignal?: AbortSignal } {
    return this.options.signal ? { abortSignal: this.options.signal } : {};
  }
}
