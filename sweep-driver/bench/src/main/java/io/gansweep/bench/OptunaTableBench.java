package io.gansweep.bench;

import io.gansweep.search.Sampler;
import io.gansweep.search.TpeSearch;
import io.gansweep.spec.InvalidSpecException;
import io.gansweep.spec.SearchMethod;
import io.gansweep.spec.SpecParser;
import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Values;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Section 16 of {@code gansweep bench}: gansweep's samplers side by side with Optuna's on a
 * tabular benchmark. The table is a real, dense ring8 sweep run once ({@link #DENSE_SPEC}, its
 * evaluations in {@link #EVALS}): section 11's space on a grid of 7 lr_g x 5 ttur x 2 losses, 2
 * seeds of 1,000 rounds each, evaluated every 250 rounds. Every sampler asks configurations of
 * section 11's continuous space; an asked configuration is read as the table's nearest cell (the
 * same loss, nearest lr_g and ttur in log scale) and told that cell's recorded objective: the
 * median over its seeds of the final distance to the data (a seed that diverged counts as {@value
 * #DIVERGED}, worse than any trained one). Asks come in waves of {@value #WIDTH} after a random
 * start of {@value #N_STARTUP} (Optuna: asked and told {@value #WIDTH} at a time, its parallel
 * workers' ask-and-tell), {@value #BUDGET} configurations per sampler seed, {@value #SEEDS} seeds.
 * A sampler's first k asks do not depend on its budget, so one run gives the best found at every
 * budget up to {@value #BUDGET}.
 *
 * <p>TPE with pruning trains each wave through rungs at 250 and 750 rounds (eta 3: the best
 * max(1, ⌊n/3⌋) go on, by the table's objective at the rung) and learns from the highest rung
 * where d + 3 configurations have results, as the wave engine does ({@code WaveSweep.tell}); its
 * best is the best configuration it trained to the end. Rounds spent count every seed's rounds.
 */
public final class OptunaTableBench {

  /** The command that made the table (its spec is this file; the tables were exported from its Parquet output). */
  public static final String DENSE_SPEC = "docs/benchmarks/data/ring8-dense.yaml";
  /** The dense sweep's evaluations: loss,lr_g,ttur,seed,step,distance (distance empty where the trial had diverged). */
  public static final String EVALS = "docs/benchmarks/data/ring8-dense-evals.csv";

  static final int BUDGET = 30;
  static final int[] BUDGETS = {15, 30};
  static final int WIDTH = 3;
  static final int N_STARTUP = 6;
  static final int SEEDS = 21;
  static final int STEPS = 1000;
  static final int[] RUNGS = {250, 750, 1000};
  static final int ETA = 3;
  /** The objective of a seed that diverged before a budget: worse than any distance the dense sweep recorded (at most 4.47; an untrained G is at about 1.2). */
  static final double DIVERGED = 5.0;

  static final String SPACE = """
      parameters:
        loss: {values: [nsgan, lsgan]}
        lr_g: {distribution: log_uniform, min: 1.0e-5, max: 1.0e-2}
        ttur: {distribution: log_uniform, min: 0.5, max: 8.0}
      """;

  /** One cell of the table: a configuration and its objective at each evaluated budget (median over seeds). */
  record Cell(int index, String loss, double lrG, double ttur, Map<Integer, Double> objective) {
    double at(int budget) {
      return objective.get(budget);
    }

    double fin() {
      return objective.get(STEPS);
    }
  }

  /**
   * One sampler's figures, medians over sampler seeds.
   *
   * @param sampler the sampler's name
   * @param best the best objective found at each of {@link #BUDGETS}
   * @param rounds rounds trained at each of {@link #BUDGETS} (all seeds of every configuration asked)
   * @param distinct distinct cells asked within the full budget
   * @param hits sampler seeds that trained the table's best cell to the end, at each of {@link #BUDGETS}
   * @param meanBest the mean over seeds of the best objective found, at each of {@link #BUDGETS}
   */
  public record Row(String sampler, double[] best, double[] rounds, double distinct, int[] hits, double[] meanBest) {}

  /** One printed figure of the section. */
  public record Figure(String name, double value, String unit) {}

  /** What the section found: the table's size and best, and one row per sampler. */
  public record Result(int cells, double tableBest, double tableMedian, List<Row> rows, List<String> notes) {

    /** The section's figures: the table, then per sampler its median best at each budget and the rounds it spent. */
    public List<Figure> figures() {
      List<Figure> out = new ArrayList<>();
      out.add(new Figure("table: cells (configurations of the dense sweep)", cells, "cells"));
      out.add(new Figure("table: best cell's objective (median final distance over 2 seeds)", tableBest, "distance"));
      out.add(new Figure("table: median cell's objective", tableMedian, "distance"));
      for (Row r : rows) {
        for (int b = 0; b < BUDGETS.length; b++) {
          out.add(new Figure(r.sampler() + ": best at " + BUDGETS[b] + " configurations, median over " + SEEDS + " seeds", r.best()[b], "distance"));
          out.add(new Figure(r.sampler() + ": best at " + BUDGETS[b] + " configurations, mean", r.meanBest()[b], "distance"));
          out.add(new Figure(r.sampler() + ": seeds that found the table's best cell by " + BUDGETS[b], r.hits()[b], "seeds"));
          out.add(new Figure(r.sampler() + ": rounds spent at " + BUDGETS[b] + " configurations, median", r.rounds()[b], "rounds"));
        }
        out.add(new Figure(r.sampler() + ": distinct cells asked of " + BUDGET + ", median", r.distinct(), "cells"));
      }
      Row ours = rows.stream().filter(r -> r.sampler().startsWith("gansweep tpe rules 2 (")).findFirst().orElseThrow();
      rows.stream().filter(r -> r.sampler().startsWith("optuna tpe")).forEach(r -> {
        for (int b = 0; b < BUDGETS.length; b++) {
          out.add(new Figure("gansweep tpe rules 2 / " + r.sampler() + ", best at " + BUDGETS[b], ours.best()[b] / r.best()[b], "ratio"));
        }
      });
      return out;
    }
  }

  private final Path work;
  private final Path evals;

  public OptunaTableBench(Path work, Path evals) {
    this.work = work;
    this.evals = evals;
  }

  public Result run() throws IOException, InterruptedException, InvalidSpecException {
    List<Cell> cells = cells(Files.readAllLines(evals));
    List<String> notes = new ArrayList<>();
    Map<String, List<List<Integer>>> asks = new LinkedHashMap<>();
    Map<String, List<List<int[]>>> trained = new LinkedHashMap<>(); // pruning: per seed, per ask, {cell, rounds}
    for (long seed = 1; seed <= SEEDS; seed++) {
      add(asks, "gansweep random", plain(new io.gansweep.search.RandomSearch(), spec("random", seed), cells));
      add(asks, "gansweep tpe rules 1 (independent)", plain(new TpeSearch(1), spec("tpe", seed), cells));
      add(asks, "gansweep tpe rules 2 (multivariate, liar)", plain(new TpeSearch(2), spec("tpe", seed), cells));
      trained.computeIfAbsent("gansweep tpe rules 2 + pruning", k -> new ArrayList<>()).add(pruned(new TpeSearch(2), spec("tpe", seed), cells));
    }
    asks.putAll(optuna(cells, notes));
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, List<List<Integer>>> e : asks.entrySet()) {
      List<List<int[]>> full = e.getValue().stream().map(seq -> seq.stream().map(c -> new int[] {c, 2 * STEPS}).toList()).toList();
      rows.add(row(e.getKey(), full, cells));
    }
    trained.forEach((name, runs) -> rows.add(row(name, runs, cells)));
    double[] finals = cells.stream().mapToDouble(Cell::fin).sorted().toArray();
    return new Result(cells.size(), finals[0], finals[finals.length / 2], rows, notes);
  }

  private static void add(Map<String, List<List<Integer>>> asks, String name, List<Integer> seq) {
    asks.computeIfAbsent(name, k -> new ArrayList<>()).add(seq);
  }

  /** Medians over seeds of the best final objective among configurations trained to the end, and rounds, at each budget. */
  static Row row(String name, List<List<int[]>> runs, List<Cell> cells) {
    double[] best = new double[BUDGETS.length];
    double[] rounds = new double[BUDGETS.length];
    int[] hits = new int[BUDGETS.length];
    double[] mean = new double[BUDGETS.length];
    double top = cells.stream().mapToDouble(Cell::fin).min().orElseThrow();
    for (int b = 0; b < BUDGETS.length; b++) {
      double[] bests = new double[runs.size()];
      double[] spent = new double[runs.size()];
      for (int s = 0; s < runs.size(); s++) {
        List<int[]> seq = runs.get(s).subList(0, BUDGETS[b]);
        bests[s] = seq.stream().filter(x -> x[1] == 2 * STEPS).mapToDouble(x -> cells.get(x[0]).fin()).min().orElse(DIVERGED);
        spent[s] = seq.stream().mapToDouble(x -> x[1]).sum();
      }
      best[b] = median(bests);
      rounds[b] = median(spent);
      hits[b] = (int) Arrays.stream(bests).filter(x -> x == top).count();
      mean[b] = Arrays.stream(bests).average().orElseThrow();
    }
    double[] distinct = runs.stream().mapToDouble(seq -> seq.stream().mapToInt(x -> x[0]).distinct().count()).toArray();
    return new Row(name, best, rounds, median(distinct), hits, mean);
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static SweepSpec spec(String method, long seed) throws InvalidSpecException {
    return SpecParser.parse("name: bench-table\nmethod: " + method + "\nsamples: " + BUDGET + "\nseed: " + seed + "\n"
        + (method.equals("tpe") ? "n_startup: " + N_STARTUP + "\n" : "") + SPACE, "bench section 16 (" + method + ", seed " + seed + ")");
  }

  /** The table's cells from the dense sweep's evaluations (loss,lr_g,ttur,seed,step,distance), in a fixed order. */
  static List<Cell> cells(List<String> lines) {
    Map<String, Map<Integer, Map<Integer, Double>>> bySeed = new TreeMap<>(); // cell key -> seed -> step -> distance
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      String key = f[0] + "," + f[1] + "," + f[2];
      double d = f[5].isEmpty() ? Double.NaN : Double.parseDouble(f[5]);
      bySeed.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(Integer.parseInt(f[3]), k -> new TreeMap<>())
          .put(Integer.parseInt(f[4]), d);
    }
    List<Cell> out = new ArrayList<>();
    for (Map.Entry<String, Map<Integer, Map<Integer, Double>>> e : bySeed.entrySet()) {
      String[] k = e.getKey().split(",");
      Map<Integer, Double> objective = new TreeMap<>();
      for (int budget : RUNGS) {
        double[] perSeed = e.getValue().values().stream().mapToDouble(steps -> {
          Double d = steps.get(budget);
          return d == null || d.isNaN() ? DIVERGED : d;
        }).toArray();
        objective.put(budget, median(perSeed));
      }
      out.add(new Cell(out.size(), k[0], Double.parseDouble(k[1]), Double.parseDouble(k[2]), objective));
    }
    return out;
  }

  /** The cell an asked configuration reads: the same loss, the nearest lr_g and ttur in log scale. */
  static int cellOf(Map<Hyperparameter<?>, Object> c, List<Cell> cells) {
    String loss = Values.canonical(c.get(Hyperparameter.LOSS));
    double lr = Math.log(((Number) c.get(Hyperparameter.LR_G)).doubleValue());
    double ttur = Math.log(((Number) c.get(Hyperparameter.TTUR)).doubleValue());
    return cells.stream().filter(x -> x.loss().equals(loss))
        .min(Comparator.comparingDouble((Cell x) -> Math.abs(Math.log(x.lrG()) - lr)).thenComparingDouble(x -> Math.abs(Math.log(x.ttur()) - ttur)))
        .orElseThrow(() -> new IllegalStateException("Cannot read the table: no cell of loss " + loss)).index();
  }

  /** A sampler without pruning, driven as the wave engine drives it: its start, then waves of {@link #WIDTH}; each asked configuration's cell. */
  static List<Integer> plain(Sampler s, SweepSpec spec, List<Cell> cells) {
    List<Map<Hyperparameter<?>, Object>> asked = new ArrayList<>(s.ask(spec, Sampler.History.NONE, s.start(spec)));
    while (asked.size() < s.budget(spec)) {
      List<Map<Hyperparameter<?>, Object>> ranked = s.learns() ? ranked(asked, cells, STEPS) : List.of();
      asked.addAll(s.ask(spec, new Sampler.History(asked, ranked), Math.min(WIDTH, s.budget(spec) - asked.size())));
    }
    return asked.stream().map(c -> cellOf(c, cells)).toList();
  }

  /** {@code configs} best first by their cells' objective at {@code budget} (ties: the earlier asked first). */
  static List<Map<Hyperparameter<?>, Object>> ranked(List<Map<Hyperparameter<?>, Object>> configs, List<Cell> cells, int budget) {
    List<Map<Hyperparameter<?>, Object>> sorted = new ArrayList<>(configs);
    sorted.sort(Comparator.comparingDouble(c -> cells.get(cellOf(c, cells)).at(budget)));
    return sorted;
  }

  /**
   * TPE with pruning: each wave (the start, then waves of {@link #WIDTH}) through the rungs of
   * {@link #RUNGS}; per asked configuration its cell and the rounds its seeds trained.
   */
  static List<int[]> pruned(Sampler s, SweepSpec spec, List<Cell> cells) {
    List<Map<Hyperparameter<?>, Object>> asked = new ArrayList<>(s.ask(spec, Sampler.History.NONE, s.start(spec)));
    Map<Map<Hyperparameter<?>, Object>, Integer> reached = new HashMap<>(); // the last rung budget a configuration trained to
    int from = 0;
    while (true) {
      List<Map<Hyperparameter<?>, Object>> wave = asked.subList(from, asked.size());
      List<Map<Hyperparameter<?>, Object>> alive = new ArrayList<>(wave);
      for (int r = 0; r < RUNGS.length; r++) {
        int budget = RUNGS[r];
        alive.forEach(c -> reached.put(c, budget));
        if (r == RUNGS.length - 1) {
          break;
        }
        alive = new ArrayList<>(ranked(alive, cells, budget).subList(0, Math.max(1, alive.size() / ETA)));
      }
      if (asked.size() >= s.budget(spec)) {
        break;
      }
      int need = 3 + 3; // d + 3, d = 3 swept parameters
      int learn = RUNGS[0];
      for (int r = RUNGS.length - 1; r >= 0; r--) {
        int b = RUNGS[r];
        if (asked.stream().filter(c -> reached.get(c) >= b).count() >= need) {
          learn = b;
          break;
        }
      }
      int at = learn;
      List<Map<Hyperparameter<?>, Object>> told = ranked(asked.stream().filter(c -> reached.get(c) >= at).toList(), cells, at);
      from = asked.size();
      asked.addAll(s.ask(spec, new Sampler.History(asked, told), Math.min(WIDTH, s.budget(spec) - asked.size())));
    }
    return asked.stream().map(c -> new int[] {cellOf(c, cells), 2 * reached.get(c)}).toList();
  }

  /** Optuna's samplers on the same table, in a venv this section makes under its work folder; none (and a note) where it cannot. */
  Map<String, List<List<Integer>>> optuna(List<Cell> cells, List<String> notes) throws IOException, InterruptedException {
    Files.createDirectories(work);
    Path venv = work.resolve("optuna-venv");
    Path python = venv.resolve("bin/python");
    if (!Files.exists(python) || exec(work, List.of(python.toString(), "-c", "import optuna, torch, scipy"), 60) != 0) {
      if (exec(work, List.of("python3", "-m", "venv", venv.toString()), 300) != 0
          || exec(work, List.of(venv.resolve("bin/pip").toString(), "install", "--retries", "0", "--timeout", "2", "optuna", "torch", "scipy"), 1800) != 0) {
        notes.add("section 16: Optuna's rows skipped: could not make a venv with optuna, torch and scipy (GPSampler's) (see " + work.resolve("optuna.log") + ")");
        return Map.of();
      }
    }
    StringBuilder table = new StringBuilder("index,loss,lr_g,ttur,objective\n");
    cells.forEach(c -> table.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s%n", c.index(), c.loss(), c.lrG(), c.ttur(), c.fin())));
    Files.writeString(work.resolve("table.csv"), table);
    Path script = work.resolve("optuna_table.py");
    try (InputStream in = OptunaTableBench.class.getResourceAsStream("optuna_table.py")) {
      Files.write(script, in.readAllBytes());
    }
    Path out = work.resolve("optuna-asks.csv");
    if (exec(work, List.of(python.toString(), script.toString(), work.resolve("table.csv").toString(), "" + BUDGET, "" + WIDTH, "" + N_STARTUP,
        "" + SEEDS, out.toString()), 3600) != 0) {
      notes.add("section 16: Optuna's rows skipped: its script failed (see " + work.resolve("optuna.log") + ")");
      return Map.of();
    }
    String version = new String(new ProcessBuilder(python.toString(), "-c", "import optuna; print(optuna.__version__)").start()
        .getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    notes.add("section 16: Optuna " + version + "; CmaEsSampler not run: it needs the cmaes package, which this machine's wheels lack");
    Map<String, Map<Integer, List<Integer>>> bySampler = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(out);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      bySampler.computeIfAbsent(f[0], k -> new TreeMap<>()).computeIfAbsent(Integer.parseInt(f[1]), k -> new ArrayList<>()).add(Integer.parseInt(f[3]));
    }
    Map<String, List<List<Integer>>> result = new LinkedHashMap<>();
    bySampler.forEach((name, seeds) -> result.put(name, new ArrayList<>(seeds.values())));
    return result;
  }

  private int exec(Path dir, List<String> command, long seconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("optuna.log").toFile())).start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
