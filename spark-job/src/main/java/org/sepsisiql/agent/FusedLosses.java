package org.sepsisiql.agent;

/**
 * The IQL losses of the four heads and their gradient with respect to the outputs, on Java arrays:
 * the same math as {@link TdEntropyLoss} (Q), {@link ExpectileLoss} (V) and {@link
 * ScaledSquaredLoss} (auxiliary heads), whose DL4J forms are gradient-checked; {@code
 * FusedIqlUpdateTest} holds this to DL4J's own step on them. Gradients are averaged over the batch
 * (DL4J divides by the minibatch size in its updater).
 */
final class FusedLosses {
  private static final float LOG_FLOOR = 1e-12f;
  private static final int ACTIONS = FusedNetwork.V_COLUMN;

  private final float temperature;
  private final float entropyWeight;
  private final float expectile;
  private final float auxWeight;
  private final float[] p = new float[ACTIONS];

  FusedLosses(AgentSettings settings) {
    temperature = (float) settings.temperature();
    entropyWeight = (float) settings.entropyWeight();
    expectile = (float) settings.expectile();
    auxWeight = (float) settings.auxWeight();
  }

  /** Labels of one batch; masks are 1 where an auxiliary target exists, else 0. */
  record Labels(
      int[] actions,
      float[] tdTarget,
      float[] targetQ,
      float[] nextMap,
      float[] mapMask,
      float[] nextLactate,
      float[] lactateMask) {}

  /** Writes dL/dout [n, OUTPUTS] into {@code gradient} and returns the batch's mean loss. */
  double lossAndGradient(float[] out, Labels labels, int n, float[] gradient) {
    int width = FusedNetwork.OUTPUTS;
    float scale = 1f / n;
    double total = 0;
    for (int i = 0; i < n; i++) {
      int off = i * width;
      total += qHead(out, off, labels.actions()[i], labels.tdTarget()[i], gradient, scale);
      float u = labels.targetQ()[i] - out[off + FusedNetwork.V_COLUMN];
      float weight = u < 0 ? 1f - expectile : expectile;
      total += weight * u * u;
      gradient[off + FusedNetwork.V_COLUMN] = -2f * weight * u * scale;
      total +=
          auxiliary(
              out,
              off + FusedNetwork.MAP_COLUMN,
              labels.nextMap()[i],
              labels.mapMask()[i],
              gradient,
              scale);
      total +=
          auxiliary(
              out,
              off + FusedNetwork.LACTATE_COLUMN,
              labels.nextLactate()[i],
              labels.lactateMask()[i],
              gradient,
              scale);
    }
    return total / n;
  }

  private double qHead(float[] out, int off, int action, float y, float[] gradient, float scale) {
    float max = Float.NEGATIVE_INFINITY;
    for (int k = 0; k < ACTIONS; k++) {
      max = Math.max(max, out[off + k] / temperature);
    }
    float sum = 0;
    for (int k = 0; k < ACTIONS; k++) {
      p[k] = (float) Math.exp(out[off + k] / temperature - max);
      sum += p[k];
    }
    float entropy = 0;
    for (int k = 0; k < ACTIONS; k++) {
      p[k] /= sum;
      entropy -= p[k] * (float) Math.log(Math.max(p[k], LOG_FLOOR));
    }
    float error = y - out[off + action];
    for (int k = 0; k < ACTIONS; k++) {
      float logP = (float) Math.log(Math.max(p[k], LOG_FLOOR));
      float g = entropyWeight / temperature * p[k] * (logP + entropy);
      if (k == action) {
        g -= 2f * error;
      }
      gradient[off + k] = g * scale;
    }
    return error * error - entropyWeight * entropy;
  }

  private double auxiliary(
      float[] out, int index, float label, float mask, float[] gradient, float scale) {
    if (mask == 0f) {
      gradient[index] = 0f;
      return 0;
    }
    float diff = out[index] - label;
    gradient[index] = 2f * auxWeight * diff * mask * scale;
    return auxWeight * diff * diff * mask;
  }
}
