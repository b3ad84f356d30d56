import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { FlinkTarget } from './target.js';

/** What every phase gets: the clients (made once, in src/aws/clients.ts), time, a log and cancellation. */
export interface PhaseDeps {
  clients: AwsClients;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
}

/**
 * A parallelism configuration as DescribeApplication shows it (ParallelismConfigurationDescription).
 * The configured values, not CurrentParallelism (which autoscaling moves).
 */
export interface ParallelismRef {
  /** `DEFAULT` (MSF's own settings) or `CUSTOM` */
  configurationType: string;
  parallelism?: number;
  parallelismPerKpu?: number;
  autoScalingEnabled?: boolean;
}

/** One version of the application, as DescribeApplication shows it: what a rollback returns to. */
export interface VersionRef {
  versionId: number;
  runtime: string;
  bucketArn?: string;
  fileKey?: string;
  objectVersion?: string;
  codeMd5?: string;
  /** absent in states saved before it was recorded: then parallelism is not restored */
  parallelism?: ParallelismRef;
}

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

/**
 * Something a person must act on: a GitHub annotation in the action (GitHub shows 10 per level and
 * step), one `level: title: message` line on the command line. `importance` decides what keeps a place
 * when there are more than fit (default normal).
 */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  title: string;
  message: string;
  file?: string;
  importance?: 'high' | 'normal' | 'low';
}

/**
 * What the orchestrator gets on top of PhaseDeps: where to save the run state (core.saveState in the
 * action), where annotations go, and the platform (built once by the entry point: src/platforms.ts).
 */
export interface PipelineDeps extends PhaseDeps {
  onState?: (state: RunState) => void;
  annotate?: (annotation: Annotation) => void;
  platform: FlinkTarget;
}
