import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FLINK_RUNTIMES,
  compareRuntimes,
  isKnownRuntime,
  judgeRuntimeChange,
  newestRuntime,
  newerRuntimeInfo,
  parseRuntime,
  runtimeInfo,
} from '../../src/msf/runtime.js';

const judge = (
  current: string,
  target: string,
  extra: Partial<Parameters<typeof judgeRuntimeChange>[0]> = {},
) =>
  judgeRuntimeChange({
    current,
    target,
    stateful: true,
    allowMajorUpgrade: false,
    allowDowngrade: false,
    ...extra,
  });

describe('the runtime table', () => {
  it('lists exactly the FLINK-* values of the RuntimeEnvironment enum of the committed MSF model, in order', () => {
    const model = JSON.parse(
      readFileSync(new URL('../../emulator/models/kinesisanalyticsv2.json', import.meta.url), 'utf8'),
    ) as { shapes: { RuntimeEnvironment: { enum: string[] } } };
    const fromModel = model.shapes.RuntimeEnvironment.enum.filter((r) => r.startsWith('FLINK-'));
    expect(FLINK_RUNTIMES).toEqual([...fromModel].sort(compareRuntimes));
  });
  it('assumes the Java of the newest known runtime of the same major line for a newer runtime', () => {
    expect(runtimeInfo('FLINK-2_9')).toBeUndefined();
    expect(newerRuntimeInfo('FLINK-2_9')).toEqual({
      runtime: 'FLINK-2_9',
      flinkVersion: '2.9',
      flinkMajor: 2,
      flinkMinor: 9,
      javaRelease: 17,
    });
    expect(newerRuntimeInfo('FLINK-2_2')).toBeUndefined();
    expect(newerRuntimeInfo('FLINK-1_17')).toBeUndefined();
    expect(newerRuntimeInfo('FLINK-3_0')).toBeUndefined();
  });
});

describe('runtime order', () => {
  it('orders by major then minor, numerically', () => {
    const sorted = [
      'FLINK-2_2',
      'FLINK-1_8',
      'FLINK-1_20',
      'FLINK-1_6',
      'FLINK-1_11',
      'FLINK-2_10',
      'FLINK-2_3',
    ].sort(compareRuntimes);
    expect(sorted).toEqual([
      'FLINK-1_6',
      'FLINK-1_8',
      'FLINK-1_11',
      'FLINK-1_20',
      'FLINK-2_2',
      'FLINK-2_3',
      'FLINK-2_10',
    ]);
  });
  it('parses Flink runtimes only', () => {
    expect(parseRuntime('FLINK-1_20')).toEqual({ major: 1, minor: 20 });
    expect(parseRuntime('SQL-1_0')).toBeUndefined();
    expect(parseRuntime('ZEPPELIN-FLINK-3_0')).toBeUndefined();
    expect(() => compareRuntimes('SQL-1_0', 'FLINK-1_20')).toThrow(/not Flink runtimes/);
  });
  it('finds the newest runtime, ignoring unknown values', () => {
    expect(newestRuntime(['FLINK-1_19', undefined, 'FLINK-2_2', 'SQL-1_0', 'FLINK-1_20'])).toBe('FLINK-2_2');
    expect(newestRuntime([])).toBeUndefined();
  });
});

describe('version rules', () => {
  it('allows a minor upgrade', () => {
    const v = judge('FLINK-1_18', 'FLINK-1_20');
    expect(v).toMatchObject({ kind: 'upgrade', warnings: [] });
    expect(v.refusal).toBeUndefined();
  });

  it('same runtime is fine', () => {
    expect(judge('FLINK-1_20', 'FLINK-1_20').kind).toBe('same');
  });

  it('refuses a downgrade without consent, and allows it with consent within a major', () => {
    expect(judge('FLINK-1_20', 'FLINK-1_19', { stateful: false }).refusal).toMatch(/allow-downgrade: true/);
    const allowed = judge('FLINK-1_20', 'FLINK-1_19', { stateful: false, allowDowngrade: true });
    expect(allowed.refusal).toBeUndefined();
    expect(allowed.kind).toBe('downgrade');
  });

  it('refuses a stateful downgrade when the state is newer than the target', () => {
    expect(judge('FLINK-1_20', 'FLINK-1_19', { stateRuntime: 'FLINK-1_20' }).refusal).toMatch(
      /stateful downgrade/,
    );
    // with consent it is allowed (MSF decides whether the app ran on 1.19 before)
    const v = judge('FLINK-1_20', 'FLINK-1_19', { stateRuntime: 'FLINK-1_20', allowDowngrade: true });
    expect(v.refusal).toBeUndefined();
    expect(v.warnings.join()).toMatch(/restoring state written by Flink 1.20 on 1.19/);
  });

  it('refuses the target when the newest snapshot is newer even without a runtime change', () => {
    expect(judge('FLINK-1_19', 'FLINK-1_19', { stateRuntime: 'FLINK-1_20' }).refusal).toMatch(
      /stateful downgrade/,
    );
  });

  it('never restores 2.x state on 1.x, even with allow-downgrade', () => {
    const v = judge('FLINK-2_2', 'FLINK-1_20', { stateRuntime: 'FLINK-2_2', allowDowngrade: true });
    expect(v.refusal).toMatch(/one-way/);
    expect(judge('FLINK-2_2', 'FLINK-1_20', { allowDowngrade: true }).refusal).toMatch(/one-way/);
    // without state it is a plain (consented) downgrade
    expect(
      judge('FLINK-2_2', 'FLINK-1_20', { stateful: false, allowDowngrade: true }).refusal,
    ).toBeUndefined();
  });

  it('needs consent for 1.x → 2.x and warns about state even then', () => {
    expect(judge('FLINK-1_20', 'FLINK-2_2').refusal).toMatch(/allow-major-upgrade: true/);
    const v = judge('FLINK-1_20', 'FLINK-2_2', { allowMajorUpgrade: true });
    expect(v.kind).toBe('major-upgrade');
    expect(v.refusal).toBeUndefined();
    expect(v.warnings.join()).toMatch(/Kryo/);
  });

  it('refuses a stateful 1.6 → 1.18+ hop and allows it without state', () => {
    expect(judge('FLINK-1_6', 'FLINK-1_18').refusal).toMatch(/intermediate runtime/);
    expect(judge('FLINK-1_6', 'FLINK-1_20').refusal).toMatch(/FLINK-1_8/);
    expect(judge('FLINK-1_6', 'FLINK-1_15').refusal).toBeUndefined();
    expect(judge('FLINK-1_6', 'FLINK-1_18', { stateful: false }).refusal).toBeUndefined();
  });

  it('accepts a runtime newer than the ones it knows, with a warning, by number', () => {
    expect(isKnownRuntime('FLINK-2_4')).toBe(false);
    const v = judge('FLINK-2_2', 'FLINK-2_4');
    expect(v.kind).toBe('upgrade');
    expect(v.refusal).toBeUndefined();
    expect(v.warnings.join()).toMatch(/FLINK-2_4 is newer than the runtimes this action knows/);
    expect(judge('FLINK-2_4', 'FLINK-2_2').refusal).toMatch(/older than the current/);
    expect(judge('FLINK-1_20', 'FLINK-3_0').refusal).toMatch(/allow-major-upgrade/);
  });

  it('refuses non-Flink applications', () => {
    expect(judge('SQL-1_0', 'FLINK-1_20').refusal).toMatch(/not an Apache Flink runtime/);
  });
});
