package io.gansweep.cli;

import io.gansweep.search.SweepPlan;
import io.gansweep.spec.Domain;
import io.gansweep.spec.ParameterSpec;
import io.gansweep.trial.Numbers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gansweep validate SPEC}: checks a spec and prints what it would run. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a sweep spec and print its trial count and swept axes.",
      "Every problem in the file is reported at once; exit status 2 when there is any.",
      "Nothing is written and Spark is not started."
    })
final class ValidateCommand implements Callable<Integer> {

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
    out.printf("%s: valid %s sweep%n", spec, plan.spec().method().wireName());
    out.printf("  sweep id    %s%n", plan.sweepId());
    out.printf("  trials      %d = %d configurations x %d seeds%n",
        plan.configurations() * plan.spec().replicates(), plan.configurations(), plan.spec().replicates());
    List<ParameterSpec> params = plan.spec().parameters();
    out.printf("  swept axes  %s%n", params.stream().filter(p -> p.domain().swept())
        .map(p -> p.param().key() + " " + describe(p.domain())).collect(Collectors.joining("; ")));
    out.printf("  fixed       %s%n", params.stream().filter(p -> !p.domain().swept())
        .map(p -> p.param().key() + "=" + describe(p.domain())).collect(Collectors.joining(" ")));
    out.printf("  resources   gpus_per_trial=%s cpus_per_trial=%d pack=%d%n",
        Numbers.exact(plan.spec().resources().gpusPerTrial()), plan.spec().resources().cpusPerTrial(), plan.spec().resources().pack());
    out.flush();
    return 0;
  }

  static String describe(Domain d) {
    if (d instanceof Domain.Fixed f) {
      return Numbers.exact(f.value());
    }
    if (d instanceof Domain.Categorical c) {
      return c.values().size() == 1 ? Numbers.exact(c.values().get(0))
          : c.values().stream().map(Numbers::exact).collect(Collectors.joining(", ", "[", "]"));
    }
    if (d instanceof Domain.Continuous c) {
      return c.distribution().wireName() + "(" + Numbers.exact(c.min()) + ", " + Numbers.exact(c.max()) + ")";
    }
    Domain.IntRange r = (Domain.IntRange) d;
    return "int_uniform(" + r.min() + ", " + r.max() + ")";
  }
}
