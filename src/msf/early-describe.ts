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
 */
import {
  DescribeApplicationCommand,
  type DescribeApplicationCommandOutput,
  type KinesisAnalyticsV2Client,
} from '@aws-sdk/client-kinesis-analytics-v2';

/** How old an answer may be when preflight asks (the validate phase hashes the JAR in between). */
export const FRESH_MS = 30_000;

const MIDDLEWARE = 'earlyDescribeApplication';

/**
 * Sends DescribeApplication for `application` now and keeps its answer for the client's next ask.
 * Resolves when the answer (or error) has arrived.
 */
export function describeEarly(
  client: KinesisAnalyticsV2Client,
  application: string,
  now: () => number = Date.now,
): Promise<void> {
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
  return answered;
}
