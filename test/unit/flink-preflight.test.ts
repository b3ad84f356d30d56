/** Self-managed Flink: version rules, Java of the JobManager, the JAR check's runtime, and preflight's judgement (pure). */
import { describe, expect, it } from 'vitest';
import {
  findJob,
  judgePreflight,
  type PreflightFacts,
  type PreflightRequest,
} from '../../src/flink/preflight.js';
import type { FlinkSettings } from '../../src/flink/settings.js';
import type { JobDetails } from '../../src/flink/types.js';
import {
  jarCheckRuntime,
  javaRelease,
  judgeVersionMove,
  parseFlinkVersion,
} from '../../src/flink/versions.js';

const v = (text: string) => parseFlinkVersion(text)!;

describe('Flink versions', () => {
  it('parses what /config reports', () => {
    expect(parseFlinkVersion('1.20.5')).toMatchObject({ major: 1, minor: 20, patch: 5 });
    expect(parseFlinkVersion('2.2-SNAPSHOT')).toMatchObject({ major: 2, minor: 2, patch: 0 });
    expect(parseFlinkVersion('<unknown>')).toBeUndefined();
  });

  it("reads the Java release of the JobManager's JVM", () => {
    expect(javaRelease('OpenJDK 64-Bit Server VM - Eclipse Adoptium - 17/17.0.12+7')).toBe(17);
    expect(javaRelease('OpenJDK 64-Bit Server VM - Oracle Corporation - 1.8/25.402-b06')).toBe(8);
    expect(javaRelease('11.0.22')).toBe(11);
    expect(javaRelease('a JVM')).toBeUndefined();
  });

  it('judges a version with the JAR check runtime of its line, or the nearest older one it knows', () => {
    expect(jarCheckRuntime(v('1.20.5'))).toBe('FLINK-1_20');
    expect(jarCheckRuntime(v('2.2.1'))).toBe('FLINK-2_2');
    expect(jarCheckRuntime(v('1.17.2'))).toBe('FLINK-1_15');
    expect(jarCheckRuntime(v('2.9.0'))).toBe('FLINK-2_9');
  });

  const move = (from: string, to: string, extra: Partial<Parameters<typeof judgeVersionMove>[0]> = {}) =>
    judgeVersionMove({
      from: v(from),
      to: v(to),
      stateful: true,
      allowMajorUpgrade: false,
      allowDowngrade: false,
      ...extra,
    });

  it("follows Flink's compatibility table", () => {
    expect(move('1.20.5', '1.20.5')).toMatchObject({ kind: 'same', allowed: true });
    expect(move('1.20.1', '1.20.5')).toMatchObject({ kind: 'patch', allowed: true });
    expect(move('1.19.1', '1.20.5')).toMatchObject({ kind: 'minor-upgrade', allowed: true });
    const major = move('1.20.5', '2.2.1');
    expect(major).toMatchObject({ kind: 'major-upgrade', allowed: false });
    expect(major.message).toContain('allow-major-upgrade: true');
    expect(move('1.20.5', '2.2.1', { allowMajorUpgrade: true })).toMatchObject({
      allowed: true,
      warnings: [],
    });
    expect(move('1.18.1', '2.2.1', { allowMajorUpgrade: true }).warnings[0]).toContain('1.20 first');
  });

  it('refuses a stateful downgrade; a stateless one needs allow-downgrade', () => {
    expect(move('2.2.1', '1.20.5', { allowDowngrade: true })).toMatchObject({
      kind: 'downgrade',
      allowed: false,
    });
    expect(move('2.2.1', '1.20.5', { stateful: false })).toMatchObject({ allowed: false });
    expect(move('2.2.1', '1.20.5', { stateful: false, allowDowngrade: true })).toMatchObject({
      allowed: true,
    });
  });
});

const settings: FlinkSettings = {
  url: 'http://old:8081',
  headers: {},
  jobName: 'orders',
  upgradeMode: 'savepoint',
  programArgs: [],
  allowNonRestoredState: false,
  previousArtifact: 'build/orders-1.jar',
};
const cluster = (url: string, version: string, extra: Partial<PreflightFacts['source']> = {}) => ({
  url,
  version,
  webSubmit: true,
  jvm: 'OpenJDK 64-Bit Server VM - Eclipse Adoptium - 17/17.0.12+7',
  taskManagers: 1,
  slotsTotal: 4,
  slotsAvailable: 2,
  savepointDir: 'file:///shared/savepoints',
  ...extra,
});
const job = (parallelism = 2): JobDetails => ({
  jid: 'a'.repeat(32),
  name: 'orders',
  state: 'RUNNING',
  'start-time': 1,
  'end-time': -1,
  vertices: [
    { id: 'v1', name: 'source', parallelism: 1, status: 'RUNNING' },
    { id: 'v2', name: 'count', parallelism, status: 'RUNNING' },
  ],
});
const facts = (extra: Partial<PreflightFacts> = {}): PreflightFacts => ({
  source: cluster('http://old:8081', '1.20.5'),
  jobs: [{ jid: 'a'.repeat(32), name: 'orders', state: 'RUNNING', 'start-time': 1, 'end-time': -1 }],
  job: job(),
  checkpointing: { interval: 10_000 },
  ...extra,
});
const request = (extra: Partial<PreflightRequest> = {}): PreflightRequest => ({
  settings,
  allowMajorUpgrade: false,
  allowDowngrade: false,
  rollback: 'auto',
  ...extra,
});

