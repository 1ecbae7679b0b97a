package io.gansweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.MetricRow;
import io.gansweep.trial.SampleGrid;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialResult;
import io.gansweep.trial.TrialStatus;
import io.gansweep.trial.TrialTask;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackedTrainerTest {

  static TrialTask task(TrialConfig c) {
    return new TrialTask("pack", 0, c, 0, "cpu", 1, null);
  }

  /** hinge + gp (interpolates), equalized init (run-time scale), 2 D and 2 G steps: every path a pack stacks. */
  static TrialConfig config(long seed, double lrG, double ttur, Object... more) {
    Object[] kv = {Hyperparameter.STEPS, 60, Hyperparameter.HIDDEN, 32, Hyperparameter.LOSS, "hinge",
        Hyperparameter.PENALTY, "gp", Hyperparameter.INIT, "equalized", Hyperparameter.D_STEPS, 2, Hyperparameter.G_STEPS, 2,
        Hyperparameter.LR_G, lrG, Hyperparameter.TTUR, ttur, Hyperparameter.LOG_EVERY, 5, Hyperparameter.EVAL_EVERY, 30,
        Hyperparameter.EVAL_SAMPLES, 300};
    Object[] all = new Object[kv.length + more.length];
    System.arraycopy(kv, 0, all, 0, kv.length);
    System.arraycopy(more, 0, all, kv.length, more.length);
    return TrialRunnerTest.config(seed, all);
  }

  /**
   * Relative gap between two values of one metric. A pack sums in batched matmuls where a trial
   * alone uses plain ones, so values agree to float32 rounding at first and drift apart slowly (GAN
   * training amplifies differences); 1e-3 over 60 rounds leaves two orders of margin over the
   * largest gap measured, under 1e-5.
   */
  static void assertClose(Double alone, Double packed, String what) {
    if (alone == null) {
      assertNull(packed, what);
      return;
    }
    assertNotNull(packed, what);
    assertTrue(Math.abs(alone - packed) <= 1e-3 * Math.max(1, Math.abs(alone)), what + ": alone " + alone + ", packed " + packed);
  }

  static void assertSameRows(List<MetricRow> alone, List<MetricRow> packed, String trial) {
    assertEquals(alone.size(), packed.size(), trial + " rows");
    for (int i = 0; i < alone.size(); i++) {
      MetricRow a = alone.get(i);
      MetricRow p = packed.get(i);
      String at = trial + " step " + a.step();
      assertEquals(a.step(), p.step(), at);
      assertClose(a.dLoss(), p.dLoss(), at + " d_loss");
      assertClose(a.gLoss(), p.gLoss(), at + " g_loss");
      assertClose(a.dReal(), p.dReal(), at + " d_real");
      assertClose(a.dFake(), p.dFake(), at + " d_fake");
      assertClose(a.gradNormD(), p.gradNormD(), at + " grad_norm_d");
      assertClose(a.gradNormG(), p.gradNormG(), at + " grad_norm_g");
      assertClose(a.quality() == null ? null : a.quality().distance(), p.quality() == null ? null : p.quality().distance(), at + " distance");
      assertClose(a.quality() == null ? null : a.quality().fd(), p.quality() == null ? null : p.quality().fd(), at + " fd");
    }
  }

  /** The last evaluation's points (the samples table) of a packed trial are those it would generate alone. */
  static void assertSamePoints(TrialResult alone, TrialResult packed, String trial) {
    assertNotNull(alone.points(), trial);
    assertNotNull(packed.points(), trial);
    assertEquals(alone.points().step(), packed.points().step(), trial + " points step");
    float[] a = alone.points().xy();
    float[] p = packed.points().xy();
    assertEquals(a.length, p.length, trial + " points");
    for (int j = 0; j < a.length; j++) {
      assertClose((double) a[j], (double) p[j], trial + " point coordinate " + j);
    }
  }

  @Test
  void packedTrialsTrainAsEachWouldAlone() {
    List<TrialConfig> configs = List.of(config(1, 1e-4, 1), config(2, 2e-4, 2), config(3, 5e-5, 4));
    List<TrialResult> packed = TrialRunner.runPacked(configs.stream().map(PackedTrainerTest::task).toList());
    assertEquals(3, packed.size());
    for (int i = 0; i < configs.size(); i++) {
      TrialResult alone = TrialRunner.run(task(configs.get(i)));
      TrialResult p = packed.get(i);
      assertEquals(TrialStatus.COMPLETED, p.summary().status(), p.summary().error());
      assertEquals(configs.get(i), p.summary().task().config());
      assertSameRows(alone.metrics(), p.metrics(), configs.get(i).trialId());
      assertSamePoints(alone, p, configs.get(i).trialId());
    }
    assertFalse(packed.get(0).metrics().get(5).dLoss().equals(packed.get(1).metrics().get(5).dLoss()), "trials of a pack differ");
  }

  /**
   * The recipes whose networks keep per-network state train in packs as each would alone: spectral
   * norm in D (a u vector per row), dropout in D (each row's masks from its own trial's stream)
   * and batch norm in G (each trial's statistics over its own batch, running statistics per row,
   * read by the evaluations). Same tolerance as the plain pack (assertClose); lr_g and ttur
   * differ within each pack, so a row mixed up with another's would show.
   */
  @Test
  void packsWithSpectralNormDropoutAndBatchNormTrainAsEachWouldAlone() {
    Object[][] recipes = {{Hyperparameter.SPECTRAL_NORM, true}, {Hyperparameter.DROPOUT_D, 0.2},
        {Hyperparameter.BATCH_NORM, true, Hyperparameter.BN_MOMENTUM, 0.2},
        {Hyperparameter.SPECTRAL_NORM, true, Hyperparameter.DROPOUT_D, 0.3, Hyperparameter.BATCH_NORM, true}};
    for (Object[] recipe : recipes) {
      List<TrialConfig> configs = List.of(config(1, 1e-4, 1, recipe), config(2, 3e-4, 2, recipe), config(3, 5e-5, 4, recipe));
      String name = java.util.Arrays.toString(recipe);
      assertTrue(PackedTrainer.packable(configs.get(0)), name);
      List<TrialResult> packed = TrialRunner.runPacked(configs.stream().map(PackedTrainerTest::task).toList());
      for (int i = 0; i < configs.size(); i++) {
        TrialResult alone = TrialRunner.run(task(configs.get(i)));
        TrialResult p = packed.get(i);
        assertEquals(TrialStatus.COMPLETED, p.summary().status(), name + ": " + p.summary().error());
        assertSameRows(alone.metrics(), p.metrics(), name + " " + configs.get(i).trialId());
        assertSamePoints(alone, p, name + " " + configs.get(i).trialId());
      }
    }
  }

  /**
   * A small DCGAN trial for packs: base 8 channels, batch 16, latent 8, 20 rounds of hinge + gp
   * (interpolates and the closed-form input gradient through the grouped convolutions) with
   * equalized init (run-time scales), 2 D steps; evaluations (FD under the pinned feature network)
   * at rounds 0, 10 and 20 on 200 samples.
   */
  static TrialConfig dcgan(long seed, double lrG, double ttur, Object... more) {
    Object[] kv = {Hyperparameter.HIDDEN, 8, Hyperparameter.BATCH_SIZE, 16, Hyperparameter.LATENT_DIM, 8, Hyperparameter.LR_G, lrG,
        Hyperparameter.TTUR, ttur, Hyperparameter.LOSS, "hinge", Hyperparameter.PENALTY, "gp", Hyperparameter.INIT, "equalized",
        Hyperparameter.D_STEPS, 2, Hyperparameter.LOG_EVERY, 5, Hyperparameter.EVAL_EVERY, 10, Hyperparameter.EVAL_SAMPLES, 200};
    Object[] all = java.util.Arrays.copyOf(kv, kv.length + more.length);
    System.arraycopy(more, 0, all, kv.length, more.length);
    return ImageTrialTest.dcgan(seed, 20, all);
  }

  /**
   * Packs of 3 DCGAN trials (grouped convolutions, StackedConvNet) train as each would alone: the
   * plain recipe, spectral norm with r1, dropout, batch norm, and all three at once; the rows
   * (losses, D means, gradient norms, FD) within the tolerance of {@link #assertClose}, the same
   * grid steps and feature network. lr_g and ttur differ within each pack, so a row or channel
   * mixed up with another trial's would show. Grouped convolutions sum in another order than a
   * trial's own convolutions; the largest gap measured over these 20 rounds was 6e-5 (FD under
   * batch norm), so 1e-3 leaves more than an order of magnitude of margin.
   */
  @Test
  void dcganPacksTrainAsEachWouldAlone() {
    Object[][] recipes = {{}, {Hyperparameter.SPECTRAL_NORM, true, Hyperparameter.PENALTY, "r1"}, {Hyperparameter.DROPOUT_D, 0.2},
        {Hyperparameter.BATCH_NORM, true, Hyperparameter.BN_MOMENTUM, 0.2},
        {Hyperparameter.SPECTRAL_NORM, true, Hyperparameter.DROPOUT_D, 0.3, Hyperparameter.BATCH_NORM, true}};
    for (Object[] recipe : recipes) {
      List<TrialConfig> configs = List.of(dcgan(1, 2e-4, 1, recipe), dcgan(2, 5e-4, 2, recipe), dcgan(3, 1e-4, 4, recipe));
      String name = "dcgan " + java.util.Arrays.toString(recipe);
      assertTrue(PackedTrainer.packable(configs.get(0)), name);
      List<TrialResult> packed = TrialRunner.runPacked(configs.stream().map(PackedTrainerTest::task).toList());
      for (int i = 0; i < configs.size(); i++) {
        TrialResult alone = TrialRunner.run(task(configs.get(i)));
        TrialResult p = packed.get(i);
        String trial = name + " " + configs.get(i).trialId();
        assertEquals(TrialStatus.COMPLETED, p.summary().status(), name + ": " + p.summary().error());
        assertEquals(1 + 4, p.metrics().size(), trial + ": rows at 0, 5, 10, 15, 20");
        assertSameRows(alone.metrics(), p.metrics(), trial);
        assertEquals(alone.samples().stream().map(SampleGrid::step).toList(), p.samples().stream().map(SampleGrid::step).toList(),
            trial + " grids");
        assertNotNull(p.summary().featureNet(), trial);
        assertEquals(alone.summary().featureNet(), p.summary().featureNet(), trial + " feature network");
        assertNull(p.points(), trial + ": images have no points");
      }
      assertFalse(packed.get(0).metrics().get(2).dLoss().equals(packed.get(1).metrics().get(2).dLoss()), name + ": trials of a pack differ");
    }
  }

  /** lsgan at lr_g 10 blows up within 500 rounds (TrialRunnerTest); its pack mates must not notice. */
  @Test
  void aDivergingTrialStopsAloneAndItsPackMatesGoOn() {
    TrialConfig wild = TrialRunnerTest.config(0, Hyperparameter.LOSS, "lsgan", Hyperparameter.LR_G, 10.0, Hyperparameter.LAYERS, 4,
        Hyperparameter.STEPS, 500, Hyperparameter.LOG_EVERY, 5, Hyperparameter.EVAL_SAMPLES, 200);
    TrialConfig calm = TrialRunnerTest.config(1, Hyperparameter.LOSS, "lsgan", Hyperparameter.LR_G, 1e-4, Hyperparameter.LAYERS, 4,
        Hyperparameter.STEPS, 500, Hyperparameter.LOG_EVERY, 5, Hyperparameter.EVAL_SAMPLES, 200);
    List<TrialResult> packed = TrialRunner.runPacked(List.of(task(wild), task(calm)));
    TrialResult w = packed.get(0);
    assertEquals(TrialStatus.DIVERGED, w.summary().status());
    assertEquals(TrialRunner.run(task(wild)).summary().divergedStep(), w.summary().divergedStep(), "diverges at the step it does alone");
    TrialResult c = packed.get(1);
    assertEquals(TrialStatus.COMPLETED, c.summary().status(), c.summary().error());
    assertSameRows(TrialRunner.run(task(calm)).metrics().subList(0, 13), c.metrics().subList(0, 13), "calm");
    assertEquals(1 + 100, c.metrics().size(), "every logged step to the end");
  }

  /**
   * Every catalog entry is classified (the switch in {@link Hyperparameter#packing} does not
   * compile otherwise), and packing obeys the class. PER_TRIAL and SHARED values are applied: with
   * each such hyperparameter moved off a small base, a pack of one writes the rows the trial writes
   * alone (a SHARED value the packed path ignored would differ here), and a SHARED value splits
   * packs. An ALONE_UNLESS_DEFAULT value away from its default trains alone. 20 rounds keep the
   * 2 x 20 runs to seconds; the rows agree to float32 rounding (assertClose).
   */
  @Test
  void everyHyperparameterIsAppliedInPacksOrTrainsAlone() {
    Object[] small = {Hyperparameter.STEPS, 20, Hyperparameter.HIDDEN, 16, Hyperparameter.BATCH_SIZE, 64,
        Hyperparameter.LOG_EVERY, 5, Hyperparameter.EVAL_EVERY, 10, Hyperparameter.EVAL_SAMPLES, 100};
    TrialConfig base = TrialRunnerTest.config(1, small);
    assertTrue(PackedTrainer.packable(base), "the defaults pack");
    for (Hyperparameter<?> h : Hyperparameter.values()) {
      // data_range maps image pixels (refused for points): on shapes, the DCGAN's stack maps G's output as G alone does
      boolean images = h == Hyperparameter.DATA_RANGE;
      Object[] kv = java.util.Arrays.copyOf(small, small.length + (images ? 4 : 2));
      kv[small.length] = h;
      kv[small.length + 1] = otherValue(h, base.get(h));
      if (images) {
        kv[small.length + 2] = Hyperparameter.DATASET;
        kv[small.length + 3] = "shapes";
      }
      TrialConfig other = TrialRunnerTest.config(1, kv);
      Hyperparameter.Packing packing = h.packing();
      if (packing == Hyperparameter.Packing.ALONE_UNLESS_DEFAULT) {
        assertFalse(PackedTrainer.packable(other), h.key() + " " + other.get(h) + " trains alone");
        continue;
      }
      assertTrue(PackedTrainer.packable(other), h.key());
      assertEquals(packing == Hyperparameter.Packing.PER_TRIAL, PackedTrainer.packKey(base).equals(PackedTrainer.packKey(other)),
          h.key() + (packing == Hyperparameter.Packing.PER_TRIAL ? " may differ within a pack" : " splits packs"));
      TrialResult packed = TrialRunner.runPacked(List.of(task(other))).get(0);
      assertEquals(TrialStatus.COMPLETED, packed.summary().status(), h.key() + ": " + packed.summary().error());
      assertSameRows(TrialRunner.run(task(other)).metrics(), packed.metrics(), h.key() + " " + other.get(h));
    }
  }

  /** A valid value of {@code h} other than {@code now} (a 2-D dataset for dataset). */
  static Object otherValue(Hyperparameter<?> h, Object now) {
    if (now instanceof Boolean b) {
      return !b;
    }
    if (h.type() == io.gansweep.trial.ParamType.CHOICE) {
      String wire = io.gansweep.trial.Values.canonical(now);
      // an entry standing for any name or text gets one that trains here: model mlp (ring8's own), a made-up checksum
      return h.choices().stream().filter(c -> !c.equals(wire) && !c.startsWith("idx:") && !c.equals("shapes"))
          .map(c -> c.replace("<name>", "mlp").replace("<path>", "0")).findFirst().orElseThrow();
    }
    var range = h.range().orElseThrow();
    double v = ((Number) now).doubleValue();
    boolean integral = now instanceof Integer;
    for (double c : new double[] {v * 2, v + 1, v / 2, v - 1, v + 0.1, (range.min() + range.max()) / 2}) {
      double candidate = integral ? Math.rint(c) : c;
      if (candidate != v && range.contains(candidate)) {
        return integral ? (Object) (int) candidate : (Object) candidate;
      }
    }
    throw new AssertionError("no other value of " + h.key());
  }

  @Test
  void unpackableTrialsAreRefusedWithTheReason() {
    assertFalse(PackedTrainer.packable(TrialRunnerTest.BUSY), "feature matching");
    assertTrue(PackedTrainer.packable(config(1, 1e-4, 1)));
    assertEquals(PackedTrainer.packKey(config(1, 1e-4, 1)), PackedTrainer.packKey(config(2, 3e-4, 2)), "seed, lr_g and ttur may differ");
    assertFalse(PackedTrainer.packKey(config(1, 1e-4, 1)).equals(PackedTrainer.packKey(config(1, 1e-4, 1, Hyperparameter.HIDDEN, 16))));
    List<TrialResult> r = TrialRunner.runPacked(List.of(task(config(1, 1e-4, 1)), task(config(2, 1e-4, 1, Hyperparameter.HIDDEN, 16))));
    assertEquals(2, r.size());
    for (TrialResult t : r) {
      assertEquals(TrialStatus.FAILED, t.summary().status());
      assertTrue(t.summary().error().contains("Cannot pack trials"), t.summary().error());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PackedTrainer(List.of(TrialRunnerTest.BUSY), null, System::nanoTime));
    assertTrue(e.getMessage().contains("allowed trials without feature matching"), e.getMessage());
  }
}
