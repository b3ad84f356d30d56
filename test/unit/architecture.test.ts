import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('module boundaries', () => {
  it('creates AWS clients only in src/aws/clients.ts (one place for retry, user agent, endpoints)', () => {
    const offenders = sourceFiles('src').filter(
      (f) =>
        !f.endsWith(join('aws', 'clients.ts')) &&
        /new\s+(KinesisAnalyticsV2|S3|CloudWatch)Client\s*\(/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps the emulator independent of the action it checks', () => {
    const offenders = sourceFiles('emulator').filter((f) =>
      /from\s+'\.\.\/(\.\.\/)?src\/(?!clock\.js')/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps one doc comment per declaration in the pipeline (no stale block stacked on another)', () => {
    const offenders = sourceFiles(join('src', 'pipeline')).filter((f) =>
      /\*\/\n[ \t]*\/\*\*/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
