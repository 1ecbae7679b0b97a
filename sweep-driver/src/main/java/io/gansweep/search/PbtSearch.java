package io.gansweep.search;

import io.gansweep.spec.Pbt;
import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Values;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code method: pbt}: the population's start, {@code samples} configurations drawn as random
 * search draws them (the plan's configurations). What the members become later is not asked of a
 * sampler: the population engine ({@code dispatch.PbtSweep}) trains them in generations and {@link
 * PbtGeneration} decides each boundary from the committed rung rows. It supports no rungs of its
 * own ({@code early_terminate}: the generations are its rungs), no screen and no seeds grid (a
 * member's seeds are copied together).
 */
public final class PbtSearch implements Sampler {

  @Override
  public Set<Feature> supports() {
    return Set.of();
  }

  @Override
  public Set<String> settings() {
    return Set.of("pbt");
  }

  @Override
  public int budget(SweepSpec spec) {
    return spec.samples();
  }

  /** The settings every later generation depends on, and the version of {@link PbtGeneration}'s rules. */
  @Override
  public String identity(SweepSpec spec) {
    Pbt p = spec.pbt();
    return "|pbt:" + PbtGeneration.RULES + "," + p.interval() + "," + Values.canonical(p.quantile()) + "," + Values.canonical(p.resample())
        + ",seed " + spec.seed();
  }

  @Override
  public List<Map<Hyperparameter<?>, Object>> ask(SweepSpec spec, History history, int n) {
    int from = history.asked().size();
    int to = Math.min(budget(spec), from + Math.max(0, n));
    return to <= from ? List.of() : List.copyOf(RandomSearch.draws(spec, to).subList(from, to));
  }
}
