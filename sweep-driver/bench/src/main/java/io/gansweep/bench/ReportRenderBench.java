package io.gansweep.bench;

import io.gansweep.analysis.BestOfBudget;
import io.gansweep.analysis.ConfigSummary;
import io.gansweep.analysis.Curve;
import io.gansweep.analysis.HeadlessChromium;
import io.gansweep.analysis.HtmlReport;
import io.gansweep.analysis.Importance;
import io.gansweep.analysis.Ranking;
import io.gansweep.analysis.SweepAnalysis;
import io.gansweep.analysis.TrialLabeler;
import io.gansweep.analysis.TrialPoints;
import io.gansweep.analysis.TrialRecord;
import io.gansweep.analysis.TrialVerdict;
import io.gansweep.data.Mixture;
import io.gansweep.trial.LossKind;
import io.gansweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Bench section 14: report.html at 1,000 and 10,000 trials. A synthetic sweep (configurations of 3
 * seeds over four swept hyperparameters, 120 metrics rows and 7 evaluations per trial, 1,000
 * generated ring8 points per trial) is labelled and ranked by the real analysis classes and
 * written by {@link HtmlReport}; headless Chromium then opens the file (time from navigation start
 * until every overview chart and the first configuration's detail have drawn, median of {@link
 * #LOADS} loads, and the CPU time of the page's main thread until then, which a busy machine
 * inflates less) and opens another configuration (click to drawn).
 */
public final class ReportRenderBench {

  public static final int SEEDS = 3;
  public static final int LOADS = 3;
  static final String[] LOSSES = {"nsgan", "minimax", "wgan", "hinge", "lsgan"};
  static final String[] PENALTIES = {"none", "r1", "gp"};
  static final int[] HIDDEN = {64, 128, 256, 512};
  static final int STEPS = 3000;
  static final int LOG_EVERY = 25;
  static final int EVAL_EVERY = 500;

  private final Path dir;

  public ReportRenderBench(Path dir) {
    this.dir = dir;
  }

  /**
   * One size's figures: page bytes, milliseconds to write it in Java, to render it in Chromium (the
   * median load) and to open a configuration's detail.
   */
  public record Result(int trials, int configurations, long bytes, double writeMs, double renderMs, double cpuMs, double detailMs, int charts,
      List<String> errors) {}

