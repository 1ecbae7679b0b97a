package io.gansweep.bench;

import io.gansweep.analysis.ConfigSummary;
import io.gansweep.analysis.SweepAnalysis;
import io.gansweep.dispatch.SparkSweep;
import io.gansweep.io.TrialStore;
import io.gansweep.report.SweepReport;
import io.gansweep.screen.GeneratorSetup;
import io.gansweep.search.SweepPlan;
import io.gansweep.search.SweepPlanner;
import io.gansweep.spec.InvalidSpecException;
import io.gansweep.spec.SpecParser;
import io.gansweep.trial.ScreenRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Section 11 of {@code gansweep bench}: TPE against random search at the same budget of trials
 * over one random-search space on ring8, for each of {@value #SEEDS} sampler seeds, on {@code
 * local[2]}. Both start from the same {@value #N_STARTUP} random configurations (tpe's random start
 * is random search's first draws), so the difference is what the estimators asked. Each sweep is
 * judged as users judge it, by its final ranking's best configuration: its score (the Wilson lower
 * bound of the stable share across seeds) and its median final distance. Last, random search's
 * first seed runs again behind the G-only screen: what the screen costs and what it drops.
 */
public final class SearchBench {

  /**
   * The space: 10 configurations x 2 seeds of 2,000 rounds per sweep, packed 3 per task. The
   * quickstart's networks at hidden 64 (a pilot grid on 2 cores: at 1,000 rounds no configuration
   * is stable yet, at 2,500 some are), so the best configurations separate on stability, not only
   * on quality.
   */
  static final String SPACE = """
      samples: 10
      replicates: 2
      resources: {pack: 3}
      parameters:
        steps:        {value: 2000}
        hidden:       {value: 64}
        layers:       {value: 3}
        latent_dim:   {value: 2}
        log_every:    {value: 50}
        eval_every:   {value: 500}
        eval_samples: {value: 500}
        loss:         {values: [nsgan, lsgan]}
        lr_g:         {distribution: log_uniform, min: 1.0e-5, max: 1.0e-2}
        ttur:         {distribution: log_uniform, min: 0.5, max: 8.0}
      """;

  public static final int N_STARTUP = 4;
  public static final int SEEDS = 3;

  /**
   * One sweep's outcome.
   *
   * @param method tpe or random
   * @param seed the sampler seed
   * @param score the best configuration's score
   * @param medianQuality its median final distance over seeds
   * @param bestConfigId the best configuration
   * @param seconds the sweep's wall time
   */
  public record Run(String method, long seed, double score, double medianQuality, String bestConfigId, double seconds) {}

  private final Path work;

  public SearchBench(Path work) {
    this.work = work;
  }

  /**
   * What the G-only screen cost and did on random search's first sampler seed, run again with
   * {@code screen: {type: g_fit, steps: 300}}.
   *
   * @param fitSeconds the screen's fits, summed over setups (executor time)
   * @param taskSeconds the sweep's task time after the screen (training and commits)
   * @param setups generator setups fitted
   * @param droppedConfigurations configurations the screen dropped
   * @param bestKept whether the unscreened sweep's best configuration passed the screen
   */
  public record ScreenCost(double fitSeconds, double taskSeconds, int setups, int droppedConfigurations, boolean bestKept) {}

  /** Every sweep, tpe and random alternating per sampler seed. */
  public List<Run> run() throws IOException, InvalidSpecException {
    Workspace.clear(work);
    List<Run> runs = new ArrayList<>();
    for (long seed = 1; seed <= SEEDS; seed++) {
      for (String method : List.of("tpe", "random")) {
        String head = "name: bench-search-" + method + "-s" + seed + "\nmethod: " + method + "\nseed: " + seed + "\n"
            + (method.equals("tpe") ? "n_startup: " + N_STARTUP + "\n" : "");
        SweepPlan plan = SweepPlanner.plan(SpecParser.parse(head + SPACE, "bench section 11 (" + method + ", seed " + seed + ")"));
        Path out = work.resolve(method + "-s" + seed);
        long t0 = System.nanoTime();
        Workspace.sweep(plan, out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        SparkSession spark = SweepReport.readerSession("gansweep bench search");
        try {
          ConfigSummary best = SweepAnalysis.of(spark, out.toString(), plan.sweepId(), SweepReport.hyperparameterColumns()).ranking().get(0);
          runs.add(new Run(method, seed, best.score(), best.medianQuality(), best.configId(), seconds));
        } finally {
          spark.stop();
        }
      }
    }
    return runs;
  }

  /** Random search's first sampler seed with the G-only screen, against the same sweep without it among {@link #run}'s {@code runs}. */
  public ScreenCost screen(List<Run> runs) throws IOException, InvalidSpecException {
    String head = "name: bench-search-random-s1\nmethod: random\nseed: 1\n";
    SweepPlan plain = SweepPlanner.plan(SpecParser.parse(head + SPACE, "bench section 11 (random, seed 1)"));
    SweepPlan screened = SweepPlanner.plan(SpecParser.parse(head.replace("-s1", "-screened-s1") + "screen: {type: g_fit, steps: 300}\n"
        + SPACE, "bench section 11 (random, seed 1, screened)"));
    Path out = work.resolve("random-screened-s1");
    SparkSweep.Outcome o = Workspace.sweep(screened, out);
    List<ScreenRow> rows = new TrialStore(out.toString()).screenRows(screened.sweepId());
    String best = runs.stream().filter(r -> r.method().equals("random") && r.seed() == 1).findFirst().orElseThrow().bestConfigId();
    String setup = GeneratorSetup.id(plain.trials().stream().filter(t -> t.configId().equals(best)).findFirst().orElseThrow());
    boolean kept = rows.stream().anyMatch(r -> r.setupId().equals(setup) && r.passed());
    return new ScreenCost(rows.stream().mapToDouble(ScreenRow::seconds).sum(), o.timing().taskSeconds(), rows.size(),
        o.dropped() / screened.spec().replicates(), kept);
  }

  /** The median over sampler seeds of one method's figure. */
  public static double median(List<Run> runs, String method, java.util.function.ToDoubleFunction<Run> figure) {
    double[] v = runs.stream().filter(r -> r.method().equals(method)).mapToDouble(figure).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
