package io.gansweep.analysis;

import static io.gansweep.analysis.Curves.good;
import static io.gansweep.analysis.Curves.trial;
import static io.gansweep.analysis.RankingTest.v;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankGroupTest {

  /** Stable seeds of configuration {@code config} at these final distances, seeds 0, 1, … */
  static List<TrialVerdict> stable(String config, double... distances) {
    List<TrialVerdict> seeds = new ArrayList<>();
    for (int s = 0; s < distances.length; s++) {
      seeds.add(v(good(config, s, distances[s])));
    }
    return seeds;
  }

  static List<String> groups(List<TrialVerdict> verdicts) {
    return Ranking.rank(verdicts).stream().map(c -> c.configId() + " " + c.rankGroup()).toList();
  }

  static List<TrialVerdict> all(List<List<TrialVerdict>> configs) {
    return configs.stream().flatMap(List::stream).toList();
  }

  /**
   * The quickstart as it ran on 2026-12-07 (examples/quickstart.yaml, 2 cores): both losses at lr
   * 1e-4 stable in 3/3 seeds with overlapping distances (minimax 0.0054, 0.0063, 0.0136; nsgan
   * 0.0055, 0.0095, 0.0139: minimax's seeds win 6 of 9 pairs, p = 0.70) share group 1–2; nsgan at 1e-2
   * (no stable seed: collapsed, collapsed, unconverged) and minimax at 1e-2 (no mode covered) each lose every
   * pair to the group above (p = 0.10) and stand alone.
   */
  @Test
  void theQuickstartsTwoStableConfigurationsShareAGroup() {
    List<TrialVerdict> verdicts = new ArrayList<>();
    verdicts.addAll(stable("minimax-1e-4", 0.0136, 0.0054, 0.0063));
    verdicts.addAll(stable("nsgan-1e-4", 0.0139, 0.0055, 0.0095));
    verdicts.add(v(trial("nsgan-1e-2", 0, "COMPLETED", "nsgan", 2.3152, 1, Math.log(8))));
    verdicts.add(v(trial("nsgan-1e-2", 1, "COMPLETED", "nsgan", 0.0547, 7, 0.3)));
    verdicts.add(v(trial("nsgan-1e-2", 2, "COMPLETED", "nsgan", 0.0163, 8, 0.05, 0.3))); // unconverged
    for (int s = 0; s < 3; s++) {
      verdicts.add(v(trial("minimax-1e-2", s, "COMPLETED", "minimax", 9.88 + 3 * s, 0, null, 0.0)));
    }
    assertEquals(List.of("minimax-1e-4 1\u20132", "nsgan-1e-4 1\u20132", "nsgan-1e-2 3", "minimax-1e-2 4"), groups(verdicts));
    // The run (medians 0.0067 and 0.0089, IQRs 0.0039 and 0.0030): overlapping seeds, one group too.
    assertEquals(List.of("a 1\u20132", "b 1\u20132"), groups(all(List.of(stable("a", 0.0048, 0.0067, 0.0126),
        stable("b", 0.0071, 0.0089, 0.0131)))));
  }

  /** The rule can separate: every seed of one beats every seed of the other, at 3 seeds each. */
  @Test
  void aRealDifferenceIsSeparated() {
    assertEquals(List.of("good 1", "worse 2"), groups(all(List.of(stable("good", 0.005, 0.006, 0.007),
        stable("worse", 0.02, 0.03, 0.008)))));
    // One overlapping seed at 3 seeds each is noise (p = 0.2) …
    assertEquals(List.of("good 1\u20132", "worse 1\u20132"), groups(all(List.of(stable("good", 0.005, 0.006, 0.009),
        stable("worse", 0.02, 0.03, 0.008)))));
    // … but not at 5 seeds each: 21 of 25 pairs, p = 0.095.
    assertEquals(List.of("good 1", "worse 2"), groups(all(List.of(stable("good", 1, 2, 3, 6, 7),
        stable("worse", 4, 5, 8, 9, 10)))));
  }

  /** Three stable seeds against none separate (the stability score orders first, per seed too). */
  @Test
  void stableSeedsComeBeforeUnstableOnes() {
    List<TrialVerdict> verdicts = new ArrayList<>(stable("steady", 0.5, 0.6, 0.7));
    for (int s = 0; s < 3; s++) { // sharper than steady but collapsed onto one mode
      verdicts.add(v(trial("collapsed", s, "COMPLETED", "nsgan", 0.01, 1, Math.log(8))));
    }
    assertEquals(List.of("steady 1", "collapsed 2"), groups(verdicts));
    // 3/3 stable against 2/3 is not a difference 3 seeds can show.
    List<TrialVerdict> close = new ArrayList<>(stable("steady", 0.02, 0.02, 0.02));
    close.addAll(stable("most", 0.01, 0.01));
    close.add(v(trial("most", 2, "DIVERGED", "nsgan", null, null, null)));
    assertEquals(List.of("steady 1\u20132", "most 1\u20132"), groups(close));
  }

  /**
   * Each configuration is tested against its group's first, not its neighbour: b ties a, c ties b
   * but not a, so c leads a group of its own and d, tied with c, joins it.
   */
  @Test
  void eachConfigurationIsTestedAgainstTheFirstOfItsGroup() {
    List<TrialVerdict> verdicts = all(List.of(stable("a", 1, 2, 3), stable("b", 2.5, 3.5, 4.5),
        stable("c", 4, 5, 6), stable("d", 4.2, 5.2, 6.2)));
    assertEquals(List.of("a 1\u20132", "b 1\u20132", "c 3\u20134", "d 3\u20134"), groups(verdicts));
  }

  @Test
  void aGroupPrintsAsARangeAndChecksItsRanks() {
    assertEquals("1\u20132", new RankGroup(1, 2).toString());
    assertEquals("3", new RankGroup(3, 3).toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RankGroup(3, 2));
    assertEquals("Cannot make a rank group: ranks out of order (got 3 to 2; allowed 1 <= first <= last)", e.getMessage());
  }
}
