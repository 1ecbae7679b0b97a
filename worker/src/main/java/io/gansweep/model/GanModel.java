package io.gansweep.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Network;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.InitScheme;
import io.gansweep.trial.TrialConfig;
import java.util.List;
import java.util.Set;

/**
 * A kind of G and D that trials can train, found by name through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.gansweep.model.GanModel}). Every model gets the training recipe
 * (the {@link Hyperparameter.Scope#RECIPE} keys: losses, learning rates, steps, init, seeds …);
 * of the {@link Hyperparameter.Scope#ARCHITECTURE} keys it reads only those it declares, and a
 * spec that sets or sweeps another one for it is refused, since that value would change the
 * trial's id without changing its training.
 *
 * <p>A model builds one trial's G and D from its typed config and its seeded init stream (G's
 * parameters drawn first, then D's), for samples of one shape, and stacks the networks of a pack.
 * The trainer drives what it gets through {@link Network} and never asks which model it holds.
 */
public interface GanModel {

  /** The model's name, as a spec and messages give it. */
  String name();

  /** Whether this model trains on {@code dataset} (a spec's dataset value). */
  boolean accepts(String dataset);

  /** Whether this is the model a spec gets for {@code dataset} when it names none ({@code model: auto}): the built-ins. */
  default boolean defaultFor(String dataset) {
    return false;
  }

  /** The architecture keys it reads; every other {@link Hyperparameter.Scope#ARCHITECTURE} key is refused for it. */
  Set<Hyperparameter<?>> architectureKeys();

  /** The init schemes it honours (a spec asking another is refused): every scheme but as_saved, unless it loads weights. */
  default Set<InitScheme> initSchemes() {
    return java.util.EnumSet.complementOf(java.util.EnumSet.of(InitScheme.AS_SAVED));
  }

  /**
   * This model reading what the driver pinned for the sweep under the output folder {@code out}
   * ({@link io.gansweep.io.OutputLayout#models}); null: the files the driver checked in this JVM.
   * A model without files is itself.
   */
  default GanModel pinnedIn(String out) {
    return this;
  }

  /**
   * G of trial {@code c}: latent vectors {@code [B, latent_dim]} to samples of {@code sample} (one
   * sample's shape: {@code [2]} for 2-D mixtures, {@code [C, H, W]} for images), its parameters
   * drawn from {@code init} before D's.
   */
  Network generator(TrialConfig c, Shape sample, NDManager manager, DataType dtype, SeededRandom init);

  /** D of trial {@code c}: samples of {@code sample} to one logit each, drawn from {@code init} after G. */
  Network discriminator(TrialConfig c, Shape sample, NDManager manager, DataType dtype, SeededRandom init);

  /**
   * The networks of a pack as one network whose row i is {@code nets.get(i)} (built by this model);
   * row i draws its dropout masks from {@code dropout.get(i)} (empty: no dropout).
   */
  Network stack(List<Network> nets, List<SeededRandom> dropout);

  /**
   * The size of trial {@code c}'s networks for samples of {@code sample}, from the config alone
   * (nothing is built): for the spec's size check and the dispatcher's longest-first order.
   */
  Size size(TrialConfig c, Shape sample);

  /**
   * How big a trial's networks are.
   *
   * @param parameters trainable parameters of G and D together
   * @param generatorMacs G's forward multiply-adds for one sample
   * @param discriminatorMacs D's forward multiply-adds for one sample
   */
  record Size(long parameters, double generatorMacs, double discriminatorMacs) {}
}
