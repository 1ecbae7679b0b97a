package io.gansweep.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code method: pbt} and its {@code pbt:} section as the spec parser reads and refuses them, one line per problem. */
class PbtTest {

  /** The issue's form, verbatim: samples, replicates, steps (the total), pbt: {interval: 500, quantile: 0.25, resample: 0.25}. */
  static final String VALID = """
      name: p
      method: pbt
      samples: 8
      replicates: 3
      pbt: {interval: 500, quantile: 0.25, resample: 0.25}
      parameters:
        steps: {value: 3000}
        lr_g: {distribution: log_uniform, min: 1.0e-5, max: 1.0e-2}
        ttur: {distribution: uniform, min: 0.5, max: 4}
      """;

  @Test
  void theIssuesFormIsValid() throws Exception {
    SweepSpec s = SpecParser.parse(VALID, "pbt.yaml");
    assertEquals(SearchMethod.PBT, s.method());
    assertEquals(new Pbt(500, 0.25, 0.25), s.pbt());
    assertEquals(8, s.samples());
    assertEquals(6, s.pbt().generations(3000));
    assertEquals(2, s.pbt().replaced(8));
    assertEquals(3000, s.pbt().budget(5, 3000));
    // defaults: quantile and resample 0.25; a last generation shorter than the interval
    SweepSpec d = SpecParser.parse(VALID.replace("{interval: 500, quantile: 0.25, resample: 0.25}", "{interval: 1000}")
        .replace("3000", "2500"), "pbt.yaml");
    assertEquals(new Pbt(1000, 0.25, 0.25), d.pbt());
    assertEquals(3, d.pbt().generations(2500));
    assertEquals(2500, d.pbt().budget(2, 2500));
    assertEquals(null, SpecParser.parse(VALID.replace("method: pbt", "method: random").replace("pbt: {interval: 500, quantile: 0.25, "
        + "resample: 0.25}\n", ""), "random.yaml").pbt());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      missing section      | pbt: {interval: 500, quantile: 0.25, resample: 0.25}\\n |                        | pbt             | pbt is missing
      with random          | method: pbt            | method: random                                           | pbt             | pbt only with method: pbt
      no interval          | interval: 500,         |                                                          | pbt.interval    | interval is missing
      quantile above half  | quantile: 0.25         | quantile: 0.75                                           | pbt.quantile    | at most 0.5
      resample above one   | resample: 0.25         | resample: 1.5                                            | pbt.resample    | a number 0 to 1
      unknown key          | resample: 0.25         | resample: 0.25, perturbation_interval: 500               | pbt.perturbation_interval | interval, quantile, resample
      interval off evals   | interval: 500          | interval: 250                                            | pbt.interval    | a multiple of eval_every (500)
      interval at steps    | interval: 500          | interval: 3000                                           | pbt.interval    | below steps (3000)
      steps swept          | steps: {value: 3000}   | steps: {values: [2000, 3000]}                            | parameters.steps | one value of steps with pbt
      one member           | samples: 8             | samples: 1                                               | samples         | samples >= 2
      nothing to explore   | lr_g: {distribution: log_uniform, min: 1.0e-5, max: 1.0e-2}\\n  ttur: {distribution: uniform, min: 0.5, max: 4} | hidden: {distribution: int_uniform, min: 32, max: 256} | parameters | at least one of lr_g, ttur
      packed               | replicates: 3          | replicates: 3\\nresources: {pack: 2}                     | resources.pack  | pack: 1 with method pbt
      with rungs           | replicates: 3          | replicates: 3\\nearly_terminate: {type: successive_halving, min_iter: 500} | early_terminate | early_terminate with method grid or random
      with a seeds grid    | ttur: {distribution: uniform, min: 0.5, max: 4} | ttur: {value: 2}\\n  init_seed: {values: [0, 1]} | parameters.init_seed | one value, or method
      """)
  void refusedWithOneLineNamingPathAndAllowedValues(String name, String from, String to, String path, String fragment) {
    String text = VALID.replace(from.replace("\\n", "\n"), to == null ? "" : to.replace("\\n", "\n"));
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecParser.parse(text, name + ".yaml"), text);
    assertEquals(1, e.problems().size(), e.getMessage());
    SpecProblem p = e.problems().get(0);
    assertEquals(path, p.path(), e.getMessage());
    assertTrue(p.message().contains(fragment), p.message());
    assertTrue(p.message().matches("(?s).*: Cannot [a-z ]+.*: .*\\(got .*; allowed .*\\)"), p.message());
  }

  @Test
  void theExampleIsValid() throws Exception {
    SweepSpec s = SpecParser.parse(Path.of("../examples/pbt.yaml"));
    assertEquals(SearchMethod.PBT, s.method());
  }
}
