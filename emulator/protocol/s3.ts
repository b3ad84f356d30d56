/**
 * S3's REST-XML protocol, driven by the model: binds a request's URI labels, query string, headers and
 * XML payload to the operation's input members; serialises an output structure to headers and an XML
 * document; writes S3's XML errors.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { AwsError } from '../types.js';
import type { ServiceModel, Shape, ShapeRef, StructureShape } from '../model/types.js';
import { checkInput, checkOutput, type Violation } from '../model/validate.js';

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** An S3 error; `extra` becomes additional elements of `<Error>` (BucketName, Key, UploadId, …). */
export class S3Error extends AwsError {
  constructor(
    code: string,
    message: string,
    status = 400,
    readonly extra: Record<string, string> = {},
  ) {
    super(code, message, status, status >= 500 ? 'Receiver' : 'Sender');
  }
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  removeNSPrefix: true,
  ignoreDeclaration: true,
});
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
});

export interface S3RequestParts {
  bucket?: string;
  key?: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** the XML payload when the operation's payload is a structure */
  xml?: Buffer;
}

function scalarFromString(shape: Shape, raw: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isInteger(n) ? n : raw;
    }
    case 'double':
    case 'float': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
    }
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'timestamp': {
      const d = /^\d+(\.\d+)?$/.test(raw) ? new Date(Number(raw) * 1000) : new Date(raw);
      return Number.isNaN(d.getTime()) ? raw : d;
    }
    default:
      return raw;
  }
}

function listMemberName(
  model: ServiceModel,
  memberName: string,
  ref: ShapeRef,
): { name: string; flattened: boolean } {
  const list = model.shapes[ref.shape]!;
  if (list.type !== 'list') return { name: ref.locationName ?? memberName, flattened: false };
  const flattened = Boolean(list.flattened || ref.flattened);
  if (flattened) return { name: ref.locationName ?? list.member.locationName ?? memberName, flattened };
  return { name: list.member.locationName ?? 'member', flattened };
}

function fromXml(model: ServiceModel, shapeName: string, node: unknown): unknown {
  const shape = model.shapes[shapeName]!;
  if (shape.type === 'structure') {
    if (node === '' || node === undefined) return {};
    if (!node || typeof node !== 'object') return node;
    const obj = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const used = new Set<string>();
    for (const [name, ref] of Object.entries(shape.members)) {
      const target = model.shapes[ref.shape]!;
      if (target.type === 'list') {
        const { name: itemName, flattened } = listMemberName(model, name, ref);
        const wrapperName = ref.locationName ?? name;
        let items: unknown;
        if (flattened) {
          items = obj[itemName];
          used.add(itemName);
        } else if (obj[wrapperName] !== undefined) {
          used.add(wrapperName);
          const wrapper = obj[wrapperName];
          items =
            wrapper && typeof wrapper === 'object' ? (wrapper as Record<string, unknown>)[itemName] : [];
        }
        if (items === undefined) continue;
        out[name] = (Array.isArray(items) ? items : [items]).map((i) =>
          fromXml(model, target.member.shape, i),
        );
        continue;
      }
      const el = ref.locationName ?? name;
      if (obj[el] === undefined) continue;
      used.add(el);
      out[name] = fromXml(model, ref.shape, obj[el]);
    }
    // Unknown elements are kept so that validation reports them (→ MalformedXML).
    for (const [k, v] of Object.entries(obj)) if (!used.has(k) && !k.startsWith('@_')) out[k] = v;
    return out;
  }
  if (typeof node !== 'string') return node;
  return scalarFromString(shape, node);
}

function readHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(',') : v;
}

/** Builds the operation input from the HTTP request, then validates it against the model. */
export function bindS3Input(
  model: ServiceModel,
  operation: string,
  parts: S3RequestParts,
): { input: Record<string, unknown>; violations: Violation[] } {
  const op = model.operations[operation]!;
  const shapeName = op.input!.shape;
  const shape = model.shapes[shapeName] as StructureShape;
  const input: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members)) {
    const target = model.shapes[ref.shape]!;
    if (ref.location === 'uri') {
      const v =
        ref.locationName === 'Bucket' ? parts.bucket : ref.locationName === 'Key' ? parts.key : undefined;
      if (v !== undefined) input[name] = v;
    } else if (ref.location === 'querystring') {
      const v = parts.query.get(ref.locationName ?? name);
      if (v !== null) input[name] = scalarFromString(target, v);
    } else if (ref.location === 'header') {
      const v = readHeader(parts.headers, ref.locationName ?? name);
      if (v !== undefined) input[name] = scalarFromString(target, v);
    } else if (ref.location === 'headers') {
      const prefix = (ref.locationName ?? '').toLowerCase();
      const map: Record<string, string> = {};
      for (const [h, v] of Object.entries(parts.headers)) {
        if (h.startsWith(prefix) && v !== undefined)
          map[h.slice(prefix.length)] = Array.isArray(v) ? v.join(',') : v;
      }
      if (Object.keys(map).length > 0) input[name] = map;
    } else if (shape.payload === name && target.type === 'structure') {
      if (parts.xml && parts.xml.length > 0) {
        let doc: Record<string, unknown>;
        try {
          doc = parser.parse(parts.xml.toString('utf8')) as Record<string, unknown>;
        } catch (e) {
          throw new S3Error(
            'MalformedXML',
            `The XML you provided was not well-formed: ${(e as Error).message}`,
          );
        }
        const root = ref.locationName ?? name;
        if (!(root in doc)) {
          throw new S3Error(
            'MalformedXML',
            `The XML you provided was not well-formed or did not validate against our published schema: expected root element <${root}>.`,
          );
        }
        input[name] = fromXml(model, ref.shape, doc[root]);
      }
    }
  }
  const { value, violations } = checkInput(model, shapeName, input, true);
  return { input: value as Record<string, unknown>, violations };
}

