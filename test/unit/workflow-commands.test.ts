import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as actionsCore from '@actions/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writerLogger } from '../../src/log-adapters.js';
import { guardCore, neutraliseCommands } from '../../src/workflow-commands.js';
import { INJECTION_CORPUS, forgedCommands, runnerCommands } from '../support/runner-commands.js';

describe('the runner model', () => {
  it('reads every corpus entry as a forged command (the corpus is a real attack)', () => {
    for (const text of INJECTION_CORPUS) expect(forgedCommands(text), JSON.stringify(text)).not.toEqual([]);
  });
  it('reads the commands @actions/core writes', () => {
    expect(runnerCommands('::error title=a%3Ab,file=x::data ::warning::y')).toMatchObject([
      { form: 'v2', name: 'error', properties: 'title=a%3Ab,file=x', data: 'data ::warning::y' },
    ]);
  });
});

describe('neutraliseCommands', () => {
  it('defuses every corpus entry', () => {
    for (const text of INJECTION_CORPUS) {
      const safe = neutraliseCommands(text);
      expect(runnerCommands(safe), JSON.stringify(safe)).toEqual([]);
    }
  });
  it('defuses the corpus embedded in longer text, in any position', () => {
    const text = INJECTION_CORPUS.map((t, i) => `line ${i}: ${t}\n${t}`).join('\r\n');
    expect(runnerCommands(neutraliseCommands(text))).toEqual([]);
  });
  it('leaves plain text as written and is idempotent', () => {
    for (const plain of ['arn:aws:s3:::bucket/key', 'a :: b', '### Plan', 'C#[] and ## [x]', 'x::y'])
      expect(neutraliseCommands(plain)).toBe(plain);
    for (const text of INJECTION_CORPUS)
      expect(neutraliseCommands(neutraliseCommands(text))).toBe(neutraliseCommands(text));
  });
});

describe('every channel of the action', () => {
  let dir: string | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('@actions/core through guardCore: info, debug, annotations, groups, failure, summary', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'commands-'));
    const summaryFile = path.join(dir, 'summary');
    await writeFile(summaryFile, '');
    vi.stubEnv('GITHUB_STEP_SUMMARY', summaryFile);
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const core = guardCore(actionsCore);
    for (const text of INJECTION_CORPUS) {
      core.info(text);
      core.debug(text);
      core.warning(text, { title: text, file: text });
      core.error(text, { title: text });
      core.notice(text);
      await core.group(text, async () => core.info('inside'));
      core.setFailed(text);
      await core.writeSummary(`${text}\n`);
    }
    process.exitCode = undefined;
    vi.unstubAllEnvs();
    const output = written.join('');
    expect(output).toContain('inside');
    expect(forgedCommands(output)).toEqual([]);
    const summary = await readFile(summaryFile, 'utf8');
    expect(summary).toContain('FORGED');
    expect(runnerCommands(summary)).toEqual([]);
  });

  it('the command line writer', () => {
    const lines: string[] = [];
    const log = writerLogger((l) => lines.push(l), { debug: true });
    for (const text of INJECTION_CORPUS) {
      log.info(text);
      log.warn(text);
      log.debug(text);
    }
    expect(lines.length).toBe(3 * INJECTION_CORPUS.length);
    expect(runnerCommands(lines.join('\n'))).toEqual([]);
  });
});
