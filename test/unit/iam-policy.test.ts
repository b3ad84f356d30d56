import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The documented IAM policy must allow every AWS call the action makes, and nothing it doesn't make
 * (least privilege). The calls are read from the source: every `XxxCommand` imported from an AWS SDK
 * client, plus lib-storage's Upload (multipart PutObject).
 */
const SERVICE_PREFIX: Record<string, string> = {
  '@aws-sdk/client-kinesis-analytics-v2': 'kinesisanalytics',
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
};

/** S3 authorises several API calls under one IAM action. */
const S3_ACTION: Record<string, string[]> = {
  PutObject: ['s3:PutObject'],
  // a HEAD of a missing key answers 404 only with s3:ListBucket (403 without it)
  HeadObject: ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket'],
  GetObject: ['s3:GetObject', 's3:GetObjectVersion'],
  CreateMultipartUpload: ['s3:PutObject'],
  UploadPart: ['s3:PutObject'],
  CompleteMultipartUpload: ['s3:PutObject'],
  AbortMultipartUpload: ['s3:AbortMultipartUpload'],
  GetBucketVersioning: ['s3:GetBucketVersioning'],
  ListObjectsV2: ['s3:ListBucket'],
  HeadBucket: ['s3:ListBucket'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function actionsUsedBySource(): Set<string> {
  const used = new Set<string>();
  const importRe = /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(@aws-sdk\/[^']+)'/g;
  for (const file of sourceFiles('src')) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(importRe)) {
      const names = match[1] ?? '';
      const pkg = match[2] ?? '';
      if (pkg === '@aws-sdk/lib-storage' && /\bUpload\b/.test(names)) {
        for (const op of [
          'CreateMultipartUpload',
          'UploadPart',
          'CompleteMultipartUpload',
          'AbortMultipartUpload',
          'PutObject',
        ]) {
          for (const a of S3_ACTION[op] ?? []) used.add(a);
        }
        continue;
      }
      const prefix = SERVICE_PREFIX[pkg];
      if (!prefix) continue;
      for (const raw of names.split(',')) {
        const name =
          raw
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0] ?? '';
        const op = /^(\w+)Command$/.exec(name)?.[1];
        if (!op) continue;
        const actions = prefix === 's3' ? (S3_ACTION[op] ?? [`s3:${op}`]) : [`${prefix}:${op}`];
        for (const a of actions) used.add(a);
      }
    }
  }
  return used;
}

function actionsInPolicy(): Set<string> {
  const policy = JSON.parse(readFileSync('docs/iam-policy.json', 'utf8')) as {
    Statement: { Action: string | string[] }[];
  };
  return new Set(policy.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
}

describe('documented IAM policy', () => {
  const used = actionsUsedBySource();
  const allowed = actionsInPolicy();

  it('finds the AWS calls in the source', () => {
    expect(used.has('kinesisanalytics:UpdateApplication')).toBe(true);
    expect(used.has('cloudwatch:GetMetricData')).toBe(true);
  });

  it('allows every call the action makes', () => {
    expect([...used].filter((a) => !allowed.has(a)).sort()).toEqual([]);
  });

  it('allows nothing the action does not use', () => {
    expect([...allowed].filter((a) => !used.has(a)).sort()).toEqual([]);
  });

  it('is the policy shown in the README', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const action of allowed) expect(readme).toContain(action);
  });
});

describe('snapshot retention in the IAM policy', () => {
  it('grants DeleteApplicationSnapshot in its own statement, for keep-snapshots only', () => {
    const policy = JSON.parse(readFileSync('docs/iam-policy.json', 'utf8')) as {
      Statement: { Sid: string; Action: string | string[] }[];
    };
    const holding = policy.Statement.filter((s) =>
      ([] as string[]).concat(s.Action).includes('kinesisanalytics:DeleteApplicationSnapshot'),
    );
    expect(holding.map((s) => s.Sid)).toEqual(['SnapshotRetention']);
    expect(holding[0]?.Action).toEqual(['kinesisanalytics:DeleteApplicationSnapshot']);
    // the only source file that deletes snapshots is the MSF target, called by the retention module
    const deleting = sourceFiles('src').filter((f) =>
      readFileSync(f, 'utf8').includes('DeleteApplicationSnapshotCommand'),
    );
    expect(deleting).toEqual([join('src', 'msf', 'target.ts')]);
    expect(readFileSync('README.md', 'utf8')).toMatch(
      /`SnapshotRetention` statement is needed only with\s+`keep-snapshots`/,
    );
  });
});
