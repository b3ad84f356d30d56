import { describe, expect, it } from 'vitest';
import { type Finding, type JarCheckReport, checkArtifact } from '../../src/jar-check/index.js';
import { type JarSpec, buildJar, classMajorFor, healthyJobJar } from '../support/jar-builder.js';
import { useTempDir } from '../support/temp-dir.js';

const tmp = useTempDir('jar-check-');
const write = (jar: Buffer | Promise<Buffer>): Promise<string> => tmp.writeNew('.jar', jar);

async function check(
  spec: JarSpec,
  target = 'FLINK-2_2',
  current: string | undefined = 'FLINK-1_20',
): Promise<JarCheckReport> {
  return checkArtifact(await write(buildJar(spec)), {
    targetRuntime: target,
    ...(current ? { currentRuntime: current } : {}),
  });
}

const codes = (r: JarCheckReport, severity?: Finding['severity']): string[] =>
  r.findings.filter((f) => !severity || f.severity === severity).map((f) => f.code);
const find = (r: JarCheckReport, code: string): Finding => {
  const f = r.findings.find((x) => x.code === code);
  if (!f) throw new Error(`no ${code} in ${JSON.stringify(r.findings, null, 2)}`);
  return f;
};

const MAIN = { 'Main-Class': 'com.example.StreamingJob' };
const job = (extra: Partial<JarSpec['classes'] extends (infer C)[] | undefined ? C : never> = {}) => ({
  name: 'com/example/StreamingJob',
  major: classMajorFor(17),
  references: [
    'org/apache/flink/streaming/api/environment/StreamExecutionEnvironment',
    'org/apache/flink/api/connector/source/Source',
  ],
  ...extra,
});

describe('checkArtifact: a healthy JAR', () => {
  it('reports no errors or warnings for current Flink APIs on the right Java', async () => {
    const r = await check({
      manifest: MAIN,
      classes: [
        job(),
        {
          name: 'com/example/Enricher',
          major: classMajorFor(17),
          superName: 'org/apache/flink/api/common/functions/RichMapFunction',
          strings: ['(Lorg/apache/flink/api/common/functions/OpenContext;)V'],
          methodRefs: [
            {
              owner: 'org/apache/flink/api/common/functions/RuntimeContext',
              name: 'getTaskInfo',
              isInterface: true,
            },
          ],
        },
        { name: 'module-info', major: classMajorFor(21) },
      ],
      artifacts: [
        { groupId: 'org.apache.flink', artifactId: 'flink-connector-kafka', version: '4.0.0-2.0' },
        {
          groupId: 'org.apache.flink',
          artifactId: 'flink-connector-aws-kinesis-streams',
          version: '6.0.0-2.0',
        },
        { groupId: 'com.google.guava', artifactId: 'guava', version: '33.0.0-jre' },
      ],
    });
    expect(r.findings).toEqual([]);
    expect(r.kind).toBe('jar');
    expect(r.stats.classes).toBe(3);
    expect(r.stats.maxClassMajor).toBe(61);
    expect(r.stats.entries).toBe(7);
    expect(r.stats.bytes).toBeGreaterThan(0);
    expect(r.stats.bundledFlinkVersion).toBeUndefined();
  });

  it('accepts the builder’s default healthy job on a 1.x target', async () => {
    const r = await checkArtifact(await write(healthyJobJar(11)), { targetRuntime: 'FLINK-1_20' });
    expect(r.findings).toEqual([]);
  });

  it('checks a runtime newer than its table with the Java of the newest known one of that line', async () => {
    const r = await check(
      { manifest: MAIN, classes: [job({ major: classMajorFor(21) })] },
      'FLINK-2_9',
      'FLINK-2_3',
    );
    expect(codes(r)).toEqual(['JAVA_CLASS_VERSION', 'RUNTIME_ASSUMED']);
    expect(find(r, 'JAVA_CLASS_VERSION').message).toContain('FLINK-2_9 runs Java 17');
  });

  it('reads STORE and DEFLATE entries alike', async () => {
    for (const store of [true, false]) {
      const r = await check({
        store,
        manifest: MAIN,
        classes: [job({ references: ['org/apache/flink/api/java/DataSet'] })],
      });
      expect(codes(r, 'error')).toEqual(['FLINK2_REMOVED_API']);
    }
  });
});