  /** Writes and renders the page of a synthetic sweep of {@code trials} trials; {@code chromium} draws it. */
  public Result run(int trials, Path chromium) throws IOException {
    SweepAnalysis a = synthetic(trials, 7L);
    Map<String, TrialPoints> points = points(a);
    long t0 = System.nanoTime();
    String html = HtmlReport.render(a, Map.of(), points);
    double writeMs = (System.nanoTime() - t0) / 1e6;
    Files.createDirectories(dir);
    Path file = dir.resolve("report-" + trials + ".html");
    Files.writeString(file, html, StandardCharsets.UTF_8);
    double[] loads = new double[LOADS];
    double[] cpu = new double[LOADS];
    double detailMs;
    int charts;
    List<String> errors;
    try (HeadlessChromium browser = HeadlessChromium.start(chromium, 1400, 1000)) {
      browser.metrics(); // starts counting; Chromium resets the counters at each navigation
      for (int i = 0; i < LOADS; i++) {
        browser.open(file);
        loads[i] = browser.eval("window.gansweepReport.ready").asDouble();
        cpu[i] = 1000 * browser.metrics().getOrDefault("ThreadTime", Double.NaN); // the page's main thread on a CPU, s
      }
      charts = browser.eval("document.querySelectorAll('.chart[data-rendered=\"1\"]').length").asInt();
      String second = a.ranking().get(1).configId();
      detailMs = browser.eval("(function(){var t0=performance.now();return window.gansweepReport.open(" + quote(second)
          + ").then(function(){return performance.now()-t0;});})()").asDouble();
      errors = browser.errors();
    }
    Arrays.sort(loads);
    Arrays.sort(cpu);
    return new Result(trials, a.ranking().size(), html.getBytes(StandardCharsets.UTF_8).length, writeMs, loads[LOADS / 2], cpu[LOADS / 2],
        detailMs, charts, errors);
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** The synthetic sweep: real labels and ranking of synthetic trials (fixed {@code seed}). */
  public static SweepAnalysis synthetic(int trials, long seed) {
    Random rnd = new Random(seed);
    int configs = Math.max(2, trials / SEEDS);
    List<TrialVerdict> verdicts = new ArrayList<>();
    Map<String, Curve> curves = new HashMap<>();
    for (int c = 0; c < configs; c++) {
      Map<String, Object> params = new LinkedHashMap<>();
      double lr = Math.pow(10, -5 + 4 * ((c * 7919L) % 1000) / 1000.0);
      params.put("lr_g", Double.parseDouble(String.format(java.util.Locale.ROOT, "%.2g", lr)));
      params.put("loss", LOSSES[c % LOSSES.length]);
      params.put("penalty", PENALTIES[(c / LOSSES.length) % PENALTIES.length]);
      params.put("hidden", HIDDEN[(c / 15) % HIDDEN.length]);
      String configId = String.format(java.util.Locale.ROOT, "c%05d", c);
      double health = rnd.nextDouble() - Math.abs(Math.log10(lr) + 3.5) / 3; // too high or too low a rate hurts
      for (int s = 0; s < SEEDS; s++) {
        String id = configId + "-s" + s;
        double u = health + 0.3 * rnd.nextGaussian();
        boolean diverged = u < -0.9;
        boolean dWins = !diverged && u < -0.4;
        double finalDistance = Math.exp(-4 - 3 * u + 0.2 * rnd.nextGaussian());
        Curve curve = curve(rnd, diverged, dWins, finalDistance);
        LossKind loss = LossKind.valueOf(((String) params.get("loss")).toUpperCase(java.util.Locale.ROOT));
        TrialRecord t = new TrialRecord(id, configId, s, params, diverged ? TrialStatus.DIVERGED : TrialStatus.COMPLETED,
            diverged ? "non-finite d_loss=NaN" : null, diverged ? curve.steps().get(curve.steps().size() - 1) : null, loss, "ring8",
            diverged ? null : finalDistance, diverged ? null : (u > 0 ? 8 : 3), diverged ? null : 0.05, diverged ? null : (u > 0 ? 8 : 3),
            diverged ? null : 0.7, diverged ? null : 0.8, diverged ? null : 0.7);
        verdicts.add(TrialLabeler.label(t, curve));
        curves.put(id, curve);
      }
    }
    List<ConfigSummary> ranking = Ranking.rank(verdicts);
    List<String> axes = List.of("lr_g", "loss", "penalty", "hidden");
    double[] quality = verdicts.stream().mapToDouble(TrialVerdict::quality).toArray();
    SweepAnalysis ranked = new SweepAnalysis("synthetic-" + trials, axes, verdicts, Map.of(), ranking, Importance.of(verdicts, axes),
        BestOfBudget.curve(quality), List.of(), List.of(), List.of());
    Set<String> detailed = HtmlReport.detailedConfigs(ranked);
    Map<String, Curve> kept = new HashMap<>();
    verdicts.stream().filter(v -> detailed.contains(v.trial().configId())).forEach(v -> kept.put(v.trial().trialId(), curves.get(v.trial().trialId())));
    return new SweepAnalysis(ranked.sweepId(), axes, verdicts, kept, ranking, ranked.importance(), ranked.budget(), List.of(), List.of(), List.of());
  }

  private static Curve curve(Random rnd, boolean diverged, boolean dWins, double finalDistance) {
    List<Integer> steps = new ArrayList<>();
    List<Double> d = new ArrayList<>();
    List<Double> g = new ArrayList<>();
    List<Double> fake = new ArrayList<>();
    List<Double> grad = new ArrayList<>();
    List<Integer> evalSteps = new ArrayList<>();
    List<Integer> modes = new ArrayList<>();
    List<Double> distance = new ArrayList<>();
    int last = diverged ? STEPS / 3 : STEPS;
    for (int step = LOG_EVERY; step <= last; step += LOG_EVERY) {
      boolean late = dWins && step > STEPS / 3;
      steps.add(step);
      d.add(late ? 1e-6 * (1 + rnd.nextDouble()) : 1.38 + 0.05 * rnd.nextGaussian());
      g.add(late ? 12 + rnd.nextGaussian() : 0.7 + 0.05 * rnd.nextGaussian());
      fake.add(late ? 0.001 : 0.5);
      grad.add(1 + 0.1 * rnd.nextDouble());
    }
    for (int step = EVAL_EVERY; step <= last; step += EVAL_EVERY) {
      evalSteps.add(step);
      modes.add(8);
      distance.add(finalDistance * STEPS / step);
    }
    return new Curve(steps, d, g, fake, grad, evalSteps, modes, distance);
  }

  /** 1,000 generated ring8 points for every trial the page details. */
  static Map<String, TrialPoints> points(SweepAnalysis a) {
    Set<String> detailed = HtmlReport.detailedConfigs(a);
    Map<String, TrialPoints> out = new HashMap<>();
    Random rnd = new Random(11);
    List<double[]> modes = Mixture.RING8.means();
    for (TrialVerdict v : a.verdicts()) {
      if (!detailed.contains(v.trial().configId())) {
        continue;
      }
      double[] xy = new double[2000];
      for (int i = 0; i < 1000; i++) {
        double[] m = modes.get(i % modes.size());
        xy[2 * i] = m[0] + 0.05 * rnd.nextGaussian();
        xy[2 * i + 1] = m[1] + 0.05 * rnd.nextGaussian();
      }
      out.put(v.trial().trialId(), new TrialPoints(STEPS, xy));
    }
    return out;
  }
}
