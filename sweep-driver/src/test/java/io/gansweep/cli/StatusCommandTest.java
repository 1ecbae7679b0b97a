package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
