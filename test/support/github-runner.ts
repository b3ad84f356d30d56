/**
 * Runs the bundled action (action.yml's `runs.main`, then `runs.post`) the way the GitHub runner does:
 * each input as `INPUT_<NAME>` (upper case, hyphens kept) with action.yml's defaults filled in, the file
 * commands GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY in a temporary folder, and the state the
 * main step saved handed to the post step as `STATE_<name>`. Child processes are spawned asynchronously,
 * so an emulator in the calling process keeps serving. `interrupt` sends the main step a signal (as the
 * runner does when the job is cancelled) once its output matches, and the post step still runs.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface StepRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** the signal sent to the step by `interrupt`, if it was */
  interrupted?: NodeJS.Signals;
}

export interface StepInterrupt {
  /** sent once stdout (all of it so far) matches `when` */
  signal: NodeJS.Signals;
  when: RegExp;
}

export interface ActionRun {
  main: StepRun;
  post: StepRun;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
}

interface ActionYml {
  inputs: Record<string, { default?: unknown }>;
  runs: { main: string; post?: string };
}

/** `name<<DELIMITER\nvalue\nDELIMITER` entries, as @actions/core writes file commands. */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const entry = /^(.+?)<<(.+)\r?\n([\s\S]*?)\r?\n\2$/gm;
  for (let m = entry.exec(text); m; m = entry.exec(text)) out[m[1]!] = m[3]!;
  return out;
}

/** `INPUT_*` variables for `with:` over action.yml's defaults. */
export function inputEnv(action: ActionYml, withInputs: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    // An expression default (`${{ github.token }}`) is evaluated by GitHub; outside it there is no value.
    const fallback =
      spec.default === undefined || String(spec.default).includes('${{') ? undefined : String(spec.default);
    const value = withInputs[name] ?? fallback;
    if (value !== undefined) env[`INPUT_${name.replaceAll(' ', '_').toUpperCase()}`] = value;
  }
  return env;
}

/** The source file a bundled entry is built from (`dist/index.js` → `src/index.ts`). */
export function sourceEntry(entry: string): string {
  return entry === 'dist/index.js' ? 'src/index.ts' : entry.replace(/^dist\/(\w+)\/index\.js$/, 'src/$1.ts');
}

function runStep(
  entry: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  interrupt?: StepInterrupt,
  source = false,
): Promise<StepRun> {
  return new Promise((resolve, reject) => {
    const args = source ? ['--import', 'tsx', path.join(ROOT, sourceEntry(entry))] : [path.join(ROOT, entry)];
    const child = spawn(process.execPath, args, { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    let interrupted: NodeJS.Signals | undefined;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      if (interrupt && !interrupted && interrupt.when.test(stdout)) {
        interrupted = interrupt.signal;
        child.kill(interrupt.signal);
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.once('error', reject);
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr, ...(interrupted ? { interrupted } : {}) });
    });
  });
}

export async function runAction(options: {
  with: Record<string, string>;
  /** the step's `env:` */
  env: Record<string, string>;
  /** per step (default 60 s) */
  timeoutMs?: number;
  /** a signal for the main step, e.g. SIGINT once the bake reports progress */
  interrupt?: StepInterrupt;
  /** run the TypeScript sources (src/index.ts, src/post.ts) instead of the committed bundle */
  source?: boolean;
}): Promise<ActionRun> {
  const action = YAML.parse(await readFile(path.join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
  const dir = await mkdtemp(path.join(tmpdir(), 'github-runner-'));
  try {
    const files = {
      GITHUB_OUTPUT: path.join(dir, 'output'),
      GITHUB_STATE: path.join(dir, 'state'),
      GITHUB_STEP_SUMMARY: path.join(dir, 'step-summary'),
      GITHUB_ENV: path.join(dir, 'env'),
      GITHUB_PATH: path.join(dir, 'path'),
    };
    for (const file of Object.values(files)) await writeFile(file, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: ROOT,
      GITHUB_REPOSITORY: 'example/flink-upgrade-action',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_REF_TYPE: 'branch',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_RUN_ID: '1001',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_SERVER_URL: 'https://github.com',
      RUNNER_TEMP: dir,
      ...files,
      ...inputEnv(action, options.with),
      ...options.env,
    };
    const timeoutMs = options.timeoutMs ?? 60_000;
    const main = await runStep(action.runs.main, env, timeoutMs, options.interrupt, options.source);
    const outputs = parseFileCommands(await readFile(files.GITHUB_OUTPUT, 'utf8'));
    const state = parseFileCommands(await readFile(files.GITHUB_STATE, 'utf8'));
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    const post = action.runs.post
      ? await runStep(action.runs.post, { ...env, ...stateEnv }, timeoutMs, undefined, options.source)
      : { exitCode: 0, stdout: '', stderr: '' };
    const summary = await readFile(files.GITHUB_STEP_SUMMARY, 'utf8');
    return { main, post, outputs, state, summary };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
