package io.gansweep.dispatch;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.List;
import java.util.Map;

/**
 * Kryo serializer for a {@link TrialConfig}: every key's wire value (a number, boolean or name) in
 * catalog order, then the seed. It reads them back through {@link TrialConfig#of}, so each value is
 * checked against its key again on the executor.
 */
final class TrialConfigSerializer extends Serializer<TrialConfig> {

  TrialConfigSerializer() {
    super(false, true);
  }

  @Override
  public void write(Kryo kryo, Output output, TrialConfig config) {
    for (Hyperparameter<?> h : Hyperparameter.values()) {
      kryo.writeClassAndObject(output, config.wire(h));
    }
    output.writeVarLong(config.seed(), true);
  }

  @Override
  public TrialConfig read(Kryo kryo, Input input, Class<TrialConfig> type) {
    List<Hyperparameter<?>> keys = Hyperparameter.values();
    Map<Hyperparameter<?>, Object> values = Hyperparameter.newMap();
    for (Hyperparameter<?> h : keys) {
      values.put(h, kryo.readClassAndObject(input));
    }
    return TrialConfig.of(values, input.readVarLong(true));
  }
}
