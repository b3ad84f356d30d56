/**
 * The rules tables of the JAR check. Pure data plus lookups.
 *
 * Sources:
 * - Apache Flink "Release notes - Flink 2.0" (docs/content/release-notes/flink-2.0.md): "Highlight
 *   Breaking Changes" (DataSet API, Scala DataStream/DataSet API, SourceFunction / SinkFunction /
 *   Sink V1, TableSource / TableSink, TableSchema / TableColumn / Types removed) and its appendix
 *   "List of breaking change programming APIs" (removed classes and removed methods).
 * - MSF developer guide, `flink-2-2.html` ("Breaking changes", "Connector availability for Flink 2.2").
 * - MSF developer guide, `state-compatibility.html` (state risks of 1.x → 2.x upgrades).
 */

/** A group of APIs removed in Flink 2.0, matched against class references (internal names). */
export interface RemovedApiRule {
  id: string;
  /** what the user knows it as */
  title: string;
  exact?: readonly string[];
  prefixes?: readonly string[];
  /** methods removed from classes that still exist: `owner` internal name → method names */
  methods?: Readonly<Record<string, readonly string[]>>;
  fix: string;
}

const F = 'org/apache/flink/';
const SRC = `${F}streaming/api/functions/source/`;
const SINK = `${F}streaming/api/functions/sink/`;
const ENV = `${F}streaming/api/environment/StreamExecutionEnvironment`;
const EXEC_CONFIG = `${F}api/common/ExecutionConfig`;

