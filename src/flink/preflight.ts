/**
 * Preflight of a self-managed Flink upgrade: what the clusters and the job say (read over REST), and
 * the pure judgement of it — the job to upgrade, the version move, checkpointing, web submission,
 * slots, the savepoint directory, and what the JAR check is told (the target's Flink line and Java).
 */
import { FlinkRestError } from './rest-errors.js';
import type { FlinkRestClient } from './rest.js';
import { movesCluster, type FlinkSettings } from './settings.js';
import type { CheckpointConfig, CheckpointStats, JobDetails, JobOverview } from './types.js';
import {
  flinkLine,
  jarCheckRuntime,
  javaRelease,
  judgeVersionMove,
  parseFlinkVersion,
  type FlinkRelease,
  type VersionMoveVerdict,
} from './versions.js';

/** What one cluster says about itself. */
export interface ClusterFacts {
  url: string;
  version: string;
  webSubmit: boolean;
  jvm: string;
  taskManagers: number;
  slotsTotal: number;
  slotsAvailable: number;
  /** `execution.checkpointing.savepoint-dir` (or the older `state.savepoints.dir`), when configured */
  savepointDir?: string;
}

export interface PreflightFacts {
  source: ClusterFacts;
  /** absent when the job stays on its cluster */
  target?: ClusterFacts;
  jobs: JobOverview[];
  /** the job found (read in full), when one was */
  job?: JobDetails;
  /** undefined: checkpointing is off for the job */
  checkpointing?: CheckpointConfig;
  checkpoints?: CheckpointStats;
}

export interface PreflightRequest {
  settings: FlinkSettings;
  allowMajorUpgrade: boolean;
  allowDowngrade: boolean;
  rollback: 'auto' | 'never';
}

export interface FlinkPreflight {
  ok: boolean;
  /** one line each, naming the fix; any of them refuses the upgrade before anything changes */
  problems: string[];
  warnings: string[];
  job?: { id: string; name: string; parallelism: number; startTime: number };
  from?: FlinkRelease;
  to?: FlinkRelease;
  move?: VersionMoveVerdict;
  /** the target's Java feature release (JobManager's JVM) */
  targetJava?: number;
  /** what the JAR check is run with */
  jarCheck?: { targetRuntime: string; currentRuntime: string; targetJavaRelease?: number };
  /** the job's checkpoint interval (ms), when checkpointing is on */
  checkpointIntervalMs?: number;
  /** where the savepoint goes (the input, else the cluster's configured directory) */
  savepointDir?: string;
}

/** Flink's interval when checkpointing is disabled (Long.MAX_VALUE, read as a double). */
const DISABLED_INTERVAL = 9e18;

/** The job to upgrade: by id, else the one RUNNING job with the name. A problem line otherwise. */
export function findJob(
  jobs: readonly JobOverview[],
  by: { jobId?: string; jobName?: string },
  url: string,
): { job: JobOverview } | { problem: string } {
  if (by.jobId) {
    const job = jobs.find((j) => j.jid === by.jobId);
    if (!job) return { problem: `job-id ${by.jobId}: no such job on ${url}` };
    if (job.state !== 'RUNNING') {
      return {
        problem: `job ${by.jobId} (${job.name}) on ${url} is ${job.state}, not RUNNING: only a running job is upgraded`,
      };
    }
    return { job };
  }
  const name = by.jobName ?? '';
  const named = jobs.filter((j) => j.name === name);
  const running = named.filter((j) => j.state === 'RUNNING');
  if (running.length === 1 && running[0]) return { job: running[0] };
  if (running.length > 1) {
    return {
      problem: `${running.length} running jobs on ${url} are named "${name}" (${running.map((j) => j.jid).join(', ')}): set job-id to choose one`,
    };
  }
  if (named.length > 0) {
    const states = [...new Set(named.map((j) => j.state))].join(', ');
    return {
      problem: `no RUNNING job named "${name}" on ${url} (jobs of that name are ${states}): only a running job is upgraded`,
    };
  }
  const others = jobs.filter((j) => j.state === 'RUNNING').map((j) => `"${j.name}"`);
  return {
    problem: `no job named "${name}" on ${url}${others.length ? `; running jobs: ${others.slice(0, 5).join(', ')}` : '; no job runs there'}`,
  };
}

