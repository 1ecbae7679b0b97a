package io.gansweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.MetricRow;
import io.gansweep.trial.SampleGrid;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A trial paused at a round and resumed from its checkpoint (through its bytes, in a new manager,
 * as a rung on another executor would) trains exactly the rounds it trains uninterrupted: the
 * same rows, bit for bit but the wall time, the same points, grids and final quality. Each config
 * puts a different piece of state on the path: spectral norm's u vectors, batch norm's running
 * statistics, dropout masks, gp interpolates, several D and G steps, and the convnets of images.
 */
public class GanTrainerCheckpointTest {

  private static GanTrainer.Outcome uninterrupted(TrialConfig c) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      return new GanTrainer(c, m, DataType.FLOAT32, System::nanoTime, null).train();
    }
  }

  /** Trains to each pause in turn, every segment in a fresh manager from the previous one's checkpoint bytes. */
  private static GanTrainer.Outcome paused(TrialConfig c, int... pauses) {
    byte[] bytes = null;
    for (int until : append(pauses, c.get(Hyperparameter.STEPS))) {
      try (NDManager m = NDManager.newBaseManager("PyTorch")) {
        GanTrainer t = bytes == null ? new GanTrainer(c, m, DataType.FLOAT32, System::nanoTime, null)
            : GanTrainer.resume(c, m, System::nanoTime, null, TrialCheckpoint.fromBytes(bytes));
        GanTrainer.Outcome o = t.trainTo(until, step -> {});
        if (until == c.get(Hyperparameter.STEPS)) {
          assertNull(o.checkpoint(), "a finished trial has nothing to resume");
          return o;
        }
        assertNotNull(o.checkpoint(), "healthy at round " + until);
        assertEquals(until, o.checkpoint().step());
        assertEquals(until, o.stepsDone());
        bytes = o.checkpoint().toBytes();
      }
    }
    throw new AssertionError("unreachable");
  }

  private static int[] append(int[] a, int last) {
    int[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = last;
    return out;
  }

  static List<MetricRow> rows(GanTrainer.Outcome o) {
    return o.rows().stream().map(MetricRow::withoutTime).toList();
  }

  public static void assertSameTrial(GanTrainer.Outcome expected, GanTrainer.Outcome actual, String what) {
    assertEquals(rows(expected), rows(actual), what + ": rows");
    assertEquals(expected.finalQuality(), actual.finalQuality(), what + ": final quality");
    assertEquals(expected.stepsDone(), actual.stepsDone(), what);
    assertEquals(expected.points() == null, actual.points() == null, what + ": points");
    if (expected.points() != null) {
      assertEquals(expected.points().step(), actual.points().step());
      assertArrayEquals(expected.points().xy(), actual.points().xy(), what + ": points");
    }
    assertEquals(expected.samples().size(), actual.samples().size(), what + ": grids");
    for (int i = 0; i < expected.samples().size(); i++) {
      SampleGrid e = expected.samples().get(i);
      assertEquals(e.step(), actual.samples().get(i).step());
      assertArrayEquals(e.png(), actual.samples().get(i).png(), what + ": grid " + i);
    }
  }

  /** Spectral norm, dropout, gp and feature matching in D, batch norm in G, 2 D and 2 G steps per round. */
  static final TrialConfig EVERY_STATE = TrialRunnerTest.config(3,
      Hyperparameter.STEPS, 90, Hyperparameter.HIDDEN, 32, Hyperparameter.DROPOUT_D, 0.2, Hyperparameter.SPECTRAL_NORM, true,
      Hyperparameter.BATCH_NORM, true, Hyperparameter.PENALTY, "gp", Hyperparameter.D_STEPS, 2, Hyperparameter.G_STEPS, 2,
      Hyperparameter.FEATURE_MATCHING, 0.1, Hyperparameter.LOG_EVERY, 10, Hyperparameter.EVAL_EVERY, 30,
      Hyperparameter.EVAL_SAMPLES, 300);

  /** Paused at an evaluation round and at a round that logs nothing (37): the resumed rows are the uninterrupted rows. */
  @Test
  void aResumedTrialWritesExactlyTheRowsOfAnUninterruptedOne() {
    GanTrainer.Outcome whole = uninterrupted(EVERY_STATE);
    assertEquals(1 + 9, whole.rows().size());
    assertSameTrial(whole, paused(EVERY_STATE, 30), "paused at 30");
    assertSameTrial(whole, paused(EVERY_STATE, 37, 60), "paused at 37 and 60");
    GanTrainer.Outcome bn = uninterrupted(TrialRunnerTest.BATCH_NORM);
    assertSameTrial(bn, paused(TrialRunnerTest.BATCH_NORM, 40, 80), "r1 + hinge + orthogonal + batch norm");
  }

  /**
   * The checkpoint is needed: a trial whose networks restart from scratch at the pause (same
   * streams, fresh weights) trains differently, so the comparison above can fail.
   */
  @Test
  void restoringOnlyTheStreamsIsNotEnough() {
    GanTrainer.Outcome whole = uninterrupted(EVERY_STATE);
    TrialCheckpoint real;
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      real = new GanTrainer(EVERY_STATE, m, DataType.FLOAT32, System::nanoTime, null).trainTo(30, s -> {}).checkpoint();
    }
    List<float[]> fresh = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      TrialCheckpoint atZero = new GanTrainer(EVERY_STATE, m, DataType.FLOAT32, System::nanoTime, null).trainTo(1, s -> {}).checkpoint();
      fresh.addAll(atZero.state());
    }
    TrialCheckpoint wrong = new TrialCheckpoint(real.trialId(), real.step(), real.trainSeconds(), fresh, real.adamStepsG(),
        real.adamStepsD(), real.streams(), real.rows(), real.grids(), real.latest(), real.points(),
        real.modules());
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      GanTrainer.Outcome o = GanTrainer.resume(EVERY_STATE, m, System::nanoTime, null, wrong).train();
      assertTrue(!rows(whole).equals(rows(o)), "weights of round 1 at round 30 must change the rows");
    }
  }

  /** A DCGAN trial with spectral norm in D, batch norm in G and R1: the convnets' state resumes too. */
  @Test
  void aResumedImageTrialWritesTheSameRowsAndGrids() {
    TrialConfig c = ImageTrialTest.dcgan(2, 20, Hyperparameter.PENALTY, "r1", Hyperparameter.SPECTRAL_NORM, true,
        Hyperparameter.BATCH_NORM, true, Hyperparameter.LOG_EVERY, 5, Hyperparameter.EVAL_EVERY, 10, Hyperparameter.EVAL_SAMPLES, 200);
    GanTrainer.Outcome whole = uninterrupted(c);
    assertEquals(3, whole.samples().size(), "grids at rounds 0, 10 and 20");
    assertSameTrial(whole, paused(c, 10), "dcgan paused at 10");
  }

  /**
   * A pack paused and resumed as the same pack trains exactly as uninterrupted; its checkpoints
   * resume alone too, and a trial's checkpoint taken alone resumes inside a pack (rungs re-pack
   * survivors), within the float32 tolerance of packing itself.
   */
  @Test
  void packCheckpointsResumeAsAPackAloneOrRepacked() {
    // Spectral norm, dropout and batch norm: every per-row state a checkpoint carries (u vectors,
    // running statistics, the dropout stream's position).
    Object[] state = {Hyperparameter.SPECTRAL_NORM, true, Hyperparameter.DROPOUT_D, 0.2, Hyperparameter.BATCH_NORM, true};
    assertPackResumes(List.of(PackedTrainerTest.config(1, 2e-4, 1.0, state), PackedTrainerTest.config(2, 1e-3, 2.0, state),
        PackedTrainerTest.config(3, 5e-4, 4.0, state)), 30);
  }

  /** The same for a pack of DCGAN trials (StackedConvNet), paused at its middle evaluation: rows, grids and all. */
  @Test
  void imagePackCheckpointsResumeAsAPackAloneOrRepacked() {
    Object[] state = {Hyperparameter.SPECTRAL_NORM, true, Hyperparameter.DROPOUT_D, 0.2, Hyperparameter.BATCH_NORM, true};
    assertPackResumes(List.of(PackedTrainerTest.dcgan(1, 2e-4, 1.0, state), PackedTrainerTest.dcgan(2, 1e-3, 2.0, state),
        PackedTrainerTest.dcgan(3, 5e-4, 4.0, state)), 10);
  }

  private static void assertPackResumes(List<TrialConfig> pack, int at) {
    List<GanTrainer.Outcome> whole;
    List<TrialCheckpoint> paused = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      whole = new PackedTrainer(pack, m, System::nanoTime).train();
    }
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      for (GanTrainer.Outcome o : new PackedTrainer(pack, m, System::nanoTime).trainTo(at)) {
        paused.add(TrialCheckpoint.fromBytes(o.checkpoint().toBytes()));
      }
    }
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      List<GanTrainer.Outcome> resumed = new PackedTrainer(pack, m, System::nanoTime, paused).train();
      for (int i = 0; i < pack.size(); i++) {
        assertSameTrial(whole.get(i), resumed.get(i), "pack trial " + i);
      }
    }
    for (int i = 0; i < pack.size(); i++) {
      try (NDManager m = NDManager.newBaseManager("PyTorch")) {
        GanTrainer.Outcome alone = GanTrainer.resume(pack.get(i), m, System::nanoTime, null, paused.get(i)).train();
        PackedTrainerTest.assertSameRows(whole.get(i).rows(), alone.rows(), "pack checkpoint " + i + " resumed alone");
      }
    }
    List<TrialCheckpoint> alone = new ArrayList<>();
    for (TrialConfig c : pack) {
      try (NDManager m = NDManager.newBaseManager("PyTorch")) {
        alone.add(new GanTrainer(c, m, DataType.FLOAT32, System::nanoTime, null).trainTo(at, s -> {}).checkpoint());
      }
    }
    List<TrialConfig> reordered = List.of(pack.get(2), pack.get(0));
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      List<GanTrainer.Outcome> repacked = new PackedTrainer(reordered, m, System::nanoTime, List.of(alone.get(2), alone.get(0))).train();
      PackedTrainerTest.assertSameRows(whole.get(2).rows(), repacked.get(0).rows(), "trial 2 re-packed");
      PackedTrainerTest.assertSameRows(whole.get(0).rows(), repacked.get(1).rows(), "trial 0 re-packed");
    }
  }

  @Test
  void aCheckpointOfAnotherTrialOrRoundIsRefused() {
    TrialCheckpoint c;
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      GanTrainer t = new GanTrainer(EVERY_STATE, m, DataType.FLOAT32, System::nanoTime, null);
      c = t.trainTo(10, s -> {}).checkpoint();
      IllegalStateException again = assertThrows(IllegalStateException.class, () -> t.trainTo(20, s -> {}));
      assertTrue(again.getMessage().startsWith("Cannot train: this trainer has trained already"), again.getMessage());
    }
    TrialConfig other = TrialRunnerTest.config(4, EVERY_STATE);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> GanTrainer.resume(other, m, System::nanoTime, null, c));
      assertTrue(e.getMessage().startsWith("Cannot resume " + other.trialId() + ": the checkpoint is of " + c.trialId()), e.getMessage());
      IllegalArgumentException before = assertThrows(IllegalArgumentException.class,
          () -> GanTrainer.resume(EVERY_STATE, m, System::nanoTime, null, c).trainTo(5, s -> {}));
      assertEquals("Cannot train to round 5: the trials are at round 10 of 90 (got 5; allowed 10..90)", before.getMessage());
    }
    byte[] bytes = c.toBytes();
    IllegalArgumentException cut = assertThrows(IllegalArgumentException.class,
        () -> TrialCheckpoint.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length / 2)));
    assertTrue(cut.getMessage().startsWith("Cannot read checkpoint: "), cut.getMessage());
  }
}
