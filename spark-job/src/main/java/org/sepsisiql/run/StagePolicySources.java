package org.sepsisiql.run;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.agent.AgentQValues;
import org.sepsisiql.agent.FittedStateNormalizer;
import org.sepsisiql.agent.TrainedPolicy;
import org.sepsisiql.behavior.BehaviorModel;
import org.sepsisiql.data.Feature;
import org.sepsisiql.data.FeatureNormalization;
import org.sepsisiql.data.ObservationPolicy;
import org.sepsisiql.policy.Policy;
import org.sepsisiql.policy.PolicySources;
import org.sepsisiql.policy.TrueValue;
import org.sepsisiql.policy.TruthSource;
import org.sepsisiql.sim.GroundTruth;
import org.sepsisiql.sim.SimulatorSettings;
import org.sepsisiql.sim.StaySimulator;
import org.sepsisiql.train.CheckpointStore;

/**
 * The pipeline's {@link PolicySources}: the behavior stage's MLlib model ({@link BehaviorModel}),
 * the train stage's agent ({@link TrainedPolicy}, {@link AgentQValues}) and the simulator's ground
 * truth ({@link GroundTruth}). The one place that knows those classes on the evaluation's behalf.
 */
public final class StagePolicySources implements PolicySources {
  /** The sources every command and test of the pipeline uses. */
  public static final StagePolicySources INSTANCE = new StagePolicySources();

  private StagePolicySources() {}

  @Override
  public Policy behavior(String behaviorModelFolder, double probabilityFloor) {
    return BehaviorModel.load(behaviorModelFolder, probabilityFloor, Feature.COUNT);
  }

  @Override
  public List<Network> networks(String modelFolder, Configuration hadoop) {
    Path folder = new Path(modelFolder);
    List<CheckpointStore.Kept> kept;
    try {
      kept = new CheckpointStore(folder.getFileSystem(hadoop), folder, Integer.MAX_VALUE).kept();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the checkpoints of " + modelFolder, e);
    }
    if (kept.isEmpty()) {
      return List.of(new Network("the trained network", 0, "model.zip"));
    }
    CheckpointStore.Kept newest = kept.get(kept.size() - 1);
    String unit = newest.state().round() > 0 ? "round" : "epoch";
    int best = newest.state().bestEpoch();
    List<Network> networks = new ArrayList<>();
    networks.add(
        new Network(unit + " " + best + " (best validation criterion)", best, "model.zip"));
    for (CheckpointStore.Kept checkpoint : kept) {
      if (checkpoint.number() != best) {
        networks.add(
            new Network(
                unit + " " + checkpoint.number(), checkpoint.number(), checkpoint.networkFile()));
      }
    }
    return networks;
  }

  @Override
  public Learned learned(
      String modelFolder,
      Network network,
      Configuration hadoop,
      FeatureNormalization normalization,
      Policy behavior) {
    ObservationPolicy observedBehavior =
        raw -> behavior.probabilities(new double[][] {normalization.normalize(raw)})[0];
    TrainedPolicy trained =
        TrainedPolicy.load(
            modelFolder,
            network.file(),
            hadoop,
            new FittedStateNormalizer(normalization),
            observedBehavior);
    return new Learned() {
      @Override
      public Policy advantageWeighted(double beta) {
        TrainedPolicy weighted = trained.advantageWeighted(beta);
        return states -> weighted.probabilities(states, behavior.probabilities(states));
      }

      @Override
      public Policy softmax() {
        TrainedPolicy softmax = trained.softmax();
        return states -> softmax.probabilities(states, null);
      }

      @Override
      public double temperature() {
        return trained.temperature();
      }
    };
  }

  @Override
  public List<Baseline> baselines(String baselinesFolder, Configuration hadoop) {
    return org.sepsisiql.baselines.BaselinePolicies.load(baselinesFolder, hadoop);
  }

  @Override
  public Policy qValues(String modelFolder, Network network, Configuration hadoop) {
    return AgentQValues.load(modelFolder, network.file(), hadoop);
  }

  @Override
  public TruthSource truth(Config config, double gamma, long rolloutSeed, TruthSettings settings) {
    GroundTruth simulator =
        new GroundTruth(
            SimulatorSettings.from(config).withGamma(gamma),
            settings.staysPerTask(),
            settings.blockSize());
    return new SimulatorTruth(simulator, rolloutSeed, settings);
  }

  private record SimulatorTruth(GroundTruth simulator, long seed, TruthSettings settings)
      implements TruthSource {
    @Override
    public ObservationPolicy dataGenerating() {
      return StaySimulator.SIMULATED_CLINICIANS;
    }

    @Override
    public ObservationPolicy dataGeneratingReweighted(ObservationPolicy factors) {
      return StaySimulator.reweightedClinicians(factors);
    }

    @Override
    public long stays() {
      return settings.stays();
    }

    @Override
    public Comparison compare(
        SparkSession spark,
        List<ObservationPolicy> policies,
        int reference,
        long admittedFromMillis) {
      GroundTruth.Comparison comparison =
          simulator.compare(
              spark,
              policies,
              reference,
              new GroundTruth.Population(seed, settings.stays(), admittedFromMillis),
              new GroundTruth.Precision(settings.maxStandardError(), settings.maxStays()));
      return new Comparison(values(comparison.values()), values(comparison.differences()));
    }

    private static List<TrueValue> values(List<GroundTruth.Result> results) {
      List<TrueValue> values = new ArrayList<>();
      for (GroundTruth.Result r : results) {
        values.add(new TrueValue(r.mean(), r.standardError(), r.stays()));
      }
      return values;
    }
  }
}
