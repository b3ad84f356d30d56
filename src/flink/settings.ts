/** What the self-managed Flink platform is told by the inputs (src/inputs.ts parses them). */
export type UpgradeMode = 'savepoint' | 'stateless';

export interface FlinkSettings {
  /** JobManager REST address of the cluster running the job */
  url: string;
  /** JobManager REST address of the cluster to move the job to; absent = the same cluster */
  targetUrl?: string;
  /** sent with every request (an authenticating proxy); values are secrets, never logged */
  headers: Readonly<Record<string, string>>;
  /** the running job, by name (exactly one RUNNING job must have it) or by id */
  jobName?: string;
  jobId?: string;
  /** where savepoints go (readable by both clusters); absent = the cluster's configured savepoint directory */
  savepointDir?: string;
  /** savepoint: the new job restores the stop's savepoint; stateless: it starts empty (the savepoint is still taken, for the rollback) */
  upgradeMode: UpgradeMode;
  entryClass?: string;
  programArgs: string[];
  /** absent = the parallelism the job runs with today */
  parallelism?: number;
  allowNonRestoredState: boolean;
  /**
   * The JAR the job runs today, for the rollback: a local path (uploaded to the original cluster when
   * a rollback needs it) or `jar:<id>` of a JAR already uploaded there.
   */
  previousArtifact?: string;
  /**
   * The entry class and program arguments the previous JAR is run with on a rollback (Flink's REST API
   * does not tell those of a running job): `previous-entry-class` / `previous-program-args`; absent,
   * today's `entry-class` / `program-args` (src/flink/platform.ts, `previousRun`).
   */
  previousEntryClass?: string;
  previousProgramArgs?: string[];
}

/** The cluster the new job runs on. */
export function targetUrlOf(settings: Pick<FlinkSettings, 'url' | 'targetUrl'>): string {
  return settings.targetUrl ?? settings.url;
}

/** Whether the job moves to another cluster. */
export function movesCluster(settings: Pick<FlinkSettings, 'url' | 'targetUrl'>): boolean {
  return (
    settings.targetUrl !== undefined &&
    settings.targetUrl.replace(/\/+$/, '') !== settings.url.replace(/\/+$/, '')
  );
}
