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
 * γ(n) = min(⌈n/10⌉, 25) of the n ranked are "good", the rest "bad"; a good and a bad Parzen
 * estimator ({@link ParzenEstimator}; observations weighted as Optuna weights them: equal below 25,
 * older ones ramped down beyond) propose {@value #EI_CANDIDATES} candidates from the good one and
 * keep the one with the largest good/bad density ratio. Two versions of these rules ({@link
 * #rules}; a sweep records its version when it first asks a wave, so a resumed sweep keeps it):
 *
 * <ul>
 *   <li><b>1</b> (sweeps started before 2026-12-08): independent TPE. Each swept parameter has its
 *       own pair of estimators and its own best candidate; every configuration of a wave is asked
 *       from the same estimators.
 *   <li><b>2</b> (the default since): multivariate TPE with a constant liar, Optuna's defaults since
 *       4.x/5.0 (optuna/samplers/_tpe/sampler.py, {@code TPESampler(multivariate=True,
 *       constant_liar=True)}; Falkner et al. 2018 for the joint kernel density). Each observation is
 *       one kernel over all swept parameters at once (the product of its per-parameter kernels,
 *       each with rules 1's bandwidth), so a candidate is drawn whole from one good kernel and
 *       scored by the joint densities: values that were good together stay together. The liar:
 *       every configuration asked without a result to learn from (the wave's earlier asks, and
 *       under {@code early_terminate} those stopped below the budget learnt from) counts as bad,
 *       as Optuna counts a running trial; γ counts ranked configurations only. So a wave's asks
 *       spread over the good region instead of piling onto its densest point.
 * </ul>
 *
 * <p>A configuration asked before is asked again with the stream moved on; when the estimators
 * keep returning known configurations, the wave fills with uniform draws. Every stream is seeded
 * by the sampler seed and the number of configurations asked before, so a sweep asks the same
 * configurations from the same results on every machine and after every resume. The wave engine
 * drives it ({@link Sampler}): the wave width is the engine's.
 */
public final class TpeSearch implements Sampler {

  /** Candidates drawn from the good estimator per parameter (Optuna's n_ei_candidates default). */
  static final int EI_CANDIDATES = 24;

  /** Draws per wanted configuration before a wave gives up on finding a new one. */
  private static final int ATTEMPTS = 100;

  /** The rules of sweeps started now ({@link #rules}). */
  public static final int LATEST_RULES = 2;

  private final int rules;

  /** TPE asking by the latest rules, those of a sweep started now. */
  public TpeSearch() {
    this(LATEST_RULES);
  }

  /** TPE asking by rules {@code rules}: 1 independent, 2 multivariate with a constant liar (see the class comment). */
  public TpeSearch(int rules) {
    if (rules < 1 || rules > LATEST_RULES) {
      throw new IllegalArgumentException("Cannot ask by tpe rules: no such version (got " + rules + "; allowed 1 to " + LATEST_RULES + ")");
    }
    this.rules = rules;
  }

  @Override
  public int rules() {
    return rules;
  }

  @Override
  public Sampler atRules(int version) {
    return version == rules ? this : new TpeSearch(version);
  }

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

  /** Its later configurations follow from the results: the settings fix them (the text of sweeps since 2026; ids stay), with the rules version the sweep records ({@link #rules}). */
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
      out.addAll(rules == 1 ? ask(spec, history.bestFirst(), asked, want - out.size())
          : askJoint(spec, history.bestFirst(), asked, want - out.size()));
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
      if (next == null) {
        next = unseenRandomDraw(spec, seen, rng);
      }
      seen.add(next);
      wave.add(next);
    }
    return wave;
  }

  /**
   * Rules 2: the next {@code n} configurations, one at a time, each from a joint good and bad
   * estimator fitted anew: good the best γ of {@code bestFirst}, bad every other configuration
   * asked, this wave's earlier asks included (the constant liar).
   */
  static List<Map<Hyperparameter<?>, Object>> askJoint(SweepSpec spec, List<Map<Hyperparameter<?>, Object>> bestFirst,
      List<Map<Hyperparameter<?>, Object>> asked, int n) {
    Set<Map<Hyperparameter<?>, Object>> goodSet = new HashSet<>(bestFirst.subList(0, gamma(bestFirst.size())));
    List<ParameterSpec> swept = spec.configurationParameters().stream().filter(p -> p.domain().swept()).toList();
    List<Map<Hyperparameter<?>, Object>> all = new ArrayList<>(asked);
    Set<Map<Hyperparameter<?>, Object>> seen = new HashSet<>(asked);
    List<Map<Hyperparameter<?>, Object>> wave = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      Joint goodFit = Joint.fit(swept, all.stream().filter(goodSet::contains).toList()); // oldest first, as weighted
      Joint badFit = Joint.fit(swept, all.stream().filter(c -> !goodSet.contains(c)).toList());
      long salt = Long.parseUnsignedLong(Values.sha256Hex("tpe-2-ask-" + all.size(), 16), 16);
      SplittableRandom rng = new SplittableRandom(spec.seed() ^ salt);
      Map<Hyperparameter<?>, Object> next = null;
      for (int a = 0; a < ATTEMPTS && next == null; a++) {
        Map<Hyperparameter<?>, Object> best = null;
        double bestRatio = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < EI_CANDIDATES; i++) {
          Map<Hyperparameter<?>, Object> c = goodFit.sample(spec, rng);
          double ratio = goodFit.logPdf(c) - badFit.logPdf(c);
          if (ratio > bestRatio) {
            best = c;
            bestRatio = ratio;
          }
        }
        next = seen.contains(best) ? null : best;
      }
      if (next == null) {
        next = unseenRandomDraw(spec, seen, rng);
      }
      seen.add(next);
      all.add(next);
      wave.add(next);
    }
    return wave;
  }

  /**
   * A multivariate Parzen estimator: one kernel per observation over every swept parameter (the
   * product of the parameter's kernels) plus the prior's, mixed by the observations' weights.
   */
  private record Joint(List<ParameterSpec> swept, List<ParzenEstimator> parts, double[] logWeights) {

    static Joint fit(List<ParameterSpec> swept, List<Map<Hyperparameter<?>, Object>> observations) {
      double[] w = weights(observations.size());
      List<ParzenEstimator> parts = swept.stream()
          .map(p -> ParzenEstimator.fit(p.domain(), observations.stream().map(c -> c.get(p.param())).toList(), w)).toList();
      double[] mix = parts.isEmpty() ? new double[] {1.0} : parts.get(0).kernelWeights();
      double[] logs = new double[mix.length];
      for (int k = 0; k < mix.length; k++) {
        logs[k] = StrictMath.log(mix[k]);
      }
      return new Joint(swept, parts, logs);
    }

    /** A whole configuration from one kernel; parameters the spec does not sweep take their one value. */
    Map<Hyperparameter<?>, Object> sample(SweepSpec spec, SplittableRandom rng) {
      int k = parts.isEmpty() ? 0 : parts.get(0).pickKernel(rng);
      Map<Hyperparameter<?>, Object> c = Hyperparameter.newMap();
      for (ParameterSpec p : spec.configurationParameters()) {
        if (!p.domain().swept()) {
          c.put(p.param(), p.domain() instanceof Domain.Fixed f ? f.value() : ((Domain.Categorical) p.domain()).values().get(0));
        }
      }
      for (int d = 0; d < swept.size(); d++) {
        c.put(swept.get(d).param(), parts.get(d).sampleKernel(k, rng));
      }
      return c;
    }

    /** The log density of a configuration's swept values: log Σ_k w_k Π_d kernel_k,d(value_d). */
    double logPdf(Map<Hyperparameter<?>, Object> c) {
      double[] terms = logWeights.clone();
      for (int d = 0; d < swept.size(); d++) {
        Object v = c.get(swept.get(d).param());
        for (int k = 0; k < terms.length; k++) {
          terms[k] += parts.get(d).logKernel(k, v);
        }
      }
      double max = Double.NEGATIVE_INFINITY;
      for (double t : terms) {
        max = Math.max(max, t);
      }
      double sum = 0;
      for (double t : terms) {
        sum += StrictMath.exp(t - max);
      }
      return max + StrictMath.log(sum);
    }
  }

  /** One configuration: per swept parameter, the best of the good estimator's candidates by good/bad ratio. */
  /**
   * The fallback of both rules when the model keeps proposing configurations already asked: random
   * draws until one is new (at most {@code ATTEMPTS × samples}), else the space is too small.
   */
  private static Map<Hyperparameter<?>, Object> unseenRandomDraw(SweepSpec spec, Set<Map<Hyperparameter<?>, Object>> seen,
      SplittableRandom rng) {
    for (int a = 0; a < ATTEMPTS * spec.samples(); a++) {
      Map<Hyperparameter<?>, Object> c = Hyperparameter.newMap();
      spec.configurationParameters().forEach(p -> c.put(p.param(), RandomSearch.draw(p.domain(), rng)));
      if (!seen.contains(c)) {
        return c;
      }
    }
    throw new IllegalStateException("Cannot ask configurations: the space holds too few distinct configurations (got "
        + seen.size() + " asked; allowed samples <= the number of distinct configurations)");
  }

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
