package io.gansweep.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis on synthetic trials and metrics tables written as Parquet with the real column
 * names: three configurations with known fates, read back with Spark SQL, ranked, written, and
 * the report rendered in headless Chromium.
 */
class SweepAnalysisTest {

  static final String SWEEP = "synthetic-00c0ffee";
  @TempDir static Path out;
  static SparkSession spark;
  static SweepAnalysis analysis;

  static final StructType TRIALS = new StructType()
      .add("sweep_id", DataTypes.StringType).add("trial_id", DataTypes.StringType).add("config_id", DataTypes.StringType)
      .add("seed", DataTypes.LongType).add("lr_g", DataTypes.DoubleType).add("penalty", DataTypes.StringType)
      .add("init", DataTypes.StringType).add("loss", DataTypes.StringType).add("dataset", DataTypes.StringType)
      .add("status", DataTypes.StringType).add("error", DataTypes.StringType).add("diverged_step", DataTypes.IntegerType)
      .add("final_distance", DataTypes.DoubleType).add("final_modes", DataTypes.IntegerType).add("final_rkl", DataTypes.DoubleType);
  static final StructType METRICS = new StructType()
      .add("sweep_id", DataTypes.StringType).add("trial_id", DataTypes.StringType).add("step", DataTypes.IntegerType)
      .add("d_loss", DataTypes.DoubleType).add("g_loss", DataTypes.DoubleType).add("d_fake", DataTypes.DoubleType)
      .add("grad_norm_d", DataTypes.DoubleType).add("grad_norm_g", DataTypes.DoubleType)
      .add("modes", DataTypes.IntegerType).add("distance", DataTypes.DoubleType);

