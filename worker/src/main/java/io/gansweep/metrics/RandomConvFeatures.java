package io.gansweep.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Autograd;
import io.gansweep.io.Checksummed;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The label-free default feature network: the pinned classifier's architecture (conv 4×4/2 (16) →
 * LeakyReLU 0.2 → conv 4×4/2 (32) → LeakyReLU → linear 64 → ReLU) with He-normal weights drawn from
 * {@link #SEED} and never trained. Naeem et al. (2020, "Reliable Fidelity and Diversity Metrics
 * for Generative Models", §5) found such random embeddings usable for precision/recall and
 * density/coverage where no trained network fits the data. Pinned by its seed and recipe: the
 * weights come from gansweep's own counter-based streams, the same on every machine, and the
 * {@code feature_net} column carries the SHA-256 of the weights so any difference shows.
 */
public final class RandomConvFeatures implements Features {

  /** The {@code feature_net} column's prefix. */
  public static final String KIND = "random-conv:";
  /** Seed of the weights. */
  public static final long SEED = 7;

  private final List<NDArray> params;
  private final String id;

  private RandomConvFeatures(List<NDArray> params, String id) {
    this.params = params;
    this.id = id;
  }

  /** The network for images of {@code channels} × {@code side} × {@code side} (side a multiple of 4), in {@code manager}. */
  public static RandomConvFeatures of(int channels, int side, NDManager manager) {
    SeededRandom rng = SeededRandom.stream(SEED, "random-conv-init");
    int s = side / 4;
    List<float[]> values = new ArrayList<>();
    List<Shape> shapes = new ArrayList<>();
    add(values, shapes, he(rng, 16 * channels * 16, channels * 16), new Shape(16, channels, 4, 4));
    add(values, shapes, new float[16], new Shape(16));
    add(values, shapes, he(rng, 32 * 16 * 16, 16 * 16), new Shape(32, 16, 4, 4));
    add(values, shapes, new float[32], new Shape(32));
    add(values, shapes, he(rng, FeatureNet.FEATURES * 32 * s * s, 32 * s * s), new Shape(FeatureNet.FEATURES, 32L * s * s));
    add(values, shapes, new float[FeatureNet.FEATURES], new Shape(FeatureNet.FEATURES));
    int total = values.stream().mapToInt(v -> v.length).sum();
    ByteBuffer bytes = ByteBuffer.allocate(4 * total);
    List<NDArray> params = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      for (float f : values.get(i)) {
        bytes.putFloat(f);
      }
      params.add(manager.create(values.get(i), shapes.get(i)));
    }
    return new RandomConvFeatures(params, KIND + SEED + "@" + Checksummed.sha256(bytes.array()).substring(0, 16));
  }

  private static void add(List<float[]> values, List<Shape> shapes, float[] v, Shape shape) {
    values.add(v);
    shapes.add(shape);
  }

  private static float[] he(SeededRandom rng, int n, int fanIn) {
    float[] w = rng.gaussians(n);
    float std = (float) Math.sqrt(2.0 / fanIn);
    for (int i = 0; i < w.length; i++) {
      w[i] *= std;
    }
    return w;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public int dim() {
    return FeatureNet.FEATURES;
  }

  @Override
  public float[] extract(NDArray images) {
    int n = (int) images.getShape().get(0);
    float[] f = new float[n * FeatureNet.FEATURES];
    try (Autograd paused = Autograd.pause()) {
      for (int from = 0; from < n; from += 500) {
        int to = Math.min(n, from + 500);
        try (NDScope ignored = new NDScope()) {
          NDArray x = images.get(from + ":" + to).toType(DataType.FLOAT32, false);
          NDArray h = Activation.leakyRelu(Conv2d.conv2d(x, params.get(0), params.get(1), new Shape(2, 2), new Shape(1, 1)).singletonOrThrow(), 0.2f);
          h = Activation.leakyRelu(Conv2d.conv2d(h, params.get(2), params.get(3), new Shape(2, 2), new Shape(1, 1)).singletonOrThrow(), 0.2f);
          h = h.reshape(h.getShape().get(0), -1);
          float[] part = Activation.relu(Linear.linear(h, params.get(4), params.get(5)).singletonOrThrow()).toFloatArray();
          System.arraycopy(part, 0, f, from * FeatureNet.FEATURES, part.length);
        }
      }
    }
    return f;
  }
}
