package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gansweep status} on a real sweep running in a child JVM: while it runs it reports a
 * partial state (a live lease, fewer committed than planned trials, labels so far, an ETA), the
 * run is not disturbed (it ends with exit 0 and every trial), and afterwards it reports the sweep
 * complete.
 */
class StatusCommandTest {

  record Result(int status, String out, String err) {}

  static Result status(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "status";
    System.arraycopy(args, 0, all, 1, args.length);
    int s = Gansweep.run(new PrintWriter(out), new PrintWriter(err), all);
    return new Result(s, out.toString(), err.toString());
  }

  /** The counts of "labels so far: stable 3, d_collapse 1" added up. */
  static int labelled(String out) {
    Matcher line = Pattern.compile("labels so far: (.*)").matcher(out);
    assertTrue(line.find(), out);
    Matcher n = Pattern.compile("[a-z_]+ (\\d+)").matcher(line.group(1));
    int sum = 0;
    while (n.find()) {
      sum += Integer.parseInt(n.group(1));
    }
    return sum;
  }

  /** The report a running sweep rewrites ({@code --report-every 2}), empty before the first. */
  static String report(Path out) throws java.io.IOException {
    Path html = out.resolve("analysis/sweep_id=" + GansweepTest.sweepId(KillResumeTest.SPEC)).resolve("report.html");
    return Files.exists(html) ? Files.readString(html) : "";
  }

