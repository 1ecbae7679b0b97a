package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generated pages of {@code docs/reference/} are up to date: each committed page equals what
 * {@link ReferenceDocs} renders from the code today. A stale page fails with the command that
 * rewrites it ({@link ReferenceDocs#REGENERATE}); with {@code -Dgansweep.docs.write=true} this test
 * writes the pages instead (and passes).
 */
class ReferenceDocsTest {

  @Test
  void generatedReferencePagesAreCurrent() throws Exception {
    Path root = ReferenceDocs.repoRoot();
    boolean write = Boolean.getBoolean("gansweep.docs.write");
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, String> page : ReferenceDocs.pages().entrySet()) {
      Path file = root.resolve(page.getKey());
      String committed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
      if (page.getValue().equals(committed)) {
        continue;
      }
      if (write) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, page.getValue(), StandardCharsets.UTF_8);
      } else {
        stale.add(page.getKey() + (committed == null ? " (missing)" : ""));
      }
    }
    assertTrue(stale.isEmpty(), "Cannot accept generated docs: stale " + stale
        + " (got pages that differ from the code; allowed the pages it renders). Regenerate from the repository root with: "
        + ReferenceDocs.REGENERATE);
  }

  @Test
  void everyCommandHasAGeneratedSection() {
    String cli = ReferenceDocs.cli();
    for (var sub : Gansweep.commandLine().getSubcommands().keySet()) {
      if (!sub.equals("help")) {
        assertTrue(cli.contains("\n## gansweep " + sub + "\n"), "cli.md has a section for " + sub);
      }
    }
  }
}
