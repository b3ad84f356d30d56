/**
 * The same pipeline from the command line:
 *
 *   tsx src/cli.ts --application-name my-app --artifact target/app.jar --runtime FLINK-2_2 --dry-run
 *
 * Flags are named like the action's inputs (`--name value`, `--name=value`, or a bare `--flag` for
 * true). Credentials and region come from the usual AWS environment. Prints progress lines, the
 * outputs and the job summary (Markdown); exits 1 when the release did not go out.
 */
import { pathToFileURL } from 'node:url';
import { createClients, type AwsClients } from './aws/clients.js';
import { systemClock, type Clock } from './clock.js';
import { INPUT_NAMES, inputContextFromEnv, parseInputs, type InputName, type RawInputs } from './inputs.js';
import type { Logger } from './log.js';
import type { RunState } from './pipeline/deps.js';
import { writerLogger } from './pipeline/loggers.js';
import { neutraliseCommands } from './workflow-commands.js';
import { runUpgrade } from './pipeline/upgrade.js';
import { userAgent } from './pipeline/version.js';
import { isFailure } from './report/outputs.js';
import { publishReport } from './report/publish.js';
import type { UpgradeReport } from './report/types.js';

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** default: createClients from the environment */
  clients?: AwsClients;
  /** where lines go (default stdout) */
  write?: (line: string) => void;
  logger?: Logger;
  signal?: AbortSignal;
  onState?: (state: RunState) => void;
}

export interface CliResult {
  exitCode: number;
  report?: UpgradeReport;
  summary?: string;
  outputs: Record<string, string>;
}

export const CLI_USAGE = [
  'usage: flink-upgrade --application-name NAME (--artifact FILE | --key KEY --artifact-sha256 HEX) [options]',
  '',
  `options (named like the action's inputs): ${INPUT_NAMES.map((n) => `--${n}`).join(' ')}`,
  '  --region REGION   AWS region (default: AWS_REGION)',
  '  --help            this text',
].join('\n');

/** `--a b --c=d --flag` → {a: 'b', c: 'd', flag: 'true'}; throws on unknown flags. */
export function parseArgs(argv: readonly string[]): { inputs: RawInputs; region?: string; help: boolean } {
  const inputs: RawInputs = {};
  let region: string | undefined;
  let help = false;
  const known = new Set<string>(INPUT_NAMES);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--'))
      throw new Error(`unexpected argument "${arg}"; flags look like --application-name my-app`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) value = argv[++i]!;
    else value = 'true';
    if (name === 'region') region = value;
    else if (known.has(name)) inputs[name as InputName] = value;
    else throw new Error(`unknown flag --${name}; see --help`);
  }
  return { inputs, ...(region ? { region } : {}), help };
}

export async function runCli(argv: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const writeRaw = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  // the command line may itself run in a workflow step: nothing it prints may form a workflow command
  const write = (line: string): void => writeRaw(neutraliseCommands(line));
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const outputs: Record<string, string> = {};
  let args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    write(`error: ${(err as Error).message}`);
    return { exitCode: 2, outputs };
  }
  if (args.help) {
    write(CLI_USAGE);
    return { exitCode: 0, outputs };
  }
  let inputs;
  try {
    inputs = parseInputs(args.inputs, inputContextFromEnv(env, clock.now()));
  } catch (err) {
    write(`error: ${(err as Error).message}`);
    return { exitCode: 2, outputs };
  }
  const clients =
    options.clients ??
    createClients({ userAgent: userAgent(env), env, ...(args.region ? { region: args.region } : {}) });
  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new Error('cancelled'));
  options.signal?.addEventListener('abort', onSignal, { once: true });
  if (!options.signal) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  try {
    const report = await runUpgrade(inputs, {
      clients,
      clock,
      log: options.logger ?? writerLogger(write),
      signal: controller.signal,
      ...(options.onState ? { onState: options.onState } : {}),
      annotate: (a) => write(`${a.level}: ${a.title}: ${a.message}`),
    });
    let summaryText: string | undefined;
    const summary = await publishReport(
      report,
      { summary: inputs.summary },
      {
        setOutput: (name, value) => {
          outputs[name] = value;
        },
        writeSummary: async (markdown) => {
          summaryText = markdown;
        },
        warn: (message) => write(`warning: ${message}`),
      },
    );
    write('');
    write('outputs:');
    for (const [name, value] of Object.entries(outputs)) if (value) write(`  ${name}: ${value}`);
    if (summaryText) {
      write('');
      write(summaryText);
    }
    return { exitCode: isFailure(report) ? 1 : 0, report, ...(summary ? { summary } : {}), outputs };
  } finally {
    options.signal?.removeEventListener('abort', onSignal);
    if (!options.signal) {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const result = await runCli(process.argv.slice(2));
  process.exitCode = result.exitCode;
}
