package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.dispatch.DuckDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep of the example TorchScript ring8 pair through the command line on local Spark, with
 * successive halving: the files are pinned under OUT/models, every trial names them by checksum
 * in the trials table (read back by DuckDB, a second reader), rungs pause and resume TorchScript
 * trials from checkpoints, and the analysis ranks the configurations.
 */
class TorchScriptSweepTest {

  private static final Path EXAMPLES = Path.of("..", "examples", "torchscript").toAbsolutePath().normalize();

  @Test
  void aTorchScriptSweepWithRungsTrainsPinsAndRanks(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("nets.yaml");
    Files.writeString(spec, """
        name: ts-rungs
        method: grid
        replicates: 2
        model: {type: torchscript, generator: %s, discriminator: %s}
        early_terminate: {type: successive_halving, min_iter: 100, eta: 2}
        parameters:
          latent_dim: {value: 2}
          steps: {value: 200}
          batch_size: {value: 64}
          eval_every: {value: 100}
          eval_samples: {value: 200}
          log_every: {value: 20}
          penalty: {value: r1}
          lr_g: {values: [1.0e-4, 1.0e-3]}
        resources: {gpus_per_trial: 0, cpus_per_trial: 1}
        """.formatted(EXAMPLES.resolve("ring8_g.pt"), EXAMPLES.resolve("ring8_d.pt")));
    String out = dir.resolve("out").toString();
    GansweepTest.Result r = GansweepTest.run("run", spec.toString(), "--out", out, "--master", "local[2]");
    assertEquals(0, r.status(), r.err() + r.out());
    assertTrue(r.out().contains("pinned under models/"), r.out());
    try (var pinned = Files.list(Path.of(out, "models"))) {
      assertEquals(2, pinned.filter(p -> p.toString().endsWith(".pt")).count());
    }
    String trials = "read_parquet('" + out + "/trials/*/*.parquet')";
    assertEquals(Set.of("torchscript|torch_default|4"), DuckDb.strings("SELECT DISTINCT model || '|' || init || '|' || count(*) "
        + "OVER ()::VARCHAR FROM " + trials));
    assertEquals(Set.of("sha256:" + hex(EXAMPLES.resolve("ring8_g.pt"))), DuckDb.strings("SELECT DISTINCT generator_file FROM " + trials));
    assertEquals(Set.of("COMPLETED", "PRUNED"), DuckDb.strings("SELECT DISTINCT status FROM " + trials),
        "successive halving with eta 2 keeps one of two configurations");
    assertTrue(r.out().contains("stability ranking of ts-rungs-"), r.out());
  }

  private static String hex(Path file) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
