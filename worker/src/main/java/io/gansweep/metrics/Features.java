package io.gansweep.metrics;

import ai.djl.ndarray.NDArray;

/**
 * The network whose features the image quality columns are computed on: the Fréchet distance,
 * precision/recall and density/coverage. Three kinds, one chosen per sweep ({@code
 * docs/concepts/metrics.md}): a user's TorchScript file ({@link TorchScriptFeatures}, the spec's
 * {@code feature_net}), else the pinned classifier of labelled data ({@link FeatureNet}), else a
 * fixed randomly initialised convnet ({@link RandomConvFeatures}).
 */
public interface Features {

  /**
   * What the {@code feature_net} column of a row says: the kind and what pins it, e.g. {@code
   * classifier:<sha256>}, {@code torchscript:sha256:<hex>;input_size=299;range=0,255;channels=3} or
   * {@code random-conv:<seed>@<sha256 of its weights, 16 hex>}. Distances under different ids are
   * not comparable.
   */
  String id();

  /** Width of a feature vector. */
  int dim();

  /** Features of {@code images} ({@code n x channels x side x side}, in [-1, 1]): {@code n x dim()}, row after row. */
  float[] extract(NDArray images);

  /** The {@code id} prefix of the pinned classifier's rows ({@link io.gansweep.io.TrialTables#CLASSIFIER}). */
  String CLASSIFIER = io.gansweep.io.TrialTables.CLASSIFIER + ":";
}
