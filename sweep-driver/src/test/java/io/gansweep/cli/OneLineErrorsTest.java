package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure is one "Cannot …" line on the real stderr of a real {@code gansweep} process (at most
 * a one-line hint after it), never Spark's logs or a page of usage: exit 1 at run time, 2 for
 * invalid input. Each case runs the CLI in its own JVM, as bin/gansweep does, because Spark logs
 * through log4j to the process's stderr, which an in-process run does not see.
 */
class OneLineErrorsTest {

  static final String TINY = "src/test/resources/specs/valid/tiny.yaml";

  record Child(int status, String out, String err) {}

  /** {@code gansweep args…} in its own JVM; stdout and stderr read back apart. */
  static Child gansweep(Path dir, String... args) throws IOException, InterruptedException {
    Path out = dir.resolve("child.out");
    Path err = dir.resolve("child.err");
    Process p = new ProcessBuilder(KillResumeTest.gansweep(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(240, TimeUnit.SECONDS), "gansweep timed out: " + List.of(args));
    return new Child(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  static final Pattern DETAILS = Pattern.compile("; details in (\\S+)\\)$");

  /** The log file a failure line names; it exists and is deleted here after {@code check}. */
  static String loggedDetails(String line) throws IOException {
    Matcher m = DETAILS.matcher(line.strip());
    assertTrue(m.find(), "the line names the log file: " + line);
    Path log = Path.of(m.group(1));
    assertTrue(Files.isRegularFile(log), "log file " + log);
    String text = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    return text;
  }

  /** Before: picocli's message and 11 to 24 lines of usage, and no "Cannot" line. */
  @Test
  void badArgumentsAreOneCannotLineAndAHint(@TempDir Path dir) throws Exception {
    String out = dir.resolve("out").toString();
    Child index = gansweep(dir, "trial", TINY, "--index", "abc", "--out", out);
    assertEquals(2, index.status(), index.err());
    assertEquals(List.of("Cannot use --index: 'abc' is not an int (got abc; allowed --index=N, an integer, once)",
        "see 'gansweep trial --help'"), index.err().lines().toList());

    Child flag = gansweep(dir, "run", TINY, "--out", out, "--no-such-flag");
    assertEquals(2, flag.status(), flag.err());
    assertEquals(2, flag.err().lines().count(), flag.err());
    assertTrue(flag.err().startsWith("Cannot start gansweep run: unknown option (got --no-such-flag; allowed --out, --master,"),
        flag.err());

    Child missing = gansweep(dir, "run", TINY);
    assertEquals(2, missing.status(), missing.err());
    assertEquals(List.of("Cannot start gansweep run: missing --out (got none; allowed --out=DIR)", "see 'gansweep run --help'"),
        missing.err().lines().toList());

    Child command = gansweep(dir, "anlyze", out);
    assertEquals(2, command.status(), command.err());
    assertTrue(command.err().startsWith("Cannot start gansweep: unknown command (got anlyze "), command.err());
    assertEquals("", index.out() + flag.out() + missing.out() + command.out());
    assertTrue(!Files.exists(dir.resolve("out")), "nothing written");
  }

  /**
   * A run-time failure of analyze (a trials file that is not Parquet): before, 106 lines of
   * executor errors and traces above the "Cannot" line; now that line alone, naming the log file
   * that holds the traces.
   */
  @Test
  void analyzeFailureAtRunTimeIsOneLineNamingTheLog(@TempDir Path dir) throws Exception {
    Path partition = Files.createDirectories(dir.resolve("out/trials/sweep_id=broken-00000000"));
    // Ends as Parquet does (PAR1), so the listing's quick check lets it through and the reader (parquet-hadoop for a
    // small sweep, Spark's for a large one) fails on it.
    Files.writeString(partition.resolve("0123456789abcdef-s0.parquet"), "not parquet, though it ends as one: PAR1");
    Child r = gansweep(dir, "analyze", dir.resolve("out").toString());
    assertEquals(1, r.status(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("Cannot analyze: failed at run time: "), r.err());
    String log = loggedDetails(r.err());
    assertTrue(log.contains("ERROR Gansweep: Cannot analyze: failed at run time") && log.contains("\tat "),
        "the traces are in the log:\n" + log);
  }

  /**
   * A committed file that is plainly not Parquet is quarantined (as run does) before Spark reads
   * it; with nothing readable left, analyze says so in one line, exit 2, as for a DIR without a sweep.
   */
  @Test
  void analyzeOfOnlyUnreadableFilesQuarantinesThemAndSaysNothingIsLeft(@TempDir Path dir) throws Exception {
    Path partition = Files.createDirectories(dir.resolve("out/trials/sweep_id=broken-00000000"));
    Files.writeString(partition.resolve("0123456789abcdef-s0.parquet"), "not parquet");
    Child r = gansweep(dir, "analyze", dir.resolve("out").toString());
    assertEquals(2, r.status(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("Cannot analyze " + dir.resolve("out") + ": no committed trial of sweep broken-00000000 is readable"),
        r.err());
    assertTrue(r.out().startsWith("quarantined 1 unreadable files to "), r.out());
    assertTrue(Files.notExists(partition.resolve("0123456789abcdef-s0.parquet")));
  }

  /**
   * Disk full while a sweep commits its trials, on a real 16 KiB tmpfs (skipped where this user
   * cannot mount one): before, about 400 lines of executor traces and the whole job failure;
   * now one "Cannot finish sweep" line naming the log, exit 1.
   */
  @Test
  void diskFullDuringRunIsOneLine(@TempDir Path dir) throws Exception {
    Path mount = Files.createDirectories(dir.resolve("small"));
    Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", mount.toString()).redirectErrorStream(true).start();
    assumeTrue(m.waitFor(30, TimeUnit.SECONDS) && m.exitValue() == 0, "cannot mount a tmpfs here");
    try {
      Child r = gansweep(dir, "run", TINY, "--out", mount.resolve("out").toString(), "--master", "local[2]", "--conf",
          "spark.ui.showConsoleProgress=false");
      assertEquals(1, r.status(), r.err());
      // The lease's heartbeat may also say it could not be written (the disk is full): that line is the lease's own.
      List<String> lines = r.err().lines().filter(l -> !l.startsWith("gansweep: could not refresh the lease ")).toList();
      assertEquals(1, lines.size(), r.err());
      assertTrue(lines.get(0).startsWith("Cannot finish sweep: Spark stopped it: No space left on device (got "), r.err());
      assertTrue(lines.get(0).contains("run the same command again to resume"), r.err());
      assertTrue(loggedDetails(lines.get(0)).contains("No space left on device"));
    } finally {
      new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * A master Spark cannot parse or a serializer class that is not there: before, exit 1, 22 to 33
   * lines of "Error initializing SparkContext" and OUT/sweeps/<id>/ left behind; now invalid
   * input, found before anything is written: one line, exit 2, no OUT.
   */
  @Test
  void badMasterOrSerializerExitsTwoAndWritesNothing(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Child master = gansweep(dir, "run", TINY, "--out", out.toString(), "--master", "no-such-master");
    assertEquals(2, master.status(), master.err());
    assertEquals(1, master.err().lines().count(), master.err());
    assertTrue(master.err().startsWith("Cannot use --master: not a Spark master URL (got no-such-master; allowed local, local[N],"),
        master.err());
    Child serializer = gansweep(dir, "run", TINY, "--out", out.toString(), "--master", "local[2]", "--conf", "spark.serializer=no.Such");
    assertEquals(2, serializer.status(), serializer.err());
    assertEquals(List.of("Cannot use --conf spark.serializer: no such class (got no.Such; allowed a class of type"
        + " org.apache.spark.serializer.Serializer on the class path, e.g. org.apache.spark.serializer.KryoSerializer (gansweep's"
        + " default))"), serializer.err().lines().toList());
    assertTrue(!Files.exists(out), "nothing written");
  }

  /** The master forms Spark takes pass the check; near misses do not. */
  @Test
  void masterCheckFollowsSpark() {
    for (String ok : List.of("local", "local[1]", "local[*]", "local[4, 2]", "local-cluster[2,1,1024]", "spark://host:7077",
        "spark://a:7077,b:7077")) {
      assertEquals(java.util.Optional.empty(), SparkSettings.badMaster(ok), ok);
    }
    for (String bad : List.of("no-such-master", "local[0]", "local[x]", "locale", "spark://host", "yarn", "local [2]")) {
      assertTrue(SparkSettings.badMaster(bad).isPresent(), bad); // yarn: no cluster manager for it on this class path
    }
  }

  /**
   * A master and settings that pass every check, but Spark still cannot start (more cpus per task
   * than local threads): before, 22 lines and OUT/sweeps/<id>/ left behind; now one line naming
   * the log, exit 1, and no folder the run made is left (one that was there stays).
   */
  @Test
  void sparkThatCannotStartIsOneLineAndLeavesNothing(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("new/out");
    Child r = gansweep(dir, "run", TINY, "--out", out.toString(), "--master", "local[2]", "--conf", "spark.task.cpus=3");
    assertEquals(1, r.status(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("Cannot start Spark: The number of cores per executor (=2) has to be >= the number of cpus per task = 3."
        + " (got master local[2] and --conf [spark.task.cpus]; "), r.err());
    assertTrue(loggedDetails(r.err()).contains("Error initializing SparkContext"));
    assertTrue(!Files.exists(dir.resolve("new")), "nothing written");

    Path existing = Files.createDirectories(dir.resolve("existing/sweeps"));
    Child again = gansweep(dir, "run", TINY, "--out", existing.getParent().toString(), "--master", "local[2]", "--conf",
        "spark.task.cpus=3");
    assertEquals(1, again.status(), again.err());
    loggedDetails(again.err());
    try (var left = Files.list(existing)) {
      assertEquals(List.of(), left.toList(), "the sweep's folder is gone");
    }
  }

  /**
   * hidden 65536 and layers 32 are each in range; before, run trained every trial into a FAILED
   * row (ArithmeticException: integer overflow) and then failed its analysis, exit 1. Now the spec
   * is invalid: the problem line names the keys and the limit, exit 2, nothing written.
   */
  @Test
  void networkTooLargeIsInvalidInputBeforeAnythingRuns(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    String spec = "src/test/resources/specs/invalid/NetworkTooLarge.yaml";
    Child r = gansweep(dir, "run", spec, "--out", out.toString(), "--master", "local[1]");
    assertEquals(2, r.status(), r.err());
    List<String> lines = r.err().lines().toList();
    assertEquals(2, lines.size(), r.err()); // "Cannot load spec …: 1 problem", then the problem
    assertTrue(lines.get(1).contains("parameters (line 3): Cannot size networks: ") && lines.get(1).contains("hidden 65536 x layers 32")
        && lines.get(1).contains("allowed at most 1,000,000,000 parameters"), r.err());
    assertTrue(!Files.exists(out), "nothing written");
  }
}
