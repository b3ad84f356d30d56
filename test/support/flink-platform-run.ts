/**
 * Runs one upgrade of a self-managed Flink job through the action's pipeline for a Platform
 * (runOnPlatform, with the platform the entry points build), for the real-cluster tests: the report,
 * the states saved for the post step, and the log.
 */
import { systemClock } from '../../src/clock.js';
import { parseInputs, type Inputs, type RawInputs } from '../../src/inputs.js';
import { MemoryLogger } from '../../src/log.js';
import type { Annotation } from '../../src/pipeline/deps.js';
import { runOnPlatform, type PlatformRunState } from '../../src/pipeline/platform-run.js';
import { createFlinkPlatform } from '../../src/flink/platform.js';
import type { UpgradeReport } from '../../src/report/types.js';

export interface FlinkRun {
  report: UpgradeReport;
  /** every state saved for the post step, in order */
  states: PlatformRunState[];
  annotations: Annotation[];
  log: MemoryLogger;
  inputs: Inputs;
}

export function flinkInputs(raw: RawInputs): Inputs {
  return parseInputs({ platform: 'flink', version: 'v2', 'poll-interval': '1s', ...raw });
}

export async function runFlinkUpgrade(
  raw: RawInputs,
  options: {
    signal?: AbortSignal;
    echo?: (line: string) => void;
    onState?: (state: PlatformRunState) => void;
  } = {},
): Promise<FlinkRun> {
  const inputs = flinkInputs(raw);
  const platform = createFlinkPlatform(inputs);
  const log = new MemoryLogger(options.echo);
  const states: PlatformRunState[] = [];
  const annotations: Annotation[] = [];
  const report = await runOnPlatform(inputs, {
    platform,
    clock: systemClock,
    log,
    signal: options.signal ?? new AbortController().signal,
    onState: (s) => {
      states.push(s);
      options.onState?.(s);
    },
    annotate: (a) => annotations.push(a),
  });
  return { report, states, annotations, log, inputs };
}
