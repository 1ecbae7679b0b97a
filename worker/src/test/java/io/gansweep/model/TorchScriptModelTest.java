package io.gansweep.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Autograd;
import io.gansweep.gan.Network;
import io.gansweep.io.OutputLayout;
import io.gansweep.train.GanTrainer;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.InitScheme;
import io.gansweep.trial.MetricRow;
import io.gansweep.trial.TrialConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The torchscript model: a trial of the example ring8 pair trains, the driver's pinned files are what executors read. */
public class TorchScriptModelTest {

  static final Path EXAMPLES = Path.of("..", "examples", "torchscript");

  /** A ring8 trial of the example pair (checked, so this JVM knows the files), with {@code extra} keys. */
  public static TrialConfig ring8Trial(Map<Hyperparameter<?>, Object> extra, long seed) throws IOException {
    List<String> sums = TorchScriptModel.check(Files.readAllBytes(EXAMPLES.resolve("ring8_g.pt")), "ring8_g.pt",
        Files.readAllBytes(EXAMPLES.resolve("ring8_d.pt")), "ring8_d.pt", 2, new Shape(2), "ring8");
    Map<Hyperparameter<?>, Object> m = new HashMap<>(Map.of(Hyperparameter.MODEL, TorchScriptModel.NAME,
        Hyperparameter.GENERATOR_FILE, sums.get(0), Hyperparameter.DISCRIMINATOR_FILE, sums.get(1), Hyperparameter.LATENT_DIM, 2,
        Hyperparameter.INIT, "torch_default"));
    m.putAll(extra);
    return TrialConfig.of(m, seed);
  }

