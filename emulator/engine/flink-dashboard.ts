/**
 * The Flink dashboard of an application on the real engine: behind the same presigned URL and cookie
 * handshake as the simulated one (msf/dashboard.ts), a GET is passed to the real JobManager's REST API.
 * The cluster of a runtime is shared by the applications on it, so the dashboard shows the application's
 * own job only (job lists are filtered, another job's paths answer 404), and timestamps are moved from
 * real time onto the emulator's clock (they match the action's clock when the clock is scaled).
 */
import type { Clock } from '../../src/clock.js';
import { json, type DashboardResponse } from '../msf/dashboard.js';

/** Fields of Flink's REST answers holding epoch ms, and those holding a duration in ms. */
const TIME_FIELDS = new Set([
  'start-time',
  'end-time',
  'now',
  'timestamp',
  'trigger_timestamp',
  'latest_ack_timestamp',
  'restore_timestamp',
  'CREATED',
  'INITIALIZING',
  'RUNNING',
  'RESTARTING',
  'FAILING',
  'FAILED',
  'CANCELLING',
  'CANCELED',
  'FINISHED',
  'SUSPENDED',
  'RECONCILING',
]);
const DURATION_FIELDS = new Set(['duration']);
/** Epoch ms, not a count (state names are also keys of task counts). */
const EPOCH_2001 = 1e12;

/** Moves every epoch-ms field of a REST answer onto `clock` (real ms → clock ms). */
export function toClockTimes(value: unknown, clock: Pick<Clock, 'now' | 'scale'>, realNow: number): unknown {
  if (clock.scale === 1) return value;
  const clockNow = clock.now();
  const walk = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    }
    if (typeof v === 'number' && key !== undefined) {
      if (TIME_FIELDS.has(key) && v > EPOCH_2001) return Math.round(clockNow - (realNow - v) * clock.scale);
      if (DURATION_FIELDS.has(key) && v > 0) return Math.round(v * clock.scale);
    }
    return v;
  };
  return walk(value);
}

export async function proxyDashboard(options: {
  url: string;
  jobId: string;
  path: string;
  query: URLSearchParams;
  clock: Pick<Clock, 'now' | 'scale'>;
  /** checkpoints that failed before the job's tasks ran: left out of the counts (see flink-job.ts) */
  failedCheckpointsBefore?: number;
}): Promise<DashboardResponse> {
  const { path, jobId } = options;
  const jobMatch = /^jobs\/([0-9a-f]{32})(?:\/|$)/.exec(path);
  if (jobMatch && jobMatch[1] !== jobId) {
    return json(404, { errors: [`Job ${jobMatch[1]} could not be found.`] });
  }
  const query = options.query.toString();
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${options.url}/${path}${query ? `?${query}` : ''}`, {
      signal: AbortSignal.timeout(10_000),
    });
    text = await response.text();
  } catch (err) {
    return json(502, { errors: [`The JobManager did not answer: ${(err as Error).message}`] });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { status: response.status, headers: { 'content-type': 'text/plain' }, body: text };
  }
  const bare = path.replace(/\/+$/, '');
  if ((bare === 'jobs/overview' || bare === 'jobs') && body && typeof body === 'object') {
    const jobs = (body as { jobs?: { jid?: string; id?: string }[] }).jobs ?? [];
    body = { ...body, jobs: jobs.filter((j) => (j.jid ?? j.id) === jobId) };
  }
  const before = options.failedCheckpointsBefore ?? 0;
  if (before > 0 && /^jobs\/[0-9a-f]{32}\/checkpoints$/.test(bare) && body && typeof body === 'object') {
    const counts = (body as { counts?: { failed?: number; total?: number } }).counts;
    if (counts && typeof counts.failed === 'number') {
      counts.failed = Math.max(0, counts.failed - before);
      if (typeof counts.total === 'number') counts.total = Math.max(0, counts.total - before);
    }
  }
  return json(response.status, toClockTimes(body, options.clock, Date.now()));
}
