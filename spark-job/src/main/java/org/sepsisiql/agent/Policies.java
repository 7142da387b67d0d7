package org.sepsisiql.agent;

/**
 * The two ways to extract a policy from the network's Q and V (DESIGN.md section 6): {@code
 * softmax(Q / T)}, and IQL's advantage-weighted policy {@code pi_b(a|s) exp(beta (Q(s,a) - V(s)))},
 * normalized, the closed form of advantage-weighted regression for discrete actions.
 */
public final class Policies {
  private Policies() {}

  public static double[] softmax(double[] q, double temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (double value : q) {
      max = Math.max(max, value);
    }
    double[] p = new double[q.length];
    double sum = 0;
    for (int a = 0; a < q.length; a++) {
      p[a] = Math.exp((q[a] - max) / temperature);
      sum += p[a];
    }
    for (int a = 0; a < q.length; a++) {
      p[a] /= sum;
    }
    return p;
  }

  /** Normalized {@code pi_b(a) exp(beta (q_a - v))}; computed in log space for stability. */
  public static double[] advantageWeighted(double[] behavior, double[] q, double v, double beta) {
    double[] logits = new double[q.length];
    for (int a = 0; a < q.length; a++) {
      logits[a] =
          behavior[a] > 0 ? Math.log(behavior[a]) + beta * (q[a] - v) : Double.NEGATIVE_INFINITY;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double logit : logits) {
      max = Math.max(max, logit);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException("behavior probabilities are all zero");
    }
    double[] p = new double[q.length];
    double sum = 0;
    for (int a = 0; a < q.length; a++) {
      p[a] = Math.exp(logits[a] - max);
      sum += p[a];
    }
    for (int a = 0; a < q.length; a++) {
      p[a] /= sum;
    }
    return p;
  }
}