describe('checkArtifact: bundled Flink', () => {
  it('flags core Flink artifacts that should be provided scope', async () => {
    const r = await check({
      manifest: MAIN,
      classes: [job()],
      artifacts: [
        { groupId: 'org.apache.flink', artifactId: 'flink-streaming-java', version: '1.20.0' },
        { groupId: 'org.apache.flink', artifactId: 'flink-table-api-java-bridge', version: '1.20.0' },
        { groupId: 'org.apache.flink', artifactId: 'flink-scala_2.12', version: '1.20.0' },
      ],
    });
    expect(codes(r, 'error')).toEqual(['FLINK_CORE_BUNDLED', 'FLINK_CORE_BUNDLED', 'FLINK_CORE_BUNDLED']);
    const f = find(r, 'FLINK_CORE_BUNDLED');
    expect(f.message).toContain('flink-streaming-java 1.20.0');
    expect(f.fix).toContain('<scope>provided</scope>');
    expect(f.location).toBe('META-INF/maven/org.apache.flink/flink-streaming-java/pom.properties');
    expect(r.stats.bundledFlinkVersion).toBe('1.20.0');
  });

  it('detects core Flink shaded in without pom.properties, from its classes', async () => {
    const r = await check({
      manifest: MAIN,
      classes: [
        job(),
        {
          name: 'org/apache/flink/streaming/api/environment/StreamExecutionEnvironment',
          references: ['org/apache/flink/streaming/api/functions/source/SourceFunction'],
        },
      ],
    });
    expect(codes(r, 'error')).toEqual(['FLINK_CORE_BUNDLED']);
    expect(find(r, 'FLINK_CORE_BUNDLED').location).toBe(
      'org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class',
    );
  });

  it('flags a core artifact named by the manifest', async () => {
    const r = await check({
      manifest: {
        ...MAIN,
        'Implementation-Title': 'flink-streaming-java',
        'Implementation-Version': '1.19.1',
        'Implementation-Vendor-Id': 'org.apache.flink',
      },
      classes: [job()],
    });
    expect(find(r, 'FLINK_CORE_BUNDLED').location).toBe('META-INF/MANIFEST.MF');
  });

  it('does not flag non-Flink artifacts or Flink-line-matching connectors', async () => {
    const r = await check(
      {
        manifest: MAIN,
        classes: [job({ major: classMajorFor(11) })],
        artifacts: [
          { groupId: 'org.apache.flink', artifactId: 'flink-connector-kinesis', version: '5.0.0-1.20' },
          { groupId: 'software.amazon.awssdk', artifactId: 'kinesis', version: '2.25.0' },
        ],
      },
      'FLINK-1_20',
      'FLINK-1_19',
    );
    expect(r.findings).toEqual([]);
  });

  it('errors on connectors built for Flink 1.x on a 2.x target, with the 2.x replacement', async () => {
    const r = await check({
      manifest: MAIN,
      classes: [job()],
      artifacts: [
        { groupId: 'org.apache.flink', artifactId: 'flink-connector-kinesis', version: '4.3.0-1.19' },
        { groupId: 'org.apache.flink', artifactId: 'flink-connector-kafka', version: '3.2.0-1.19' },
      ],
    });
    const mismatches = r.findings.filter((f) => f.code === 'FLINK_CONNECTOR_MISMATCH');
    expect(mismatches.map((f) => f.severity)).toEqual(['error', 'error']);
    expect(mismatches[0]?.message).toContain('flink-connector-kinesis 4.3.0-1.19 is built for Flink 1.19');
    expect(mismatches[0]?.message).toContain('FlinkKinesisConsumer');
    expect(mismatches[0]?.fix).toContain('flink-connector-aws-kinesis-streams 6.0.0-2.0');
    expect(mismatches[1]?.fix).toContain('flink-connector-kafka 4.0.0-2.0');
    expect(codes(r, 'warning')).toContain('STATE_KINESIS_CONNECTOR');
  });

  it('errors on old-style connectors versioned with Flink itself', async () => {
    const r = await check({
      manifest: MAIN,
      classes: [job()],
      artifacts: [
        { groupId: 'org.apache.flink', artifactId: 'flink-connector-kinesis_2.12', version: '1.13.2' },
      ],
    });
    expect(find(r, 'FLINK_CONNECTOR_MISMATCH').severity).toBe('error');
  });

  it('warns when a 1.x connector targets another 1.x line', async () => {
    const r = await check(
      {
        manifest: MAIN,
        classes: [job({ major: classMajorFor(11) })],
        artifacts: [
          { groupId: 'org.apache.flink', artifactId: 'flink-connector-kafka', version: '3.2.0-1.19' },
        ],
      },
      'FLINK-1_20',
      'FLINK-1_19',
    );
    const f = find(r, 'FLINK_CONNECTOR_MISMATCH');
    expect(f.severity).toBe('warning');
    expect(f.fix).toContain('Flink 1.20');
  });

  it('errors on connectors that have no Flink 2.x release', async () => {
    const r = await check({
      manifest: MAIN,
      classes: [job()],
      artifacts: [{ groupId: 'org.apache.flink', artifactId: 'flink-connector-jdbc', version: '3.3.0-1.20' }],
    });
    expect(codes(r, 'error')).toEqual(['FLINK_CONNECTOR_NO_FLINK2']);
  });

  it('warns about connectors built for a newer Flink line than the target', async () => {
    const r = await check({
      manifest: MAIN,
      classes: [job()],
      artifacts: [{ groupId: 'org.apache.flink', artifactId: 'flink-connector-kafka', version: '4.1.0-2.3' }],
    });
    expect(find(r, 'FLINK_CONNECTOR_MISMATCH').severity).toBe('warning');
  });
});

