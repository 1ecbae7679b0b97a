package io.gansweep.search;

import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses a sweep's configurations by ask and tell, in the manner of Optuna's {@code BaseSampler}
 * (optuna/samplers/_base.py: a sampler reads the study's trials when asked; nothing else carries
 * state between asks). The wave engine ({@code dispatch.WaveSweep}) asks {@link #start} configurations,
 * trains them, tells the results as a {@link History} and asks the next wave, until {@link #budget}
 * configurations are asked; it is the same engine for every method. A sampler that ignores results
 * asks its whole budget at the start, in one wave.
 *
 * <p>Asks are functions of the spec and the history alone (streams seeded by the sampler seed and
 * the number asked before), so the same spec asks the same configurations on any cluster and a
 * resumed sweep, replaying its committed rows, asks exactly what it asked before. Each map holds
 * only the parameters the spec names; absent ones take their defaults when the trial config is built.
 *
 * <p>A new method is one class implementing this, plus its constant in {@link
 * io.gansweep.spec.SearchMethod} (which names the class); {@code SamplerContractTest} runs every
 * constant's sampler, so a sampler that is not deterministic, leaves its domains, repeats itself or
 * does not replay fails there.
 */
public interface Sampler {

  /** What a sampler may be combined with, beyond plain trials ({@link #supports}). */
  enum Feature {
    /** {@code early_terminate}: rungs stop some trials early; a learning sampler learns from rung results. */
    EARLY_TERMINATE,
    /** {@code screen}: the G-only screen drops configurations of the start before they train. */
    SCREEN,
    /** Seed keys given as values ({@code init_seed: {values: …}}): every configuration's trials cross them. */
    SEEDS_GRID
  }

  /**
   * What the sampler is told: every configuration asked so far, in the order asked, and those whose
   * results it may learn from, best first (a subset of {@code asked}; empty before any result).
   */
  record History(List<Map<Hyperparameter<?>, Object>> asked, List<Map<Hyperparameter<?>, Object>> bestFirst) {
    public History {
      asked = List.copyOf(asked);
      bestFirst = List.copyOf(bestFirst);
    }

    /** Nothing asked yet. */
    public static final History NONE = new History(List.of(), List.of());
  }

  /** What this sampler can be combined with; the spec parser refuses the rest, before anything runs. */
  Set<Feature> supports();

  /** The top-level spec keys of this sampler's own settings (e.g. tpe's {@code n_startup}); the parser refuses them with other methods. */
  default Set<String> settings() {
    return Set.of();
  }

  /** Whether later asks read results: then every trial commits a rung row (its result as the sampler reads it) and the engine ranks between waves. */
  default boolean learns() {
    return false;
  }

  /** Configurations the sweep asks in all. */
  int budget(SweepSpec spec);

  /** Configurations asked before any result: the plan's ({@code gansweep trial --index} numbers them); the whole budget for a sampler that does not learn. */
  default int start(SweepSpec spec) {
    return budget(spec);
  }

  /**
   * What of the sampler's settings makes another sweep, appended to the sweep's identity after the
   * planned trials; "" when the planned trials fix every configuration (grid, random). A sampler
   * that learns must name every setting its later asks depend on, and a version of its rules.
   */
  String identity(SweepSpec spec);

  /**
   * The version of the rules by which this sampler asks after its start. The engine records it
   * beside the spec when a sweep first asks a wave ({@code waves.yaml}); a resumed sweep asks with
   * the recorded version ({@link #atRules}), a sweep whose record names none with version 1. So a
   * sampler may improve its rules without changing sweep ids, and a sweep running under the old
   * rules resumes asking exactly what it asked before. The start ({@link #start}'s asks) must not
   * depend on the version: it is asked before the record is read.
   */
  default int rules() {
    return 1;
  }

  /** This sampler asking by rules {@code version} (one a resumed sweep recorded); refuses a version it does not know. */
  default Sampler atRules(int version) {
    if (version != rules()) {
      throw new IllegalArgumentException("Cannot resume the sweep: its record names sampler rules this gansweep does not know (got "
          + version + "; allowed " + rules() + ")");
    }
    return this;
  }

  /**
   * The next {@code n} configurations after {@code history} (fewer only when the budget is spent):
   * distinct from every configuration asked before, and inside the spec's domains.
   */
  List<Map<Hyperparameter<?>, Object>> ask(SweepSpec spec, History history, int n);
}
