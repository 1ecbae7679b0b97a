package io.gansweep.metrics;

import io.gansweep.data.PointSet;

/**
 * Quality of generated points against a {@code points:<file>} dataset, in any dimension:
 *
 * <ul>
 *   <li>always: the energy distance ({@link MixtureMetrics#energyDistance(float[], float[], int)}),
 *       precision, recall, density and coverage ({@link Prdc}), against the evaluation reference
 *       (up to eval_samples distinct rows of the file);
 *   <li>with a {@code label} column, per-label modes, as the mixtures' modes with the labels for
 *       modes: each generated point goes to the label of its nearest reference point. A label is
 *       <em>captured</em> ({@code modes}) when at least {@link MixtureMetrics#MODE_MIN_SHARE_OF_UNIFORM}
 *       of a uniform share (N/K) of the points lie inside the k-NN ball ({@link Prdc#K}) of their
 *       nearest reference point of that label (the fidelity-aware count, as HQ samples on the
 *       mixtures), and <em>covered</em> ({@code modesCovered}) when as many points have it for
 *       nearest label, however far (coverage independent of sharpness). The reverse KL is that of
 *       the in-ball points' label histogram q against the reference's label shares p, Σ q log(q/p)
 *       (on equal shares, the mixtures' Σ q log(K q)); null when no point is in a ball.
 *   <li>without labels, modes, covered modes and the reverse KL are null: a file without classes
 *       has no modes to count. The HQ share is a mixture's (it needs the modes' std), null here;
 *       precision is the fidelity axis.
 * </ul>
 */
public final class PointMetrics {

  private PointMetrics() {}

  /**
   * The evaluation reference of a points file: distinct rows with their k-NN radii, and their labels.
   *
   * @param prdc the rows and radii
   * @param labels each reference row's label index; null without labels
   * @param classes how many labels the file has (0 without); the metrics count those the reference holds
   */
  public record Reference(Prdc.Reference prdc, int[] labels, int classes) {}

  /** The reference of rows {@code ix} of {@code data}. */
  public static Reference reference(PointSet data, int[] ix) {
    int[] labels = null;
    if (data.labelled()) {
      labels = new int[ix.length];
      for (int i = 0; i < ix.length; i++) {
        labels[i] = data.labels()[ix[i]];
      }
    }
    return new Reference(Prdc.reference(data.rows(ix), data.dim()), labels, data.labelNames().size());
  }

  /** All metrics of {@code generated} ({@code m x dim}, row-major) against {@code ref}. */
  public static Quality evaluate(Reference ref, float[] generated) {
    Prdc.Reference real = ref.prdc();
    int dim = real.dim();
    Prdc.Measures p = Prdc.evaluate(real, generated);
    double energy = MixtureMetrics.energyDistance(generated, real.points(), dim);
    if (ref.labels() == null) {
      return new Quality(null, null, null, null, energy, null, p.precision(), p.recall(), p.density(), p.coverage());
    }
    int k = ref.classes();
    int m = generated.length / dim;
    int n = real.size();
    int[] inBall = new int[k];
    int[] nearest = new int[k];
    int accepted = 0;
    for (int j = 0; j < m; j++) {
      int best = -1;
      double bestD2 = Double.POSITIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int c = 0; c < dim; c++) {
          double d = generated[j * dim + c] - real.points()[i * dim + c];
          s += d * d;
        }
        if (s < bestD2) {
          bestD2 = s;
          best = i;
        }
      }
      int label = ref.labels()[best];
      nearest[label]++;
      if (bestD2 < real.radii2()[best]) {
        inBall[label]++;
        accepted++;
      }
    }
    int[] share = new int[k];
    for (int l : ref.labels()) {
      share[l]++;
    }
    int present = 0; // labels the reference holds: a rare label the reference missed cannot be found
    for (int c : share) {
      present += c > 0 ? 1 : 0;
    }
    double minCount = MixtureMetrics.MODE_MIN_SHARE_OF_UNIFORM * m / present;
    int captured = 0;
    int covered = 0;
    double rkl = 0;
    for (int l = 0; l < k; l++) {
      if (inBall[l] > 0 && inBall[l] >= minCount) {
        captured++;
      }
      if (nearest[l] > 0 && nearest[l] >= minCount) {
        covered++;
      }
      if (inBall[l] > 0 && share[l] > 0) {
        double q = (double) inBall[l] / accepted;
        rkl += q * Math.log(q / ((double) share[l] / n));
      }
    }
    return new Quality(captured, covered, null, accepted == 0 ? null : rkl, energy, null, p.precision(), p.recall(), p.density(),
        p.coverage());
  }
}
