package io.gansweep.search;

import io.gansweep.spec.Domain;
import io.gansweep.spec.ParameterSpec;
import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Values;
import java.util.ArrayList;
import java.util.EnumSet;
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
 * configurations from the same results on every machine and after every resume. The wave engine
 * drives it ({@link Sampler}): the wave width is the engine's.
 */
public final class TpeSearch implements Sampler {

  /** Candidates drawn from the good estimator per parameter (Optuna's n_ei_candidates default). */
  static final int EI_CANDIDATES = 24;

  /** Draws per wanted configuration before a wave gives up on finding a new one. */
  private static final int ATTEMPTS = 100;

  /** Rungs are fine (it learns from the highest rung with enough results); the screen is not: it filters planned configurations, and tpe asks its own. */
  @Override
  public Set<Feature> supports() {
    return EnumSet.of(Feature.EARLY_TERMINATE, Feature.SEEDS_GRID);
  }

  @Override
  public Set<String> settings() {
    return Set.of("n_startup");
  }

  @Override
  public boolean learns() {
    return true;
  }

  @Override
  public int budget(SweepSpec spec) {
    return spec.samples();
  }

  @Override
  public int start(SweepSpec spec) {
    return spec.nStartup();
  }

  /** Its later configurations follow from the results: the settings fix them (the text of sweeps since 2026; ids stay). */
  @Override
  public String identity(SweepSpec spec) {
    return "|tpe-v1:" + spec.samples() + "," + spec.nStartup() + ",seed " + spec.seed();
  }

  /** The random start's draws while it lasts, then the estimators' asks from what the history ranks. */
  @Override
  public List<Map<Hyperparameter<?>, Object>> ask(SweepSpec spec, History history, int n) {
    List<Map<Hyperparameter<?>, Object>> asked = new ArrayList<>(history.asked());
    int want = Math.min(Math.max(0, n), spec.samples() - asked.size());
    List<Map<Hyperparameter<?>, Object>> out = new ArrayList<>(Math.max(0, want));
    if (asked.size() < spec.nStartup() && want > 0) {
      int to = Math.min(spec.nStartup(), asked.size() + want);
      out.addAll(RandomSearch.draws(spec, spec.nStartup()).subList(asked.size(), to));
      asked.addAll(out);
    }
    if (out.size() < want) {
      out.addAll(ask(spec, history.bestFirst(), asked, want - out.size()));
    }
    return out;
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
