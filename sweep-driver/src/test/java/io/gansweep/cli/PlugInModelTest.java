package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gansweep.dispatch.DuckDb;
import io.gansweep.model.GanModel;
import io.gansweep.model.Models;
import io.gansweep.trial.Hyperparameter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java plug-in model end to end (issue 26): {@code examples/plugin} built by Maven on its own,
 * against the worker classes under test; its jar on a gansweep process's class path, as
 * {@code bin/gansweep} puts {@code GANSWEEP_CLASSPATH}, trains the example's sweep (steps cut down)
 * to COMPLETED rows whose {@code model} is the plug-in's; without the jar the same spec is invalid
 * input; and on a Spark executor, where {@code --jars} leaves the jar in the task threads' class
 * loader alone, the model is found. The build takes about 15 s (offline when the local repository
 * has what it needs, as after gansweep's own build); without {@code mvn} on PATH the tests that
 * need the jar are skipped.
 */
class PlugInModelTest {

  static final Path EXAMPLE = Path.of("../examples/plugin");
  static final String SPEC = EXAMPLE.resolve("ring8.yaml").toString();
  static final String NAME = "widemlp";

  @TempDir static Path shared;

  private static Path jar;

  /** The example plug-in's jar, built once for this class. */
  static synchronized Path plugInJar() throws Exception {
    if (jar == null) {
      jar = build(shared);
    }
    return jar;
  }

  /**
   * Builds a copy of examples/plugin in {@code dir} (the tree stays clean) with its pom's
   * {@code gansweep.worker.jar} and {@code gansweep.contract.jar} pointing at jars of the classes
   * this test runs on: under {@code mvn test} the modules have classes and no jars yet, and a jar
   * left in target/ by an earlier package may be stale. Maven uses the local repository of the
   * build that runs this test; offline first, then online.
   */
  static Path build(Path dir) throws Exception {
    assumeTrue(onPath("mvn"), "needs mvn on PATH to build examples/plugin; skipped");
    Path copy = dir.resolve("plugin");
    copyTree(EXAMPLE.resolve("pom.xml"), copy.resolve("pom.xml"));
    copyTree(EXAMPLE.resolve("src"), copy.resolve("src"));
    Path worker = asJar(GanModel.class, dir.resolve("gansweep-worker.jar"));
    Path contract = asJar(Hyperparameter.class, dir.resolve("gansweep-contract.jar"));
    List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-q", "-f", copy.resolve("pom.xml").toString(),
        "-Dgansweep.worker.jar=" + worker, "-Dgansweep.contract.jar=" + contract));
    String repo = System.getProperty("gansweep.maven.repo.local", "");
    if (!repo.isEmpty()) {
      cmd.add("-Dmaven.repo.local=" + repo);
    }
    cmd.add("package");
    Path log = dir.resolve("mvn.log");
    List<String> offline = new ArrayList<>(cmd);
    offline.add(1, "-o");
    if (mvn(offline, log) != 0) {
      assertEquals(0, mvn(cmd, log), "mvn package of examples/plugin failed:\n" + Files.readString(log));
    }
    Path built = copy.resolve("target/gansweep-widemlp-1.0.0.jar");
    assertTrue(Files.isRegularFile(built), "no " + built + ":\n" + Files.readString(log));
    return built;
  }

  /**
   * The example's sweep, steps cut down, in a gansweep JVM whose class path ends with the plug-in's
   * jar (what bin/gansweep runs with GANSWEEP_CLASSPATH): every trial COMPLETED, each row's model is
   * widemlp, and the run's ranking names the sweep. The executors build widemlp's networks, so a
   * model they could not find would have FAILED its trials.
   */
  @Test
  void theExampleSweepTrainsWithThePlugInOnTheClassPath(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("ring8.yaml");
    String text = Files.readString(Path.of(SPEC));
    for (String[] cut : new String[][] {{"steps", "40"}, {"eval_every", "20"}, {"log_every", "10"}, {"eval_samples", "200"}}) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^(\\s+" + cut[0] + ":\\s+)\\{value: [^}]*}").matcher(text);
      assertTrue(m.find(), "the example spec changed: cut its " + cut[0] + " differently");
      text = m.replaceFirst("$1{value: " + cut[1] + "}");
    }
    Files.writeString(spec, text);
    Path out = dir.resolve("out");
    Path log = dir.resolve("run.log");
    List<String> cmd = KillResumeTest.gansweep("run", spec.toString(), "--out", out.toString(), "--master", "local[2]");
    int cp = cmd.indexOf("-cp") + 1;
    cmd.set(cp, cmd.get(cp) + File.pathSeparator + plugInJar());
    Process run = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(run.waitFor(300, TimeUnit.SECONDS), "the sweep did not finish:\n" + Files.readString(log));
    assertEquals(0, run.exitValue(), Files.readString(log));
    assertTrue(Files.readString(log).contains("stability ranking of widemlp-ring8"), Files.readString(log));
    String trials = "read_parquet('" + out + "/trials/*/*.parquet', hive_partitioning=1)";
    assertEquals(Set.of("COMPLETED|widemlp"), DuckDb.strings("SELECT DISTINCT status || '|' || model FROM " + trials));
    assertEquals(Set.of("4"), DuckDb.strings("SELECT count(*)::VARCHAR FROM " + trials), "2 learning rates x 2 seeds");
  }

  /** The example's spec on a class path without the plug-in: the one problem names model.type, exit 2, nothing written. */
  @Test
  void withoutThePlugInTheExampleSpecIsInvalidAndNothingStarts(@TempDir Path dir) {
    Path out = dir.resolve("out");
    GansweepTest.Result r = GansweepTest.run("run", SPEC, "--out", out.toString(), "--master", "local[2]");
    assertEquals(Gansweep.EXIT_INVALID, r.status(), r.err() + r.out());
    List<String> lines = r.err().lines().toList();
    assertEquals(List.of("Cannot load spec " + SPEC + ": 1 problem",
        "  model.type (line 12): Cannot use model: no model of that name is on the class path (got widemlp; allowed mlp, dcgan, "
            + "torchscript, or a plug-in's name with its jar on the class path)"), lines);
    assertFalse(Files.exists(out), "nothing written");
  }

  /**
   * What {@code --jars} leaves on an executor: the jar in the task threads' class loader (Spark's,
   * which gains it before the task runs), not in the loader that holds gansweep. A task finds the
   * plug-in there; this thread, whose loaders do not have it, does not.
   */
  @Test
  void anExecutorFindsThePlugInThatSparkShippedToIt() throws Exception {
    Path plugIn = plugInJar();
    assertThrows(IllegalArgumentException.class, () -> Models.named(NAME), "the test's own class path has no plug-in");
    boolean existed = SparkSession.getDefaultSession().isDefined();
    SparkSession spark = SparkSession.builder().master("local[2]").appName("gansweep-plugin-test")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate();
    try {
      spark.sparkContext().addJar(plugIn.toString());
      List<String> found = new JavaSparkContext(spark.sparkContext()).parallelize(List.of(1, 2), 2)
          .map(i -> Models.named(NAME).getClass().getName()).collect();
      assertEquals(List.of("com.example.widemlp.WideMlpModel", "com.example.widemlp.WideMlpModel"), found);
    } finally {
      if (!existed) {
        spark.stop();
      }
    }
  }

  private static int mvn(List<String> cmd, Path log) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("mvn package of examples/plugin took over 300 s:\n" + Files.readString(log));
    }
    return p.exitValue();
  }

  private static boolean onPath(String tool) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
  }

  /** Where {@code type} was loaded from, as a jar: the jar itself, or {@code target} made of its classes folder. */
  private static Path asJar(Class<?> type, Path target) throws IOException, URISyntaxException {
    Path from = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isRegularFile(from)) {
      return from;
    }
    try (OutputStream file = Files.newOutputStream(target); JarOutputStream jarOut = new JarOutputStream(file);
        Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        jarOut.putNextEntry(new JarEntry(from.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, jarOut);
        jarOut.closeEntry();
      }
    }
    return target;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path t = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else {
          Files.createDirectories(t.getParent());
          Files.copy(f, t);
        }
      }
    }
  }
}