describe('preflight', () => {
  it('finds the job by name or id, and says why not', () => {
    const jobs = [
      { jid: '1'.repeat(32), name: 'orders', state: 'CANCELED' as const, 'start-time': 1, 'end-time': 2 },
      { jid: '2'.repeat(32), name: 'orders', state: 'RUNNING' as const, 'start-time': 3, 'end-time': -1 },
      { jid: '3'.repeat(32), name: 'other', state: 'RUNNING' as const, 'start-time': 3, 'end-time': -1 },
    ];
    expect(findJob(jobs, { jobName: 'orders' }, 'u')).toEqual({ job: jobs[1] });
    expect(findJob(jobs, { jobId: '1'.repeat(32) }, 'u')).toMatchObject({
      problem: expect.stringContaining('CANCELED'),
    });
    expect(findJob(jobs, { jobName: 'nope' }, 'u')).toMatchObject({
      problem: expect.stringContaining('"other"'),
    });
    expect(
      findJob([...jobs, { ...jobs[1]!, jid: '4'.repeat(32) }], { jobName: 'orders' }, 'u'),
    ).toMatchObject({
      problem: expect.stringContaining('set job-id'),
    });
  });

  it('passes a healthy same-cluster upgrade and gives the JAR check its runtime and Java', () => {
    const p = judgePreflight(facts(), request());
    expect(p.problems).toEqual([]);
    expect(p).toMatchObject({
      ok: true,
      job: { name: 'orders', parallelism: 2 },
      checkpointIntervalMs: 10_000,
      savepointDir: 'file:///shared/savepoints',
      jarCheck: { targetRuntime: 'FLINK-1_20', currentRuntime: 'FLINK-1_20', targetJavaRelease: 17 },
    });
  });

  it('refuses a 1.x → 2.x move without allow-major-upgrade, allows it with', () => {
    const moving = facts({ target: cluster('http://new:8081', '2.2.1', { slotsAvailable: 4 }) });
    const refused = judgePreflight(
      moving,
      request({ settings: { ...settings, targetUrl: 'http://new:8081' } }),
    );
    expect(refused.ok).toBe(false);
    expect(refused.problems.join('\n')).toContain('allow-major-upgrade');
    const allowed = judgePreflight(
      moving,
      request({ allowMajorUpgrade: true, settings: { ...settings, targetUrl: 'http://new:8081' } }),
    );
    expect(allowed.problems).toEqual([]);
    expect(allowed.jarCheck).toMatchObject({ targetRuntime: 'FLINK-2_2', currentRuntime: 'FLINK-1_20' });
    expect(allowed.warnings.join('\n')).toContain('local path');
  });

  it('names every missing requirement, one line each', () => {
    const p = judgePreflight(
      facts({
        source: cluster('http://old:8081', '1.20.5', { webSubmit: false, savepointDir: undefined }),
        target: cluster('http://new:8081', '1.20.5', { webSubmit: false, slotsAvailable: 1 }),
        checkpointing: { interval: Number.MAX_SAFE_INTEGER * 1024 },
      }),
      request({ settings: { ...settings, targetUrl: 'http://new:8081', previousArtifact: undefined } }),
    );
    const text = p.problems.join('\n');
    expect(text).toContain('web submission is off on http://new:8081');
    expect(text).toContain('web submission is off on http://old:8081');
    expect(text).toContain('needs 2 task slots');
    expect(text).toContain('checkpointing is off');
    expect(text).toContain('no savepoint directory');
    expect(text).toContain('previous-artifact');
    expect(p.problems.every((line) => !line.includes('\n'))).toBe(true);
  });

  it('does not need checkpointing for a stateless upgrade', () => {
    const p = judgePreflight(
      facts({ checkpointing: undefined }),
      request({ settings: { ...settings, upgradeMode: 'stateless' } }),
    );
    expect(p.problems).toEqual([]);
  });
});
