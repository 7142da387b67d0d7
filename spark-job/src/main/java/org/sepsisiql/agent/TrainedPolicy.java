package org.sepsisiql.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sepsisiql.data.ObservationPolicy;

/**
 * A trained run's policy, loaded from its {@code model/} folder ({@code model.zip}, {@code
 * policy.json}). As a batch policy it maps batches of normalized states (and, for the
 * advantage-weighted policy, the behavior probabilities) to action probabilities in one forward
 * pass; as an {@link ObservationPolicy} it maps one bin's raw features through the run's {@link
 * StateNormalizer} (and, when advantage-weighted, a behavior policy over raw features). It is
 * serializable for Spark: it carries the model file's bytes, and each thread restores the network
 * once ({@link RestoredNetworks}).
 */
public final class TrainedPolicy implements ObservationPolicy {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final byte[] modelBytes;
  private final String fingerprint;
  private final String kind;
  private final double temperature;
  private final double beta;
  private final StateNormalizer normalizer;
  private final ObservationPolicy behavior;

  TrainedPolicy(
      byte[] modelBytes,
      String kind,
      double temperature,
      double beta,
      StateNormalizer normalizer,
      ObservationPolicy behavior) {
    this.modelBytes = modelBytes.clone();
    this.fingerprint = RestoredNetworks.fingerprint(modelBytes);
    this.kind = kind;
    this.temperature = temperature;
    this.beta = beta;
    this.normalizer = normalizer;
    this.behavior = behavior;
  }

  /**
   * Loads the policy with the run's own normalization, {@code <model>/normalization/}, so raw
   * observations are normalized exactly as in training.
   *
   * @param behavior raw-feature behavior policy for the advantage-weighted policy, else null
   */
  public static TrainedPolicy load(
      String modelFolder, Configuration hadoop, ObservationPolicy behavior) {
    StateNormalizer normalizer =
        FittedStateNormalizer.load(new Path(modelFolder, "normalization"), hadoop);
    return load(modelFolder, hadoop, normalizer, behavior);
  }

  /**
   * @param modelFolder a committed {@code <run>/model} folder
   * @param normalizer how raw observations become states (tests pass {@link
   *     StateNormalizer#identity})
   * @param behavior raw-feature behavior policy for the advantage-weighted policy, else null
   */
  public static TrainedPolicy load(
      String modelFolder,
      Configuration hadoop,
      StateNormalizer normalizer,
      ObservationPolicy behavior) {
    return load(modelFolder, "model.zip", hadoop, normalizer, behavior);
  }

  /**
   * As {@link #load(String, Configuration, StateNormalizer, ObservationPolicy)}, with another of
   * the model folder's networks (e.g. {@code checkpoints/epoch-00015/model.zip}).
   */
  public static TrainedPolicy load(
      String modelFolder,
      String networkFile,
      Configuration hadoop,
      StateNormalizer normalizer,
      ObservationPolicy behavior) {
    Path folder = new Path(modelFolder);
    try {
      FileSystem fs = folder.getFileSystem(hadoop);
      Path policyFile = new Path(folder, "policy.json");
      JsonNode policy;
      try (InputStream in = fs.open(policyFile)) {
        policy = JSON.readTree(in);
      }
      String extraction = required(policy, "policy", policyFile).asText();
      double temperature = required(policy, "temperature", policyFile).asDouble();
      double beta = required(policy, "advantage_beta", policyFile).asDouble();
      byte[] model;
      try (InputStream in = fs.open(new Path(folder, networkFile))) {
        model = in.readAllBytes();
      }
      return new TrainedPolicy(model, extraction, temperature, beta, normalizer, behavior);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the trained policy from " + folder, e);
    }
  }

  /**
   * A field the train stage always writes: a policy.json without it (hand-edited, or from another
   * tool) is an error naming the file and the field, never a silent default.
   */
  private static JsonNode required(JsonNode policy, String field, Path file) {
    JsonNode value = policy == null ? null : policy.get(field);
    boolean ok = value != null && (field.equals("policy") ? value.isTextual() : value.isNumber());
    if (!ok) {
      throw new IllegalArgumentException(
          file
              + ": "
              + (value == null ? "missing " : "invalid ")
              + field
              + (field.equals("policy") ? " (a string)" : " (a number)")
              + "; retrain the model or restore the file");
    }
    return value;
  }

  /** The same network with the advantage-weighted extraction at {@code beta}. */
  public TrainedPolicy advantageWeighted(double beta) {
    if (!(beta >= 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be finite and >= 0, cannot be: " + beta);
    }
    return new TrainedPolicy(
        modelBytes, "advantage-weighted", temperature, beta, normalizer, behavior);
  }

  /** The same network with the softmax extraction at the trained temperature. */
  public TrainedPolicy softmax() {
    return new TrainedPolicy(modelBytes, "softmax", temperature, beta, normalizer, behavior);
  }

  /** The temperature of the softmax extraction, from {@code policy.json}. */
  public double temperature() {
    return temperature;
  }

  /** Whether {@link #probabilities} needs the behavior policy's probabilities of the rows. */
  public boolean needsBehaviorProbabilities() {
    return "advantage-weighted".equals(kind);
  }

  /**
   * @param normalizedStates [n][features], normalized as in the trajectories' {@code state}
   * @param behaviorProbabilities [n][9], or null when {@link #needsBehaviorProbabilities()} is
   *     false
   * @return [n][9] probabilities, each row non-negative and summing to 1
   */
  public double[][] probabilities(double[][] normalizedStates, double[][] behaviorProbabilities) {
    if (needsBehaviorProbabilities() && behaviorProbabilities == null) {
      throw new IllegalArgumentException(
          "the advantage-weighted policy needs the behavior policy's probabilities");
    }
    double[][] qAndV = RestoredNetworks.qAndV(fingerprint, modelBytes, normalizedStates);
    double[][] result = new double[qAndV.length][];
    for (int i = 0; i < qAndV.length; i++) {
      double[] q = Arrays.copyOf(qAndV[i], ObservationPolicy.ACTIONS);
      result[i] =
          needsBehaviorProbabilities()
              ? Policies.advantageWeighted(
                  behaviorProbabilities[i], q, qAndV[i][ObservationPolicy.ACTIONS], beta)
              : Policies.softmax(q, temperature);
    }
    return result;
  }

  @Override
  public double[] actionProbabilities(double[] rawFeatures) {
    double[] state = normalizer.normalize(rawFeatures);
    double[][] behaviorRow = null;
    if (needsBehaviorProbabilities()) {
      if (behavior == null) {
        throw new IllegalStateException(
            "the advantage-weighted policy was loaded without a behavior policy");
      }
      behaviorRow = new double[][] {behavior.actionProbabilities(rawFeatures)};
    }
    return probabilities(new double[][] {state}, behaviorRow)[0];
  }

  /** The feature names this policy expects, in order. */
  public List<String> featureNames() {
    return normalizer.featureNames();
  }
}
