package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every section of {@code gansweep bench} at toy sizes: the real code paths (child {@code
 * gansweep run} processes on local[1] and local[2], the long trial in its own JVM), with every
 * figure present, finite and written to both files. The values themselves are not asserted: a
 * timed unit test proves nothing about performance (the README quotes a full run).
 */
class BenchCommandTest {

  @Test
  void everySectionReportsItsFiguresAndWritesCsvAndJson(@TempDir Path dir) throws Exception {
    GansweepTest.Result r = GansweepTest.run("bench", "--out", dir.toString(), "--rounds", "5", "--scaling-steps", "40",
        "--trial-seconds", "1", "--long-rounds", "2000");
    assertEquals(0, r.status(), r.err() + r.out());
    for (String figure : List.of("nsgan round/floor", "wgan+gp round/floor", "batch 8 optimizer share", "efficiency (job)",
        "fixed cost per trial", "local[2]/local[1] throughput", "trial slowdown local[2]/local[1]",
        "logging cost (every step / none)", "noise floor (A/A", "RSS last/first", "round time last/first",
        "DCGAN 28x28 round (batch 64)", "evaluation share of the example trial", "round throughput (8 packed / 8 alone)", "sweep throughput (pack 3 / unpacked, local[2])")) {
      assertTrue(r.out().contains(figure), figure + " missing:\n" + r.out());
    }
    List<String> csv = Files.readAllLines(dir.resolve("bench.csv"), StandardCharsets.UTF_8);
    assertEquals("section,figure,value,unit,target,met", csv.get(0));
    for (String line : csv.subList(1, csv.size())) {
      double v = Double.parseDouble(line.split(",")[2]);
      assertTrue(Double.isFinite(v) && v >= 0, line);
    }
    assertEquals(8, csv.stream().skip(1).map(l -> l.split(",")[0]).distinct().count(), "all eight sections");
    String json = Files.readString(dir.resolve("bench.json"), StandardCharsets.UTF_8);
    assertTrue(json.startsWith("{\"date\":\"") && json.contains("\"figures\":[{\"section\":1,"), json);
  }

  @Test
  void unknownSectionIsAnInputError(@TempDir Path dir) {
    GansweepTest.Result r = GansweepTest.run("bench", "--out", dir.toString(), "--sections", "1,9");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("Cannot run bench: invalid option (got") && r.err().contains("allowed"), r.err());
  }
}
