/**
 * The one HTTP server, routed as AWS routes:
 *  - `X-Amz-Target: KinesisAnalytics_20180523.<Op>` → MSF (awsJson1_1)
 *  - `X-Amz-Target: GraniteServiceVersion20100801.<Op>` → CloudWatch (awsJson1_0, query-compatible errors,
 *    gzip request bodies)
 *  - `POST /_emulator/<method>` → EmulatorControl (S3 bucket names cannot start with `_`)
 *  - anything else → S3, path-style REST-XML.
 * Every request is checked for injected faults, validated against the model before its handler runs, and
 * recorded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { Clock } from '../src/clock.js';
import { CONTROL_METHODS, type EmulatorControl } from './control.js';
import { DASHBOARD_PREFIX } from './msf/dashboard.js';
import type { Faults } from './faults.js';
import { checkInput, checkOutput, describeViolations } from './model/validate.js';
import { jsonProtocol, writeJson, writeJsonError, type JsonProtocol } from './protocol/json.js';
import { S3Error, writeS3Error } from './protocol/s3.js';
import { identifyS3Operation, type S3Service } from './s3/service.js';
import {
  AwsError,
  type FaultSpec,
  type JsonOperationHandler,
  type RecordedCall,
  type RequestContext,
} from './types.js';
import type { ServiceModel } from './model/types.js';

export interface JsonService {
  name: 'kinesisanalyticsv2' | 'cloudwatch';
  model: ServiceModel;
  operations: Record<string, JsonOperationHandler>;
}

export interface ServerDeps {
  clock: Clock;
  region: string;
  accountId: string;
  strictOutput: boolean;
  log: (line: string) => void;
  json: JsonService[];
  s3: S3Service;
  faults: Faults;
  calls: RecordedCall[];
  control: EmulatorControl;
  onOutputError: (message: string) => void;
  /** the Flink dashboards of the applications (paths under DASHBOARD_PREFIX) */
  dashboard: (
    method: string,
    url: URL,
    cookie: string | undefined,
  ) => { status: number; headers: Record<string, string>; body: string };
}

type Service = RecordedCall['service'];

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

/** Consumes what is left of a request body so an early error answer does not break the client's upload. */
async function drain(req: IncomingMessage): Promise<void> {
  if (req.complete || req.readableEnded) return;
  req.resume();
  await new Promise<void>((resolve) => {
    req.once('end', resolve);
    req.once('close', resolve);
    req.once('error', () => resolve());
  });
}