export const REMOVED_API_RULES: readonly RemovedApiRule[] = [
  {
    id: 'dataset-api',
    title: 'the DataSet API',
    exact: [
      `${F}api/java/DataSet`,
      `${F}api/java/ExecutionEnvironment`,
      `${F}api/java/ExecutionEnvironmentFactory`,
      `${F}api/java/LocalEnvironment`,
      `${F}api/java/RemoteEnvironment`,
      `${F}api/java/CollectionEnvironment`,
      `${F}api/java/utils/DataSetUtils`,
      `${F}api/java/io/CsvReader`,
      `${F}api/java/io/TextInputFormat`,
      `${F}api/java/io/TextOutputFormat`,
      `${F}api/java/io/CsvOutputFormat`,
      `${F}api/java/io/CollectionInputFormat`,
      `${F}api/java/io/DiscardingOutputFormat`,
      `${F}api/java/io/PrintingOutputFormat`,
      `${F}api/java/io/LocalCollectionOutputFormat`,
      `${F}api/common/ExecutionMode`,
    ],
    prefixes: [`${F}api/java/operators/`, `${F}api/java/aggregation/`, `${F}api/java/summarize/`],
    fix: 'Port the batch code to the DataStream API (bounded sources with RuntimeExecutionMode.BATCH) or to the Table API / SQL; see "How to migrate from DataSet to DataStream" in the Flink 1.20 documentation.',
  },
  {
    id: 'scala-api',
    title: 'the Flink Scala API',
    prefixes: [`${F}api/scala/`, `${F}streaming/api/scala/`],
    fix: "Call Flink's Java API from Scala (org.apache.flink.streaming.api.environment.StreamExecutionEnvironment, explicit TypeInformation) and bundle the Scala library yourself.",
  },
  {
    id: 'source-function',
    title: 'the legacy SourceFunction',
    exact: [
      `${SRC}SourceFunction`,
      `${SRC}SourceFunction$SourceContext`,
      `${SRC}RichSourceFunction`,
      `${SRC}ParallelSourceFunction`,
      `${SRC}RichParallelSourceFunction`,
      `${SRC}FromElementsFunction`,
      `${SRC}FromIteratorFunction`,
      `${SRC}FromSplittableIteratorFunction`,
      `${SRC}MessageAcknowledgingSourceBase`,
      `${SRC}MultipleIdsMessageAcknowledgingSourceBase`,
      `${SRC}SocketTextStreamFunction`,
      `${SRC}StatefulSequenceSource`,
      `${SRC}datagen/DataGeneratorSource`,
      `${F}streaming/api/checkpoint/ExternallyInducedSource`,
    ],
    methods: { [ENV]: ['addSource', 'readTextFile', 'readFileStream'] },
    fix: 'Implement or use a FLIP-27 source (org.apache.flink.api.connector.source.Source: KafkaSource, KinesisStreamsSource, FileSource, DataGeneratorSource from flink-connector-datagen, env.fromData) and attach it with env.fromSource(...).',
  },
  {
    id: 'sink-function',
    title: 'the legacy SinkFunction',
    exact: [
      `${SINK}SinkFunction`,
      `${SINK}SinkFunction$Context`,
      `${SINK}RichSinkFunction`,
      `${SINK}TwoPhaseCommitSinkFunction`,
      `${SINK}PrintSinkFunction`,
      `${SINK}DiscardingSink`,
      `${SINK}SocketClientSink`,
      `${SINK}OutputFormatSinkFunction`,
      `${SINK}WriteSinkFunction`,
      `${SINK}WriteSinkFunctionByMillis`,
    ],
    prefixes: [`${SINK}filesystem/StreamingFileSink`],
    methods: { [`${F}streaming/api/datastream/DataStream`]: ['addSink', 'writeAsText', 'writeAsCsv'] },
    fix: 'Use a FLIP-143 Sink V2 (org.apache.flink.api.connector.sink2.Sink: KafkaSink, KinesisStreamsSink, FileSink, PrintSink, org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink) attached with stream.sinkTo(...).',
  },
  {
    id: 'sink-v1',
    title: 'Sink V1 and the removed Sink V2 mix-ins',
    prefixes: [`${F}api/connector/sink/`],
    exact: [
      `${F}api/connector/sink2/StatefulSink`,
      `${F}api/connector/sink2/StatefulSink$StatefulSinkWriter`,
      `${F}api/connector/sink2/StatefulSink$WithCompatibleState`,
      `${F}api/connector/sink2/TwoPhaseCommittingSink`,
      `${F}api/connector/sink2/TwoPhaseCommittingSink$PrecommittingSinkWriter`,
      `${F}api/connector/sink2/Sink$InitContext`,
      `${F}streaming/api/connector/sink2/WithPreCommitTopology`,
      `${F}streaming/api/connector/sink2/WithPostCommitTopology`,
      `${F}streaming/api/connector/sink2/WithPreWriteTopology`,
    ],
    fix: 'Implement org.apache.flink.api.connector.sink2.Sink with the SupportsWriterState / SupportsCommitter interfaces and WriterInitContext.',
  },
  {
    id: 'legacy-kafka',
    title: 'FlinkKafkaConsumer / FlinkKafkaProducer',
    prefixes: [
      `${F}streaming/connectors/kafka/FlinkKafkaConsumer`,
      `${F}streaming/connectors/kafka/FlinkKafkaProducer`,
    ],
    fix: 'Use KafkaSource and KafkaSink from flink-connector-kafka 4.0.0-2.0 (or newer -2.x).',
  },
  {
    id: 'legacy-kinesis',
    title: 'FlinkKinesisConsumer / FlinkKinesisProducer',
    prefixes: [
      `${F}streaming/connectors/kinesis/FlinkKinesisConsumer`,
      `${F}streaming/connectors/kinesis/FlinkKinesisProducer`,
      'com/amazonaws/services/kinesisanalytics/flink/connectors/producer/',
    ],
    fix: 'Use KinesisStreamsSource / KinesisStreamsSink (flink-connector-aws-kinesis-streams 6.0.0-2.0) and KinesisFirehoseSink (flink-connector-aws-kinesis-firehose 6.0.0-2.0). The old consumer state cannot be restored by the new source: give it a new uid.',
  },
  {
    id: 'time-characteristic',
    title: 'TimeCharacteristic',
    exact: [`${F}streaming/api/TimeCharacteristic`],
    methods: { [ENV]: ['setStreamTimeCharacteristic', 'getStreamTimeCharacteristic'] },
    fix: 'Remove setStreamTimeCharacteristic: event time is the default; assign a WatermarkStrategy, and use processing-time windows/timers explicitly where needed.',
  },
  {
    id: 'flink-time',
    title: "Flink's Time classes",
    exact: [`${F}streaming/api/windowing/time/Time`, `${F}api/common/time/Time`],
    methods: {
      [`${F}streaming/api/datastream/KeyedStream`]: ['timeWindow'],
      [`${F}streaming/api/datastream/DataStream`]: ['timeWindowAll'],
    },
    fix: 'Use java.time.Duration (e.g. TumblingEventTimeWindows.of(Duration.ofMinutes(1)), allowedLateness(Duration), StateTtlConfig.newBuilder(Duration)).',
  },
  {
    id: 'restart-strategies',
    title: 'RestartStrategies',
    prefixes: [`${F}api/common/restartstrategy/RestartStrategies`],
    methods: {
      [ENV]: ['setRestartStrategy', 'getRestartStrategy', 'setNumberOfExecutionRetries'],
      [EXEC_CONFIG]: [
        'setRestartStrategy',
        'getRestartStrategy',
        'setNumberOfExecutionRetries',
        'setExecutionRetryDelay',
      ],
    },
    fix: 'Remove programmatic restart strategies: on MSF the service configures restart behaviour (restart-strategy.* options otherwise).',
  },
  {
    id: 'legacy-state-backends',
    title: 'FsStateBackend / MemoryStateBackend',
    prefixes: [`${F}runtime/state/filesystem/FsStateBackend`, `${F}runtime/state/memory/MemoryStateBackend`],
    methods: { [ENV]: ['setStateBackend', 'getStateBackend'] },
    fix: 'Remove programmatic state-backend settings: MSF configures the state backend and checkpoint storage.',
  },
  {
    id: 'kryo-config',
    title: 'Kryo / type registration on ExecutionConfig',
    methods: {
      [EXEC_CONFIG]: [
        'registerKryoType',
        'registerPojoType',
        'registerTypeWithKryoSerializer',
        'addDefaultKryoSerializer',
        'enableForceKryo',
        'disableForceKryo',
        'enableForceAvro',
        'disableForceAvro',
        'enableGenericTypes',
        'disableGenericTypes',
        'disableAutoTypeRegistration',
      ],
      [ENV]: ['registerType', 'registerTypeWithKryoSerializer', 'addDefaultKryoSerializer'],
    },
    fix: 'Register types and serializers through configuration (pipeline.serialization-config, pipeline.generic-types, pipeline.force-kryo) or @TypeInfo / TypeInformation, not ExecutionConfig methods.',
  },
  {
    id: 'runtime-context',
    title: 'removed RuntimeContext methods',
    methods: {
      [`${F}api/common/functions/RuntimeContext`]: [
        'getIndexOfThisSubtask',
        'getNumberOfParallelSubtasks',
        'getMaxNumberOfParallelSubtasks',
        'getAttemptNumber',
        'getTaskName',
        'getTaskNameWithSubtasks',
        'getExecutionConfig',
        'getJobId',
      ],
    },
    fix: 'Use getRuntimeContext().getTaskInfo() (getIndexOfThisSubtask(), getNumberOfParallelSubtasks(), …) and getJobInfo(); read settings through the RuntimeContext directly.',
  },
  {
    id: 'legacy-serialization-schema',
    title: 'the old org.apache.flink.streaming.util.serialization schemas',
    prefixes: [`${F}streaming/util/serialization/`],
    fix: 'Use org.apache.flink.api.common.serialization (SimpleStringSchema, DeserializationSchema, SerializationSchema).',
  },
  {
    id: 'parameter-tool',
    title: 'the old org.apache.flink.api.java.utils.ParameterTool',
    exact: [
      `${F}api/java/utils/ParameterTool`,
      `${F}api/java/utils/MultipleParameterTool`,
      `${F}api/java/utils/AbstractParameterTool`,
    ],
    fix: 'Use org.apache.flink.util.ParameterTool (or read MSF runtime properties with KinesisAnalyticsRuntime.getApplicationProperties()).',
  },
  {
    id: 'legacy-checkpointing-api',
    title: 'removed checkpointing classes',
    exact: [
      `${F}runtime/state/CheckpointListener`,
      `${F}streaming/api/environment/CheckpointConfig$ExternalizedCheckpointCleanup`,
      `${F}streaming/api/environment/ExecutionCheckpointingOptions`,
    ],
    fix: 'Use org.apache.flink.api.common.state.CheckpointListener and org.apache.flink.core.execution.ExternalizedCheckpointRetention / CheckpointingOptions.',
  },
  {
    id: 'rich-window-functions',
    title: 'RichProcessWindowFunction / RichProcessAllWindowFunction',
    exact: [
      `${F}streaming/api/functions/windowing/RichProcessWindowFunction`,
      `${F}streaming/api/functions/windowing/RichProcessAllWindowFunction`,
    ],
    fix: 'Extend ProcessWindowFunction / ProcessAllWindowFunction (they are rich functions already).',
  },
  {
    id: 'legacy-timestamp-extractor',
    title: 'AscendingTimestampExtractor',
    exact: [`${F}streaming/api/functions/AscendingTimestampExtractor`],
    fix: 'Use WatermarkStrategy.forMonotonousTimestamps().withTimestampAssigner(...).',
  },
  {
    id: 'legacy-table-api',
    title: 'TableSource / TableSink / TableSchema',
    exact: [
      `${F}table/api/TableSchema`,
      `${F}table/api/TableSchema$Builder`,
      `${F}table/api/TableColumn`,
      `${F}table/api/Types`,
      `${F}table/factories/TableFactory`,
      `${F}table/factories/TableSourceFactory`,
      `${F}table/factories/TableSinkFactory`,
      `${F}table/factories/StreamTableSourceFactory`,
      `${F}table/factories/StreamTableSinkFactory`,
      `${F}table/connector/source/SourceFunctionProvider`,
      `${F}table/connector/sink/SinkFunctionProvider`,
      `${F}table/connector/sink/SinkProvider`,
    ],
    prefixes: [`${F}table/sources/`, `${F}table/sinks/`, `${F}table/descriptors/`],
    fix: 'Use DynamicTableSource / DynamicTableSink factories, and Schema, Column and DataTypes instead of TableSchema, TableColumn and Types.',
  },
];