describe('checkArtifact: class-file versions', () => {
  it('errors when classes need a newer Java than the runtime, naming the newest class', async () => {
    const r = await check(
      {
        manifest: MAIN,
        classes: [
          job({ major: classMajorFor(11) }),
          { name: 'com/example/Util', major: classMajorFor(17) },
          { name: 'com/example/Newest', major: classMajorFor(21) },
        ],
      },
      'FLINK-1_20',
      'FLINK-1_19',
    );
    const f = find(r, 'JAVA_CLASS_VERSION');
    expect(f.severity).toBe('error');
    expect(f.location).toBe('com.example.Newest');
    expect(f.message).toContain('Java 21 (class file 65)');
    expect(f.message).toContain('FLINK-1_20 runs Java 11');
    expect(f.message).toContain('2 classes');
    expect(f.fix).toContain('--release 11');
    expect(r.stats.maxClassMajor).toBe(65);
  });

  it('accepts Java 17 classes on Flink 2.2 and rejects Java 21 ones', async () => {
    expect(codes(await check({ manifest: MAIN, classes: [job({ major: classMajorFor(17) })] }))).toEqual([]);
    expect(codes(await check({ manifest: MAIN, classes: [job({ major: classMajorFor(21) })] }))).toEqual([
      'JAVA_CLASS_VERSION',
    ]);
  });

  it('ignores module-info and multi-release entries for newer Javas than the runtime', async () => {
    const r = await check(
      {
        manifest: MAIN,
        multiRelease: true,
        classes: [
          job({ major: classMajorFor(11) }),
          { name: 'module-info', major: classMajorFor(21) },
          { name: 'com/lib/Fast', major: classMajorFor(21), release: 21 },
          {
            name: 'com/lib/Fast',
            major: classMajorFor(17),
            release: 17,
            references: ['org/apache/flink/api/java/DataSet'],
          },
        ],
      },
      'FLINK-1_20',
    );
    expect(r.findings).toEqual([]);
    expect(r.stats.maxClassMajor).toBe(55);
  });

  it('checks multi-release entries the runtime would load', async () => {
    const r = await check({
      manifest: MAIN,
      multiRelease: true,
      classes: [job(), { name: 'com/lib/Fast', major: classMajorFor(21), release: 17 }],
    });
    expect(find(r, 'JAVA_CLASS_VERSION').location).toBe('com.lib.Fast');
  });

  it('ignores META-INF/versions when the manifest does not say Multi-Release', async () => {
    const r = await check({
      manifest: MAIN,
      classes: [job(), { name: 'com/lib/Fast', major: classMajorFor(21), release: 17 }],
    });
    expect(r.findings).toEqual([]);
  });
});

