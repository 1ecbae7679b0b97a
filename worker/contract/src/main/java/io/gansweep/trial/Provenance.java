package io.gansweep.trial;

/**
 * Versions of what ran a trial.
 *
 * @param gansweep gansweep version
 * @param djl DJL version
 * @param pytorch libtorch version the engine loaded
 * @param java Java runtime version
 * @param os operating system and architecture
 */
public record Provenance(String gansweep, String djl, String pytorch, String java, String os) {}
