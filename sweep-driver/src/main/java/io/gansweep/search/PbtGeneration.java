package io.gansweep.search;

import io.gansweep.spec.Domain;
import io.gansweep.spec.ParameterSpec;
import io.gansweep.spec.Pbt;
import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Numbers;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.Values;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The decision at a boundary of population-based training ({@link Pbt}): which members go on as
 * they are, and which copy another's checkpoints and with what hyperparameters. It is a function
 * of the spec, the boundary, the members' configurations, their ranking (the analysis's order, by
 * the stability score across each member's seeds) and which members can go on at all; the draws
 * come from a stream seeded by the sampler seed and the boundary. So a sweep resumed after a kill,
 * replaying its committed rung rows, decides exactly what it decided before.
 *
 * <p>The rules (Jaderberg et al. 2017, §3 "truncation selection" with "perturb"/"resample"
 * explore, as Ray Tune's {@code PopulationBasedTraining} applies them; written here anew):
 *
 * <ul>
 *   <li>k = ceil(n·quantile), at most n/2, members are replaced: the last k of the ranking, and
 *       every member that cannot go on (a seed diverged, failed or ended: it has no checkpoint to
 *       go on from), never one of the donors;
 *   <li>the donors are the first k members of the ranking that can go on (every seed paused with a
 *       checkpoint): a member never copies one without checkpoints (Ray's failure of exploiting a
 *       trial with none); each replaced member draws its donor uniformly among them and copies the
 *       donor's configuration together with its checkpoints, seed by seed (ray#28509's failure was
 *       a configuration copied without its weights);
 *   <li>explore: each swept key of {@link Pbt#MUTABLE}, in spec order, is drawn again from its
 *       domain with probability {@code resample}; otherwise a number is multiplied by 0.8 or 1.2
 *       (even odds), rounded as random search rounds its draws (4 significant digits; an integer
 *       to the nearest) and clamped into its bounds, so it never leaves them (ray#11936), and a
 *       categorical value (a {@code values} list) is kept. Other swept keys are held: they came
 *       with the weights;
 *   <li>a new configuration must differ from every configuration any member had before (ids are
 *       configurations: two members alike would share their trials); up to 100 explorations are
 *       drawn for it, then every mutable key is drawn again, up to 100 times more.
 * </ul>
 */
public final class PbtGeneration {

  /** Version of these rules, in the sweep's identity: a change of rules is another sweep. */
  public static final String RULES = "pbt-rules-1";

  private static final int ATTEMPTS = 100;

  private PbtGeneration() {}

  /**
   * What a member trains with in the next generation.
   *
   * @param member its index in the population
   * @param config its configuration (the parameters the spec names)
   * @param parent the member whose checkpoints it goes on from: itself, or its donor
   * @param exploited whether it copied its donor (false: it goes on as it was)
   * @param change what explore did, e.g. "lr_g x1.2, ttur drawn again 3.1"; "" when it goes on
   */
  public record Next(int member, Map<Hyperparameter<?>, Object> config, int parent, boolean exploited, String change) {
    public Next {
      config = Hyperparameter.newMap(config);
    }
  }

  /**
   * The next generation after boundary {@code boundary} (the generation that just ended, from 0):
   * one {@link Next} per member, in member order; empty when no member can go on.
   *
   * @param configs each member's configuration in the generation that ended
   * @param bestFirst the members, best first (every member once)
   * @param canGoOn the members whose every seed is paused with a checkpoint
   * @param used the config ids of every configuration any member had so far; the new ones are added
   */
  public static List<Next> next(SweepSpec spec, int boundary, List<Map<Hyperparameter<?>, Object>> configs, List<Integer> bestFirst,
      Set<Integer> canGoOn, Set<String> used) {
    int n = configs.size();
    if (bestFirst.size() != n || new LinkedHashSet<>(bestFirst).size() != n) {
      throw new IllegalArgumentException("Cannot decide the generation: the ranking must hold every member once (got " + bestFirst
          + "; allowed a permutation of 0.." + (n - 1) + ")");
    }
    List<Integer> alive = bestFirst.stream().filter(canGoOn::contains).toList();
    if (alive.isEmpty()) {
      return List.of();
    }
    int k = spec.pbt().replaced(n);
    List<Integer> donors = alive.subList(0, Math.min(k, alive.size()));
    Set<Integer> replaced = new LinkedHashSet<>(bestFirst.subList(n - k, n));
    for (int m = 0; m < n; m++) {
      if (!canGoOn.contains(m)) {
        replaced.add(m);
      }
    }
    replaced.removeAll(donors);
    SplittableRandom rng = new SplittableRandom(spec.seed() ^ Long.parseUnsignedLong(Values.sha256Hex("pbt|" + boundary, 16), 16));
    List<Next> next = new ArrayList<>(n);
    for (int m = 0; m < n; m++) {
      if (!replaced.contains(m)) {
        next.add(new Next(m, configs.get(m), m, false, ""));
        continue;
      }
      int donor = donors.get(rng.nextInt(donors.size()));
      StringBuilder change = new StringBuilder();
      Map<Hyperparameter<?>, Object> c = null;
      for (int attempt = 0; attempt < 2 * ATTEMPTS; attempt++) {
        change.setLength(0);
        Map<Hyperparameter<?>, Object> tried = explore(spec, configs.get(donor), rng, attempt >= ATTEMPTS, change);
        if (used.add(TrialConfig.of(tried, 0).configId())) {
          c = tried;
          break;
        }
      }
      if (c == null) {
        throw new IllegalStateException("Cannot explore member " + m + " at generation " + (boundary + 1) + ": every exploration of member "
            + donor + "'s configuration was had before (got " + 2 * ATTEMPTS + " alike; allowed a configuration no member had: sweep "
            + "more of " + String.join(", ", Pbt.MUTABLE.stream().map(Hyperparameter::key).toList()) + ", or wider ranges)");
      }
      next.add(new Next(m, c, donor, true, change.toString()));
    }
    return next;
  }

  /** The donor's configuration explored once; {@code redrawAll}: every mutable key drawn again. */
  static Map<Hyperparameter<?>, Object> explore(SweepSpec spec, Map<Hyperparameter<?>, Object> donor, SplittableRandom rng,
      boolean redrawAll, StringBuilder change) {
    Map<Hyperparameter<?>, Object> c = Hyperparameter.newMap(donor);
    double resample = spec.pbt().resample();
    for (ParameterSpec p : spec.configurationParameters()) {
      Domain d = p.domain();
      if (!d.swept() || !Pbt.MUTABLE.contains(p.param())) {
        continue;
      }
      Object old = donor.get(p.param());
      boolean redraw = redrawAll || rng.nextDouble() < resample;
      Object v;
      String how;
      if (redraw) {
        v = RandomSearch.draw(d, rng);
        how = "drawn again";
      } else if (d instanceof Domain.Categorical) {
        continue; // a listed value is never multiplied: it stays
      } else {
        double factor = rng.nextBoolean() ? Pbt.UP : Pbt.DOWN;
        how = "x" + Numbers.exact(factor);
        if (d instanceof Domain.IntRange r) {
          v = (int) Math.max(r.min(), Math.min(r.max(), Math.round(((Number) old).intValue() * factor)));
        } else {
          Domain.Continuous r = (Domain.Continuous) d;
          v = Math.max(r.min(), Math.min(r.max(), Values.roundSignificant(((Number) old).doubleValue() * factor,
              RandomSearch.SIGNIFICANT_DIGITS)));
        }
      }
      c.put(p.param(), v);
      change.append(change.length() == 0 ? "" : ", ").append(p.param().key()).append(' ').append(how).append(' ')
          .append(Numbers.exact(v));
    }
    return c;
  }
}
