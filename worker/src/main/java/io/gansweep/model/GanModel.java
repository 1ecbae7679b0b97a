package io.gansweep.model;

import io.gansweep.trial.Hyperparameter;
import java.util.Set;

/**
 * A kind of G and D that trials can train, found by name through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.gansweep.model.GanModel}). Every model gets the training recipe
 * (the {@link Hyperparameter.Scope#RECIPE} keys: losses, learning rates, steps, init, seeds …);
 * of the {@link Hyperparameter.Scope#ARCHITECTURE} keys it reads only those it declares, and a
 * spec that sets or sweeps another one for it is refused, since that value would change the
 * trial's id without changing its training.
 *
 * <p>This is the declaration half of the model API: the built-in MLP and DCGAN say what they read
 * and which data they take; building G and D still goes through the worker's {@code Problem}.
 */
public interface GanModel {

  /** The model's name, as a spec and messages give it. */
  String name();

  /** Whether this model trains on {@code dataset} (a spec's dataset value). */
  boolean accepts(String dataset);

  /** The architecture keys it reads; every other {@link Hyperparameter.Scope#ARCHITECTURE} key is refused for it. */
  Set<Hyperparameter<?>> architectureKeys();
}