  /**
   * One real run serves both live views (each costs a sweep): status while it runs and after, and
   * the report it rewrites while it runs (partial, fewer trials than planned), then the final one.
   */
  @Test
  void reportsARunningSweepAsPartialAndTheEndedOneAsComplete(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Path log = dir.resolve("run.log");
    Process p = new ProcessBuilder(KillResumeTest.gansweep("run", KillResumeTest.SPEC, "--out", out.toString(), "--master", "local[2]",
        "--report-every", "2")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while ((KillResumeTest.committed(out).size() < 2 || !report(out).contains("id=\"gansweep-partial\"")) && p.isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    String partial = report(out);
    assertTrue(p.isAlive(), "the sweep ended before its partial report could be read:\n" + Files.readString(log));
    Matcher shown = Pattern.compile("partial: (\\d+) of 12 planned trials committed").matcher(partial);
    assertTrue(shown.find(), "the report of a running sweep says it is partial");
    int inReport = Integer.parseInt(shown.group(1));
    assertTrue(inReport >= 2 && inReport < 12, "fewer trials than planned: " + inReport);
    assertTrue(partial.contains("</html>"), "a whole page, never half-written");
    assertTrue(p.isAlive(), "the sweep ended before status could look at it:\n" + Files.readString(log));
    Result mid = status(out.toString());
    assertEquals(0, mid.status(), mid.err());
    assertTrue(mid.out().contains("running (lease held by "), mid.out());
    Matcher progress = Pattern.compile("progress: partial: (\\d+) of 12 planned trials committed").matcher(mid.out());
    assertTrue(progress.find(), mid.out());
    int k = Integer.parseInt(progress.group(1));
    assertTrue(k >= 2 && k < 12, mid.out());
    assertEquals(k, labelled(mid.out()), "every committed trial has its label: " + mid.out());
    assertTrue(mid.out().contains("ETA: "), mid.out());
    assertTrue(mid.out().contains("executors: "), mid.out());

    assertTrue(p.waitFor(600, TimeUnit.SECONDS), "the run did not end");
    assertEquals(0, p.exitValue(), "status must not disturb the run:\n" + Files.readString(log));
    assertTrue(Files.readString(log).contains("ran 12, skipped 0"), Files.readString(log));
    Result end = status(out.toString());
    assertEquals(0, end.status(), end.err());
    assertTrue(end.out().contains(": not running"), end.out());
    assertTrue(end.out().contains("progress: complete: 12 of 12 planned trials committed"), end.out());
    assertEquals(12, labelled(end.out()), end.out());
    assertTrue(!end.out().contains("ETA"), "no ETA for a complete sweep: " + end.out());
    String last = report(out);
    assertTrue(last.contains("</html>") && !last.contains("gansweep-partial"), "the final report is not marked partial");
    assertTrue(Files.readString(log).contains("report: ") && Files.readString(log).contains("(partial, rewritten every 2 committed trials"),
        Files.readString(log));
  }

  /** A sweep of two long trials ({@code steps} 6,000, an evaluation every 250), each committing its progress after each evaluation. */
  static final String LONG = "src/test/resources/specs/valid/long-trial.yaml";

  /** The progress files of a sweep's trials (one per trial while it trains), by trial id. */
  static Set<String> progressFiles(Path out) throws java.io.IOException {
    Path dir = out.resolve("progress");
    if (!Files.exists(dir)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{16}-s\\d+\\.parquet"))
          .map(n -> n.substring(0, n.length() - ".parquet".length())).collect(Collectors.toCollection(TreeSet::new));
    } catch (java.io.UncheckedIOException e) { // a file replaced or deleted while we walked: poll again
      return Set.of();
    }
  }

  /**
   * The rows of the metrics of a running sweep as a second reader takes them (DuckDB): the metrics
   * rows, plus the progress rows of trials that have none in metrics (read once, as a CTE), as
   * docs/guide/output-layout.md writes it; {@code trial_id, step, distance} of each row.
   */
  static List<String> duckRows(Path out) throws java.sql.SQLException, java.io.IOException {
    String metrics = "read_parquet('" + out + "/metrics/*/*.parquet', hive_partitioning = 1)";
    String progress = "read_parquet('" + out + "/progress/*/*.parquet', hive_partitioning = 1)";
    boolean anyMetrics = out.resolve("metrics").toFile().exists();
    String sql = !anyMetrics ? "SELECT trial_id, step, distance FROM " + progress
        : progressFiles(out).isEmpty() ? "SELECT trial_id, step, distance FROM " + metrics // no trial running: metrics alone
        : "WITH p AS MATERIALIZED (SELECT trial_id, step, distance FROM " + progress + "), m AS MATERIALIZED (SELECT trial_id, step,"
            + " distance FROM " + metrics + ") SELECT * FROM m UNION ALL SELECT * FROM p WHERE trial_id NOT IN (SELECT trial_id FROM m)";
    List<String> rows = new ArrayList<>();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getInt(2) + " " + rs.getObject(3));
      }
    }
    return rows;
  }

  /**
   * A long trial's quality is readable while it trains: its progress rows (parquet-hadoop through
   * the reader status uses, and DuckDB) hold its evaluations so far, each row once, before its
   * trials row exists; {@code status} shows its latest evaluation. After the run, no progress file
   * is left and every metrics row is there once (two trials x 121 logged rounds), in both readers.
   */
  @Test
  void showsALongTrialsQualityBeforeItEndsAndEveryRowOnceAfter(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Path log = dir.resolve("run.log");
    String id = GansweepTest.sweepId(LONG);
    Process p = new ProcessBuilder(KillResumeTest.gansweep("run", LONG, "--out", out.toString(), "--master", "local[2]"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
      String running = null;
      while (running == null && p.isAlive() && System.nanoTime() < deadline) {
        Set<String> committed = KillResumeTest.committed(out).keySet();
        running = progressFiles(out).stream().filter(t -> !committed.contains(t + ".parquet")).findFirst().orElse(null);
        Thread.sleep(50);
      }
      assertTrue(running != null, "no trial committed its progress while it trained:\n" + Files.readString(log));
      io.gansweep.io.TrialStore store = new io.gansweep.io.TrialStore(out.toString());
      String trial = running;
      List<java.util.Map<String, Object>> rows = store.rows(io.gansweep.io.OutputLayout.PROGRESS, id, null).stream()
          .filter(r -> trial.equals(r.get("trial_id"))).toList();
      List<String> duck = duckRows(out).stream().filter(r -> r.startsWith(trial + " ")).toList();
      assertTrue(!store.hasOwnRow(id, trial), "read before the trial's trials row exists");
      Set<Object> steps = rows.stream().map(r -> r.get("step")).collect(Collectors.toSet());
      assertEquals(rows.size(), steps.size(), "each row once: " + rows);
      assertEquals(duck.size(), new TreeSet<>(duck).size(), "DuckDB: each row once: " + duck);
      assertTrue(duck.size() >= rows.size(), "DuckDB reads at least what was there a moment before: " + duck.size() + " < " + rows.size());
      int evaluated = (int) rows.stream().filter(r -> r.get("distance") != null && ((Number) r.get("step")).intValue() > 0).count();
      assertTrue(evaluated >= 1, "its quality after an evaluation: " + rows);
      assertTrue(duck.stream().anyMatch(r -> !r.endsWith(" null") && !r.startsWith(trial + " 0 ")), "DuckDB sees its quality: " + duck);
      int last = rows.stream().mapToInt(r -> ((Number) r.get("step")).intValue()).max().orElseThrow();
      assertTrue(last < 6000, "before its last round: " + last);
      Result mid = status(out.toString());
      assertEquals(0, mid.status(), mid.err());
      assertTrue(p.isAlive(), "the sweep ended before status could look at it:\n" + Files.readString(log));
      assertTrue(mid.out().matches("(?s).*before their end: [12] trials, latest evaluation: .*" + trial + " at step \\d+ \\(distance .*"),
          mid.out());

      assertTrue(p.waitFor(600, TimeUnit.SECONDS), "the run did not end");
      assertEquals(0, p.exitValue(), Files.readString(log));
      assertEquals(Set.of(), progressFiles(out), "the commits deleted every progress file");
      List<String> after = duckRows(out);
      assertEquals(2 * 121, after.size(), "every row once (2 trials x 6,000 / 50 + 1 rows): " + after.size());
      assertEquals(after.size(), new TreeSet<>(after).size());
      List<java.util.Map<String, Object>> metrics = io.gansweep.analysis.TableRows.withProgress(
          store.rows(io.gansweep.io.OutputLayout.METRICS, id, null), store.rows(io.gansweep.io.OutputLayout.PROGRESS, id, null));
      assertEquals(2 * 121, metrics.stream().map(r -> r.get("trial_id") + " " + r.get("step")).distinct().count());
      assertEquals(2 * 121, metrics.size());
      Result end = status(out.toString());
      assertTrue(!end.out().contains("before their end"), end.out());
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aDirectoryWithoutASweepIsOneLineAndExit2(@TempDir Path dir) {
    Result r = status(dir.toString());
    assertEquals(2, r.status());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("Cannot report the status of " + dir + ": it holds no sweep"), r.err());
    assertTrue(r.out().isEmpty(), r.out());
    Result missing = status(dir.resolve("nope").toString());
    assertEquals(2, missing.status());
    assertTrue(missing.err().contains("no such directory"), missing.err());
  }
}
