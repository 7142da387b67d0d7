package org.sepsisiql.baselines;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sepsisiql.agent.QTargets;
import org.sepsisiql.agent.Transitions;
import org.sepsisiql.ope.FqeModel;
import org.sepsisiql.ope.FqeStoppingRule;

/**
 * What both Q-network trainers do after each epoch (round, iteration): the validation Bellman
 * residual against the current targets, the mean of {@code max_a Q}, the stopping rule of fitted Q
 * evaluation ({@link FqeStoppingRule}: nothing kept before {@code min-epochs}, for neural fitted Q
 * iteration nor before {@code baselines.min-iterations}; stop after {@code patience} without
 * improvement or at {@code max-epochs}), the checkpoints, and a progress line. A non-finite
 * residual (the values exploded) stops training as {@code diverged}, keeping the best network so
 * far, or the last finite one when none was kept yet.
 */
final class EpochLedger {
  private final BaselineKind kind;
  private final QLearningSettings settings;
  private final QTargets targets;
  private final Transitions validation;
  private final QNetworkTraining.Checkpoints checkpoints;
  private final Consumer<String> progress;
  private final FqeStoppingRule rule;
  private final List<QNetworkTraining.Epoch> epochs = new ArrayList<>();
  private ComputationGraph best;
  private ComputationGraph lastFinite;
  private int lastFiniteEpoch;
  private int keptEpoch;
  private String stopReason;

  EpochLedger(
      BaselineKind kind,
      QLearningSettings settings,
      Transitions validation,
      QNetworkTraining.Checkpoints checkpoints,
      Consumer<String> progress) {
    this.kind = kind;
    this.settings = settings;
    this.targets = kind.targets(settings.agent().gamma());
    this.validation = validation;
    this.checkpoints = checkpoints;
    this.progress = progress;
    this.rule =
        new FqeStoppingRule(
            kind.iterated()
                ? Math.max(settings.minEpochs(), settings.minIterations())
                : settings.minEpochs(),
            settings.maxEpochs(),
            settings.patience(),
            settings.tolerance());
  }

  QTargets targets() {
    return targets;
  }

  /** Records epoch {@code k}; true when training stops after it. */
  boolean close(
      int k, ComputationGraph online, ComputationGraph target, double trainLoss, double seconds) {
    double residual = targets.residual(online, target, validation, settings.evalBatchSize());
    double meanMaxQ = QTargets.meanMaxQ(online, validation, settings.evalBatchSize());
    boolean finite = Double.isFinite(residual) && Double.isFinite(meanMaxQ);
    boolean kept = finite && rule.record(k, residual);
    if (kept) {
      best = online.clone();
      keptEpoch = k;
      checkpoints.best(online);
    } else if (finite && best == null) {
      lastFinite = online.clone();
      lastFiniteEpoch = k;
    } else if (!finite && best == null) {
      best = lastFinite != null ? lastFinite : online.clone();
      keptEpoch = lastFinite != null ? lastFiniteEpoch : k;
      checkpoints.best(best);
    }
    checkpoints.last(online);
    epochs.add(new QNetworkTraining.Epoch(k, trainLoss, residual, meanMaxQ));
    progress.accept(
        String.format(
            Locale.ROOT,
            "baselines: %s %s %d: train loss %.4f | val Bellman residual %.4f | mean max Q %.3f"
                + " | %.1f s%s",
            kind.key(),
            kind.unit(),
            k,
            trainLoss,
            residual,
            meanMaxQ,
            seconds,
            kept ? " (best)" : ""));
    if (!finite) {
      stopReason = "diverged";
      return true;
    }
    FqeModel.StopReason reason = rule.stopAfter(k);
    if (reason != null) {
      stopReason = reason.name().toLowerCase(Locale.ROOT);
      return true;
    }
    return false;
  }

  QNetworkTraining.Result result() {
    if (best == null) {
      throw new IllegalStateException(kind.key() + ": training ended before any epoch");
    }
    return new QNetworkTraining.Result(best, List.copyOf(epochs), keptEpoch, stopReason);
  }
}
