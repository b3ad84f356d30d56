/**
 * End-to-end harness: the emulator and the pipeline share one scaled clock; the pipeline uses the
 * real SDK clients (made by the action's own factory) over HTTP.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scaledClock, type Clock } from '../../src/clock.js';
import { parseInputs, type RawInputs } from '../../src/inputs.js';
import { MemoryLogger } from '../../src/log.js';
import type { RunState } from '../../src/pipeline/run-state.js';
import { runUpgrade } from '../../src/pipeline/upgrade.js';
import { createMsfTarget } from '../../src/platforms.js';
import type { UpgradeReport } from '../../src/report/types.js';
import { toOutputs } from '../../src/report/outputs.js';
import type { SeedApplication, Timings } from '../../emulator/types.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { healthyJobJar } from '../support/jar-builder.js';

export const BUCKET = 'flink-artifacts';
export const CURRENT_KEY = 'orders/v1/orders.jar';

/** 20 virtual ms per real ms: a 1 s poll interval is 50 ms of real time. */
export const CLOCK_SCALE = 20;

export interface Harness extends TestEmulator {
  clock: Clock;
  dir: string;
  writeJar(name: string, bytes: Buffer): Promise<string>;
  seedApp(
    app: Partial<SeedApplication> & { name: string },
    options?: { versioning?: boolean; currentJar?: Buffer },
  ): Promise<void>;
  run(
    raw: RawInputs,
    extra?: { beforeRun?: () => void; signal?: AbortSignal; onState?: (s: RunState) => void },
  ): Promise<RunOutcome>;
  mutatingCalls(): string[];
}

export interface RunOutcome {
  report: UpgradeReport;
  outputs: Record<string, string>;
  log: MemoryLogger;
  states: RunState[];
}

const MUTATING = /^(Create|Update|Start|Stop|Delete|Rollback|Put|Upload|Complete|Abort|Tag|Untag|Add)/;

export async function startHarness(
  options: { timings?: Partial<Timings>; clockScale?: number } = {},
): Promise<Harness> {
  const clock = scaledClock(options.clockScale ?? CLOCK_SCALE);
  const t = await startTestEmulator({
    clock,
    metricPeriodSeconds: 1,
    ...(options.timings ? { timings: options.timings } : {}),
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'flink-upgrade-e2e-'));
  return {
    ...t,
    clock,
    dir,
    async writeJar(name, bytes) {
      const file = path.join(dir, name);
      await writeFile(file, bytes);
      return file;
    },
    async seedApp(app, options = {}) {
      const currentJar = options.currentJar ?? (await healthyJobJar(11));
      await t.emulator.control.seed({
        buckets: [
          {
            name: BUCKET,
            ...(options.versioning !== undefined ? { versioning: options.versioning } : {}),
            objects: [{ key: app.code?.key ?? CURRENT_KEY, body: currentJar }],
          },
        ],
        applications: [
          {
            runtime: 'FLINK-1_20',
            code: { bucket: BUCKET, key: CURRENT_KEY },
            ...app,
          },
        ],
      });
    },
    async run(raw, extra = {}) {
      const inputs = parseInputs(
        {
          'poll-interval': '1s',
          'bake-time': '0',
          'snapshot-name': 'pre-upgrade-test',
          version: 'v2',
          ...raw,
        },
        { sha: '0123456789abcdef', runId: '42' },
      );
      const log = new MemoryLogger();
      const states: RunState[] = [];
      extra.beforeRun?.();
      const signal = extra.signal ?? new AbortController().signal;
      const report = await runUpgrade(inputs, {
        clients: t.clients,
        clock,
        log,
        signal,
        platform: createMsfTarget({ clients: t.clients, application: inputs.applicationName, signal }),
        onState: (s) => {
          states.push(s);
          extra.onState?.(s);
        },
      });
      return { report, outputs: toOutputs(report), log, states };
    },
    mutatingCalls() {
      return t.emulator.control
        .calls()
        .filter((c) => c.service !== 'control' && MUTATING.test(c.operation))
        .map((c) => `${c.service}:${c.operation}`);
    },
  };
}
