/** What one run did, as data: the outputs and the job summary are rendered from it. */
import type { GateResult } from '../health/contract.js';
import type { Finding } from '../jar-check/types.js';
import type { UpgradePlan } from '../msf/plan.js';
import type { RollbackCost, RollbackResult } from '../msf/rollback-contract.js';
import type { RunState } from '../pipeline/run-state.js';

export type RunResult = NonNullable<RunState['result']>;

export interface PhaseRecord {
  phase: RunState['phase'];
  title: string;
  /** clock ms */
  startedAt: number;
  endedAt?: number;
  /** how long the phase took in real time (the clock may be scaled: a demo, a test) */
  durationMs?: number;
  outcome: 'ok' | 'skipped' | 'failed';
  note?: string;
}

export interface OperationRecord {
  id: string;
  operation: string;
  status: string;
  errorString?: string;
}

export interface UpgradeReport {
  application: string;
  platform: string;
  region: string;
  version: string;
  dryRun: boolean;
  result: RunResult;
  /** one line: why this result */
  reason: string;
  startedAt: number;
  endedAt: number;
  /** how long the run took in real time */
  durationMs?: number;
  plan?: UpgradePlan;
  /** what the plan changes, as lines (dry-run prints these) */
  planLines: string[];
  phases: PhaseRecord[];
  jarCheck?: { mode: string; skipped?: string; findings: Finding[] };
  upload?: { skipped: boolean; note: string };
  operation?: OperationRecord;
  startOperation?: OperationRecord;
  /** MSF's own (system) rollback, or ours */
  rollbackOperation?: OperationRecord;
  gate?: GateResult;
  rollback?: RollbackResult;
  /** what MSF's own (system) rollback restored and the rewind it meant */
  systemRollbackCost?: RollbackCost;
  snapshotName?: string;
  applicationVersionId?: number;
  previousApplicationVersionId?: number;
  runtime?: string;
  previousRuntime?: string;
  /** the application's status before the run, and after it when the run verified it */
  previousStatus?: string;
  status?: string;
  s3Bucket?: string;
  s3Key?: string;
  s3ObjectVersion?: string;
  /** where the application's code and status are at the end, when the run ended rolled back or failed */
  finalCode?: { bucket?: string; key?: string; objectVersion?: string; status?: string };
  logGroups: string[];
  warnings: string[];
  /** keep-snapshots: what the retention after a healthy upgrade deleted */
  retention?: { deleted: string[]; failed: string[]; remaining: number };
}
