package io.gansweep.trial;

/**
 * Values of the {@code instance_norm} hyperparameter: which networks normalise each sample's hidden
 * pre-activations on their own (practitioner note 004; Ulyanov et al. 2016); specs and tables use
 * {@link #wireName()}.
 */
public enum InstanceNormKind implements WireEnum {
  /** Neither network. */
  NONE,
  /** G only. */
  G,
  /** D only. */
  D,
  /** G and D. */
  BOTH;

  /** Whether G normalises. */
  public boolean generator() {
    return this == G || this == BOTH;
  }

  /** Whether D normalises. */
  public boolean discriminator() {
    return this == D || this == BOTH;
  }
}
