package io.gansweep.bench;

import io.gansweep.dispatch.SparkSweep;
import io.gansweep.search.SweepPlan;
import io.gansweep.train.TrialRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** A bench's working folder, and the sweeps it runs there. */
public final class Workspace {

  private Workspace() {}

  /**
   * Deletes {@code dir} and everything under it, if it exists: a sweep an earlier bench left in the
   * same {@code --out} would otherwise resume as committed and measure nothing.
   */
  public static void clear(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Runs a bench's sweep on local[2] into {@code out}, quietly; an error when it leaves a trial uncommitted. */
  public static SparkSweep.Outcome sweep(SweepPlan plan, Path out) throws IOException {
    SparkSweep.Outcome o = SparkSweep.run(plan, new SparkSweep.Options(out.toString(), "local[2]", Map.of(), TrialRunner::run),
        new PrintWriter(new StringWriter()));
    if (!o.complete()) {
      throw new IOException("Cannot bench " + plan.sweepId() + ": it left trials uncommitted (got " + o.missing().size()
          + " missing; allowed none)");
    }
    return o;
  }
}
