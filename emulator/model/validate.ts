/**
 * Model-driven validation and conversion of values against botocore shapes.
 *
 * `checkInput` validates a decoded request (JSON body, or S3 input bound from URI/query/headers/XML) and
 * converts it into what handlers see: timestamps → Date, blobs → Buffer. `checkOutput` validates what a
 * handler returned (strictOutput) and converts it to the wire form of the JSON protocols (Date → epoch
 * seconds, Buffer → base64).
 *
 * Violations are returned structured; each protocol formats them as its service does (see
 * protocol/json.ts and s3/).
 */
import type { ServiceModel, Shape, StructureShape } from './types.js';

export type PathSegment = { member: string } | { index: number } | { key: string };

export interface Violation {
  path: PathSegment[];
  value: unknown;
  /**
   * required: a required member is missing; constraint: length/range/pattern/enum; type: wrong JSON type;
   * unknown: a member the shape does not define.
   */
  kind: 'required' | 'constraint' | 'type' | 'unknown';
  /** Coral wording, e.g. `Member must have length less than or equal to 128` */
  constraint: string;
}

const patternCache = new Map<string, RegExp>();

/** Model patterns are Java regexes matched against the whole value. */
function compilePattern(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    try {
      re = new RegExp(`^(?:${pattern})$`, 'u');
    } catch {
      re = new RegExp(`^(?:${pattern})$`);
    }
    patternCache.set(pattern, re);
  }
  return re;
}

type Mode = 'input' | 'output';

interface Walk {
  model: ServiceModel;
  mode: Mode;
  violations: Violation[];
  /**
   * Values are typed (Date, Buffer) rather than JSON wire values: S3's input binding produces them, and S3
   * output is serialised to headers/XML from them.
   */
  typed: boolean;
}

function lengthOf(value: unknown): number {
  if (typeof value === 'string') return [...value].length;
  if (Buffer.isBuffer(value)) return value.length;
  if (Array.isArray(value)) return value.length;
  if (value && typeof value === 'object') return Object.keys(value).length;
  return 0;
}

function constraintViolation(w: Walk, path: PathSegment[], value: unknown, constraint: string): void {
  w.violations.push({ path, value, kind: 'constraint', constraint });
}

