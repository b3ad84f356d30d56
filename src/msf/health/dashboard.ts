/**
 * The health gate's real-time source: Flink's own REST API, reached through MSF's Flink dashboard.
 *
 * `CreateApplicationPresignedUrl` (UrlType FLINK_DASHBOARD_URL) gives a URL with an `authToken` that
 * must be used within 3 minutes; one GET to it sets a `VerifiedAuthToken` cookie, after which the
 * JobManager's REST API answers under the dashboard path (`jobs/overview`, `jobs/:id`,
 * `jobs/:id/checkpoints`, `jobs/:id/exceptions`, `jobs/:id/metrics`). It answers ResourceInUseException
 * while the application is not RUNNING. Exact restart and checkpoint counts with no ingestion lag; the
 * IAM action is kinesisanalytics:CreateApplicationPresignedUrl ("also enforced for every HTTP request
 * that attempts to connect to the extension").
 */
import { CreateApplicationPresignedUrlCommand } from '@aws-sdk/client-kinesis-analytics-v2';
import type { AwsClients } from '../../aws/clients.js';
import { describeError, errorName } from '../../aws/errors.js';
import { LiveUnavailable } from '../../health/reader.js';
import type { RestSample } from '../../health/rest-sample.js';

export type { RestCheckpoint, RestSample } from '../../health/rest-sample.js';

/** Session length asked for (the API's minimum; a bake that outlasts it opens a new one). */
const SESSION_SECONDS = 1800;
/** One REST request's deadline, ms of real time. */
const REQUEST_TIMEOUT_MS = 10_000;

/** Permission refused (`final`) or the dashboard not answering now: the gate reads CloudWatch alone. */
export class DashboardUnavailable extends LiveUnavailable {
  constructor(message: string, final: boolean) {
    super(message, final);
    this.name = 'DashboardUnavailable';
  }
}

interface Session {
  base: string;
  cookie: string;
}

/** Reads one application's job through its Flink dashboard. */
export class FlinkDashboard {
  private session: Session | undefined;
  private jobId: string | undefined;

  constructor(
    private readonly clients: Pick<AwsClients, 'msf'>,
    readonly application: string,
    private readonly signal: AbortSignal,
  ) {}

  /** Opens the session ahead of the first read (the presigned URL and its cookie). */
  async prepare(): Promise<void> {
    this.session ??= await this.open();
  }

  /** One read of the job: overview, job, checkpoints, restarts (and exceptions when it restarted). */
  async sample(at: number): Promise<RestSample> {
    // The job seen last time is read at once, beside the overview that says whether it is still the one.
    const known = this.jobId;
    const [overview, guess] = await Promise.all([
      this.get('jobs/overview') as Promise<{ jobs?: JobOverview[] }>,
      known ? this.readJob(known).catch(() => undefined) : Promise.resolve(undefined),
    ]);
    const jobs = (overview.jobs ?? []).filter((j) => typeof j.jid === 'string');
    const job =
      jobs.find((j) => ACTIVE.has(String(j.state))) ??
      [...jobs].sort((a, b) => (b['start-time'] ?? 0) - (a['start-time'] ?? 0))[0];
    if (!job) throw new DashboardUnavailable('the Flink dashboard lists no job', false);
    this.jobId = job.jid;
    const [detail, checkpoints, metrics] = guess && known === job.jid ? guess : await this.readJob(job.jid);
    const metric = (name: string): number | undefined => {
      const v = Array.isArray(metrics) ? metrics.find((m) => m.id === name)?.value : undefined;
      return v !== undefined && Number.isFinite(Number(v)) ? Number(v) : undefined;
    };
    const restarts = metric('numRestarts') ?? metric('fullRestarts') ?? 0;
    const history = (checkpoints.history ?? [])
      .filter((c) => c.status === 'COMPLETED' && Number.isFinite(c.end_to_end_duration))
      .map((c) => ({
        id: c.id,
        durationMs: c.end_to_end_duration,
        ...(Number.isFinite(c.state_size) ? { sizeBytes: c.state_size } : {}),
      }))
      .sort((a, b) => a.id - b.id);
    const latest = checkpoints.latest?.completed;
    if (latest && !history.some((c) => c.id === latest.id) && Number.isFinite(latest.end_to_end_duration)) {
      history.push({
        id: latest.id,
        durationMs: latest.end_to_end_duration,
        ...(Number.isFinite(latest.state_size) ? { sizeBytes: latest.state_size } : {}),
      });
    }
    const state = String(detail.state ?? job.state ?? 'UNKNOWN');
    let rootException: string | undefined;
    if (restarts > 0 || !ACTIVE_HEALTHY.has(state)) {
      try {
        const ex = (await this.get(`jobs/${encodeURIComponent(job.jid)}/exceptions`)) as ExceptionsBody;
        const text = ex.exceptionHistory?.entries?.[0]?.stacktrace ?? ex['root-exception'] ?? undefined;
        if (text) rootException = firstLine(text);
      } catch {
        // the exception text is a detail: the counts decide
      }
    }
    return {
      at,
      jobId: job.jid,
      state,
      ...(typeof (detail['start-time'] ?? job['start-time']) === 'number'
        ? { startTime: (detail['start-time'] ?? job['start-time'])! }
        : {}),
      restarts,
      completed: checkpoints.counts?.completed ?? 0,
      failed: checkpoints.counts?.failed ?? 0,
      restored: (checkpoints.counts?.restored ?? 0) > 0 || Boolean(checkpoints.latest?.restored),
      history,
      ...(rootException ? { rootException } : {}),
    };
  }

