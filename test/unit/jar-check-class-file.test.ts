import { describe, expect, it } from 'vitest';
import {
  NeedMoreBytes,
  NotAClassFile,
  javaReleaseForMajor,
  majorForJavaRelease,
  parseClassFile,
} from '../../src/jar-check/class-file.js';
import { isCollectionField } from '../../src/jar-check/analyze-jar.js';
import { INTERESTING_PREFIXES, isInterestingRef } from '../../src/jar-check/rules.js';
import { buildClassFile, classMajorFor } from '../support/jar-builder.js';

const flinkOnly = { isInteresting: isInterestingRef, descriptorPrefixes: INTERESTING_PREFIXES };

describe('parseClassFile', () => {
  it('reads the header, names, super class and interfaces', () => {
    const c = parseClassFile(
      buildClassFile({
        name: 'com/example/Job',
        major: classMajorFor(17),
        superName: 'com/example/Base',
        interfaces: ['java/io/Serializable', 'scala/Product'],
      }),
    );
    expect(c.name).toBe('com/example/Job');
    expect(c.major).toBe(61);
    expect(c.superName).toBe('com/example/Base');
    expect(c.interfaces).toEqual(['java/io/Serializable', 'scala/Product']);
    expect(c.access & 0x0001).toBe(1);
  });

  it('keeps referenced classes but never the class itself, and reduces arrays to their element', () => {
    const c = parseClassFile(
      buildClassFile({
        name: 'org/apache/flink/Self',
        references: [
          'org/apache/flink/api/java/DataSet',
          '[[Lorg/apache/flink/types/Row;',
          '[I',
          'java/util/List',
        ],
      }),
      flinkOnly,
    );
    expect(c.refs.sort()).toEqual(['org/apache/flink/api/java/DataSet', 'org/apache/flink/types/Row']);
  });

  it('finds types that appear only inside descriptors and generic signatures', () => {
    const c = parseClassFile(
      buildClassFile({
        name: 'com/example/Job',
        strings: [
          '(Lorg/apache/flink/streaming/api/functions/source/SourceFunction$SourceContext;)V',
          'Ljava/lang/Object;Lorg/apache/flink/api/common/functions/MapFunction<Lcom/esotericsoftware/kryo/Kryo;Ljava/lang/String;>;',
        ],
      }),
      flinkOnly,
    );
    expect(c.refs).toContain('org/apache/flink/streaming/api/functions/source/SourceFunction$SourceContext');
    expect(c.refs).toContain('org/apache/flink/api/common/functions/MapFunction');
    expect(c.refs).toContain('com/esotericsoftware/kryo/Kryo');
    expect(c.refs).not.toContain('java/lang/Object');
  });

  it('reads method references with their owner', () => {
    const c = parseClassFile(
      buildClassFile({
        name: 'com/example/Job',
        methodRefs: [
          {
            owner: 'org/apache/flink/api/common/ExecutionConfig',
            name: 'registerKryoType',
            descriptor: '(Ljava/lang/Class;)V',
          },
          {
            owner: 'org/apache/flink/api/common/functions/RuntimeContext',
            name: 'getIndexOfThisSubtask',
            descriptor: '()I',
            isInterface: true,
          },
          { owner: 'java/lang/String', name: 'length', descriptor: '()I' },
        ],
      }),
      flinkOnly,
    );
    expect(c.methodRefs).toEqual([
      {
        owner: 'org/apache/flink/api/common/ExecutionConfig',
        name: 'registerKryoType',
        descriptor: '(Ljava/lang/Class;)V',
      },
      {
        owner: 'org/apache/flink/api/common/functions/RuntimeContext',
        name: 'getIndexOfThisSubtask',
        descriptor: '()I',
      },
    ]);
  });

  it('reads fields and can filter them', () => {
    const bytes = buildClassFile({
      name: 'com/example/Order',
      fields: [
        { name: 'items', descriptor: 'Ljava/util/List;', access: 0x0001 },
        { name: 'id', descriptor: 'J', access: 0x0001 },
        { name: 'CACHE', descriptor: 'Ljava/util/HashMap;', access: 0x0009 },
        { name: 'scratch', descriptor: 'Ljava/util/HashSet;', access: 0x0082 },
      ],
    });
    expect(parseClassFile(bytes).fields.map((f) => f.name)).toEqual(['items', 'id', 'CACHE', 'scratch']);
    expect(
      parseClassFile(bytes, { isInterestingField: isCollectionField }).fields.map((f) => f.name),
    ).toEqual(['items']);
  });

  it('handles 8-byte constants, which take two pool slots', () => {
    const u16 = (v: number): Buffer => Buffer.from([v >> 8, v & 0xff]);
    const utf8 = (t: string): Buffer => Buffer.concat([Buffer.from([1]), u16(t.length), Buffer.from(t)]);
    const bytes = Buffer.concat([
      Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52]),
      u16(11), // pool count: entries 1..10
      Buffer.from([5, 0, 0, 0, 0, 0, 0, 0, 42]), // #1 Long (slots 1 and 2)
      utf8('com/example/L'), // #3
      Buffer.from([7, 0, 3]), // #4 Class #3
      utf8('java/lang/Object'), // #5
      Buffer.from([7, 0, 5]), // #6 Class #5
      Buffer.from([6, 0x40, 9, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18]), // #7 Double (slots 7 and 8)
      utf8('org/apache/flink/api/java/DataSet'), // #9
      Buffer.from([7, 0, 9]), // #10 Class #9
      u16(0x0021),
      u16(4),
      u16(6),
      u16(0),
      u16(0),
      u16(0),
      u16(0),
    ]);
    const c = parseClassFile(bytes, flinkOnly);
    expect(c.name).toBe('com/example/L');
    expect(c.major).toBe(52);
    expect(c.refs).toEqual(['org/apache/flink/api/java/DataSet']);
  });

  it('asks for more bytes when the buffer stops early, and parses once complete', () => {
    const bytes = buildClassFile({
      name: 'com/example/Big',
      references: ['org/apache/flink/api/java/DataSet'],
      fields: [{ name: 'm', descriptor: 'Ljava/util/Map;' }],
    });
    for (const cut of [4, 12, Math.floor(bytes.length / 2), bytes.length - 5]) {
      expect(() => parseClassFile(bytes.subarray(0, cut))).toThrow(NeedMoreBytes);
    }
    expect(parseClassFile(bytes).name).toBe('com/example/Big');
  });

  it('gives the same summary with the byte-level ref prefilter, constants found in the pool', () => {
    const bytes = buildClassFile({
      name: 'com/example/Filtered',
      superName: 'org/apache/flink/api/common/functions/RichMapFunction',
      references: [
        'org/apache/flink/api/java/DataSet',
        '[[Lorg/apache/flink/types/Row;',
        '[I',
        'com/esotericsoftware/kryo/Kryo',
        'java/util/List',
      ],
      strings: ['open', '(Lorg/apache/flink/configuration/Configuration;)V'],
      methodRefs: [
        { owner: 'org/apache/flink/api/common/functions/RichFunction', name: 'open' },
        { owner: 'java/lang/Object', name: 'hashCode', descriptor: '()I' },
      ],
    });
    const options = {
      ...flinkOnly,
      utf8Constants: ['open', '(Lorg/apache/flink/configuration/Configuration;)V', 'close'],
    };
    const plain = parseClassFile(bytes, options);
    const filtered = parseClassFile(bytes, { ...options, refPrefixes: INTERESTING_PREFIXES });
    expect(filtered).toEqual(plain);
    expect([...filtered.refs].sort()).toEqual([
      'com/esotericsoftware/kryo/Kryo',
      'org/apache/flink/api/common/functions/RichFunction',
      'org/apache/flink/api/common/functions/RichMapFunction',
      'org/apache/flink/api/java/DataSet',
      'org/apache/flink/configuration/Configuration', // inside a descriptor
      'org/apache/flink/types/Row',
    ]);
    expect(filtered.methodRefs.map((m) => m.name)).toEqual(['open']);
    expect([...filtered.constants].sort()).toEqual([
      '(Lorg/apache/flink/configuration/Configuration;)V',
      'open',
    ]);
  });

  it('estimates the bytes it needs when the constant pool is cut short', () => {
    const bytes = buildClassFile({
      name: 'com/example/Estimated',
      strings: Array.from({ length: 200 }, (_, i) => `constant-${i}-of-a-long-pool`),
      padding: 5000,
    });
    try {
      parseClassFile(bytes.subarray(0, 800));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(NeedMoreBytes);
      const needed = bytes.length - 5000;
      expect((err as NeedMoreBytes).estimate).toBeGreaterThan(needed * 0.8);
      expect((err as NeedMoreBytes).estimate).toBeLessThan(needed * 1.5);
    }
  });

  it('does not need the methods and attributes after the fields', () => {
    const bytes = buildClassFile({ name: 'com/example/Padded', padding: 5000 });
    const cut = bytes.length - 5000 - 8; // everything up to the attribute table
    expect(parseClassFile(bytes.subarray(0, cut)).name).toBe('com/example/Padded');
  });

  it('rejects data that is not a class file', () => {
    expect(() => parseClassFile(Buffer.from('not a class file at all'))).toThrow(NotAClassFile);
    const bad = buildClassFile({ name: 'com/example/X' });
    bad[10] = 99; // unknown constant tag
    expect(() => parseClassFile(bad)).toThrow(/unknown constant-pool tag 99/);
  });

  it('maps class-file majors to Java releases and back', () => {
    expect(javaReleaseForMajor(52)).toBe(8);
    expect(javaReleaseForMajor(55)).toBe(11);
    expect(javaReleaseForMajor(61)).toBe(17);
    expect(javaReleaseForMajor(65)).toBe(21);
    expect(javaReleaseForMajor(46)).toBe(1);
    expect(majorForJavaRelease(17)).toBe(61);
  });
});

