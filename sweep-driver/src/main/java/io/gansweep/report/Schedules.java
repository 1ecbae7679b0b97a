package io.gansweep.report;

import io.gansweep.analysis.ConfigSummary;
import io.gansweep.analysis.SweepAnalysis;
import io.gansweep.dispatch.Lineage;
import io.gansweep.trial.Numbers;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ranking of population-based training's schedules: a member's configurations over the
 * generations, from its {@link Lineage} rows, ranked by the analysis's ranking of the configuration
 * it ended with (its trials, trained from round 0 through every copy, carry the whole schedule's
 * rows), with that ranking's why. A sweep without a lineage has no schedules.
 */
public final class Schedules {

  private Schedules() {}

  /**
   * The schedule of the model a member ended with: the rows its weights trained through, generation
   * by generation, following each copy back to the member it came from (so a member that copied
   * another at round 1000 has the donor's rows before it).
   *
   * @param rank the rank of the configuration it ended with, in the analysis's ranking
   * @param member the member it ended as
   * @param generations the rows its weights trained through, generation by generation
   * @param summary the analysis's summary of its final configuration
   */
  public record Schedule(int rank, int member, List<Lineage.Row> generations, ConfigSummary summary) {

    /**
     * "lr_g=4e-4, ttur=2 (rounds 0-1500) -> explored at round 1500 (member 1 took member 4's
     * weights): lr_g x0.8 0.00209 (rounds 1500-2000)": the values the weights trained with, when
     * explore changed them, and the rounds each held.
     */
    public String text() {
      StringBuilder b = new StringBuilder();
      int from = 0;
      for (int i = 0; i < generations.size(); i++) {
        Lineage.Row r = generations.get(i);
        if (i == 0) {
          b.append(r.params());
          from = r.stepFrom();
        } else if (r.action().equals("exploit")) {
          b.append(" -> explored at round ").append(r.stepFrom()).append(" (member ").append(r.member()).append(" took member ")
              .append(r.parentMember()).append("'s weights): ").append(r.change().isEmpty() ? "same values" : r.change());
          from = r.stepFrom();
        }
        if (i == generations.size() - 1 || generations.get(i + 1).action().equals("exploit")) {
          b.append(String.format(Locale.ROOT, " (rounds %d-%d)", from, r.stepTo()));
        }
      }
      return b.toString();
    }
  }

  /** The schedules of a sweep's population, best first; empty when the sweep has no lineage. */
  public static List<Schedule> of(String out, SweepAnalysis a) throws IOException {
    List<Lineage.Row> rows = Lineage.read(out, a.sweepId());
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<String, Lineage.Row> at = new HashMap<>();
    int last = 0;
    for (Lineage.Row r : rows) {
      at.put(r.generation() + "/" + r.member(), r);
      last = Math.max(last, r.generation());
    }
    Map<String, ConfigSummary> ranked = new HashMap<>();
    a.ranking().forEach(c -> ranked.put(c.configId(), c));
    List<Schedule> schedules = new ArrayList<>();
    for (Lineage.Row end : rows) {
      if (end.generation() != last) {
        continue;
      }
      List<Lineage.Row> chain = new ArrayList<>(List.of(end));
      for (Lineage.Row r = end; r.generation() > 0; ) {
        r = at.get((r.generation() - 1) + "/" + r.parentMember());
        if (r == null) {
          break;
        }
        chain.add(0, r);
      }
      ConfigSummary s = ranked.get(end.configId());
      if (s != null) {
        schedules.add(new Schedule(s.rank(), end.member(), chain, s));
      }
    }
    schedules.sort(Comparator.comparingInt(Schedule::rank).thenComparingInt(Schedule::member));
    return schedules;
  }

  /** Prints the schedules after the ranking, when the sweep has any. */
  public static void print(String out, SweepAnalysis a, PrintWriter pw) throws IOException {
    List<Schedule> schedules = of(out, a);
    if (schedules.isEmpty()) {
      return;
    }
    int generations = schedules.get(0).generations().size();
    pw.printf("%npbt schedules of %s: %d members, %d generations, ranked by the configuration each ended with; a schedule follows "
        + "the weights back through every copy%n", a.sweepId(), schedules.size(), generations);
    for (Schedule s : schedules) {
      pw.printf(Locale.ROOT, "  #%d member %d: %s%n    %s, score %s, median %s: %s%n", s.rank(), s.member(), s.text(), s.summary().label(),
          ConfigSummary.format(s.summary().score()), ConfigSummary.format(s.summary().medianQuality()),
          TextTable.abbreviate(s.summary().why(), 120));
    }
    pw.printf("fitness along each schedule (rank/score per generation): %s%n", String.join("; ", schedules.stream().map(s -> "member " + s.member() + " "
        + String.join(" ", s.generations().stream().map(r -> "#" + r.rank() + "/" + Numbers.format(r.fitness())).toList())).toList()));
  }
}
