/**
 * Workflow-command neutralisation: the one place text is made safe for the GitHub runner, used by every
 * channel the action writes to (log lines, groups, debug, annotations, the failure message, the job
 * summary, the command line's output). Pure.
 *
 * The runner reads each line of a step's output as a command when
 * - the line, trimmed by .NET's `TrimStart()`, starts with `::` (`::warning::…`, `::stop-commands::…`), or
 * - the line contains the legacy form `##[command]` anywhere.
 * .NET's trim strips characters JavaScript's `\s` does not (U+0085 NEXT LINE, the C0 separators
 * U+001C–U+001F), and the runner splits lines at `\r` as well as `\n`. A zero-width space (not
 * whitespace to .NET) inside the marker keeps the text readable and inert.
 */

const ZWSP = '\u200b';

/** Everything .NET's TrimStart() or JavaScript's `\s` count as white space (a superset of both). */
const SPACE = '[\\s\\u0085\\u001c-\\u001f\\u180e\\u200b\\ufeff]';

/** A line start (the runner splits at \r and \n; JavaScript also at U+2028/U+2029; U+0085 to be safe). */
const LINE_START = '(^|[\\r\\n\\u2028\\u2029\\u0085])';

const COMMAND_AT_LINE_START = new RegExp(`${LINE_START}(${SPACE}*):(?=:)`, 'g');
const LEGACY_COMMAND = /#(?=#\[)/g;

/** Text that cannot form a workflow command, whatever it contains; plain text is returned unchanged. */
export function neutraliseCommands(text: string): string {
  return text
    .replace(LEGACY_COMMAND, `#${ZWSP}`)
    .replace(COMMAND_AT_LINE_START, (_m, start: string, space: string) => `${start}${space}:${ZWSP}`);
}

/** Annotation properties as @actions/core takes them. */
export interface AnnotationProps {
  title?: string;
  file?: string;
}

/** The text channels of @actions/core. */
interface TextChannels {
  info(message: string): void;
  debug(message: string): void;
  warning(message: string, props?: AnnotationProps): void;
  error(message: string, props?: AnnotationProps): void;
  notice(message: string, props?: AnnotationProps): void;
  setFailed(message: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** What the action writes text through: the channels, and the job summary. */
export interface CoreChannels extends TextChannels {
  /** appends Markdown to the job summary and writes it */
  writeSummary(markdown: string): Promise<void>;
}

/** Minimal shape of @actions/core that `guardCore` wraps. */
export interface CoreModule extends TextChannels {
  summary: { addRaw(text: string): { write(): Promise<unknown> } };
}

function safeProps(props: AnnotationProps | undefined): AnnotationProps | undefined {
  if (!props) return undefined;
  return {
    ...(props.title !== undefined ? { title: neutraliseCommands(props.title) } : {}),
    ...(props.file !== undefined ? { file: neutraliseCommands(props.file) } : {}),
  };
}

/** @actions/core with every channel passed through neutraliseCommands. */
export function guardCore(core: CoreModule): CoreChannels {
  const n = neutraliseCommands;
  return {
    info: (m) => core.info(n(m)),
    debug: (m) => core.debug(n(m)),
    warning: (m, p) => core.warning(n(m), safeProps(p)),
    error: (m, p) => core.error(n(m), safeProps(p)),
    notice: (m, p) => core.notice(n(m), safeProps(p)),
    setFailed: (m) => core.setFailed(n(m)),
    group: (name, fn) => core.group(n(name), fn),
    writeSummary: async (markdown) => {
      await core.summary.addRaw(n(markdown)).write();
    },
  };
}
