package io.gansweep.prune;

import io.gansweep.data.SeededRandom;
import io.gansweep.spec.EarlyTerminate;
import java.util.ArrayList;
import java.util.List;

/**
 * The brackets and rung budgets of an early-terminated sweep, fixed by its spec alone (so a
 * resumed sweep recomputes the same). Successive halving (Jamieson and Talwalkar 2016) is one
 * bracket over every configuration with budgets min_iter·eta^k below steps, then steps. Hyperband
 * (Li et al. 2018) runs B such brackets: bracket b starts at min_iter·eta^b and gets a share of the
 * configurations proportional to B/(B−b)·eta^(B−1−b), the paper's n_s for s = B−1−b, so the
 * brackets that start early (and prune hardest) get the most configurations. Configurations go to
 * brackets in an order shuffled by the spec's seed, so a bracket is not one corner of a grid.
 *
 * @param brackets the non-empty brackets, in order
 */
public record RungSchedule(List<Bracket> brackets) {

  /**
   * One bracket.
   *
   * @param index its number, from 0 (the earliest start)
   * @param budgets round budget of each rung, increasing, the last the trials' steps
   * @param configIds its configurations, in plan order
   */
  public record Bracket(int index, List<Integer> budgets, List<String> configIds) {
    public Bracket {
      budgets = List.copyOf(budgets);
      configIds = List.copyOf(configIds);
    }

    public int rungs() {
      return budgets.size();
    }

    public boolean lastRung(int rung) {
      return rung == budgets.size() - 1;
    }
  }

  public RungSchedule {
    brackets = List.copyOf(brackets);
  }

  /** The schedule of {@code configIds} (plan order) under {@code e}, for trials of {@code steps} rounds. */
  public static RungSchedule of(EarlyTerminate e, int steps, List<String> configIds, long seed) {
    int b = e.brackets();
    int[] counts = shares(b, e.eta(), configIds.size());
    List<String> order = shuffled(configIds, seed);
    List<Bracket> out = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < b; i++) {
      List<String> mine = new ArrayList<>(order.subList(from, from + counts[i]));
      from += counts[i];
      if (mine.isEmpty()) {
        continue;
      }
      mine.sort(java.util.Comparator.comparingInt(configIds::indexOf));
      out.add(new Bracket(i, budgets(e.minIter(), e.eta(), i, steps), mine));
    }
    return new RungSchedule(out);
  }

  /** Rung budgets of bracket {@code b}: min_iter·eta^(b+k) while below steps, then steps. */
  static List<Integer> budgets(int minIter, int eta, int b, int steps) {
    List<Integer> out = new ArrayList<>();
    long r = minIter;
    for (int i = 0; i < b; i++) {
      r *= eta;
    }
    for (; r < steps; r *= eta) {
      out.add((int) r);
    }
    out.add(steps);
    return out;
  }

  /** Configurations per bracket: n configurations split by the weights B/(B−b)·eta^(B−1−b), largest remainder first. */
  static int[] shares(int brackets, int eta, int n) {
    double[] w = new double[brackets];
    double total = 0;
    for (int i = 0; i < brackets; i++) {
      w[i] = (double) brackets / (brackets - i) * Math.pow(eta, brackets - 1 - i);
      total += w[i];
    }
    int[] counts = new int[brackets];
    double[] remainder = new double[brackets];
    int given = 0;
    for (int i = 0; i < brackets; i++) {
      double exact = n * w[i] / total;
      counts[i] = (int) Math.floor(exact);
      remainder[i] = exact - counts[i];
      given += counts[i];
    }
    while (given < n) {
      int best = 0;
      for (int i = 1; i < brackets; i++) {
        if (remainder[i] > remainder[best]) {
          best = i;
        }
      }
      counts[best]++;
      remainder[best] = -1;
      given++;
    }
    return counts;
  }

  private static List<String> shuffled(List<String> ids, long seed) {
    List<String> out = new ArrayList<>(ids);
    SeededRandom rng = SeededRandom.stream(seed, "hyperband-brackets");
    for (int i = out.size() - 1; i > 0; i--) {
      java.util.Collections.swap(out, i, rng.nextInt(i + 1));
    }
    return out;
  }
}
