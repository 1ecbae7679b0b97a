package io.gansweep.bench;

import ai.djl.ndarray.NDManager;
import io.gansweep.train.TrialRunner;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * Section 6 of the bench, meant for a JVM of its own with a fixed, pre-touched heap ({@code -Xms}
 * = {@code -Xmx}, {@code -XX:+AlwaysPreTouch}), so resident memory moves only with native memory
 * (libtorch tensors) and not with the heap growing: a long trial with R1 and spectral norm (the
 * paths with the most per-round tensors), resident memory and round time over its first and last
 * {@code window} rounds. Usage: {@code LongTrial ROUNDS WINDOW OUT.json}.
 */
public final class LongTrial {

  /** Rounds between resident-memory samples. */
  static final int RSS_EVERY = 100;

  private LongTrial() {}

  /** The long trial: hidden 128, 4 layers, batch 128, nsgan + R1 (γ 1), spectral norm, a row every 10 rounds. */
  public static TrialConfig config(int rounds) {
    return TrialConfig.of(Map.of(Hyperparameter.HIDDEN, 128, Hyperparameter.LAYERS, 4, Hyperparameter.BATCH_SIZE, 128,
        Hyperparameter.PENALTY, "r1", Hyperparameter.PENALTY_WEIGHT, 1.0, Hyperparameter.SPECTRAL_NORM, true,
        Hyperparameter.STEPS, rounds, Hyperparameter.LOG_EVERY, 10, Hyperparameter.EVAL_EVERY, 1000,
        Hyperparameter.EVAL_SAMPLES, 1000), 0);
  }

  public static void main(String[] args) throws IOException {
    int rounds = Integer.parseInt(args[0]);
    int window = Integer.parseInt(args[1]);
    TrainingBench.Trace t;
    try (NDManager manager = NDManager.newBaseManager(TrialRunner.ENGINE)) {
      t = TrainingBench.run(config(rounds), manager, RSS_EVERY, Path.of("/proc/self/status"));
    }
    int samples = window / RSS_EVERY;
    double first = LongStream.of(t.rssKb()).limit(samples).average().orElse(Double.NaN);
    double last = LongStream.of(t.rssKb()).skip(t.rssKb().length - samples).average().orElse(Double.NaN);
    Files.writeString(Path.of(args[2]), String.format(Locale.ROOT,
        "{\"rss_first_kb\":%.1f,\"rss_last_kb\":%.1f,\"time_ratio\":%.4f}%n", first, last, t.timeRatio(window)),
        StandardCharsets.UTF_8);
  }
}