/** S3's answer to an input that violates the model. */
export function s3ValidationError(model: ServiceModel, operation: string, violations: Violation[]): S3Error {
  const shape = model.shapes[model.operations[operation]!.input!.shape] as StructureShape;
  const v = violations[0]!;
  const first = v.path[0];
  const member = first && 'member' in first ? first.member : '';
  if (member === shape.payload || (shape.payload && !shape.members[member])) {
    return new S3Error(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  }
  const ref = shape.members[member];
  const argName = ref?.locationName ?? member;
  if (v.kind === 'required') {
    return new S3Error('InvalidRequest', `Missing required parameter ${argName}.`);
  }
  const shown = v.value instanceof Date ? v.value.toISOString() : String(v.value);
  return new S3Error('InvalidArgument', `Invalid value for ${argName}: ${v.constraint}.`, 400, {
    ArgumentName: argName,
    ArgumentValue: shown,
  });
}

function headerValue(shape: Shape, value: unknown): string {
  if (value instanceof Date) {
    return shape.timestampFormat === 'iso8601' ? value.toISOString() : value.toUTCString();
  }
  return String(value);
}

function toXmlValue(model: ServiceModel, shapeName: string, value: unknown): unknown {
  const shape = model.shapes[shapeName]!;
  if (shape.type === 'structure') return structureToXml(model, shape, value as Record<string, unknown>);
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return String(value);
}

function structureToXml(model: ServiceModel, shape: StructureShape, value: Record<string, unknown>): unknown {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members)) {
    const v = value[name];
    if (v === undefined || v === null || ref.location) continue;
    const target = model.shapes[ref.shape]!;
    if (target.type === 'list') {
      const { name: itemName, flattened } = listMemberName(model, name, ref);
      const items = (v as unknown[]).map((i) => toXmlValue(model, target.member.shape, i));
      if (flattened) out[itemName] = items;
      else out[ref.locationName ?? name] = { [itemName]: items };
    } else {
      out[ref.locationName ?? name] = toXmlValue(model, ref.shape, v);
    }
  }
  return out;
}

export interface S3Output {
  headers: Record<string, string>;
  /** XML document, when the output has body members */
  xml?: string;
  violations: Violation[];
}

/**
 * Splits an operation's output into headers and an XML body named `root`. Validates it against the output
 * shape (typed values: Date, Buffer); the caller decides what a violation means (strictOutput).
 */
export function serializeS3Output(
  model: ServiceModel,
  operation: string,
  output: Record<string, unknown>,
  root?: string,
): S3Output {
  const op = model.operations[operation]!;
  if (!op.output) return { headers: {}, violations: [] };
  const shape = model.shapes[op.output.shape] as StructureShape;
  const { violations } = checkOutput(model, op.output.shape, output, true);
  const headers: Record<string, string> = {};
  let hasBody = false;
  for (const [name, ref] of Object.entries(shape.members)) {
    const v = output[name];
    if (v === undefined || v === null) continue;
    if (ref.location === 'header')
      headers[(ref.locationName ?? name).toLowerCase()] = headerValue(model.shapes[ref.shape]!, v);
    else if (ref.location === 'headers') {
      for (const [k, mv] of Object.entries(v as Record<string, string>))
        headers[`${ref.locationName}${k}`] = mv;
    } else if (shape.payload !== name) hasBody = true;
  }
  if (!hasBody || !root) return { headers, violations };
  const body = structureToXml(model, shape, output) as Record<string, unknown>;
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' + builder.build({ [root]: { '@_xmlns': S3_XMLNS, ...body } });
  return { headers, xml, violations };
}

export function writeS3Error(res: ServerResponse, err: AwsError, requestId: string, head: boolean): void {
  const extra = err instanceof S3Error ? err.extra : {};
  const headers: Record<string, string> = {
    'x-amz-request-id': requestId,
    'x-amz-id-2': Buffer.from(requestId).toString('base64'),
  };
  if (head) {
    // HEAD responses have no body; the SDK maps the status (404 → NotFound).
    res.writeHead(err.status, headers);
    res.end();
    return;
  }
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    builder.build({
      Error: {
        Code: err.code,
        Message: err.message,
        ...extra,
        RequestId: requestId,
        HostId: headers['x-amz-id-2'],
      },
    });
  res.writeHead(err.status, {
    ...headers,
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(xml),
  });
  res.end(xml);
}
