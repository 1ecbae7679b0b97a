package io.gansweep.trial;

/** The value type of a hyperparameter; decides which spec forms and which Parquet type it gets. */
public enum ParamType {
  /** A 32-bit integer (Parquet INT32). */
  INT,
  /** A double (Parquet DOUBLE). */
  REAL,
  /** A boolean (Parquet BOOLEAN). */
  BOOL,
  /** One of a fixed set of names (Parquet UTF8 string). */
  CHOICE
}
