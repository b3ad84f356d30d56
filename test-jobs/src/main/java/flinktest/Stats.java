package flinktest;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed POJO state (sum and max of the values seen): the operator ("stats") that CounterNoStats removes.
 * A POJO without collection fields: restorable across Flink 1.20 → 2.2.
 */
public final class Stats extends KeyedProcessFunction<Long, Long, Long> {
  /** Flink POJO: public no-arg constructor, public fields. */
  public static final class Totals {
    public long sum;
    public long max;

    public Totals() {}
  }

  private transient ValueState<Totals> totals;

  @Override
  public void open(OpenContext context) {
    totals = getRuntimeContext().getState(new ValueStateDescriptor<>("totals", Totals.class));
  }

  @Override
  public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
    Totals t = totals.value();
    if (t == null) t = new Totals();
    t.sum += value;
    t.max = Math.max(t.max, value);
    totals.update(t);
    out.collect(value);
  }
}
