package io.gansweep.metrics;

import io.gansweep.trial.Hyperparameter;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The spec's {@code feature_net} as a trial carries it in {@code feature_file}: the TorchScript
 * file's checksum and how images are handed to it. Its text, {@code
 * sha256:<hex>;input_size=299;range=0,255;channels=3}, is the key's value (part of the config id:
 * another network or preprocessing gives other numbers).
 *
 * @param checksum {@code sha256:<hex>} of the file
 * @param inputSize the square side the network takes; images are resized to it (bilinear)
 * @param low the value black maps to
 * @param high the value white maps to
 * @param channels the channels the network takes: the data's, or 3 for greyscale data (repeated)
 */
public record FeatureFile(String checksum, int inputSize, double low, double high, int channels) {

  /** Largest {@code input_size}: 1024. */
  public static final int MAX_INPUT_SIZE = 1024;

  public FeatureFile {
    if (!checksum.matches(java.util.regex.Pattern.quote(Hyperparameter.SHA256) + "[0-9a-f]{64}")) {
      throw bad("checksum", checksum, "sha256: and 64 hex digits");
    }
    if (inputSize < 1 || inputSize > MAX_INPUT_SIZE) {
      throw bad("input_size", String.valueOf(inputSize), "an integer from 1 to " + MAX_INPUT_SIZE);
    }
    if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
      throw bad("range", "[" + low + ", " + high + "]", "two finite numbers [low, high] with low < high");
    }
    if (channels != 1 && channels != 3) {
      throw bad("channels", String.valueOf(channels), "1 or 3");
    }
  }

  private static IllegalArgumentException bad(String what, String got, String allowed) {
    return new IllegalArgumentException("Cannot use feature_net: " + what + " is invalid (got " + got + "; allowed " + allowed + ")");
  }

  /** The {@code feature_file} value of a trial that has one; null for {@code none}. */
  public static FeatureFile of(String value) {
    if (value == null || value.equals(Hyperparameter.FEATURE_FILE.defaultValue())) {
      return null;
    }
    String[] parts = value.split(";");
    Map<String, String> kv = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq > 0) {
        kv.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
      }
    }
    try {
      String[] range = kv.getOrDefault("range", "").split(",");
      return new FeatureFile(parts[0], Integer.parseInt(kv.getOrDefault("input_size", "")), Double.parseDouble(range[0]),
          Double.parseDouble(range.length > 1 ? range[1] : ""), Integer.parseInt(kv.getOrDefault("channels", "")));
    } catch (NumberFormatException e) {
      throw bad("feature_file", value, "sha256:<hex>;input_size=N;range=LOW,HIGH;channels=C");
    }
  }

  /** The {@code feature_file} value. */
  public String value() {
    return checksum + ";input_size=" + inputSize + ";range=" + number(low) + "," + number(high) + ";channels=" + channels;
  }

  /** The {@code feature_net} column of rows it scored: {@code torchscript:} and {@link #value()}. */
  public String id() {
    return TorchScriptFeatures.KIND + value();
  }

  /** The file's hex digest, its name under {@code OUT/feature-nets/} with {@code .pt}. */
  public String hex() {
    return checksum.substring(Hyperparameter.SHA256.length());
  }

  private static String number(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
