package io.gansweep.dispatch;

import io.gansweep.train.PackedTrainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trials one Spark task trains: one trial, or several that {@link PackedTrainer} stacks into one
 * model ({@code resources.pack}). The array keeps Kryo registration to types already registered.
 *
 * @param trials one or more trials, all of one pack key when more than one
 */
public record DispatchedPack(DispatchedTrial[] trials) {

  public DispatchedPack {
    if (trials.length == 0) {
      throw new IllegalArgumentException("Cannot dispatch pack: no trials (got 0; allowed 1 or more)");
    }
    trials = trials.clone();
  }

  /**
   * Groups {@code pending} trials (in the order given) into packs of at most {@code size}: trials
   * that {@link PackedTrainer#packable} allows and that share a {@link PackedTrainer#packKey} fill
   * packs in turn; every other trial is a pack of one. Longest first ({@link CostModel#longestFirst}).
   */
  static List<DispatchedPack> of(List<DispatchedTrial> pending, int size) {
    List<DispatchedPack> packs = new ArrayList<>();
    Map<Object, List<DispatchedTrial>> groups = new LinkedHashMap<>();
    for (DispatchedTrial t : pending) {
      if (size > 1 && PackedTrainer.packable(t.config())) {
        groups.computeIfAbsent(PackedTrainer.packKey(t.config()), key -> new ArrayList<>()).add(t);
      } else {
        packs.add(new DispatchedPack(new DispatchedTrial[] {t}));
      }
    }
    for (List<DispatchedTrial> group : groups.values()) {
      for (int from = 0; from < group.size(); from += size) {
        packs.add(new DispatchedPack(group.subList(from, Math.min(group.size(), from + size)).toArray(DispatchedTrial[]::new)));
      }
    }
    packs.sort(CostModel.longestFirst());
    return packs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DispatchedPack p && Arrays.equals(trials, p.trials);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(trials);
  }

  @Override
  public String toString() {
    return "DispatchedPack" + Arrays.toString(trials);
  }
}
