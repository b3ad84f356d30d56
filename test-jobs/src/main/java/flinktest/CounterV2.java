package flinktest;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Stateful job, version 2: compatible with version 1 (same uids and state), plus a new stateless
 * operator ("tag", a uid the savepoint does not know: allowed) and its own job name in the output.
 */
public final class CounterV2 {
  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Common.keyedSequence(env, args)
        .process(new Stats())
        .uid("stats")
        .name("stats")
        .keyBy(n -> n % Common.KEYS)
        .process(new Counter("v2"))
        .uid("counter")
        .name("counter")
        .filter(line -> !line.isEmpty())
        .uid("tag")
        .name("tag")
        .print()
        .uid("print")
        .name("print");
    env.execute("counter-v2");
  }
}
