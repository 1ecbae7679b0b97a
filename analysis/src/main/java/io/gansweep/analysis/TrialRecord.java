package io.gansweep.analysis;

import java.util.Map;
import java.util.Objects;

/**
 * What the analysis needs of one {@code trials} row.
 *
 * @param trialId trial id
 * @param configId configuration id
 * @param seed training seed
 * @param params the swept hyperparameters of its configuration, by column name, as text
 * @param status COMPLETED, DIVERGED, FAILED or PRUNED
 * @param error cause or evidence, may be null
 * @param divergedStep step of divergence, may be null
 * @param loss adversarial loss name
 * @param dataset dataset name
 * @param finalDistance final energy distance, null unless completed
 * @param finalModes final modes, null unless completed
 * @param finalRkl final reverse KL, null unless completed
 */
public record TrialRecord(String trialId, String configId, long seed, Map<String, String> params, String status,
    String error, Integer divergedStep, String loss, String dataset, Double finalDistance, Integer finalModes,
    Double finalRkl) {
  public TrialRecord {
    Objects.requireNonNull(trialId, "trialId");
    Objects.requireNonNull(configId, "configId");
    params = Map.copyOf(params);
  }
}
