package io.gansweep.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.trial.Hyperparameter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecParserTest {

  static final Path SPECS = Path.of("src/test/resources/specs");

  /** One fixture per kind of spec error, named after it; each must name its path and line. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      UnknownTopLevelKeyNearMiss | replicats                     | 2 | did you mean replicates?
      UnknownParameterNearMiss   | parameters.lr_gg              | 3 | did you mean lr_g?
      WrongTypeStringForReal     | parameters.lr_g.value         | 3 | not a number
      QuotedNumber               | parameters.steps.value        | 3 | drop the quotes
      OutOfRangeValue            | parameters.adam_beta1.values[1] | 3 | allowed [0, 1)
      MinAboveMax                | parameters.lr_g.min           | 5 | min is not below max
      EmptyValues                | parameters.ttur.values        | 3 | the list is empty
      DuplicateKey               | parameters.lr_g               | 5 | first given on line 3
      DuplicateValue             | parameters.loss.values[2]     | 3 | duplicate of parameters.loss.values[0]
      UnknownMethod              | method                        | 2 | allowed grid, random
      YamlSyntaxError            | (yaml)                        | 3 | Cannot parse YAML
      GridWithDistribution       | parameters.lr_g.distribution  | 4 | or method: random
      SeedWithDistribution       | parameters.init_seed.distribution | 6 | a seed is given, not drawn
      MissingName                | name                          | 0 | name is missing
      BadName                    | name                          | 1 | got Ring8 TTUR
      RandomWithoutSamples       | samples                       | 0 | samples is missing
      SamplesWithGrid            | samples                       | 2 | only with method: random
      LogUniformFromZero         | parameters.penalty_weight.min | 5 | positive lower bound
      IntUniformOnReal           | parameters.ttur.distribution  | 5 | uniform or log_uniform
      DistributionOnChoice       | parameters.loss.distribution  | 5 | value or values for loss
      DistributionMissingMax     | parameters.lr_g.max           | 5 | max is missing
      UnknownChoiceNearMiss      | parameters.init.value         | 3 | did you mean orthogonal?
      BareScalarParameter        | parameters.batch_size         | 3 | {value: X}
      TwoForms                   | parameters.lr_g               | 3 | exactly one of value, values, distribution
      DerivedLrD                 | parameters.lr_d               | 3 | derived as ttur * lr_g
      SamplesBeyondSpace         | samples                       | 3 | only 4 distinct configurations
      TooManyTrials              | parameters                    | 4 | too many trials
      FractionalGpusAboveOne     | resources.gpus_per_trial      | 2 | got 1.5
      PackTooBig                 | resources.pack                | 2 | integers 1 to 64
      NotAMapping                | (root)                        | 1 | not a mapping
      NonFiniteNumber            | parameters.lr_g.value         | 3 | not a finite number
      EarlyTerminateUnknownType  | early_terminate.type          | 2 | allowed successive_halving, hyperband
      EarlyTerminateSweptSteps   | parameters.steps              | 2 | no common rungs
      EarlyTerminateMinIterOffEvaluation | early_terminate.min_iter | 2 | a multiple of eval_every (100)
      EarlyTerminateBracketsWithHalving  | early_terminate.brackets | 2 | brackets only with type: hyperband
      EarlyTerminateMinIterAtSteps | early_terminate.min_iter    | 2 | below steps (1000)
      NStartupWithRandom         | n_startup                     | 4 | n_startup only with method: tpe
      NStartupAboveSamples       | n_startup                     | 4 | integers 1 to 8
      TpeWithoutSamples          | samples                       | 0 | use method tpe
      ScreenUnknownType          | screen.type                   | 2 | allowed g_fit
      ScreenFactorNotAboveOne    | screen.factor                 | 2 | a number above 1
      ScreenWithTpe              | screen                        | 4 | screen with method grid or random
      LayersOnImages             | parameters.layers             | 5 | the dcgan model of dataset shapes does not read it
      NetworkTooLarge            | parameters                    | 3 | got hidden 65536 x layers 32, latent_dim 16; allowed at most 1,000,000,000 parameters
      TorchScriptMissingFile     | model.generator               | 4 | Cannot read model file: no such file
      TorchScriptNotAModel       | model.generator               | 4 | it is not a TorchScript file this libtorch reads
      TorchScriptWrongShape      | model.generator               | 5 | its output has the wrong shape for shapes (got (2, 2) from z (2, 2); allowed (2, 1, 28, 28))
      TorchScriptWrongLatent     | model.generator               | 4 | it fails on z (2, 16) (latent_dim 16)
      TorchScriptDiscriminatorNotLogits | model.discriminator    | 5 | its output is not one logit per sample (got (2, 2)
      TorchScriptArchitectureKey | parameters.hidden             | 5 | the torchscript model of dataset ring8 does not read it
      TorchScriptEqualized       | parameters.init               | 5 | the torchscript model cannot start from it (got equalized
      ModelKeyUnderParameters    | parameters.model              | 3 | the model section sets it
      UnknownModelType           | model.type                    | 3 | no model of that name is on the class path (got stylegan; allowed mlp, dcgan, torchscript
      AsSavedOnBuiltIn           | parameters.init               | 4 | the mlp model cannot start from it (got as_saved
      ConflictBatchNormDropoutSwept | parameters.batch_norm_d    | 4 | Cannot combine batch_norm_d with dropout_d: batch norm and dropout in one network (D) (got batch_norm_d true and dropout_d 0.3
      ConflictPenaltyMinibatchStddevRandom | parameters.penalty  | 6 | Cannot combine penalty with minibatch_stddev: a gradient penalty takes D
      ConflictDropoutDistribution | parameters.batch_norm_d      | 6 | (got batch_norm_d true and dropout_d 0.5; allowed batch_norm_d true or dropout_d above 0, not both)
      DataRangeOnPoints          | parameters.data_range         | 5 | Cannot combine data_range with dataset: data_range maps image pixels, and points have none (got data_range zero_one and dataset ring8
      """)
  void negativeFixtureNamesPathLineAndAllowedValues(String fixture, String path, int line, String fragment) {
    InvalidSpecException e = assertThrows(InvalidSpecException.class,
        () -> SpecParser.parse(SPECS.resolve("invalid/" + fixture + ".yaml")));
    assertEquals(1, e.problems().size(), e.getMessage());
    SpecProblem p = e.problems().get(0);
    assertEquals(path, p.path(), e.getMessage());
    assertEquals(line, p.line(), e.getMessage());
    String message = p.message();
    assertTrue(message.contains(fragment), message);
    assertTrue(message.startsWith(path), message);
    assertTrue(message.matches("(?s).*: Cannot [a-z ]+.*: .*\\(got .*; allowed .*\\)"), message);
    assertTrue(e.getMessage().contains(fixture + ".yaml"), "names the file: " + e.getMessage());
  }

  /**
   * Every example spec is valid (the plug-in's with its jar only), the TorchScript ones with their files named relative to their own
   * folder (so from any working directory): their checksums become the trials' file keys and
   * TorchScript trials start from torch_default unless the spec says otherwise.
   */
  @Test
  void everyExampleSpecIsValid() throws Exception {
    List<Path> specs;
    try (var walk = java.nio.file.Files.walk(Path.of("../examples"))) {
      specs = walk.filter(p -> p.toString().endsWith(".yaml") && !p.startsWith(Path.of("../examples/plugin"))).sorted().toList();
    }
    // the digits' PNG folder is written by examples/digits/make_digits.py (scikit-learn), not committed: without it, the
    // spec is refused for that alone
    if (!java.nio.file.Files.isDirectory(Path.of("../examples/digits/digits"))) {
      InvalidSpecException digits = assertThrows(InvalidSpecException.class, () -> SpecParser.parse(Path.of("../examples/digits/digits.yaml")));
      assertEquals(List.of("parameters.dataset"), digits.problems().stream().map(SpecProblem::path).toList(), digits.getMessage());
      assertTrue(digits.getMessage().contains("no such folder"), digits.getMessage());
      specs = specs.stream().filter(p -> !p.equals(Path.of("../examples/digits/digits.yaml"))).toList();
    }
    // the plug-in's spec is valid once its jar is on the class path (PlugInModelTest); without it, refused for that alone
    InvalidSpecException plugIn = assertThrows(InvalidSpecException.class, () -> SpecParser.parse(Path.of("../examples/plugin/ring8.yaml")));
    assertEquals(List.of("model.type"), plugIn.problems().stream().map(SpecProblem::path).toList(), plugIn.getMessage());
    assertTrue(specs.size() >= 5, "examples found: " + specs);
    for (Path spec : specs) {
      SweepSpec s = SpecParser.parse(spec);
      boolean torchscript = spec.getParent().getFileName().toString().equals("torchscript");
      assertEquals(torchscript ? 2 : 0, s.modelFiles().size(), spec.toString());
      if (torchscript) {
        assertTrue(s.parameters().stream().anyMatch(p -> p.param() == io.gansweep.trial.Hyperparameter.GENERATOR_FILE
            && p.domain() instanceof Domain.Fixed f && s.modelFiles().containsKey(f.value())), spec.toString());
      }
    }
    SweepSpec ring8 = SpecParser.parse(Path.of("../examples/torchscript/ring8.yaml"));
    assertTrue(ring8.parameters().stream().anyMatch(p -> p.param() == io.gansweep.trial.Hyperparameter.INIT
        && p.domain() instanceof Domain.Fixed f && f.value() == io.gansweep.trial.InitScheme.TORCH_DEFAULT));
  }

  /**
   * hidden and layers each in range, their product not: before, valid, and every trial FAILED with
   * an ArithmeticException; the limit is on the largest networks any configuration can have.
   */
  @Test
  void networkSizeIsCheckedOnTheProductOfItsKeys() throws Exception {
    SpecParser.parse("name: t\nparameters:\n  hidden: {value: 16384}\n  layers: {value: 2}\n", "fits.yaml");
    assertTrue(SpecParser.networkParameters("ring8", 16384, 2, 16) < SpecParser.MAX_NETWORK_PARAMETERS);
    InvalidSpecException swept = assertThrows(InvalidSpecException.class, () -> SpecParser.parse(
        "name: t\nparameters:\n  hidden: {values: [64, 32768]}\n  layers: {values: [1, 2]}\n", "swept.yaml"));
    assertTrue(swept.getMessage().contains("Cannot size networks: G and D would have 2,148,302,851 parameters together (got up to hidden 32768"
        + " x layers 2, latent_dim 16;"), swept.getMessage());
    InvalidSpecException images = assertThrows(InvalidSpecException.class, () -> SpecParser.parse(
        "name: t\nparameters:\n  dataset: {value: shapes}\n  hidden: {value: 8192}\n", "images.yaml"));
    assertTrue(images.getMessage().contains("Cannot size networks"), images.getMessage());
    SpecParser.parse("name: t\nparameters:\n  dataset: {value: ring8}\n  hidden: {value: 8192}\n  layers: {value: 1}\n", "wide.yaml");
    // D's own size counts: a small G with a D of 4 x 32768 (3.2e9 parameters in D alone)
    InvalidSpecException wideD = assertThrows(InvalidSpecException.class, () -> SpecParser.parse(
        "name: t\nparameters:\n  hidden: {value: 64}\n  hidden_d: {value: 32768}\n  layers_d: {value: 4}\n", "wide-d.yaml"));
    assertTrue(wideD.getMessage().contains("Cannot size networks: G and D would have") && wideD.getMessage().contains(
        "D's hidden_d 32768 x layers_d 4"), wideD.getMessage());
    InvalidSpecException eval = assertThrows(InvalidSpecException.class, () -> SpecParser.parse(
        "name: t\nparameters:\n  eval_samples: {value: 1000000}\n  latent_dim: {value: 4096}\n", "eval.yaml"));
    assertTrue(eval.getMessage().contains("Cannot size evaluations: the evaluation's latent vectors would not fit one array (got"
        + " eval_samples 1000000 x latent_dim 4096;"), eval.getMessage());
  }

  @Test
  void everyProblemOfAFileIsReportedAtOnce() {
    InvalidSpecException e = assertThrows(InvalidSpecException.class,
        () -> SpecParser.parse(SPECS.resolve("invalid/ManyProblems.yaml")));
    assertEquals(List.of("samples", "replicates", "parameters.lr_g.min", "parameters.lossy",
            "parameters.d_steps.values[1]", "resources.cpus_per_trial"),
        e.problems().stream().map(SpecProblem::path).toList());
    assertTrue(e.getMessage().startsWith("Cannot load spec "), e.getMessage());
    assertTrue(e.getMessage().contains("6 problems"), e.getMessage());
  }

  /** The adaptive keys' defaults: tpe starts with min(10, samples) random configurations; the screen fits 300 steps and asks a 1.05x cut. */
  @Test
  void tpeAndScreenDefaults() throws Exception {
    String space = "\nparameters:\n  lr_g: {distribution: log_uniform, min: 1.0e-5, max: 1.0e-2}\n";
    assertEquals(6, SpecParser.parse("name: t\nmethod: tpe\nsamples: 6" + space, "inline").nStartup());
    assertEquals(10, SpecParser.parse("name: t\nmethod: tpe\nsamples: 30" + space, "inline").nStartup());
    SweepSpec screened = SpecParser.parse(SPECS.resolve("valid/screen.yaml"));
    assertEquals(new Screen(Screen.Type.G_FIT, 300, 1.05), screened.screen());
    assertEquals(0, screened.nStartup());
  }

  @Test
  void missingFileIsAProblemNotACrash() {
    InvalidSpecException e = assertThrows(InvalidSpecException.class,
        () -> SpecParser.parse(SPECS.resolve("no-such-spec.yaml")));
    assertEquals("(file)", e.problems().get(0).path());
  }

  @Test
  void quickstartParsesWithItsAxesInFileOrder() throws Exception {
    SweepSpec s = SpecParser.parse(Path.of("../examples/quickstart.yaml"));
    assertEquals(SearchMethod.GRID, s.method());
    assertEquals(3, s.replicates());
    List<Hyperparameter<?>> swept = s.parameters().stream().filter(p -> p.domain().swept()).map(ParameterSpec::param).toList();
    assertEquals(List.of(Hyperparameter.LOSS, Hyperparameter.LR_G), swept);
    assertEquals(0.0, s.resources().gpusPerTrial());
    assertEquals(3, s.resources().pack(), "the quickstart packs its small trials three per task");
  }

  @Test
  void packedQuickstartIsTheQuickstartWithPacksOfSix() throws Exception {
    SweepSpec plain = SpecParser.parse(Path.of("../examples/quickstart.yaml"));
    SweepSpec packed = SpecParser.parse(Path.of("../examples/quickstart-packed.yaml"));
    assertEquals(plain.parameters(), packed.parameters());
    assertEquals(plain.replicates(), packed.replicates());
    assertEquals(new Resources(0, 1, 6), packed.resources());
    assertEquals(new Resources(0, 1, 3), plain.resources());
  }

  @Test
  void yaml12NumbersAndDefaults() throws Exception {
    SweepSpec s = SpecParser.parse("""
        name: n
        method: random
        samples: 3
        parameters:
          lr_g: {distribution: log_uniform, min: 1e-5, max: 1e-2}
          steps: {value: 1e3}
          d_steps: {distribution: int_uniform, min: 1, max: 5}
          spectral_norm: {values: [true, false]}
        """, "inline");
    Domain.Continuous lr = assertInstanceOf(Domain.Continuous.class, s.parameters().get(0).domain());
    assertEquals(1e-5, lr.min(), "YAML 1.2: 1e-5 is a number, not a string");
    assertEquals(new Domain.Fixed(1000), s.parameters().get(1).domain(), "integral reals fit integer parameters");
    assertEquals(new Domain.IntRange(1, 5), s.parameters().get(2).domain());
    assertEquals(3, s.replicates(), "default replicates");
    assertEquals(0, s.seed(), "default sampler seed");
    assertEquals(Resources.DEFAULT, s.resources());
  }

  /**
   * A points dataset is named by its file's checksum (data_file), and its dimension is what a
   * TorchScript pair is checked against: the example ring8 pair takes a 2-D file and refuses a 3-D one.
   */
  @Test
  void aPointsFileSetsDataFileAndItsDimensionChecksTorchScript(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    io.gansweep.data.PointsFixtures.ring8Csv(dir.resolve("ring.csv"), 50, 1, true);
    io.gansweep.data.PointsFixtures.csv(dir.resolve("cube.csv"), "a,b,c", "1,2,3", "4,5,6", "7,8,9", "1,1,1");
    Path examples = Path.of("../examples/torchscript").toAbsolutePath().normalize();
    String spec = """
        name: pts
        model: {type: torchscript, generator: %s, discriminator: %s}
        parameters:
          dataset:    {value: "points:FILE"}
          latent_dim: {value: 2}
          batch_size: {value: 4}
        """.formatted(examples.resolve("ring8_g.pt"), examples.resolve("ring8_d.pt"));
    Path ring = java.nio.file.Files.writeString(dir.resolve("ring.yaml"), spec.replace("FILE", "ring.csv"));
    SweepSpec s = SpecParser.parse(ring);
    String sum = "sha256:" + io.gansweep.io.Checksummed.sha256(java.nio.file.Files.readAllBytes(dir.resolve("ring.csv")));
    assertTrue(s.parameters().stream().anyMatch(p -> p.param() == Hyperparameter.DATA_FILE && p.domain() instanceof Domain.Fixed f
        && f.value().equals(sum)), s.parameters().toString());
    assertEquals(List.of(sum), List.copyOf(s.dataFiles().keySet()));
    Path cube = java.nio.file.Files.writeString(dir.resolve("cube.yaml"), spec.replace("FILE", "cube.csv"));
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecParser.parse(cube));
    assertEquals(List.of("model.generator"), e.problems().stream().map(SpecProblem::path).toList(), e.getMessage());
    assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
  }
}
