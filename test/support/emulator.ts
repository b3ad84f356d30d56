/**
 * Starts the emulator for a test file: port 0, strictOutput on, small timings, and clients made by the
 * action's own factory with AWS_ENDPOINT_URL pointing at the emulator (each vitest file runs in its own
 * process). Inside a vitest file every emulator started is stopped in an afterAll hook of the file, which
 * also fails when a handler returned an output that does not match the model.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe } from 'vitest';
import { createClients, type AwsClients } from '../../src/aws/clients.js';
import { systemClock, type Clock } from '../../src/clock.js';
import { startEmulator, type EngineKind, type RunningEmulator } from '../../emulator/index.js';
import type { Timings } from '../../emulator/types.js';

export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
export const TEST_REGION = 'us-east-1';

/** Short transitions in the clock's (virtual) ms: a few hundred ms each. */
export const TEST_TIMINGS: Timings = {
  start: 400,
  stop: 300,
  forceStop: 100,
  update: 500,
  snapshot: 200,
  rollback: 500,
  delete: 100,
};

export interface TestEmulatorOptions {
  clock?: Clock;
  timings?: Partial<Timings>;
  metricPeriodSeconds?: number;
  log?: (line: string) => void;
  /** what runs the jobs (default simulated) */
  engine?: EngineKind;
}

export interface TestEmulator {
  emulator: RunningEmulator;
  clients: AwsClients;
  clock: Clock;
  /** the variables set in process.env (to pass to child processes) */
  env: Record<string, string>;
  /** Stops clients and emulator; rejects when a handler returned an output that does not match the model. */
  stop(): Promise<void>;
}

const running = new Set<TestEmulator>();

// Registered when a test file imports this module (during collection, so it belongs to the file's root
// suite; a hook registered later, e.g. inside beforeAll, would never run): stops every emulator the file
// started and fails the file if one of them served an output that does not match the model.
try {
  afterAll(async () => {
    const errors: unknown[] = [];
    for (const t of [...running]) await t.stop().catch((e: unknown) => errors.push(e));
    if (errors.length > 0) throw errors[0];
  });
} catch {
  // Imported outside a vitest file (a script): callers stop the emulator themselves.
}

export async function startTestEmulator(options: TestEmulatorOptions = {}): Promise<TestEmulator> {
  const clock = options.clock ?? systemClock;
  const emulator = await startEmulator({
    clock,
    timings: { ...TEST_TIMINGS, ...options.timings },
    strictOutput: true,
    ...(options.metricPeriodSeconds !== undefined
      ? { metricPeriodSeconds: options.metricPeriodSeconds }
      : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.engine ? { engine: options.engine } : {}),
  });
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL: emulator.url,
    AWS_REGION: TEST_REGION,
    AWS_DEFAULT_REGION: TEST_REGION,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  };
  Object.assign(process.env, env);
  const clients = createClients({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
  let stopped: Promise<void> | undefined;
  const result: TestEmulator = {
    emulator,
    clients,
    clock,
    env,
    stop() {
      stopped ??= (async () => {
        running.delete(result);
        for (const c of [clients.msf, clients.s3, clients.cloudwatch]) c.destroy();
        await emulator.stop();
        if (emulator.outputErrors.length > 0) {
          throw new Error(
            `The emulator returned outputs that do not match the model:\n${emulator.outputErrors.join('\n')}`,
          );
        }
      })();
      return stopped;
    },
  };
  running.add(result);
  return result;
}

export interface MotoServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts `moto_server` (a third-party AWS stand-in) on a free loopback port, for running the same fidelity
 * tests against it. Resolves undefined when moto_server is not installed.
 */
export async function startMotoServer(): Promise<MotoServer | undefined> {
  if (!hasCommand('moto_server')) return undefined;
  const port = await new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const p = (probe.address() as { port: number }).port;
      probe.close(() => resolve(p));
    });
  });
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/moto-api/`);
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null)
      throw new Error(`moto_server exited with code ${child.exitCode} before listening on ${url}`);
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`moto_server did not answer on ${url} within 20 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Runs `suite` (the assertions the emulator passes) against moto_server as well, in a describe block
 * named "<service> on moto_server (same assertions)"; skipped, with a warning, when moto_server is not
 * installed on this machine.
 */
export function describeOnMoto(service: string, suite: (endpoint: () => string) => void): void {
  const installed = hasCommand('moto_server');
  if (!installed) {
    console.warn(`moto_server is not installed on this machine: the moto ${service} comparison is skipped`);
  }
  describe.skipIf(!installed)(`${service} on moto_server (same assertions)`, () => {
    let moto: MotoServer | undefined;
    beforeAll(async () => {
      moto = await startMotoServer();
    });
    afterAll(async () => {
      await moto?.stop();
    });
    suite(() => moto!.url);
  });
}

/** Whether an executable answers `--version` (or `--help`): used to skip client-fidelity tests when absent. */
export function hasCommand(command: string): boolean {
  for (const flag of ['--version', '--help']) {
    const r = spawnSync(command, [flag], { stdio: 'ignore', timeout: 20_000 });
    if (!r.error && r.status === 0) return true;
  }
  return false;
}
