/**
 * MSF's health gate: the platform-neutral gate (src/health/gate.ts) reading through MSF's health reader
 * (CloudWatch, the Flink dashboard, MSF's own pauses). MsfTarget's `health` is this.
 */
import type { Baseline, GateResult, HealthSettings } from '../../health/contract.js';
import {
  describeGate,
  runGate,
  takeBaseline as takeBaselineWith,
  type BakeRequest,
} from '../../health/gate.js';
import type { PhaseDeps } from '../../pipeline/deps.js';
import type { HealthGate } from '../../pipeline/target.js';
import { msfHealthReader } from './reader.js';

export { pollIntervalMs } from '../../health/gate.js';
export { relocate } from './relocate.js';
export { resolveMetricNames } from './reader.js';

/** Reads the last `baselinePeriods` periods of the application's CloudWatch metrics before the update. */
export function takeBaseline(
  deps: PhaseDeps,
  req: { application: string; runtime: string; settings: HealthSettings },
): Promise<Baseline> {
  return takeBaselineWith(msfHealthReader(deps.clients), deps, req);
}

/**
 * Bakes the landed release: Flink's REST API through the MSF dashboard when `watch` is given and it can
 * be had, CloudWatch as the second opinion and the fallback, MSF's maintenance and autoscaling excused.
 */
export function runHealthGate(deps: PhaseDeps, req: BakeRequest): Promise<GateResult> {
  return runGate(msfHealthReader(deps.clients), deps, req);
}

/** The health gate of MSF, as MsfTarget offers it to the run. */
export const msfHealthGate: HealthGate = {
  describe: (settings, checkpointIntervalMs) => describeGate(settings, checkpointIntervalMs),
  baseline: takeBaseline,
  bake: runHealthGate,
};
