import { describe, expect, it } from 'vitest';
import type { DeploymentRecord } from '../../src/pipeline/deployment-record.js';
import { ownRecord, parseRunState } from '../../src/pipeline/post-run.js';
import type { RunState } from '../../src/pipeline/run-state.js';

const record = (over: Partial<DeploymentRecord> = {}): DeploymentRecord => ({
  run: '42',
  attempt: 1,
  phase: 'bake',
  from: 3,
  until: 0,
  ...over,
});
const state = (over: Partial<RunState> = {}): RunState => ({
  application: 'orders',
  run: '42',
  attempt: 1,
  phase: 'bake',
  previous: { versionId: 3, runtime: 'FLINK-1_20' },
  ...over,
});

describe("the post step tells its run's deployment record by identity", () => {
  it('its own record: the same run and attempt', () => {
    expect(ownRecord(state(), record())).toBe(true);
  });
  it("another run's record from the same version is not its own", () => {
    expect(ownRecord(state(), record({ run: '7' }))).toBe(false);
  });
  it("another attempt's record of the same run is not its own", () => {
    expect(ownRecord(state({ attempt: 2 }), record({ attempt: 1 }))).toBe(false);
  });
  it('its own record, whatever version it names', () => {
    expect(ownRecord(state(), record({ from: 9 }))).toBe(true);
  });
  it('a state saved without the identity falls back to the version', () => {
    const old = state();
    delete old.run;
    delete old.attempt;
    expect(ownRecord(old, record({ run: '7' }))).toBe(true);
    expect(ownRecord(old, record({ from: 4 }))).toBe(false);
  });
  it('the saved state keeps the identity', () => {
    expect(parseRunState(JSON.stringify(state({ run: '42', attempt: 3 })))).toMatchObject({
      run: '42',
      attempt: 3,
    });
  });
});
