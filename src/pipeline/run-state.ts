/**
 * What the run has done so far, saved (core.saveState) for the post step: the state a cancelled run
 * left behind is rolled back or at least described from it.
 */
import type { VersionRef } from '../msf/application.js';

/** The key under which the action saves the run state for its post step (core.saveState). */
export const RUN_STATE_KEY = 'run-state';
/** The key under which the open GitHub deployment is saved for the post step (SavedDeployment). */
export const DEPLOYMENT_STATE_KEY = 'deployment';

/**
 * What the run has done so far. The orchestrator updates it at every step and hands it to
 * `onState`; the action saves it (core.saveState) so the post step of a cancelled job can roll back
 * or at least say what it left behind.
 */
export interface RunState {
  application: string;
  phase:
    | 'validate'
    | 'preflight'
    | 'jar-check'
    | 'upload'
    | 'snapshot'
    | 'baseline'
    | 'update'
    | 'operation'
    | 'verify'
    | 'bake'
    | 'rollback'
    | 'report'
    | 'done';
  previous?: VersionRef;
  /** the application's status before the upgrade: a READY one is rolled back to READY, never started */
  previousStatus?: string;
  target?: VersionRef;
  snapshotName?: string;
  operationId?: string;
  rollbackOperationId?: string;
  /** set once the run has a final result */
  result?: 'upgraded' | 'unchanged' | 'planned' | 'rolled-back' | 'failed';
  /** one line: why the run ended as it did (set with result) */
  reason?: string;
  /**
   * Set (without result) when the run stopped after the update went out and could not roll back: the
   * application may run the new, unproven version. The post step acts on it as on a cancelled run.
   */
  unresolved?: string;
  /** absolute clock ms: when the run gives up (timeout) */
  deadline?: number;
}
