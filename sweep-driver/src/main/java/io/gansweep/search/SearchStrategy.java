package io.gansweep.search;

import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import java.util.List;
import java.util.Map;

/**
 * Chooses a sweep's configurations. Implementations are deterministic: the same spec gives the
 * same configurations in the same order on every machine. Each map holds only the parameters the
 * spec names; absent ones take their defaults when the trial config is built.
 */
public interface SearchStrategy {

  List<Map<Hyperparameter<?>, Object>> configurations(SweepSpec spec);

  /**
   * The strategy that plans the spec's {@code method}: every configuration for grid and random;
   * for tpe the random start, all that is known before results (the sweep asks the rest).
   */
  static SearchStrategy forSpec(SweepSpec spec) {
    return switch (spec.method()) {
      case GRID -> new GridSearch();
      case RANDOM -> new RandomSearch();
      case TPE -> new TpeSearch(1, null);
    };
  }
}
