package io.gansweep.spec;

import io.gansweep.search.GridSearch;
import io.gansweep.search.HaltonSearch;
import io.gansweep.search.PbtSearch;
import io.gansweep.search.RandomSearch;
import io.gansweep.search.Sampler;
import io.gansweep.search.TpeSearch;
import io.gansweep.trial.WireEnum;
import java.util.function.Supplier;

/** How a sweep chooses its configurations: each method names its {@link Sampler}, which declares the rest. */
public enum SearchMethod implements WireEnum {
  /** The cartesian product of every {@code values} axis. */
  GRID(GridSearch::new),
  /** {@code samples} configurations drawn with the sampler {@code seed}. */
  RANDOM(RandomSearch::new),
  /**
   * {@code samples} configurations, the first {@code n_startup} drawn as random search draws them,
   * the rest asked in waves by Parzen estimators fitted to the ranked results so far.
   */
  TPE(TpeSearch::new),
  /** {@code samples} configurations from a Halton sequence, rotated by the sampler {@code seed}: quasi-random, evenly spread. */
  HALTON(HaltonSearch::new),
  /**
   * Population-based training: {@code samples} configurations drawn as random search draws them,
   * trained in generations of {@code pbt.interval} rounds; between generations the worst members
   * copy the best ones' checkpoints and explore their hyperparameters ({@link Pbt}).
   */
  PBT(PbtSearch::new);

  private final Supplier<Sampler> sampler;

  SearchMethod(Supplier<Sampler> sampler) {
    this.sampler = sampler;
  }

  /** The method's sampler (a new one each call: samplers hold no state between asks). */
  public Sampler sampler() {
    return sampler.get();
  }

  /** Whether the method draws {@code samples} configurations (random, tpe) rather than enumerating them (grid). */
  public boolean samples() {
    return this != GRID;
  }
}
