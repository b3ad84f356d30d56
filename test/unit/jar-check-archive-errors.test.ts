import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JarCheckError, checkArtifact } from '../../src/jar-check/index.js';
import { buildJar, healthyJobJar } from '../support/jar-builder.js';
import { useTempDir } from '../support/temp-dir.js';

const tmp = useTempDir('jar-check-errors-');

async function problem(
  path: string,
  options: Partial<Parameters<typeof checkArtifact>[1]> = {},
): Promise<JarCheckError> {
  try {
    await checkArtifact(path, { targetRuntime: 'FLINK-2_2', ...options });
  } catch (err) {
    expect(err).toBeInstanceOf(JarCheckError);
    return err as JarCheckError;
  }
  throw new Error('expected a JarCheckError');
}

describe('checkArtifact: archives that cannot be checked', () => {
  it('names a missing file', async () => {
    const err = await problem(tmp.path('missing.jar'));
    expect(err.problem).toBe('NOT_FOUND');
    expect(err.file).toContain('missing.jar');
    expect(err.message).toContain('missing.jar');
  });

  it('rejects a directory', async () => {
    const path = tmp.path('a-dir.jar');
    mkdirSync(path);
    expect((await problem(path)).problem).toBe('NOT_A_FILE');
  });

  it('rejects an empty file', async () => {
    const err = await problem(await tmp.write('empty.jar', Buffer.alloc(0)));
    expect(err.problem).toBe('EMPTY');
    expect(err.message).toMatch(/empty\.jar is empty/);
  });

  it('rejects a file that is not a zip', async () => {
    const err = await problem(await tmp.write('notes.jar', 'this is a text file, not a JAR\n'.repeat(10)));
    expect(err.problem).toBe('NOT_A_ZIP');
    expect(err.message).toContain('notes.jar is not a JAR or zip archive');
  });

  it('recognises a truncated JAR (local headers present, central directory missing)', async () => {
    const jar = await healthyJobJar(17);
    const err = await problem(
      await tmp.write('truncated.jar', jar.subarray(0, Math.floor(jar.length * 0.6))),
    );
    expect(err.problem).toBe('TRUNCATED');
    expect(err.message).toContain('truncated.jar is a truncated zip archive');
  });

  it('recognises an archive whose entry data was cut while the directory survived', async () => {
    const jar = await buildJar({
      files: { 'big.bin': Buffer.alloc(50_000, 7) },
      store: true,
      classes: [{ name: 'com/example/A' }],
    });
    // keep the central directory (at the end) but zero a stretch of the local data
    const damaged = Buffer.from(jar);
    damaged.fill(0, 0, 30);
    const err = await problem(await tmp.write('damaged.jar', damaged));
    expect(['CORRUPT', 'TRUNCATED']).toContain(err.problem);
    expect(err.message).toContain('damaged.jar');
  });

  it('rejects archives over the size limit (MSF: 512 MiB), with the limit faked lower', async () => {
    const path = await tmp.write('big.jar', await healthyJobJar(17));
    const err = await problem(path, { maxBytes: 100 });
    expect(err.problem).toBe('TOO_LARGE');
    expect(err.message).toContain('over the 100 bytes limit');
    const ok = await checkArtifact(path, { targetRuntime: 'FLINK-2_2' });
    expect(ok.findings).toEqual([]);
  });

  it('rejects an unknown target runtime before reading anything', async () => {
    const err = await problem(tmp.path('whatever.jar'), { targetRuntime: 'FLINK-3_0' });
    expect(err.problem).toBe('UNKNOWN_RUNTIME');
    expect(err.message).toContain('FLINK-3_0');
  });
});
