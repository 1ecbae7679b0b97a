package io.gansweep.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HyperparameterTest {

  static List<Hyperparameter<?>> keys() {
    return Hyperparameter.values();
  }

  @ParameterizedTest
  @MethodSource("keys")
  void defaultIsAllowedAndCanonical(Hyperparameter<?> h) {
    Hyperparameter.Conversion<?> c = h.convert(h.defaultValue());
    assertTrue(c.isOk(), h.key() + ": " + c.reason());
    assertEquals(h.defaultValue(), c.value());
  }

  @Test
  void keysAreUniqueSnakeCase() {
    var keys = Hyperparameter.values().stream().map(Hyperparameter::key).toList();
    assertEquals(keys.size(), new HashSet<>(keys).size());
    keys.forEach(k -> assertTrue(k.matches("[a-z][a-z0-9_]*"), k));
  }

  @Test
  void integerParametersTakeIntegralNumbersOnly() {
    assertEquals(10000, Hyperparameter.STEPS.convert(1.0e4).value());
    assertEquals(3, Hyperparameter.D_STEPS.convert(3L).value());
    assertEquals("not an integer", Hyperparameter.STEPS.convert(2.5).reason());
    assertEquals("out of range", Hyperparameter.STEPS.convert(0L).reason());
    assertEquals("not an integer", Hyperparameter.STEPS.convert("100").reason());
  }

  @Test
  void realParametersRespectOpenAndClosedEnds() {
    assertEquals("out of range", Hyperparameter.LR_G.convert(0.0).reason(), "lr_g is (0, 10]");
    assertTrue(Hyperparameter.LR_G.convert(10L).isOk());
    assertEquals(2.0, Hyperparameter.TTUR.convert(2L).value(), "integers widen to reals");
    assertEquals("out of range", Hyperparameter.ADAM_BETA1.convert(1.0).reason(), "beta1 is [0, 1)");
    assertTrue(Hyperparameter.ADAM_BETA1.convert(0.0).isOk());
    assertEquals("not finite", Hyperparameter.LR_G.convert(Double.NaN).reason());
  }

  @Test
  void choicesAndBooleans() {
    assertTrue(Hyperparameter.LOSS.convert("hinge").isOk());
    assertEquals("unknown name", Hyperparameter.LOSS.convert("wgan-gp").reason());
    assertEquals("not a boolean", Hyperparameter.SPECTRAL_NORM.convert("yes").reason());
    assertFalse(Hyperparameter.INIT.choices().isEmpty());
    assertEquals(Arrays.asList(WireEnum.wireNames(InitScheme.class)), Hyperparameter.INIT.choices());
  }

  /** Each key's metadata matches its type: ranges for numbers, names for choices, a default of the key's own Java type. */
  @ParameterizedTest
  @MethodSource("keys")
  void metadataIsConsistentWithTheType(Hyperparameter<?> h) {
    assertTrue(h.javaType().isInstance(h.defaultValue()), h.key());
    assertEquals(h.type() == ParamType.INT || h.type() == ParamType.REAL, h.range().isPresent(), h.key());
    assertEquals(h.type() == ParamType.CHOICE, !h.choices().isEmpty(), h.key());
    assertEquals(h, Hyperparameter.byKey(h.key()).orElseThrow());
    assertEquals(h, Hyperparameter.values().get(h.ordinal()));
  }

  @Test
  void enumChoicesConvertToTheirConstants() {
    assertEquals(LossKind.HINGE, Hyperparameter.LOSS.convert("hinge").value());
    assertEquals(InitScheme.XAVIER, Hyperparameter.INIT.convert(InitScheme.XAVIER).value());
    assertEquals("xavier", Hyperparameter.INIT.wire(InitScheme.XAVIER));
    assertEquals("idx:/d/x", Hyperparameter.DATASET.convert("idx:/d/x").value());
    assertEquals("unknown name", Hyperparameter.DATASET.convert("idx:").reason());
  }
}