  static final StructType SAMPLES = new StructType()
      .add("trial_id", DataTypes.StringType).add("step", DataTypes.IntegerType)
      .add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType);

  /**
   * "steady" (lr 1e-3, r1): three healthy seeds. "lucky" (lr 1e-3, none): the best single seed
   * and two seeds where D wins. "broken" (lr 1, none): all seeds diverge.
   */
  @BeforeAll
  static void writeTablesAndAnalyse() throws Exception {
    spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    List<Row> trials = new ArrayList<>();
    List<Row> metrics = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      add(trials, metrics, "steady", s, 1e-3, "r1", "COMPLETED", 0.02, 8, false);
      add(trials, metrics, "lucky", s, 1e-3, "none", "COMPLETED", s == 0 ? 0.004 : 0.6, s == 0 ? 8 : 2, s != 0);
      add(trials, metrics, "broken", s, 1.0, "none", "DIVERGED", null, null, false);
    }
    spark.createDataFrame(trials, TRIALS).write().partitionBy("sweep_id").parquet(out.resolve("trials").toString());
    spark.createDataFrame(metrics, METRICS).write().partitionBy("sweep_id").parquet(out.resolve("metrics").toString());
    List<Row> samples = new ArrayList<>();
    for (Row t : trials) {
      for (int i = 0; i < 200; i++) { // near the 8 ring8 modes, as the worker's samples table holds them
        double angle = 2 * Math.PI * (i % 8) / 8;
        samples.add(RowFactory.create(t.getString(1), 200, 2 * Math.cos(angle) + 0.01 * (i % 5), 2 * Math.sin(angle)));
      }
    }
    spark.createDataFrame(samples, SAMPLES).write().parquet(out.resolve("samples/sweep_id=" + SWEEP).toString());
    analysis = SweepAnalysis.of(spark, out.toString(), SWEEP, List.of("lr_g", "penalty", "init", "loss"));
    AnalysisOutput.write(spark, out.toString(), analysis);
  }

  static void add(List<Row> trials, List<Row> metrics, String config, long seed, double lr, String penalty, String status,
      Double distance, Integer modes, boolean dWins) {
    String id = config + "-s" + seed;
    trials.add(RowFactory.create(SWEEP, id, config, seed, lr, penalty, "xavier", "nsgan", "ring8", status,
        status.equals("DIVERGED") ? "non-finite d_loss=NaN at step 40" : null, status.equals("DIVERGED") ? 40 : null,
        distance, modes, modes == null ? null : modes == 8 ? 0.01 : 1.2));
    int last = status.equals("DIVERGED") ? 40 : 200;
    for (int step = 0; step <= last; step += 5) {
      boolean late = step > 100;
      double d = dWins && late ? 0.08 : 1.38;
      double f = dWins && late ? 0.03 : 0.49;
      boolean eval = step % 50 == 0;
      metrics.add(RowFactory.create(SWEEP, id, step, step == 0 ? null : d, step == 0 ? null : 0.7, step == 0 ? null : f,
          step == 0 ? null : 1.0, step == 0 ? null : 1.0, eval ? 8 : null, eval ? 0.5 / (step + 1) : null));
    }
  }

  /**
   * Labels computed on the executors (each trial grouped with its metrics rows) are exactly those
   * the driver computes from every trial's full curve; only the drawn configurations' curves come
   * back to the driver.
   */
  @Test
  void executorsLabelAsTheDriverWouldOnEveryCurve() {
    Map<String, Curve> all = SweepAnalysis.curves(spark, out.toString(), SWEEP, null);
    assertEquals(9, all.size());
    for (TrialVerdict v : analysis.verdicts()) {
      assertEquals(TrialLabeler.label(v.trial(), all.get(v.trial().trialId())), v, v.trial().trialId());
    }
    Set<String> drawn = new HashSet<>();
    HtmlReport.configsOfInterest(analysis).keySet().forEach(c -> drawn.add(c.configId()));
    Set<String> expected = new HashSet<>();
    analysis.verdicts().stream().filter(v -> drawn.contains(v.trial().configId())).forEach(v -> expected.add(v.trial().trialId()));
    assertEquals(expected, analysis.curves().keySet());
  }

  /** A trial without metrics rows (FAILED before its first row) is labelled on an empty curve, not dropped. */
  @Test
  void trialsWithoutMetricsAreLabelledToo(@TempDir Path dir) {
    String sweep = "nometrics-00000000";
    List<Row> trials = new ArrayList<>();
    List<Row> metrics = new ArrayList<>();
    add(trials, metrics, "steady", 0, 1e-3, "r1", "COMPLETED", 0.02, 8, false);
    trials.add(RowFactory.create(sweep, "gone-s0", "gone", 0L, 1e-3, "r1", "xavier", "nsgan", "ring8", "FAILED",
        "Cannot load dataset", null, null, null, null));
    spark.createDataFrame(inSweep(trials, sweep), TRIALS).write().partitionBy("sweep_id").parquet(dir.resolve("trials").toString());
    spark.createDataFrame(inSweep(metrics, sweep), METRICS).write().partitionBy("sweep_id").parquet(dir.resolve("metrics").toString());
    SweepAnalysis a = SweepAnalysis.of(spark, dir.toString(), sweep, List.of("lr_g"));
    assertEquals(2, a.verdicts().size());
    TrialVerdict gone = a.verdicts().stream().filter(v -> v.trial().trialId().equals("gone-s0")).findFirst().orElseThrow();
    assertEquals(Label.FAILED, gone.label());
    assertEquals(TrialLabeler.label(gone.trial(), Curve.EMPTY), gone);
  }

  /** The rows with their first column, sweep_id, set to {@code sweep}. */
  static List<Row> inSweep(List<Row> rows, String sweep) {
    List<Row> out = new ArrayList<>();
    for (Row r : rows) {
      Object[] v = new Object[r.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = i == 0 ? sweep : r.get(i);
      }
      out.add(RowFactory.create(v));
    }
    return out;
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void rankingPutsSteadyFirstAndSaysWhyTheOthersFail() {
    assertEquals(List.of("lr_g", "penalty"), analysis.axes(), "init and loss are constant here");
    assertEquals(List.of("steady", "lucky", "broken"), analysis.ranking().stream().map(ConfigSummary::configId).toList());
    ConfigSummary lucky = analysis.ranking().get(1);
    // Values stay typed from the trials table on: a Double and a name, in axis order, never text.
    assertEquals(java.util.Map.of("lr_g", 1e-3, "penalty", "r1"), analysis.ranking().get(0).params());
    assertEquals(List.of("lr_g", "penalty"), List.copyOf(analysis.ranking().get(0).params().keySet()));
    assertEquals("d_collapse", lucky.label());
    assertTrue(lucky.why().startsWith("d_collapse in 2/3 seeds: D loss 0.08, 0.08 vs 1.386"), lucky.why());
    ConfigSummary broken = analysis.ranking().get(2);
    assertEquals("diverged", broken.label());
    assertTrue(broken.why().contains("diverged at step 40"), broken.why());
    // log10 quality: r1 trials -1.70 x3; "none" trials -2.40 once and -0.22 (0.6, or the worst
    // finite value for diverged ones) five times. penalty splits {steady} from the rest
    // (between-group SS 2.51), lr_g splits {broken} from the rest (2.43): penalty explains a
    // little more.
    assertEquals(List.of("penalty", "lr_g"), analysis.importance().stream().map(Importance.Factor::parameter).toList());
    assertTrue(analysis.importance().get(1).etaSquared() > 0.2, "lr_g matters too");
  }

  @Test
  void rankingTableIsWrittenWithTypedColumnsAndReadsBack() throws Exception {
    Path dir = out.resolve("analysis/sweep_id=" + SWEEP);
    var ranking = spark.read().parquet(dir.resolve("ranking.parquet").toString());
    assertEquals(DataTypes.DoubleType, ranking.schema().apply("lr_g").dataType());
    assertEquals(DataTypes.StringType, ranking.schema().apply("penalty").dataType());
    assertEquals(DataTypes.IntegerType, ranking.schema().apply("rank").dataType());
    for (String col : List.of("rank", "config_id", "seeds", "stable_share", "score", "label", "median_quality", "worst_quality")) {
      assertTrue(List.of(ranking.columns()).contains(col), col);
    }
    List<Row> rows = ranking.orderBy("rank").collectAsList();
    assertEquals("steady", rows.get(0).getAs("config_id"));
    assertEquals(1e-3, rows.get(0).<Double>getAs("lr_g"));
    // steady (3/3 stable) and lucky (1/3) are not separable over 3 seeds: one group, ranks 1–2;
    // every seed of lucky beats every diverged seed of broken (p = 0.10): broken stands alone.
    assertEquals(DataTypes.IntegerType, ranking.schema().apply("rank_group").dataType());
    assertEquals(List.of("1 1-2", "2 1-2", "3 3-3"), rows.stream()
        .map(r -> r.getAs("rank") + " " + r.getAs("rank_group") + "-" + r.getAs("rank_group_last")).toList());
    assertEquals(9, spark.read().parquet(dir.resolve("trial_labels.parquet").toString()).count());
    List<String> csv = Files.readAllLines(dir.resolve("ranking.csv"));
    assertEquals(4, csv.size());
    assertTrue(csv.get(0).startsWith("rank,rank_group,rank_group_last,config_id,lr_g,penalty,seeds"), csv.get(0));
    assertTrue(csv.get(2).startsWith("2,1,2,lucky,0.001,none,3,1,"), csv.get(2));
    assertTrue(Files.readString(dir.resolve("budget.csv")).startsWith("trials,expected_best_distance\n1,"));
    try (var files = Files.list(dir)) {
      assertEquals(List.of("budget.csv", "importance.csv", "ranking.csv", "ranking.parquet", "report.html", "seed_sources.csv", "trial_labels.parquet"),
          files.map(p -> p.getFileName().toString()).sorted().toList(), "one plain file each, nothing hidden left over");
    }
  }

  /** The blob the page renders, read back as JSON. */
  static com.fasterxml.jackson.databind.JsonNode blob(String html) throws Exception {
    String json = HtmlReport.blobOf(html);
    assertTrue(!json.contains("<") && !json.contains(">") && !json.contains("\u2028"), "the blob cannot end its script element");
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
  }

  @Test
  void reportIsSelfContained() throws Exception {
    String html = Files.readString(out.resolve("analysis/sweep_id=" + SWEEP + "/report.html"));
    var data = blob(html);
    // Every configuration is in the blob, with its rank group; every trial's curves and points are
    // embedded (three configurations of three seeds fit the detail budget).
    assertEquals(List.of("steady 1 1 2", "lucky 2 1 2", "broken 3 3 3"), java.util.stream.StreamSupport.stream(data.get("configs").spliterator(), false)
        .map(c -> c.get(3).asText() + " " + c.get(0).asInt() + " " + c.get(1).asInt() + " " + c.get(2).asInt()).toList());
    assertEquals(9, data.get("trials").size());
    assertEquals(9, data.get("curves").size(), "curves of every drillable configuration");
    assertEquals(9, data.get("points").size(), "points of every seed");
    assertEquals(200, data.get("points").get("lucky-s1").get("n").asInt());
    assertEquals(16, data.get("modes").get("ring8").size(), "ring8's 8 mode centres");
    assertEquals("in the best group 1\u20132 (stable)", data.get("interest").get(0).get(1).asText(), "a tied first is not \"best\"");
    assertEquals("0.001", data.get("configs").get(0).get(4).get(0).asText(), "lr_g prints as 0.001, numbers in one style");
    // Self-contained: the libraries and the script are inline, nothing is fetched.
    assertTrue(!Pattern.compile("<script[^>]* src=|<link |<img[^>]* src=\"http|url\\(http", Pattern.CASE_INSENSITIVE).matcher(html).find(),
        "nothing fetched at view time");
    assertTrue(html.contains("vega-lite") && html.contains("gansweepReport"), "Vega-Lite and the page script inlined");
  }

  /**
   * Headless Chromium renders every chart of the page (canvas with drawn pixels), the ranking shows
   * rank groups, a click on a configuration opens its detail with its charts, and the console holds
   * no error (skipped where chromium is not installed, except on CI).
   */
  @Test
  void reportRendersInHeadlessChromium() throws Exception {
    Path report = out.resolve("analysis/sweep_id=" + SWEEP + "/report.html");
    try (HeadlessChromium browser = HtmlReportTest.browser()) {
      browser.open(report);
      int charts = HtmlReportTest.awaitRendered(browser);
      // parallel coordinates, 1 heatmap, labels, importance, budget; the first configuration's
      // detail: 3 scatters, D loss, G loss, quality.
      assertEquals(5 + 6, charts);
      assertEquals(List.of("1\u20132", "1\u20132", "3"), HtmlReportTest.texts(browser, "table.ranking tbody tr td:first-child"));
      assertEquals("steady", browser.eval("document.getElementById('detail-body').getAttribute('data-config')").asText());
      browser.click("table.ranking tr.config[data-config=\"broken\"]");
      HtmlReportTest.awaitDetail(browser, "broken", 3 + 3);
      assertTrue(browser.eval("document.querySelector('#detail-body h3').textContent").asText().startsWith("#3 broken (lr_g 1, penalty none)"));
      browser.click("table.ranking tr.config[data-config=\"lucky\"]");
      HtmlReportTest.awaitDetail(browser, "lucky", 3 + 3);
      assertEquals(List.of(), browser.errors(), "console errors");
      assertEquals(0, browser.eval("performance.getEntriesByType('resource').filter(function(e){return e.name.indexOf('data:')!==0;}).length").asInt(),
          "nothing fetched");
      byte[] png = browser.screenshot(4000);
      Files.write(Path.of("target/report-test.png"), png); // kept for a look: CI keeps target/
      assertTrue(png.length > 20_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "screenshot " + png.length + " bytes");
    }
  }

  /**
   * Markup in a spec's description and in a categorical value (and so in a config id's row, the
   * parallel coordinates and the heatmap) stays text: nothing runs, nothing is fetched, and the
   * page shows it literally.
   */
  @Test
  void userTextCannotRunScript(@TempDir Path dir) throws Exception {
    String sweep = "xss-00000000";
    String img = "<img src=x onerror=\"window.__xss='img';console.log('xss ran')\">";
    String script = "<script>window.__xss='script';console.log('xss ran')</script>";
    List<Row> trials = new ArrayList<>();
    List<Row> metrics = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      add(trials, metrics, "steady", s, 1e-3, img, "COMPLETED", 0.02, 8, false);
      add(trials, metrics, "lucky", s, 1e-3, script + "\u2028&amp;", "COMPLETED", 0.6, 2, true);
    }
    spark.createDataFrame(inSweep(trials, sweep), TRIALS).write().partitionBy("sweep_id").parquet(dir.resolve("trials").toString());
    spark.createDataFrame(inSweep(metrics, sweep), METRICS).write().partitionBy("sweep_id").parquet(dir.resolve("metrics").toString());
    Path record = dir.resolve("sweeps/" + sweep + "/spec.yaml");
    Files.createDirectories(record.getParent());
    Files.writeString(record, "sweep_id: " + sweep + "\ntrials: 4\nprovenance: {gansweep: '" + img.replace("'", "''") + "', java: 17}\n"
        + "resolved:\n  parameters:\n    init: {value: '" + script.replace("'", "''") + "'}\n"
        + "source: |\n  name: xss\n  description: '" + img.replace("'", "''") + " and " + script.replace("'", "''") + "'\n");
    SweepAnalysis a = SweepAnalysis.of(spark, dir.toString(), sweep, List.of("lr_g", "penalty", "init", "loss"));
    AnalysisOutput.write(spark, dir.toString(), a, List.of("partial sweep: 4 of 6 planned trials committed " + img));
    Path html = dir.resolve("analysis/sweep_id=" + sweep + "/report.html");
    String text = Files.readString(html);
    blob(text);
    assertTrue(!text.contains("<img src=x") && !text.contains("<script>window.__xss"), "no raw markup on the page");
    try (HeadlessChromium browser = HtmlReportTest.browser()) {
      browser.open(html);
      HtmlReportTest.awaitRendered(browser);
      browser.click("table.ranking tr.config[data-config=\"lucky\"]");
      HtmlReportTest.awaitDetail(browser, "lucky", 3);
      browser.eval("new Promise(function(r){setTimeout(r,300);})");
      assertEquals("undefined", browser.eval("typeof window.__xss").asText(), "user text ran as script");
      assertTrue(browser.console().stream().noneMatch(l -> l.contains("xss ran")), browser.console().toString());
      assertEquals(0, browser.eval("document.querySelectorAll('#app img, #app script, header img').length").asInt(), "no element from user text");
      String body = browser.eval("document.body.innerText").asText();
      assertTrue(body.contains(img + " and " + script), "the description shows literally");
      assertTrue(body.contains(img) && body.contains(script), "the categorical values show literally");
      assertTrue(browser.eval("document.querySelector('pre.spec').textContent").asText().contains("description: '<img src=x"), "spec text");
      assertEquals("partial sweep: 4 of 6 planned trials committed " + img, browser.eval("document.querySelector('header p.partial').textContent").asText(),
          "a partial sweep's note comes first, as text");
      assertEquals(List.of(), browser.errors(), "console errors");
    }
  }
}
