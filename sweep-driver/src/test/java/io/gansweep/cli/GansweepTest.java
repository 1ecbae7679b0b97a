package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.dispatch.SweepLease;
import io.gansweep.report.SweepReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GansweepTest {

  static final String QUICKSTART = "../examples/quickstart.yaml";

  record Result(int status, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Gansweep.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(status, out.toString(), err.toString());
  }

  @Test
  void validatePrintsTrialCountAndAxes() {
    Result r = run("validate", QUICKSTART);
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("trials      12 = 4 configurations x 3 seeds"), r.out());
    assertTrue(r.out().contains("swept axes  loss [nsgan, minimax]; lr_g [1e-4, 0.01]"), r.out());
  }

  @Test
  void invalidSpecExitsTwoWritesNothingAndListsEveryProblem(@TempDir Path dir) {
    Result r = run("validate", "src/test/resources/specs/invalid/ManyProblems.yaml");
    assertEquals(2, r.status());
    assertEquals("", r.out());
    assertTrue(r.err().contains("parameters.lr_g.min (line 6)"), r.err());
    assertTrue(r.err().contains("resources.cpus_per_trial (line 9)"), r.err());
    assertEquals(2, run("plan", "src/test/resources/specs/invalid/YamlSyntaxError.yaml").status());
  }

  @Test
  void planPrintsOneLinePerTrial() {
    Result r = run("plan", QUICKSTART);
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(2 + 12, lines.size(), r.out());
    assertTrue(lines.get(1).matches("index\\s+trial_id\\s+loss\\s+lr_g\\s+seed"), lines.get(1));
    assertTrue(lines.get(2).matches("0\\s+[0-9a-f]{16}-s0\\s+nsgan\\s+1e-4\\s+0"), lines.get(2));
  }

  /** A tpe plan lists its random start and says the rest follow from results (tpe.yaml: 2 of 4 configurations x 2 seeds). */
  @Test
  void planOfTpeListsTheRandomStart() {
    Result r = run("plan", "src/test/resources/specs/valid/tpe.yaml");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("# tpe: these are the sampler's start; the other 2 configurations are asked in waves from their results"),
        r.out());
    assertEquals(3 + 4, r.out().lines().count(), r.out());
  }

  @Test
  void trialRunsOneTrialAndWritesItsTables(@TempDir Path dir) throws Exception {
    String out = dir.resolve("out").toString();
    Result r = run("trial", "src/test/resources/specs/valid/tiny.yaml", "--index", "1", "--out", out);
    assertEquals(0, r.status(), r.err() + r.out());
    assertTrue(r.out().contains("status      COMPLETED after 20 of 20 steps"), r.out());
    assertTrue(r.out().contains("loss=hinge seed=0"), r.out());
    String id = r.out().lines().findFirst().orElseThrow().replaceAll(".*: ", "");
    String sweep = r.out().lines().findFirst().orElseThrow().replaceAll(".* of (.*): .*", "$1");
    assertTrue(Files.exists(dir.resolve("out/trials/sweep_id=" + sweep + "/" + id + ".parquet")), r.out());
    assertTrue(Files.exists(dir.resolve("out/metrics/sweep_id=" + sweep + "/" + id + ".parquet")), r.out());
    Result outOfRange = run("trial", "src/test/resources/specs/valid/tiny.yaml", "--index", "2", "--out", out);
    assertEquals(2, outOfRange.status());
    assertTrue(outOfRange.err().contains("Cannot run trial: index out of range (got 2; allowed 0 to 1)"), outOfRange.err());
  }

  /**
   * An image sweep end to end: the trials row carries the Fréchet distance and the feature
   * network's checksum, a sample grid per evaluation lies beside the rows, and the report shows the
   * grids of the best and worst configurations. A missing IDX file is an input error before
   * Spark starts, with nothing written.
   */
  @Test
  void imageSweepWritesFrechetDistancesAndSampleGrids(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Result r = run("run", "src/test/resources/specs/valid/tiny-shapes.yaml", "--out", out.toString(), "--master", "local[2]",
        "--conf", "spark.ui.showConsoleProgress=false");
    assertEquals(0, r.status(), r.err() + r.out());
    assertTrue(r.out().contains("images shapes: 12000 of 28x28, 10 classes; feature network "), r.out());
    // The network every executor loaded is pinned in the output directory, its checksum inside.
    try (var pinned = Files.list(out.resolve("feature-nets"))) {
      List<Path> files = pinned.toList();
      assertEquals(1, files.size(), files.toString());
      String header = new String(Files.readAllBytes(files.get(0)), 0, 24 + 64, java.nio.charset.StandardCharsets.US_ASCII);
      assertTrue(header.startsWith("gansweep-feature-net-v2\n"), header);
      assertTrue(r.out().contains("feature network " + header.substring(24, 40)), r.out());
    }
    Path samples = Files.list(out.resolve("samples")).findFirst().orElseThrow();
    try (var trials = Files.list(samples)) {
      for (Path t : trials.toList()) {
        try (var grids = Files.list(t)) {
          assertEquals(List.of("step-00000000.png", "step-00000003.png", "step-00000006.png"),
              grids.map(g -> g.getFileName().toString()).sorted().toList(), t.toString());
        }
      }
    }
    Path report = Files.list(out.resolve("analysis")).findFirst().orElseThrow().resolve("report.html");
    var grids = new com.fasterxml.jackson.databind.ObjectMapper().readTree(io.gansweep.analysis.HtmlReport.blobOf(Files.readString(report))).get("grids");
    assertEquals(2, grids.size(), "grids of both configurations: " + grids.fieldNames());
    String ranking = Files.readString(report.resolveSibling("ranking.csv"));
    assertTrue(ranking.lines().skip(1).allMatch(l -> !l.contains("Infinity")), ranking);
    Result analyzed = run("analyze", out.toString());
    assertEquals(0, analyzed.status(), analyzed.err());
    assertTrue(analyzed.out().contains("stability ranking of tiny-shapes-"), analyzed.out());
    Result compared = run("compare", out.toString(), out.toString());
    assertEquals(0, compared.status(), compared.err());
    assertTrue(compared.out().contains("2 configurations in both"), compared.out());

    String spec = Files.readString(Path.of("src/test/resources/specs/valid/tiny-shapes.yaml"))
        .replace("{value: shapes}", "{value: \"idx:" + dir.resolve("none/train-images-idx3-ubyte.gz") + "\"}");
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, spec);
    Result missing = run("run", bad.toString(), "--out", dir.resolve("bad-out").toString());
    assertEquals(2, missing.status(), missing.out());
    assertTrue(missing.err().contains("Cannot use dataset idx:") && missing.err().contains("no such file"), missing.err());
    assertTrue(!Files.exists(dir.resolve("bad-out")), "nothing written");
  }

  /** validate, plan and trial on an image spec (run, analyze and compare: the image sweep test above). */
  @Test
  void validatePlanAndTrialOnAnImageSpec(@TempDir Path dir) {
    String spec = "src/test/resources/specs/valid/tiny-shapes.yaml";
    Result v = run("validate", spec);
    assertEquals(0, v.status(), v.err());
    assertTrue(v.out().contains("trials      2 = 2 configurations x 1 seeds"), v.out());
    Result p = run("plan", spec);
    assertEquals(0, p.status(), p.err());
    assertEquals(2 + 2, p.out().lines().count(), p.out());
    // Before: the summary looked up "shapes" as a 2-D mixture and died with IllegalArgumentException.
    Result t = run("trial", spec, "--index", "0", "--out", dir.resolve("out").toString());
    assertEquals(0, t.status(), t.err() + t.out());
    assertTrue(t.out().contains("status      COMPLETED after 6 of 6 steps"), t.out());
    assertTrue(Files.isDirectory(dir.resolve("out/feature-nets")), "trial pins the network under --out as run does");
    assertTrue(t.out().matches("(?s).*final       \\d+/10 classes covered, precision [0-9.e+-]+, recall [0-9.e+-]+, rkl [0-9.e+-]+, fd [0-9.e+-]+, d_loss .*"), t.out());
  }

  /** An empty directory, one without a sweep, or none at all: one line, exit 2, no Spark session. */
  @Test
  void analyzeWithoutASweepIsOneLineAndExitTwoWithoutSpark(@TempDir Path dir) throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path noSweep = Files.createDirectories(dir.resolve("no-sweep/trials/sweep_id=x"));
    Files.writeString(noSweep.resolve(".t-s0.parquet.1234.tmp"), "left by a killed attempt");
    int sessions = SweepReport.sessionsStarted();
    for (Path d : List.of(empty, dir.resolve("no-sweep"), dir.resolve("missing"))) {
      Result r = run("analyze", d.toString());
      assertEquals(2, r.status(), r.err());
      assertEquals("", r.out());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("Cannot analyze " + d + ": ") && r.err().contains("allowed a directory written by 'gansweep run'"),
          r.err());
    }
    assertEquals(sessions, SweepReport.sessionsStarted(), "no Spark session started");
  }

  /**
   * A directory whose path has glob characters (Spark's readers would expand {@code local[2]} and
   * not find the tables just written) is refused before Spark starts, by run, trial and analyze:
   * exit 2, one line naming the characters, nothing created.
   */
  @Test
  void outputPathsWithGlobCharactersExitTwoBeforeSpark(@TempDir Path dir) throws Exception {
    for (String name : List.of("local[2]", "run*", "a{b,c}")) {
      Path out = dir.resolve(name);
      Result r = run("run", "src/test/resources/specs/valid/tiny.yaml", "--out", out.toString(), "--master", "no-such-master");
      assertEquals(2, r.status(), r.err() + r.out());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("Cannot use --out: its path has glob characters "), r.err());
      assertTrue(r.err().contains("(got " + out + "; allowed a path without any of * ? [ ] { } \\)"), r.err());
      assertEquals(2, run("trial", "src/test/resources/specs/valid/tiny.yaml", "--index", "0", "--out", out.toString()).status());
      Result a = run("analyze", out.toString());
      assertEquals(2, a.status(), a.err());
      assertTrue(a.err().startsWith("Cannot analyze " + out + ": its path has glob characters "), a.err());
      Result c = run("compare", out.toString(), dir.toString());
      assertEquals(2, c.status(), c.err());
      assertTrue(c.err().startsWith("Cannot compare " + out + ": its path has glob characters "), c.err());
    }
    assertEquals("[]", OutputDir.globCharacters(dir.resolve("local[2]/x[1]").toString()));
    try (var left = Files.list(dir)) {
      assertEquals(List.of(), left.toList(), "nothing created");
    }
  }

  /** --out naming a regular file (or below one) is refused before Spark starts: exit 2, nothing written. */
  @Test
  void runIntoARegularFileExitsTwoBeforeSparkAndWritesNothing(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("results.txt"), "not a directory");
    for (Path out : List.of(file, file.resolve("below"))) {
      // A master Spark could not start proves the check comes first: starting Spark would fail with exit 1.
      Result r = run("run", "src/test/resources/specs/valid/tiny.yaml", "--out", out.toString(), "--master", "no-such-master");
      assertEquals(2, r.status(), r.err() + r.out());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("Cannot use --out: not a directory (got " + out), r.err());
      Result t = run("trial", "src/test/resources/specs/valid/tiny.yaml", "--index", "0", "--out", out.toString());
      assertEquals(2, t.status(), t.err() + t.out());
    }
    assertEquals("not a directory", Files.readString(file));
    try (var left = Files.list(dir)) {
      assertEquals(List.of(file), left.toList(), "nothing written beside it");
    }
  }

  /**
   * Sweeps with no configuration in common: before, exit 0 with every count 0 (a nightly
   * --fail-on-regression passed silently), then exit 2 (which the nightly took for a first night);
   * now exit 3, nothing comparable, saying why, unless --allow-disjoint (CompareCommandTest: the
   * summary and the notification).
   */
  @Test
  void compareOfSweepsWithNothingInCommonIsRefusedUnlessAllowed(@TempDir Path dir) {
    String spec = "src/test/resources/specs/valid/tiny.yaml"; // index 0 and 1 differ in loss: two configurations
    assertEquals(0, run("trial", spec, "--index", "0", "--out", dir.resolve("a").toString()).status());
    assertEquals(0, run("trial", spec, "--index", "1", "--out", dir.resolve("b").toString()).status());
    Result r = run("compare", dir.resolve("a").toString(), dir.resolve("b").toString(), "--fail-on-regression");
    assertEquals(3, r.status(), r.err() + r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains(": no configuration in common (got 1 configurations only in A, 1 only in B, 0 in both;"), r.err());
    assertTrue(r.err().contains("--allow-disjoint"), r.err());
    Result allowed = run("compare", dir.resolve("a").toString(), dir.resolve("b").toString(), "--allow-disjoint");
    assertEquals(0, allowed.status(), allowed.err());
    assertTrue(allowed.out().contains("0 configurations in both, 1 only before, 1 only after"), allowed.out());
  }

  /**
   * Exit 2 is for invalid input only: a failure at run time (here a trials file that is not
   * Parquet, though it ends as one, so that the quarantine's quick check lets it through to
   * Spark's reader) exits 1 with one line, not a stack trace (before: exit 2 and the whole trace).
   */
  @Test
  void aFailureAtRunTimeExitsOneWithOneLine(@TempDir Path dir) throws Exception {
    Path partition = Files.createDirectories(dir.resolve("out/trials/sweep_id=broken-00000000"));
    Files.writeString(partition.resolve("0123456789abcdef-s0.parquet"), "not parquet, though it ends as one: PAR1");
    Result r = run("analyze", dir.resolve("out").toString());
    assertEquals(1, r.status(), r.err() + r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("Cannot analyze: failed at run time: "), r.err());
    assertEquals(2, run("run", QUICKSTART, "--no-such-flag").status(), "a bad flag is invalid input");
  }

  static String sweepId(String spec) {
    return run("validate", spec).out().lines().filter(l -> l.startsWith("  sweep id")).findFirst().orElseThrow()
        .replaceAll(".* ", "");
  }

  /** A second run of a sweep into one --out while a live run holds its lease: one line, exit 1, nothing started. */
  @Test
  void aSecondRunIsRefusedWhileALiveRunHoldsTheLease(@TempDir Path dir) throws Exception {
    String spec = "src/test/resources/specs/valid/tiny.yaml";
    String id = sweepId(spec);
    try (SweepLease live = SweepLease.acquire(dir.toString(), id)) {
      // A Spark that could not start (more cpus per task than local threads) proves the refusal comes first.
      Result r = run("run", spec, "--out", dir.toString(), "--master", "local[2]", "--conf", "spark.task.cpus=3");
      assertEquals(1, r.status(), r.err() + r.out());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("Cannot run sweep " + id + ": another run holds its lease in " + dir + " (got owner " + live.owner()),
          r.err());
      assertTrue(!Files.exists(dir.resolve("trials")), "nothing written");
    }
  }

  /** Two runs of one spec train identically, so compare must find every configuration unchanged. */
  @Test
  void analyzeAndCompareTwoRunsOfOneSpec(@TempDir Path dir) throws Exception {
    String spec = "src/test/resources/specs/valid/tiny.yaml";
    // Dir a looks like a crashed run's: a stale lease and a killed attempt's temporary file.
    String id = sweepId(spec);
    Path lease = Files.createDirectories(dir.resolve("a/sweeps/" + id)).resolve("lease");
    Instant old = Instant.now().minus(SweepLease.STALE_AFTER).minusSeconds(1);
    Files.writeString(lease, "owner: crashed/1\ntoken: t\nstarted_at: " + old + "\nheartbeat_at: " + old + "\n");
    Path leftover = Files.createDirectories(dir.resolve("a/metrics/sweep_id=" + id)).resolve(".x-s0.parquet.0a1b.tmp");
    Files.writeString(leftover, "partial");
    for (String d : List.of("a", "b")) {
      Result r = run("run", spec, "--out", dir.resolve(d).toString(), "--master", "local[2]", "--conf", "spark.ui.showConsoleProgress=false");
      assertEquals(0, r.status(), r.err());
      assertTrue(r.out().contains("stability ranking of tiny-"), r.out());
    }
    assertTrue(!Files.exists(leftover), "a killed attempt's temporary file is removed when a run starts");
    assertTrue(!Files.exists(lease), "the taken-over lease is released at the end");
    Result again = run("analyze", dir.resolve("a").toString());
    assertEquals(0, again.status(), again.err());
    assertTrue(Files.exists(dir.resolve("a/analysis").toFile().listFiles()[0].toPath().resolve("report.html")));
    Result c = run("compare", dir.resolve("a").toString(), dir.resolve("b").toString(), "--fail-on-regression");
    assertEquals(0, c.status(), c.err());
    assertTrue(c.out().contains("2 configurations in both"), c.out());
    assertTrue(c.out().contains("unchanged    2"), c.out());
    assertEquals(2, run("compare", dir.resolve("a").toString(), "no-such-sweep").status());
    assertEquals(2, run("analyze", dir.resolve("missing").toString()).status());
  }

  /** Structure only: performance figures come from the command itself, never from a test. */
  @Test
  void everySubcommandHasHelp() {
    // bench's help: sweep-driver/bench's BenchPluginTest (the bench is not on this module's class path).
    for (String cmd : List.of("validate", "plan", "trial", "run", "analyze", "status", "compact", "compare")) {
      Result r = run(cmd, "--help");
      assertEquals(0, r.status());
      assertTrue(r.out().startsWith("Usage: gansweep " + cmd), r.out());
      // Description lines fit in 80 columns, so picocli never re-wraps them inside a file name.
      assertFalse(r.out().matches("(?s).*[a-z_]\\.\\R\\s*(parquet|csv|html|yaml|json)\\b.*"), r.out());
    }
    assertTrue(run("--help").out().contains("validate"));
    // The command list shows each command's first description line: a whole sentence, never cut mid-way.
    String help = run("--help").out();
    List<String> entries = new java.util.ArrayList<>();
    for (String line : help.substring(help.indexOf("Commands:")).lines().skip(1).toList()) {
      if (line.matches("  [a-z]+\\s{2,}\\S.*")) {
        entries.add(line.strip());
      } else if (!entries.isEmpty() && line.startsWith("     ")) { // picocli wraps a long summary onto the next lines
        entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
      }
    }
    assertEquals(9, entries.size(), help);
    for (String entry : entries) {
      assertTrue(entry.endsWith("."), "summary cut mid-sentence: " + entry);
    }
    assertEquals(2, run("no-such-command").status());
  }

  /** Ids and order come from the spec alone: a second JVM plans exactly what this one does. */
  @Test
  void planIsIdenticalInASecondJvm(@TempDir Path dir) throws Exception {
    String spec = "src/test/resources/specs/valid/random-mixed.yaml";
    String here = run("plan", spec).out();
    Path out = dir.resolve("plan.txt");
    Process p = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            Gansweep.class.getName(), "plan", spec)
        .redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "second JVM timed out");
    assertEquals(0, p.exitValue());
    String there = Files.readString(out, StandardCharsets.UTF_8);
    assertTrue(here.lines().count() > 30, here);
    assertEquals(here, there);
  }
}
