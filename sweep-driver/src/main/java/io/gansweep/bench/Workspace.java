package io.gansweep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A bench's working folder. */
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
}
