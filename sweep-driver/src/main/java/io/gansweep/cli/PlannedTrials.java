package io.gansweep.cli;

import io.gansweep.io.HadoopConf;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.TrialStore;
import io.gansweep.screen.GeneratorSetup;
import io.gansweep.search.SweepPlan;
import io.gansweep.search.SweepPlanner;
import io.gansweep.spec.InvalidSpecException;
import io.gansweep.spec.SpecParser;
import io.gansweep.trial.ScreenRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * How many of a sweep's planned trials are committed, from the record a run leaves in {@code
 * OUT/sweeps/<id>/spec.yaml} ({@code trials:}, less those of the configurations its G-only screen
 * dropped), so that an analysis of a partial sweep says it ranks only part of it.
 */
final class PlannedTrials {

  private PlannedTrials() {}

  /**
   * "partial sweep: C of P planned trials committed, …" when fewer than planned are committed;
   * empty when all are, or when {@code out} has no run's record of the sweep ({@code gansweep trial}
   * writes none) or it cannot be read: the analysis then goes on as before.
   */
  static Optional<String> partialNote(String out, String sweepId) {
    try {
      OptionalLong planned = planned(out, sweepId);
      if (planned.isEmpty()) {
        return Optional.empty();
      }
      long committed = new TrialStore(out).committedTrialIds(sweepId).size();
      if (committed >= planned.getAsLong()) {
        return Optional.empty();
      }
      return Optional.of(String.format(java.util.Locale.ROOT, "partial sweep: %d of %d planned trials committed, so the ranking covers only those"
          + " (run the sweep again into the same directory to train the rest)", committed, planned.getAsLong()));
    } catch (IOException | RuntimeException e) { // an old or hand-edited record: no note, as before
      return Optional.empty();
    }
  }

  /**
   * The trials a run of the sweep plans ({@code trials:} of its record, less those of the
   * configurations its G-only screen dropped); empty when {@code out} has no run's record of the
   * sweep ({@code gansweep trial} writes none) or it cannot be read.
   */
  static OptionalLong planned(String out, String sweepId) {
    try {
      Map<?, ?> yaml = record(out, sweepId);
      if (yaml == null) {
        return OptionalLong.empty();
      }
      long planned = ((Number) yaml.get("trials")).longValue();
      if (yaml.get("resolved") instanceof Map<?, ?> resolved && resolved.containsKey("screen")) {
        planned -= screenedOut(new TrialStore(out), sweepId, (String) yaml.get("source"), (String) resolved.get("name"));
      }
      return OptionalLong.of(planned);
    } catch (IOException | RuntimeException | InvalidSpecException e) { // an old or hand-edited record
      return OptionalLong.empty();
    }
  }

  /**
   * The plan of the sweep's recorded spec (its trials in plan order; for tpe those of its random
   * start), or empty when there is no record or it plans another sweep.
   */
  static Optional<SweepPlan> plan(String out, String sweepId) {
    try {
      Map<?, ?> yaml = record(out, sweepId);
      if (yaml == null || !(yaml.get("resolved") instanceof Map<?, ?> resolved)) {
        return Optional.empty();
      }
      SweepPlan plan = SweepPlanner.plan(SpecParser.parse((String) yaml.get("source"), "spec.yaml").withName((String) resolved.get("name")));
      return plan.sweepId().equals(sweepId) ? Optional.of(plan) : Optional.empty();
    } catch (IOException | RuntimeException | InvalidSpecException e) {
      return Optional.empty();
    }
  }

  /** The record a run leaves in {@code OUT/sweeps/<id>/spec.yaml}, or null when there is none. */
  private static Map<?, ?> record(String out, String sweepId) throws IOException {
    Path record = new Path(OutputLayout.sweepDir(out, sweepId), "spec.yaml");
    FileSystem fs = record.getFileSystem(HadoopConf.create());
    if (!fs.exists(record)) {
      return null;
    }
    String text;
    try (InputStream in = fs.open(record)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(text);
  }

  /** The trials of the configurations the G-only screen dropped (no row is ever committed for them). */
  private static long screenedOut(TrialStore store, String sweepId, String source, String name)
      throws IOException, InvalidSpecException {
    Set<String> failed = store.screenRows(sweepId).stream().filter(r -> !r.passed()).map(ScreenRow::setupId)
        .collect(Collectors.toSet());
    if (failed.isEmpty()) {
      return 0;
    }
    SweepPlan plan = SweepPlanner.plan(SpecParser.parse(source, "spec.yaml").withName(name));
    if (!plan.sweepId().equals(sweepId)) {
      throw new IOException("the recorded spec plans " + plan.sweepId() + ", not " + sweepId);
    }
    return plan.trials().stream().filter(t -> failed.contains(GeneratorSetup.id(t))).count();
  }
}
