/**
 * Every failure the run reports is one message naming the application, the phase and the fix.
 * AWS SDK errors are mapped here (credentials, access, missing resources); the rest keep their text.
 */
import {
  attemptsOf,
  describeError,
  errorMessage,
  errorName,
  isThrottling,
  isTransient,
} from '../aws/errors.js';
import type { RunState } from './run-state.js';

export type Phase = RunState['phase'];

/** A failure with its phase, already worded for the person reading the log. */
export class PhaseError extends Error {
  override readonly name = 'PhaseError';
  constructor(
    readonly phase: Phase,
    message: string,
    override readonly cause?: unknown,
    /** what fixes it (the IAM action the role lacks, …), also at the end of the message */
    readonly fix?: string,
  ) {
    super(message);
  }
}

/** Where an AWS call was made: for the message and the IAM hint. */
export interface CallContext {
  application: string;
  phase: Phase;
  /** IAM action, e.g. `kinesisanalytics:UpdateApplication` or `s3:PutObject` */
  action: string;
  /** what the call was about, e.g. `s3://bucket/key` */
  resource?: string;
  /** the API call, when `action` does not name it (e.g. HeadObject, authorised by s3:GetObject) */
  call?: string;
  region?: string;
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'Forbidden',
]);
const BAD_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);

/** The fix for an AWS error, or undefined when the error text says enough. */
export function awsFix(err: unknown, ctx: CallContext): string | undefined {
  const name = errorName(err);
  const message = errorMessage(err);
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return 'no AWS credentials were found: add aws-actions/configure-aws-credentials (role-to-assume) before this step';
  }
  if (EXPIRED.has(name) || /security token .* expired/i.test(message)) {
    return 'the AWS credentials expired: raise role-duration-seconds in configure-aws-credentials above timeout + bake-time';
  }
  if (BAD_CREDENTIALS.has(name)) {
    return 'the AWS credentials are not valid here: check configure-aws-credentials and the region';
  }
  if (ACCESS_DENIED.has(name) || status === 403) {
    return `the role needs ${ctx.action}${ctx.resource ? ` on ${ctx.resource}` : ''}: add it to the role's IAM policy`;
  }
  if (name === 'ResourceNotFoundException' && ctx.action.startsWith('kinesisanalytics:')) {
    return `check application-name (${ctx.application}) and the region (${ctx.region ?? 'AWS_REGION'})`;
  }
  if (name === 'NoSuchBucket')
    return `the bucket does not exist in this account: check bucket${ctx.resource ? ` (${ctx.resource})` : ''}`;
  if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) {
    return `nothing found at ${ctx.resource ?? 'the given location'}: check bucket and key`;
  }
  if (isThrottling(err)) {
    return `AWS throttled ${ctx.action} on all ${attemptsOf(err)} attempt(s), with backoff: other callers share this account's request rate; run again later, or ask AWS for a higher quota`;
  }
  if (isTransient(err)) {
    return `${ctx.action} failed with a transient error on all ${attemptsOf(err)} attempt(s), with backoff: run again; if it keeps failing, check the AWS Health Dashboard for ${ctx.region ?? 'the region'}`;
  }
  if (
    name === 'InvalidApplicationConfigurationException' &&
    ctx.action === 'kinesisanalytics:UpdateApplication'
  ) {
    return 'MSF rejected the update and left the application as it was: check that the runtime can restore the current state and that the job is healthy, then run again';
  }
  if (name === 'ResourceInUseException')
    return 'the application is busy or in the wrong status for this step; run again when it is RUNNING';
  if (name === 'UnsupportedOperationException')
    return 'this application type does not support the operation (SQL and Studio applications are not supported)';
  return undefined;
}

/** Wraps any error from an AWS call into a PhaseError with the one-line message. */
export function wrapAwsError(err: unknown, ctx: CallContext): PhaseError {
  if (err instanceof PhaseError) return err;
  const fix = awsFix(err, ctx);
  const call = ctx.call ?? /^[^:]+:(\w+)/.exec(ctx.action)?.[1] ?? ctx.action;
  return new PhaseError(
    ctx.phase,
    `${ctx.phase} of ${ctx.application} failed at ${call}: ${sentence(describeAwsError(err))}` +
      (fix ? `. Fix: ${fix}` : ''),
    err,
    fix,
  );
}

/**
 * describeError, except for an answer without a body (HEAD requests): S3's 403 to a HeadObject reaches
 * the SDK as `403: UnknownError`, said here as what it is.
 */
function describeAwsError(err: unknown): string {
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  const text = describeError(err);
  if (status === 403 && /^(403|Forbidden|UnknownError)\b/.test(text))
    return 'AccessDenied (HTTP 403 Forbidden)';
  if (status === 404 && /^(404|NotFound|UnknownError)\b/.test(text)) return 'NotFound (HTTP 404)';
  return text;
}

/** Text that another sentence follows: without its own closing full stop (no doubled full stops). */
export function sentence(text: string): string {
  return text.replace(/\s*\.+\s*$/, '');
}

/** Any error as the one-line message of the run's failure. */
export function failureMessage(err: unknown, application: string, phase: Phase): string {
  if (err instanceof PhaseError) return err.message;
  const msg = describeError(err);
  return msg.includes(application) ? `${phase}: ${msg}` : `${phase} of ${application} failed: ${msg}`;
}

/** Text from AWS (an operation's ErrorString) as part of a one-line reason: whitespace runs flattened, capped. */
export function oneLine(text: string, max = 400): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

/**
 * The first paragraph of a message whose later lines are commands to run by hand (a failed rollback's).
 * With `pointer`, a trailing "run:" says where the commands are instead (`run the commands in …`).
 */
export function firstParagraph(message: string, pointer?: string): string {
  const first = (message.split('\n')[0] ?? message).trim();
  return pointer && message.includes('\n') ? first.replace(/run:$/, `run ${pointer}`) : first;
}