describe('checkArtifact: APIs removed in Flink 2.0', () => {
  const cases: {
    what: string;
    cls: Partial<ReturnType<typeof job>> & Record<string, unknown>;
    title: string;
    fix: string;
  }[] = [
    {
      what: 'DataSet API',
      cls: {
        references: ['org/apache/flink/api/java/ExecutionEnvironment', 'org/apache/flink/api/java/DataSet'],
      },
      title: 'DataSet API',
      fix: 'DataStream',
    },
    {
      what: 'SourceFunction',
      cls: { superName: 'org/apache/flink/streaming/api/functions/source/RichParallelSourceFunction' },
      title: 'legacy SourceFunction',
      fix: 'FLIP-27',
    },
    {
      what: 'SinkFunction',
      cls: { interfaces: ['org/apache/flink/streaming/api/functions/sink/SinkFunction'] },
      title: 'legacy SinkFunction',
      fix: 'FLIP-143',
    },
    {
      what: 'Scala API',
      cls: { references: ['org/apache/flink/streaming/api/scala/StreamExecutionEnvironment'] },
      title: 'Flink Scala API',
      fix: 'Java API',
    },
    {
      what: 'TimeCharacteristic',
      cls: { strings: ['(Lorg/apache/flink/streaming/api/TimeCharacteristic;)V'] },
      title: 'TimeCharacteristic',
      fix: 'WatermarkStrategy',
    },
    {
      what: 'windowing Time',
      cls: { references: ['org/apache/flink/streaming/api/windowing/time/Time'] },
      title: 'Time classes',
      fix: 'java.time.Duration',
    },
    {
      what: 'FlinkKinesisConsumer',
      cls: { references: ['org/apache/flink/streaming/connectors/kinesis/FlinkKinesisConsumer'] },
      title: 'FlinkKinesisConsumer',
      fix: 'KinesisStreamsSource',
    },
    {
      what: 'FlinkKafkaProducer',
      cls: { references: ['org/apache/flink/streaming/connectors/kafka/FlinkKafkaProducer'] },
      title: 'FlinkKafkaConsumer / FlinkKafkaProducer',
      fix: 'KafkaSink',
    },
    {
      what: 'ParameterTool',
      cls: { references: ['org/apache/flink/api/java/utils/ParameterTool'] },
      title: 'ParameterTool',
      fix: 'org.apache.flink.util.ParameterTool',
    },
    {
      what: 'addSource()',
      cls: {
        methodRefs: [
          {
            owner: 'org/apache/flink/streaming/api/environment/StreamExecutionEnvironment',
            name: 'addSource',
          },
        ],
      },
      title: 'legacy SourceFunction',
      fix: 'fromSource',
    },
    {
      what: 'registerKryoType()',
      cls: {
        methodRefs: [{ owner: 'org/apache/flink/api/common/ExecutionConfig', name: 'registerKryoType' }],
      },
      title: 'Kryo',
      fix: 'pipeline.serialization-config',
    },
    {
      what: 'getIndexOfThisSubtask()',
      cls: {
        methodRefs: [
          {
            owner: 'org/apache/flink/api/common/functions/RuntimeContext',
            name: 'getIndexOfThisSubtask',
            isInterface: true,
          },
        ],
      },
      title: 'RuntimeContext',
      fix: 'getTaskInfo',
    },
  ];
  for (const c of cases) {
    it(`errors on ${c.what}, naming the class and the replacement`, async () => {
      const r = await check({ manifest: MAIN, classes: [job(c.cls as never)] });
      const f = find(r, 'FLINK2_REMOVED_API');
      expect(f.severity).toBe('error');
      expect(f.location).toBe('com.example.StreamingJob');
      expect(f.message).toContain(c.title);
      expect(f.message).toContain('FLINK-2_2');
      expect(f.fix).toContain(c.fix);
    });
  }

  it('errors on functions that override the removed open(Configuration)', async () => {
    const r = await check({
      manifest: MAIN,
      classes: [
        job(),
        {
          name: 'com/example/Enricher',
          major: classMajorFor(17),
          superName: 'org/apache/flink/api/common/functions/RichMapFunction',
          strings: ['open', '(Lorg/apache/flink/configuration/Configuration;)V'],
        },
        {
          name: 'com/example/Modern',
          major: classMajorFor(17),
          superName: 'org/apache/flink/api/common/functions/RichMapFunction',
          strings: [
            'open',
            '(Lorg/apache/flink/api/common/functions/OpenContext;)V',
            'Lorg/apache/flink/configuration/Configuration;',
          ],
        },
        {
          name: 'com/example/SuperCaller',
          major: classMajorFor(17),
          superName: 'com/example/BaseFunction',
          methodRefs: [
            {
              owner: 'org/apache/flink/api/common/functions/AbstractRichFunction',
              name: 'open',
              descriptor: '(Lorg/apache/flink/configuration/Configuration;)V',
            },
          ],
        },
        {
          name: 'com/example/Output',
          major: classMajorFor(17),
          superName: 'org/apache/flink/api/common/io/RichOutputFormat',
          strings: ['open', 'configure', '(Lorg/apache/flink/configuration/Configuration;)V'],
        },
      ],
    });
    const f = find(r, 'FLINK2_REMOVED_API');
    expect(r.findings.filter((x) => x.code === 'FLINK2_REMOVED_API').map((x) => x.location)).toEqual([
      'com.example.Enricher',
      'com.example.SuperCaller',
    ]);
    expect(f.message).toContain('RichFunction.open(Configuration)');
    expect(f.fix).toContain('open(OpenContext)');
  });

  it('does not flag classes that survived, like KeySelector, Tuple2 and the new DiscardingSink', async () => {
    const r = await check({
      manifest: MAIN,
      classes: [
        job({
          references: [
            'org/apache/flink/api/java/functions/KeySelector',
            'org/apache/flink/api/java/tuple/Tuple2',
            'org/apache/flink/streaming/api/functions/sink/v2/DiscardingSink',
            'org/apache/flink/api/connector/sink2/Sink',
            'org/apache/flink/api/common/eventtime/WatermarkStrategy',
          ],
        }),
      ],
    });
    expect(r.findings).toEqual([]);
  });

  it('reports nothing about removed APIs on a 1.x target', async () => {
    const r = await check(
      {
        manifest: MAIN,
        classes: [job({ major: classMajorFor(11), references: ['org/apache/flink/api/java/DataSet'] })],
      },
      'FLINK-1_20',
      'FLINK-1_19',
    );
    expect(r.findings).toEqual([]);
  });

  it('caps per-class findings per rule and summarizes the rest', async () => {
    const classes = Array.from({ length: 14 }, (_, i) => ({
      name: `com/example/Src${i}`,
      major: classMajorFor(17),
      superName: 'org/apache/flink/streaming/api/functions/source/SourceFunction',
    }));
    const r = await check({ manifest: MAIN, classes });
    const found = r.findings.filter((f) => f.code === 'FLINK2_REMOVED_API');
    expect(found).toHaveLength(11);
    expect(found[10]?.message).toContain('4 more classes');
  });

  it('reports bundled 1.x connector classes once per rule, and skips core Flink internals', async () => {
    const r = await check({
      manifest: MAIN,
      classes: [
        job(),
        {
          name: 'org/apache/flink/streaming/connectors/kinesis/FlinkKinesisConsumer',
          superName: 'org/apache/flink/streaming/api/functions/source/RichParallelSourceFunction',
        },
        {
          name: 'org/apache/flink/streaming/connectors/kinesis/internals/KinesisDataFetcher',
          references: ['org/apache/flink/streaming/api/functions/source/SourceFunction$SourceContext'],
        },
        {
          name: 'org/apache/flink/streaming/api/functions/source/SourceFunction',
          references: ['org/apache/flink/streaming/api/functions/source/SourceFunction$SourceContext'],
        },
      ],
    });
    expect(codes(r)).toEqual(['FLINK2_REMOVED_API_BUNDLED']);
    const f = find(r, 'FLINK2_REMOVED_API_BUNDLED');
    expect(f.message).toContain('2 bundled Flink connector classes');
    expect(f.message).toContain('built for Flink 1.x');
  });
});

