package flinktest;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed state holding a Java collection (List&lt;Long&gt; through a TypeHint): Flink 1.x serialises it
 * with Kryo 2; Flink 2.x has a dedicated list serializer and Kryo 5, so a 1.20 savepoint of this job
 * does not restore on 2.2. Output: COUNT lines whose count is the list's size.
 */
public final class KryoList {
  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Common.keyedSequence(env, args)
        .process(new Recent())
        .uid("recent")
        .name("recent")
        .print()
        .uid("print")
        .name("print");
    env.execute("kryo-list");
  }

  /** Keeps every value of its key in a list (the list grows slowly: a few entries a second). */
  public static final class Recent extends KeyedProcessFunction<Long, Long, String> {
    private transient ValueState<List<Long>> values;

    @Override
    public void open(OpenContext context) {
      TypeInformation<List<Long>> type = TypeInformation.of(new TypeHint<List<Long>>() {});
      values = getRuntimeContext().getState(new ValueStateDescriptor<>("values", type));
    }

    @Override
    public void processElement(Long value, Context ctx, Collector<String> out) throws Exception {
      List<Long> list = values.value();
      if (list == null) list = new ArrayList<>();
      list.add(value);
      values.update(list);
      out.collect(Common.line("kryo-list", ctx.getCurrentKey(), list.size()));
    }
  }
}
