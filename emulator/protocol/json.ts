/**
 * awsJson 1.0 / 1.1 as AWS speaks it: `POST /` with `X-Amz-Target: <prefix>.<Operation>`, a JSON body,
 * a JSON response, and errors as `{"__type": code, "message": …}`. CloudWatch is awsQueryCompatible:
 * its errors also carry `x-amzn-query-error: <QueryCode>;<Sender|Receiver>` (the query `error.code` from
 * the model), which the JS SDK and botocore read into `Code`/`Error.Code`.
 */
import type { ServerResponse } from 'node:http';
import { AwsError } from '../types.js';
import type { ServiceModel } from '../model/types.js';
import { coralMessage, queryPath, type Violation } from '../model/validate.js';

export interface JsonProtocol {
  /** `application/x-amz-json-1.0` or `-1.1` */
  contentType: string;
  queryCompatible: boolean;
  model: ServiceModel;
  /** Turns request validation failures into the error the service returns. */
  validationError(violations: Violation[]): AwsError;
}

export function jsonProtocol(model: ServiceModel): JsonProtocol {
  const contentType = `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`;
  const queryCompatible = 'awsQueryCompatible' in model.metadata;
  return {
    contentType,
    queryCompatible,
    model,
    validationError: queryCompatible ? cloudWatchValidationError : coralValidationError,
  };
}

/**
 * MSF (and every Coral-based awsJson service) rejects a request that violates the model's constraints in
 * its front end, before the operation runs, with `ValidationException` (HTTP 400) and a message
 * "N validation error(s) detected: Value '…' at 'member.path' failed to satisfy constraint: Member must …".
 * Evidence: the same front end's Kinesis Analytics answers "6 validation errors detected: Value '…' at
 * 'outputs.1.member.kinesisStreamsOutput.roleARN' failed to satisfy constraint: Member must satisfy regular
 * expression pattern: arn:.*" (alexcasalboni/kinesis-streams-fan-out-kinesis-analytics#8), and the MSF API
 * reference lists ValidationException among the common errors of every action. The modeled
 * `InvalidArgumentException` is what the operation itself throws for semantically invalid input (unknown
 * snapshot, missing version id/token, …): handlers throw it, the validator does not.
 * Wrong JSON types are a deserialisation failure in Coral: `SerializationException`.
 * Unknown members: real AWS ignores them; the emulator rejects them (ValidationException) so that a typo in
 * a hand-written request fails a test instead of being silently dropped. The SDKs never send them.
 */
function coralValidationError(violations: Violation[]): AwsError {
  const typeErrors = violations.filter((v) => v.kind === 'type');
  if (typeErrors.length > 0) {
    const v = typeErrors[0]!;
    return new AwsError(
      'SerializationException',
      `Cannot deserialize '${queryPath(v.path)}': ${v.constraint.replace('Member must be', 'expected')}`,
    );
  }
  return new AwsError('ValidationException', coralMessage(violations));
}

/**
 * CloudWatch answers with its modeled query errors: a missing required parameter →
 * MissingRequiredParameterException (query code MissingParameter), any other bad value →
 * InvalidParameterValueException (InvalidParameterValue). Member paths use query notation.
 */
function cloudWatchValidationError(violations: Violation[]): AwsError {
  const missing = violations.find((v) => v.kind === 'required');
  if (missing) {
    return new AwsError(
      'MissingRequiredParameterException',
      `The parameter ${queryPath(missing.path)} is required.`,
    );
  }
  const v = violations[0]!;
  const shown = typeof v.value === 'string' ? v.value : JSON.stringify(v.value);
  return new AwsError(
    'InvalidParameterValueException',
    `The value ${shown} for parameter ${queryPath(v.path)} is not valid: ${v.constraint}.`,
  );
}

export function writeJson(
  res: ServerResponse,
  protocol: JsonProtocol,
  requestId: string,
  status: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): void {
  const text = JSON.stringify(body ?? {});
  res.writeHead(status, {
    'content-type': protocol.contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
    ...extraHeaders,
  });
  res.end(text);
}

/** The query code of an error: the model's `error.code` for a modeled shape, else the code itself. */
export function queryErrorCode(model: ServiceModel, code: string): string {
  return model.shapes[code]?.error?.code ?? code;
}

export function writeJsonError(
  res: ServerResponse,
  protocol: JsonProtocol,
  requestId: string,
  err: AwsError,
): void {
  const headers: Record<string, string> = {};
  if (protocol.queryCompatible) {
    headers['x-amzn-query-error'] = `${queryErrorCode(protocol.model, err.code)};${err.sender}`;
  }
  writeJson(res, protocol, requestId, err.status, { __type: err.code, message: err.message }, headers);
}
