/** The Logger for the action (@actions/core) and for the command line (a writer). */
import type { Logger } from './log.js';
import { neutraliseCommands } from './workflow-commands.js';

export { neutraliseCommands };

export interface CoreLike {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export function coreLogger(core: CoreLike): Logger {
  return {
    info: (line) => core.info(neutraliseCommands(line)),
    // warnings go to the log with a prefix; annotations are reserved for the few that matter
    warn: (line) => core.info(neutraliseCommands(`warning: ${line}`)),
    error: (line) => core.info(neutraliseCommands(`error: ${line}`)),
    debug: (line) => core.debug(neutraliseCommands(line)),
    group: (name, fn) => core.group(neutraliseCommands(name), fn),
  };
}

/** Lines to a writer (stdout in the CLI, which may itself run in a workflow), groups as headings. */
export function writerLogger(writeRaw: (line: string) => void, options: { debug?: boolean } = {}): Logger {
  const write = (line: string): void => writeRaw(neutraliseCommands(line));
  return {
    info: (line) => write(line),
    warn: (line) => write(`warning: ${line}`),
    error: (line) => write(`error: ${line}`),
    debug: (line) => {
      if (options.debug) write(`debug: ${line}`);
    },
    group: async (name, fn) => {
      write(`▶ ${name}`);
      return fn();
    },
  };
}
