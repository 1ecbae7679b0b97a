package io.gansweep.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.gansweep.spec.EarlyTerminate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RungScheduleTest {

  static final List<String> CONFIGS = IntStream.range(0, 27).mapToObj(i -> "c" + i).toList();

  @Test
  void successiveHalvingIsOneBracketOverEveryConfiguration() {
    RungSchedule s = RungSchedule.of(new EarlyTerminate(EarlyTerminate.Type.SUCCESSIVE_HALVING, 500, 3, 1), 3000, CONFIGS, 7);
    assertEquals(1, s.brackets().size());
    assertEquals(List.of(500, 1500, 3000), s.brackets().get(0).budgets(), "500·3 = 1500, 4500 passes 3000: the last rung is steps");
    assertEquals(CONFIGS, s.brackets().get(0).configIds(), "plan order");
  }

  /**
   * Li et al. 2018 with 3 brackets and eta 3: weights 1·9, 1.5·3, 3·1 (n_s = (s_max+1)/(s+1)·eta^s
   * for s = 2, 1, 0), so 27 configurations split 14.73 / 7.36 / 4.91 → 15, 7, 5 by largest
   * remainder (sum 27). Bracket b starts at min_iter·eta^b.
   */
  @Test
  void hyperbandSplitsConfigurationsByThePapersBracketSizes() {
    assertArrayEquals(new int[] {15, 7, 5}, RungSchedule.shares(3, 3, 27));
    assertArrayEquals(new int[] {1, 0, 0}, RungSchedule.shares(3, 3, 1));
    RungSchedule s = RungSchedule.of(new EarlyTerminate(EarlyTerminate.Type.HYPERBAND, 100, 3, 3), 2000, CONFIGS, 7);
    assertEquals(List.of(100, 300, 900, 2000), s.brackets().get(0).budgets());
    assertEquals(List.of(300, 900, 2000), s.brackets().get(1).budgets());
    assertEquals(List.of(900, 2000), s.brackets().get(2).budgets());
    Set<String> all = new HashSet<>();
    s.brackets().forEach(b -> all.addAll(b.configIds()));
    assertEquals(Set.copyOf(CONFIGS), all, "every configuration in exactly one bracket");
    assertEquals(27, s.brackets().stream().mapToInt(b -> b.configIds().size()).sum());
    assertEquals(s, RungSchedule.of(new EarlyTerminate(EarlyTerminate.Type.HYPERBAND, 100, 3, 3), 2000, CONFIGS, 7), "fixed by the spec");
    assertNotEquals(s.brackets().get(0).configIds(),
        RungSchedule.of(new EarlyTerminate(EarlyTerminate.Type.HYPERBAND, 100, 3, 3), 2000, CONFIGS, 8).brackets().get(0).configIds(),
        "another seed deals the configurations differently");
    assertEquals(List.of(2000), RungSchedule.budgets(100, 3, 5, 2000), "a bracket starting past steps trains to the end");
  }
}
