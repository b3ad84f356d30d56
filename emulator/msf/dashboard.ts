/**
 * MSF's Flink dashboard: the presigned URL, its cookie handshake and session, in front of the job's REST
 * API (the simulated job's answers, rendered by `simulatedRest` below, or the real JobManager's).
 *
 * `CreateApplicationPresignedUrl` (UrlType FLINK_DASHBOARD_URL) gives an `AuthorizedUrl` with an
 * `authToken` query parameter that must be used within 3 minutes. One GET to it answers with
 * `Set-Cookie: VerifiedAuthToken=…`; with that cookie, Flink's JobManager REST API answers under the
 * dashboard path (`overview`, `config`, `jobs/overview`, `jobs/:id`, `jobs/:id/checkpoints`,
 * `jobs/:id/exceptions`, `jobs/:id/metrics?get=…`) until the session expires
 * (SessionExpirationDurationInSeconds, 1800–43200, default 3600). The API answers
 * ResourceInUseException while the application is not RUNNING; the REST API then answers 503.
 * Sources: the API reference of CreateApplicationPresignedUrl; aws-samples `task_status.sh`.
 */
import { randomBytes } from 'node:crypto';
import type { JobRestView } from './job-simulator.js';

/** "The URL must be used within 3 minutes" (API reference). */
export const URL_VALIDITY_MS = 3 * 60_000;
export const DEFAULT_SESSION_SECONDS = 3600;
export const COOKIE = 'VerifiedAuthToken';
/** Path prefix of every application's dashboard on the emulator: /_flink/<application>/flinkdashboard/ */
export const DASHBOARD_PREFIX = '/_flink/';

export interface DashboardApp {
  status: string;
  /** answers a GET of Flink's REST API (path relative to its root) for the application's job */
  rest?: (path: string, query: URLSearchParams) => Promise<DashboardResponse>;
}

export interface DashboardResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Grant {
  application: string;
  expiresAt: number;
  sessionMs: number;
}

export class Dashboard {
  private readonly tokens = new Map<string, Grant>();
  private readonly sessions = new Map<string, { application: string; expiresAt: number }>();

  constructor(
    private readonly now: () => number,
    private readonly lookup: (application: string) => DashboardApp | undefined,
  ) {}

  /** A new authorized URL for `application` under `baseUrl`. */
  issue(baseUrl: string, application: string, sessionSeconds?: number): string {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, {
      application,
      expiresAt: this.now() + URL_VALIDITY_MS,
      sessionMs: (sessionSeconds ?? DEFAULT_SESSION_SECONDS) * 1000,
    });
    return `${baseUrl}${DASHBOARD_PREFIX}${encodeURIComponent(application)}/flinkdashboard/?authToken=${token}`;
  }

  reset(): void {
    this.tokens.clear();
    this.sessions.clear();
  }

  /** Answers a request whose path starts with DASHBOARD_PREFIX. */
  async handle(method: string, url: URL, cookieHeader: string | undefined): Promise<DashboardResponse> {
    const rest = url.pathname.slice(DASHBOARD_PREFIX.length);
    const slash = rest.indexOf('/');
    const application = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
    const sub = slash < 0 ? '' : rest.slice(slash + 1);
    if (!sub.startsWith('flinkdashboard')) return notFound(url.pathname);
    const path = sub.slice('flinkdashboard'.length).replace(/^\/+/, '');
    if (method !== 'GET') return json(405, { errors: [`${method} is not allowed here`] });

    const token = url.searchParams.get('authToken');
    if (path === '' && token !== null) {
      const grant = this.tokens.get(token);
      this.tokens.delete(token);
      if (!grant || grant.application !== application || grant.expiresAt < this.now()) {
        return json(403, { message: 'The authorization token is invalid or has expired.' });
      }
      const session = randomBytes(24).toString('base64url');
      this.sessions.set(session, { application, expiresAt: this.now() + grant.sessionMs });
      return {
        status: 200,
        headers: {
          'content-type': 'text/html',
          'set-cookie': `${COOKIE}=${session}; Path=${DASHBOARD_PREFIX}${encodeURIComponent(application)}/; HttpOnly`,
        },
        body: '<!doctype html><title>Apache Flink Web Dashboard</title>',
      };
    }
    const session = readCookie(cookieHeader, COOKIE);
    const s = session ? this.sessions.get(session) : undefined;
    if (!s || s.application !== application || s.expiresAt < this.now()) {
      return json(401, { message: 'Unauthorized: open the dashboard through a new presigned URL.' });
    }
    const app = this.lookup(application);
    if (!app) return notFound(url.pathname);
    if (app.status !== 'RUNNING' || !app.rest) {
      return json(503, {
        message: `The application is ${app.status}: the Flink dashboard is not available.`,
      });
    }
    return app.rest(path, url.searchParams);
  }
}

