package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.spec.SpecParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's promises hold: its two set-up commands are the ones {@code .ci/run} runs, its minimal
 * spec is valid, and the command-line guide documents every command. (The hyperparameter table is
 * generated from the catalog and kept current by {@link ReferenceDocsTest}.)
 */
class ReadmeTest {

  /** The README's two commands, exactly; {@code .ci/run} runs both. */
  static final String MAIN_COMMAND = "bin/gansweep run examples/quickstart.yaml --out runs/";
  static final String TEST_COMMAND = "mvn -B verify";

  @Test
  void theTwoCommandsAreTheOnesCiRuns() throws Exception {
    Path root = ReferenceDocs.repoRoot();
    String readme = Files.readString(root.resolve("README.md"));
    String ci = Files.readString(root.resolve(".ci/run"));
    for (String command : new String[] {MAIN_COMMAND, TEST_COMMAND}) {
      assertTrue(readme.contains("\n" + command + "\n"), "README shows `" + command + "` on a line of its own");
      assertTrue(ci.contains("\n" + command + "\n"), ".ci/run runs `" + command + "`");
    }
  }

  @Test
  void theMinimalSpecIsValid() throws Exception {
    String readme = Files.readString(ReferenceDocs.repoRoot().resolve("README.md"));
    Matcher m = Pattern.compile("## A minimal spec\\s+```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(), "README has a yaml block under '## A minimal spec'");
    SpecParser.parse(m.group(1), "README.md"); // throws InvalidSpecException, with every problem, if not
  }

  @Test
  void everyCommandIsDocumented() throws Exception {
    String guide = Files.readString(ReferenceDocs.repoRoot().resolve("docs/guide/command-line.md"));
    for (var sub : new picocli.CommandLine(new Gansweep()).getSubcommands().keySet()) {
      if (!sub.equals("help")) {
        assertTrue(guide.contains("`gansweep " + sub + " "), "docs/guide/command-line.md documents " + sub);
      }
    }
  }
}
