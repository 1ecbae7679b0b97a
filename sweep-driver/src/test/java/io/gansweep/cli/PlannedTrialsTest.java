package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * analyze of a sweep that is only partly committed says so, with the planned count from the
 * run's record (OUT/sweeps/<id>/spec.yaml); before, it ranked the committed trials silently.
 */
class PlannedTrialsTest {

  @Test
  void analyzeOfAPartialSweepSaysHowManyPlannedTrialsAreCommitted(@TempDir Path dir) throws Exception {
    String out = dir.resolve("out").toString();
    GansweepTest.Result run = GansweepTest.run("run", "src/test/resources/specs/valid/tiny.yaml", "--out", out, "--master", "local[2]",
        "--no-compact", "--conf", "spark.ui.showConsoleProgress=false");
    assertEquals(0, run.status(), run.err());
    GansweepTest.Result whole = GansweepTest.run("analyze", out);
    assertEquals(0, whole.status(), whole.err());
    assertFalse(whole.out().contains("partial sweep"), whole.out());

    List<Path> committed;
    try (Stream<Path> s = Files.walk(dir.resolve("out/trials"))) {
      committed = s.filter(p -> p.getFileName().toString().endsWith("-s0.parquet")).sorted().toList();
    }
    assertEquals(2, committed.size());
    Files.delete(committed.get(1)); // as if the run had been killed before this trial committed
    GansweepTest.Result partial = GansweepTest.run("analyze", out);
    assertEquals(0, partial.status(), partial.err());
    assertTrue(partial.out().startsWith("partial sweep: 1 of 2 planned trials committed, so the ranking covers only those (run the sweep"
        + " again into the same directory to train the rest)"), partial.out());
    assertTrue(partial.out().contains("stability ranking of tiny-"), partial.out());
  }

  /** A sweep whose G-only screen dropped configurations is complete without their trials: no note. */
  @Test
  void theTrialsAScreenDroppedAreNotMissing(@TempDir Path dir) throws Exception {
    String out = dir.resolve("out").toString();
    GansweepTest.Result run = GansweepTest.run("run", "src/test/resources/specs/valid/screen.yaml", "--out", out, "--master", "local[2]",
        "--conf", "spark.ui.showConsoleProgress=false");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("dropped by the screen 8"), run.out());
    GansweepTest.Result a = GansweepTest.run("analyze", out);
    assertEquals(0, a.status(), a.err());
    assertFalse(a.out().contains("partial sweep"), a.out());
  }
}