/**
 * Removed methods a class overrides rather than calls: found by the exact UTF-8 constants its
 * declaration needs (name and descriptor). Flink 2.0 removed RichFunction#open(Configuration); a
 * function compiled against 1.x that overrides it is never opened on 2.x (or fails calling
 * super.open(Configuration)).
 */
export interface OverriddenMethodRule {
  rule: RemovedApiRule;
  /** the method's name and descriptor, as UTF-8 constants of the declaring class */
  name: string;
  descriptor: string;
  /** the declaring class must extend a class whose internal name passes this test */
  superMatches: (superName: string) => boolean;
  api: string;
}

export const OVERRIDDEN_METHOD_RULES: readonly OverriddenMethodRule[] = [
  {
    rule: {
      id: 'rich-function-open',
      title: 'RichFunction.open(Configuration)',
      fix: 'Override open(OpenContext) instead (available since Flink 1.19); Flink 2.x never calls open(Configuration).',
    },
    name: 'open',
    descriptor: '(Lorg/apache/flink/configuration/Configuration;)V',
    // Flink's rich functions; not the I/O formats, whose configure(Configuration) shares the descriptor
    superMatches: (s) => s.startsWith(F) && !/Format$/.test(s),
    api: 'org.apache.flink.api.common.functions.RichFunction.open(Configuration)',
  },
];