export function createEmulatorServer(deps: ServerDeps): Server {
  const byPrefix = new Map<string, { service: JsonService; protocol: JsonProtocol }>();
  for (const service of deps.json) {
    byPrefix.set(service.model.metadata.targetPrefix!, { service, protocol: jsonProtocol(service.model) });
  }

  const record = (service: Service, operation: string, status: number, errorCode?: string): void => {
    deps.calls.push({
      service,
      operation,
      status,
      ...(errorCode ? { errorCode } : {}),
      time: deps.clock.now(),
    });
    deps.log(`${service} ${operation} ${status}${errorCode ? ` ${errorCode}` : ''}`);
  };

  /**
   * Applies an injected fault. Returns true when the request was answered (or dropped) by it, and
   * 'drop-response' when the request is to be handled but its answer lost.
   */
  const applyFault = async (
    service: FaultSpec['service'],
    operation: string,
    req: IncomingMessage,
    answer: (err: AwsError) => void,
  ): Promise<boolean | 'drop-response'> => {
    const fault = deps.faults.take(service, operation);
    if (!fault) return false;
    switch (fault.kind) {
      case 'drop-response':
        return 'drop-response';
      case 'access-denied': {
        await drain(req);
        const action = `${service === 'kinesisanalyticsv2' ? 'kinesisanalytics' : service}:${operation}`;
        answer(
          service === 's3'
            ? new S3Error('AccessDenied', 'Access Denied', 403)
            : new AwsError(
                'AccessDeniedException',
                `User: arn:aws:sts::${deps.accountId}:assumed-role/emulator/test is not authorized to perform: ` +
                  `${action} because no identity-based policy allows the ${action} action`,
                400,
              ),
        );
        return true;
      }
      case 'not-found':
        // an eventually consistent read that does not see the resource yet (or any more)
        await drain(req);
        answer(
          service === 's3'
            ? new S3Error('NoSuchKey', 'The specified key does not exist.', 404)
            : service === 'cloudwatch'
              ? new AwsError('ResourceNotFound', 'The named resource does not exist.', 404)
              : new AwsError('ResourceNotFoundException', 'Application not found.', 400),
        );
        return true;
      case 'latency':
        await deps.clock.sleep(fault.latencyMs ?? 1000);
        return false;
      case 'drop':
        record(service, operation, 0, 'drop');
        req.socket.destroy();
        return true;
      case 'throttle':
        await drain(req);
        answer(
          service === 's3'
            ? new S3Error('SlowDown', 'Please reduce your request rate.', 503)
            : service === 'cloudwatch'
              ? new AwsError('Throttling', 'Rate exceeded', 400)
              : new AwsError('ThrottlingException', 'Rate exceeded', 400),
        );
        return true;
      case 'internal-error':
        await drain(req);
        answer(
          service === 's3'
            ? new S3Error('InternalError', 'We encountered an internal error. Please try again.', 500)
            : new AwsError(
                'InternalFailure',
                'The request processing has failed because of an unknown error.',
                500,
                'Receiver',
              ),
        );
        return true;
    }
  };

  const handleJson = async (
    req: IncomingMessage,
    res: ServerResponse,
    target: string,
    requestId: string,
  ): Promise<void> => {
    const dot = target.lastIndexOf('.');
    const prefix = dot < 0 ? target : target.slice(0, dot);
    const operation = dot < 0 ? '' : target.slice(dot + 1);
    const entry = byPrefix.get(prefix);
    if (!entry) {
      await drain(req);
      const protocol = jsonProtocol({
        metadata: { protocol: 'json', jsonVersion: '1.1' },
        operations: {},
        shapes: {},
      });
      writeJsonError(
        res,
        protocol,
        requestId,
        new AwsError('UnknownOperationException', `Unknown target ${target}.`),
      );
      return;
    }
    const { service, protocol } = entry;
    // A 'drop-response' fault: the request is handled, then the connection closes instead of the answer.
    let dropResponse = false;
    const loseAnswer = (): boolean => {
      if (!dropResponse) return false;
      record(service.name, operation, 0, 'drop-response');
      req.socket.destroy();
      return true;
    };
    const fail = (err: AwsError): void => {
      if (loseAnswer()) return;
      writeJsonError(res, protocol, requestId, err);
      record(service.name, operation, err.status, err.code);
    };
    try {
      const op = service.model.operations[operation];
      const handler = service.operations[operation];
      if (!op || !handler) {
        await drain(req);
        fail(
          new AwsError('UnknownOperationException', `Operation ${operation} is not supported by ${prefix}.`),
        );
        return;
      }
      const fault = await applyFault(service.name, operation, req, fail);
      if (fault === true) return;
      dropResponse = fault === 'drop-response';
      let raw = await readAll(req);
      if (String(req.headers['content-encoding'] ?? '').toLowerCase() === 'gzip') {
        try {
          raw = gunzipSync(raw);
        } catch {
          throw new AwsError('SerializationException', 'The request body is not valid gzip.');
        }
      }
      let body: unknown = {};
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new AwsError('SerializationException', 'The request body is not valid JSON.');
        }
      }
      let input: unknown = {};
      if (op.input) {
        const checked = checkInput(service.model, op.input.shape, body);
        if (checked.violations.length > 0) throw protocol.validationError(checked.violations);
        input = checked.value;
      }
      const ctx: RequestContext = { requestId, region: deps.region, accountId: deps.accountId };
      const result = await handler(input, ctx);
      let output: unknown = {};
      if (op.output) {
        const checked = checkOutput(service.model, op.output.shape, result);
        if (checked.violations.length > 0) {
          const message = `strictOutput: ${service.name} ${operation} returned an output that does not match ${op.output.shape}: ${describeViolations(checked.violations)}`;
          deps.onOutputError(message);
          if (deps.strictOutput) throw new AwsError('InternalFailure', message, 500, 'Receiver');
        }
        output = checked.value;
      }
      if (loseAnswer()) return;
      writeJson(res, protocol, requestId, 200, output);
      record(service.name, operation, 200);
    } catch (e) {
      if (e instanceof AwsError) fail(e);
      else {
        deps.log(`${service.name} ${operation} failed: ${(e as Error).stack ?? String(e)}`);
        fail(new AwsError('InternalFailure', `Emulator error: ${(e as Error).message}`, 500, 'Receiver'));
      }
    }
  };

  const handleS3 = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    requestId: string,
  ): Promise<void> => {
    const target = identifyS3Operation(req.method ?? 'GET', url.pathname, url.searchParams);
    const head = req.method === 'HEAD';
    const fail = async (err: AwsError): Promise<void> => {
      await drain(req);
      if (!res.headersSent) writeS3Error(res, err, requestId, head);
      else res.destroy();
      record('s3', target.operation, err.status, err.code);
    };
    try {
      if (
        await applyFault('s3', target.operation, req, (err) => {
          writeS3Error(res, err, requestId, head);
          record('s3', target.operation, err.status, err.code);
        })
      )
        return;
      const status = await deps.s3.handle(req, res, target, requestId);
      record('s3', target.operation, status);
    } catch (e) {
      if (e instanceof AwsError) await fail(e);
      else {
        deps.log(`s3 ${target.operation} failed: ${(e as Error).stack ?? String(e)}`);
        await fail(new S3Error('InternalError', `Emulator error: ${(e as Error).message}`, 500));
      }
    }
  };

  const handleControl = async (req: IncomingMessage, res: ServerResponse, method: string): Promise<void> => {
    const send = (status: number, body: unknown): void => {
      const text = JSON.stringify(body ?? null);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    if (req.method !== 'POST' || !(method in CONTROL_METHODS)) {
      await drain(req);
      send(404, {
        error: `Unknown control method '${method}'. Use POST /_emulator/<${Object.keys(CONTROL_METHODS).join('|')}>.`,
      });
      record('control', method, 404, 'UnknownMethod');
      return;
    }
    try {
      const raw = await readAll(req);
      const arg = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as unknown) : undefined;
      const fn = deps.control[method as keyof EmulatorControl] as (a?: unknown) => unknown;
      const result = await fn(arg);
      send(200, result ?? {});
      record('control', method, 200);
    } catch (e) {
      send(400, { error: (e as Error).message });
      record('control', method, 400, 'ControlError');
    }
  };

  const handleDashboard = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    await drain(req);
    const out = deps.dashboard(req.method ?? 'GET', url, req.headers.cookie);
    res.writeHead(out.status, { ...out.headers, 'content-length': Buffer.byteLength(out.body) });
    res.end(out.body);
    record(
      'dashboard',
      url.pathname.replace(/^\/_flink\/[^/]+\/flinkdashboard\/?/, '') || 'login',
      out.status,
    );
  };

  return createServer((req, res) => {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://emulator');
    const target = req.headers['x-amz-target'];
    let work: Promise<void>;
    if (url.pathname.startsWith('/_emulator/'))
      work = handleControl(req, res, url.pathname.slice('/_emulator/'.length));
    else if (url.pathname.startsWith(DASHBOARD_PREFIX)) work = handleDashboard(req, res, url);
    else if (typeof target === 'string') work = handleJson(req, res, target, requestId);
    else work = handleS3(req, res, url, requestId);
    work.catch((e: unknown) => {
      deps.log(`request failed: ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent) {
        res.writeHead(500);
        res.end();
      } else res.destroy();
    });
  });
}
