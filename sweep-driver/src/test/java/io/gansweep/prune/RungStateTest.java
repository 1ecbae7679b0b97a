package io.gansweep.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.RungRow;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which FAILED trials a resume retrains under early termination (issue 27, item 1), from committed rows alone. */
class RungStateTest {

  private final Map<String, List<TrialConfig>> trials = new LinkedHashMap<>();

  private List<TrialConfig> config(double lrG) {
    List<TrialConfig> seeds = List.of(TrialConfig.of(Map.of(Hyperparameter.LR_G, lrG), 0), TrialConfig.of(Map.of(Hyperparameter.LR_G, lrG), 1));
    trials.put(seeds.get(0).configId(), seeds);
    return seeds;
  }

  private static RungRow row(TrialConfig t, int rung, TrialStatus status) {
    return new RungRow(t.trialId(), t.configId(), t.seed(), 0, rung, rung == 0 ? 100 : 300, status == TrialStatus.FAILED ? 0 : 100,
        status, null, status == TrialStatus.FAILED ? "failed" : "stable", "", null);
  }

  @Test
  void aFailedTrialIsRetriedUntilItsRungIsDecidedAndActedOn() {
    List<TrialConfig> a = config(1e-4);
    List<TrialConfig> b = config(2e-4);
    RungSchedule s = new RungSchedule(List.of(new RungSchedule.Bracket(0, List.of(100, 300), List.copyOf(trials.keySet()))));
    String x = a.get(0).trialId();
    List<RungRow> rows = new ArrayList<>(List.of(row(a.get(0), 0, TrialStatus.FAILED), row(a.get(1), 0, TrialStatus.RUNNING),
        row(b.get(0), 0, TrialStatus.RUNNING), row(b.get(1), 0, TrialStatus.RUNNING)));
    Map<String, Integer> failed = Map.of(x, 0);

    // Nothing acted on the rung yet (a run killed before its next job): x re-runs rung 0 as attempt 1,
    // and the replay without its FAILED row has it pending there, so the rung is not decided without it.
    RungState.Retries r = RungState.retries(s, rows, trials, failed, Set.of(), Set.of());
    assertEquals(Map.of(x, 0), r.rerun());
    assertEquals(Map.of(x, 1), r.attempt());
    RungState state = RungState.replay(s, 3, r.withoutRerun(rows), trials, Promotion.Rule.CURRENT);
    assertEquals(List.of(x), state.pending().stream().map(p -> p.trial().trialId()).toList());
    assertEquals(List.of(), state.decisions());

    // The driver recorded the decision before acting on it: x stays FAILED and the decision stays.
    RungState.Retries kept = RungState.retries(s, rows, trials, failed, Set.of(), Set.of(RungState.decisionKey(s.brackets().get(0), 0)));
    assertEquals(Map.of(), kept.rerun());
    assertEquals(List.of(x), kept.kept());
    assertEquals(RungState.replay(s, 3, rows, trials, Promotion.Rule.CURRENT).decisions(), RungState.replay(s, 3, kept.withoutRerun(rows), trials, Promotion.Rule.CURRENT).decisions());

    // A sweep an older gansweep wrote (no record): a row at a later rung of the bracket says the decision was acted on.
    List<RungRow> later = new ArrayList<>(rows);
    later.add(row(b.get(0), 1, TrialStatus.COMPLETED));
    assertEquals(List.of(x), RungState.retries(s, later, trials, failed, Set.of(), Set.of()).kept());
    // ... and so does a seed stopped as PRUNED at the rung (paused there, its committed row not FAILED).
    assertEquals(List.of(x), RungState.retries(s, rows, trials, failed, Set.of(a.get(1).trialId()), Set.of()).kept());

    // A retry a kill cut (paused at a rung while its committed row is still FAILED) goes on as attempt 1;
    // attempts used up (not in failed) are never retried.
    List<RungRow> cut = new ArrayList<>(rows.subList(1, 4));
    cut.add(row(a.get(0), 0, TrialStatus.RUNNING));
    RungState.Retries going = RungState.retries(s, cut, trials, failed, Set.of(), Set.of());
    assertEquals(Map.of(), going.rerun());
    assertEquals(Map.of(x, 1), going.attempt());
    assertEquals(Map.of(), RungState.retries(s, rows, trials, Map.of(), Set.of(), Set.of()).attempt());
  }
}
