/**
 * The bake phase's calls, through the platform the run was given: its health gate (the neutral gate in
 * src/health/ over the platform's reader) takes the baseline and bakes the landed release.
 */
import type { Baseline, GateResult, HealthSettings } from '../health/contract.js';
import type { BakeRequest } from '../health/gate.js';
import type { PhaseDeps } from './deps.js';
import type { FlinkTarget } from './target.js';

export { describeGate } from '../health/gate.js';

type WithPlatform = PhaseDeps & { platform: Pick<FlinkTarget, 'health'> };

/** The figures before the update, read from the platform's health source. */
export function takeBaseline(
  deps: WithPlatform,
  req: { application: string; runtime: string; settings: HealthSettings },
): Promise<Baseline> {
  return deps.platform.health.baseline(deps, req);
}

/** Bakes the landed release through the platform's health source. */
export function runHealthGate(deps: WithPlatform, req: BakeRequest): Promise<GateResult> {
  return deps.platform.health.bake(deps, req);
}
