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
 * or Maven's and spark-submit's errors (deploy/bin/submit); now one "Cannot" line and exit 1. And a
 * plug-in's jar that is not there ({@code GANSWEEP_CLASSPATH}, {@code --jars}): one line, exit 2.
 * Each runs with a PATH that holds only the tools the scripts need before they look for java, so
 * none of them can build or start anything.
 */
class LauncherTest {

  static List<String> run(Path dir, List<String> command) throws Exception {
    return run(dir, command, Map.of(), 1);
  }

  /** Runs {@code command} with {@code env} besides the java-less PATH; it must exit {@code status}, printing nothing on stdout. */
  static List<String> run(Path dir, List<String> command, Map<String, String> extraEnv, int status) throws Exception {
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
    env.putAll(extraEnv);
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(status, p.exitValue(), err);
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

  /** A GANSWEEP_CLASSPATH entry that does not exist: one line naming it, exit 2, before java is even looked for. */
  @Test
  void gansweepWithAMissingClasspathEntryIsOneLine(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("widemlp.jar");
    List<String> err = run(dir, List.of("/bin/bash", "../bin/gansweep", "validate", "../examples/plugin/ring8.yaml"),
        Map.of("GANSWEEP_CLASSPATH", dir + ":" + missing), 2);
    assertEquals(List.of("Cannot use GANSWEEP_CLASSPATH: no such file or folder (got " + missing
        + "; allowed existing jars and folders, or DIR/*, separated by ':')"), err);
  }

  /** A --jars entry of deploy/bin/submit that does not exist: one line naming it, exit 2, nothing built or submitted. */
  @Test
  void submitWithAMissingPlugInJarIsOneLine(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("widemlp.jar");
    List<String> err = run(dir, List.of("/bin/bash", "../deploy/bin/submit", "--master", "spark://localhost:7077", "--jars",
        "hdfs://nn/jars/a.jar," + missing, "../examples/plugin/ring8.yaml", "--out", dir.resolve("out").toString()), Map.of(), 2);
    assertEquals(List.of("Cannot submit: --jars names no such jar (got " + missing
        + "; allowed existing jar files or URIs, separated by ',')"), err);
    assertTrue(!Files.exists(dir.resolve("out")));
  }

  /**
   * deploy/bin/submit hands every --jars entry (the flag may repeat) to spark-submit as one --jars
   * before the runtime jar, where spark-submit reads it. A copy of the script runs with a stand-in
   * runtime jar and a SPARK_HOME whose spark-submit prints its arguments.
   */
  @Test
  void submitPassesPlugInJarsToSparkSubmit(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("root");
    Files.createDirectories(root.resolve("deploy/bin"));
    Files.createDirectories(root.resolve("deploy/target"));
    Files.createDirectories(root.resolve("bin"));
    Files.copy(Path.of("../deploy/bin/submit"), root.resolve("deploy/bin/submit"));
    Files.copy(Path.of("../bin/jvm-options"), root.resolve("bin/jvm-options"));
    Path runtime = Files.createFile(root.resolve("deploy/target/gansweep-runtime.jar"));
    Path plugIn = Files.createFile(dir.resolve("widemlp.jar"));
    Path sparkSubmit = Files.createDirectories(dir.resolve("spark/bin")).resolve("spark-submit");
    Files.writeString(sparkSubmit, "#!/bin/bash\nprintf '%s\\n' \"$@\"\n");
    assertTrue(sparkSubmit.toFile().setExecutable(true));
    ProcessBuilder pb = new ProcessBuilder("/bin/bash", root.resolve("deploy/bin/submit").toString(), "--master", "spark://localhost:7077",
        "--jars", plugIn.toString(), "--jars", "hdfs://nn/jars/b.jar", "spec.yaml", "--out", "out").redirectErrorStream(true);
    pb.environment().put("SPARK_HOME", dir.resolve("spark").toString());
    Process p = pb.start();
    List<String> args = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), String.join("\n", args));
    int jars = args.indexOf("--jars");
    assertTrue(jars >= 0, String.join("\n", args));
    assertEquals(plugIn + ",hdfs://nn/jars/b.jar", args.get(jars + 1));
    assertEquals(List.of(runtime.toString(), "run", "spec.yaml", "--out", "out"), args.subList(args.size() - 5, args.size()));
    assertTrue(jars < args.indexOf(runtime.toString()), "spark-submit reads options before the application jar");
  }

  /** Prints a rank group's en dash as the console does (System.out and a PrintWriter on it). */
  public static final class PrintsRankGroup {
    public static void main(String[] args) {
      System.out.println("1\u20132");
      new java.io.PrintWriter(System.out, true).println("1\u20132");
    }
  }

  /**
   * In a locale that is not UTF-8 (cron, CI, a bare ssh), Java 17 encodes stdout in ASCII and the
   * ranking's "1–2" came out as "1?2". bin/jvm-options makes stdout, stderr and the default charset
   * UTF-8 whatever the locale; this runs a JVM with exactly those options (as an argument file) in
   * LC_ALL=C.
   */
  @Test
  void jvmOptionsPrintTheEnDashAsUtf8InAnAsciiLocale() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "@" + Path.of("../bin/jvm-options").toAbsolutePath(), "-cp",
        System.getProperty("java.class.path"), PrintsRankGroup.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("LC_ALL", "C");
    pb.environment().put("LANG", "C");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals("1\u20132\n1\u20132\n", new String(out, StandardCharsets.UTF_8));
  }
}
