package io.gansweep.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.ImageSet;
import io.gansweep.data.SeededRandom;
import io.gansweep.data.Shapes;
import org.junit.jupiter.api.Test;

/**
 * The label-free default: a fixed random convnet whose weights, and so its id, are the same in
 * every JVM, and whose features still tell real images from noise (so its Fréchet distance ranks
 * something), though it never saw a label.
 */
class RandomConvFeaturesTest {

  static final int N = 500;

  private static NDArray images(NDManager m, ImageSet s) {
    int[] all = new int[s.count()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return m.create(s.normalized(all), new Shape(s.count(), 1, s.rows(), s.cols()));
  }

  @Test
  void pinnedBySeedAndTellsRealImagesFromNoise() {
    try (NDManager m = NDManager.newBaseManager("PyTorch"); NDManager other = NDManager.newBaseManager("PyTorch")) {
      RandomConvFeatures net = RandomConvFeatures.of(1, Shapes.SIZE, m);
      assertTrue(net.id().matches("random-conv:7@[0-9a-f]{16}"), net.id());
      assertEquals(net.id(), RandomConvFeatures.of(1, Shapes.SIZE, other).id(), "the same weights again");
      assertNotEquals(net.id(), RandomConvFeatures.of(3, Shapes.SIZE, m).id(), "another input, other weights, another id");
      NDArray a = images(m, Shapes.generate(N, 100));
      NDArray b = images(m, Shapes.generate(N, 200));
      float[] fa = net.extract(a);
      assertArrayEquals(fa, RandomConvFeatures.of(1, Shapes.SIZE, other).extract(images(other, Shapes.generate(N, 100))), "deterministic");
      float[] u = SeededRandom.stream(3, "noise").uniforms(N * Shapes.SIZE * Shapes.SIZE);
      for (int i = 0; i < u.length; i++) {
        u[i] = 2 * u[i] - 1;
      }
      float[] noise = net.extract(m.create(u, new Shape(N, 1, Shapes.SIZE, Shapes.SIZE)));
      FrechetDistance.Stats sa = FrechetDistance.Stats.of(fa, N, net.dim());
      double realReal = FrechetDistance.between(sa, FrechetDistance.Stats.of(net.extract(b), N, net.dim()));
      double realNoise = FrechetDistance.between(sa, FrechetDistance.Stats.of(noise, N, net.dim()));
      // Two samples of shapes differ by sampling noise only; uniform noise is another distribution.
      assertTrue(realNoise > 10 * realReal, "real-real " + realReal + ", real-noise " + realNoise);
    }
  }
}
