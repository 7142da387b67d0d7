package org.sepsisiql.baselines;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sepsisiql.run.RunContext;

/**
 * Trains one Q-learning network baseline ({@link QNetworkTraining}) and writes its folder: {@code
 * q-function.json}, {@code q-network.zip} (the kept network), {@code checkpoint.zip} (the last
 * epoch's, with optimizer state, rewritten after every epoch) and {@code metrics/}.
 */
final class NetworkBaseline {
  private NetworkBaseline() {}

  /** The trained baseline and what its provenance adds. */
  record Outcome(BaselinesStage.Trained trained, Consumer<ObjectNode> details) {}

  static Outcome train(
      RunContext run,
      BaselineKind kind,
      QLearningSettings settings,
      QNetworkTraining.Data data,
      Path folder,
      Consumer<String> progress) {
    FileSystem fs = run.folder().fileSystem();
    QNetworkTraining.Checkpoints checkpoints =
        new QNetworkTraining.Checkpoints() {
          @Override
          public void last(ComputationGraph online) {
            BaselineFolder.saveNetwork(online, new Path(folder, BaselineFolder.CHECKPOINT), fs);
          }

          @Override
          public void best(ComputationGraph online) {
            BaselineFolder.saveNetwork(online, new Path(folder, BaselineFolder.NETWORK), fs);
          }
        };
    QNetworkTraining.Result result =
        QNetworkTraining.of(settings, run.spark(), run.seed(), progress)
            .train(kind, data, checkpoints);
    BaselineFolder.saveNetworkEntry(data.validation().features(), folder, fs);
    BaselineMetrics.write(run.spark(), result, new Path(folder, "metrics").toString());
    QNetworkTraining.Epoch kept = result.epochs().get(result.keptEpoch() - 1);
    BaselinesStage.Trained trained =
        new BaselinesStage.Trained(
            kind, result.epochs().size(), result.keptEpoch(), result.stopReason(), kept.residual());
    return new Outcome(trained, root -> details(root, kind, settings, kept));
  }

  private static void details(
      ObjectNode root, BaselineKind kind, QLearningSettings settings, QNetworkTraining.Epoch kept) {
    root.put("trainer", settings.trainer().key());
    root.put("loss", kind.loss(settings).name());
    root.put("double_q_target", kind.targets(settings.agent().gamma()).doubleQ());
    root.put("unit", kind.unit());
    if (kind.iterated()) {
      root.put("epochs_per_iteration", settings.epochsPerIteration());
    } else {
      root.put("target_update_rate", settings.targetUpdateRate());
    }
    root.put("batch_size", settings.batchSize());
    root.put("learning_rate", settings.agent().learningRate());
    ArrayNode hidden = root.putArray("hidden_sizes");
    settings.agent().hiddenSizes().forEach(hidden::add);
    root.put("precision", settings.agent().precision());
    root.put("validation_mean_max_q", kept.meanMaxQ());
  }
}
