package io.gansweep.screen;

import io.gansweep.spec.Screen;
import io.gansweep.train.GeneratorFit;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Numbers;
import io.gansweep.trial.ScreenRow;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.Values;
import java.util.List;
import java.util.Locale;

/**
 * A generator setup of the G-only screen: the hyperparameters a generator fitted alone depends on
 * (data, batch, architecture, init, lr_g, Adam betas). Configurations that differ only in D, the
 * loss, ttur, penalties or the schedule share a setup, so the screen fits each setup once.
 */
public final class GeneratorSetup {

  /**
   * What G alone depends on, in catalog order: every key that acts on G, on both networks, or on
   * the data ({@link Hyperparameter#target}), so a new key of G joins the setup without an edit here.
   */
  public static final List<Hyperparameter<?>> KEYS = Hyperparameter.values().stream()
      .filter(h -> switch (h.target()) {
        case G, BOTH, DATA -> true;
        case D, RUN, SEED -> false;
      })
      .toList();

  private GeneratorSetup() {}

  /**
   * The keys every setup id has hashed since the screen's first version, default or not, frozen
   * here by name (a key's target may change; these ids may not). Keys of {@link #KEYS} added
   * later join the hash only where they differ from their default (as {@link TrialConfig#configId}
   * does), so stored setup ids and screen rows keep their meaning.
   */
  private static final List<Hyperparameter<?>> ALWAYS_HASHED = List.of(Hyperparameter.DATASET, Hyperparameter.BATCH_SIZE,
      Hyperparameter.LATENT_DIM, Hyperparameter.HIDDEN, Hyperparameter.LAYERS, Hyperparameter.LR_G, Hyperparameter.INIT,
      Hyperparameter.ADAM_BETA1, Hyperparameter.ADAM_BETA2, Hyperparameter.BATCH_NORM, Hyperparameter.BN_MOMENTUM,
      Hyperparameter.G_ACTIVATION);

  /** The setup id of a trial: 16 hex digits of SHA-256 over the {@link #ALWAYS_HASHED} keys' values, then later keys away from their defaults. */
  public static String id(TrialConfig c) {
    StringBuilder b = new StringBuilder("gansweep-setup-v1");
    for (Hyperparameter<?> h : ALWAYS_HASHED) {
      b.append('|').append(h.key()).append('=').append(Values.canonical(c.get(h)));
    }
    for (Hyperparameter<?> h : KEYS) {
      String value = Values.canonical(c.get(h));
      if (!ALWAYS_HASHED.contains(h) && !value.equals(Values.canonical(h.defaultValue()))) {
        b.append('|').append(h.key()).append('=').append(value);
      }
    }
    return Values.sha256Hex(b.toString(), 16);
  }

  /** The setup's swept values ("lr_g 10, init xavier"), or "(all)" when the sweep varies none of G's hyperparameters. */
  public static String describe(TrialConfig c, List<Hyperparameter<?>> swept) {
    List<String> parts = swept.stream().filter(KEYS::contains).map(h -> h.key() + " " + Numbers.exact(c.get(h))).toList();
    return parts.isEmpty() ? "(all)" : String.join(", ", parts);
  }

  /**
   * The screen row of a setup's fit: it passes when the fit neither diverged nor fell short of
   * {@code screen.factor()}. A fit that failed (no device, an engine error) passes unscreened: the
   * failure says nothing about the learning rate, and the trials meet it themselves, as FAILED rows
   * a resume retrains, where a drop would be final.
   */
  public static ScreenRow row(String setupId, String setup, TrialConfig c, Screen screen, GeneratorFit.Result r) {
    Double first = Double.isNaN(r.firstMse()) ? null : r.firstMse();
    Double last = Double.isNaN(r.lastMse()) ? null : r.lastMse();
    String reason;
    boolean passed = false;
    if (r.error() != null) {
      passed = true;
      reason = "not screened: the G-only fit failed (" + r.error() + ")";
    } else if (r.divergedStep() != null) {
      reason = String.format(Locale.ROOT, "G-only fit diverged at step %d of %d (MSE %s against %s before training)", r.divergedStep(),
          screen.steps(), Numbers.format(r.lastMse()), Numbers.format(r.firstMse()));
    } else {
      double cut = r.firstMse() / r.lastMse();
      passed = cut >= screen.factor();
      reason = String.format(Locale.ROOT, "G-only fit cut its MSE %s%sx in %d steps (%s to %s; at least %sx asked)", passed ? "" : "only ",
          Numbers.format(cut), screen.steps(), Numbers.format(r.firstMse()), Numbers.format(r.lastMse()), Numbers.format(screen.factor()));
    }
    return new ScreenRow(setupId, setup, c.get(Hyperparameter.LR_G), screen.steps(), first, last, r.divergedStep(), passed, reason, r.seconds());
  }
}
