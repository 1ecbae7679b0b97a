package io.gansweep.search;

import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.List;

/**
 * A spec expanded into its trials, in plan order: configurations in the strategy's order, each
 * followed by its seeds 0 .. replicates-1. A trial's index in {@link #trials()} is its plan
 * index ({@code gansweep trial --index N}).
 *
 * @param sweepId {@code <name>-<8 hex>}, derived from the name and the planned trials
 * @param spec the spec it came from
 * @param sweptAxes the parameters that vary, in spec order
 * @param configurations number of distinct configurations the sweep trains
 * @param trials every trial the sampler asks before any result ({@link Sampler#start}), in plan
 *     order: all of them for grid and random; for tpe those of its random start (the sweep asks
 *     the rest from their results, and numbers them on in the order asked)
 */
public record SweepPlan(
    String sweepId,
    SweepSpec spec,
    List<Hyperparameter<?>> sweptAxes,
    int configurations,
    List<TrialConfig> trials) {

  public SweepPlan {
    sweptAxes = List.copyOf(sweptAxes);
    trials = List.copyOf(trials);
  }
}