describe('parseClassFile descriptor search', () => {
  it('ignores an L that is only a UTF-8 length byte before a class name', () => {
    // 76 = 'L': the length byte of this constant makes the bytes read "Lorg/apache/flink/..."
    const name = 'org/apache/flink/streaming/api/functions/source/SourceFunction$SourceContext';
    expect(name.length).toBe(76);
    const c = parseClassFile(buildClassFile({ name: 'com/example/Job', strings: [name] }), flinkOnly);
    expect(c.refs).toEqual([]);
  });

  it('stops a descriptor type at the end of its constant', () => {
    const c = parseClassFile(
      buildClassFile({
        name: 'com/example/Job',
        strings: ['Lorg/apache/flink/api/java/DataSet;'],
        references: ['com/example/Other'],
      }),
      flinkOnly,
    );
    expect(c.refs).toEqual(['org/apache/flink/api/java/DataSet']);
  });
});

describe('parseClassFile UTF-8 constants', () => {
  it('reports which exact UTF-8 constants the pool holds', () => {
    const c = parseClassFile(
      buildClassFile({ name: 'com/example/F', strings: ['open', '(Lx/Y;)V', 'opener'] }),
      {
        utf8Constants: ['open', '(Lx/Y;)V', 'close', 'pen'],
      },
    );
    expect(c.constants).toEqual(['open', '(Lx/Y;)V']);
  });
});