/** The shape's min/max against a length or a numeric value, in Coral's wording. */
function checkBounds(
  w: Walk,
  shape: Shape,
  measured: number,
  what: 'length' | 'value',
  path: PathSegment[],
  value: unknown,
): void {
  if (shape.min !== undefined && measured < shape.min)
    constraintViolation(w, path, value, `Member must have ${what} greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && measured > shape.max)
    constraintViolation(w, path, value, `Member must have ${what} less than or equal to ${shape.max}`);
}

function checkLength(w: Walk, shape: Shape, value: unknown, path: PathSegment[]): void {
  checkBounds(w, shape, lengthOf(value), 'length', path, value);
}

function typeError(w: Walk, path: PathSegment[], value: unknown, expected: string): undefined {
  w.violations.push({ path, value, kind: 'type', constraint: `Member must be ${expected}` });
  return undefined;
}

function walk(w: Walk, shapeName: string, value: unknown, path: PathSegment[]): unknown {
  const shape = w.model.shapes[shapeName];
  if (!shape) throw new Error(`model has no shape ${shapeName}`);
  switch (shape.type) {
    case 'structure':
      return walkStructure(w, shape, value, path);
    case 'list': {
      if (!Array.isArray(value)) return typeError(w, path, value, 'a list');
      checkLength(w, shape, value, path);
      return value.map((item, index) => walk(w, shape.member.shape, item, [...path, { index }]));
    }
    case 'map': {
      if (!value || typeof value !== 'object' || Array.isArray(value))
        return typeError(w, path, value, 'a map');
      checkLength(w, shape, value, path);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        walk(w, shape.key.shape, k, [...path, { key: k }]);
        out[k] = walk(w, shape.value.shape, v, [...path, { key: k }]);
      }
      return out;
    }
    case 'string': {
      if (typeof value !== 'string') return typeError(w, path, value, 'a string');
      checkLength(w, shape, value, path);
      if (shape.pattern !== undefined && !compilePattern(shape.pattern).test(value))
        constraintViolation(
          w,
          path,
          value,
          `Member must satisfy regular expression pattern: ${shape.pattern}`,
        );
      if (shape.enum && !shape.enum.includes(value))
        constraintViolation(w, path, value, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      return value;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      if (typeof value !== 'number' || Number.isNaN(value)) return typeError(w, path, value, 'a number');
      if ((shape.type === 'integer' || shape.type === 'long') && !Number.isInteger(value))
        return typeError(w, path, value, 'an integer');
      checkBounds(w, shape, value, 'value', path, value);
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') return typeError(w, path, value, 'a boolean');
      return value;
    case 'timestamp': {
      if (w.mode === 'output') {
        if (!(value instanceof Date) || Number.isNaN(value.getTime()))
          return typeError(w, path, value, 'a Date (handlers return timestamps as Date)');
        return w.typed ? value : value.getTime() / 1000;
      }
      if (value instanceof Date && w.typed) return value;
      if (typeof value !== 'number' || !Number.isFinite(value))
        return typeError(w, path, value, 'a timestamp (epoch seconds)');
      return new Date(Math.round(value * 1000));
    }
    case 'blob': {
      if (w.mode === 'output') {
        if (!Buffer.isBuffer(value) && !(value instanceof Uint8Array))
          return typeError(w, path, value, 'bytes');
        checkLength(w, shape, value, path);
        return w.typed ? value : Buffer.from(value).toString('base64');
      }
      if (Buffer.isBuffer(value) && w.typed) return value;
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
        return typeError(w, path, value, 'base64-encoded bytes');
      const bytes = Buffer.from(value, 'base64');
      checkLength(w, shape, bytes, path);
      return bytes;
    }
  }
}

function walkStructure(w: Walk, shape: StructureShape, value: unknown, path: PathSegment[]): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof Date)
    return typeError(w, path, value, 'a structure');
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of shape.required ?? []) {
    if (obj[name] === undefined || obj[name] === null)
      w.violations.push({
        path: [...path, { member: name }],
        value: null,
        kind: 'required',
        constraint: 'Member must not be null',
      });
  }
  for (const [name, v] of Object.entries(obj)) {
    const ref = shape.members[name];
    if (!ref) {
      w.violations.push({
        path: [...path, { member: name }],
        value: v,
        kind: 'unknown',
        constraint: 'Member is not defined in the model',
      });
      continue;
    }
    if (v === undefined || v === null) continue;
    out[name] = walk(w, ref.shape, v, [...path, { member: name }]);
  }
  return out;
}

export interface CheckResult {
  value: unknown;
  violations: Violation[];
}

function check(w: Walk, shapeName: string, value: unknown): CheckResult {
  const out = walk(w, shapeName, value ?? {}, []);
  return { value: out, violations: w.violations };
}

/**
 * Validates a request's members against `shapeName`. `typed`: values are already typed (S3 binding gives
 * Date/Buffer/number); otherwise they are JSON (timestamps as epoch seconds, blobs as base64).
 */
export function checkInput(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  typed = false,
): CheckResult {
  return check({ model, mode: 'input', violations: [], typed }, shapeName, value);
}

/** Validates a handler's output and (unless `typed`) converts it to JSON wire values. */
export function checkOutput(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  typed = false,
): CheckResult {
  return check({ model, mode: 'output', violations: [], typed }, shapeName, value);
}

function renderValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return `'${String(value)}'`;
  return `'${JSON.stringify(value)}'`;
}

/** Coral (the AWS JSON front end) member paths: `runConfigurationUpdate.x.1.member.y` */
export function coralPath(path: PathSegment[]): string {
  const parts: string[] = [];
  for (const seg of path) {
    if ('member' in seg) parts.push(seg.member.charAt(0).toLowerCase() + seg.member.slice(1));
    else if ('index' in seg) parts.push(`${seg.index + 1}.member`);
    else parts.push(seg.key);
  }
  return parts.join('.');
}

/** AWS Query member paths (CloudWatch): `MetricDataQueries.member.1.Id` */
export function queryPath(path: PathSegment[]): string {
  const parts: string[] = [];
  for (const seg of path) {
    if ('member' in seg) parts.push(seg.member);
    else if ('index' in seg) parts.push(`member.${seg.index + 1}`);
    else parts.push(seg.key);
  }
  return parts.join('.');
}

/** `1 validation error detected: Value 'x' at 'applicationName' failed to satisfy constraint: Member must …` */
export function coralMessage(violations: Violation[]): string {
  const n = violations.length;
  const items = violations.map(
    (v) =>
      `Value ${renderValue(v.value)} at '${coralPath(v.path)}' failed to satisfy constraint: ${v.constraint}`,
  );
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${items.join('; ')}`;
}

/** One line per violation, for logs and thrown output errors. */
export function describeViolations(violations: Violation[]): string {
  return violations
    .map((v) => `${coralPath(v.path) || '(root)'}: ${v.constraint} (got ${renderValue(v.value)})`)
    .join('; ');
}