describe('checkArtifact: state-serialization risks (1.x → 2.x)', () => {
  const pojo = {
    name: 'com/example/model/Order',
    fields: [
      { name: 'items', descriptor: 'Ljava/util/List;', access: 1 },
      { name: 'id', descriptor: 'J', access: 1 },
    ],
  };

  it('warns about Kryo, Scala case classes, records and POJOs with collections', async () => {
    const r = await check({
      manifest: MAIN,
      classes: [
        job({
          methodRefs: [
            { owner: 'org/apache/flink/api/common/ExecutionConfig', name: 'addDefaultKryoSerializer' },
          ],
        }),
        {
          name: 'com/example/MoneySerializer',
          superName: 'com/esotericsoftware/kryo/Serializer',
          major: classMajorFor(17),
        },
        { name: 'com/example/Click', interfaces: ['scala/Product', 'scala/Serializable'] },
        { name: 'com/example/Point', superName: 'java/lang/Record', access: 0x0031 },
        pojo,
      ],
    });
    expect(codes(r, 'warning')).toEqual([
      'STATE_KRYO',
      'STATE_SCALA_CASE_CLASS',
      'STATE_JAVA_RECORD',
      'STATE_POJO_COLLECTIONS',
    ]);
    expect(find(r, 'STATE_KRYO').message).toContain('com.example.MoneySerializer');
    expect(find(r, 'STATE_KRYO').message).toContain('com.example.StreamingJob');
    expect(find(r, 'STATE_SCALA_CASE_CLASS').location).toBe('com.example.Click');
    expect(find(r, 'STATE_JAVA_RECORD').location).toBe('com.example.Point');
    expect(find(r, 'STATE_POJO_COLLECTIONS').message).toContain('items: java.util.List');
  });

  it('warns about Java collections as state types given by a TypeHint (Kryo in 1.x), not other TypeHints', async () => {
    const hint = (name: string, signature: string) => ({
      name,
      superName: 'org/apache/flink/api/common/typeinfo/TypeHint',
      strings: [signature],
    });
    const r = await check({
      manifest: MAIN,
      classes: [
        job(),
        hint(
          'com/example/StreamingJob$1',
          'Lorg/apache/flink/api/common/typeinfo/TypeHint<Ljava/util/List<Ljava/lang/Long;>;>;',
        ),
        hint(
          'com/example/StreamingJob$2',
          'Lorg/apache/flink/api/common/typeinfo/TypeHint<Ljava/lang/Long;>;',
        ),
      ],
    });
    expect(codes(r, 'warning')).toEqual(['STATE_JAVA_COLLECTION']);
    expect(find(r, 'STATE_JAVA_COLLECTION').message).toContain(
      'com.example.StreamingJob$1 (TypeHint of java.util.List)',
    );
    expect(find(r, 'STATE_JAVA_COLLECTION').message).not.toContain('StreamingJob$2');
    const same = await check(
      {
        manifest: MAIN,
        classes: [
          job(),
          hint(
            'com/example/H',
            'Lorg/apache/flink/api/common/typeinfo/TypeHint<Ljava/util/Map<Ljava/lang/String;Ljava/lang/Long;>;>;',
          ),
        ],
      },
      'FLINK-2_3',
      'FLINK-2_2',
    );
    expect(same.findings).toEqual([]);
  });

  it('says nothing about state when both runtimes are 2.x or the target is 1.x', async () => {
    const classes = [job(), { name: 'com/example/Point', superName: 'java/lang/Record' }, pojo];
    expect(codes(await check({ manifest: MAIN, classes }, 'FLINK-2_3', 'FLINK-2_2'))).toEqual([]);
    const on1x = classes.map((c) => ({ ...c, major: classMajorFor(11) }));
    expect(codes(await check({ manifest: MAIN, classes: on1x }, 'FLINK-1_20', 'FLINK-1_19'))).toEqual([]);
  });

  it('treats an unknown current runtime as a possible 1.x → 2.x upgrade', async () => {
    expect(codes(await check({ manifest: MAIN, classes: [job(), pojo] }, 'FLINK-2_2', undefined))).toEqual([
      'STATE_POJO_COLLECTIONS',
    ]);
  });

  it('looks only at the application’s packages, not at bundled libraries', async () => {
    const r = await check({
      manifest: MAIN,
      classes: [
        job(),
        { name: 'software/amazon/awssdk/Model', fields: [{ name: 'tags', descriptor: 'Ljava/util/Map;' }] },
        { name: 'net/other/lib/Holder', fields: [{ name: 'tags', descriptor: 'Ljava/util/Map;' }] },
        {
          name: 'com/example/fn/Buffering',
          superName: 'org/apache/flink/api/common/functions/RichMapFunction',
          fields: [{ name: 'buf', descriptor: 'Ljava/util/ArrayList;' }],
        },
        {
          name: 'com/example/Holder',
          fields: [{ name: 'cache', descriptor: 'Ljava/util/Map;', access: 0x0088 }],
        },
      ],
    });
    expect(r.findings).toEqual([]);
  });

  it('handles an application package inside a library namespace (as in the AWS samples)', async () => {
    const r = await check({
      manifest: { 'Main-Class': 'com.amazonaws.services.msf.StreamingJob' },
      classes: [
        { name: 'com/amazonaws/services/msf/StreamingJob', major: classMajorFor(17) },
        {
          name: 'com/amazonaws/services/msf/model/Event',
          fields: [{ name: 'tags', descriptor: 'Ljava/util/List;' }],
        },
        {
          name: 'com/amazonaws/services/kinesis/model/Record',
          fields: [{ name: 'shards', descriptor: 'Ljava/util/List;' }],
        },
      ],
    });
    expect(codes(r)).toEqual(['STATE_POJO_COLLECTIONS']);
    expect(find(r, 'STATE_POJO_COLLECTIONS').message).toContain('com.amazonaws.services.msf.model.Event');
    expect(find(r, 'STATE_POJO_COLLECTIONS').message).not.toContain('kinesis.model.Record');
  });

  it('uses the applicationPackages option over the Main-Class', async () => {
    const path = await write(
      buildJar({
        manifest: MAIN,
        classes: [
          job(),
          { name: 'net/other/lib/Holder', fields: [{ name: 'tags', descriptor: 'Ljava/util/Map;' }] },
        ],
      }),
    );
    const r = await checkArtifact(path, {
      targetRuntime: 'FLINK-2_2',
      currentRuntime: 'FLINK-1_20',
      applicationPackages: ['net.other'],
    });
    expect(find(r, 'STATE_POJO_COLLECTIONS').location).toBe('net.other.lib.Holder');
  });

  it('warns that KinesisStreamsSource cannot restore FlinkKinesisConsumer state', async () => {
    const r = await check({
      manifest: MAIN,
      classes: [job({ references: ['org/apache/flink/connector/kinesis/source/KinesisStreamsSource'] })],
    });
    expect(codes(r)).toEqual(['STATE_KINESIS_SOURCE']);
  });
});

