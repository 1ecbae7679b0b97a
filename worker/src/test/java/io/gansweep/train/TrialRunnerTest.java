package io.gansweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.InitScheme;
import io.gansweep.trial.LossKind;
import io.gansweep.trial.MetricRow;
import io.gansweep.trial.OptimizerKind;
import io.gansweep.trial.PenaltyKind;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialResult;
import io.gansweep.trial.TrialStatus;
import io.gansweep.trial.TrialTask;
import io.gansweep.trial.WireEnum;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class TrialRunnerTest {

  static TrialConfig config(long seed, Object... keyValues) {
    Map<Hyperparameter<?>, Object> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((Hyperparameter<?>) keyValues[i], keyValues[i + 1]);
    }
    return TrialConfig.of(m, seed);
  }

  static TrialResult run(TrialConfig c) {
    return TrialRunner.run(new TrialTask("test", 0, c, 0, "cpu", 1, null));
  }

  static List<MetricRow> rows(TrialResult r) {
    return r.metrics().stream().map(MetricRow::withoutTime).toList();
  }

  /** Every random path at once: dropout, spectral norm, gp interpolates, several D and G steps. */
  static final TrialConfig BUSY = config(3,
      Hyperparameter.STEPS, 120, Hyperparameter.HIDDEN, 32, Hyperparameter.DROPOUT_D, 0.2,
      Hyperparameter.SPECTRAL_NORM, true, Hyperparameter.PENALTY, "gp", Hyperparameter.D_STEPS, 2,
      Hyperparameter.G_STEPS, 2, Hyperparameter.FEATURE_MATCHING, 0.1, Hyperparameter.LOG_EVERY, 10,
      Hyperparameter.EVAL_EVERY, 40, Hyperparameter.EVAL_SAMPLES, 500);

  static final TrialConfig BATCH_NORM = config(5,
      Hyperparameter.STEPS, 120, Hyperparameter.HIDDEN, 32, Hyperparameter.BATCH_NORM, true,
      Hyperparameter.LOSS, "hinge", Hyperparameter.PENALTY, "r1", Hyperparameter.INIT, "orthogonal",
      Hyperparameter.LOG_EVERY, 10, Hyperparameter.EVAL_EVERY, 40, Hyperparameter.EVAL_SAMPLES, 500);

  @Test
  void sameConfigAndSeedGiveIdenticalMetricRows() {
    TrialResult a = run(BUSY);
    TrialResult b = run(BUSY);
    assertEquals(TrialStatus.COMPLETED, a.summary().status(), a.summary().error());
    assertEquals(1 + 12, a.metrics().size(), "step 0 plus every 10th step");
    assertEquals(rows(a), rows(b));
    assertTrue(!rows(a).equals(rows(run(config(4, BUSY)))), "another seed trains differently");
  }

  /**
   * The three stream seeds are the only way the trial's seed reaches training: with all three given,
   * another seed trains exactly the same rows; a seed key left at FOLLOW is the seed; and each key
   * on its own changes the rows (so none is ignored). BUSY has every random path: init, batches, z,
   * dropout masks and gp's interpolation points.
   */
  @Test
  void eachStreamSeedDrivesItsOwnDraws() {
    List<MetricRow> busy = rows(run(BUSY));
    TrialConfig pinned = BUSY.with(Hyperparameter.INIT_SEED, 3).with(Hyperparameter.DATA_SEED, 3).with(Hyperparameter.NOISE_SEED, 3);
    assertEquals(busy, rows(run(pinned)), "seeds given as the trial's seed");
    assertEquals(busy, rows(run(pinned.withSeed(4))), "another trial seed with every stream seed held");
    for (Hyperparameter<Integer> h : List.of(Hyperparameter.INIT_SEED, Hyperparameter.DATA_SEED, Hyperparameter.NOISE_SEED)) {
      List<MetricRow> other = rows(run(pinned.with(h, 4)));
      assertEquals(busy.size(), other.size(), h.key());
      assertTrue(!busy.equals(other), h.key() + " 4 trains as seed 3 does: the key is ignored");
    }
  }

  /**
   * Every key of the catalog reaches training: set away from its value in a busy small trial (every
   * random path and penalty on, so that no key is dormant), each changes the metrics rows, or is
   * listed here with the reason it cannot. A key added to the catalog and forgotten by the trainer
   * fails this test.
   */
  @Test
  void everyKeyChangesTheRowsOrSaysWhyNot() {
    Map<Hyperparameter<?>, String> exempt = Map.of(
        Hyperparameter.MODEL, "auto on ring8 is mlp: the other value names the same model",
        Hyperparameter.GENERATOR_FILE, "a TorchScript model's file: the built-in mlp refuses it (TorchScriptSweepTest trains one)",
        Hyperparameter.DISCRIMINATOR_FILE, "as generator_file",
        Hyperparameter.DATA_FILE, "a points dataset's file: ring8 has none (PointsSweepTest and PointsTrialTest train on one)",
        Hyperparameter.FEATURE_FILE, "a feature network scores images: ring8 has none (TorchScriptFeaturesTest and FeatureNetSweepTest"
            + " score with one)",
        Hyperparameter.IMAGE_SIZE, "an image folder's decode: ring8 is no folder, and the spec parser refuses it (ImageFolderSweepTest)",
        Hyperparameter.CHANNELS, "as image_size: the folder's decoded pixels, named by data_file, carry it",
        Hyperparameter.DATA_CLASSES, "the class count of a file dataset, set by the spec parser for the analysis' coverage: it"
            + " changes labels, never training (TrialLabelerTest, ImageFolderSweepTest)");
    TrialConfig base = config(3, Hyperparameter.STEPS, 40, Hyperparameter.HIDDEN, 16, Hyperparameter.BATCH_SIZE, 64,
        Hyperparameter.DROPOUT_D, 0.2, Hyperparameter.BATCH_NORM, true, Hyperparameter.PENALTY, "gp", Hyperparameter.D_STEPS, 2,
        Hyperparameter.G_STEPS, 2, Hyperparameter.FEATURE_MATCHING, 0.1, Hyperparameter.GRAD_CLIP, 0.5, Hyperparameter.LOG_EVERY, 10,
        Hyperparameter.EVAL_EVERY, 20, Hyperparameter.EVAL_SAMPLES, 100);
    // keys that only a value of another key reads, changed on a base with that value
    Map<Hyperparameter<?>, TrialConfig> under = Map.of(
        Hyperparameter.MOMENTUM, base.with(Hyperparameter.OPTIMIZER, OptimizerKind.SGD),
        // batch norm couples D's samples: no dropout in the same network, no input-gradient penalty
        Hyperparameter.BATCH_NORM_D, base.with(Hyperparameter.DROPOUT_D, 0.0).with(Hyperparameter.PENALTY, PenaltyKind.NONE),
        Hyperparameter.DROPOUT_G, base.with(Hyperparameter.BATCH_NORM, false),
        Hyperparameter.INIT_STD, base.with(Hyperparameter.INIT, InitScheme.NORMAL),
        Hyperparameter.MINIBATCH_STDDEV, base.with(Hyperparameter.PENALTY, PenaltyKind.NONE),
        Hyperparameter.LR_MULTIPLIER, base.with(Hyperparameter.INIT, InitScheme.EQUALIZED),
        // its first other value, g, beside batch_norm (G's): without it
        Hyperparameter.INSTANCE_NORM, base.with(Hyperparameter.BATCH_NORM, false),
        // image pixels only (refused for points): the DCGAN on shapes
        Hyperparameter.DATA_RANGE, base.with(Hyperparameter.DATASET, "shapes"));
    List<MetricRow> rows = rows(run(base));
    List<String> ignored = new java.util.ArrayList<>();
    for (Hyperparameter<?> h : Hyperparameter.values()) {
      if (exempt.containsKey(h)) {
        continue;
      }
      TrialConfig from = under.getOrDefault(h, base);
      List<MetricRow> before = from == base ? rows : rows(run(from));
      TrialConfig other = from.with(h, PackedTrainerTest.otherValue(h, from.get(h)));
      TrialResult r = run(other);
      assertEquals(TrialStatus.COMPLETED, r.summary().status(), h.key() + ": " + r.summary().error());
      if (rows(r).equals(before)) {
        ignored.add(h.key() + " " + other.get(h));
      }
    }
    assertEquals(List.of(), ignored, "keys whose value does not change the rows");
  }

  static TrialConfig config(long seed, TrialConfig like) {
    return like.withSeed(seed);
  }

  /**
   * Spark runs trials as threads of one executor JVM. Two trials on two threads at once (and the
   * same trial twice at once) must produce exactly the rows they produce one by one.
   */
  @Test
  void concurrentTrialsMatchSequentialOnes() throws Exception {
    List<MetricRow> busy = rows(run(BUSY));
    List<MetricRow> bn = rows(run(BATCH_NORM));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<TrialResult> f1 = pool.submit(() -> run(BUSY));
      Future<TrialResult> f2 = pool.submit(() -> run(BATCH_NORM));
      Future<TrialResult> f3 = pool.submit(() -> run(BUSY));
      assertEquals(busy, rows(f1.get()));
      assertEquals(bn, rows(f2.get()));
      assertEquals(busy, rows(f3.get()));
    } finally {
      pool.shutdown();
    }
  }

  /** Every call site of a scalar product under autograd: lsgan, R1's γ/2, equalized lr scales. */
  static final TrialConfig SCALAR_PRODUCTS = config(6,
      Hyperparameter.STEPS, 150, Hyperparameter.HIDDEN, 32, Hyperparameter.LOSS, "lsgan", Hyperparameter.PENALTY, "r1",
      Hyperparameter.INIT, "equalized", Hyperparameter.FEATURE_MATCHING, 0.1, Hyperparameter.LOG_EVERY, 10,
      Hyperparameter.EVAL_EVERY, 50, Hyperparameter.EVAL_SAMPLES, 200);

  /**
   * A trial's rows must not depend on when the JVM collects garbage. DJL's mul(Number) let
   * backward read a freed Java buffer (see gan.Tensors#times): one R1 trial of a cluster run
   * differed from the same trial run locally. Here a thread collects and reuses direct memory every
   * few milliseconds while the trials train; with mul(Number) back in R1's penalty, a 600-round
   * probe differed from the quiet run in 11 of 12 repeats.
   */
  @Test
  void garbageCollectionDuringTrainingChangesNothing() throws Exception {
    List<MetricRow> busy = rows(run(BUSY));
    List<MetricRow> scalars = rows(run(SCALAR_PRODUCTS));
    AtomicBoolean stop = new AtomicBoolean();
    Thread churn = new Thread(() -> {
      ByteBuffer[] junk = new ByteBuffer[64];
      while (!stop.get()) {
        System.gc();
        for (int i = 0; i < junk.length; i++) {
          junk[i] = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, Float.NaN);
        }
        LockSupport.parkNanos(2_000_000);
      }
    });
    churn.start();
    try {
      assertEquals(busy, rows(run(BUSY)));
      assertEquals(scalars, rows(run(SCALAR_PRODUCTS)));
    } finally {
      stop.set(true);
      churn.join();
    }
  }

  @Test
  void everyLossAndPenaltyTrainsWithFiniteSignals() {
    for (String loss : WireEnum.wireNames(LossKind.class)) {
      for (String penalty : WireEnum.wireNames(PenaltyKind.class)) {
        TrialResult r = run(config(0, Hyperparameter.LOSS, loss, Hyperparameter.PENALTY, penalty,
            Hyperparameter.STEPS, 30, Hyperparameter.HIDDEN, 16, Hyperparameter.LOG_EVERY, 10,
            Hyperparameter.EVAL_SAMPLES, 200, Hyperparameter.INIT, "equalized"));
        String what = loss + "+" + penalty;
        assertEquals(TrialStatus.COMPLETED, r.summary().status(), what + ": " + r.summary().error());
        assertEquals(30, r.summary().stepsDone(), what);
        for (MetricRow row : r.metrics().subList(1, r.metrics().size())) {
          for (Double v : new Double[] {row.dLoss(), row.gLoss(), row.dReal(), row.dFake(), row.gradNormD(), row.gradNormG()}) {
            assertTrue(v != null && Double.isFinite(v), what + " step " + row.step() + ": " + row);
          }
        }
      }
    }
  }

  /**
   * The stabilised recipe of SCIENCE.md (nsgan + R1, γ = 1) on ring8, sized for CI: 2,000 rounds
   * at lr 1e-3, hidden 64. Measured on seed 1: energy distance 0.61 -> 0.017 (36x), modes 0 -> 8,
   * final D loss 1.38. The assertions keep wide margins: a 5x cut, at least 2 modes, D loss within
   * 10% of its equilibrium 2 ln 2 (R1 keeps D from winning).
   */
  @Test
  void nsganWithR1LearnsTheRing() {
    TrialResult r = run(config(1, Hyperparameter.PENALTY, "r1", Hyperparameter.STEPS, 2000,
        Hyperparameter.LR_G, 1.0e-3, Hyperparameter.HIDDEN, 64, Hyperparameter.LOG_EVERY, 100,
        Hyperparameter.EVAL_EVERY, 500, Hyperparameter.EVAL_SAMPLES, 1000));
    assertEquals(TrialStatus.COMPLETED, r.summary().status(), r.summary().error());
    MetricRow first = r.metrics().get(0);
    assertEquals(0, first.step());
    assertTrue(r.summary().finalQuality().distance() < first.quality().distance() / 5,
        "distance " + first.quality().distance() + " -> " + r.summary().finalQuality().distance());
    assertTrue(r.summary().finalQuality().modes() > first.quality().modes() && r.summary().finalQuality().modes() >= 2,
        "modes " + first.quality().modes() + " -> " + r.summary().finalQuality().modes());
    assertEquals(2 * Math.log(2), r.summary().finalDLoss(), 0.1 * 2 * Math.log(2));
  }

  /**
   * A known-bad config: lsgan squares D's output, and at lr 10 with 4 layers the outputs overflow
   * float32 within a couple of rounds. The trial must end DIVERGED with the step, keep its rows up
   * to then, and not throw.
   */
  @Test
  void hugeLearningRateDivergesWithItsStepRecorded() {
    TrialResult r = run(config(0, Hyperparameter.LOSS, "lsgan", Hyperparameter.LR_G, 10.0,
        Hyperparameter.LAYERS, 4, Hyperparameter.STEPS, 500, Hyperparameter.LOG_EVERY, 1,
        Hyperparameter.EVAL_SAMPLES, 200));
    assertEquals(TrialStatus.DIVERGED, r.summary().status());
    Integer step = r.summary().divergedStep();
    assertNotNull(step);
    assertTrue(step >= 1 && step < 500, "diverged at " + step);
    assertEquals(step, r.summary().stepsDone());
    assertTrue(r.summary().error().matches("(non-finite [a-z_]+=\\S+|[a-z_]+=\\S+ beyond the explosion bound 1e6) at step " + step),
        r.summary().error());
    assertEquals(step + 1, r.metrics().size(), "step 0, every logged step, and the diverging one");
    MetricRow last = r.metrics().get(r.metrics().size() - 1);
    assertEquals(step.intValue(), last.step());
    assertTrue(!(Math.abs(last.dLoss()) <= Divergence.LOSS_BOUND) || !(Math.abs(last.gLoss()) <= Divergence.LOSS_BOUND),
        "the last row shows the explosion: " + last);
    assertNull(r.summary().finalQuality(), "a diverged trial has no final quality");
  }

  @Test
  void anExceptionBecomesAFailedTrialWithItsCause() {
    TrialResult r = TrialRunner.run(new TrialTask("test", 0, config(0), 0, "gpu:7", 1, null));
    assertEquals(TrialStatus.FAILED, r.summary().status());
    assertTrue(r.summary().error().contains("Cannot train on gpu:7"), r.summary().error());
    assertTrue(r.metrics().isEmpty());
    assertEquals("gpu:7", r.summary().task().device());
  }

  /** An explicit thread count that is not a positive integer fails the trial with a message naming it, not silently. */
  @Test
  void aBadThreadPropertyFailsTheTrialClearly() {
    String before = System.getProperty(TrialRunner.THREADS_PROPERTY);
    System.setProperty(TrialRunner.THREADS_PROPERTY, "two");
    try {
      TrialResult r = TrialRunner.run(new TrialTask("test", 0, config(0), 0, "cpu", 1, null));
      assertEquals(TrialStatus.FAILED, r.summary().status());
      assertTrue(r.summary().error().contains("Cannot set intra-op threads: ai.djl.pytorch.num_threads is not a positive integer (got 'two'"),
          r.summary().error());
    } finally {
      if (before == null) {
        System.clearProperty(TrialRunner.THREADS_PROPERTY);
      } else {
        System.setProperty(TrialRunner.THREADS_PROPERTY, before);
      }
    }
  }
}
