package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code docs/reference/bench.md}, the generated page of {@code gansweep bench}: the bench is a
 * module of its own, so its usage text is rendered here, where the command line has it ({@link
 * BenchPlugin}), not by sweep-driver's {@link ReferenceDocsTest}. A stale page fails with the
 * command that rewrites it ({@link #REGENERATE}); with {@code -Dgansweep.docs.write=true} this
 * test writes it instead.
 */
class BenchReferenceDocsTest {

  static final String PAGE = "docs/reference/" + Gansweep.BENCH + ".md";

  static final String REGENERATE = "mvn -q -o -pl sweep-driver/bench -am test -Dtest=BenchReferenceDocsTest "
      + "-Dsurefire.failIfNoSpecifiedTests=false -Dgansweep.docs.write=true";

  static String page() {
    CommandLine bench = Gansweep.commandLine().getSubcommands().get(Gansweep.BENCH);
    return ReferenceDocs.header("gansweep bench", "picocli's usage text of io.gansweep.cli.BenchCommand",
        "BenchReferenceDocsTest (sweep-driver/bench tests)", REGENERATE)
        + "The usage text of `gansweep bench`, as `gansweep help bench` prints it. The benchmark is a module of\n"
        + "its own (`sweep-driver/bench`), not in the runtime jar: `bin/gansweep bench` builds it on first use\n"
        + "and runs it. The other commands: [Command line](cli.md); what the sections measure and every run's\n"
        + "results: [Benchmarks](../benchmarks/README.md).\n\n"
        + "```text\n" + ReferenceDocs.usage(bench) + "```\n";
  }

  @Test
  void theBenchPageIsCurrent() throws Exception {
    Path file = ReferenceDocs.repoRoot().resolve(PAGE);
    String rendered = page();
    String committed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
    if (!rendered.equals(committed) && Boolean.getBoolean("gansweep.docs.write")) {
      Files.writeString(file, rendered, StandardCharsets.UTF_8);
      return;
    }
    assertEquals(rendered, committed, "Cannot accept generated docs: stale " + PAGE + (committed == null ? " (missing)" : "")
        + " (got a page that differs from the code; allowed the page it renders). Regenerate from the repository root with: "
        + REGENERATE);
  }
}
