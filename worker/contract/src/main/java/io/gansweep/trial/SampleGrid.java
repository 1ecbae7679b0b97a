package io.gansweep.trial;

/**
 * A PNG grid of generated images at one evaluation step, from the trial's fixed evaluation z.
 *
 * @param step training round of the evaluation
 * @param png the encoded image
 */
public record SampleGrid(int step, byte[] png) implements java.io.Serializable {}
