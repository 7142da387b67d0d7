package org.sepsisiql.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sepsisiql.agent.AgentSettings;
import org.sepsisiql.agent.Transitions;
import org.sepsisiql.data.Feature;
import org.sepsisiql.run.BuildInfo;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.run.Stage;
import org.sepsisiql.run.StageLineage;
import org.sepsisiql.run.StageResult;
import org.sepsisiql.run.StageWrite;

/**
 * The train stage: reads {@code <input>/transitions} (train and val), trains the IQL agent and
 * writes {@code <run>/model/}:
 *
 * <pre>
 * model.zip, target.zip   the best epoch's online and target networks (DL4J ModelSerializer)
 * policy.json             how to extract the policy (softmax or advantage-weighted, T, beta)
 * normalization/          copy of trajectories/fitted (the state normalization the model needs)
 * provenance.json         settings, seed, code version, data sizes and hash, best epoch, aux scaling
 * metrics/                one Parquet row per epoch ({@link MetricsWriter})
 * checkpoints/            the last epochs' checkpoints ({@link CheckpointStore})
 * </pre>
 *
 * The {@code local} trainer ({@link LocalIqlTrainer}) loads both splits into the driver; the {@code
 * spark} trainer ({@link SparkIqlTrainer}) keeps the train split on the executors and loads only
 * the val split (both bounded by {@code max-local-rows} where they reach the driver).
 *
 * <p>While training, checkpoints and metrics live in {@code <run>/_train-work/} so that a killed
 * run can be resumed ({@code --resume}); the stage's own folder appears only when complete.
 */
public final class TrainStage implements Stage<TrainStage.Inputs, TrainStage.Result> {
  public static final String STAGE = PipelineStage.TRAIN.folder();
  static final String WORK = "_train-work";

  /** The train input's fingerprint in the work folder: --resume continues on the same data only. */
  static final String DATA_FINGERPRINT = "input.sha256";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AgentSettings agent;
  private final TrainSettings train;

  private TrainStage(AgentSettings agent, TrainSettings train) {
    this.agent = agent;
    this.train = train;
  }

  /** Reads and checks {@code sepsis-iql.agent} and {@code sepsis-iql.train}. */
  public static TrainStage from(Config config) {
    return new TrainStage(AgentSettings.from(config), TrainSettings.from(config));
  }

  /** Where the trajectories are and whether to continue a killed run. */
  public record Inputs(String input, boolean resume) {}

  @Override
  public PipelineStage id() {
    return PipelineStage.TRAIN;
  }

  /**
   * Counts for run.json and the console; for the Spark trainer epochs and best epoch are rounds.
   */
  public record Result(
      TrainSettings.Trainer trainer,
      long trainTransitions,
      long validationTransitions,
      int epochs,
      int bestEpoch,
      double bestCriterion,
      boolean stoppedEarly)
      implements StageResult {
    @Override
    public Map<String, String> environment() {
      return org.sepsisiql.agent.Nd4jBackend.environment();
    }

    @Override
    public Map<String, Object> counts() {
      Map<String, Object> counts = new LinkedHashMap<>();
      String unit = trainer == TrainSettings.Trainer.SPARK ? "round" : "epoch";
      counts.put("trainer", trainer.key());
      counts.put("train transitions", trainTransitions);
      counts.put("validation transitions", validationTransitions);
      counts.put(unit + "s", epochs);
      counts.put("best " + unit, bestEpoch);
      counts.put("best val criterion", bestCriterion);
      counts.put("stopped early", stoppedEarly);
      return counts;
    }
  }