describe('checkArtifact: odd content', () => {
  it('warns about a JAR without classes', async () => {
    const r = await check({ files: { 'README.md': 'hello' } });
    expect(codes(r)).toEqual(['JAR_NO_CLASSES']);
  });

  it('warns about .class entries that are not class files, and still checks the rest', async () => {
    const r = await check({
      manifest: MAIN,
      classes: [job({ references: ['org/apache/flink/api/java/DataSet'] })],
      files: { 'com/example/Broken.class': 'not a class' },
    });
    expect(codes(r)).toEqual(['FLINK2_REMOVED_API', 'CLASS_UNREADABLE']);
    expect(find(r, 'CLASS_UNREADABLE').location).toBe('com/example/Broken.class');
    expect(r.stats.classes).toBe(2);
  });

  it('reads large classes across several inflate chunks', async () => {
    const strings = Array.from(
      { length: 3000 },
      (_, i) => `com/example/generated/Name${i}WithAFairlyLongSuffixToFillThePool`,
    );
    const r = await check({
      manifest: MAIN,
      classes: [job({ strings: [...strings, '(Lorg/apache/flink/api/java/DataSet;)V'], padding: 200_000 })],
    });
    expect(codes(r)).toEqual(['FLINK2_REMOVED_API']);
  });
});
