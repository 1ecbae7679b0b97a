package io.gansweep.dispatch;

import io.gansweep.io.TrialStore;
import io.gansweep.screen.GeneratorSetup;
import io.gansweep.search.SweepPlan;
import io.gansweep.spec.Resources;
import io.gansweep.spec.Screen;
import io.gansweep.trial.Numbers;
import io.gansweep.trial.ScreenRow;
import io.gansweep.trial.TrialConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The G-only screen on Spark ({@code screen:}), before the sweep trains anything: one task per
 * distinct generator setup of the plan that has no committed screen row yet, then the
 * configurations of every setup that did not pass are dropped. Decided from the committed rows
 * alone, so a resumed sweep drops the same configurations without fitting again.
 */
final class ScreenJob {

  private ScreenJob() {}

  /** Runs the screen and returns the configuration ids the sweep does not train. */
  static Set<String> run(JavaSparkContext jsc, SweepPlan plan, SparkSweep.Options o, PrintWriter out) throws IOException {
    Screen screen = plan.spec().screen();
    Resources res = plan.spec().resources();
    TrialStore store = new TrialStore(o.out());
    Map<String, TrialConfig> setups = new LinkedHashMap<>(); // setup id -> its first trial
    Map<String, Set<String>> configs = new HashMap<>(); // setup id -> its configurations
    for (TrialConfig t : plan.trials()) {
      String id = GeneratorSetup.id(t);
      setups.putIfAbsent(id, t);
      configs.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(t.configId());
    }
    Set<String> done = new LinkedHashSet<>();
    store.screenRows(plan.sweepId()).forEach(r -> done.add(r.setupId()));
    List<ScreenTask> tasks = new ArrayList<>();
    for (Map.Entry<String, TrialConfig> e : setups.entrySet()) {
      if (!done.contains(e.getKey())) {
        tasks.add(new ScreenTask(plan.sweepId(), e.getKey(), GeneratorSetup.describe(e.getValue(), plan.sweptAxes()), e.getValue(), screen,
            res.gpusPerTrial(), res.cpusPerTrial(), o.out()));
      }
    }
    double seconds = 0;
    if (!tasks.isEmpty()) {
      long t0 = System.nanoTime();
      jsc.parallelize(tasks, tasks.size()).mapPartitions(new ScreenTaskFunction(o.fence(), SparkSweep.clusterGpus(res, o), SparkSweep.hadoopSettings(jsc)))
          .collect();
      seconds = (System.nanoTime() - t0) / 1e9;
    }
    Map<String, ScreenRow> rows = new HashMap<>();
    store.screenRows(plan.sweepId()).forEach(r -> rows.put(r.setupId(), r));
    Set<String> dropped = new LinkedHashSet<>();
    List<String> lines = new ArrayList<>();
    for (String id : setups.keySet()) {
      ScreenRow r = rows.get(id);
      if (r == null) {
        throw new IOException("Cannot screen " + plan.sweepId() + ": setup " + id + " has no committed row (got none after its job; "
            + "allowed a row for every setup)");
      }
      if (!r.passed()) {
        dropped.addAll(configs.get(id));
        lines.add(String.format(Locale.ROOT, "  dropped %s (%d configurations): %s", r.setup(), configs.get(id).size(), r.reason()));
      }
    }
    int all = (int) plan.trials().stream().map(TrialConfig::configId).distinct().count();
    out.printf(Locale.ROOT, "screen (g_fit, %d steps, MSE cut at least %sx): %d generator setups%s; %d of %d configurations go on%n",
        screen.steps(), Numbers.format(screen.factor()), setups.size(),
        tasks.isEmpty() ? " (fitted before)" : String.format(Locale.ROOT, " fitted in %.1f s", seconds), all - dropped.size(), all);
    lines.forEach(out::println);
    out.flush();
    return dropped;
  }
}
