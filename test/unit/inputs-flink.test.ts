/** The inputs of platform flink: one clear line per bad value, and what a good set parses to. */
import { describe, expect, it } from 'vitest';
import { parseHeaderLines, parseInputs, parseProgramArgs, type RawInputs } from '../../src/inputs.js';

const base: RawInputs = {
  platform: 'flink',
  'flink-url': 'http://jobmanager:8081/',
  'job-name': 'orders',
  artifact: 'target/orders.jar',
  version: 'v2',
};
const errorOf = (raw: RawInputs): string => {
  try {
    parseInputs(raw);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

describe('platform flink inputs', () => {
  it('parses a full set', () => {
    const inputs = parseInputs({
      ...base,
      'flink-target-url': 'https://proxy.example/flink-2/',
      'flink-headers': 'Authorization: Bearer s3cr3t\nX-Team: data',
      'savepoint-dir': 's3://bucket/savepoints',
      'upgrade-mode': 'savepoint',
      'entry-class': 'com.example.Orders',
      'program-args': `--input 'a b' --n "1"`,
      parallelism: '4',
      'allow-non-restored-state': 'true',
      'previous-artifact': 'jar:1a2b_orders.jar',
    });
    expect(inputs.platform).toBe('flink');
    expect(inputs.applicationName).toBe('orders');
    expect(inputs.flink).toEqual({
      url: 'http://jobmanager:8081',
      targetUrl: 'https://proxy.example/flink-2',
      headers: { Authorization: 'Bearer s3cr3t', 'X-Team': 'data' },
      jobName: 'orders',
      savepointDir: 's3://bucket/savepoints',
      upgradeMode: 'savepoint',
      entryClass: 'com.example.Orders',
      programArgs: ['--input', 'a b', '--n', '1'],
      parallelism: 4,
      allowNonRestoredState: true,
      previousArtifact: 'jar:1a2b_orders.jar',
    });
  });

  it('defaults to msf, where the flink inputs do not apply', () => {
    expect(parseInputs({ 'application-name': 'a', artifact: 'a.jar', version: 'v1' }).platform).toBe('msf');
    expect(errorOf({ 'application-name': 'a', artifact: 'a.jar', version: 'v1', 'job-name': 'x' })).toBe(
      'input "job-name": applies to platform: flink (a self-managed cluster); set platform: flink or remove it',
    );
    expect(
      errorOf({ 'application-name': 'a', artifact: 'a.jar', version: 'v1', 'previous-program-args': '--x' }),
    ).toBe(
      'input "previous-program-args": applies to platform: flink (a self-managed cluster); set platform: flink or remove it',
    );
  });

  it.each([
    [{ platform: 'k8s' }, 'input "platform": expected one of msf, flink, got "k8s"'],
    [{ 'flink-url': undefined }, 'input "flink-url": required with platform: flink'],
    [{ 'flink-url': 'jobmanager:8081' }, 'input "flink-url": expected an http:// or https:// address'],
    [{ 'flink-url': 'http://u:p@jm:8081' }, 'input "flink-url": credentials do not belong in the URL'],
    [
      { 'flink-target-url': 'not a url' },
      'input "flink-target-url": expected the JobManager\'s REST address',
    ],
    [{ 'job-name': undefined }, 'input "job-name": platform: flink needs job-name'],
    [{ 'job-id': 'A'.repeat(32) }, 'input "job-id": set job-name or job-id, not both'],
    [
      { 'job-name': undefined, 'job-id': 'xyz' },
      'input "job-id": expected a Flink job id (32 hexadecimal digits)',
    ],
    [{ 'savepoint-dir': 'savepoints' }, 'input "savepoint-dir": expected a directory URI'],
    [{ 'upgrade-mode': 'last-state' }, 'input "upgrade-mode": expected one of savepoint, stateless'],
    [{ 'entry-class': 'com.example.' }, 'input "entry-class": expected a Java class name'],
    [{ 'program-args': '--a "open' }, 'input "program-args": expected arguments separated by blanks'],
    [{ 'previous-artifact': 'old.zip' }, 'input "previous-artifact": expected the path of the JAR'],
    [{ 'previous-entry-class': 'com..Old' }, 'input "previous-entry-class": expected a Java class name'],
    [
      { 'previous-program-args': '--a "open' },
      'input "previous-program-args": expected arguments separated by blanks',
    ],
    [
      { 'flink-headers': 'Authorization Bearer x' },
      'input "flink-headers": expected "Name: value" lines; line 1',
    ],
    [{ artifact: 'app.zip' }, 'input "artifact": platform: flink deploys a JAR'],
    [{ runtime: 'FLINK-2_2' }, 'input "runtime": applies to platform: msf'],
    [{ bucket: 'my-bucket' }, 'input "bucket": applies to platform: msf'],
    [{ 'keep-snapshots': '10' }, 'input "keep-snapshots": applies to platform: msf (its snapshot quota)'],
    [
      { 'upgrade-mode': 'stateless', 'allow-non-restored-state': 'true' },
      'input "allow-non-restored-state": applies only when restoring state',
    ],
  ])('%j → one line', (change, message) => {
    const error = errorOf({ ...base, ...change } as RawInputs);
    expect(error.startsWith(message), error).toBe(true);
    expect(error).not.toContain('\n');
  });

  it('never echoes a header value in its error', () => {
    expect(errorOf({ ...base, 'flink-headers': 'Authorization: Bearer s3cr3t\nX-Bad\x01: y' })).not.toContain(
      's3cr3t',
    );
    expect(parseHeaderLines('# comment\n\nAuthorization: Basic abc=\n')).toEqual({
      headers: { Authorization: 'Basic abc=' },
    });
    expect(parseHeaderLines('Host: x')).toEqual({ problem: 'line 1: Host is set by the action itself' });
  });

  it('reads program arguments as words or a JSON array', () => {
    expect(parseProgramArgs('--delay-ms 20')).toEqual(['--delay-ms', '20']);
    expect(parseProgramArgs(`--name 'a b'c "d\\"e"`)).toEqual(['--name', 'a bc', 'd"e']);
    expect(parseProgramArgs('["--x", "y z"]')).toEqual(['--x', 'y z']);
    expect(parseProgramArgs('[1]')).toBeUndefined();
    expect(parseProgramArgs("'open")).toBeUndefined();
  });
});
