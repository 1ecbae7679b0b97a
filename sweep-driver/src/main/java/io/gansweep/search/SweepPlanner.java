package io.gansweep.search;

import io.gansweep.spec.EarlyTerminate;
import io.gansweep.spec.ParameterSpec;
import io.gansweep.spec.Screen;
import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Expands a valid spec into its {@link SweepPlan}. */
public final class SweepPlanner {

  private SweepPlanner() {}

  /**
   * The trials of {@code configs}: each configuration with training seeds 0 .. replicates-1, each
   * seed crossed with the spec's seeds grid (every combination of {@link SweepSpec#seedParameters}),
   * in that order.
   */
  public static List<TrialConfig> trials(List<Map<Hyperparameter<?>, Object>> configs, SweepSpec spec) {
    List<Map<Hyperparameter<?>, Object>> grid = GridSearch.combinations(spec.seedParameters());
    List<TrialConfig> trials = new ArrayList<>(configs.size() * spec.replicates() * grid.size());
    for (Map<Hyperparameter<?>, Object> c : configs) {
      for (int seed = 0; seed < spec.replicates(); seed++) {
        for (Map<Hyperparameter<?>, Object> seeds : grid) {
          Map<Hyperparameter<?>, Object> values = Hyperparameter.newMap(c);
          values.putAll(seeds);
          trials.add(TrialConfig.of(values, seed));
        }
      }
    }
    return trials;
  }

  public static SweepPlan plan(SweepSpec spec) {
    Sampler sampler = spec.method().sampler();
    List<Map<Hyperparameter<?>, Object>> configs = sampler.ask(spec, Sampler.History.NONE, sampler.start(spec));
    List<TrialConfig> trials = trials(configs, spec);
    StringBuilder identity = new StringBuilder("gansweep-sweep-v1|").append(spec.name());
    for (TrialConfig t : trials) {
      identity.append('|').append(t.trialId());
    }
    if (spec.earlyTerminate() != null) { // pruned trials differ from trials run to the end: another sweep
      EarlyTerminate e = spec.earlyTerminate();
      identity.append("|early_terminate:").append(e.type().wireName()).append(',').append(e.minIter()).append(',').append(e.eta())
          .append(',').append(e.brackets()).append(",seed ").append(spec.seed());
    }
    if (spec.screen() != null) { // configurations it drops do not train: another sweep
      Screen sc = spec.screen();
      identity.append("|screen:").append(sc.type().wireName()).append(',').append(sc.steps()).append(',').append(Values.canonical(sc.factor()));
    }
    identity.append(sampler.identity(spec)); // "" when the planned trials fix every configuration
    List<Hyperparameter<?>> swept = spec.configurationParameters().stream()
        .filter(p -> p.domain().swept())
        .map(ParameterSpec::param)
        .toList();
    String sweepId = spec.name() + "-" + Values.sha256Hex(identity.toString(), 8);
    return new SweepPlan(sweepId, spec, swept, sampler.budget(spec), trials);
  }
}
