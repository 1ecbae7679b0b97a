package io.gansweep.search;

import io.gansweep.spec.Distribution;
import io.gansweep.spec.Domain;
import io.gansweep.trial.Values;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Parzen estimator of one swept parameter: a weighted mixture of one kernel per observed value
 * plus a prior kernel, built as Optuna's TPE builds its univariate estimators (Bergstra et al.,
 * "Algorithms for Hyper-Parameter Optimization", NeurIPS 2011; Optuna's defaults: prior weight 1,
 * the bandwidth of a kernel the larger gap to its sorted neighbours, clipped to [range / min(100,
 * kernels + 1), range], the outermost kernels taking their inner gap). Numeric parameters work in
 * the transformed space, truncated to the range: the log for {@code log_uniform}; integers widen
 * the range by half a step either side and are read as the mass of their unit bin. A {@code
 * values} list is categorical: each observation puts weight 1 on its choice over a prior spread
 * evenly across all choices. Logs, exponentials and the Box-Muller cosine are {@link StrictMath}'s
 * (fdlibm), so every JVM on every CPU computes the same densities and draws.
 */
final class ParzenEstimator {

  static final double PRIOR_WEIGHT = 1.0;

  private static final int MAX_REJECTIONS = 10_000;

  private final Domain domain;
  /** Mixture weights, summing to 1; the prior's is last. */
  private final double[] weights;
  private final double low;
  private final double high;
  private final double[] mus;
  private final double[] sigmas;
  /** Categorical: the mixture's probability of each choice. */
  private final double[] choices;
  /** Categorical: each observation's choice (its kernel's peak); the prior's kernel, last, is flat. */
  private final int[] observedChoices;

  private ParzenEstimator(Domain domain, double[] weights, double low, double high, double[] mus, double[] sigmas, double[] choices,
      int[] observedChoices) {
    this.domain = domain;
    this.weights = weights;
    this.low = low;
    this.high = high;
    this.mus = mus;
    this.sigmas = sigmas;
    this.choices = choices;
    this.observedChoices = observedChoices;
  }

  /**
   * The estimator of {@code observed} values of a swept domain ({@code values}, {@code uniform},
   * {@code log_uniform} or {@code int_uniform}), each weighted by {@code observationWeights}.
   */
  static ParzenEstimator fit(Domain domain, List<Object> observed, double[] observationWeights) {
    if (observed.size() != observationWeights.length) {
      throw new IllegalArgumentException("Cannot fit estimator: one weight per observation (got " + observationWeights.length
          + " weights for " + observed.size() + " observations; allowed equal counts)");
    }
    int n = observed.size();
    double[] w = Arrays.copyOf(observationWeights, n + 1);
    w[n] = PRIOR_WEIGHT;
    double sum = Arrays.stream(w).sum();
    for (int i = 0; i <= n; i++) {
      w[i] /= sum;
    }
    if (domain instanceof Domain.Categorical c) {
      int k = c.values().size();
      double[] p = new double[k];
      int[] ats = new int[n];
      for (int i = 0; i < n; i++) { // an observation's kernel: prior_weight / kernels on every choice, plus 1 on its own, normalised
        double row = PRIOR_WEIGHT / (n + 1) * k + 1;
        int at = c.values().indexOf(observed.get(i));
        ats[i] = at;
        for (int j = 0; j < k; j++) {
          p[j] += w[i] * (PRIOR_WEIGHT / (n + 1) + (j == at ? 1 : 0)) / row;
        }
      }
      for (int j = 0; j < k; j++) {
        p[j] += w[n] / k;
      }
      return new ParzenEstimator(domain, w, 0, 0, null, null, p, ats);
    }
    double lo;
    double hi;
    if (domain instanceof Domain.IntRange r) {
      lo = r.min() - 0.5;
      hi = r.max() + 0.5;
    } else if (domain instanceof Domain.Continuous c) {
      lo = transform(c, c.min());
      hi = transform(c, c.max());
    } else {
      throw new IllegalArgumentException("Cannot fit estimator: the domain is not swept (got " + domain + "; allowed values, uniform, "
          + "log_uniform, int_uniform)");
    }
    double[] mu = new double[n + 1];
    for (int i = 0; i < n; i++) {
      mu[i] = domain instanceof Domain.Continuous c ? transform(c, ((Number) observed.get(i)).doubleValue())
          : ((Number) observed.get(i)).doubleValue();
    }
    mu[n] = 0.5 * (lo + hi);
    double[] sigma = bandwidths(mu, lo, hi);
    return new ParzenEstimator(domain, w, lo, hi, mu, sigma, null, null);
  }

