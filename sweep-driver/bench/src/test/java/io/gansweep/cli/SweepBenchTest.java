package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real {@code gansweep run} child processes: a benchmark sweep, so tagged {@code slow}. */
@Tag("slow")
class SweepBenchTest {

  /**
   * A bench into the same --out twice (the default folder) must train its sweeps again: the
   * first version found the earlier run's trials committed, skipped them all and printed NaN.
   */
  @Test
  void aSecondBenchIntoTheSameFolderTrainsAgain(@TempDir Path dir) throws Exception {
    SweepBench bench = new SweepBench(dir);
    SweepBench.Run first = bench.run("again", 5, 1, "local[1]");
    SweepBench.Run second = bench.run("again", 5, 1, "local[1]");
    assertEquals(1, first.timing().trials());
    assertEquals(1, second.timing().trials(), "trained again, not skipped");
    assertTrue(second.timing().jobSeconds() > 0);
  }
}
