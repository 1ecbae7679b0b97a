package io.gansweep.metrics;

/**
 * Sample quality of a generator on a 2-D mixture (definitions in SCIENCE.md).
 *
 * @param modes modes captured (see {@link MixtureMetrics#MODE_MIN_SHARE_OF_UNIFORM})
 * @param hq share of high-quality samples: within 3 std of their nearest mode mean
 * @param rkl reverse KL of the HQ mode histogram against the uniform one, in [0, log K]
 * @param distance energy distance between the generated and a reference data sample
 */
public record MixtureQuality(int modes, double hq, double rkl, double distance) {}
