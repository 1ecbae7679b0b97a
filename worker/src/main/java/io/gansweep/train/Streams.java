package io.gansweep.train;

import io.gansweep.data.SeededRandom;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.List;

/**
 * The seeded streams a trial's rounds draw from, each named after its purpose (see {@link
 * SeededRandom#stream}) and seeded by its source: the real batches by {@code data_seed}; z, dropout
 * masks and gp's interpolation points by {@code noise_seed}; the initial weights ({@link #init}) by
 * {@code init_seed}. Each follows the trial's seed unless the spec sets it ({@link
 * TrialConfig#seed(Hyperparameter)}). The initialisation stream is spent when the networks are
 * built and the evaluation z ({@link #evalZ}) is drawn once, so neither is in the record: a
 * checkpoint saves the positions of these four.
 */
record Streams(SeededRandom data, SeededRandom noise, SeededRandom dropout, SeededRandom interpolation) {

  static Streams of(TrialConfig c) {
    long data = c.seed(Hyperparameter.DATA_SEED);
    long noise = c.seed(Hyperparameter.NOISE_SEED);
    return new Streams(SeededRandom.stream(data, "data"), SeededRandom.stream(noise, "noise"), SeededRandom.stream(noise, "dropout"),
        SeededRandom.stream(noise, "interpolation"));
  }

  /** The stream G's and then D's initial weights are drawn from. */
  static SeededRandom init(TrialConfig c) {
    return SeededRandom.stream(c.seed(Hyperparameter.INIT_SEED), "init");
  }

  /** The stream the evaluation's fixed z is drawn from. */
  static SeededRandom evalZ(TrialConfig c) {
    return SeededRandom.stream(c.seed(Hyperparameter.NOISE_SEED), "eval-z");
  }

  /** The streams in a fixed order: data, noise, dropout, interpolation. */
  List<SeededRandom> all() {
    return List.of(data, noise, dropout, interpolation);
  }
}
