package io.gansweep.analysis;

/**
 * Every threshold of the stability analysis, named and documented. None is a published standard;
 * each rests on a published failure signature (SCIENCE.md).
 */
public final class StabilityThresholds {

  private StabilityThresholds() {}

  /** The window judged "at the end": this share of a trial's logged steps (SCIENCE.md: 10%). */
  public static final double WINDOW_SHARE = 0.10;

  /** The window holds at least this many logged rows, so a median means something. */
  public static final int MIN_WINDOW_ROWS = 5;

  /**
   * Discriminator dominance 1 − median_W(L_D)/L_D* above this flags D winning (SCIENCE.md: 0.3):
   * a loss held far below its equilibrium starves G of gradient (Arjovsky and Bottou 2017).
   */
  public static final double DOMINANCE = 0.3;

  /**
   * With dominance, D must also reject the fakes: median D(G(z)) below this (a probability for
   * nsgan/minimax, the regression output for lsgan). Hinge uses −(1 − this) on its raw output.
   */
  public static final double D_FAKE_REJECTED = 0.1;

  /**
   * Oscillation amplitude std_W(L_G)/(|mean_W(L_G)| + {@link #OSCILLATION_EPS}) above this flags a
   * loss swinging by more than half its level over the final window.
   */
  public static final double OSCILLATION = 0.5;

  /** Keeps the oscillation ratio finite for losses that settle near zero (wgan). */
  public static final double OSCILLATION_EPS = 0.1;

  /** A gradient norm above this multiple of its early median counts as an explosion (SCIENCE.md: 100×). */
  public static final double GRADIENT_EXPLOSION = 100.0;

  /** "Early" for the gradient baseline: this share of the logged steps from the start. */
  public static final double EARLY_SHARE = 0.10;

  /**
   * Reverse KL of the high-quality samples' mode histogram above this counts as collapse (SCIENCE.md:
   * 0.1): every mode has samples, but a few hold most of the sharp ones. Judged only when fidelity
   * passes {@link #FIDELITY_MIN}: over a handful of sharp samples the histogram says nothing.
   */
  public static final double RKL_COLLAPSE = 0.1;

  /**
   * Fidelity (the high-quality share on 2-D, improved precision on images) below this is too low
   * to call a trial converged: fewer than half its samples are realistic. With coverage fine, the
   * samples are spread around the modes but not on them ("unconverged": train longer). A perfect
   * 2-D sampler has HQ 0.989 (SCIENCE.md); published ring results put working methods around and
   * above one half (VEEGAN 52.9%, PacGAN 95.6%) and a blurry one below (Unrolled GAN 35.6%); a
   * converged 3x128 nsgan at 3,000 rounds measured 0.78 here, a 15,000-round kaiming R1 run still
   * spreading around every mode 0.03.
   */
  public static final double FIDELITY_MIN = 0.5;

  /** z of the Wilson lower bound on a configuration's stable share (95% two-sided). */
  public static final double WILSON_Z = 1.96;

  /**
   * Two-sided level of the per-seed Mann–Whitney test that splits rank groups ({@link RankGroup}),
   * per comparison. 0.10 is the smallest level 3 seeds against 3 can reach (2/C(6,3)): at the
   * minimum seed count SCIENCE.md asks for, a split means every seed of one configuration beat every
   * seed of the other, which two equal configurations do by chance 1 time in 10.
   */
  public static final double RANK_GROUP_ALPHA = 0.10;

}
