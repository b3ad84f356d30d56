/**
 * The real engine's pure parts: which installed Flink runs a runtime (and what to say when none does),
 * Flink's error list as one ErrorString, timestamps moved onto the emulator's clock.
 */
import { describe, expect, it } from 'vitest';
import { summarizeErrors } from '../../emulator/engine/flink-client.js';
import { summarizeTrace } from '../../emulator/engine/flink-engine.js';
import { toClockTimes } from '../../emulator/engine/flink-dashboard.js';
import { flinkLineOf, resolveRuntime } from '../../emulator/engine/flink-runtimes.js';

describe('runtimes on the real engine', () => {
  const known = ['1.20.5', '2.2.1'];
  it('maps FLINK-x_y to the installed x.y.z', () => {
    expect(flinkLineOf('FLINK-1_20')).toBe('1.20');
    expect(flinkLineOf('SQL-1_0')).toBeUndefined();
    expect(resolveRuntime('FLINK-2_2', known, () => true)).toEqual({ ok: true, version: '2.2.1' });
  });

  it('names the runtime and the install command when its Flink is missing', () => {
    const unknown = resolveRuntime('FLINK-2_3', known, () => true);
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.message).toMatch(/FLINK-2_3.*2\.3\.x.*scripts\/flink\/install\.sh/);
    const notInstalled = resolveRuntime('FLINK-1_20', known, () => false);
    expect(notInstalled.ok).toBe(false);
    if (!notInstalled.ok) {
      expect(notInstalled.message).toMatch(/FLINK-1_20: Apache Flink 1\.20\.5 is not installed/);
      expect(notInstalled.message).toContain('scripts/flink/install.sh');
    }
  });
});

describe("Flink's errors as an ErrorString", () => {
  it('keeps the causes, drops the REST wrappers and repeats', () => {
    const errors = [
      'org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.\n\tat x\n' +
        'Caused by: java.util.concurrent.CompletionException: org.apache.flink.util.FlinkRuntimeException: Could not execute application.\n' +
        'Caused by: org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: Failed to execute job.\n' +
        'Caused by: java.lang.RuntimeException: org.apache.flink.runtime.client.JobInitializationException: Could not start the JobMaster.\n' +
        'Caused by: org.apache.flink.runtime.client.JobInitializationException: Could not start the JobMaster.\n' +
        'Caused by: java.lang.IllegalArgumentException: Unrecognized checkpoint version number: 6\n\tat y',
    ];
    expect(summarizeErrors(errors)).toBe(
      'org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: Failed to execute job. <- ' +
        'java.lang.RuntimeException: org.apache.flink.runtime.client.JobInitializationException: Could not start the JobMaster. <- ' +
        'java.lang.IllegalArgumentException: Unrecognized checkpoint version number: 6',
    );
  });

  it('fits 512 characters with the outermost error and the root cause', () => {
    const long = Array.from(
      { length: 8 },
      (_, i) => `java.lang.RuntimeException: wrapper ${i} ${'x'.repeat(80)}`,
    );
    const text = summarizeErrors([[...long, 'Caused by: java.lang.NoClassDefFoundError: a/B'].join('\n')]);
    expect(text.length).toBeLessThanOrEqual(500);
    expect(text).toMatch(
      /^java\.lang\.RuntimeException: wrapper 0 .* <- … <- java\.lang\.NoClassDefFoundError: a\/B$/,
    );
  });

  it('summarises a stack trace to its first line and causes', () => {
    expect(
      summarizeTrace(
        'java.lang.RuntimeException: Error while getting state\n\tat a\nCaused by: x.StateMigrationException: no\n\tat b',
      ),
    ).toBe('java.lang.RuntimeException: Error while getting state Caused by: x.StateMigrationException: no');
  });
});

describe("the dashboard's timestamps on the emulator's clock", () => {
  it('moves epoch fields and scales durations; counts stay', () => {
    const realNow = 1_800_000_000_000;
    const clock = { now: () => 1_900_000_000_000, scale: 10 };
    const out = toClockTimes(
      {
        'start-time': realNow - 1_000,
        'end-time': -1,
        duration: 1_000,
        timestamps: { RUNNING: realNow - 500, FAILED: 0 },
        tasks: { RUNNING: 4 },
      },
      clock,
      realNow,
    );
    expect(out).toEqual({
      'start-time': 1_900_000_000_000 - 10_000,
      'end-time': -1,
      duration: 10_000,
      timestamps: { RUNNING: 1_900_000_000_000 - 5_000, FAILED: 0 },
      tasks: { RUNNING: 4 },
    });
    expect(toClockTimes({ 'start-time': 5 }, { now: () => 0, scale: 1 }, realNow)).toEqual({
      'start-time': 5,
    });
  });
});
