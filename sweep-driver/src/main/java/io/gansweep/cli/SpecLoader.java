package io.gansweep.cli;

import io.gansweep.search.SweepPlan;
import io.gansweep.search.SweepPlanner;
import io.gansweep.spec.InvalidSpecException;
import io.gansweep.spec.SpecParser;
import io.gansweep.spec.SweepSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** Loads and plans a spec for a subcommand, printing every problem when it is invalid. */
final class SpecLoader {

  private SpecLoader() {}

  /** The plan, or empty after printing the spec's problems to {@code err}. */
  static Optional<SweepPlan> load(Path spec, PrintWriter err) {
    return load(spec, null, err);
  }

  /** As {@link #load(Path, PrintWriter)}, with the spec's name replaced when {@code name} is given. */
  static Optional<SweepPlan> load(Path spec, String name, PrintWriter err) {
    try {
      SweepSpec parsed = SpecParser.parse(spec);
      if (name != null) {
        if (!SweepSpec.NAME.matcher(name).matches()) {
          err.printf("Cannot use --name: bad characters or length (got %s; allowed %s)%n", name, SweepSpec.NAME.pattern());
          err.flush();
          return Optional.empty();
        }
        parsed = parsed.withName(name);
      }
      return Optional.of(SweepPlanner.plan(parsed));
    } catch (InvalidSpecException e) {
      err.println(e.getMessage());
      err.flush();
      return Optional.empty();
    }
  }
}
