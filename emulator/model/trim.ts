/**
 * Trims an official botocore `service-2.json` to the operations the emulator serves plus every shape they
 * reach (inputs, outputs, errors, transitively), drops documentation, and records the source's sha256.
 * Used by `scripts/sync-models.ts` and by the test that checks the committed models are current.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceModel, Shape } from './types.js';

export interface ModelSource {
  /** our name, also the file name under emulator/models/ */
  service: 'kinesisanalyticsv2' | 'cloudwatch' | 's3';
  /** path of service-2.json under the botocore folder */
  path: string;
  /** operations to keep; `'all'` keeps the whole model */
  operations: string[] | 'all';
}

export const MODEL_SOURCES: ModelSource[] = [
  // The whole MSF model: the control plane may serve more than the upgrade path needs.
  { service: 'kinesisanalyticsv2', path: 'kinesisanalyticsv2/2018-05-23/service-2.json', operations: 'all' },
  {
    service: 'cloudwatch',
    path: 'cloudwatch/2010-08-01/service-2.json',
    operations: ['GetMetricData', 'PutMetricData', 'ListMetrics', 'GetMetricStatistics'],
  },
  {
    service: 's3',
    path: 's3/2006-03-01/service-2.json',
    operations: [
      'CreateBucket',
      'HeadBucket',
      'PutObject',
      'GetObject',
      'HeadObject',
      'ListObjectsV2',
      'CreateMultipartUpload',
      'UploadPart',
      'CompleteMultipartUpload',
      'AbortMultipartUpload',
      'PutBucketVersioning',
      'GetBucketVersioning',
      'ListObjectVersions',
      'DeleteObject',
    ],
  },
];

function stripDocs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDocs);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'documentation' || k === 'documentationUrl') continue;
      out[k] = stripDocs(v);
    }
    return out;
  }
  return value;
}

function shapeRefs(shape: Shape): string[] {
  const refs: string[] = [];
  if (shape.type === 'structure') for (const m of Object.values(shape.members ?? {})) refs.push(m.shape);
  if (shape.type === 'list') refs.push(shape.member.shape);
  if (shape.type === 'map') refs.push(shape.key.shape, shape.value.shape);
  return refs;
}

/** Returns the trimmed model as the JSON text that is committed (stable key order, trailing newline). */
export function trimModel(source: ModelSource, botocoreDir: string): string {
  const raw = readFileSync(join(botocoreDir, source.path));
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const full = JSON.parse(raw.toString('utf8')) as ServiceModel;
  const opNames = source.operations === 'all' ? Object.keys(full.operations).sort() : [...source.operations];
  const operations: ServiceModel['operations'] = {};
  const pending: string[] = [];
  for (const name of opNames) {
    const op = full.operations[name];
    if (!op) throw new Error(`${source.path}: operation ${name} is not in the model`);
    operations[name] = op;
    if (op.input) pending.push(op.input.shape);
    if (op.output) pending.push(op.output.shape);
    for (const e of op.errors ?? []) pending.push(e.shape);
  }
  const keep = new Set<string>();
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (keep.has(name)) continue;
    const shape = full.shapes[name];
    if (!shape) throw new Error(`${source.path}: shape ${name} is referenced but not defined`);
    keep.add(name);
    pending.push(...shapeRefs(shape));
  }
  const shapes: ServiceModel['shapes'] = {};
  for (const name of [...keep].sort()) shapes[name] = full.shapes[name]!;
  const trimmed = {
    source: { file: `botocore/${source.path}`, sha256 },
    version: full.version,
    metadata: full.metadata,
    operations,
    shapes,
  };
  return JSON.stringify(stripDocs(trimmed), null, 1) + '\n';
}
