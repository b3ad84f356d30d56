#!/usr/bin/env node
/**
 * The same pipeline from the command line (the package's `flink-upgrade` bin, bundled to
 * dist/cli/index.js; `tsx src/cli.ts` from a clone):
 *
 *   flink-upgrade --application-name my-app --artifact target/app.jar --runtime FLINK-2_2 --dry-run
 *
 * Flags are named like the action's inputs (`--name value`, `--name=value`, or a bare `--flag` for
 * true). Credentials and region come from the usual AWS environment. Prints progress lines, the
 * outputs and the report (text, coloured on a TTY; `--markdown`: the job summary). Exit codes:
 * EXIT_CODES.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { nodeSupportNoteOnce, type AwsClients } from './aws/clients.js';
import { systemClock, type Clock } from './clock.js';
import { INPUT_NAMES, inputContextFromEnv, parseInputs, type InputName, type RawInputs } from './inputs.js';
import type { Logger } from './log.js';
import { createPlatform } from './platforms.js';
import type { Annotation } from './pipeline/deps.js';
import { runRelease } from './pipeline/run.js';
import { writerLogger } from './log-adapters.js';
import { neutraliseCommands } from './workflow-commands.js';
import { userAgent } from './user-agent.js';
import { annotationLine } from './report/annotations.js';
import { isFailure } from './report/outputs.js';
import { renderTerminal } from './report/terminal.js';
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
  /** colour in the terminal report (default: stdout is a TTY and NO_COLOR is unset) */
  color?: boolean;
  signal?: AbortSignal;
  /** what the run saves for a post step, under its key (JSON) */
  onState?: (key: string, json: string) => void;
}

export interface CliResult {
  exitCode: number;
  report?: UpgradeReport;
  summary?: string;
  outputs: Record<string, string>;
}

/** 0 upgraded, unchanged or planned; 1 failed; 2 rolled back; 3 bad flags or inputs (nothing was called). */
export const EXIT_CODES = { ok: 0, failed: 1, rolledBack: 2, badInput: 3 } as const;

export function exitCodeFor(report: UpgradeReport): number {
  if (report.result === 'rolled-back') return EXIT_CODES.rolledBack;
  return isFailure(report) ? EXIT_CODES.failed : EXIT_CODES.ok;
}

export const CLI_USAGE = [
  'usage: flink-upgrade --application-name NAME (--artifact FILE | --key KEY [--artifact-sha256 HEX]) [options]',
  '',
  'Upgrades a Managed Service for Apache Flink application without losing its state: snapshot,',
  'UpdateApplication, health gate, automatic rollback. Credentials and region come from the usual',
  'AWS environment (AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_REGION, ...).',
  '',
  "options (the action's inputs, same names and values; --name value, --name=value, bare --flag = true):",
  ...INPUT_NAMES.map((n) => `  --${n}`),
  '  --region REGION   AWS region (default: AWS_REGION)',
  '  --markdown        print the report as the Markdown job summary (default: text for a terminal)',
  '  --help            this text',
  '',
  'exit codes: 0 upgraded, unchanged or planned (dry run); 1 failed; 2 rolled back; 3 bad flags or inputs',
].join('\n');

/** `--a b --c=d --flag` → {a: 'b', c: 'd', flag: 'true'}; throws on unknown flags. */
export function parseArgs(argv: readonly string[]): {
  inputs: RawInputs;
  region?: string;
  help: boolean;
  markdown?: boolean;
} {
  const inputs: RawInputs = {};
  let region: string | undefined;
  let help = false;
  let markdown = false;
  const known = new Set<string>(INPUT_NAMES);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--markdown') {
      markdown = true;
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
  return { inputs, ...(region ? { region } : {}), help, ...(markdown ? { markdown } : {}) };
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
    return { exitCode: EXIT_CODES.badInput, outputs };
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
    return { exitCode: EXIT_CODES.badInput, outputs };
  }
  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new Error('cancelled'));
  options.signal?.addEventListener('abort', onSignal, { once: true });
  if (!options.signal) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  try {
    const platform = createPlatform(inputs, {
      userAgent: userAgent(env),
      env,
      signal: controller.signal,
      ...(args.region ? { region: args.region } : {}),
      ...(options.clients ? { clients: options.clients } : {}),
    });
    const log = options.logger ?? writerLogger(write);
    const annotate = (a: Annotation): void => write(neutraliseCommands(annotationLine(a)));
    const report = await runRelease(inputs, {
      platform,
      clock,
      log,
      signal: controller.signal,
      ...(options.onState ? { saveState: options.onState } : {}),
      annotate,
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
    // the reason is the report's second line
    for (const [name, value] of Object.entries(outputs))
      if (value && name !== 'reason') write(`  ${name}: ${value}`);
    write('');
    if (args.markdown) {
      if (summaryText) write(summaryText);
    } else {
      const color = options.color ?? (!options.write && process.stdout.isTTY === true && !env.NO_COLOR);
      write(renderTerminal(report, { color }).trimEnd());
    }
    const note = nodeSupportNoteOnce();
    if (note) write(note);
    return { exitCode: exitCodeFor(report), report, ...(summary ? { summary } : {}), outputs };
  } finally {
    options.signal?.removeEventListener('abort', onSignal);
    if (!options.signal) {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
  }
}

/** Run as a program: `tsx src/cli.ts`, `node dist/cli/index.js`, or the bin link npm makes to it. */
function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  const result = await runCli(process.argv.slice(2));
  process.exitCode = result.exitCode;
}
