package io.gansweep.cli;

import io.gansweep.report.TextTable;
import io.gansweep.search.SweepPlan;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Numbers;
import io.gansweep.trial.TrialConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gansweep plan SPEC}: one line per trial, in plan order. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Print one line per trial of a spec: plan index, trial_id, swept values, seed.",
      "The index is what 'gansweep trial --index N' takes. Exit status 2 for an",
      "invalid spec."
    })
final class PlanCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SPEC", description = "the sweep spec (YAML)")
  Path spec;

  @Spec CommandSpec command;

  @Override
  public Integer call() {
    PrintWriter out = command.commandLine().getOut();
    Optional<SweepPlan> loaded = SpecLoader.load(spec, command.commandLine().getErr());
    if (loaded.isEmpty()) {
      return Gansweep.EXIT_INVALID;
    }
    SweepPlan plan = loaded.get();
    List<String> header = new ArrayList<>(List.of("index", "trial_id"));
    plan.sweptAxes().forEach(h -> header.add(h.key()));
    header.add("seed");
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < plan.trials().size(); i++) {
      TrialConfig t = plan.trials().get(i);
      List<String> row = new ArrayList<>(List.of(Integer.toString(i), t.trialId()));
      for (Hyperparameter<?> h : plan.sweptAxes()) {
        row.add(Numbers.exact(t.get(h)));
      }
      row.add(Long.toString(t.seed()));
      rows.add(row);
    }
    out.printf("# %s: %d trials%n", plan.sweepId(), plan.trials().size());
    if ((long) plan.configurations() * plan.spec().trialsPerConfiguration() > plan.trials().size()) { // a learning sampler asks the rest
      out.printf("# %s: these are the sampler's start; the other %d configurations are asked in waves from their results%n",
          plan.spec().method().wireName(), plan.configurations() - plan.trials().size() / plan.spec().trialsPerConfiguration());
    }
    TextTable.print(out, header, rows);
    out.flush();
    return 0;
  }
}
