/**
 * The few JobManager REST calls the real engine makes (Flink 1.20 and 2.x answer the same shapes), on
 * node's fetch, each with a deadline: upload and run a JAR, delete the upload, savepoint or stop with a
 * savepoint and follow the trigger, cancel. Errors carry Flink's own text in one line (summarizeErrors).
 */
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';

/** Real ms: one REST call; a submission (main() runs on the JobManager) and an upload take longer. */
const CALL_TIMEOUT_MS = 15_000;
const SUBMIT_TIMEOUT_MS = 180_000;

/** Wrappers that say nothing of the cause (the REST handler's and the futures'). */
const WRAPPER =
  /^(java\.util\.concurrent\.CompletionException|org\.apache\.flink\.runtime\.rest\.handler\.RestHandlerException: Could not execute application|org\.apache\.flink\.util\.FlinkRuntimeException: Could not execute application|Internal server error)/;
const EXCEPTION_LINE = /^(?:Caused by: )?([\w$.]+(?:Exception|Error|Throwable))(?::.*)?$/;

/**
 * Flink's error list as one line that fits MSF's ErrorString (512 characters): the exceptions from the
 * outermost to the root cause, joined by " <- ", without the REST handler's wrappers and repeats; when
 * too long, the outermost and the root cause (a NoClassDefFoundError reads as Flink says it).
 */
export function summarizeErrors(errors: readonly string[], max = 500): string {
  const parts: string[] = [];
  for (const error of errors) {
    for (const raw of error.split('\n')) {
      const line = raw.trim();
      if (!EXCEPTION_LINE.test(line)) continue;
      const part = line.replace(/^Caused by: /, '');
      if (WRAPPER.test(part) || parts.some((p) => p.includes(part))) continue;
      parts.push(part);
    }
  }
  const joined = parts.join(' <- ');
  if (joined.length <= max || parts.length < 2) return joined.slice(0, max);
  const half = Math.floor((max - 9) / 2);
  return `${parts[0]!.slice(0, half)} <- … <- ${parts[parts.length - 1]!.slice(0, half)}`;
}

/** One call: the parsed JSON answer, or an Error with Flink's errors summarised. */
async function call<T>(
  url: string,
  method: string,
  path: string,
  options: { body?: unknown; form?: FormData; timeoutMs?: number } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | FormData | undefined;
  if (options.form) body = options.form;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(`${url}${path}`, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? CALL_TIMEOUT_MS),
  });
  const text = await response.text();
  let answer: unknown;
  try {
    answer = text ? JSON.parse(text) : undefined;
  } catch {
    // quoted below
  }
  if (!response.ok) {
    const errors = (answer as { errors?: unknown[] } | undefined)?.errors ?? [];
    const summary = summarizeErrors(errors.filter((e): e is string => typeof e === 'string'));
    throw new Error(
      summary || `${method} ${path.split('?')[0]} answered ${response.status}: ${text.slice(0, 400)}`,
    );
  }
  return answer as T;
}

/** POST /jars/upload (multipart field `jarfile`): the JAR's id on the cluster. */
export async function uploadJar(url: string, file: string): Promise<string> {
  const form = new FormData();
  form.append('jarfile', await openAsBlob(file, { type: 'application/java-archive' }), basename(file));
  const answer = await call<{ filename?: string; status?: string }>(url, 'POST', '/jars/upload', {
    form,
    timeoutMs: SUBMIT_TIMEOUT_MS,
  });
  const id = basename(answer.filename ?? '');
  if (answer.status !== 'success' || !id) throw new Error(`the JAR upload answered ${String(answer.status)}`);
  return id;
}

export async function deleteJar(url: string, jarId: string): Promise<void> {
  await call(url, 'DELETE', `/jars/${encodeURIComponent(jarId)}`);
}

/** POST /jars/:id/run: the new job's id; Flink's refusal (e.g. a NoClassDefFoundError) as the error. */
export async function runJar(url: string, jarId: string, request: Record<string, unknown>): Promise<string> {
  const answer = await call<{ jobid?: string }>(url, 'POST', `/jars/${encodeURIComponent(jarId)}/run`, {
    body: request,
    timeoutMs: SUBMIT_TIMEOUT_MS,
  });
  if (typeof answer?.jobid !== 'string') throw new Error('the submission answered without a job id');
  return answer.jobid;
}

/** POST /jobs/:id/savepoints (the job keeps running) or /jobs/:id/stop (it ends with it): the trigger id. */
export async function triggerSavepoint(url: string, jobId: string, stop: boolean): Promise<string> {
  const answer = await call<{ 'request-id': string }>(
    url,
    'POST',
    `/jobs/${jobId}/${stop ? 'stop' : 'savepoints'}`,
    { body: stop ? { drain: false } : { 'cancel-job': false } },
  );
  return answer['request-id'];
}

export interface SavepointStatus {
  status: { id: 'IN_PROGRESS' | 'COMPLETED' };
  operation?: { location?: string; 'failure-cause'?: { class?: string; 'stack-trace'?: string } };
}

export function savepointStatus(url: string, jobId: string, triggerId: string): Promise<SavepointStatus> {
  return call(url, 'GET', `/jobs/${jobId}/savepoints/${encodeURIComponent(triggerId)}`);
}

/** PATCH /jobs/:id?mode=cancel */
export async function cancelJob(url: string, jobId: string): Promise<void> {
  await call(url, 'PATCH', `/jobs/${jobId}?mode=cancel`);
}
