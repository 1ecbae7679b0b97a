package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SCIENCE.md's known outcome on ring8, end to end (spec, Spark, training, analysis): with the
 * networks most PyTorch code runs (ReLU, nn.Linear's default init), plain nsgan at lr 1e-4
 * collapses in most seeds and ranks below nsgan + R1 (gamma 1), which is stable in every seed.
 * Thresholds are the labels themselves, not numbers of one run: the seed-to-seed spread of the
 * plain GAN is large, so "most seeds" is asserted as at least 2 of 3 not stable. Long: 6 trials of
 * 15,000 rounds at batch 512 in two packs of three, a 722 s Spark job on 2 cores (2026-12-02:
 * R1 3/3 stable, plain 3/3 mode_collapse with 1 of 8 modes). Tagged slow (run with
 * {@code mvn -B verify -Dgansweep.excludedGroups=gpu -pl sweep-driver -am -Dtest=KnownOutcomesTest
 * -Dsurefire.failIfNoSpecifiedTests=false}; {@code -Dgroups=slow} selects nothing, the exclusion wins).
 */
@Tag("slow")
class KnownOutcomesTest {

  @Test
  void ring8PlainNsganCollapsesAndR1IsStableInEverySeed(@TempDir Path dir) throws Exception {
    GansweepTest.Result r = GansweepTest.run("run", "src/test/resources/specs/outcomes/ring8-r1.yaml", "--out",
        dir.toString(), "--master", "local[2]", "--conf", "spark.ui.showConsoleProgress=false");
    assertEquals(0, r.status(), r.err());
    System.out.println(r.out());
    List<Map<String, String>> ranking = readCsv(onlyFile(dir.resolve("analysis"), "ranking.csv"));
    assertEquals(2, ranking.size());
    Map<String, String> r1 = ranking.get(0);
    Map<String, String> plain = ranking.get(1);
    assertEquals("r1", r1.get("penalty"), "R1 ranks first: " + ranking);
    assertEquals("3", r1.get("stable_seeds"), r1.get("why"));
    assertEquals("stable", r1.get("label"));
    assertEquals("none", plain.get("penalty"));
    assertTrue(Integer.parseInt(plain.get("stable_seeds")) <= 1, "plain nsgan is stable in at most 1 of 3 seeds: " + plain.get("why"));
    assertTrue(plain.get("label").equals("mode_collapse") || plain.get("label").equals("d_collapse"), plain.get("why"));
  }

  /**
   * Practitioner note 001 claims G's update must reuse the z of D's step (same): with a fresh z the
   * model "does not train well". Measured 2026-12-07 on the quickstart's stable recipe (nsgan, lr
   * 1e-4, 3x128 MLPs, ring8, 3,000 rounds): gansweep same 4/4 stable (median distance 0.0111),
   * fresh 4/4 stable (0.0095); the PyTorch reference on the TorchScript twin
   * ({@code train_reference.py --seeds 0..7 --g-step-noise same|fresh}) 6/8 stable both ways. The
   * claim is refuted here: both ways must be stable in at least 3 of 4 seeds (one seed of margin,
   * as PyTorch's 2 of 8 unconverged seeds show such a miss happens either way). About 8 minutes of
   * Spark job on an idle 2-core machine.
   */
  @Test
  void ring8FreshZForGTrainsAsStablyAsTheSameZ(@TempDir Path dir) throws Exception {
    GansweepTest.Result r = GansweepTest.run("run", "src/test/resources/specs/outcomes/ring8-g-step-noise.yaml", "--out",
        dir.toString(), "--master", "local[2]", "--conf", "spark.ui.showConsoleProgress=false");
    assertEquals(0, r.status(), r.err());
    System.out.println(r.out());
    List<Map<String, String>> ranking = readCsv(onlyFile(dir.resolve("analysis"), "ranking.csv"));
    assertEquals(2, ranking.size());
    for (Map<String, String> c : ranking) {
      assertTrue(Integer.parseInt(c.get("stable_seeds")) >= 3, c.get("g_step_noise") + " is stable in fewer than 3 of 4 seeds: " + c.get("why"));
      assertEquals("stable", c.get("label"), c.get("g_step_noise"));
    }
  }

  /**
   * Practitioner note 003 claims gradient clipping rescues a configuration that diverges without
   * it. Measured 2026-12-07: nsgan on the 3x128 MLPs at lr 3e-2 (300 times the stable rate), ring8,
   * 1,000 rounds, 4 seeds: gansweep without clipping diverged in 2/4 seeds (g_loss beyond 1e6 at
   * rounds 962 and 825; median distance 1.36), with grad_clip 1.0 in 0/4 (median distance 0.19);
   * the PyTorch reference ({@code train_reference.py --lr 3e-2 --steps 1000 --grad-clip 0|1},
   * gradient norms logged before clipping) alike, 2/4 diverged (slow explosion, gradient norm 129
   * and 2,448 times its early median) against 0/4. Neither way is stable in any seed: clipping
   * turns divergence into mode collapse, it does not make the configuration train. So the claim
   * holds for divergence only. Asserted with a seed of margin: clipped at most 1 of 4 diverged,
   * unclipped at least one more, and the clipped configuration's verdict is not diverged. About 4
   * minutes of Spark job on a loaded 2-core machine.
   */
  @Test
  void ring8GradClipTurnsDivergenceIntoCollapse(@TempDir Path dir) throws Exception {
    GansweepTest.Result r = GansweepTest.run("run", "src/test/resources/specs/outcomes/ring8-grad-clip.yaml", "--out",
        dir.toString(), "--master", "local[2]", "--conf", "spark.ui.showConsoleProgress=false");
    assertEquals(0, r.status(), r.err());
    System.out.println(r.out());
    List<Map<String, String>> ranking = readCsv(onlyFile(dir.resolve("analysis"), "ranking.csv"));
    assertEquals(2, ranking.size());
    Map<String, Integer> diverged = new HashMap<>();
    Map<String, String> labels = new HashMap<>();
    for (Map<String, String> c : ranking) {
      diverged.put(c.get("grad_clip"), (int) java.util.Arrays.stream(c.get("seed_labels").split(",")).filter("diverged"::equals).count());
      labels.put(c.get("grad_clip"), c.get("label"));
    }
    int clipped = diverged.get("1");
    int plain = diverged.get("0");
    assertTrue(clipped <= 1, "clipped diverged in " + clipped + " of 4 seeds: " + ranking);
    assertTrue(plain >= clipped + 1, "unclipped diverged in " + plain + " of 4 seeds, clipped in " + clipped + ": " + ranking);
    assertTrue(!labels.get("1").equals("diverged"), "the clipped configuration's verdict: " + labels.get("1"));
  }

  /**
   * Practitioner note 002 claims N(0, 0.02) init trains the DCGAN and N(0, 0.2) fails. Measured
   * 2026-12-07 on the built-in DCGAN (base 32, latent 32) on shapes, nsgan, Adam 2e-4 beta1 0.5,
   * batch 64, 400 rounds, 4 seeds: gansweep 0.02 median FD 2,240 (worst 4,211), 0.2 median 2,637
   * (worst 2,822), both mode_collapse in 4/4 seeds at 400 rounds, ranked in one group; the PyTorch
   * reference ({@code dcgan_init_reference.py}, FD of pooled pixels) 0.02 median 4.2, 0.2 median 7.7,
   * both falling to 0.10 and 0.23 of their start. So 0.2 trains, somewhat worse in the median: the
   * claim that it fails is refuted on this setup. Asserted with margin: no seed of either diverges,
   * and 0.2's median FD is below twice 0.02's (measured 1.18 times). A 16-minute Spark job on the
   * loaded 2-core machine.
   */
  @Test
  void dcganInitStdPoint2TrainsNearPoint02(@TempDir Path dir) throws Exception {
    GansweepTest.Result r = GansweepTest.run("run", "src/test/resources/specs/outcomes/shapes-init-std.yaml", "--out",
        dir.toString(), "--master", "local[2]", "--conf", "spark.ui.showConsoleProgress=false");
    assertEquals(0, r.status(), r.err());
    System.out.println(r.out());
    List<Map<String, String>> ranking = readCsv(onlyFile(dir.resolve("analysis"), "ranking.csv"));
    assertEquals(2, ranking.size());
    Map<String, Double> median = new HashMap<>();
    for (Map<String, String> c : ranking) {
      assertTrue(!c.get("seed_labels").contains("diverged"), "init_std " + c.get("init_std") + ": " + c.get("why"));
      median.put(c.get("init_std"), Double.parseDouble(c.get("median_quality")));
    }
    assertTrue(median.get("0.2") < 2 * median.get("0.02"), "median FD: " + median);
  }

  private static Path onlyFile(Path analysis, String name) {
    File[] sweeps = analysis.toFile().listFiles();
    assertEquals(1, sweeps.length);
    return sweeps[0].toPath().resolve(name);
  }

  /** A CSV with quoted fields (the why text holds commas). */
  static List<Map<String, String>> readCsv(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file);
    List<String> header = fields(lines.get(0));
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = fields(line);
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), f.get(i));
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
