package flinktest;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Version 1 with the stateful "stats" operator removed: its state in a savepoint of version 1 has no
 * operator to go to, so Flink refuses the restore unless allowNonRestoredState is set.
 */
public final class CounterNoStats {
  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Common.keyedSequence(env, args)
        .process(new Counter("no-stats"))
        .uid("counter")
        .name("counter")
        .print()
        .uid("print")
        .name("print");
    env.execute("counter-no-stats");
  }
}