  @Override
  public Result run(RunContext context, Inputs options, Consumer<String> progress) {
    boolean distributed = train.trainer() == TrainSettings.Trainer.SPARK;
    context.checkCanWrite(STAGE);
    FileSystem fs = context.folder().fileSystem();
    Path input = new Path(options.input());
    requireExists(fs, new Path(input, "transitions"), input);
    if (!NormalizationCheck.requireMatchingFeatures(fs, new Path(input, "fitted"))) {
      progress.accept("no fitted/normalization.json: the policy will need normalized states");
    }
    String transitions = new Path(input, "transitions").toString();
    TrajectoryReader reader = new TrajectoryReader(context.spark(), Feature.COUNT);
    long trainLimit = distributed ? Long.MAX_VALUE : train.maxLocalRows();
    Dataset<Row> trainRows = reader.checkedSplit(transitions, "train", trainLimit);
    Dataset<Row> valRows = reader.checkedSplit(transitions, "val", train.maxLocalRows());
    TrajectoryReader.AuxScaling scaling = TrajectoryReader.fitScaling(trainRows);
    Transitions trainSet = distributed ? null : reader.load(trainRows, scaling);
    long trainCount = distributed ? trainRows.count() : trainSet.size();
    Transitions validation = reader.load(valRows, scaling);
    progress.accept(
        String.format(
            "training on %,d transitions (%s trainer), validating on %,d",
            trainCount, train.trainer().key(), validation.size()));

    Path work = new Path(context.folder().root(), WORK);
    CheckpointStore store = new CheckpointStore(fs, work, train.keepCheckpoints());
    String data = StageLineage.fingerprint(transitions, fs.getConf());
    String dataFile = WORK + "/" + DATA_FINGERPRINT;
    if (options.resume()) {
      String recorded = context.folder().readText(dataFile);
      if (!store.isEmpty() && (recorded == null || !data.equals(recorded.trim()))) {
        throw new IllegalArgumentException(
            "--resume: "
                + transitions
                + (recorded == null
                    ? " has no recorded fingerprint in " + work
                    : " changed since the interrupted run began")
                + "; train again without --resume");
      }
    } else {
      if (!store.isEmpty()) {
        progress.accept(
            "discarding the checkpoints of an unfinished run in "
                + work
                + " (train --resume continues it instead)");
      }
      delete(fs, work);
    }
    context.folder().writeText(dataFile, data);
    MetricsWriter metrics = new MetricsWriter(new Path(work, "metrics"), fs.getConf(), distributed);
    Result result =
        context.runStage(
            STAGE,
            List.of(input.toString()),
            write -> {
              Trainer trainer =
                  distributed
                      ? new SparkIqlTrainer(context.spark(), agent, train, context.seed(), progress)
                      : new LocalIqlTrainer(agent, train, context.seed(), progress);
              Trainer.Outcome outcome =
                  trainer.train(
                      new Trainer.Data(trainRows, trainSet, scaling, validation),
                      new Trainer.Run(store, metrics, options.resume(), row -> {}));
              Result r =
                  new Result(
                      train.trainer(),
                      trainCount,
                      validation.size(),
                      outcome.epochs(),
                      outcome.bestEpoch(),
                      outcome.bestCriterion(),
                      outcome.stoppedEarly());
              writeOutputs(fs, write, work, input, context, agent, train, scaling, r);
              return r;
            });
    delete(fs, work);
    return result;
  }

  private static void writeOutputs(
      FileSystem fs,
      StageWrite write,
      Path work,
      Path input,
      RunContext context,
      AgentSettings agent,
      TrainSettings train,
      TrajectoryReader.AuxScaling scaling,
      Result result) {
    Path out = new Path(write.temporaryPath());
    copy(fs, new Path(work, "best/" + CheckpointStore.MODEL), new Path(out, "model.zip"));
    copy(fs, new Path(work, "best/" + CheckpointStore.TARGET), new Path(out, "target.zip"));
    copy(fs, new Path(work, "checkpoints"), new Path(out, "checkpoints"));
    copy(fs, new Path(work, "metrics"), new Path(out, "metrics"));
    Path fitted = new Path(input, "fitted");
    if (exists(fs, fitted)) {
      copy(fs, fitted, new Path(out, "normalization"));
    }
    ObjectNode policy = JSON.createObjectNode();
    policy.put("policy", agent.policy());
    policy.put("temperature", agent.temperature());
    policy.put("advantage_beta", agent.advantageBeta());
    writeJson(fs, new Path(out, "policy.json"), policy);

    ObjectNode provenance = JSON.createObjectNode();
    provenance.set("agent", JSON.valueToTree(agent));
    provenance.set("train", JSON.valueToTree(train));
    provenance.put("seed", context.seed());
    provenance.put("code_version", BuildInfo.load().codeVersion());
    provenance.set("libraries", JSON.valueToTree(BuildInfo.load().libraries()));
    provenance.put("input", input.toString());
    provenance.put(
        "trajectories_manifest_sha256", manifestHash(fs, new Path(input, "manifest.json")));
    provenance.set("features", JSON.valueToTree(Feature.columnNames()));
    provenance.set("aux_scaling", JSON.valueToTree(scaling));
    provenance.set("result", JSON.valueToTree(result));
    writeJson(fs, new Path(out, "provenance.json"), provenance);
  }

  /** SHA-256 of the trajectories' manifest file, or null when there is none. */
  static String manifestHash(FileSystem fs, Path manifest) {
    if (!exists(fs, manifest)) {
      return null;
    }
    try (InputStream in = fs.open(manifest)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifest, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static void writeJson(FileSystem fs, Path path, ObjectNode node) {
    try (OutputStream out = fs.create(path, true)) {
      out.write(
          JSON.writerWithDefaultPrettyPrinter()
              .writeValueAsString(node)
              .getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  private static void copy(FileSystem fs, Path from, Path to) {
    try {
      if (!FileUtil.copy(fs, from, fs, to, false, fs.getConf())) {
        throw new IOException("copy failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
  }

  private static boolean exists(FileSystem fs, Path path) {
    try {
      return fs.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private static void requireExists(FileSystem fs, Path transitions, Path input) {
    try {
      if (!fs.exists(transitions)) {
        throw new IllegalArgumentException(
            "train: no trajectories at "
                + input
                + " (run `cohort` for this --run-id first, or give --input DIR)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + transitions, e);
    }
  }

  private static void delete(FileSystem fs, Path path) {
    try {
      fs.delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + path, e);
    }
  }
}
