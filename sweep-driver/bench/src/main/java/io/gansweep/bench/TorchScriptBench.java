package io.gansweep.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.gansweep.model.TorchScriptModel;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bench section 13: what training a TorchScript pair costs per round, against the same
 * architecture built in and against PyTorch eager on the same files. The pair is {@code
 * examples/torchscript/ring8_g.pt} and {@code ring8_d.pt}, the twin of the quickstart's built-in
 * MLPs (latent 2, 3 hidden layers of 128, ReLU G, LeakyReLU(0.2) D); one round is one D update and
 * one G update at batch {@link #BATCH}, nsgan, plain and with R1 (γ 1: the built-in closed-form
 * input gradient against the scripted autograd helper, and {@code torch.autograd.grad} in eager).
 *
 * <p>Every measurement is a fresh trial timed as the other sections time rounds ({@link
 * TrainingBench#roundMillis}: the real {@code GanTrainer}, its per-round host sync included;
 * untimed warm-up rounds first, the final round with its evaluation left out), on one intra-op
 * thread. One untimed repetition of every variant comes first, then {@code reps} repetitions in
 * which the three implementations of a penalty run one after another in an order that rotates
 * with the repetition, so drift of a shared machine hits all alike. A variant's figure is the
 * median over repetitions of its trial medians; a ratio is the median over repetitions of the
 * ratio within each repetition (the pairs ran seconds apart).
 */
public final class TorchScriptBench {

  private TorchScriptBench() {}

  /** Samples per batch, real and fake: the quickstart's and train_reference.py's. */
  public static final int BATCH = 256;

  /** The penalties measured, as the trial config and bench_round.py name them. */
  public static final List<String> PENALTIES = List.of("none", "r1");

  /** The three ways to train the ring8 pair. */
  public enum Impl {
    BUILT_IN("built-in ring8 MLPs"),
    TORCHSCRIPT("TorchScript twin in gansweep"),
    EAGER("PyTorch eager, same .pt files");

    private final String label;

    Impl(String label) {
      this.label = label;
    }

    /** The implementation's name in the bench's figures. */
    public String label() {
      return label;
    }
  }

  /** The example pair's files in {@code dir}. */
  public static final List<String> FILES = List.of("ring8_g.pt", "ring8_d.pt");

  /**
   * The built-in ring8 MLPs of {@code examples/quickstart.yaml}: latent 2, hidden 128, 3 layers,
   * default activations (ReLU G, LeakyReLU(0.2) D) and init (xavier), nsgan with {@code penalty}
   * (γ 1), Adam(1e-4, 0.5, 0.999); evaluated at rounds 0 and {@code steps} only, on 16 samples.
   */
  public static TrialConfig builtIn(String penalty, int steps) {
    return TrialConfig.of(common(penalty, steps, Map.of(Hyperparameter.HIDDEN, 128, Hyperparameter.LAYERS, 3)), 0);
  }

  /**
   * The TorchScript twin as a trial names it: files by checksum ({@code sums}: G's, D's, from
   * {@link #check}), their own weights ({@code init: as_saved}, the weights eager starts from),
   * otherwise {@link #builtIn}'s recipe.
   */
  public static TrialConfig torchScript(List<String> sums, String penalty, int steps) {
    return TrialConfig.of(common(penalty, steps, Map.of(Hyperparameter.MODEL, TorchScriptModel.NAME, Hyperparameter.GENERATOR_FILE,
        sums.get(0), Hyperparameter.DISCRIMINATOR_FILE, sums.get(1), Hyperparameter.INIT, "as_saved")), 0);
  }

  private static Map<Hyperparameter<?>, Object> common(String penalty, int steps, Map<Hyperparameter<?>, Object> model) {
    Map<Hyperparameter<?>, Object> m = new HashMap<>(Map.of(Hyperparameter.DATASET, "ring8", Hyperparameter.BATCH_SIZE, BATCH,
        Hyperparameter.LATENT_DIM, 2, Hyperparameter.LOSS, "nsgan", Hyperparameter.PENALTY, penalty, Hyperparameter.PENALTY_WEIGHT, 1.0,
        Hyperparameter.STEPS, steps, Hyperparameter.LOG_EVERY, 1_000_000, Hyperparameter.EVAL_EVERY, 10_000_000,
        Hyperparameter.EVAL_SAMPLES, 16));
    m.putAll(model);
    return m;
  }

  /**
   * Checks the pair in {@code dir} as the spec parser does ({@link TorchScriptModel#check}: one
   * batch through both) and returns their checksums, G's then D's, now known to this JVM.
   *
   * @throws IllegalArgumentException one line where a file is missing
   */
  public static List<String> check(Path dir) throws IOException {
    for (String f : FILES) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new IllegalArgumentException("Cannot bench TorchScript: " + dir.resolve(f) + " is missing (got no such file; allowed "
            + "--torchscript-dir naming the folder of examples/torchscript)");
      }
    }
    return TorchScriptModel.check(Files.readAllBytes(dir.resolve(FILES.get(0))), FILES.get(0), Files.readAllBytes(dir.resolve(FILES.get(1))),
        FILES.get(1), 2, new Shape(2), "ring8");
  }

  /**
   * The trial medians of every variant, by penalty and implementation, one per repetition (none
   * for eager when it was not measured).
   */
  public record Result(Map<String, Map<Impl, double[]>> medians) {

    /** Whether {@code impl} was measured. */
    public boolean has(Impl impl) {
      return medians.values().stream().allMatch(m -> m.containsKey(impl));
    }

    /** The median over repetitions of {@code impl}'s trial medians with {@code penalty}, in ms. */
    public double ms(String penalty, Impl impl) {
      double[] v = medians.get(penalty).get(impl);
      return median(v);
    }

    /** The median over repetitions of {@code a}'s trial median ÷ {@code b}'s in that repetition. */
    public double ratio(String penalty, Impl a, Impl b) {
      return pairedRatio(medians.get(penalty).get(a), medians.get(penalty).get(b));
    }
  }

  /** The median of {@code a[i] / b[i]}. */
  public static double pairedRatio(double[] a, double[] b) {
    if (a.length != b.length || a.length == 0) {
      throw new IllegalArgumentException("Cannot pair repetitions: both sides need the same, nonzero count (got " + a.length + " and "
          + b.length + "; allowed equal counts above 0)");
    }
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] / b[i];
    }
    return median(r);
  }

  /** The median (the mean of the middle two for an even count). */
  public static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /**
   * The implementations of repetition {@code rep} (-1: the warm-up) in their running order: a
   * rotation of {@link Impl}'s order by {@code rep + 1}, so each runs first, second and third
   * equally often over three repetitions.
   */
  public static List<Impl> order(int rep) {
    Impl[] all = Impl.values();
    List<Impl> out = new ArrayList<>(all.length);
    for (int k = 0; k < all.length; k++) {
      out.add(all[Math.floorMod(k + rep + 1, all.length)]);
    }
    return out;
  }

  /**
   * Measures every variant: an untimed repetition, then {@code reps} repetitions, each trial
   * {@code warmup} untimed and {@code rounds} timed rounds, at one intra-op thread (restored after).
   *
   * @param eager the child that times PyTorch eager; null: not measured
   */
  public static Result measure(List<String> sums, EagerRounds eager, NDManager manager, int warmup, int rounds, int reps)
      throws IOException {
    Map<String, Map<Impl, double[]>> medians = new HashMap<>();
    for (String p : PENALTIES) {
      Map<Impl, double[]> m = new EnumMap<>(Impl.class);
      for (Impl impl : Impl.values()) {
        if (impl != Impl.EAGER || eager != null) {
          m.put(impl, new double[reps]);
        }
      }
      medians.put(p, m);
    }
    int threads = JniUtils.getNumThreads();
    JniUtils.setNumThreads(1);
    try {
      for (int rep = -1; rep < reps; rep++) {
        for (String penalty : PENALTIES) {
          for (Impl impl : order(rep)) {
            if (impl == Impl.EAGER && eager == null) {
              continue;
            }
            double ms = switch (impl) {
              case BUILT_IN -> gansweep(builtIn(penalty, warmup + rounds + 1), manager, warmup, rounds);
              case TORCHSCRIPT -> gansweep(torchScript(sums, penalty, warmup + rounds + 1), manager, warmup, rounds);
              case EAGER -> eager.round(penalty, warmup, rounds).medianMs();
            };
            if (rep >= 0) {
              medians.get(penalty).get(impl)[rep] = ms;
            }
          }
        }
      }
    } finally {
      JniUtils.setNumThreads(threads);
    }
    return new Result(medians);
  }

  /** The median of rounds [warmup, warmup + rounds) of a fresh trial of {@code c} (its last round, with the final evaluation, is not timed). */
  private static double gansweep(TrialConfig c, NDManager manager, int warmup, int rounds) {
    try (NDManager m = manager.newSubManager()) {
      return TrainingBench.median(TrainingBench.roundMillis(c, m), warmup, warmup + rounds);
    }
  }
}
