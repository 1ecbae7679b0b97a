package io.gansweep.analysis;

import static io.gansweep.analysis.Curves.healthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.LossKind;
import io.gansweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedSourcesTest {

  /** A ring8 trial of config "c" with the given stream seeds: stable at {@code distance}, or collapsed onto 1 mode. */
  private static TrialVerdict trial(long init, long data, boolean stable, double distance) {
    TrialRecord t = new TrialRecord("c-s0-init" + init + "-data" + data, "c", 0, Map.of(), TrialStatus.COMPLETED, null, null,
        LossKind.NSGAN, "ring8", stable ? distance : 2.4, stable ? 8 : 1, stable ? 0.01 : Math.log(8), stable ? 8 : 1, 0.9, null, null);
    return TrialLabeler.label(t, healthy());
  }

  /**
   * A 3 x 3 seeds grid (init x data, noise held) where init seed 0 collapses and the others train
   * stably, their distance growing with the data seed: the verdict's spread is all init's, none of
   * it data's, and the summary says so in the practitioner's words.
   */
  @Test
  void aVerdictThatDependsOnInitAloneIsPutOnInit() {
    List<TrialVerdict> verdicts = new ArrayList<>();
    Map<String, long[]> seeds = new HashMap<>();
    for (long init = 0; init < 3; init++) {
      for (long data = 0; data < 3; data++) {
        TrialVerdict v = trial(init, data, init != 0, 0.01 * (data + 1));
        verdicts.add(v);
        seeds.put(v.trial().trialId(), new long[] {init, data, 0});
      }
    }
    assertEquals(Label.MODE_COLLAPSE, verdicts.get(0).label(), "init seed 0's trials collapse");
    assertEquals(Label.STABLE, verdicts.get(3).label());
    List<SeedSources> all = SeedSources.of(Ranking.rank(verdicts), verdicts, seeds);
    assertEquals(1, all.size());
    SeedSources s = all.get(0);
    assertEquals(9, s.trials());
    assertEquals(List.of("init", "data", "noise"), s.sources().stream().map(SeedSources.Source::name).toList());
    SeedSources.Source init = s.sources().get(0);
    SeedSources.Source data = s.sources().get(1);
    assertEquals(3, init.levels());
    assertEquals(1.0, init.verdictShare(), 1e-12, "the verdict is a function of the init seed");
    assertEquals(0.0, data.verdictShare(), 1e-12, "each data seed has the same verdicts");
    assertTrue(data.qualityShare() > 0, "the stable trials' distance grows with the data seed");
    assertEquals(1, s.sources().get(2).levels(), "noise held");
    assertTrue(s.summary().startsWith("unstable across init seeds (η² 1.00), stable across data orders (0.00), quality varies most with init"),
        s.summary());
  }

  /**
   * Plain replicates: every stream follows the trial's seed, so the three move together and cannot
   * be told apart. They form one confounded source, and no configuration is reported.
   */
  @Test
  void streamsThatFollowTheSeedAreOneConfoundedSource() {
    List<TrialVerdict> verdicts = new ArrayList<>();
    Map<String, long[]> seeds = new HashMap<>();
    for (long seed = 0; seed < 3; seed++) {
      TrialVerdict v = trial(seed, seed, seed != 1, 0.02);
      verdicts.add(v);
      seeds.put(v.trial().trialId(), new long[] {seed, seed, seed});
    }
    SeedSources s = SeedSources.of("c", verdicts, verdicts.stream().map(v -> seeds.get(v.trial().trialId())).toList());
    assertEquals(List.of("init+data+noise"), s.sources().stream().map(SeedSources.Source::name).toList());
    assertEquals(1.0, s.sources().get(0).verdictShare(), 1e-12);
    assertTrue(SeedSources.of(Ranking.rank(verdicts), verdicts, seeds).isEmpty(), "nothing to tell apart");
  }

  /** The streams the analysis decomposes are the catalog's seed keys, all of them and in order. */
  @Test
  void everySeedKeyIsAStream() {
    assertEquals(Hyperparameter.seedKeys().stream().map(Hyperparameter::key).toList(),
        Arrays.stream(SeedSources.Stream.values()).map(SeedSources.Stream::column).toList());
  }
}
