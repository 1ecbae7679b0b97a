package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Numbers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's spec reference must match the catalog the code enforces. */
class ReadmeTest {

  @Test
  void hyperparameterTableMatchesTheCatalog() throws Exception {
    List<String> rows = new ArrayList<>();
    boolean inSection = false;
    for (String line : Files.readAllLines(Path.of("../README.md"))) {
      if (line.startsWith("#")) {
        inSection = line.equals("### Hyperparameters");
      } else if (inSection && line.matches("\\| `[a-z0-9_]+` \\|.*")) {
        rows.add(line);
      }
    }
    java.util.List<Hyperparameter<?>> all = Hyperparameter.values();
    assertEquals(all.size(), rows.size(), "one README row per hyperparameter");
    for (int i = 0; i < all.size(); i++) {
      Hyperparameter<?> h = all.get(i);
      String[] cells = rows.get(i).split("\\|");
      assertEquals("`" + h.key() + "`", cells[1].strip());
      assertEquals(h.type().name().toLowerCase(java.util.Locale.ROOT), cells[2].strip(), h.key());
      assertEquals("`" + Numbers.exact(h.defaultValue()) + "`", cells[3].strip(), h.key());
      assertEquals(h.allowed(), cells[4].strip(), h.key());
    }
  }

  @Test
  void everyCommandIsDocumented() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    for (var sub : new picocli.CommandLine(new Gansweep()).getSubcommands().keySet()) {
      if (!sub.equals("help")) {
        assertTrue(readme.contains("`gansweep " + sub + " "), "README documents " + sub);
      }
    }
  }
}