  private readJob(
    jid: string,
  ): Promise<[{ state?: string; 'start-time'?: number }, CheckpointsBody, { id: string; value: string }[]]> {
    const id = encodeURIComponent(jid);
    return Promise.all([
      this.get(`jobs/${id}`) as Promise<{ state?: string; 'start-time'?: number }>,
      this.get(`jobs/${id}/checkpoints`) as Promise<CheckpointsBody>,
      this.get(`jobs/${id}/metrics?get=numRestarts,fullRestarts`) as Promise<{ id: string; value: string }[]>,
    ]);
  }

  private async get(path: string, retried = false): Promise<unknown> {
    this.session ??= await this.open();
    const response = await fetch(this.session.base + path, {
      headers: { cookie: this.session.cookie, accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.any([this.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
    if ((response.status === 401 || response.status === 403) && !retried) {
      await response.body?.cancel();
      this.session = undefined; // expired: a new presigned URL
      return this.get(path, true);
    }
    const text = await response.text();
    if (!response.ok) {
      throw new DashboardUnavailable(
        `the Flink dashboard answered ${response.status} to ${path.split('?')[0]}: ${text.slice(0, 200)}`,
        false,
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new DashboardUnavailable(
        `the Flink dashboard answered ${path.split('?')[0]} with something other than JSON`,
        false,
      );
    }
  }

  private async open(): Promise<Session> {
    let url: string;
    try {
      const out = await this.clients.msf.send(
        new CreateApplicationPresignedUrlCommand({
          ApplicationName: this.application,
          UrlType: 'FLINK_DASHBOARD_URL',
          SessionExpirationDurationInSeconds: SESSION_SECONDS,
        }),
        { abortSignal: this.signal },
      );
      if (!out.AuthorizedUrl) throw new Error('CreateApplicationPresignedUrl returned no AuthorizedUrl');
      url = out.AuthorizedUrl;
    } catch (err) {
      const name = errorName(err);
      const denied = /AccessDenied|not authorized|UnauthorizedOperation/i.test(
        `${name} ${describeError(err)}`,
      );
      throw new DashboardUnavailable(
        denied
          ? `CreateApplicationPresignedUrl was refused (${describeError(err)}); allow kinesisanalytics:CreateApplicationPresignedUrl to read the job in real time`
          : `CreateApplicationPresignedUrl failed: ${describeError(err)}`,
        denied,
      );
    }
    const response = await fetch(url, {
      redirect: 'manual',
      signal: AbortSignal.any([this.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
    await response.body?.cancel();
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('VerifiedAuthToken='));
    if (!cookie) {
      throw new DashboardUnavailable(
        `the Flink dashboard URL answered ${response.status} without a session cookie`,
        false,
      );
    }
    const u = new URL(url);
    u.search = '';
    const base = u.toString().endsWith('/') ? u.toString() : `${u.toString()}/`;
    return { base, cookie };
  }
}

const ACTIVE = new Set(['RUNNING', 'RESTARTING', 'FAILING', 'CREATED', 'INITIALIZING', 'RECONCILING']);
const ACTIVE_HEALTHY = new Set(['RUNNING', 'CREATED', 'INITIALIZING', 'RECONCILING']);

interface JobOverview {
  jid: string;
  state?: string;
  'start-time'?: number;
}

interface CheckpointsBody {
  counts?: { completed?: number; failed?: number; restored?: number };
  latest?: {
    completed?: { id: number; end_to_end_duration: number; state_size?: number } | null;
    restored?: unknown;
  };
  history?: { id: number; status: string; end_to_end_duration: number; state_size?: number }[];
}

interface ExceptionsBody {
  'root-exception'?: string | null;
  exceptionHistory?: { entries?: { stacktrace?: string }[] };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
