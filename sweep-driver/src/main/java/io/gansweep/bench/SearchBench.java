package io.gansweep.bench;

import io.gansweep.analysis.ConfigSummary;
import io.gansweep.analysis.SweepAnalysis;
import io.gansweep.dispatch.SparkSweep;
import io.gansweep.report.SweepReport;
import io.gansweep.search.SweepPlan;
import io.gansweep.search.SweepPlanner;
import io.gansweep.spec.InvalidSpecException;
import io.gansweep.spec.SpecParser;
import io.gansweep.train.TrialRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Section 11 of {@code gansweep bench}: TPE against random search at the same budget of trials
 * over one random-search space on ring8, for each of {@value #SEEDS} sampler seeds, on {@code
 * local[2]}. Both start from the same {@value #N_STARTUP} random configurations (tpe's random start
 * is random search's first draws), so the difference is what the estimators asked. Each sweep is
 * judged as users judge it, by its final ranking's best configuration: its score (the Wilson lower
 * bound of the stable share across seeds) and its median final distance.
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
   * @param stableShare its stable share
   * @param seconds the sweep's wall time
   */
  public record Run(String method, long seed, double score, double medianQuality, double stableShare, double seconds) {}

  private final Path work;

  public SearchBench(Path work) {
    this.work = work;
  }

  /** Every sweep, tpe and random alternating per sampler seed. */
  public List<Run> run() throws IOException, InvalidSpecException {
    List<Run> runs = new ArrayList<>();
    for (long seed = 1; seed <= SEEDS; seed++) {
      for (String method : List.of("tpe", "random")) {
        String head = "name: bench-search-" + method + "-s" + seed + "\nmethod: " + method + "\nseed: " + seed + "\n"
            + (method.equals("tpe") ? "n_startup: " + N_STARTUP + "\n" : "");
        SweepPlan plan = SweepPlanner.plan(SpecParser.parse(head + SPACE, "bench section 11 (" + method + ", seed " + seed + ")"));
        Path out = work.resolve(method + "-s" + seed);
        long t0 = System.nanoTime();
        SparkSweep.Outcome o = SparkSweep.run(plan, new SparkSweep.Options(out.toString(), "local[2]", Map.of(), TrialRunner::run),
            new PrintWriter(new StringWriter()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!o.complete()) {
          throw new IOException("Cannot bench search: " + plan.sweepId() + " left trials uncommitted (got " + o.missing().size()
              + " missing; allowed none)");
        }
        SparkSession spark = SweepReport.readerSession("gansweep bench search");
        try {
          ConfigSummary best = SweepAnalysis.of(spark, out.toString(), plan.sweepId(), SweepReport.hyperparameterColumns()).ranking().get(0);
          runs.add(new Run(method, seed, best.score(), best.medianQuality(), best.stableShare(), seconds));
        } finally {
          spark.stop();
        }
      }
    }
    return runs;
  }

  /** The median over sampler seeds of one method's figure. */
  public static double median(List<Run> runs, String method, java.util.function.ToDoubleFunction<Run> figure) {
    double[] v = runs.stream().filter(r -> r.method().equals(method)).mapToDouble(figure).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
