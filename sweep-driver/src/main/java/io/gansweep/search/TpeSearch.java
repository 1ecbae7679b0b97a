package io.gansweep.search;

import io.gansweep.spec.Domain;
import io.gansweep.spec.ParameterSpec;
import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code method: tpe}: the tree-structured Parzen estimator (Bergstra et al. 2011) with Optuna's
 * defaults, asking in waves. The first {@code n_startup} configurations are random search's first
 * draws, trained as one wave; then each wave of {@code width} configurations (the cluster's free
 * slots) is asked from everything trained so far, ranked by the final ranking's own order: the best
 * γ(n) = min(⌈n/10⌉, 25) are "good", the rest "bad"; each swept parameter gets a good and a bad
 * {@link ParzenEstimator} (observations weighted as Optuna weights them: equal below 25, older ones
 * ramped down beyond), draws {@value #EI_CANDIDATES} candidates from the good one and keeps the
 * one with the largest good/bad density ratio (parameters independently, Optuna's default). A
 * configuration asked before is asked again with the stream moved on; when the estimators keep
 * returning known configurations, the wave fills with uniform draws. Every stream is seeded by the
 * sampler seed and the number of configurations asked before, so a sweep asks the same
 * configurations from the same results on every machine and after every resume.
 */
public final class TpeSearch implements SearchStrategy {

  /** Candidates drawn from the good estimator per parameter (Optuna's n_ei_candidates default). */
  static final int EI_CANDIDATES = 24;

  /** Draws per wanted configuration before a wave gives up on finding a new one. */
  private static final int ATTEMPTS = 100;

  /** What a sweep learns from trained configurations. */
  @FunctionalInterface
  public interface Objective {
    /**
     * Trains what of {@code asked} is not trained yet, every seed of it, and returns all of {@code
     * asked} best first, in the final ranking's order.
     */
    List<Map<Hyperparameter<?>, Object>> bestFirst(List<Map<Hyperparameter<?>, Object>> asked);
  }

  private final int width;
  private final Objective objective;

  /**
   * @param width configurations per wave after the random start, at least 1
   * @param objective trains and ranks; null to plan: then {@link #configurations} is the random
   *     start alone, which is all that is known before any result
   */
  public TpeSearch(int width, Objective objective) {
    if (width < 1) {
      throw new IllegalArgumentException("Cannot ask in waves: the wave is empty (got width " + width + "; allowed >= 1)");
    }
    this.width = width;
    this.objective = objective;
  }

  @Override
  public List<Map<Hyperparameter<?>, Object>> configurations(SweepSpec spec) {
    List<Map<Hyperparameter<?>, Object>> asked = new ArrayList<>(RandomSearch.draws(spec, spec.nStartup()));
    if (objective == null) {
      return asked;
    }
    while (true) {
      List<Map<Hyperparameter<?>, Object>> ranked = objective.bestFirst(List.copyOf(asked));
      if (asked.size() >= spec.samples()) {
        return asked;
      }
      asked.addAll(ask(spec, ranked, asked, Math.min(width, spec.samples() - asked.size())));
    }
  }

  /** The next {@code n} configurations, from the configurations {@code asked} so far ranked {@code bestFirst}. */
  static List<Map<Hyperparameter<?>, Object>> ask(SweepSpec spec, List<Map<Hyperparameter<?>, Object>> bestFirst,
      List<Map<Hyperparameter<?>, Object>> asked, int n) {
    int good = gamma(bestFirst.size());
    Set<Map<Hyperparameter<?>, Object>> goodSet = new HashSet<>(bestFirst.subList(0, good));
    List<Map<Hyperparameter<?>, Object>> goodObs = asked.stream().filter(goodSet::contains).toList(); // oldest first, as weighted
    List<Map<Hyperparameter<?>, Object>> badObs = asked.stream().filter(c -> !goodSet.contains(c) && bestFirst.contains(c)).toList();
    Map<Hyperparameter<?>, ParzenEstimator[]> estimators = Hyperparameter.newMap();
    for (ParameterSpec p : spec.configurationParameters()) {
      if (p.domain().swept()) {
        estimators.put(p.param(), new ParzenEstimator[] {fit(p, goodObs), fit(p, badObs)});
      }
    }
    long salt = Long.parseUnsignedLong(Values.sha256Hex("tpe-ask-" + asked.size(), 16), 16);
    SplittableRandom rng = new SplittableRandom(spec.seed() ^ salt);
    Set<Map<Hyperparameter<?>, Object>> seen = new HashSet<>(asked);
    List<Map<Hyperparameter<?>, Object>> wave = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      Map<Hyperparameter<?>, Object> next = null;
      for (int a = 0; a < ATTEMPTS && next == null; a++) {
        Map<Hyperparameter<?>, Object> c = suggest(spec, estimators, rng);
        next = seen.contains(c) ? null : c;
      }
      for (int a = 0; a < ATTEMPTS * spec.samples() && next == null; a++) {
        Map<Hyperparameter<?>, Object> c = Hyperparameter.newMap();
        spec.configurationParameters().forEach(p -> c.put(p.param(), RandomSearch.draw(p.domain(), rng)));
        next = seen.contains(c) ? null : c;
      }
      if (next == null) {
        throw new IllegalStateException("Cannot ask configurations: the space holds too few distinct configurations (got "
            + seen.size() + " asked; allowed samples <= the number of distinct configurations)");
      }
      seen.add(next);
      wave.add(next);
    }
    return wave;
  }

  /** One configuration: per swept parameter, the best of the good estimator's candidates by good/bad ratio. */
  private static Map<Hyperparameter<?>, Object> suggest(SweepSpec spec, Map<Hyperparameter<?>, ParzenEstimator[]> estimators,
      SplittableRandom rng) {
    Map<Hyperparameter<?>, Object> c = Hyperparameter.newMap();
    for (ParameterSpec p : spec.configurationParameters()) {
      if (!p.domain().swept()) { // a fixed value, or a list of one
        c.put(p.param(), p.domain() instanceof Domain.Fixed f ? f.value() : ((Domain.Categorical) p.domain()).values().get(0));
        continue;
      }
      ParzenEstimator goodFit = estimators.get(p.param())[0];
      ParzenEstimator badFit = estimators.get(p.param())[1];
      Object best = null;
      double bestRatio = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < EI_CANDIDATES; i++) {
        Object x = goodFit.sample(rng);
        double ratio = goodFit.logPdf(x) - badFit.logPdf(x);
        if (ratio > bestRatio) {
          best = x;
          bestRatio = ratio;
        }
      }
      c.put(p.param(), best);
    }
    return c;
  }

  private static ParzenEstimator fit(ParameterSpec p, List<Map<Hyperparameter<?>, Object>> observations) {
    return ParzenEstimator.fit(p.domain(), observations.stream().map(c -> c.get(p.param())).toList(), weights(observations.size()));
  }

  /** How many of n ranked configurations are good: min(⌈n/10⌉, 25), Optuna's default γ. */
  static int gamma(int n) {
    return Math.min((int) Math.ceil(0.1 * n), 25);
  }

  /** Optuna's default observation weights, oldest first: equal below 25, else a ramp from 1/n to 1 then the newest 25 at 1. */
  static double[] weights(int n) {
    double[] w = new double[n];
    int ramp = Math.max(0, n - 25);
    for (int i = 0; i < n; i++) {
      w[i] = i >= ramp ? 1.0 : ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
    }
    return w;
  }
}