  /**
   * nsgan + R1 (γ = 1) at lr 1e-4, the example sweep's stable configuration (8 of 8 modes at 2,000
   * rounds in 3/3 seeds, and in PyTorch with train_reference.py): after 600 rounds the points have
   * moved from the initial blob at the origin toward the ring; every logged loss is finite. The
   * threshold, half the distance at round 0, has a wide margin (600 rounds take it to ~0.1 of it).
   */
  @Test
  void aRing8PairTrainsWithR1AndMovesTowardTheRing() throws IOException {
    TrialConfig c = ring8Trial(Map.of(Hyperparameter.PENALTY, "r1", Hyperparameter.STEPS, 600, Hyperparameter.EVAL_EVERY, 300,
        Hyperparameter.EVAL_SAMPLES, 500, Hyperparameter.LOG_EVERY, 50), 0);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      GanTrainer.Outcome o = new GanTrainer(c, m, DataType.FLOAT32, System::nanoTime, null).train();
      assertNull(o.divergedStep(), o.divergence());
      List<MetricRow> rows = o.rows();
      double first = rows.get(0).quality().distance();
      double last = o.finalQuality().distance();
      assertTrue(last < 0.5 * first, "distance " + first + " -> " + last);
      assertTrue(rows.stream().filter(r -> r.dLoss() != null).allMatch(r -> Double.isFinite(r.dLoss()) && Double.isFinite(r.gLoss())));
    }
  }

  /**
   * The DCGAN pair's batch norm: evaluation uses running statistics (eval mode), training the
   * batch's, and a training pass after an evaluation trains again (the module is switched back, and
   * its outputs still reach G's parameters).
   */
  @Test
  void batchNormSwitchesBetweenTrainingAndEvaluation() throws IOException {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      Network g = new io.gansweep.gan.TorchScriptNetwork(Files.readAllBytes(EXAMPLES.resolve("dcgan_g.pt")), "dcgan_g.pt", false, m,
          InitScheme.AS_SAVED, null);
      NDArray z = m.create(SeededRandom.stream(1, "z").gaussians(8 * 32), new Shape(8, 32));
      float[] eval1;
      float[] eval2;
      float[] train;
      try (Autograd ignored = Autograd.pause()) {
        eval1 = g.forward(g.weights(), z, Network.Mode.EVAL, null, false).output().toFloatArray();
        eval2 = g.forward(g.weights(), z, Network.Mode.EVAL, null, false).output().toFloatArray();
        train = g.forward(g.weights(), z, Network.Mode.TRAIN, null, false).output().toFloatArray();
      }
      assertArrayEquals(eval1, eval2, "eval mode is deterministic");
      assertFalse(java.util.Arrays.equals(eval1, train), "training mode normalises by the batch");
      try (Autograd ignored = Autograd.record()) {
        NDArray out = g.forward(g.weights(), z, Network.Mode.TRAIN, null, false).output();
        Autograd.zeroGradients(g.parameters());
        Autograd.backward(out.square().mean());
      }
      assertTrue(g.parameters().get(0).getGradient().abs().sum().getFloat() > 0, "gradients reach G's first weight");
    }
  }

  /** What the driver pins is what an executor reads, checksum verified: a changed pinned file is refused in one line. */
  @Test
  void executorsReadThePinnedFilesAndRefuseAChangedOne(@TempDir Path out) throws IOException {
    TrialConfig c = ring8Trial(Map.of(), 0);
    assertTrue(TorchScriptModel.pin(c.get(Hyperparameter.GENERATOR_FILE), out.toString()));
    assertTrue(TorchScriptModel.pin(c.get(Hyperparameter.DISCRIMINATOR_FILE), out.toString()));
    assertFalse(TorchScriptModel.pin(c.get(Hyperparameter.GENERATOR_FILE), out.toString()), "pinned once");
    Path g = Path.of(OutputLayout.model(OutputLayout.models(out.toString()).toString(), c.get(Hyperparameter.GENERATOR_FILE)).toString());
    assertArrayEquals(Files.readAllBytes(EXAMPLES.resolve("ring8_g.pt")), Files.readAllBytes(g));
    TorchScriptModel.forgetFiles();
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      GanModel model = Models.of(c).pinnedIn(out.toString());
      assertEquals(TorchScriptModel.NAME, model.name());
      Network read = model.generator(c, new Shape(2), m, DataType.FLOAT32, SeededRandom.stream(0, "init"));
      assertEquals(8, read.parameters().size());
      TorchScriptModel.forgetFiles();
      byte[] bytes = Files.readAllBytes(g);
      bytes[bytes.length / 2] ^= 1;
      Files.write(g, bytes);
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> model.generator(c, new Shape(2), m, DataType.FLOAT32, SeededRandom.stream(0, "init")));
      assertTrue(e.getMessage().contains("its checksum changed since the driver pinned it"), e.getMessage());
      assertEquals(1, e.getMessage().lines().count());
    } finally {
      ring8Trial(Map.of(), 0); // this JVM knows the example files again
    }
  }

  /**
   * Batch norm's running statistics live in the module, not in its parameter tensors: a module
   * saved after training passes and restored into a fresh network evaluates exactly as the trained
   * one, and unlike a fresh one (whose running statistics are still 0 and 1).
   */
  @Test
  void aSavedModuleCarriesBatchNormRunningStatistics() throws IOException {
    byte[] file = Files.readAllBytes(EXAMPLES.resolve("dcgan_g.pt"));
    try (NDManager m = NDManager.newBaseManager("PyTorch"); Autograd ignored = Autograd.pause()) {
      Network trained = new io.gansweep.gan.TorchScriptNetwork(file, "dcgan_g.pt", false, m, InitScheme.AS_SAVED, null);
      NDArray z = m.create(SeededRandom.stream(2, "z").gaussians(16 * 32), new Shape(16, 32));
      for (int i = 0; i < 5; i++) {
        trained.forward(trained.weights(), z.mul(1 + i), Network.Mode.TRAIN, null, false);
      }
      float[] want = trained.forward(trained.weights(), z, Network.Mode.EVAL, null, false).output().toFloatArray();
      Network fresh = new io.gansweep.gan.TorchScriptNetwork(file, "dcgan_g.pt", false, m, InitScheme.AS_SAVED, null);
      float[] before = fresh.forward(fresh.weights(), z, Network.Mode.EVAL, null, false).output().toFloatArray();
      fresh.restoreModule(trained.savedModule());
      float[] after = fresh.forward(fresh.weights(), z, Network.Mode.EVAL, null, false).output().toFloatArray();
      assertFalse(java.util.Arrays.equals(want, before), "training passes moved the running statistics");
      assertArrayEquals(want, after, "the restored module evaluates as the trained one");
      assertEquals(trained.parameters().size(), fresh.parameters().size());
    }
  }

  /**
   * A TorchScript trial paused at a rung and resumed from its checkpoint's bytes writes exactly the
   * rows of one trained straight through: parameters, module, both Adams and every stream resume.
   */
  @Test
  void aPausedTorchScriptTrialResumesExactly() throws IOException {
    TrialConfig c = ring8Trial(Map.of(Hyperparameter.PENALTY, "r1", Hyperparameter.STEPS, 120, Hyperparameter.EVAL_EVERY, 40,
        Hyperparameter.EVAL_SAMPLES, 200, Hyperparameter.LOG_EVERY, 10), 1);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      GanTrainer.Outcome whole = new GanTrainer(c, m, DataType.FLOAT32, System::nanoTime, null).train();
      GanTrainer.Outcome first = new GanTrainer(c, m, DataType.FLOAT32, System::nanoTime, null).trainTo(40, s -> {});
      io.gansweep.train.TrialCheckpoint saved = io.gansweep.train.TrialCheckpoint.fromBytes(first.checkpoint().toBytes());
      assertTrue(saved.modules().stream().allMatch(java.util.Objects::nonNull), "G's and D's modules are kept");
      GanTrainer.Outcome resumed = GanTrainer.resume(c, m, System::nanoTime, null, saved).train();
      io.gansweep.train.GanTrainerCheckpointTest.assertSameTrial(whole, resumed, "torchscript paused at 40");
    }
  }

  /**
   * The example pair is the built-in ring8 MLPs' twin: with init torch_default both draw the same
   * numbers from a trial's init stream in the same order (G's layers, weight then bias, then D's),
   * and their first 30 rounds give the same losses to float32 rounding (the ops sum in another
   * order: 1e-4 relative leaves a wide margin over the ~1e-6 seen).
   */
  @Test
  void theTwinOfTheBuiltInMlpsTrainsAsTheyDo() throws IOException {
    Map<Hyperparameter<?>, Object> recipe = Map.of(Hyperparameter.STEPS, 30, Hyperparameter.LOG_EVERY, 1, Hyperparameter.EVAL_EVERY, 30,
        Hyperparameter.EVAL_SAMPLES, 200, Hyperparameter.BATCH_SIZE, 64);
    TrialConfig twin = ring8Trial(recipe, 2);
    Map<Hyperparameter<?>, Object> builtIn = new HashMap<>(recipe);
    builtIn.putAll(Map.of(Hyperparameter.HIDDEN, 128, Hyperparameter.LAYERS, 3, Hyperparameter.LATENT_DIM, 2, Hyperparameter.INIT,
        "torch_default"));
    TrialConfig mlp = TrialConfig.of(builtIn, 2);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      List<MetricRow> a = new GanTrainer(mlp, m, DataType.FLOAT32, System::nanoTime, null).train().rows();
      List<MetricRow> b = new GanTrainer(twin, m, DataType.FLOAT32, System::nanoTime, null).train().rows();
      assertEquals(a.size(), b.size());
      for (int i = 1; i < a.size(); i++) {
        assertEquals(a.get(i).dLoss(), b.get(i).dLoss(), 1e-4 * Math.abs(a.get(i).dLoss()), "D loss at row " + i);
        assertEquals(a.get(i).gLoss(), b.get(i).gLoss(), 1e-4 * Math.abs(a.get(i).gLoss()), "G loss at row " + i);
      }
    }
  }
}
