package io.gansweep.trial;

/**
 * Values of the {@code data_range} hyperparameter: the interval an image trial's pixels are handed
 * to D in, and G's outputs are expected in (practitioner note 000: [0, 1] vs [-1, 1]). Specs and
 * tables use {@link #wireName()}. Each range is the affine image {@code scale * x + shift} of
 * {@code x} in [-1, 1], the one definition the data, the DCGAN's output and the quality path
 * share: the quality columns and the sample grids map G's outputs back to [-1, 1] by its inverse,
 * so they score the same pixels whichever range trained.
 */
public enum DataRange implements WireEnum {
  /** [-1, 1]: a byte v as {@code v / 127.5 - 1}; the DCGAN's G ends in tanh. */
  MINUS_ONE_ONE(1.0, 0.0),
  /** [0, 1]: a byte v as {@code v / 255} (from its [-1, 1] value); the DCGAN's G ends in {@code (tanh + 1) / 2}, which is sigmoid(2a). */
  ZERO_ONE(0.5, 0.5);

  private final double scale;
  private final double shift;

  DataRange(double scale, double shift) {
    this.scale = scale;
    this.shift = shift;
  }

  /** The factor of {@code scale * x + shift} from [-1, 1] to this range. */
  public double scale() {
    return scale;
  }

  /** The offset of {@code scale * x + shift} from [-1, 1] to this range. */
  public double shift() {
    return shift;
  }

  /** {@code values}, in [-1, 1], mapped into this range in place (unchanged for [-1, 1]); returns them. */
  public float[] fromMinusOneOne(float[] values) {
    if (this != MINUS_ONE_ONE) {
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (scale * values[i] + shift);
      }
    }
    return values;
  }
}
