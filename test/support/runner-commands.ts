/**
 * How the GitHub runner finds workflow commands in a step's output (actions/runner, ActionCommand):
 * the output is split into lines at `\r` and `\n`; a line is a command when, after .NET's TrimStart(),
 * it starts with `::` (`::name props::data`), or, failing that, when it contains the legacy `##[name…]`
 * anywhere. .NET's white space includes U+0085 and U+001C–U+001F, which JavaScript's `\s` does not.
 */

/** Char.IsWhiteSpace in .NET (what TrimStart strips). */
const DOTNET_SPACE =
  // eslint-disable-next-line no-control-regex -- .NET's white space includes the C0 separators
  /^[\t\n\v\f\r \u001c-\u001f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/;

export interface RunnerCommand {
  form: 'v2' | 'legacy';
  /** the command name, e.g. `warning` */
  name: string;
  /** what stands between the name and the data (properties) */
  properties: string;
  data: string;
  line: string;
}

export function runnerCommands(output: string): RunnerCommand[] {
  const out: RunnerCommand[] = [];
  for (const line of output.split(/\r\n|\r|\n/)) {
    const trimmed = line.replace(DOTNET_SPACE, '');
    if (trimmed.startsWith('::')) {
      const end = trimmed.indexOf('::', 2);
      if (end > 2) {
        const head = trimmed.slice(2, end);
        const space = head.indexOf(' ');
        out.push({
          form: 'v2',
          name: space === -1 ? head : head.slice(0, space),
          properties: space === -1 ? '' : head.slice(space + 1),
          data: trimmed.slice(end + 2),
          line,
        });
        continue;
      }
    }
    const legacy = line.indexOf('##[');
    if (legacy !== -1) {
      const close = line.indexOf(']', legacy);
      const head = close === -1 ? line.slice(legacy + 3) : line.slice(legacy + 3, close);
      const space = head.indexOf(' ');
      out.push({
        form: 'legacy',
        name: space === -1 ? head : head.slice(0, space),
        properties: space === -1 ? '' : head.slice(space + 1),
        data: close === -1 ? '' : line.slice(close + 1),
        line,
      });
    }
  }
  return out;
}

/**
 * Hostile text: every way text from AWS, the artifact or the inputs could try to form a command.
 * Each forged command carries the marker `forged` in its name or properties, never in its data alone.
 */
export const INJECTION_CORPUS: readonly string[] = [
  '::warning title=forged::FORGED',
  '  ::error title=forged::FORGED',
  '\u0085::error title=forged::FORGED',
  '\u001f::notice title=forged::FORGED',
  '\u00a0\u3000::warning title=forged::FORGED',
  'text\r::warning title=forged::FORGED',
  'text\n::stop-commands::forged',
  '\u2028::warning title=forged::FORGED',
  'the job said ##[warning title=forged]FORGED',
  '##[error title=forged]FORGED',
  '###[stop-commands]forged',
  '##[add-mask]forged',
  '::warning title=forged::%0A::error title=forged::FORGED',
];

/** Commands the action itself never writes to its output. */
const NEVER_ISSUED = ['stop-commands', 'add-mask', 'set-env', 'add-path', 'set-output', 'save-state', 'echo'];

/**
 * Commands that the hostile text formed: any legacy one, a `::` one it named, or one whose properties it
 * started (`title=forged`; a property value the action escaped, like a file name, is data).
 */
export function forgedCommands(output: string): RunnerCommand[] {
  return runnerCommands(output).filter(
    (c) =>
      c.form === 'legacy' ||
      /forged/i.test(c.name) ||
      NEVER_ISSUED.includes(c.name) ||
      c.properties.split(',').some((p) => /^\w+=forged/i.test(p.trim())),
  );
}