/** Flink's REST API as a simulated job on `runtime` answers it. */
export function simulatedRest(
  runtime: string,
  job: JobRestView,
  path: string,
  query: URLSearchParams,
): DashboardResponse {
  const flinkVersion = flinkVersionOf(runtime);
  const jobPath = /^jobs\/([0-9a-f]{32})(?:\/(checkpoints|exceptions|metrics))?\/?$/.exec(path);
  if (path === 'config' || path === 'config/') {
    return json(200, { 'refresh-interval': 3000, 'timezone-name': 'UTC', 'flink-version': flinkVersion });
  }
  if (path === 'overview' || path === 'overview/') {
    return json(200, {
      taskmanagers: 1,
      'slots-total': 4,
      'slots-available': 3,
      'jobs-running': job.state === 'RUNNING' || job.state === 'RESTARTING' ? 1 : 0,
      'jobs-finished': 0,
      'jobs-cancelled': 0,
      'jobs-failed': 0,
      'flink-version': flinkVersion,
    });
  }
  if (path === 'jobs/overview' || path === 'jobs/overview/' || path === 'jobs' || path === 'jobs/') {
    const entry = {
      jid: job.jid,
      name: job.name,
      state: job.state,
      'start-time': job.startTime,
      'end-time': -1,
      duration: job.now - job.startTime,
    };
    return json(
      200,
      path.startsWith('jobs/overview') ? { jobs: [entry] } : { jobs: [{ id: job.jid, status: job.state }] },
    );
  }
  if (!jobPath || jobPath[1] !== job.jid) {
    return json(404, { errors: [`Job could not be found or the path ${path} is not known.`] });
  }
  switch (jobPath[2]) {
    case undefined:
      return json(200, {
        jid: job.jid,
        name: job.name,
        isStoppable: false,
        state: job.state,
        'start-time': job.startTime,
        'end-time': -1,
        duration: job.now - job.startTime,
        now: job.now,
        timestamps: { RUNNING: job.startTime, CREATED: job.startTime },
        vertices: [
          {
            id: 'cbc357ccb763df2852fee8c4fc7d55f2',
            name: 'Source: orders -> Map -> Sink',
            parallelism: 1,
            status: job.state === 'RUNNING' ? 'RUNNING' : 'CANCELING',
          },
        ],
      });
    case 'checkpoints':
      return json(200, {
        counts: job.checkpoints.counts,
        latest: {
          completed: job.checkpoints.latestCompleted ?? null,
          savepoint: null,
          failed: null,
          restored: job.checkpoints.restored ?? null,
        },
        history: job.checkpoints.history,
      });
    case 'exceptions': {
      const root = job.exceptions[0];
      return json(200, {
        'root-exception': root?.stacktrace ?? null,
        timestamp: root?.timestamp ?? null,
        'all-exceptions': [],
        truncated: false,
        exceptionHistory: {
          entries: job.exceptions.map((e) => ({ ...e, concurrentExceptions: [] })),
          truncated: false,
        },
      });
    }
    case 'metrics': {
      const wanted = (query.get('get') ?? '').split(',').filter(Boolean);
      const values: Record<string, number> = {
        numRestarts: job.restarts,
        fullRestarts: job.restarts,
        numberOfCompletedCheckpoints: job.checkpoints.counts.completed,
        numberOfFailedCheckpoints: job.checkpoints.counts.failed,
      };
      if (wanted.length === 0)
        return json(
          200,
          Object.keys(values).map((id) => ({ id })),
        );
      return json(
        200,
        wanted.filter((id) => id in values).map((id) => ({ id, value: String(values[id]) })),
      );
    }
  }
  return notFound(path);
}

function flinkVersionOf(runtime: string): string {
  const m = /^FLINK-(\d+)_(\d+)$/.exec(runtime);
  return m ? `${m[1]}.${m[2]}.0` : 'unknown';
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export function json(status: number, body: unknown): DashboardResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function notFound(path: string): DashboardResponse {
  return json(404, { errors: [`Not found: ${path}`] });
}
