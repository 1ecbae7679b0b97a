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
  EQUALIZED
}
