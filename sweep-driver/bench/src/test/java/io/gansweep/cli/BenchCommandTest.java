package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gansweep bench}: the default suite runs one tiny section (a smoke run of the command, its
 * options and both output files); every section with its benchmark sweeps (child {@code gansweep
 * run} processes on local[1] and local[2], the long trial in its own JVM) is tagged {@code slow}
 * (run with {@code -Dgansweep.excludedGroups=gpu}). The values themselves are not asserted: a timed unit test
 * proves nothing about performance (docs/benchmarks/ holds full runs).
 */
class BenchCommandTest {

  private static final Path EXAMPLES = Path.of("..", "..", "examples", "torchscript").toAbsolutePath().normalize();

  /** Section 1 at 5 rounds: a few seconds, no Spark, no child JVM. */
  @Test
  void oneTinySectionReportsItsFiguresAndWritesCsvAndJson(@TempDir Path dir) throws Exception {
    GansweepTest.Result r = GansweepTest.run("bench", "--out", dir.toString(), "--sections", "1", "--rounds", "5");
    assertEquals(0, r.status(), r.err() + r.out());
    assertTrue(r.out().contains("nsgan round/floor") && r.out().contains("wgan+gp round/floor"), r.out());
    List<String> csv = Files.readAllLines(dir.resolve("bench.csv"), StandardCharsets.UTF_8);
    assertEquals("section,figure,value,unit,target,met", csv.get(0));
    assertEquals(10, csv.size() - 1, "five figures for each of two GANs");
    assertTrue(csv.stream().skip(1).allMatch(l -> l.startsWith("1,")), csv.toString());
    assertTrue(Files.readString(dir.resolve("bench.json"), StandardCharsets.UTF_8).contains("\"figures\":[{\"section\":1,"));
  }

  @Test
  @Tag("slow")
  void everySectionReportsItsFiguresAndWritesCsvAndJson(@TempDir Path dir) throws Exception {
    GansweepTest.Result r = GansweepTest.run("bench", "--out", dir.toString(), "--rounds", "5", "--scaling-steps", "40",
        "--trial-seconds", "1", "--long-rounds", "2000", "--analyze-trials", "30,300");
    assertEquals(0, r.status(), r.err() + r.out());
    for (String figure : List.of("nsgan round/floor", "wgan+gp round/floor", "batch 8 optimizer share", "efficiency (job)",
        "fixed cost per trial", "local[2]/local[1] throughput", "trial slowdown local[2]/local[1]",
        "logging cost (every step / none)", "noise floor (A/A", "RSS last/first", "round time last/first",
        "DCGAN 28x28 round (batch 64)", "evaluation share of the example trial", "round throughput (8 packed / 8 alone)", "sweep throughput (pack 3 / unpacked, local[2])",
        "analyze 300 trials", "analyze time ratio (last / previous size)", "rounds hyperband / full grid",
        "best median distance tpe / random", "screen: fit time / the screened sweep's task time")) {
      assertTrue(r.out().contains(figure), figure + " missing:\n" + r.out());
    }
    List<String> csv = Files.readAllLines(dir.resolve("bench.csv"), StandardCharsets.UTF_8);
    assertEquals("section,figure,value,unit,target,met", csv.get(0));
    for (String line : csv.subList(1, csv.size())) {
      double v = Double.parseDouble(line.split(",")[2]);
      assertTrue(Double.isFinite(v) && (v >= 0 || line.contains("Spearman")), line); // a correlation may be negative
    }
    assertEquals(11, csv.stream().skip(1).map(l -> l.split(",")[0]).distinct().count(), "all eleven sections");
    String json = Files.readString(dir.resolve("bench.json"), StandardCharsets.UTF_8);
    assertTrue(json.startsWith("{\"date\":\"") && json.contains("\"figures\":[{\"section\":1,"), json);
  }

  /**
   * Section 13 at 5 rounds without a Python (--python none): the built-in and TorchScript figures
   * and their ratios, and one note that eager was not measured instead of its figures. Tagged slow:
   * 8 repetitions of 4 short trials take 5-20 s on 2 shared cores.
   */
  @Test
  @Tag("slow")
  void theTorchScriptSectionWithoutPythonSaysEagerWasNotMeasured(@TempDir Path dir) throws Exception {
    GansweepTest.Result r = GansweepTest.run("bench", "--out", dir.toString(), "--sections", "13", "--rounds", "5", "--python", "none",
        "--torchscript-dir", EXAMPLES.toString());
    assertEquals(0, r.status(), r.err() + r.out());
    for (String figure : List.of("built-in ring8 MLPs, nsgan: round", "TorchScript twin in gansweep, nsgan + r1: round",
        "round TorchScript / built-in, nsgan", "round TorchScript / built-in, nsgan + r1")) {
      assertTrue(r.out().contains(figure), figure + " missing:\n" + r.out());
    }
    assertTrue(r.out().contains("13: PyTorch eager not measured: no Python with torch was given"), r.out());
    assertTrue(!r.out().contains("eager, same .pt files") && !r.out().contains("TorchScript / eager"), r.out());
    List<String> csv = Files.readAllLines(dir.resolve("bench.csv"), StandardCharsets.UTF_8);
    assertEquals(6, csv.size() - 1, "two rounds and a ratio for each of two recipes: " + csv);
    assertTrue(Files.readString(dir.resolve("bench.json"), StandardCharsets.UTF_8).contains("\"notes\":[\"13: PyTorch eager not measured"));
  }

  @Test
  void theTorchScriptSectionRefusesAMissingPairOrAPythonThatIsNotOneBeforeTiming(@TempDir Path dir) {
    GansweepTest.Result r = GansweepTest.run("bench", "--out", dir.toString(), "--sections", "1,13", "--torchscript-dir", dir.toString());
    assertEquals(2, r.status());
    assertEquals("Cannot run bench: section 13 needs the example pair (got no " + dir.resolve("ring8_g.pt") + "; allowed "
        + "--torchscript-dir naming the folder of examples/torchscript)", r.err().strip());
    GansweepTest.Result python = GansweepTest.run("bench", "--out", dir.toString(), "--sections", "13", "--torchscript-dir",
        EXAMPLES.toString(), "--python", dir.resolve("no-python").toString());
    assertEquals(2, python.status());
    assertTrue(python.err().startsWith("Cannot time PyTorch eager: " + dir.resolve("no-python") + " does not start"), python.err());
    assertEquals(1, python.err().strip().lines().count(), python.err());
    assertTrue(!Files.exists(dir.resolve("bench.csv")), "nothing was timed");
  }

  @Test
  void unknownSectionOrSizesOutOfOrderAreInputErrors(@TempDir Path dir) {
    GansweepTest.Result r = GansweepTest.run("bench", "--out", dir.toString(), "--sections", "1,17");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("Cannot run bench: invalid option (got") && r.err().contains("allowed"), r.err());
    GansweepTest.Result sizes = GansweepTest.run("bench", "--out", dir.toString(), "--sections", "9", "--analyze-trials", "1000,100");
    assertEquals(2, sizes.status());
    assertTrue(sizes.err().contains("increasing sizes from 3"), sizes.err());
  }
}
