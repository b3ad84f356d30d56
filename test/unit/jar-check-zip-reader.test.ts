import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ClassSummary, parseClassFile } from '../../src/jar-check/class-file.js';
import { type ArchiveHandlers, type ReadOptions, readArchive } from '../../src/jar-check/zip-reader.js';
import { buildJar, classMajorFor } from '../support/jar-builder.js';
import { useTempDir } from '../support/temp-dir.js';

const tmp = useTempDir('jar-check-zip-');

async function readAll(path: string, options: ReadOptions) {
  const classes = new Map<string, ClassSummary>();
  const texts = new Map<string, string>();
  const skipped: string[] = [];
  const unreadable: string[] = [];
  const handlers: ArchiveHandlers<ClassSummary> = {
    classify: (name) =>
      name.endsWith('.class')
        ? 'class'
        : name.endsWith('.MF') || name.endsWith('.properties')
          ? 'text'
          : (skipped.push(name), 'skip'),
    parseClass: (data) => parseClassFile(data),
    onClass: (name, c) => classes.set(name, c),
    onUnreadableClass: (name) => unreadable.push(name),
    onText: (name, text) => texts.set(name, text),
  };
  const info = await readArchive(path, statSync(path).size, handlers, options);
  return { info, classes, texts, skipped, unreadable };
}

describe('readArchive', () => {
  it('gives the same results with a tiny read cache (entries span blocks, block memory is reused)', async () => {
    const classes = Array.from({ length: 40 }, (_, i) => ({
      name: `com/example/C${i}`,
      major: classMajorFor(11 + (i % 7)),
      references: Array.from({ length: 30 }, (_, k) => `com/example/Ref${k}x${i}`),
      fields: [{ name: `f${i}`, descriptor: 'Ljava/util/List;' }],
      padding: 3000 + i * 50,
    }));
    for (const store of [false, true]) {
      const path = await tmp.write(
        `span-${store}.jar`,
        buildJar({
          store,
          classes,
          artifacts: [{ groupId: 'g', artifactId: 'a', version: '1' }],
          files: { 'data.bin': Buffer.alloc(20_000, 3) },
        }),
      );
      const big = await readAll(path, {});
      const tiny = await readAll(path, { blockSize: 97, maxBlocks: 2, concurrency: 5 });
      expect(big.classes.size).toBe(40);
      expect(tiny.info).toEqual(big.info);
      expect([...tiny.classes.entries()].sort()).toEqual([...big.classes.entries()].sort());
      expect(tiny.texts).toEqual(big.texts);
      expect(tiny.unreadable).toEqual([]);
      expect(big.classes.get('com/example/C3.class')?.major).toBe(classMajorFor(14));
      expect(big.texts.get('META-INF/maven/g/a/pom.properties')).toContain('version=1');
      expect(big.skipped).toEqual(['data.bin']);
    }
  });

  it('reads large class entries that need several partial inflates', async () => {
    const strings = Array.from(
      { length: 4000 },
      (_, i) => `some/long/generated/Name${i}ThatFillsTheConstantPool`,
    );
    const path = await tmp.write(
      'large.jar',
      buildJar({
        classes: [
          {
            name: 'com/example/Huge',
            strings,
            fields: [{ name: 'm', descriptor: 'Ljava/util/Map;' }],
            padding: 100_000,
          },
        ],
      }),
    );
    const { classes } = await readAll(path, { blockSize: 4096, maxBlocks: 3 });
    expect(classes.get('com/example/Huge.class')?.fields).toEqual([
      { access: 2, name: 'm', descriptor: 'Ljava/util/Map;' },
    ]);
  });
});
