import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('module boundaries', () => {
  it('creates AWS clients only in src/aws/clients.ts and msf-client.ts (one place for retry, user agent, endpoints)', () => {
    const offenders = sourceFiles('src').filter(
      (f) =>
        !f.endsWith(join('aws', 'clients.ts')) &&
        !f.endsWith(join('aws', 'msf-client.ts')) &&
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

  it('keeps each platform out of the others (a platform is one folder under src/)', () => {
    const offenders = PLATFORMS.flatMap((platform) =>
      sourceFiles(join('src', platform)).flatMap((f) =>
        importsOf(f)
          .filter((t) => PLATFORMS.some((other) => other !== platform && t.startsWith(`src/${other}/`)))
          .map((t) => `${f} → ${t}`),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps the platform interface (src/pipeline/platform.ts) free of every platform', () => {
    const offenders = importsOf(join('src', 'pipeline', 'platform.ts')).filter((t) =>
      PLATFORMS.some((p) => t.startsWith(`src/${p}/`)),
    );
    expect(offenders).toEqual([]);
  });

  it('lets the pipeline reach a platform folder only through the imports still to move behind the Platform interface', () => {
    // This list only shrinks: each entry goes when its part of the pipeline drives src/pipeline/platform.ts
    // instead of MSF's shapes. A new import of a platform from src/pipeline/ fails here.
    const remaining = [
      'src/pipeline/post-run.ts → src/msf/application.ts',
      'src/pipeline/post-run.ts → src/msf/rollback-contract.ts',
      'src/pipeline/run-state.ts → src/msf/application.ts',
      'src/pipeline/target.ts → src/msf/application.ts',
      'src/pipeline/target.ts → src/msf/plan.ts',
      'src/pipeline/target.ts → src/msf/rollback-contract.ts',
      'src/pipeline/upgrade.ts → src/msf/plan.ts',
      'src/pipeline/upgrade.ts → src/msf/rollback-contract.ts',
    ];
    const found = sourceFiles(join('src', 'pipeline')).flatMap((f) =>
      importsOf(f)
        .filter((t) => PLATFORMS.some((p) => t.startsWith(`src/${p}/`)))
        .map((t) => `${f.split('\\').join('/')} → ${t}`),
    );
    expect([...new Set(found)].sort()).toEqual(remaining);
  });

  it('builds the platform in one place (src/platforms.ts), called by the entry points', () => {
    const offenders = sourceFiles('src').filter(
      (f) =>
        !f.endsWith('platforms.ts') &&
        !f.startsWith(join('src', 'msf')) &&
        /new\s+MsfTarget\s*\(/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps the entry points free of every platform (src/platforms.ts alone names one)', () => {
    // The main and post steps and the CLI build the platform once through createPlatform and hand it to
    // the pipeline: no import of a platform folder, no word of one, no choice on inputs.platform.
    const offenders = ['main.ts', 'post.ts', 'cli.ts'].flatMap((name) => {
      const file = join('src', name);
      const text = readFileSync(file, 'utf8');
      return [
        ...PLATFORMS.filter((p) => new RegExp(`['/]${p}/`).test(text)).map((p) => `${file} → src/${p}/`),
        ...(/inputs\??\.(platform|flink|msf)\b/.test(text) ? [`${file} → inputs.platform`] : []),
      ];
    });
    expect(offenders).toEqual([]);
  });

  it('sends MSF and CloudWatch commands only from src/msf/ (src/aws/ makes the clients, src/platforms.ts hands them over)', () => {
    const offenders = sourceFiles('src').filter(
      (f) =>
        !f.startsWith(join('src', 'msf')) &&
        !f.startsWith(join('src', 'aws')) &&
        f !== join('src', 'platforms.ts') &&
        /clients\.msf\b|clients\.cloudwatch\b/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps the health gate (src/health/) free of every platform and of the pipeline', () => {
    // The gate loop and the evaluators read through a HealthReader (src/health/reader.ts); MSF's
    // CloudWatch and dashboard reads are in src/msf/health/.
    const offenders = sourceFiles(join('src', 'health')).flatMap((f) =>
      importsOf(f)
        .filter((t) => t.startsWith('src/pipeline/') || PLATFORMS.some((p) => t.startsWith(`src/${p}/`)))
        .map((t) => `${f} → ${t}`),
    );
    expect(offenders).toEqual([]);
  });
});

/** The platform folders under src/. */
const PLATFORMS = ['msf', 'flink'];

/** The source files a file imports (relative imports, type-only ones included), as `src/…/x.ts`. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) =>
    normalize(join(dirname(file), m[1]!))
      .split('\\')
      .join('/')
      .replace(/\.js$/, '.ts'),
  );
}
