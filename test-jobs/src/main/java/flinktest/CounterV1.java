package flinktest;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Stateful job, version 1: sequence → throttle → stats (POJO state) → counter (Long state) → print. */
public final class CounterV1 {
  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Common.keyedSequence(env, args)
        .process(new Stats())
        .uid("stats")
        .name("stats")
        .keyBy(n -> n % Common.KEYS)
        .process(new Counter("v1"))
        .uid("counter")
        .name("counter")
        .print()
        .uid("print")
        .name("print");
    env.execute("counter-v1");
  }
}
