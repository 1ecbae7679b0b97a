package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Population-based training killed with SIGKILL in its second generation (after the first
 * boundary's decision and checkpoint copies, some second-generation rung rows in): run again, it
 * replays the first generation's ranking from the committed rung rows, decides the same exploits,
 * trains only what the kill left, and ends with the tables of an uninterrupted run: the same
 * lineage, the same PRUNED rows, the same rows of every member.
 */
class PbtKillResumeTest {

  static final String PBT = "src/test/resources/specs/valid/pbt.yaml";

  @Test
  void killedPbtResumesWithTheSameDecisions(@TempDir Path dir) throws Exception {
    Path killed = dir.resolve("killed");
    Process p = KillResumeTest.startRun(PBT, killed, dir.resolve("killed.log"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (KillResumeTest.files(killed.resolve("rungs"), "*-r1.parquet") < 1 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(p.isAlive(), "the sweep finished before it could be killed:\n" + Files.readString(dir.resolve("killed.log")));
    p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    long atKill = KillResumeTest.files(killed.resolve("rungs"), "*-r1.parquet");
    assertTrue(atKill >= 1 && atKill < 8, "second-generation rows at the kill: " + atKill);
    assertEquals(1, KillResumeTest.files(killed.resolve("lineage"), "generation-*.parquet"), "only the first generation is recorded");

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, Gansweep.run(new PrintWriter(out), new PrintWriter(err), "run", PBT, "--out", killed.toString(), "--master",
        "local[2]"), err.toString());
    assertFalse(out.toString().contains("pbt generation 1 of 3: rounds 0-100: "), "the first generation is not trained again:\n" + out);
    Path clean = dir.resolve("clean");
    StringWriter cleanOut = new StringWriter();
    assertEquals(0, Gansweep.run(new PrintWriter(cleanOut), new PrintWriter(err), "run", PBT, "--out", clean.toString(), "--master",
        "local[2]"), err.toString());
    assertEquals(decisions(cleanOut.toString()), decisions(out.toString()), "the same decisions:\n" + out + "\n" + cleanOut);
    assertEquals(2, decisions(out.toString()).stream().filter(l -> l.startsWith("pbt boundary")).count(), out.toString());
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    try {
      for (String table : List.of("trials", "metrics", "rungs", "lineage")) {
        assertEquals(KillResumeTest.deterministicRows(spark, clean, table), KillResumeTest.deterministicRows(spark, killed, table), table);
      }
      assertEquals(12, spark.read().parquet(killed.resolve("trials").toString()).count(), "exactly one row per trial");
      assertEquals(4, spark.read().parquet(killed.resolve("trials").toString()).where("status = 'PRUNED'").count());
      assertEquals(12, spark.read().parquet(killed.resolve("lineage").toString()).count());
    } finally {
      spark.stop();
    }
  }

  /** The lines that say what the population decided: each generation's best and each boundary's copies. */
  static List<String> decisions(String log) {
    return log.lines().filter(l -> l.startsWith("pbt boundary") || l.matches("pbt generation \\d+ of \\d+ \\(.*")).toList();
  }
}
