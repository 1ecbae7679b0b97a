package io.gansweep.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class MannWhitneyTest {

  static final Comparator<Double> LOWER_FIRST = Comparator.naturalOrder();

  static MannWhitney.Result test(List<Double> a, List<Double> b) {
    return MannWhitney.test(a, b, LOWER_FIRST);
  }

  /** Complete separation is the most extreme of C(n_a + n_b, n_a) splits, counted in both tails. */
  @Test
  void completeSeparationHasTheSmallestPossibleP() {
    MannWhitney.Result r = test(List.of(1.0, 2.0, 3.0), List.of(4.0, 5.0, 6.0));
    assertEquals(9, r.aWins());
    assertEquals(9, r.pairs());
    assertEquals(2.0 / 20, r.p(), 1e-12, "3 vs 3: 2 of the 20 splits");
    assertTrue(r.aAhead());
    assertEquals(2.0 / 252, test(List.of(1.0, 2.0, 3.0, 4.0, 5.0), List.of(6.0, 7.0, 8.0, 9.0, 10.0)).p(), 1e-12, "5 vs 5");
    MannWhitney.Result reversed = test(List.of(4.0, 5.0, 6.0), List.of(1.0, 2.0, 3.0));
    assertEquals(0, reversed.aWins());
    assertFalse(reversed.aAhead());
    assertEquals(0.1, reversed.p(), 1e-12, "two-sided: the direction does not change p");
  }

  /**
   * Exact values without ties, counted by enumerating every split (as R's wilcox.test(exact =
   * TRUE) reports them): 4 vs 4 with U = 1 gives P(U ≤ 1) = 2/70, two-sided 4/70; 5 vs 5 with U = 4
   * gives P(U ≤ 4) = 12/252, two-sided 24/252 = 0.09524.
   */
  @Test
  void exactPMatchesTheTabulatedDistribution() {
    assertEquals(4.0 / 70, test(List.of(1.0, 2.0, 3.0, 5.0), List.of(4.0, 6.0, 7.0, 8.0)).p(), 1e-12);
    MannWhitney.Result r = test(List.of(1.0, 2.0, 3.0, 6.0, 7.0), List.of(4.0, 5.0, 8.0, 9.0, 10.0));
    assertEquals(21, r.aWins());
    assertEquals(0.09524, r.p(), 1e-5);
    assertEquals(1.0, test(List.of(1.0, 4.0), List.of(2.0, 3.0)).p(), 1e-12, "centred: nothing is less extreme");
  }

  /** Ties count ½ and are permuted exactly: three +∞ seeds against three tie among themselves. */
  @Test
  void tiesAreHandledAtMidRanks() {
    double inf = Double.POSITIVE_INFINITY;
    MannWhitney.Result allTied = test(List.of(inf, inf, inf), List.of(inf, inf, inf));
    assertEquals(4.5, allTied.aWins());
    assertEquals(1.0, allTied.p(), 1e-12);
    // a: 1, 2, ∞; b: ∞, ∞, ∞: a wins 6 pairs outright and ties 3 (½ each). Pooled doubled ranks 2, 4, 9,9,9,9:
    // a's sum 15 of the 20 splits' sums; |15 − 21| = 6 or more in 8 splits (any two of {2,4} taken or left).
    MannWhitney.Result r = test(List.of(1.0, 2.0, inf), List.of(inf, inf, inf));
    assertEquals(7.5, r.aWins());
    assertEquals(8.0 / 20, r.p(), 1e-12);
  }

  /** Beyond the exact limit the Monte Carlo p-value agrees with the exact one and repeats. */
  @Test
  void monteCarloAgreesWithExactAndRepeats() {
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      a.add(i + (i % 3 == 0 ? 6.0 : 0.0));
      b.add(i + 4.5);
    }
    MannWhitney.Result exact = test(a, b);
    assertTrue(a.size() + b.size() <= MannWhitney.EXACT_MAX);
    int[] rank2 = ranks2(a, b);
    long mean2 = (long) a.size() * (rank2.length + 1);
    long observed = Math.abs(sumOfA(rank2, a.size()) - mean2);
    double mc = MannWhitney.monteCarloP(rank2, a.size(), mean2, observed);
    assertEquals(exact.p(), mc, 0.01, "exact " + exact.p() + " vs Monte Carlo " + mc);
    assertEquals(mc, MannWhitney.monteCarloP(rank2, a.size(), mean2, observed), "seeded: the same p every time");
    List<Double> big = new ArrayList<>(a);
    big.addAll(a);
    List<Double> bigB = new ArrayList<>(b);
    bigB.addAll(b);
    assertTrue(test(big, bigB).p() < exact.p(), "twice the seeds, same shift: stronger evidence");
  }

  @Test
  void anEmptySampleIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> test(List.of(), List.of(1.0)));
    assertEquals("Cannot test: an empty sample (got 0 and 1 values; allowed at least one in each)", e.getMessage());
  }

  /** Doubled ranks of a (first) then b, when no value ties: a's positions first in the array. */
  private static int[] ranks2(List<Double> a, List<Double> b) {
    List<Double> pooled = new ArrayList<>(a);
    pooled.addAll(b);
    List<Double> sorted = pooled.stream().sorted().toList();
    int[] r = new int[pooled.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = 2 * (sorted.indexOf(pooled.get(i)) + 1);
    }
    return r;
  }

  private static long sumOfA(int[] rank2, int na) {
    long s = 0;
    for (int i = 0; i < na; i++) {
      s += rank2[i];
    }
    return s;
  }
}
