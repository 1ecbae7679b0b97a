package io.gansweep.spec;

import io.gansweep.trial.Hyperparameter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed, valid sweep spec. {@link SpecParser} is the way to get one from YAML; the constructor
 * re-checks the invariants so that no other path builds an invalid spec.
 *
 * @param name sweep name, {@code [a-z0-9][a-z0-9_-]*}
 * @param method how configurations are chosen: its {@link SearchMethod#sampler} declares the rest
 * @param samples configurations to draw (random, tpe); 0 for grid
 * @param nStartup tpe: configurations drawn at random before the estimators ask (1 .. samples);
 *     0 for grid and random
 * @param seed sampler seed (random, tpe)
 * @param replicates training seeds per configuration: seeds 0 .. replicates-1
 * @param description free text, may be empty
 * @param parameters the {@code parameters:} block in file order
 * @param resources per-trial executor resources
 * @param earlyTerminate rungs and pruning ({@code early_terminate:}); null when every trial trains
 *     all its steps
 * @param screen the G-only screen before the sweep ({@code screen:}); null for none
 * @param sourceText the YAML as read, kept for provenance
 * @param modelFiles the model section's files: checksum to where the parser read them
 * @param dataFiles a points dataset's file: checksum to where the parser read it
 * @param pbt population-based training's settings ({@code pbt:}); set exactly with method pbt
 */
public record SweepSpec(
    String name,
    SearchMethod method,
    int samples,
    int nStartup,
    long seed,
    int replicates,
    String description,
    List<ParameterSpec> parameters,
    Resources resources,
    EarlyTerminate earlyTerminate,
    Screen screen,
    String sourceText,
    Map<String, String> modelFiles,
    Map<String, String> dataFiles,
    Pbt pbt) {

  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /** A spec of a method other than pbt. */
  public SweepSpec(String name, SearchMethod method, int samples, int nStartup, long seed, int replicates, String description,
      List<ParameterSpec> parameters, Resources resources, EarlyTerminate earlyTerminate, Screen screen, String sourceText,
      Map<String, String> modelFiles, Map<String, String> dataFiles) {
    this(name, method, samples, nStartup, seed, replicates, description, parameters, resources, earlyTerminate, screen, sourceText,
        modelFiles, dataFiles, null);
  }

  /** The same spec under another name (a dated nightly sweep); the name is checked as in a spec. */
  public SweepSpec withName(String newName) {
    return new SweepSpec(newName, method, samples, nStartup, seed, replicates, description, parameters, resources, earlyTerminate, screen, sourceText,
        modelFiles, dataFiles, pbt);
  }

  /** The parameters that make configurations: every one but the seed keys ({@link Hyperparameter#configurationKeys}). */
  public List<ParameterSpec> configurationParameters() {
    return parameters.stream().filter(p -> p.param().target() != Hyperparameter.Target.SEED).toList();
  }

  /** The seed keys' parameters ({@code init_seed}, {@code data_seed}, {@code noise_seed}), each value or values: the seeds grid. */
  public List<ParameterSpec> seedParameters() {
    return parameters.stream().filter(p -> p.param().target() == Hyperparameter.Target.SEED).toList();
  }

  /** Trials of each configuration: {@code replicates} training seeds times the seeds grid (every combination of {@link #seedParameters}). */
  public int trialsPerConfiguration() {
    long n = replicates;
    for (ParameterSpec p : seedParameters()) {
      n *= p.domain().cardinality();
    }
    return Math.toIntExact(n);
  }

  public SweepSpec {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(resources, "resources");
    parameters = List.copyOf(parameters);
    modelFiles = modelFiles == null ? Map.of() : Map.copyOf(modelFiles);
    dataFiles = dataFiles == null ? Map.of() : Map.copyOf(dataFiles);
    description = description == null ? "" : description;
    sourceText = sourceText == null ? "" : sourceText;
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Cannot build spec: bad name (got " + name + "; allowed " + NAME.pattern() + ")");
    }
    if (method.samples() ? samples < 1 : samples != 0) {
      throw new IllegalArgumentException(
          "Cannot build spec: samples does not fit the method (got " + samples + " with " + method.wireName() + "; allowed >= 1 for random and tpe, 0 for grid)");
    }
    if (method.sampler().settings().contains("n_startup") ? nStartup < 1 || nStartup > samples : nStartup != 0) {
      throw new IllegalArgumentException(
          "Cannot build spec: n_startup does not fit the method (got " + nStartup + " with " + method.wireName() + "; allowed 1 .. samples for a "
              + "method with a random start, 0 otherwise)");
    }
    if ((method == SearchMethod.PBT) != (pbt != null)) {
      throw new IllegalArgumentException(
          "Cannot build spec: pbt settings do not fit the method (got " + (pbt == null ? "none" : pbt) + " with " + method.wireName()
              + "; allowed pbt settings exactly with method pbt)");
    }
    if (replicates < 1) {
      throw new IllegalArgumentException(
          "Cannot build spec: too few replicates (got " + replicates + "; allowed >= 1)");
    }
    var seen = new HashSet<>();
    for (ParameterSpec p : parameters) {
      if (!seen.add(p.param())) {
        throw new IllegalArgumentException(
            "Cannot build spec: parameter given twice (got " + p.param().key() + "; allowed once each)");
      }
      boolean listed = p.domain() instanceof Domain.Fixed || p.domain() instanceof Domain.Categorical;
      if (method == SearchMethod.GRID && !listed) {
        throw new IllegalArgumentException(
            "Cannot build spec: grid cannot expand a distribution (got " + p.param().key() + "; allowed value or values)");
      }
      if (p.param().target() == Hyperparameter.Target.SEED && !listed) {
        throw new IllegalArgumentException(
            "Cannot build spec: a seed is given, not drawn (got a distribution for " + p.param().key() + "; allowed value or values)");
      }
    }
  }
}
