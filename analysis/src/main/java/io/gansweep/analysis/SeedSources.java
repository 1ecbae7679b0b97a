package io.gansweep.analysis;

import io.gansweep.trial.Hyperparameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which random stream a configuration's seed-to-seed spread comes from. A trial's draws come from
 * three streams, each with its own seed ({@code init_seed}: the initial weights; {@code data_seed}:
 * the real batches; {@code noise_seed}: z, dropout masks, gp's interpolation points). When a sweep
 * varies them separately (a seeds grid), each stream is a factor of a crossed design over the
 * configuration's trials, and its main effect is the correlation ratio η² of the outcome on its
 * seeds (between-seed sum of squares over the total; Fisher's analysis of variance; with a
 * balanced full grid the main effects are orthogonal, and what they leave is the streams'
 * interaction). Two outcomes, each decomposed on its own:
 * <ul>
 *   <li><b>the verdict</b>: 1 for a trial labelled {@code stable}, 0 otherwise (what the ranking
 *       counts);
 *   <li><b>the final quality</b>: log10 of the final distance as {@link Importance} takes it, a trial
 *       without one taking the worst finite value of the configuration.
 * </ul>
 * Streams whose seeds move together over the trials (all three follow the trial's seed unless the
 * spec sets them) cannot be told apart: they are reported as one confounded group. A stream whose
 * seed does not vary is "held".
 */
public record SeedSources(String configId, int trials, List<Source> sources, String summary) {

  /** The streams, in the order their seeds are listed; the words say what varies with each. */
  public enum Stream {
    INIT(Hyperparameter.INIT_SEED, "init seeds"),
    DATA(Hyperparameter.DATA_SEED, "data orders"),
    NOISE(Hyperparameter.NOISE_SEED, "noise draws");

    private final Hyperparameter<Integer> key;
    private final String across;

    Stream(Hyperparameter<Integer> key, String across) {
      this.key = key;
      this.across = across;
    }

    /** The trials table's column: the key's, holding the seed the stream was drawn from. */
    public String column() {
      return key.key();
    }
  }

  /** A stream's share of each outcome's spread (η² in [0, 1]); several streams when their seeds move together. */
  public record Source(List<Stream> streams, int levels, double verdictShare, double qualityShare) {

    /** "init", or "init+data" for a confounded group. */
    public String name() {
      return String.join("+", streams.stream().map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
    }
  }

  /** A share at or above this makes a stream the dominant source of an outcome's spread. */
  public static final double DOMINANT = 0.5;
  /** A share at or below this, over at least two seeds, says the outcome is steady across that stream. */
  public static final double STEADY = 0.1;

  /**
   * The decomposition of every configuration whose trials vary at least two streams separately
   * (nothing can be said of which stream matters otherwise), in the order of {@code ranking}.
   *
   * @param streamSeeds each trial's init, data and noise seeds, by trial id
   */
  public static List<SeedSources> of(List<ConfigSummary> ranking, List<TrialVerdict> verdicts, Map<String, long[]> streamSeeds) {
    Map<String, List<TrialVerdict>> byConfig = new LinkedHashMap<>();
    for (TrialVerdict v : verdicts) {
      byConfig.computeIfAbsent(v.trial().configId(), k -> new ArrayList<>()).add(v);
    }
    List<SeedSources> out = new ArrayList<>();
    for (ConfigSummary c : ranking) {
      List<TrialVerdict> trials = byConfig.getOrDefault(c.configId(), List.of());
      List<long[]> seeds = trials.stream().map(v -> streamSeeds.getOrDefault(v.trial().trialId(),
          new long[] {v.trial().seed(), v.trial().seed(), v.trial().seed()})).toList();
      SeedSources s = of(c.configId(), trials, seeds);
      if (s.sources().stream().filter(src -> src.levels() > 1).count() >= 2) {
        out.add(s);
      }
    }
    return out;
  }

  /** The decomposition of one configuration's trials, {@code seeds.get(i)} being trial i's init, data and noise seeds. */
  static SeedSources of(String configId, List<TrialVerdict> trials, List<long[]> seeds) {
    double[] verdict = trials.stream().mapToDouble(v -> v.label() == Label.STABLE ? 1 : 0).toArray();
    double[] quality = Importance.logQuality(trials);
    List<Source> sources = new ArrayList<>();
    boolean[] placed = new boolean[Stream.values().length];
    for (Stream s : Stream.values()) {
      if (placed[s.ordinal()]) {
        continue;
      }
      List<Stream> group = new ArrayList<>(List.of(s));
      for (Stream t : Stream.values()) {
        if (t.ordinal() > s.ordinal() && !placed[t.ordinal()] && sameGrouping(seeds, s.ordinal(), t.ordinal())) {
          group.add(t);
          placed[t.ordinal()] = true;
        }
      }
      placed[s.ordinal()] = true;
      List<Object> levels = seeds.stream().map(x -> (Object) x[s.ordinal()]).toList();
      int n = (int) levels.stream().distinct().count();
      sources.add(new Source(List.copyOf(group), n, Importance.etaSquared(verdict, levels), Importance.etaSquared(quality, levels)));
    }
    return new SeedSources(configId, trials.size(), List.copyOf(sources), summary(trials, verdict, sources));
  }

  /** Whether streams a and b split the trials into the same groups (their seeds move together). */
  private static boolean sameGrouping(List<long[]> seeds, int a, int b) {
    Map<Long, Long> ab = new TreeMap<>();
    Map<Long, Long> ba = new TreeMap<>();
    for (long[] x : seeds) {
      if (!ab.computeIfAbsent(x[a], k -> x[b]).equals(x[b]) || !ba.computeIfAbsent(x[b], k -> x[a]).equals(x[a])) {
        return false;
      }
    }
    return true;
  }

  /**
   * In words: "unstable across init seeds (η² 0.78), stable across data orders (0.02); quality
   * varies most with init (0.61)", or "stable in all 9 trials; quality varies most with data (0.40)".
   */
  private static String summary(List<TrialVerdict> trials, double[] verdict, List<Source> sources) {
    List<Source> varied = sources.stream().filter(s -> s.levels() > 1).toList();
    List<String> parts = new ArrayList<>();
    long stable = java.util.Arrays.stream(verdict).filter(v -> v == 1).count();
    if (stable == 0 || stable == verdict.length) {
      parts.add(String.format(Locale.ROOT, "%s in all %d trials", stable == 0 ? "unstable" : "stable", verdict.length));
    } else {
      for (Source s : varied) {
        if (s.verdictShare() >= DOMINANT) {
          parts.add(String.format(Locale.ROOT, "unstable across %s (η² %.2f)", across(s), s.verdictShare()));
        } else if (s.verdictShare() <= STEADY) {
          parts.add(String.format(Locale.ROOT, "stable across %s (%.2f)", across(s), s.verdictShare()));
        }
      }
      if (parts.isEmpty()) {
        parts.add(String.format(Locale.ROOT, "stable in %d of %d trials, no one stream dominant (%s)", stable, verdict.length,
            String.join(", ", varied.stream().map(s -> String.format(Locale.ROOT, "%s %.2f", s.name(), s.verdictShare())).toList())));
      }
    }
    Source top = varied.stream().max(java.util.Comparator.comparingDouble(Source::qualityShare)).orElse(null);
    if (top != null) {
      parts.add(String.format(Locale.ROOT, "quality varies most with %s (%.2f)", top.name(), top.qualityShare()));
    }
    return String.join(", ", parts);
  }

  private static String across(Source s) {
    return String.join(" and ", s.streams().stream().map(x -> x.across).toList());
  }
}