/** Every UTF-8 constant the overridden-method rules look for. */
export const OVERRIDE_CONSTANTS: readonly string[] = [
  ...new Set(OVERRIDDEN_METHOD_RULES.flatMap((r) => [r.name, r.descriptor])),
];

const exactIndex = new Map<string, RemovedApiRule>();
const methodIndex = new Map<string, RemovedApiRule>();
for (const rule of REMOVED_API_RULES) {
  for (const name of rule.exact ?? []) exactIndex.set(name, rule);
  for (const [owner, names] of Object.entries(rule.methods ?? {})) {
    for (const m of names) methodIndex.set(`${owner}.${m}`, rule);
  }
}

/** The rule a referenced class falls under, if it was removed in Flink 2.0. */
export function removedApiRuleForClass(internalName: string): RemovedApiRule | undefined {
  if (
    !internalName.startsWith(F) &&
    !internalName.startsWith('com/amazonaws/services/kinesisanalytics/flink/')
  ) {
    return undefined;
  }
  // inner classes of removed classes are removed too: `Outer$Inner` → `Outer`
  const outer = internalName.includes('$') ? internalName.slice(0, internalName.indexOf('$')) : internalName;
  const exact = exactIndex.get(internalName) ?? exactIndex.get(outer);
  if (exact) return exact;
  for (const rule of REMOVED_API_RULES) {
    if (rule.prefixes?.some((p) => internalName.startsWith(p))) return rule;
  }
  return undefined;
}

/** The rule a method reference falls under, if the method was removed in Flink 2.0. */
export function removedApiRuleForMethod(owner: string, name: string): RemovedApiRule | undefined {
  return methodIndex.get(`${owner}.${name}`);
}

