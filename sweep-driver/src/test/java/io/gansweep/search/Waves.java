package io.gansweep.search;

import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Test helper: a sampler driven as the wave engine ({@code dispatch.WaveSweep}) drives it, with a
 * ranking function in place of training: ask the start, then, while the budget lasts, tell the
 * ranking of everything asked (a learning sampler only) and ask a wave of {@code width}.
 */
final class Waves {
  private Waves() {}

  static List<Map<Hyperparameter<?>, Object>> run(Sampler s, SweepSpec spec, int width,
      UnaryOperator<List<Map<Hyperparameter<?>, Object>>> bestFirst) {
    List<Map<Hyperparameter<?>, Object>> asked = new ArrayList<>(s.ask(spec, Sampler.History.NONE, s.start(spec)));
    while (asked.size() < s.budget(spec)) {
      List<Map<Hyperparameter<?>, Object>> ranked = s.learns() ? bestFirst.apply(List.copyOf(asked)) : List.of();
      List<Map<Hyperparameter<?>, Object>> next = s.ask(spec, new Sampler.History(asked, ranked), Math.min(width, s.budget(spec) - asked.size()));
      if (next.isEmpty()) {
        throw new AssertionError("the sampler asked nothing with " + (s.budget(spec) - asked.size()) + " of its budget left");
      }
      asked.addAll(next);
    }
    return asked;
  }
}
