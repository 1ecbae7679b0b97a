package io.gansweep.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gansweep.io.UserFileException;
import io.gansweep.trial.Hyperparameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A user's feature network ({@code feature_net}) against an independent computation:
 * {@code examples/feature_net/make_feature_net.py} scripted {@code tiny_features.pt} and computed,
 * with torch's bilinear interpolate and scipy's {@code sqrtm}, the Fréchet distance between the
 * features of two fixed image sets after the documented preprocessing; gansweep must find the same
 * distance from the same file and images to 1e-6 relative.
 */
class TorchScriptFeaturesTest {

  static final Path DIR = Path.of("..", "examples", "feature_net");
  static final int N = 64;
  static final int SIDE = 12;

  /** The script's images: N greyscale SIDE × SIDE bytes, set 0 or set 1, in [-1, 1] as gansweep holds them. */
  static float[] images(int set) {
    float[] out = new float[N * SIDE * SIDE];
    for (int i = 0; i < N; i++) {
      for (int r = 0; r < SIDE; r++) {
        for (int c = 0; c < SIDE; c++) {
          int v = (i * 37 + r * 11 + c * 5 + (r * c) % 7) % 256;
          if (set == 1) {
            v = (v * 3 + i * 5 * r) % 256 / 2;
          }
          out[(i * SIDE + r) * SIDE + c] = v / 127.5f - 1f;
        }
      }
    }
    return out;
  }

  static double expected(String field) throws Exception {
    String json = Files.readString(DIR.resolve("expected_fd.json"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("\"" + field + "\":\\s*(-?[0-9.eE+-]+)").matcher(json);
    assertTrue(m.find(), field + " in expected_fd.json");
    return Double.parseDouble(m.group(1));
  }

  @Test
  void fdFromAUserNetworkEqualsScipysOnTheSameFeatures() throws Exception {
    byte[] bytes = Files.readAllBytes(DIR.resolve("tiny_features.pt"));
    String sum = TorchScriptFeatures.check(bytes, "tiny_features.pt", 20, 0, 1, 3);
    FeatureFile file = new FeatureFile(sum, 20, 0, 1, 3);
    assertEquals(file, FeatureFile.of(file.value()), "the feature_file value round-trips");
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      TorchScriptFeatures net = TorchScriptFeatures.load(file, m, null);
      assertEquals(6, net.dim());
      assertEquals("torchscript:" + sum + ";input_size=20;range=0,1;channels=3", net.id());
      NDArray a = m.create(images(0), new Shape(N, 1, SIDE, SIDE));
      NDArray b = m.create(images(1), new Shape(N, 1, SIDE, SIDE));
      float[] fa = net.extract(a);
      float[] fb = net.extract(b);
      assertEquals(expected("first_feature_of_first_image"), fa[0], 1e-5, "the same features as torch");
      double fd = FrechetDistance.between(FrechetDistance.Stats.of(fa, N, 6), FrechetDistance.Stats.of(fb, N, 6));
      double want = expected("fd");
      assertTrue(want > 0.1, "the two sets are apart, so the comparison means something: " + want);
      assertEquals(want, fd, 1e-6 * want, "FD against scipy's on the same features");
    }
  }

  @Test
  void aFileThatIsNotTorchScriptOrReturnsTheWrongShapeIsOneLine() throws Exception {
    UserFileException junk = assertThrows(UserFileException.class,
        () -> TorchScriptFeatures.check("not a model".getBytes(StandardCharsets.US_ASCII), "junk.pt", 20, 0, 1, 3));
    assertTrue(junk.getMessage().startsWith("Cannot load junk.pt: it is not a TorchScript file"), junk.getMessage());
    byte[] unpooled = Files.readAllBytes(DIR.resolve("unpooled.pt"));
    UserFileException shape = assertThrows(UserFileException.class, () -> TorchScriptFeatures.check(unpooled, "unpooled.pt", 20, 0, 1, 3));
    assertEquals("Cannot use feature network unpooled.pt: its output is not one feature vector per image (got (2, 3, 20, 20) from images"
        + " [2, 3, 20, 20] in [0.0, 1.0]; allowed [N, D] with D >= 1 (flatten a pooled [N, D, 1, 1] in the module))", shape.getMessage());
    byte[] tiny = Files.readAllBytes(DIR.resolve("tiny_features.pt"));
    UserFileException channels = assertThrows(UserFileException.class, () -> TorchScriptFeatures.check(tiny, "tiny_features.pt", 20, 0, 1, 1));
    assertTrue(channels.getMessage().startsWith("Cannot use feature network tiny_features.pt: it fails on images [2, 1, 20, 20]"),
        channels.getMessage());
  }

  /**
   * An executor's side: a JVM that never checked the file reads the copy run pinned under
   * OUT/feature-nets, checksum verified; a copy changed since is refused in one line.
   */
  @Test
  void executorsLoadThePinnedCopyAndRefuseAChangedOne(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    byte[] bytes = Files.readAllBytes(DIR.resolve("tiny_features.pt"));
    FeatureFile file = new FeatureFile(TorchScriptFeatures.check(bytes, "tiny_features.pt", 20, 0, 1, 3), 20, 0, 1, 3);
    String out = dir.toUri().toString();
    assertTrue(TorchScriptFeatures.pin(file, out), "written");
    assertTrue(!TorchScriptFeatures.pin(file, out), "kept: pinned already");
    Path copy = dir.resolve("feature-nets").resolve(file.hex() + ".pt");
    assertEquals(java.util.Arrays.hashCode(bytes), java.util.Arrays.hashCode(Files.readAllBytes(copy)));
    TorchScriptFeatures.forgetFiles();
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      assertEquals(6, TorchScriptFeatures.load(file, m, out).dim(), "read from the pinned copy");
      TorchScriptFeatures.forgetFiles();
      Files.write(copy, Files.readAllBytes(DIR.resolve("unpooled.pt")));
      IllegalStateException changed = assertThrows(IllegalStateException.class, () -> TorchScriptFeatures.load(file, m, out));
      assertTrue(changed.getMessage().startsWith("Cannot use feature network file ") && changed.getMessage().contains(
          "its checksum changed since the driver pinned it"), changed.getMessage());
      IllegalStateException none = assertThrows(IllegalStateException.class, () -> TorchScriptFeatures.load(file, m, null));
      assertTrue(none.getMessage().startsWith("Cannot find feature network file " + file.checksum()), none.getMessage());
    }
  }

  @Test
  void badValuesAreRefusedInOneLine() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FeatureFile(Hyperparameter.SHA256 + "0".repeat(64), 20, 1, 0, 3));
    assertEquals("Cannot use feature_net: range is invalid (got [1.0, 0.0]; allowed two finite numbers [low, high] with low < high)",
        e.getMessage());
    assertEquals(null, FeatureFile.of("none"));
  }
}
