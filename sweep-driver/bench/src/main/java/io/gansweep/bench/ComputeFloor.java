package io.gansweep.bench;

import io.gansweep.trial.Hyperparameter;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.SeededRandom;
import io.gansweep.dispatch.FlopModel;
import io.gansweep.gan.Autograd;
import io.gansweep.trial.TrialConfig;
import java.util.Arrays;

/**
 * How close a training round comes to the machine's matmul throughput: the matmul FLOPs of one
 * round ({@link FlopModel}), the measured matmul rate through the same engine and device, the floor
 * they imply, the measured round time, and their ratio.
 */
public final class ComputeFloor {

  private ComputeFloor() {}

  /**
   * One measurement.
   *
   * @param name what was measured
   * @param flopsPerRound matmul FLOPs of one round ({@link FlopModel#round}, the count the dispatcher's cost uses too)
   * @param matmulGflops measured rate of a {@code batch x hidden} by {@code hidden x hidden} matmul
   * @param floorMs flopsPerRound / rate
   * @param roundMs median measured round time
   */
  public record Result(String name, double flopsPerRound, double matmulGflops, double floorMs, double roundMs) {
    public double ratio() {
      return roundMs / floorMs;
    }
  }

  /** GFLOP/s of repeated {@code batch x hidden} by {@code hidden x hidden} float32 matmuls. */
  public static double matmulGflops(NDManager manager, int batch, int hidden, int reps) {
    SeededRandom rng = SeededRandom.stream(0, "bench");
    try (NDScope ignored = new NDScope(); Autograd paused = Autograd.pause()) {
      NDArray x = manager.create(rng.gaussians(batch * hidden), new Shape(batch, hidden));
      NDArray w = manager.create(rng.gaussians(hidden * hidden), new Shape(hidden, hidden));
      for (int i = 0; i < 20; i++) {
        x.matMul(w).close();
      }
      double[] times = new double[5];
      for (int t = 0; t < times.length; t++) {
        long t0 = System.nanoTime();
        NDArray acc = null;
        for (int i = 0; i < reps; i++) {
          NDArray y = x.matMul(w);
          if (i == reps - 1) {
            acc = y.sum();
          }
          y.close();
        }
        acc.toType(DataType.FLOAT32, false).getFloat();
        times[t] = (System.nanoTime() - t0) / 1e9;
      }
      Arrays.sort(times);
      return 2.0 * batch * hidden * hidden * reps / times[times.length / 2] / 1e9;
    }
  }

  /** Median round time in ms over {@code rounds} rounds after {@code warmup} rounds. */
  public static double roundMillis(TrialConfig c, NDManager manager, int warmup, int rounds) {
    return TrainingBench.median(TrainingBench.roundMillis(c, manager), warmup, warmup + rounds);
  }

  /** The whole measurement for one benchmark config (its {@code steps} must be warmup + rounds). */
  public static Result measure(String name, TrialConfig c, NDManager manager, int warmup, int rounds) {
    if (c.get(Hyperparameter.STEPS) != warmup + rounds) {
      throw new IllegalArgumentException(
          "Cannot measure " + name + ": steps must equal warmup + rounds (got " + c.get(Hyperparameter.STEPS) + "; allowed " + (warmup + rounds) + ")");
    }
    double flops = FlopModel.round(c);
    // The rate before and after the rounds, the better of the two: on a shared machine the floor
    // then errs low (the ratio high), never flattering.
    double before = matmulGflops(manager, c.get(Hyperparameter.BATCH_SIZE), c.get(Hyperparameter.HIDDEN), 200);
    double round = roundMillis(c, manager, warmup, rounds);
    double gflops = Math.max(before, matmulGflops(manager, c.get(Hyperparameter.BATCH_SIZE), c.get(Hyperparameter.HIDDEN), 200));
    return new Result(name, flops, gflops, flops / (gflops * 1e9) * 1e3, round);
  }
}
