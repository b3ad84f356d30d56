/**
 * A client of the Flink JobManager REST API (Flink 1.20 and 2.x), on node's fetch. Every call has a
 * deadline (per-request timeout) and the caller's abort signal; failures are FlinkRestError, transient
 * (no answer, 502–504, 5xx of a read) or not, with Flink's error list summarised into the message.
 * Extra request headers (e.g. for an authenticating proxy) are sent and never logged nor put in errors.
 */
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import {
  FlinkRestError,
  isTransientNetworkError,
  isTransientStatus,
  networkErrorCode,
  parseErrorBody,
  summarizeErrors,
} from './rest-errors.js';
import type {
  CheckpointConfig,
  CheckpointStats,
  ClusterOverview,
  FlinkConfigInfo,
  JobDetails,
  JobConfig,
  JarList,
  JobExceptions,
  JobManagerEnvironment,
  JobOverview,
  MetricValue,
  RunJarRequest,
  SavepointRequest,
  SavepointStatus,
} from './types.js';

export interface FlinkRestOptions {
  /** the JobManager REST address, e.g. http://127.0.0.1:8081 (a path prefix is kept, for proxies) */
  url: string;
  /** sent with every request; never logged */
  headers?: Readonly<Record<string, string>>;
  /** per-request deadline in real ms (default 30 s; uploads: uploadTimeoutMs) */
  timeoutMs?: number;
  /** deadline of a JAR upload in real ms (default 5 min) */
  uploadTimeoutMs?: number;
  signal?: AbortSignal;
}

interface RequestOptions {
  body?: unknown;
  form?: FormData;
  timeoutMs?: number;
  /** statuses that are an answer, not an error (default: 2xx) */
  accept?: (status: number) => boolean;
}

export class FlinkRestClient {
  readonly url: string;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly timeoutMs: number;
  private readonly uploadTimeoutMs: number;
  private readonly signal: AbortSignal | undefined;

  constructor(options: FlinkRestOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.headers = options.headers ?? {};
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.uploadTimeoutMs = options.uploadTimeoutMs ?? 300_000;
    this.signal = options.signal;
  }

  /** GET /config: the Flink version and features (web submission). */
  config(): Promise<FlinkConfigInfo> {
    return this.request('GET', '/config');
  }

  /** GET /overview: TaskManagers, slots, job counts. */
  overview(): Promise<ClusterOverview> {
    return this.request('GET', '/overview');
  }

  async jobs(): Promise<JobOverview[]> {
    const answer = await this.request<{ jobs: JobOverview[] }>('GET', '/jobs/overview');
    return answer.jobs;
  }

  job(jobId: string): Promise<JobDetails> {
    return this.request('GET', `/jobs/${enc(jobId)}`);
  }

  checkpoints(jobId: string): Promise<CheckpointStats> {
    return this.request('GET', `/jobs/${enc(jobId)}/checkpoints`);
  }

  /** GET /jobs/:id/checkpoints/config: the job's checkpointing (an error when it has none). */
  checkpointConfig(jobId: string): Promise<CheckpointConfig> {
    return this.request('GET', `/jobs/${enc(jobId)}/checkpoints/config`);
  }

  jobConfig(jobId: string): Promise<JobConfig> {
    return this.request('GET', `/jobs/${enc(jobId)}/config`);
  }

  /** GET /jars: the JARs uploaded to the cluster. */
  jars(): Promise<JarList> {
    return this.request('GET', '/jars');
  }

  exceptions(jobId: string): Promise<JobExceptions> {
    return this.request('GET', `/jobs/${enc(jobId)}/exceptions`);
  }

  /** GET /jobs/:id/metrics?get=a,b: job-level metrics (e.g. numRestarts); absent ones are left out. */
  jobMetrics(jobId: string, names: readonly string[]): Promise<MetricValue[]> {
    const query = names.map(encodeURIComponent).join(',');
    return this.request('GET', `/jobs/${enc(jobId)}/metrics?get=${query}`);
  }

  /** GET /jobmanager/config: the JobManager's configuration, as key/value pairs. */
  jobManagerConfig(): Promise<{ key: string; value: string }[]> {
    return this.request('GET', '/jobmanager/config');
  }

  jobManagerEnvironment(): Promise<JobManagerEnvironment> {
    return this.request('GET', '/jobmanager/environment');
  }

