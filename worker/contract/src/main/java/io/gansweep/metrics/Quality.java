package io.gansweep.metrics;

/**
 * One quality evaluation of a trial, whatever it learns, on two separate axes: fidelity (are the
 * samples realistic: {@code hq}, {@code precision}, {@code density}) and coverage (how much of the
 * data receives samples: {@code modesCovered}, {@code recall}, {@code coverage}). A field the
 * dataset has no such measure for, or that is undefined for these samples, is null.
 *
 * @param modes modes captured by the papers' rule: the nearest mode of enough high-quality samples
 *     (2-D, {@link MixtureMetrics#MODE_MIN_SHARE_OF_UNIFORM}); images: classes captured
 * @param modesCovered coverage by nearest-mode assignment within {@link
 *     MixtureMetrics#COVERAGE_RADIUS_SHARE} of the mode spacing, independent of sharpness (2-D);
 *     images: classes captured (a predicted class says nothing of sharpness either)
 * @param hq high-quality share (2-D only)
 * @param rkl reverse KL of the HQ mode histogram (2-D; null when no sample is HQ), KL of the
 *     predicted-class histogram to the real one (images)
 * @param distance energy distance to the data (2-D only)
 * @param fd Fréchet distance on the pinned classifier's features (images only)
 * @param precision improved precision, k = 3 (points, or features for images)
 * @param recall improved recall, k = 3
 * @param density density, k = 3
 * @param coverage coverage, k = 3
 */
public record Quality(Integer modes, Integer modesCovered, Double hq, Double rkl, Double distance, Double fd,
    Double precision, Double recall, Double density, Double coverage) implements java.io.Serializable {}
