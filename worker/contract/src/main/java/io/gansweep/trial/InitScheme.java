package io.gansweep.trial;

/** Values of the {@code init} hyperparameter; specs and tables use {@link #wireName()}. */
public enum InitScheme implements WireEnum {
  /** N(0, 0.02) weights, as in DCGAN. */
  NORMAL02,
  /** Glorot normal, gain for the activation. */
  XAVIER,
  /** He normal for (leaky) ReLU. */
  KAIMING,
  /** orthogonal matrix scaled by the activation gain (SAGAN/BigGAN). */
  ORTHOGONAL,
  /** N(0, 1) weights scaled at run time by gain/sqrt(fan_in) (progressive GAN). */
  EQUALIZED,
  /**
   * PyTorch's nn.Linear / nn.Conv2d defaults: weights kaiming-uniform with a = √5, which is
   * U(±1/√fan_in), and biases U(±1/√fan_in); no activation gain.
   */
  TORCH_DEFAULT,
  /** A TorchScript model's weights as its files hold them: seeds then differ only in data order and noise. */
  AS_SAVED,
  /**
   * N(0, init_std²) weights (init_std 0.02 is normal02; note 002: 0.02 trains, 0.2 fails) for the
   * models that read {@code init_std}; the others draw N(0, 0.02).
   */
  NORMAL
}
