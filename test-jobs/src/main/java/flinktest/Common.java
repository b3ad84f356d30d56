package flinktest;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What every test job shares: a sequence source slowed to a few records a second (so two clusters fit
 * on a small machine and counters move slowly enough to compare), keyed by {@code n % KEYS}.
 * Operator uids are fixed: "source", "throttle", then the job's own.
 *
 * Output lines (stdout of the TaskManager, one per record): {@code COUNT job=<job> key=<k> count=<c>}.
 */
public final class Common {
  public static final int KEYS = 4;

  private Common() {}

  /** Program argument --delay-ms (default 20): pause per record in the throttle. */
  public static long delayMs(String[] args) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--delay-ms")) return Long.parseLong(args[i + 1]);
    }
    return 20;
  }

  public static KeyedStream<Long, Long> keyedSequence(StreamExecutionEnvironment env, String[] args) {
    final long delay = delayMs(args);
    return env.fromSequence(0, Long.MAX_VALUE)
        .uid("source")
        .name("sequence")
        .map(new Throttle(delay))
        .uid("throttle")
        .name("throttle")
        .keyBy(n -> n % KEYS);
  }

  public static String line(String job, long key, long count) {
    return "COUNT job=" + job + " key=" + key + " count=" + count;
  }

  /** Sleeps per record: the rate limit of the source. */
  public static final class Throttle implements MapFunction<Long, Long> {
    private final long delayMs;

    public Throttle(long delayMs) {
      this.delayMs = delayMs;
    }

    @Override
    public Long map(Long value) throws Exception {
      if (delayMs > 0) Thread.sleep(delayMs);
      return value;
    }
  }
}
