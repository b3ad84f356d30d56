import { describe, expect, it } from 'vitest';
import {
  InputError,
  defaultSnapshotName,
  defaultVersion,
  parseInputs,
  sanitiseSnapshotName,
  type RawInputs,
} from '../../src/inputs.js';

const ctx = { sha: '0123456789abcdef0123', runId: '987', runAttempt: '1' };
const base: RawInputs = { 'application-name': 'orders', artifact: 'target/orders.jar' };

function errorOf(raw: RawInputs, context = ctx): string {
  try {
    parseInputs(raw, context);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected an input error');
}

describe('max-state-age and start', () => {
  it('default to 24h and false; 0 means no limit', () => {
    expect(parseInputs(base, ctx)).toMatchObject({ maxStateAgeMs: 86_400_000, start: false });
    expect(parseInputs({ ...base, 'max-state-age': '0', start: 'true' }, ctx)).toMatchObject({
      maxStateAgeMs: 0,
      start: true,
    });
    expect(parseInputs({ ...base, 'max-state-age': '6h' }, ctx).maxStateAgeMs).toBe(6 * 3_600_000);
  });
});

describe('defaults', () => {
  it('gives every documented default', () => {
    const i = parseInputs(base, ctx);
    expect(i).toMatchObject({
      applicationName: 'orders',
      artifact: 'target/orders.jar',
      version: '0123456',
      snapshotName: 'pre-upgrade-0123456-987',
      restore: 'latest',
      allowNonRestoredState: false,
      allowMajorUpgrade: false,
      allowDowngrade: false,
      systemRollback: 'enable',
      timeoutMs: 30 * 60_000,
      pollIntervalMs: 15_000,
      dryRun: false,
      jarCheck: 'strict',
      rollback: 'auto',
      rollbackTimeoutMs: 20 * 60_000,
      summary: true,
    });
    expect(i.health).toEqual({
      bakeMs: 600_000,
      stabilisationMs: 60_000,
      metricPeriodSeconds: 60,
      maxRestarts: 0,
      maxFailedCheckpoints: 0,
      requireCheckpoint: true,
      maxCheckpointDurationRatio: 3,
      metricsLagMs: 180_000,
      dashboard: 'auto',
      livePollMs: 15_000,
    });
    expect(i.runtime).toBeUndefined();
    expect(i.bucket).toBeUndefined();
    expect(i.key).toBeUndefined();
    expect(i.parallelism).toBeUndefined();
  });

  it('treats empty strings (unset action inputs) as absent', () => {
    const raw = Object.fromEntries(Object.keys(parseInputs(base, ctx)).map((k) => [k, ''])) as RawInputs;
    expect(parseInputs({ ...raw, ...base, runtime: '', bucket: '' }, ctx).runtime).toBeUndefined();
  });

  it('uses the tag name on a tag push, else the short SHA', () => {
    expect(defaultVersion({ refType: 'tag', refName: 'v1.4.0', sha: 'abcdef123456' })).toBe('v1.4.0');
    expect(defaultVersion({ refType: 'branch', refName: 'main', sha: 'abcdef123456' })).toBe('abcdef1');
    expect(defaultVersion({})).toBeUndefined();
  });

  it('stabilisation-delay defaults to one metric period', () => {
    expect(parseInputs({ ...base, 'metric-period': '10' }, ctx).health.stabilisationMs).toBe(10_000);
  });

  it('accepts a bucket ARN and a lower-case runtime', () => {
    const i = parseInputs({ ...base, bucket: 'arn:aws:s3:::my-artifacts', runtime: 'flink-2_2' }, ctx);
    expect(i.bucket).toBe('my-artifacts');
    expect(i.runtime).toBe('FLINK-2_2');
  });
});

describe('snapshot names', () => {
  it('sanitises to [a-zA-Z0-9_.-] and 256 characters', () => {
    expect(sanitiseSnapshotName('pre-upgrade-release/1.0+build 7')).toBe('pre-upgrade-release-1.0-build-7');
    expect(sanitiseSnapshotName('x'.repeat(300))).toHaveLength(256);
    expect(sanitiseSnapshotName('')).toBe('pre-upgrade');
  });

  it('adds the run attempt on re-runs and a timestamp without a run id', () => {
    expect(defaultSnapshotName('v1', { runId: '5', runAttempt: '2' })).toBe('pre-upgrade-v1-5-2');
    expect(defaultSnapshotName('v1', { now: Date.UTC(2026, 0, 2, 3, 4, 5) })).toBe(
      'pre-upgrade-v1-20260102T030405',
    );
  });

  it('sanitises a version with a slash in the default name', () => {
    expect(parseInputs({ ...base, version: 'release/2.0' }, ctx).snapshotName).toBe(
      'pre-upgrade-release-2.0-987',
    );
  });
});

describe('one-line errors naming the input', () => {
  it.each<[RawInputs, string]>([
    [{ artifact: 'a.jar' }, 'input "application-name": required'],
    [{ ...base, 'application-name': 'bad name!' }, 'input "application-name": expected 1-128 characters'],
    [{ ...base, artifact: 'app.war' }, 'input "artifact": expected the path of a .jar'],
    [{ ...base, bucket: 'Bad_Bucket' }, 'input "bucket": expected an S3 bucket name or ARN'],
    [{ ...base, key: '/leading/slash.jar' }, 'input "key": an S3 key has no leading "/"'],
    [{ ...base, version: 'v 1' }, 'input "version": expected a version'],
    [
      { ...base, runtime: '1.20' },
      'input "runtime": "1.20" is not a runtime of Managed Service for Apache Flink',
    ],
    [{ ...base, runtime: 'FLINK-01_20' }, 'did you mean FLINK-1_20? use one of FLINK-1_6,'],
    [{ ...base, runtime: 'FLINK-1_99' }, 'input "runtime": "FLINK-1_99" is not a runtime'],
    [{ ...base, runtime: 'SQL-1_0' }, 'input "runtime": "SQL-1_0" is not a runtime'],
    [{ ...base, bucket: 'demo..artifacts' }, 'input "bucket": expected an S3 bucket name or ARN'],
    [{ ...base, bucket: 'demo.-artifacts' }, 'input "bucket": expected an S3 bucket name or ARN'],
    [{ ...base, bucket: '192.168.5.4' }, 'input "bucket": expected an S3 bucket name or ARN'],
    [{ ...base, 'poll-interval': '25d' }, 'input "poll-interval": must be at most 10m, got "25d"'],
    [{ ...base, timeout: '30d' }, 'input "timeout": must be at most 24h, got "30d"'],
    [{ ...base, 'bake-time': '25h' }, 'input "bake-time": must be at most 24h'],
    [{ ...base, 'rollback-timeout': '2d' }, 'input "rollback-timeout": must be at most 24h'],
    [{ ...base, 'stabilisation-delay': '9999999h' }, 'input "stabilisation-delay": must be at most 24h'],
    [{ ...base, 'snapshot-name': 'has space' }, 'input "snapshot-name": expected 1-256 characters'],
    [{ ...base, restore: 'newest' }, 'input "restore": expected one of latest, snapshot, none, got "newest"'],
    [
      { ...base, 'allow-non-restored-state': 'yes' },
      'input "allow-non-restored-state": expected true or false, got "yes"',
    ],
    [{ ...base, parallelism: '0' }, 'input "parallelism": expected a whole number from 1'],
    [{ ...base, parallelism: 'four' }, 'input "parallelism": expected a whole number'],
    [{ ...base, 'allow-major-upgrade': 'True' }, 'input "allow-major-upgrade": expected true or false'],
    [{ ...base, 'allow-downgrade': '1' }, 'input "allow-downgrade": expected true or false'],
    [{ ...base, 'system-rollback': 'on' }, 'input "system-rollback": expected one of enable, keep'],
    [{ ...base, timeout: '30' }, 'input "timeout": expected a duration like 90s, 10m or 1h30m, got "30"'],
    [{ ...base, timeout: '0' }, 'input "timeout": must be at least 1s'],
    [{ ...base, 'poll-interval': 'fast' }, 'input "poll-interval": expected a duration'],
    [{ ...base, 'dry-run': 'maybe' }, 'input "dry-run": expected true or false'],
    [
      { 'application-name': 'orders', key: 'k.jar', 'artifact-sha256': 'abc' },
      'input "artifact-sha256": expected 64 hexadecimal characters',
    ],
    [{ ...base, 'jar-check': 'loose' }, 'input "jar-check": expected one of strict, warn, off'],
    [{ ...base, 'bake-time': '10 minutes' }, 'input "bake-time": expected a duration'],
    [{ ...base, 'stabilisation-delay': 'soon' }, 'input "stabilisation-delay": expected a duration'],
    [{ ...base, 'metric-period': '0' }, 'input "metric-period": expected a whole number from 1'],
    [
      { ...base, 'metric-period': '45' },
      'input "metric-period": CloudWatch periods are 1, 5, 10, 20, 30 or a multiple of 60',
    ],
    [{ ...base, 'max-restarts': '-1' }, 'input "max-restarts": expected a whole number'],
    [{ ...base, 'max-failed-checkpoints': '1.5' }, 'input "max-failed-checkpoints": expected a whole number'],
    [{ ...base, 'require-checkpoint': 'no' }, 'input "require-checkpoint": expected true or false'],
    [
      { ...base, 'max-checkpoint-duration-ratio': '0' },
      'input "max-checkpoint-duration-ratio": expected a number > 0',
    ],
    [{ ...base, rollback: 'manual' }, 'input "rollback": expected one of auto, never'],
    [{ ...base, 'rollback-timeout': '20' }, 'input "rollback-timeout": expected a duration'],
    [{ ...base, summary: 'off' }, 'input "summary": expected true or false'],
    [
      { ...base, 'max-state-age': '24' },
      'input "max-state-age": expected a duration like 90s, 10m or 1h30m, got "24"',
    ],
    [{ ...base, 'max-state-age': '30s' }, 'input "max-state-age": must be at least 1m (or 0), got "30s"'],
    [{ ...base, start: 'yes' }, 'input "start": expected true or false, got "yes"'],
  ])('%j', (raw, message) => {
    expect(errorOf(raw)).toContain(message);
  });

  it('reports the first bad input only, as one line', () => {
    const message = errorOf({ ...base, restore: 'x', timeout: 'y' });
    expect(message).toMatch(/^input "restore": /);
  });
});

describe('conflicting inputs', () => {
  const sha = 'a'.repeat(64);
  it('needs artifact or key', () => {
    expect(errorOf({ 'application-name': 'orders' })).toContain('input "artifact": set artifact');
  });
  it('artifact-sha256 needs key', () => {
    expect(errorOf({ ...base, artifact: undefined, 'artifact-sha256': sha })).toContain(
      'input "artifact": set artifact',
    );
    expect(errorOf({ ...base, 'artifact-sha256': sha })).toContain(
      'input "artifact-sha256": promotion of an uploaded build needs key',
    );
  });
  it('artifact-sha256 is for promotion without artifact', () => {
    expect(errorOf({ ...base, key: 'k.jar', 'artifact-sha256': sha })).toContain(
      'applies only when promoting by key',
    );
  });
  it('promotes by key alone: the digest is optional', () => {
    const i = parseInputs({ 'application-name': 'orders', key: 'orders/v1/orders.jar' }, ctx);
    expect(i.key).toBe('orders/v1/orders.jar');
    expect(i.artifact).toBeUndefined();
    expect(i.artifactSha256).toBeUndefined();
  });
  it('allow-non-restored-state means nothing without a restore', () => {
    expect(errorOf({ ...base, restore: 'none', 'allow-non-restored-state': 'true' })).toContain(
      'input "allow-non-restored-state": applies only when restoring state',
    );
  });
  it('refuses a bake that cannot fit in timeout, naming bake-time, stabilisation-delay and timeout', () => {
    expect(errorOf({ ...base, 'bake-time': '30m' })).toBe(
      'input "bake-time": bake-time 30m after stabilisation-delay 1m (one metric period) cannot fit in timeout 30m, ' +
        'which also covers the snapshot and the update; raise timeout or shorten bake-time',
    );
    expect(errorOf({ ...base, 'bake-time': '8m', 'stabilisation-delay': '2m', timeout: '10m' })).toMatch(
      /^input "bake-time": bake-time 8m after stabilisation-delay 2m cannot fit in timeout 10m, /,
    );
  });
  it('accepts a bake that fits in timeout, and any timeout without a bake', () => {
    const fits = parseInputs(
      { ...base, 'bake-time': '8m', 'stabilisation-delay': '1m', timeout: '10m' },
      ctx,
    );
    expect([fits.health.bakeMs, fits.timeoutMs]).toEqual([8 * 60_000, 10 * 60_000]);
    expect(parseInputs({ ...base, 'bake-time': '0', timeout: '20s' }, ctx).timeoutMs).toBe(20_000);
  });
  it('accepts a promotion with key and digest (sha256: prefix, upper case)', () => {
    const i = parseInputs(
      {
        'application-name': 'orders',
        key: 'orders/v1/orders.jar',
        'artifact-sha256': `sha256:${'AB'.repeat(32)}`,
      },
      ctx,
    );
    expect(i.artifactSha256).toBe('ab'.repeat(32));
    expect(i.artifact).toBeUndefined();
  });
  it('needs a version when there is neither a tag nor a commit', () => {
    expect(errorOf(base, {} as typeof ctx)).toContain('input "version": no tag or commit SHA');
  });
});
