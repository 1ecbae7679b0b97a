package io.gansweep.metrics;

/**
 * One quality evaluation of a trial, whatever it learns; a field the dataset has no such measure
 * for is null.
 *
 * @param modes modes (2-D) or classes (images) captured
 * @param hq high-quality share (2-D only)
 * @param rkl reverse KL of the mode histogram (2-D), KL of the predicted-class histogram to the
 *     real one (images)
 * @param distance energy distance to the data (2-D only)
 * @param fd Fréchet distance on the pinned classifier's features (images only)
 */
public record Quality(Integer modes, Double hq, Double rkl, Double distance, Double fd) {

  /** The quality of a 2-D mixture evaluation. */
  public static Quality of(MixtureQuality q) {
    return new Quality(q.modes(), q.hq(), q.rkl(), q.distance(), null);
  }
}
