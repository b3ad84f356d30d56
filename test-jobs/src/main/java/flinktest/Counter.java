package flinktest;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** Keyed counter (Long state "count", operator uid "counter"); emits one COUNT line per record. */
public final class Counter extends KeyedProcessFunction<Long, Long, String> {
  private final String job;
  private transient ValueState<Long> count;

  public Counter(String job) {
    this.job = job;
  }

  @Override
  public void open(OpenContext context) {
    count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
  }

  @Override
  public void processElement(Long value, Context ctx, Collector<String> out) throws Exception {
    Long c = count.value();
    long next = (c == null ? 0 : c) + 1;
    count.update(next);
    out.collect(Common.line(job, ctx.getCurrentKey(), next));
  }
}
