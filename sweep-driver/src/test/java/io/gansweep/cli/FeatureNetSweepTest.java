package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.dispatch.DuckDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code feature_net} through the command line on local Spark: a user's TorchScript feature
 * network (examples/feature_net/tiny_features.pt: RGB 20 × 20 in [0, 1] to 6 features) scores the
 * 28 × 28 greyscale shapes, is pinned under OUT/feature-nets by checksum, and names itself in every
 * row's feature_net column (read back by DuckDB); {@code compare} refuses a sweep scored by the
 * built-in classifier against it in one line; a file that is not a feature network exits 2 before
 * Spark, nothing written.
 */
class FeatureNetSweepTest {

  static final Path EXAMPLES = Path.of("..", "examples", "feature_net").toAbsolutePath().normalize();

  private static String spec(String name, String featureNet) {
    return """
        name: %s
        replicates: 1
        parameters:
          dataset:      {value: shapes}
          steps:        {value: 6}
          batch_size:   {value: 16}
          latent_dim:   {value: 8}
          hidden:       {value: 8}
          log_every:    {value: 2}
          eval_every:   {value: 3}
          eval_samples: {value: 64}
          loss:         {value: hinge}
        resources: {gpus_per_trial: 0, cpus_per_trial: 1}
        %s""".formatted(name, featureNet);
  }

  private static String hex(Path file) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void aUserFeatureNetScoresEveryRowAndCompareRefusesTheClassifiersRows(@TempDir Path dir) throws Exception {
    Files.copy(EXAMPLES.resolve("tiny_features.pt"), dir.resolve("tiny.pt"));
    Path spec = Files.writeString(dir.resolve("tiny.yaml"), spec("tiny-fn",
        "feature_net: {file: tiny.pt, input_size: 20, range: [0, 1]}\n"));
    Path out = dir.resolve("out");
    GansweepTest.Result r = GansweepTest.run("run", spec.toString(), "--out", out.toString(), "--master", "local[2]",
        "--conf", "spark.ui.showConsoleProgress=false");
    assertEquals(0, r.status(), r.err() + r.out());
    String sum = hex(EXAMPLES.resolve("tiny_features.pt"));
    assertTrue(r.out().contains("feature network file: sha256:" + sum.substring(0, 16) + " (pinned under feature-nets/)"), r.out());
    assertTrue(Files.exists(out.resolve("feature-nets").resolve(sum + ".pt")), "the pinned copy");
    String trials = "read_parquet('" + out + "/trials/*/*.parquet')";
    assertEquals(Set.of("torchscript:sha256:" + sum + ";input_size=20;range=0,1;channels=3|COMPLETED|1"), DuckDb.strings(
        "SELECT DISTINCT feature_net || '|' || status || '|' || count(*) OVER ()::VARCHAR FROM " + trials));
    // The FD and the feature measures are the network's; the class columns still come from the classifier (shapes has labels).
    assertEquals(Set.of("true"), DuckDb.strings("SELECT DISTINCT (final_fd IS NOT NULL AND final_precision IS NOT NULL AND"
        + " final_recall IS NOT NULL AND final_density IS NOT NULL AND final_coverage IS NOT NULL AND final_modes BETWEEN 0 AND 10)::VARCHAR"
        + " FROM " + trials));
    assertTrue(r.out().contains("stability ranking of tiny-fn-"), r.out());

    Path plain = dir.resolve("plain");
    GansweepTest.Result p = GansweepTest.run("run", Files.writeString(dir.resolve("plain.yaml"), spec("tiny-plain", "")).toString(),
        "--out", plain.toString(), "--master", "local[2]", "--conf", "spark.ui.showConsoleProgress=false");
    assertEquals(0, p.status(), p.err() + p.out());
    assertEquals(Set.of("true"), DuckDb.strings("SELECT DISTINCT (feature_net LIKE 'classifier:%')::VARCHAR FROM read_parquet('" + plain
        + "/trials/*/*.parquet')"));
    GansweepTest.Result c = GansweepTest.run("compare", plain.toString(), out.toString());
    assertEquals(2, c.status(), c.err() + c.out());
    assertTrue(c.err().startsWith("Cannot compare tiny-plain-") && c.err().contains("their Fréchet distances come from different feature"
        + " networks (got classifier:") && c.err().contains(" in B; allowed two sweeps scored by one network"), c.err());
    assertEquals(1, c.err().strip().lines().count(), c.err());
  }

  @Test
  void aFileThatIsNotAFeatureNetworkExits2BeforeSparkWritingNothing(@TempDir Path dir) throws Exception {
    Files.copy(EXAMPLES.resolve("unpooled.pt"), dir.resolve("unpooled.pt"));
    Files.writeString(dir.resolve("junk.pt"), "not TorchScript");
    for (String[] c : new String[][] {
        {"feature_net: {file: unpooled.pt, input_size: 20, range: [0, 1]}", "feature_net.file", "its output is not one feature vector per"
            + " image (got (2, 3, 20, 20)"},
        {"feature_net: {file: junk.pt, input_size: 20, range: [0, 1]}", "feature_net.file", "it is not a TorchScript file"},
        {"feature_net: {file: missing.pt, input_size: 20, range: [0, 1]}", "feature_net.file", "no such file"},
        {"feature_net: {file: unpooled.pt, input_size: 0, range: [0, 1]}", "feature_net.input_size", "out of range"},
        {"feature_net: {file: unpooled.pt, input_size: 20, range: [1, 0]}", "feature_net.range", "low is not below high"},
        {"feature_net: {file: unpooled.pt, range: [0, 1]}", "feature_net.input_size", "input_size is missing"},
        {"feature_net: unpooled.pt", "feature_net", "not a mapping"},
        {"ring8 feature_net: {file: unpooled.pt, input_size: 20, range: [0, 1]}", "feature_net", "a feature network scores images"},
        {"feature_file feature_net: {file: unpooled.pt, input_size: 20, range: [0, 1]}", "parameters.feature_file",
            "the feature_net section sets it"}}) {
      String text = spec("bad", c[0].replaceFirst("^(ring8|feature_file) ", "") + "\n");
      if (c[0].startsWith("ring8 ")) {
        text = text.replace("{value: shapes}", "{value: ring8}");
      } else if (c[0].startsWith("feature_file ")) {
        text = text.replace("  loss:", "  feature_file: {value: none}\n  loss:");
      }
      Path spec = Files.writeString(dir.resolve("bad.yaml"), text);
      Path out = dir.resolve("bad-out");
      GansweepTest.Result r = GansweepTest.run("run", spec.toString(), "--out", out.toString());
      assertEquals(2, r.status(), c[0] + ": " + r.err() + r.out());
      assertTrue(r.err().contains(c[1]) && r.err().contains(c[2]), c[0] + ": " + r.err());
      // The spec loader's form: its header line, then one line for the one problem.
      assertEquals(2, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().lines().skip(1).findFirst().orElseThrow().strip().startsWith(c[1] + " (line "), r.err());
      assertFalse(Files.exists(out), "nothing written: " + c[0]);
    }
  }
}
