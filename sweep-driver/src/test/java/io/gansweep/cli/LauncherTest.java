package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers on a machine without java: before, bash's {@code exec: java: not found} (bin/gansweep)
 * or Maven's and spark-submit's errors (deploy/bin/submit); now one "Cannot" line and exit 1. Each
 * runs with a PATH that holds only the tools the scripts need before they look for java.
 */
class LauncherTest {

  static List<String> run(Path dir, List<String> command) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin-without-java"));
    for (String tool : List.of("dirname")) {
      Path real = List.of(Path.of("/usr/bin", tool), Path.of("/bin", tool)).stream().filter(Files::isExecutable).findFirst().orElseThrow();
      if (!Files.exists(bin.resolve(tool))) {
        Files.createSymbolicLink(bin.resolve(tool), real);
      }
    }
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve("launcher.out").toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", bin.toString());
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue(), err);
    assertEquals("", Files.readString(dir.resolve("launcher.out")));
    return err.lines().toList();
  }

  @Test
  void gansweepWithoutJavaIsOneLine(@TempDir Path dir) throws Exception {
    List<String> err = run(dir, List.of("/bin/bash", "../bin/gansweep", "validate", "../examples/quickstart.yaml"));
    assertEquals(1, err.size(), String.join("\n", err));
    assertTrue(err.get(0).startsWith("Cannot start gansweep: java is not on PATH nor in JAVA_HOME (got PATH="), err.get(0));
  }

  @Test
  void submitWithoutJavaIsOneLine(@TempDir Path dir) throws Exception {
    List<String> err = run(dir, List.of("/bin/bash", "../deploy/bin/submit", "--master", "spark://localhost:7077",
        "../examples/quickstart.yaml", "--out", dir.resolve("out").toString()));
    assertEquals(1, err.size(), String.join("\n", err));
    assertTrue(err.get(0).startsWith("Cannot submit: java is not on PATH nor in JAVA_HOME (got PATH="), err.get(0));
    assertTrue(!Files.exists(dir.resolve("out")));
  }
}