/** Packages whose references the class-file reader keeps (everything else is dropped early). */
export const INTERESTING_PREFIXES: readonly string[] = [
  F,
  'com/esotericsoftware/kryo/',
  'com/amazonaws/services/kinesisanalytics/flink/',
];

export function isInterestingRef(internalName: string): boolean {
  return INTERESTING_PREFIXES.some((p) => internalName.startsWith(p));
}

// ---------------------------------------------------------------------------------------------
// Bundled Flink artifacts
// ---------------------------------------------------------------------------------------------

/**
 * Core Flink artifacts (org.apache.flink group, Scala suffix removed). The runtime provides them;
 * an application must declare them with `provided` scope.
 */
const CORE_ARTIFACTS = new Set([
  'flink-annotations',
  'flink-core',
  'flink-core-api',
  'flink-java',
  'flink-scala',
  'flink-streaming-java',
  'flink-streaming-scala',
  'flink-clients',
  'flink-runtime',
  'flink-runtime-web',
  'flink-optimizer',
  'flink-datastream',
  'flink-datastream-api',
  'flink-dist',
  'flink-metrics-core',
  'flink-rpc-core',
  'flink-rpc-akka',
  'flink-rpc-akka-loader',
  'flink-table-common',
  'flink-table-runtime',
  'flink-table-runtime-blink',
  'flink-table-planner',
  'flink-table-planner-blink',
  'flink-table-planner-loader',
  'flink-statebackend-rocksdb',
  'flink-state-backend-rocksdb',
]);
const CORE_ARTIFACT_PREFIXES = ['flink-table-api-', 'flink-table-planner'];

/** Strips the Scala binary-version suffix: `flink-streaming-java_2.12` → `flink-streaming-java`. */
export function baseArtifactId(artifactId: string): string {
  return artifactId.replace(/_2\.1[0-3]$/, '');
}

export function isCoreFlinkArtifact(artifactId: string): boolean {
  const base = baseArtifactId(artifactId);
  return CORE_ARTIFACTS.has(base) || CORE_ARTIFACT_PREFIXES.some((p) => base.startsWith(p));
}

/**
 * Classes that only exist in core Flink artifacts: finding one in the JAR means core Flink was
 * shaded in even when the pom.properties were filtered out.
 */
export const CORE_MARKER_CLASSES: Readonly<Record<string, string>> = {
  [`${ENV}.class`]: 'flink-streaming-java',
  [`${F}api/common/ExecutionConfig.class`]: 'flink-core',
  [`${F}runtime/jobgraph/JobGraph.class`]: 'flink-runtime',
  [`${F}client/program/PackagedProgram.class`]: 'flink-clients',
  [`${F}table/api/TableEnvironment.class`]: 'flink-table-api-java',
};

/** Flink modules released with Flink itself (their version is a Flink version), not connectors. */
const FLINK_VERSIONED_MODULES = new Set([
  'flink-connector-base',
  'flink-connector-files',
  'flink-connector-datagen',
  'flink-json',
  'flink-csv',
  'flink-avro',
  'flink-parquet',
  'flink-orc',
  'flink-protobuf',
  'flink-s3-fs-hadoop',
  'flink-s3-fs-presto',
]);

export function isFlinkVersionedModule(artifactId: string): boolean {
  return FLINK_VERSIONED_MODULES.has(baseArtifactId(artifactId));
}

export function isConnectorArtifact(artifactId: string): boolean {
  const base = baseArtifactId(artifactId);
  return base.startsWith('flink-connector-') || base.startsWith('flink-sql-connector-');
}

export interface ConnectorAdvice {
  /** the release to use on Flink 2.x, or why there is none */
  flink2: string;
  /** true when no Flink 2.x release exists (MSF connector table for Flink 2.2) */
  noFlink2Release?: boolean;
}

