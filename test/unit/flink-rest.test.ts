/**
 * The Flink REST client against a small in-test HTTP server (real HTTP, node's fetch), and the pure
 * readings of its answers: error bodies, transient failures, savepoint outcomes, health snapshots.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthSnapshot, savepointOutcome, summarizeStackTrace } from '../../src/flink/outcomes.js';
import {
  FlinkRestError,
  isTransientStatus,
  rootCause,
  summarizeErrors,
} from '../../src/flink/rest-errors.js';
import { FlinkRestClient } from '../../src/flink/rest.js';
import { freePort } from '../support/flink-cluster.js';
import { useTempDir } from '../support/temp-dir.js';

const tmp = useTempDir('flink-rest-');

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
const seen: Seen[] = [];
let answer: (req: Seen, res: ServerResponse) => void = (_req, res) => res.end('{}');
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('latin1'),
      };
      seen.push(s);
      answer(s, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const json = (status: number, body: unknown) => (_req: Seen, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const RUN_FAILED = [
  'org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.\n\tat org.apache.flink.runtime.webmonitor.handlers.JarRunHandler.lambda$handleRequest$1(JarRunHandler.java:114)\nCaused by: java.util.concurrent.CompletionException: org.apache.flink.util.FlinkRuntimeException: Could not execute application.\n\tat java.base/x\nCaused by: java.lang.NoClassDefFoundError: org/apache/flink/streaming/api/functions/source/SourceFunction\n\tat y',
];

describe('FlinkRestClient', () => {
  it('sends the extra headers and reads the answer', async () => {
    answer = json(200, { 'flink-version': '2.2.1', features: { 'web-submit': true } });
    const rest = new FlinkRestClient({ url: `${url}/`, headers: { authorization: 'Bearer s3cret' } });
    expect((await rest.config())['flink-version']).toBe('2.2.1');
    const last = seen[seen.length - 1] as Seen;
    expect(last.url).toBe('/config');
    expect(last.headers.authorization).toBe('Bearer s3cret');
  });

  it('turns Flink error bodies into one message without the extra headers, not transient for a failed run', async () => {
    answer = json(500, { errors: RUN_FAILED });
    const rest = new FlinkRestClient({ url, headers: { authorization: 'Bearer s3cret' } });
    const err = (await rest
      .runJar('abc_job.jar', { savepointPath: 'file:///sp', allowNonRestoredState: true })
      .catch((e: unknown) => e)) as FlinkRestError;
    expect(err).toBeInstanceOf(FlinkRestError);
    expect(err.status).toBe(500);
    expect(err.transient).toBe(false);
    expect(err.message).toContain('POST /jars/abc_job.jar/run answered 500');
    expect(err.message).toContain('NoClassDefFoundError');
    expect(err.message).not.toContain('s3cret');
    expect(rootCause(err.errors)).toBe(
      'java.lang.NoClassDefFoundError: org/apache/flink/streaming/api/functions/source/SourceFunction',
    );
    expect(JSON.parse((seen[seen.length - 1] as Seen).body)).toEqual({
      savepointPath: 'file:///sp',
      allowNonRestoredState: true,
    });
  });

  it('marks a refused connection and a 503 as transient (retried by the waits), a 404 not', async () => {
    const closed = new FlinkRestClient({ url: `http://127.0.0.1:${await freePort()}` });
    const refused = (await closed.overview().catch((e: unknown) => e)) as FlinkRestError;
    expect(refused.transient).toBe(true);
    expect(refused.$retryable).toBe(true);
    expect(refused.status).toBeUndefined();
    expect(refused.message).toMatch(/ECONNREFUSED/);

    answer = json(503, {
      errors: ['Service temporarily unavailable due to an ongoing leader election. Please refresh.'],
    });
    const busy = (await new FlinkRestClient({ url }).overview().catch((e: unknown) => e)) as FlinkRestError;
    expect(busy.transient).toBe(true);
    expect(busy.message).toContain('leader election');

    answer = json(404, { errors: ['Job 0000 not found'] });
    const missing = (await new FlinkRestClient({ url })
      .job('0000')
      .catch((e: unknown) => e)) as FlinkRestError;
    expect(missing.transient).toBe(false);
    expect(missing.message).toBe('GET /jobs/0000 answered 404: Job 0000 not found');
  });

  it('times out a request that gets no answer, as a transient error', async () => {
    answer = () => {}; // never answers
    const rest = new FlinkRestClient({ url, timeoutMs: 200 });
    const err = (await rest.jobs().catch((e: unknown) => e)) as FlinkRestError;
    expect(err.transient).toBe(true);
    expect(err.message).toContain('no answer within 200 ms');
  });

  it('uploads a JAR as multipart field jarfile and returns its id', async () => {
    answer = json(200, { filename: '/tmp/flink-web/flink-web-upload/1234_app.jar', status: 'success' });
    const jar = await tmp.write('app.jar', Buffer.from('PK\u0003\u0004 not really a jar'));
    expect(await new FlinkRestClient({ url }).uploadJar(jar)).toBe('1234_app.jar');
    const last = seen[seen.length - 1] as Seen;
    expect(last.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(last.body).toContain('name="jarfile"; filename="app.jar"');
    expect(last.body).toContain('not really a jar');
  });

  it('triggers stop-with-savepoint and cancel with Flink’s request shapes', async () => {
    answer = json(202, { 'request-id': 'trigger-1' });
    const rest = new FlinkRestClient({ url });
    expect(await rest.stopWithSavepoint('job1', { targetDirectory: 'file:///sp' })).toBe('trigger-1');
    expect(JSON.parse((seen[seen.length - 1] as Seen).body)).toEqual({
      drain: false,
      targetDirectory: 'file:///sp',
    });
    expect(await rest.triggerSavepoint('job1')).toBe('trigger-1');
    expect(JSON.parse((seen[seen.length - 1] as Seen).body)).toEqual({ 'cancel-job': false });
    answer = (_req, res) => {
      res.writeHead(202);
      res.end();
    };
    await rest.cancel('job1');
    const last = seen[seen.length - 1] as Seen;
    expect([last.method, last.url]).toEqual(['PATCH', '/jobs/job1?mode=cancel']);
  });
});

describe('readings of Flink answers', () => {
  it('summarises error lists and stack traces to their causes', () => {
    expect(
      summarizeErrors([
        'Internal server error.',
        '<Exception on server side:\norg.apache.flink.X: boom\n\tat a\nCaused by: java.io.IOException: disk full\n\tat b>',
      ]),
    ).toBe('org.apache.flink.X: boom <- java.io.IOException: disk full');
    expect(summarizeErrors([])).toBe('no error detail');
    expect(
      summarizeStackTrace('java.lang.Exception: a\n\tat x\nCaused by: java.lang.Exception: b\n\tat y'),
    ).toBe('java.lang.Exception: a <- java.lang.Exception: b');
    expect(isTransientStatus(500, 'GET')).toBe(true);
    expect(isTransientStatus(500, 'POST')).toBe(false);
    expect(isTransientStatus(502, 'POST')).toBe(true);
  });

  it('reads a savepoint status: in progress, completed with its location, failed with its cause', () => {
    expect(savepointOutcome({ status: { id: 'IN_PROGRESS' } })).toEqual({ state: 'IN_PROGRESS' });
    expect(
      savepointOutcome({ status: { id: 'COMPLETED' }, operation: { location: 'file:/sp/savepoint-1' } }),
    ).toEqual({
      state: 'COMPLETED',
      location: 'file:/sp/savepoint-1',
    });
    expect(
      savepointOutcome({
        status: { id: 'COMPLETED' },
        operation: {
          'failure-cause': {
            class: 'x',
            'stack-trace':
              'org.apache.flink.util.FlinkException: Triggering a savepoint failed.\n\tat a\nCaused by: java.io.IOException: Mkdirs failed to create file:/x',
          },
        },
      }),
    ).toEqual({
      state: 'FAILED',
      reason:
        'org.apache.flink.util.FlinkException: Triggering a savepoint failed. <- java.io.IOException: Mkdirs failed to create file:/x',
    });
  });

  it('builds a health snapshot: restarts, checkpoints, the newest root exception', () => {
    const h = healthSnapshot({
      job: {
        jid: 'j',
        name: 'kryo-list',
        state: 'RESTARTING',
        'start-time': 1000,
        'end-time': -1,
        vertices: [
          { id: 'a', name: 'source', parallelism: 1, status: 'RUNNING' },
          { id: 'b', name: 'recent', parallelism: 1, status: 'CANCELING' },
        ],
      },
      checkpoints: {
        counts: { restored: 0, total: 3, in_progress: 0, completed: 2, failed: 1 },
        latest: {
          completed: { id: 2, end_to_end_duration: 40, latest_ack_timestamp: 5 },
          failed: null,
          restored: null,
          savepoint: null,
        },
      },
      exceptions: {
        exceptionHistory: {
          truncated: false,
          entries: [
            { exceptionName: 'old', stacktrace: 'old: 1', timestamp: 10 },
            {
              exceptionName: 'java.lang.Exception',
              stacktrace:
                'java.lang.Exception: Exception while creating StreamOperatorStateContext.\nCaused by: org.apache.flink.util.StateMigrationException: x',
              timestamp: 20,
              taskName: 'recent',
            },
          ],
        },
      },
      metrics: [{ id: 'numRestarts', value: '7' }],
      now: 6000,
    });
    expect(h.restarts).toBe(7);
    expect(h.allVerticesRunning).toBe(false);
    expect(h.vertices).toEqual({ RUNNING: 1, CANCELING: 1 });
    expect(h.checkpoints).toEqual({ completed: 2, failed: 1, inProgress: 0, restored: 0 });
    expect(h.latestCheckpointMs).toBe(40);
    expect(h.rootException).toEqual({
      name: 'java.lang.Exception',
      summary:
        'java.lang.Exception: Exception while creating StreamOperatorStateContext. <- org.apache.flink.util.StateMigrationException: x',
      timestamp: 20,
      taskName: 'recent',
    });
    expect(h.uptimeMs).toBe(5000);
  });
});
