/**
 * The seam between the orchestrator and the platform that runs the Flink job. The pipeline talks only
 * to this interface; `src/msf/target.ts` implements it for Managed Service for Apache Flink.
 */
import type { ApplicationView, OperationView, SnapshotView } from '../msf/application.js';
import type { UpgradePlan } from './plan.js';

export type { ApplicationView, OperationView, SnapshotView };

export interface FlinkTarget {
  /** For messages: "Managed Service for Apache Flink". */
  readonly platform: string;
  readonly application: string;
  describe(): Promise<ApplicationView>;
  listSnapshots(): Promise<SnapshotView[]>;
  /** Newest first. */
  listOperations(): Promise<OperationView[]>;
  describeOperation(operationId: string): Promise<OperationView>;
  createSnapshot(name: string): Promise<void>;
  /** undefined when no snapshot has that name */
  describeSnapshot(name: string): Promise<SnapshotView | undefined>;
  /** Applies the plan's code, runtime and configuration; returns the operation to follow. */
  update(plan: UpgradePlan): Promise<{ operationId?: string; app: ApplicationView }>;
  /** Starts a READY application with the plan's restore configuration. */
  start(plan: UpgradePlan): Promise<{ operationId?: string }>;
}
