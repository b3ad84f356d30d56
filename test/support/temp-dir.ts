/**
 * A temporary folder for the files one test file writes (JARs, zips): made when called at the top level
 * of a vitest file and removed, with everything in it, after that file's tests.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export interface TempDir {
  dir: string;
  /** the path of `name` in the folder (nothing is written) */
  path(name: string): string;
  /** writes `content` as `name` in the folder; returns its path */
  write(name: string, content: Buffer | string | Promise<Buffer>): Promise<string>;
  /** writes `content` under a fresh name ending in `suffix` (`app-1.jar`, `app-2.jar`, …); returns its path */
  writeNew(suffix: string, content: Buffer | Promise<Buffer>): Promise<string>;
}

export function useTempDir(prefix: string): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let count = 0;
  const path = (name: string): string => join(dir, name);
  const write = async (name: string, content: Buffer | string | Promise<Buffer>): Promise<string> => {
    writeFileSync(path(name), await content);
    return path(name);
  };
  return { dir, path, write, writeNew: (suffix, content) => write(`app-${++count}${suffix}`, content) };
}
