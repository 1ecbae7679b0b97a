package io.gansweep.trial;

/** Hidden-unit activation of a network ({@code g_activation}, {@code d_activation}). */
public enum ActivationKind implements WireEnum {
  /** max(0, a): PyTorch users' default in both networks. */
  RELU,
  /** max(0.2a, a), DCGAN's discriminator (Radford et al. 2016). */
  LEAKY_RELU
}
