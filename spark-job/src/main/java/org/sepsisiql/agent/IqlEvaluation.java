package org.sepsisiql.agent;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.sepsisiql.data.ObservationPolicy;

/**
 * Losses and policy statistics of the networks on held-out transitions, without gradients: per head
 * the same losses as training (TD error of the taken action, expectile V loss, the two weighted
 * auxiliary errors), the entropy of softmax(Q/T), mean Q of the taken action, mean V and the
 * policy's mean action probabilities. Cost: three forward passes per transition.
 *
 * <p>The validation criterion for early stopping is {@code tdLoss + vLoss}: the two losses that
 * measure how well Q and V fit the data's Bellman targets; the entropy bonus and the auxiliary
 * heads are left out because they do not measure the value estimates.
 */
public final class IqlEvaluation {
  private final AgentSettings settings;
  private final IqlUpdate update;

  public IqlEvaluation(AgentSettings settings) {
    this.settings = settings;
    this.update = new IqlUpdate(settings);
  }

  public Metrics evaluate(
      ComputationGraph online, ComputationGraph target, Transitions data, int batchSize) {
    Sums sums = new Sums();
    int[] rows = data.identity();
    DataType type = IqlNetwork.dataType(settings);
    for (int from = 0; from < rows.length; from += batchSize) {
      int to = Math.min(rows.length, from + batchSize);
      Transitions.Batch batch = data.gather(rows, from, to, type);
      IqlUpdate.Targets targets = update.targets(online, target, batch);
      var outputs = online.output(false, batch.states());
      sums.add(
          outputs[IqlNetwork.Q].toDoubleMatrix(),
          column(outputs[IqlNetwork.V].toDoubleMatrix()),
          column(outputs[IqlNetwork.NEXT_MAP].toDoubleMatrix()),
          column(outputs[IqlNetwork.NEXT_LACTATE].toDoubleMatrix()),
          batch,
          column(targets.targetQ().toDoubleMatrix()),
          column(targets.tdTarget().toDoubleMatrix()));
    }
    return sums.metrics(data.size());
  }

  private static double[] column(double[][] matrix) {
    double[] values = new double[matrix.length];
    for (int i = 0; i < matrix.length; i++) {
      values[i] = matrix[i][0];
    }
    return values;
  }

  /** Held-out metrics; {@code actionProbability} is the policy's mean probability per action. */
  public record Metrics(
      double tdLoss,
      double vLoss,
      double mapLoss,
      double lactateLoss,
      double entropy,
      double meanQ,
      double meanV,
      double[] actionProbability) {
    /** The early-stopping criterion: TD loss plus V loss. */
    public double criterion() {
      return tdLoss + vLoss;
    }
  }

  private final class Sums {
    private double td;
    private double v;
    private double map;
    private double lactate;
    private double entropy;
    private double q;
    private double value;
    private final double[] probability = new double[ObservationPolicy.ACTIONS];

    void add(
        double[][] qs,
        double[] vs,
        double[] maps,
        double[] lactates,
        Transitions.Batch batch,
        double[] targetQ,
        double[] tdTarget) {
      double[][] oneHot = batch.actionOneHot().toDoubleMatrix();
      double[] mapLabel = column(batch.nextMap().toDoubleMatrix());
      double[] mapMask = column(batch.nextMapMask().toDoubleMatrix());
      double[] lactateLabel = column(batch.nextLactate().toDoubleMatrix());
      double[] lactateMask = column(batch.nextLactateMask().toDoubleMatrix());
      for (int i = 0; i < qs.length; i++) {
        double taken = 0;
        for (int a = 0; a < qs[i].length; a++) {
          taken += oneHot[i][a] * qs[i][a];
        }
        double tdError = tdTarget[i] - taken;
        td += tdError * tdError;
        double u = targetQ[i] - vs[i];
        v += (u < 0 ? 1 - settings.expectile() : settings.expectile()) * u * u;
        map += settings.auxWeight() * mapMask[i] * square(maps[i] - mapLabel[i]);
        lactate += settings.auxWeight() * lactateMask[i] * square(lactates[i] - lactateLabel[i]);
        double[] p = Policies.softmax(qs[i], settings.temperature());
        for (int a = 0; a < p.length; a++) {
          probability[a] += p[a];
          entropy -= p[a] > 0 ? p[a] * Math.log(p[a]) : 0;
        }
        q += taken;
        value += vs[i];
      }
    }

    Metrics metrics(int n) {
      double[] share = probability.clone();
      for (int a = 0; a < share.length; a++) {
        share[a] /= n;
      }
      return new Metrics(td / n, v / n, map / n, lactate / n, entropy / n, q / n, value / n, share);
    }
  }

  private static double square(double x) {
    return x * x;
  }
}