  /** Each observation's bandwidth (the prior's, last, is the range), as described above. */
  static double[] bandwidths(double[] mu, double lo, double hi) {
    int k = mu.length; // observations and the prior
    Integer[] order = new Integer[k];
    for (int i = 0; i < k; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(mu[a], mu[b]));
    double[] s = new double[k + 2];
    s[0] = lo;
    s[k + 1] = hi;
    for (int i = 0; i < k; i++) {
      s[i + 1] = mu[order[i]];
    }
    double[] sorted = new double[k];
    for (int i = 0; i < k; i++) {
      sorted[i] = Math.max(s[i + 1] - s[i], s[i + 2] - s[i + 1]);
    }
    if (k + 2 >= 4) { // endpoints not considered: the outermost kernels take the gap to their inner neighbour
      sorted[0] = s[2] - s[1];
      sorted[k - 1] = s[k] - s[k - 1];
    }
    double max = hi - lo;
    double min = (hi - lo) / Math.min(100.0, 1.0 + k);
    double[] sigma = new double[k];
    for (int i = 0; i < k; i++) {
      sigma[order[i]] = Math.max(min, Math.min(max, sorted[i]));
    }
    sigma[k - 1] = hi - lo; // the prior
    return sigma;
  }

  private static double transform(Domain.Continuous c, double v) {
    return c.distribution() == Distribution.LOG_UNIFORM ? StrictMath.log(v) : v;
  }

  /** A value drawn from the mixture, as a spec value of the domain (reals rounded as random search rounds them). */
  Object sample(SplittableRandom rng) {
    if (choices != null) {
      List<Object> values = ((Domain.Categorical) domain).values();
      return values.get(pick(choices, rng));
    }
    int k = pick(weights, rng);
    double x = truncatedDraw(k, rng);
    if (domain instanceof Domain.IntRange r) {
      return (int) Math.max(r.min(), Math.min(r.max(), Math.round(x)));
    }
    Domain.Continuous c = (Domain.Continuous) domain;
    double v = c.distribution() == Distribution.LOG_UNIFORM ? StrictMath.exp(x) : x;
    return Math.max(c.min(), Math.min(c.max(), Values.roundSignificant(v, RandomSearch.SIGNIFICANT_DIGITS)));
  }

  /** The log density (mass, for categorical and integer domains) of a value of the domain. */
  double logPdf(Object value) {
    if (choices != null) {
      return StrictMath.log(choices[((Domain.Categorical) domain).values().indexOf(value)]);
    }
    double x = ((Number) value).doubleValue();
    if (domain instanceof Domain.Continuous c) {
      x = transform(c, x);
    }
    double[] terms = new double[mus.length];
    for (int i = 0; i < mus.length; i++) {
      double z = normalCdf((high - mus[i]) / sigmas[i]) - normalCdf((low - mus[i]) / sigmas[i]);
      double density;
      if (domain instanceof Domain.IntRange) {
        density = Math.max(Double.MIN_NORMAL,
            normalCdf((x + 0.5 - mus[i]) / sigmas[i]) - normalCdf((x - 0.5 - mus[i]) / sigmas[i])) / z;
        terms[i] = StrictMath.log(weights[i]) + StrictMath.log(density);
      } else {
        double u = (x - mus[i]) / sigmas[i];
        terms[i] = StrictMath.log(weights[i]) - 0.5 * u * u - StrictMath.log(sigmas[i] * StrictMath.sqrt(2 * Math.PI) * z);
      }
    }
    double max = Arrays.stream(terms).max().orElseThrow();
    double sum = 0;
    for (double t : terms) {
      sum += StrictMath.exp(t - max);
    }
    return max + StrictMath.log(sum);
  }

