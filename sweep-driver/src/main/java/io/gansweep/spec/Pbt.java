package io.gansweep.spec;

import io.gansweep.trial.Hyperparameter;
import java.util.List;

/**
 * Population-based training's settings ({@code method: pbt} with {@code pbt: {interval, quantile,
 * resample}}; Jaderberg et al. 2017, "Population Based Training of Neural Networks"). The
 * population is the spec's {@code samples} configurations, drawn as random search draws them, each
 * trained with its {@code replicates} seeds; it trains in synchronous generations of {@code interval}
 * rounds up to {@code steps}. At each boundary the bottom {@code quantile} of the members, ranked by
 * the stability score across their seeds (the analysis's ranking), copy a top member's checkpoints
 * for all its seeds and explore its hyperparameters: each {@link #MUTABLE} swept value is multiplied
 * by 0.8 or 1.2 (kept within its bounds), or with probability {@code resample} drawn again from its
 * domain; a categorical value is drawn again with that probability, and kept otherwise.
 *
 * @param interval rounds per generation: a multiple of eval_every, below steps
 * @param quantile the share of members replaced (and the share they copy from) at each boundary, 0 < q <= 0.5
 * @param resample the chance that a value is drawn again instead of multiplied, 0 .. 1
 */
public record Pbt(int interval, double quantile, double resample) {

  public static final double DEFAULT_QUANTILE = 0.25;
  public static final double DEFAULT_RESAMPLE = 0.25;

  /** The factors a perturbation multiplies a numeric value by (Ray Tune's PBT and the paper's 0.8 / 1.2). */
  public static final double DOWN = 0.8;
  public static final double UP = 1.2;

  /**
   * The keys that may change between generations of a member: what a segment resumed from a
   * checkpoint reads afresh each round (learning rates, Adam's betas, the losses, the penalty, the
   * updates per round, clipping), never the shape of the networks or of their state. Every other
   * swept key (the architecture, the optimiser, the data) is drawn for the population's start and
   * held for a member's life: a member that copies another's weights takes its values with them.
   */
  public static final List<Hyperparameter<?>> MUTABLE = List.of(Hyperparameter.LR_G, Hyperparameter.TTUR, Hyperparameter.D_STEPS,
      Hyperparameter.G_STEPS, Hyperparameter.LOSS, Hyperparameter.PENALTY, Hyperparameter.PENALTY_WEIGHT, Hyperparameter.ADAM_BETA1,
      Hyperparameter.ADAM_BETA2, Hyperparameter.GRAD_CLIP, Hyperparameter.MOMENTUM, Hyperparameter.G_STEP_NOISE);

  public Pbt {
    if (interval < 1 || !(quantile > 0 && quantile <= 0.5) || !(resample >= 0 && resample <= 1)) {
      throw new IllegalArgumentException("Cannot build pbt: bad settings (got interval " + interval + ", quantile " + quantile
          + ", resample " + resample + "; allowed interval >= 1, 0 < quantile <= 0.5, 0 <= resample <= 1)");
    }
  }

  /** Generations of a member trained for {@code steps} rounds: the last one may be shorter. */
  public int generations(int steps) {
    return (steps + interval - 1) / interval;
  }

  /** The round generation {@code g} (from 0) trains to. */
  public int budget(int g, int steps) {
    return (int) Math.min((long) (g + 1) * interval, steps);
  }

  /** Members replaced at each boundary (and the top ones they copy from) in a population of {@code n}: ceil(n q), at most n/2. */
  public int replaced(int n) {
    return Math.max(1, Math.min(n / 2, (int) Math.ceil(n * quantile - 1e-9)));
  }
}
