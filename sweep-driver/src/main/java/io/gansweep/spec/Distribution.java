package io.gansweep.spec;

import io.gansweep.trial.WireEnum;

/** The {@code distribution:} forms of a spec parameter; random search only. */
public enum Distribution implements WireEnum {
  /** Uniform on [min, max] (real parameters). */
  UNIFORM,
  /** Log-uniform on [min, max], min > 0 (real parameters). */
  LOG_UNIFORM,
  /** Uniform over the integers min..max (integer parameters). */
  INT_UNIFORM
}
