package flinktest.legacy;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.source.SourceFunction;

/**
 * A job on the SourceFunction API (StreamExecutionEnvironment.addSource), removed in Flink 2.0: it
 * runs on 1.20 and fails in main() on 2.x, so the submission itself fails.
 */
public final class LegacySource {
  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.addSource(new Ticks()).uid("legacy-source").name("ticks").print().uid("print");
    env.execute("legacy-source");
  }

  /** Emits 0, 1, 2, … five times a second. */
  public static final class Ticks implements SourceFunction<Long> {
    private volatile boolean running = true;

    @Override
    public void run(SourceContext<Long> ctx) throws Exception {
      long n = 0;
      while (running) {
        synchronized (ctx.getCheckpointLock()) {
          ctx.collect(n++);
        }
        Thread.sleep(200);
      }
    }

    @Override
    public void cancel() {
      running = false;
    }
  }
}
