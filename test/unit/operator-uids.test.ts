import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  murmur3x64128,
  operatorIdOfUid,
  operatorUidsOfClasses,
  NotAClassFile,
  readOperatorUids,
} from '../../emulator/msf/operator-uids.js';
import { buildClassFile, buildJar } from '../support/jar-builder.js';
import { flinkVersion, testJar } from '../support/flink-install.js';
import { realFlinkReady } from '../support/flink-jobs.js';
import { checkOperatorMapping, operatorUidsOf } from '../../emulator/msf/startup-rules.js';

describe('operator uids read from class files', () => {
  it('finds the constants passed to uid(String) in a method', () => {
    const bytes = buildClassFile({ name: 'com/example/Job', uids: ['source', 'stats', 'counter'] });
    expect(readOperatorUids(bytes)).toEqual(['source', 'stats', 'counter']);
  });

  it('finds none in a class without code, and ignores String constants not passed to uid', () => {
    expect(
      readOperatorUids(buildClassFile({ name: 'com/example/Plain', strings: ['uid', 'stats'] })),
    ).toEqual([]);
  });

  it('ignores a uid method of a class outside Flink', () => {
    const bytes = buildClassFile({ name: 'com/example/Job', uids: ['x'] });
    // rename the owner's package: same length, another prefix
    const renamed = Buffer.from(
      bytes.toString('latin1').replace('org/apache/flink/streaming', 'org/apache/blink/streaming'),
      'latin1',
    );
    expect(readOperatorUids(renamed)).toEqual([]);
  });

  it('rejects what is not a class file; the JAR-wide reader skips it', () => {
    expect(() => readOperatorUids(Buffer.from('not a class'))).toThrow(NotAClassFile);
    const good = buildClassFile({ name: 'com/example/Job', uids: ['b', 'a', 'b'] });
    expect(operatorUidsOfClasses([Buffer.from('junk'), good, good.subarray(0, good.length - 5)])).toEqual([
      'a',
      'b',
    ]);
  });

  it('reads the uids of a JAR; none (unknown) for JARs without uid calls', async () => {
    const jar = await buildJar({ classes: [{ name: 'com/example/Job', uids: ['counter', 'source'] }] });
    expect(await operatorUidsOf(jar)).toEqual(['counter', 'source']);
    expect(await operatorUidsOf(await buildJar({ classes: [{ name: 'com/example/Job' }] }))).toEqual([]);
    expect(await operatorUidsOf(Buffer.from('not a zip'))).toEqual([]);
  });
});

describe('operator ids as Flink derives them from uids', () => {
  it("is Guava's murmur3_128 (seed 0) of the uid's UTF-8 bytes", () => {
    // values printed by Guava's Hashing.murmur3_128(0).hashString(…, UTF_8) (Flink's shaded copy)
    expect(operatorIdOfUid('stats')).toBe('6ff44e1cda9c78739616fcefe460e861');
    expect(operatorIdOfUid('a-much-longer-operator-uid')).toBe('d5eba2f7037560e19246a48a87a6d0c1');
    expect(murmur3x64128(Buffer.alloc(0)).toString('hex')).toBe('0'.repeat(32));
  });
});

describe('operator state mapping', () => {
  const v1 = ['counter', 'print', 'source', 'stats', 'throttle'];
  const noStats = ['counter', 'print', 'source', 'throttle'];

  it("fails as Flink's submission does when the new program lacks an operator of the snapshot", () => {
    const verdict = checkOperatorMapping(v1, noStats, false, 'ss-1');
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.message).toContain(
        'java.lang.IllegalStateException: Failed to rollback to checkpoint/savepoint ss-1. Cannot map ' +
          'checkpoint/savepoint state for operator 6ff44e1cda9c78739616fcefe460e861 to the new program, ' +
          'because the operator is not available in the new program. If you want to allow to skip this, ' +
          'you can set the --allowNonRestoredState option on the CLI.',
      );
    }
  });

  it('passes with AllowNonRestoredState, when operators are only added, or when uids are unknown', () => {
    expect(checkOperatorMapping(v1, noStats, true, 'ss-1').ok).toBe(true);
    expect(checkOperatorMapping(noStats, v1, false, 'ss-1').ok).toBe(true);
    expect(checkOperatorMapping(undefined, noStats, false, 'ss-1').ok).toBe(true);
    expect(checkOperatorMapping([], noStats, false, 'ss-1').ok).toBe(true);
    expect(checkOperatorMapping(v1, [], false, 'ss-1').ok).toBe(true);
  });
});

const V1_20 = flinkVersion('1.20');
const V2_2 = flinkVersion('2.2');
const ready = realFlinkReady([V1_20, V2_2]);

describe.skipIf(!ready)('operator uids of the test jobs (javac output)', () => {
  const expected: Record<string, string[]> = {
    'counter-v1': ['counter', 'print', 'source', 'stats', 'throttle'],
    'counter-v2': ['counter', 'print', 'source', 'stats', 'tag', 'throttle'],
    'counter-no-stats': ['counter', 'print', 'source', 'throttle'],
    'kryo-list': ['print', 'recent', 'source', 'throttle'],
  };
  for (const version of [V1_20, V2_2]) {
    for (const [job, uids] of Object.entries(expected)) {
      it(`${job} built for Flink ${version}`, async () => {
        expect(await operatorUidsOf(readFileSync(testJar(version, job)))).toEqual(uids);
      });
    }
  }
  it('legacy-source built for Flink 1.20', async () => {
    expect(await operatorUidsOf(readFileSync(testJar(V1_20, 'legacy-source')))).toEqual([
      'legacy-source',
      'print',
    ]);
  });
});
