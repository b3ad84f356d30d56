/**
 * What one read of a job through Flink's own REST API says (the JobManager's `jobs/…` answers): read
 * through MSF's Flink dashboard (src/msf/health/dashboard.ts) or from a JobManager directly, and judged
 * by rest-evaluate.ts.
 */
export interface RestCheckpoint {
  id: number;
  durationMs: number;
  sizeBytes?: number;
}

/** What one read of the dashboard says of the application's job. */
export interface RestSample {
  /** clock ms of the read */
  at: number;
  jobId: string;
  /** Flink's job status: RUNNING, RESTARTING, FAILING, FAILED, CANCELED, … */
  state: string;
  /** clock ms the job was submitted (Flink's own clock) */
  startTime?: number;
  restarts: number;
  completed: number;
  failed: number;
  /** the job was started from a snapshot (its first checkpoint is a full one) */
  restored: boolean;
  /** completed checkpoints Flink still lists, oldest first */
  history: RestCheckpoint[];
  /** the first line of the job's most recent exception */
  rootException?: string;
}
