package io.gansweep.spec;

/**
 * What each trial asks of an executor.
 *
 * @param gpusPerTrial GPUs per trial; a fraction below 1 packs several trials on one GPU, above 1
 *     it must be whole (Spark's rule for task resource amounts); 0 trains on CPU
 * @param cpusPerTrial CPU cores per trial, also its intra-op thread count
 * @param pack how many compatible trials one task trains as one stacked model (1: no packing);
 *     a pack asks for the GPUs and cores of one trial
 */
public record Resources(double gpusPerTrial, int cpusPerTrial, int pack) {

  /** Laptop default: no GPU, one core per trial. */
  public static final Resources DEFAULT = new Resources(0, 1, 1);

  /** The largest pack: beyond it a pack's memory and its loss of parallelism outweigh the shared dispatch cost. */
  public static final int MAX_PACK = 64;

  public Resources {
    if (!(gpusPerTrial >= 0 && gpusPerTrial <= 64) || gpusPerTrial > 1 && gpusPerTrial != Math.rint(gpusPerTrial)) {
      throw new IllegalArgumentException(
          "Cannot build resources: bad gpus_per_trial (got " + gpusPerTrial + "; allowed 0, a fraction in (0, 1], or a whole number up to 64)");
    }
    if (cpusPerTrial < 1 || cpusPerTrial > 256) {
      throw new IllegalArgumentException(
          "Cannot build resources: bad cpus_per_trial (got " + cpusPerTrial + "; allowed integers 1 to 256)");
    }
    if (pack < 1 || pack > MAX_PACK) {
      throw new IllegalArgumentException(
          "Cannot build resources: bad pack (got " + pack + "; allowed integers 1 to " + MAX_PACK + ")");
    }
  }
}
