package io.gansweep.prune;

import io.gansweep.trial.RungRow;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where an early-terminated sweep stands, replayed from its committed rung rows: the decisions of
 * every rung whose rows are all in, the trials still to train at each bracket's current rung, and
 * the paused trials that pruning stopped. A function of the rows and the schedule only, so a sweep
 * killed anywhere and started again recomputes the same decisions and picks up where it was.
 *
 * @param decisions every rung decided so far, bracket by bracket
 * @param pending trials to train at their bracket's current rung
 * @param pruned paused trials of pruned configurations, each with its reason (the driver commits
 *     the ones not yet committed as PRUNED)
 */
public record RungState(List<Promotion.Decision> decisions, List<Pending> pending, List<Pruned> pruned) {

  /** A trial to train up to {@code budget}, the rounds of rung {@code rung} of its bracket. */
  public record Pending(TrialConfig trial, int bracket, int rung, int budget) {}

  /** A trial pruned at {@code rung}: it stops with {@code reason}. */
  public record Pruned(TrialConfig trial, int bracket, int rung, int budget, String reason) {}

  /**
   * Replays {@code rows} over {@code schedule} under promotion {@code rule} (the one the sweep
   * started with); {@code trials} are the plan's, grouped by configuration in plan order.
   */
  public static RungState replay(RungSchedule schedule, int eta, List<RungRow> rows, Map<String, List<TrialConfig>> trials,
      Promotion.Rule rule) {
    Map<String, Map<Integer, RungRow>> byTrial = new HashMap<>();
    for (RungRow r : rows) {
      byTrial.computeIfAbsent(r.trialId(), k -> new HashMap<>()).put(r.rung(), r);
    }
    Map<String, TrialConfig> byId = new HashMap<>();
    trials.values().forEach(list -> list.forEach(t -> byId.put(t.trialId(), t)));
    List<Promotion.Decision> decisions = new ArrayList<>();
    List<Pending> pending = new ArrayList<>();
    List<Pruned> pruned = new ArrayList<>();
    for (RungSchedule.Bracket b : schedule.brackets()) {
      List<String> alive = b.configIds();
      for (int rung = 0; rung < b.rungs(); rung++) {
        Map<String, List<RungRow>> latest = new LinkedHashMap<>();
        List<Pending> missing = new ArrayList<>();
        for (String config : alive) {
          List<RungRow> seeds = new ArrayList<>();
          for (TrialConfig t : trials.get(config)) {
            Map<Integer, RungRow> mine = byTrial.getOrDefault(t.trialId(), Map.of());
            RungRow before = latestBefore(mine, rung);
            if (rung > 0 && before != null && !before.paused()) {
              seeds.add(before); // ended at an earlier rung: it counts with its last row
            } else if (mine.containsKey(rung)) {
              seeds.add(mine.get(rung));
            } else {
              missing.add(new Pending(t, b.index(), rung, b.budgets().get(rung)));
            }
          }
          latest.put(config, seeds);
        }
        if (!missing.isEmpty()) {
          pending.addAll(missing);
          break;
        }
        if (b.lastRung(rung)) {
          break;
        }
        Promotion.Decision d = Promotion.decide(rule, b, rung, eta, latest, byId, byTrial);
        decisions.add(d);
        int r = rung;
        d.pruned().forEach((id, why) -> pruned.add(new Pruned(byId.get(id), b.index(), r, b.budgets().get(r), why)));
        alive = d.promoted();
      }
    }
    return new RungState(decisions, pending, pruned);
  }

  /**
   * Which FAILED trials of an early-terminated sweep a resume trains again, and how. A trial whose
   * committed row is FAILED with attempts left ({@code failed}: trial id to its row's attempt)
   * re-runs the rung where it failed, from that rung's checkpoint, when that rung's decision is not
   * committed yet; its FAILED rung row then no longer counts ({@link #withoutRerun}), so the
   * decision is made from the retry's row, as in a run where the failure never happened. A
   * decision is committed once the driver acted on it: {@code decided} names it ({@link
   * #decisionKey}), or, in a sweep an older gansweep wrote, a trial of the bracket has a row at a
   * later rung or was stopped as PRUNED at this one ({@code ended}: trials whose committed row is
   * not FAILED). A FAILED trial whose rung was decided keeps its row: decisions already made never
   * change. A trial paused at a rung while its committed row is FAILED is a retry a kill cut: it
   * goes on.
   *
   * @param rerun trial id to the rung whose FAILED row its retry replaces
   * @param attempt trial id to the attempt its segments run as (its row's attempt + 1), for every
   *     trial retried or still in a retry; their PRUNED, COMPLETED or DIVERGED row replaces the FAILED one
   * @param kept FAILED trials with attempts left that stay FAILED: their rung was decided
   */
  public record Retries(Map<String, Integer> rerun, Map<String, Integer> attempt, List<String> kept) {

    /** {@code rows} less the FAILED rung rows that a retry replaces. */
    public List<RungRow> withoutRerun(List<RungRow> rows) {
      return rows.stream().filter(r -> !(r.status() == io.gansweep.trial.TrialStatus.FAILED
          && Integer.valueOf(r.rung()).equals(rerun.get(r.trialId())))).toList();
    }
  }

  /** See {@link Retries}; {@code trials} are the plan's, grouped by configuration (the trials of this schedule). */
  public static Retries retries(RungSchedule schedule, List<RungRow> rows, Map<String, List<TrialConfig>> trials,
      Map<String, Integer> failed, Set<String> ended, Set<String> decided) {
    Map<String, RungRow> latest = new HashMap<>();
    for (RungRow r : rows) {
      latest.merge(r.trialId(), r, (a, b) -> a.rung() >= b.rung() ? a : b);
    }
    Map<String, Integer> rerun = new TreeMap<>();
    Map<String, Integer> attempt = new TreeMap<>();
    List<String> kept = new ArrayList<>();
    for (RungSchedule.Bracket b : schedule.brackets()) {
      List<String> mine = b.configIds().stream().flatMap(c -> trials.get(c).stream()).map(TrialConfig::trialId).toList();
      for (String id : mine) {
        Integer a = failed.get(id);
        if (a == null) {
          continue;
        }
        RungRow last = latest.get(id);
        if (last == null || last.paused()) { // no rung row yet (killed before it), or a retry under way
          attempt.put(id, a + 1);
        } else if (last.status() == io.gansweep.trial.TrialStatus.FAILED) {
          int rung = last.rung();
          boolean committed = decided.contains(decisionKey(b, rung)) || mine.stream().map(latest::get).anyMatch(r -> r != null
              && (r.rung() > rung || r.rung() == rung && r.paused() && ended.contains(r.trialId())));
          if (committed) {
            kept.add(id);
          } else {
            rerun.put(id, rung);
            attempt.put(id, a + 1);
          }
        }
      }
    }
    return new Retries(rerun, attempt, kept);
  }

  /** The name of the decision at {@code rung} of bracket {@code b}: its first configuration and the rung, unique across waves. */
  public static String decisionKey(RungSchedule.Bracket b, int rung) {
    return b.configIds().get(0) + "-b" + b.index() + "-r" + rung;
  }

  /** The trial's row at the highest rung below {@code rung}, null when none. */
  static RungRow latestBefore(Map<Integer, RungRow> rows, int rung) {
    RungRow best = null;
    for (Map.Entry<Integer, RungRow> e : rows.entrySet()) {
      if (e.getKey() < rung && (best == null || e.getKey() > best.rung())) {
        best = e.getValue();
      }
    }
    return best;
  }
}
