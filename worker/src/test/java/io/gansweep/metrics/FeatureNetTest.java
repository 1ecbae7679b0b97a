package io.gansweep.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.ImageSet;
import io.gansweep.data.SeededRandom;
import io.gansweep.data.Shapes;
import io.gansweep.io.OutputLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pinned classifier of {@code shapes}. Its cache is the build's ({@code -Dgansweep.cache}),
 * so the network trains once per build (about 12 s on 2 cores) and every image test shares it.
 */
class FeatureNetTest {

  static final int N = 1000;
  static ImageSet held;

  @BeforeAll
  static void heldOut() {
    held = Shapes.generate(N, 99); // another seed than the training set's: unseen images
  }

  static NDArray images(NDManager m, ImageSet s) {
    int[] all = new int[s.count()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return m.create(s.normalized(all), new Shape(s.count(), 1, s.rows(), s.cols()));
  }

  /**
   * Stated accuracy: at least 95% on 1,000 unseen shapes. The classes differ in outline, fill and
   * orientation at 28x28, which a two-conv-layer net separates almost perfectly (it reaches about
   * 99% here); 95% leaves margin for other thread counts and CPUs.
   */
  @Test
  void classifiesUnseenShapes() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      FeatureNet net = FeatureNet.pinned(Shapes.train(), m);
      int[] predicted = net.apply(images(m, held)).classes();
      int right = 0;
      for (int i = 0; i < N; i++) {
        right += predicted[i] == held.labels()[i] ? 1 : 0;
      }
      assertTrue(right >= 0.95 * N, "accuracy " + right + "/" + N);
    }
  }

  /**
   * Fréchet distance on the network's features: two disjoint real samples of 1,000 are near 0
   * compared with real against uniform noise images (at least 20x apart; the sample-size bias
   * keeps real-vs-real above 0).
   */
  @Test
  void realVersusRealIsNearZeroAndRealVersusNoiseIsLarge() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      FeatureNet net = FeatureNet.pinned(Shapes.train(), m);
      FeatureNet.Output a = net.apply(images(m, held));
      FeatureNet.Output b = net.apply(images(m, Shapes.generate(N, 100)));
      float[] u = SeededRandom.stream(5, "noise").uniforms(N * 28 * 28);
      for (int i = 0; i < u.length; i++) {
        u[i] = 2 * u[i] - 1;
      }
      FeatureNet.Output noise = net.apply(m.create(u, new Shape(N, 1, 28, 28)));
      FrechetDistance.Stats sa = FrechetDistance.Stats.of(a.features(), N, FeatureNet.FEATURES);
      double realReal = FrechetDistance.between(sa, FrechetDistance.Stats.of(b.features(), N, FeatureNet.FEATURES));
      double realNoise = FrechetDistance.between(sa, FrechetDistance.Stats.of(noise.features(), N, FeatureNet.FEATURES));
      assertTrue(realNoise > 20 * realReal, "real/real " + realReal + " real/noise " + realNoise);
      Quality q = ImageMetrics.evaluate(b, a, sa, 10, Prdc.reference(a.features(), FeatureNet.FEATURES));
      assertEquals(10, q.modes(), "every class of a real sample is captured");
      assertTrue(q.rkl() < 0.02, "class KL of two real samples " + q.rkl());
    }
  }

  /** The pinned file loads to the same weights; a changed byte is refused with both checksums. */
  @Test
  void pinnedFileIsCheckedOnLoad() throws IOException {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      FeatureNet net = FeatureNet.pinned(Shapes.train(), m);
      Path file = FeatureNet.file(Shapes.train());
      FeatureNet again = FeatureNet.load(file, m);
      assertEquals(net.checksum(), again.checksum());
      NDArray x = images(m, Shapes.generate(4, 7));
      assertArrayEquals(net.apply(x).features(), again.apply(x).features(), 0f);
      Path copy = Files.createTempDirectory("fn").resolve(file.getFileName());
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length - 1] ^= 1;
      Files.write(copy, bytes);
      IOException e = assertThrows(IOException.class, () -> FeatureNet.load(copy, m));
      assertTrue(e.getMessage().contains("checksum mismatch (got ") && e.getMessage().contains("allowed " + net.checksum()), e.getMessage());
      // One file: the checksum travels inside it, and there is no second file to pair with the wrong weights.
      assertTrue(new String(Files.readAllBytes(file), 0, FeatureNet.MAGIC.length() + 64, java.nio.charset.StandardCharsets.US_ASCII)
          .equals(FeatureNet.MAGIC + net.checksum()), "the checksum heads the file");
      try (var siblings = Files.list(file.getParent())) {
        assertTrue(siblings.noneMatch(f -> f.getFileName().toString().startsWith(file.getFileName().toString() + ".")),
            "no checksum file beside it");
      }
    }
  }

  /**
   * A sweep's network is pinned under its output directory: the driver publishes the cache's file
   * to OUT/feature-nets, executors load that one (same weights, same checksum) and never train; a
   * folder without it is an error naming the file, and a changed byte there is refused too.
   */
  @Test
  void pinnedUnderTheOutputDirectoryForExecutors() throws IOException {
    Path out = Files.createTempDirectory("fn-out");
    String dir = OutputLayout.featureNets(out.toUri().toString()).toString();
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      UncheckedIOException missing = assertThrows(UncheckedIOException.class, () -> FeatureNet.loadPinned(Shapes.train(), m, dir));
      assertTrue(missing.getMessage().contains("Cannot load feature network") && missing.getMessage().contains("missing"),
          missing.getMessage());
      FeatureNet pinned = FeatureNet.pinUnder(Shapes.train(), m, dir);
      Path file = out.resolve("feature-nets").resolve(FeatureNet.fileName(Shapes.train()));
      assertArrayEquals(Files.readAllBytes(FeatureNet.file(Shapes.train())), Files.readAllBytes(file), "the cache's file, whole");
      FeatureNet loaded = FeatureNet.loadPinned(Shapes.train(), m, dir);
      assertEquals(pinned.checksum(), loaded.checksum());
      NDArray x = images(m, Shapes.generate(4, 7));
      assertArrayEquals(pinned.apply(x).features(), loaded.apply(x).features(), 0f);
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length - 1] ^= 1;
      Files.write(file, bytes);
      UncheckedIOException changed = assertThrows(UncheckedIOException.class, () -> FeatureNet.loadPinned(Shapes.train(), m, dir));
      assertTrue(changed.getMessage().contains("checksum mismatch"), changed.getMessage());
    }
  }

  /**
   * A cache entry with a flipped byte is never pinned into an output directory: it is moved to
   * {@code <cache>/quarantine/} (one line on stderr names it) and the network is trained again, so
   * the sweep's copy is verified and loads. Before, pinUnder copied the bad entry into OUT, every
   * load failed "Delete it to retrain", and deleting OUT's copy as told copied the bad entry again.
   */
  @Test
  void aCorruptCacheEntryIsMovedAsideAndRetrainedNeverPinned() throws IOException {
    Path cache = Files.createTempDirectory("fn-cache");
    Path out = Files.createTempDirectory("fn-out");
    String dir = OutputLayout.featureNets(out.toUri().toString()).toString();
    String build = System.getProperty("gansweep.cache");
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stderr = System.err;
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      FeatureNet.pinned(Shapes.train(), m); // the build's entry, trained once per build
      byte[] bad = Files.readAllBytes(FeatureNet.file(Shapes.train()));
      bad[bad.length / 2] ^= 0x10;
      System.setProperty("gansweep.cache", cache.toString());
      Path entry = FeatureNet.file(Shapes.train());
      Files.write(entry, bad);
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      FeatureNet pinned = FeatureNet.pinUnder(Shapes.train(), m, dir);
      System.setErr(stderr);

      Path moved = cache.resolve("quarantine").resolve(entry.getFileName());
      assertArrayEquals(bad, Files.readAllBytes(moved), "the bad entry, moved aside whole");
      Path copy = out.resolve("feature-nets").resolve(entry.getFileName());
      assertArrayEquals(Files.readAllBytes(entry), Files.readAllBytes(copy), "OUT holds the retrained entry");
      assertEquals(pinned.checksum(), FeatureNet.loadPinned(Shapes.train(), m, dir).checksum(), "and it loads");
      java.util.List<String> lines = err.toString(java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> l.contains(moved.toString())).toList();
      assertEquals(1, lines.size(), err.toString(java.nio.charset.StandardCharsets.UTF_8));
      assertTrue(lines.get(0).startsWith("gansweep: feature network cache entry " + entry + ": checksum mismatch (got "), lines.get(0));
    } finally {
      System.setErr(stderr);
      if (build == null) {
        System.clearProperty("gansweep.cache");
      } else {
        System.setProperty("gansweep.cache", build);
      }
    }
  }
}