  /**
   * The mixture's weights (the observations' then the prior's, summing to 1): the same for every
   * parameter fitted from the same observations and weights, so a joint (multivariate) estimator
   * picks one kernel for all its parameters.
   */
  double[] kernelWeights() {
    return weights.clone();
  }

  /** One internal value from kernel {@code k} truncated to the bounds by rejection (its mean after {@code MAX_REJECTIONS} misses). */
  private double truncatedDraw(int k, SplittableRandom rng) {
    for (int attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
      double y = mus[k] + sigmas[k] * gaussian(rng);
      if (y >= low && y <= high) {
        return y;
      }
    }
    return mus[k];
  }

  /** One kernel index drawn by the mixture's weights. */
  int pickKernel(SplittableRandom rng) {
    return pick(weights, rng);
  }

  /** A value drawn from kernel {@code k} alone (the prior's is the last), as {@link #sample} returns values. */
  Object sampleKernel(int k, SplittableRandom rng) {
    if (choices != null) {
      List<Object> values = ((Domain.Categorical) domain).values();
      return values.get(pick(kernelChoices(k), rng));
    }
    double x = truncatedDraw(k, rng);
    return external(x);
  }

  /** The log density (mass, for categorical and integer domains) of a value under kernel {@code k} alone, truncated to the range. */
  double logKernel(int k, Object value) {
    if (choices != null) {
      return StrictMath.log(kernelChoices(k)[((Domain.Categorical) domain).values().indexOf(value)]);
    }
    double x = internal(value);
    double z = normalCdf((high - mus[k]) / sigmas[k]) - normalCdf((low - mus[k]) / sigmas[k]);
    if (domain instanceof Domain.IntRange) {
      return StrictMath.log(Math.max(Double.MIN_NORMAL,
          normalCdf((x + 0.5 - mus[k]) / sigmas[k]) - normalCdf((x - 0.5 - mus[k]) / sigmas[k])) / z);
    }
    double u = (x - mus[k]) / sigmas[k];
    return -0.5 * u * u - StrictMath.log(sigmas[k] * StrictMath.sqrt(2 * Math.PI) * z);
  }

  /** Kernel {@code k}'s probability of each choice: the prior weight spread over every choice plus 1 on its own, normalised; flat for the prior's. */
  private double[] kernelChoices(int k) {
    int kinds = choices.length;
    double[] p = new double[kinds];
    int n = observedChoices.length;
    for (int j = 0; j < kinds; j++) {
      p[j] = k == n ? 1.0 / kinds : (PRIOR_WEIGHT / (n + 1) + (j == observedChoices[k] ? 1 : 0)) / (PRIOR_WEIGHT / (n + 1) * kinds + 1);
    }
    return p;
  }

  private double internal(Object value) {
    double x = ((Number) value).doubleValue();
    return domain instanceof Domain.Continuous c ? transform(c, x) : x;
  }

  private Object external(double x) {
    if (domain instanceof Domain.IntRange r) {
      return (int) Math.max(r.min(), Math.min(r.max(), Math.round(x)));
    }
    Domain.Continuous c = (Domain.Continuous) domain;
    double v = c.distribution() == Distribution.LOG_UNIFORM ? StrictMath.exp(x) : x;
    return Math.max(c.min(), Math.min(c.max(), Values.roundSignificant(v, RandomSearch.SIGNIFICANT_DIGITS)));
  }

  private static int pick(double[] p, SplittableRandom rng) {
    double u = rng.nextDouble();
    double acc = 0;
    for (int i = 0; i < p.length; i++) {
      acc += p[i];
      if (u < acc) {
        return i;
      }
    }
    return p.length - 1;
  }

  /** A standard normal draw by the Box-Muller transform (two uniform draws; the same on every JVM). */
  static double gaussian(SplittableRandom rng) {
    double u = 1.0 - rng.nextDouble(); // (0, 1]
    double v = rng.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
  }

  /**
   * The standard normal CDF, through the complementary error function's Chebyshev fit in Press et
   * al., Numerical Recipes (fractional error below 1.2e-7 everywhere).
   */
  static double normalCdf(double x) {
    return 0.5 * erfc(-x / StrictMath.sqrt(2));
  }

  private static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * StrictMath.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
        + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }
}