/** MSF "Connector availability for Flink 2.2" (flink-2-2.html). */
const CONNECTOR_ADVICE: Readonly<Record<string, ConnectorAdvice>> = {
  'flink-connector-kafka': { flink2: 'flink-connector-kafka 4.0.0-2.0' },
  'flink-sql-connector-kafka': { flink2: 'flink-sql-connector-kafka 4.0.0-2.0' },
  'flink-connector-kinesis': {
    flink2: 'flink-connector-aws-kinesis-streams 6.0.0-2.0 (KinesisStreamsSource / KinesisStreamsSink)',
  },
  'flink-sql-connector-kinesis': { flink2: 'the Kinesis SQL connector of flink-connector-aws 6.0.0-2.0' },
  'flink-connector-aws-kinesis-streams': { flink2: 'flink-connector-aws-kinesis-streams 6.0.0-2.0' },
  'flink-sql-connector-aws-kinesis-streams': { flink2: 'flink-sql-connector-aws-kinesis-streams 6.0.0-2.0' },
  'flink-connector-aws-kinesis-firehose': { flink2: 'flink-connector-aws-kinesis-firehose 6.0.0-2.0' },
  'flink-sql-connector-aws-kinesis-firehose': {
    flink2: 'flink-sql-connector-aws-kinesis-firehose 6.0.0-2.0',
  },
  'flink-connector-dynamodb': { flink2: 'flink-connector-dynamodb 6.0.0-2.0' },
  'flink-sql-connector-dynamodb': { flink2: 'flink-sql-connector-dynamodb 6.0.0-2.0' },
  'flink-connector-sqs': { flink2: 'flink-connector-sqs 6.0.0-2.0' },
  'flink-connector-jdbc': {
    flink2: 'no Flink 2.x release of flink-connector-jdbc yet',
    noFlink2Release: true,
  },
  'flink-connector-opensearch': {
    flink2: 'no Flink 2.x release of flink-connector-opensearch yet',
    noFlink2Release: true,
  },
  'flink-sql-connector-opensearch': {
    flink2: 'no Flink 2.x release of the OpenSearch connector yet',
    noFlink2Release: true,
  },
  'flink-connector-elasticsearch7': {
    flink2: 'no Flink 2.x release of the Elasticsearch connector yet',
    noFlink2Release: true,
  },
  'flink-connector-elasticsearch6': {
    flink2: 'no Flink 2.x release of the Elasticsearch connector yet',
    noFlink2Release: true,
  },
  'flink-connector-prometheus': {
    flink2: 'no Flink 2.x release of flink-connector-prometheus yet',
    noFlink2Release: true,
  },
};

export function connectorAdvice(artifactId: string): ConnectorAdvice | undefined {
  return CONNECTOR_ADVICE[baseArtifactId(artifactId)];
}

// ---------------------------------------------------------------------------------------------
// State-serialization heuristics (MSF state compatibility guide for Flink 2.2)
// ---------------------------------------------------------------------------------------------

/** Java collection types that Flink 1.x serialized with Kryo inside POJOs and 2.x does not. */
export const COLLECTION_DESCRIPTOR =
  /^Ljava\/util\/(?:Collection|List|ArrayList|LinkedList|Map|HashMap|LinkedHashMap|TreeMap|SortedMap|NavigableMap|Set|HashSet|LinkedHashSet|TreeSet|SortedSet|Queue|Deque|ArrayDeque)(?:;|<)/;

/** Type information built from a generic signature: `new TypeHint<List<Long>>() {}`. */
export const TYPE_HINT = 'org/apache/flink/api/common/typeinfo/TypeHint';

/** Packages whose types the class-file reader reports from generic signatures (collections in TypeHints). */
export const SIGNATURE_PREFIXES: readonly string[] = ['java/util/'];

/** Packages of well-known libraries: never treated as the application's own classes. */
export const LIBRARY_PREFIXES: readonly string[] = [
  'org/apache/',
  'com/google/',
  'com/fasterxml/',
  'com/esotericsoftware/',
  'com/amazonaws/',
  'software/amazon/',
  'scala/',
  'kotlin/',
  'io/netty/',
  'org/slf4j/',
  'ch/qos/',
  'org/joda/',
  'org/json/',
  'javax/',
  'jakarta/',
  'com/typesafe/',
  'org/xerial/',
  'net/jpountz/',
  'com/github/luben/',
  'org/reactivestreams/',
  'org/objenesis/',
  'org/checkerframework/',
  'io/confluent/',
  'org/codehaus/',
  'com/twitter/',
  'org/yaml/',
  'io/micrometer/',
  'io/opentelemetry/',
  'io/grpc/',
  'com/sun/',
  'sun/',
  'jdk/',
  'net/bytebuddy/',
  'org/objectweb/',
  'org/jetbrains/',
  'org/intellij/',
  'org/xml/',
  'org/w3c/',
  'com/squareup/',
  'okhttp3/',
  'okio/',
  'org/lz4/',
  'org/rocksdb/',
  'org/HdrHistogram/',
  'it/unimi/',
  'org/roaringbitmap/',
];
