package io.gansweep.dispatch;

import io.gansweep.io.HadoopConf;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.Publisher;
import io.gansweep.search.SweepPlan;
import io.gansweep.spec.ParameterSpec;
import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Provenance;
import io.gansweep.trial.Values;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code OUT/sweeps/<sweep_id>/spec.yaml}: the resolved spec (every hyperparameter, defaults
 * included), the spec as written, and the provenance of the run that created the sweep. Written
 * once, atomically ({@link Publisher}, the first file wins); a resumed run leaves it as it is.
 */
final class SweepRecord {

  private SweepRecord() {}

  static Path path(String out, String sweepId) {
    return new Path(OutputLayout.sweepDir(out, sweepId), "spec.yaml");
  }

  static void writeIfAbsent(String out, SweepPlan plan, Provenance p, String sparkVersion, String master) throws IOException {
    Path target = path(out, plan.sweepId());
    FileSystem fs = target.getFileSystem(HadoopConf.create());
    if (fs.exists(target)) {
      return;
    }
    new Publisher().publish(target, Publisher.IfPresent.KEEP, render(plan, p, sparkVersion, master).getBytes(StandardCharsets.UTF_8));
  }

  static String render(SweepPlan plan, Provenance p, String sparkVersion, String master) {
    SweepSpec s = plan.spec();
    Map<Hyperparameter<?>, String> given = s.parameters().stream()
        .collect(Collectors.toMap(ParameterSpec::param, ps -> ValuesYaml.of(ps.domain())));
    StringBuilder y = new StringBuilder();
    y.append("# Written by gansweep when this sweep first ran. The resolved spec lists every hyperparameter.\n");
    y.append("sweep_id: ").append(plan.sweepId()).append('\n');
    y.append("trials: ").append(plan.configurations() * s.trialsPerConfiguration()).append('\n');
    y.append("configurations: ").append(plan.configurations()).append('\n');
    y.append("resolved:\n");
    y.append("  name: ").append(s.name()).append('\n');
    y.append("  method: ").append(s.method().wireName()).append('\n');
    if (s.samples() > 0) {
      y.append("  samples: ").append(s.samples()).append('\n');
      y.append("  seed: ").append(s.seed()).append('\n');
    }
    if (s.nStartup() > 0) {
      y.append("  n_startup: ").append(s.nStartup()).append('\n');
    }
    y.append("  replicates: ").append(s.replicates()).append('\n');
    y.append("  parameters:\n");
    for (Hyperparameter<?> h : Hyperparameter.values()) {
      y.append("    ").append(h.key()).append(": ")
          .append(given.getOrDefault(h, "{value: " + Values.canonical(h.defaultValue()) + "}")).append('\n');
    }
    if (s.screen() != null) {
      y.append("  screen: {type: ").append(s.screen().type().wireName()).append(", steps: ").append(s.screen().steps())
          .append(", factor: ").append(Values.canonical(s.screen().factor())).append("}\n");
    }
    y.append("  resources: {gpus_per_trial: ").append(Values.canonical(s.resources().gpusPerTrial()))
        .append(", cpus_per_trial: ").append(s.resources().cpusPerTrial()).append("}\n");
    y.append("provenance:\n");
    y.append("  created_at: ").append(Instant.now()).append('\n');
    y.append("  gansweep: ").append(p.gansweep()).append('\n');
    y.append("  djl: ").append(p.djl()).append('\n');
    y.append("  pytorch: ").append(p.pytorch()).append('\n');
    y.append("  spark: ").append(sparkVersion).append('\n');
    y.append("  java: ").append(p.java()).append('\n');
    y.append("  os: ").append(p.os()).append('\n');
    y.append("  master: '").append(master).append("'\n");
    y.append("source: |\n");
    s.sourceText().lines().forEach(l -> y.append("  ").append(l).append('\n'));
    return y.toString();
  }
}