  /** POST /jars/upload (multipart field `jarfile`, streamed from disk): the JAR id on the cluster. */
  async uploadJar(path: string): Promise<string> {
    const form = new FormData();
    form.append('jarfile', await openAsBlob(path, { type: 'application/java-archive' }), basename(path));
    const answer = await this.request<{ filename: string; status: string }>('POST', '/jars/upload', {
      form,
      timeoutMs: this.uploadTimeoutMs,
    });
    const id = basename(answer.filename ?? '');
    if (answer.status !== 'success' || !id) {
      throw new FlinkRestError(
        `POST /jars/upload: unexpected answer (status ${String(answer.status)})`,
        'POST',
        '/jars/upload',
        200,
        [],
        false,
      );
    }
    return id;
  }

  /** POST /jars/:id/run: runs the JAR's main() on the JobManager; the new job's id. */
  async runJar(jarId: string, request: RunJarRequest = {}): Promise<string> {
    const answer = await this.request<{ jobid: string }>('POST', `/jars/${enc(jarId)}/run`, {
      body: request,
      timeoutMs: Math.max(this.timeoutMs, 120_000),
    });
    return answer.jobid;
  }

  async deleteJar(jarId: string): Promise<void> {
    await this.request('DELETE', `/jars/${enc(jarId)}`);
  }

  /** POST /jobs/:id/savepoints (the job keeps running): the trigger id. */
  async triggerSavepoint(jobId: string, request: SavepointRequest = {}): Promise<string> {
    const body = {
      'cancel-job': false,
      ...(request.targetDirectory ? { 'target-directory': request.targetDirectory } : {}),
      ...(request.formatType ? { formatType: request.formatType } : {}),
    };
    const answer = await this.request<{ 'request-id': string }>('POST', `/jobs/${enc(jobId)}/savepoints`, {
      body,
    });
    return answer['request-id'];
  }

  /** POST /jobs/:id/stop (stop with a savepoint; drain: end of input first): the trigger id. */
  async stopWithSavepoint(
    jobId: string,
    request: SavepointRequest & { drain?: boolean } = {},
  ): Promise<string> {
    const body = {
      drain: request.drain ?? false,
      ...(request.targetDirectory ? { targetDirectory: request.targetDirectory } : {}),
      ...(request.formatType ? { formatType: request.formatType } : {}),
    };
    const answer = await this.request<{ 'request-id': string }>('POST', `/jobs/${enc(jobId)}/stop`, { body });
    return answer['request-id'];
  }

  savepointStatus(jobId: string, triggerId: string): Promise<SavepointStatus> {
    return this.request('GET', `/jobs/${enc(jobId)}/savepoints/${enc(triggerId)}`);
  }

  /** PATCH /jobs/:id?mode=cancel (202: cancellation started). */
  async cancel(jobId: string): Promise<void> {
    await this.request('PATCH', `/jobs/${enc(jobId)}?mode=cancel`);
  }

  private async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? this.timeoutMs);
    const signal = this.signal ? AbortSignal.any([this.signal, timeout]) : timeout;
    const headers: Record<string, string> = { accept: 'application/json', ...this.headers };
    let body: string | FormData | undefined;
    if (options.form) body = options.form;
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const where = `${method} ${path.split('?')[0] ?? path}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.url}${path}`, { method, headers, body, signal });
      text = await response.text();
    } catch (err) {
      if (this.signal?.aborted) throw err;
      const reason =
        timeout.aborted || (err as { name?: string }).name === 'TimeoutError'
          ? `no answer within ${formatMs(options.timeoutMs ?? this.timeoutMs)}`
          : (networkErrorCode(err) ?? (err as Error).message);
      throw new FlinkRestError(
        `${where} to the Flink JobManager at ${this.url} failed: ${reason}`,
        method,
        path,
        undefined,
        [],
        timeout.aborted || isTransientNetworkError(err),
        { cause: err },
      );
    }
    const ok = options.accept ? options.accept(response.status) : response.ok;
    if (!ok) {
      const errors = parseErrorBody(text);
      throw new FlinkRestError(
        `${where} answered ${response.status}: ${summarizeErrors(errors)}`,
        method,
        path,
        response.status,
        errors,
        isTransientStatus(response.status, method),
      );
    }
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new FlinkRestError(
        `${where} answered ${response.status} with a body that is not JSON`,
        method,
        path,
        response.status,
        [],
        false,
      );
    }
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
