package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.dispatch.DuckDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeds grid through the command line on local Spark: init_seed and data_seed swept, noise held.
 * The four trials are one configuration; the trials table (read back by DuckDB, a second reader)
 * holds each trial's stream seeds; the analysis writes and prints where the spread comes from; and
 * a rerun finds every trial committed (the stream seeds are part of each trial's identity).
 */
class SeedsSweepTest {

  @Test
  void aSeedsGridTrainsOneConfigurationAndDecomposesItsSpread(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("seeds.yaml");
    Files.writeString(spec, """
        name: seeds-grid
        replicates: 1
        parameters:
          steps: {value: 100}
          hidden: {value: 32}
          latent_dim: {value: 2}
          log_every: {value: 20}
          eval_every: {value: 100}
          eval_samples: {value: 200}
          init_seed: {values: [0, 1]}
          data_seed: {values: [0, 1]}
          noise_seed: {value: 5}
        resources: {gpus_per_trial: 0, cpus_per_trial: 1}
        """);
    String out = dir.resolve("out").toString();
    GansweepTest.Result r = GansweepTest.run("run", spec.toString(), "--out", out, "--master", "local[2]");
    assertEquals(0, r.status(), r.err() + r.out());
    String trials = "read_parquet('" + out + "/trials/*/*.parquet')";
    assertEquals(Set.of("1"), DuckDb.strings("SELECT count(DISTINCT config_id)::VARCHAR FROM " + trials));
    assertEquals(Set.of("0 0 5", "0 1 5", "1 0 5", "1 1 5"),
        DuckDb.strings("SELECT init_seed || ' ' || data_seed || ' ' || noise_seed FROM " + trials));
    assertEquals(Set.of("4"), DuckDb.strings("SELECT count(DISTINCT trial_id)::VARCHAR FROM " + trials));
    assertEquals(Set.of("4"), DuckDb.strings("SELECT count(DISTINCT d_loss)::VARCHAR FROM read_parquet('" + out
        + "/metrics/*/*.parquet') WHERE step = 100"), "each trial trains differently");
    assertTrue(r.out().contains("which random stream the seed-to-seed spread comes from"), r.out());
    assertTrue(r.out().contains("init 2 seeds: verdict"), r.out());
    assertTrue(r.out().contains("noise held"), r.out());
    Path csv;
    try (Stream<Path> files = Files.walk(Path.of(out, "analysis"))) {
      csv = files.filter(p -> p.getFileName().toString().equals("seed_sources.csv")).findFirst().orElseThrow();
    }
    List<String> lines = Files.readAllLines(csv);
    assertEquals("config_id,source,levels,verdict_eta_squared,quality_eta_squared", lines.get(0));
    assertEquals(List.of("init", "data", "noise"), lines.subList(1, lines.size()).stream().map(l -> l.split(",")[1]).toList());
    GansweepTest.Result again = GansweepTest.run("run", spec.toString(), "--out", out, "--master", "local[2]");
    assertEquals(0, again.status(), again.err() + again.out());
    assertTrue(again.out().contains("4 already committed (skipped), 0 to run"), again.out());
  }
}
