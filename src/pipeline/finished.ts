/**
 * How a phase ends the run early with its result (upgraded, unchanged, planned, rolled back, failed):
 * thrown, and caught once by the orchestrator (src/pipeline/upgrade.ts), which reports it.
 */
import type { RunResult } from '../report/types.js';

export class Finished extends Error {
  constructor(
    readonly result: RunResult,
    readonly reason: string,
  ) {
    super(reason);
  }
}
