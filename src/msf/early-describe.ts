/**
 * The action's first AWS request, sent before the rest of the action has loaded: DescribeApplication of
 * the application the inputs name. Its answer is served to the first DescribeApplication of that
 * application the client is then asked for (preflight's), so the request's round trip overlaps loading
 * the code instead of following it, and the run makes no extra call.
 *
 * The answer is served once, and only while fresh (answered at most FRESH_MS before preflight asks, or
 * still on its way); otherwise preflight's request goes out as usual. An error is served like an
 * answer: it is the error preflight's own request would have met (the request was retried by the SDK the
 * same way). SIGINT or SIGTERM while it is on its way aborts it.
 *
 * `sent` tells when the request is on the wire (its bytes handed to the OS, seen through node's
 * `http.client.request.start` diagnostics channel), at most SENT_WAIT_MS: loading the rest of the action
 * blocks the event loop, which would otherwise hold back the connection, and the request with it.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import {
  DescribeApplicationCommand,
  type DescribeApplicationCommandOutput,
  type KinesisAnalyticsV2Client,
} from '@aws-sdk/client-kinesis-analytics-v2';

/** How old an answer may be when preflight asks (the validate phase hashes the JAR in between). */
export const FRESH_MS = 30_000;

/** The longest the caller waits for the request to be on the wire before loading the rest. */
export const SENT_WAIT_MS = 1_000;

const MIDDLEWARE = 'earlyDescribeApplication';
const REQUEST_START = 'http.client.request.start';

export interface EarlyDescribe {
  /** the request is on the wire, or SENT_WAIT_MS passed, or it ended before (never rejects) */
  sent: Promise<void>;
  /** the answer or the error arrived (never rejects) */
  answered: Promise<void>;
}

/** Resolves when the next HTTP request the process starts has been flushed (or failed), or after `ms`. */
function nextRequestFlushed(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    timer.unref();
    function done(): void {
      clearTimeout(timer);
      unsubscribe(REQUEST_START, onStart);
      resolve();
    }
    function onStart(message: unknown): void {
      unsubscribe(REQUEST_START, onStart);
      const request = (message as { request: ClientRequest }).request;
      request.once('finish', done);
      request.once('error', done);
      request.once('close', done);
    }
    subscribe(REQUEST_START, onStart);
  });
}
/** Sends DescribeApplication for `application` now and keeps its answer for the client's next ask. */
export function describeEarly(
  client: KinesisAnalyticsV2Client,
  application: string,
  now: () => number = Date.now,
): EarlyDescribe {
  const flushed = nextRequestFlushed(SENT_WAIT_MS);
  const controller = new AbortController();
  const abort = (signal: NodeJS.Signals): void => controller.abort(new Error(`cancelled by ${signal}`));
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  let answeredAt: number | undefined;
  // sent before the middleware below is added: the client resolves its middleware when a command is sent
  const answer = client
    .send(new DescribeApplicationCommand({ ApplicationName: application }), {
      abortSignal: controller.signal,
    })
    .finally(() => {
      answeredAt = now();
      process.removeListener('SIGINT', abort);
      process.removeListener('SIGTERM', abort);
    });
  const answered = answer.then(
    () => undefined,
    () => undefined, // served to preflight below, or dropped
  );
  let served = false;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ApplicationName?: unknown };
      if (
        served ||
        context.commandName !== 'DescribeApplicationCommand' ||
        input.ApplicationName !== application
      )
        return next(args);
      served = true;
      client.middlewareStack.remove(MIDDLEWARE);
      if (answeredAt !== undefined && now() - answeredAt > FRESH_MS) return next(args);
      const output: DescribeApplicationCommandOutput = await answer;
      return { output, response: undefined } as unknown as Awaited<ReturnType<typeof next>>;
    },
    { step: 'initialize', priority: 'high', name: MIDDLEWARE },
  );
  return { sent: Promise.race([flushed, answered]), answered };
}
