package io.gansweep.cli;

import io.gansweep.search.SweepPlan;
import io.gansweep.search.SweepPlanner;
import io.gansweep.spec.InvalidSpecException;
import io.gansweep.spec.SpecParser;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** Loads and plans a spec for a subcommand, printing every problem when it is invalid. */
final class SpecLoader {

  private SpecLoader() {}

  /** The plan, or empty after printing the spec's problems to {@code err}. */
  static Optional<SweepPlan> load(Path spec, PrintWriter err) {
    try {
      return Optional.of(SweepPlanner.plan(SpecParser.parse(spec)));
    } catch (InvalidSpecException e) {
      err.println(e.getMessage());
      err.flush();
      return Optional.empty();
    }
  }
}
