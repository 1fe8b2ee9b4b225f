package io.plugboard.harness.eval;

/**
 * The unbiased pass@k estimator of Chen et al. (2021): the probability that at least one of k
 * samples drawn without replacement from n generated samples, c of them correct, is correct.
 * Stateless.
 */
public final class PassAtK {
  private PassAtK() {}

  /**
   * {@code 1 - C(n-c, k) / C(n, k)}, computed as a product to stay exact for large n.
   *
   * @throws IllegalArgumentException when k is not in [1, n] or c is not in [0, n]
   */
  public static double estimate(int n, int c, int k) {
    if (k < 1 || k > n) throw new IllegalArgumentException("k must be in [1, n], got k=" + k + ", n=" + n);
    if (c < 0 || c > n) throw new IllegalArgumentException("c must be in [0, n], got c=" + c + ", n=" + n);
    if (n - c < k) return 1.0;
    double fail = 1.0;
    for (int i = n - c + 1; i <= n; i++) fail *= 1.0 - (double) k / i;
    return 1.0 - fail;
  }
}
