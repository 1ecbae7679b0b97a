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
   * One member's schedule.
   *
   * @param rank the rank of the configuration it ended with, in the analysis's ranking
   * @param member the member
   * @param generations its rows, generation by generation
   * @param summary the analysis's summary of its final configuration
   */
  public record Schedule(int rank, int member, List<Lineage.Row> generations, ConfigSummary summary) {

    /**
     * "lr_g=0.001, ttur=2 (rounds 0-100) → copied member 1 at round 100: lr_g x1.2 0.0012 (rounds
     * 100-300)": each change of configuration, where it came from, and the rounds it trained.
     */
    public String text() {
      StringBuilder b = new StringBuilder();
      int from = 0;
      for (int i = 0; i < generations.size(); i++) {
        Lineage.Row r = generations.get(i);
        boolean last = i == generations.size() - 1;
        Lineage.Row next = last ? null : generations.get(i + 1);
        if (i == 0 || r.action().equals("exploit")) {
          if (i > 0) {
            b.append(" -> copied member ").append(r.parentMember()).append(" at round ").append(r.stepFrom()).append(": ")
                .append(r.change().isEmpty() ? "same values" : r.change());
          } else {
            b.append(r.params());
          }
          from = r.stepFrom();
        }
        if (last || next.action().equals("exploit")) {
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
    Map<Integer, List<Lineage.Row>> byMember = new HashMap<>();
    rows.stream().sorted(Comparator.comparingInt(Lineage.Row::generation))
        .forEach(r -> byMember.computeIfAbsent(r.member(), k -> new ArrayList<>()).add(r));
    Map<String, ConfigSummary> ranked = new HashMap<>();
    a.ranking().forEach(c -> ranked.put(c.configId(), c));
    List<Schedule> schedules = new ArrayList<>();
    byMember.forEach((m, gens) -> {
      ConfigSummary s = ranked.get(gens.get(gens.size() - 1).configId());
      if (s != null) {
        schedules.add(new Schedule(s.rank(), m, gens, s));
      }
    });
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
    pw.printf("%npbt schedules of %s: %d members, %d generations, ranked by the configuration each ended with%n", a.sweepId(),
        schedules.size(), generations);
    for (Schedule s : schedules) {
      pw.printf(Locale.ROOT, "  #%d member %d: %s%n    %s, score %s, median %s: %s%n", s.rank(), s.member(), s.text(), s.summary().label(),
          ConfigSummary.format(s.summary().score()), ConfigSummary.format(s.summary().medianQuality()),
          TextTable.abbreviate(s.summary().why(), 120));
    }
    pw.printf("fitness per generation (rank, score): %s%n", String.join("; ", schedules.stream().map(s -> "member " + s.member() + " "
        + String.join(" ", s.generations().stream().map(r -> "#" + r.rank() + "/" + Numbers.format(r.fitness())).toList())).toList()));
  }
}