/** The parallelism a job runs with: the highest of its vertices'. */
export function jobParallelism(job: JobDetails): number {
  return Math.max(1, ...job.vertices.map((v) => v.parallelism));
}

function isTransient(err: unknown): boolean {
  return err instanceof FlinkRestError && err.transient;
}

/** The pure judgement of what preflight read. */
export function judgePreflight(facts: PreflightFacts, req: PreflightRequest): FlinkPreflight {
  const { settings } = req;
  const problems: string[] = [];
  const warnings: string[] = [];
  const source = facts.source;
  const target = facts.target ?? source;
  const moving = facts.target !== undefined;
  const stateful = settings.upgradeMode === 'savepoint';

  const from = parseFlinkVersion(source.version);
  const to = parseFlinkVersion(target.version);
  if (!from)
    problems.push(
      `the cluster at ${source.url} reports Flink version "${source.version}", which is not a version`,
    );
  if (!to)
    problems.push(
      `the cluster at ${target.url} reports Flink version "${target.version}", which is not a version`,
    );

  if (!target.webSubmit) {
    problems.push(
      `web submission is off on ${target.url} (/jars/upload and /jars/:id/run are not served): set web.submit.enable: true on its JobManager`,
    );
  }
  if (moving && !source.webSubmit && req.rollback === 'auto') {
    problems.push(
      `web submission is off on ${source.url}: a rollback could not run the previous JAR there; set web.submit.enable: true, or rollback: never`,
    );
  }
  if (target.taskManagers === 0)
    problems.push(`no TaskManager is registered with ${target.url}: the new job could not run`);

  const found = findJob(facts.jobs, settings, source.url);
  let job: FlinkPreflight['job'];
  if ('problem' in found) problems.push(found.problem);
  else if (facts.job) {
    const parallelism = jobParallelism(facts.job);
    job = { id: facts.job.jid, name: facts.job.name, parallelism, startTime: facts.job['start-time'] };
    const wanted = settings.parallelism ?? parallelism;
    const free = moving ? target.slotsAvailable : target.slotsAvailable + parallelism;
    if (free < wanted) {
      problems.push(
        `the new job needs ${wanted} task slot${wanted === 1 ? '' : 's'} on ${target.url}, which has ${free} ${moving ? 'free' : 'free once the job stops'} ` +
          `(${target.slotsTotal} in all): add TaskManagers or lower parallelism`,
      );
    }
  }

  const interval = facts.checkpointing?.interval;
  const checkpointIntervalMs =
    interval !== undefined && interval > 0 && interval < DISABLED_INTERVAL ? interval : undefined;
  if (job && stateful && checkpointIntervalMs === undefined) {
    problems.push(
      `checkpointing is off for job ${job.id} (${job.name}): a stateful upgrade needs it (the health gate waits for the new job's checkpoints); ` +
        'enable execution.checkpointing.interval, or use upgrade-mode: stateless',
    );
  }

  const savepointDir = settings.savepointDir ?? source.savepointDir;
  if (!savepointDir) {
    problems.push(
      `no savepoint directory: set savepoint-dir, or execution.checkpointing.savepoint-dir on the cluster at ${source.url}`,
    );
  } else if (moving && /^file:\/|^\//.test(savepointDir)) {
    warnings.push(
      `savepoint-dir ${savepointDir} is a local path: the cluster at ${target.url} must see the same files (a shared mount), or the move fails at restore`,
    );
  }
  if (moving && req.rollback === 'auto' && !settings.previousArtifact) {
    problems.push(
      'previous-artifact is needed for a rollback to the original cluster (the JAR the job runs today, or jar:<id> of a JAR uploaded there); set it, or rollback: never',
    );
  }

  let move: VersionMoveVerdict | undefined;
  let jarCheck: FlinkPreflight['jarCheck'];
  const targetJava = javaRelease(target.jvm);
  if (from && to) {
    move = judgeVersionMove({
      from,
      to,
      stateful,
      allowMajorUpgrade: req.allowMajorUpgrade,
      allowDowngrade: req.allowDowngrade,
    });
    if (!move.allowed) problems.push(move.message);
    warnings.push(...move.warnings);
    jarCheck = {
      targetRuntime: jarCheckRuntime(to),
      currentRuntime: jarCheckRuntime(from),
      ...(targetJava !== undefined ? { targetJavaRelease: targetJava } : {}),
    };
    if (!moving && move.kind !== 'same' && move.kind !== 'patch') {
      warnings.push(
        `the cluster at ${source.url} runs Flink ${flinkLine(from)} and is its own target: no move happens`,
      );
    }
  }
  if (targetJava === undefined) {
    warnings.push(
      `the Java version of ${target.url} could not be read from "${target.jvm}": the JAR check assumes the runtime's usual Java`,
    );
  }
  if (settings.allowNonRestoredState && !stateful) {
    warnings.push('allow-non-restored-state has no effect with upgrade-mode: stateless');
  }

  return {
    ok: problems.length === 0,
    problems,
    warnings,
    ...(job ? { job } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(move ? { move } : {}),
    ...(targetJava !== undefined ? { targetJava } : {}),
    ...(jarCheck ? { jarCheck } : {}),
    ...(checkpointIntervalMs !== undefined ? { checkpointIntervalMs } : {}),
    ...(savepointDir ? { savepointDir } : {}),
  };
}

/** Reads what a cluster says about itself; errors name the cluster and the fix. */
export async function readClusterFacts(rest: FlinkRestClient): Promise<ClusterFacts> {
  let config;
  try {
    config = await rest.config();
  } catch (err) {
    if (isTransient(err) || err instanceof FlinkRestError) {
      throw new FlinkRestError(
        `the Flink JobManager at ${rest.url} does not answer its REST API (GET /config): ${(err as Error).message}. ` +
          'Check the URL, that the runner reaches it, and the request headers of an authenticating proxy',
        'GET',
        '/config',
        (err as FlinkRestError).status,
        (err as FlinkRestError).errors,
        false,
        { cause: err },
      );
    }
    throw err;
  }
  const [environment, overview, jmConfig] = await Promise.all([
    rest.jobManagerEnvironment(),
    rest.overview(),
    rest.jobManagerConfig().catch(() => []),
  ]);
  const value = (key: string): string | undefined => jmConfig.find((e) => e.key === key)?.value || undefined;
  const savepointDir = value('execution.checkpointing.savepoint-dir') ?? value('state.savepoints.dir');
  return {
    url: rest.url,
    version: config['flink-version'],
    webSubmit: config.features?.['web-submit'] === true,
    jvm: environment.jvm.version,
    taskManagers: overview.taskmanagers,
    slotsTotal: overview['slots-total'],
    slotsAvailable: overview['slots-available'],
    ...(savepointDir ? { savepointDir } : {}),
  };
}

/** Reads everything preflight judges: both clusters, the jobs, and the job found (its checkpointing). */
export async function readPreflightFacts(
  source: FlinkRestClient,
  target: FlinkRestClient | undefined,
  settings: FlinkSettings,
): Promise<PreflightFacts> {
  const [sourceFacts, targetFacts, jobs] = await Promise.all([
    readClusterFacts(source),
    target && movesCluster(settings) ? readClusterFacts(target) : Promise.resolve(undefined),
    source.jobs(),
  ]);
  const found = findJob(jobs, settings, source.url);
  if ('problem' in found)
    return { source: sourceFacts, ...(targetFacts ? { target: targetFacts } : {}), jobs };
  const id = found.job.jid;
  const [job, checkpointing, checkpoints] = await Promise.all([
    source.job(id),
    source.checkpointConfig(id).catch((err: unknown) => {
      if (err instanceof FlinkRestError && !err.transient) return undefined;
      throw err;
    }),
    source.checkpoints(id).catch((err: unknown) => {
      if (err instanceof FlinkRestError && !err.transient) return undefined;
      throw err;
    }),
  ]);
  return {
    source: sourceFacts,
    ...(targetFacts ? { target: targetFacts } : {}),
    jobs,
    job,
    ...(checkpointing ? { checkpointing } : {}),
    ...(checkpoints ? { checkpoints } : {}),
  };
}
