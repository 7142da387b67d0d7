package org.sepsisiql.baselines;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sepsisiql.policy.Policy;
import org.sepsisiql.policy.PolicySources;

/**
 * The trained baselines of a run as policies, for the evaluate stage: each model's Q function
 * ({@link BaselineFolder}) through the extraction its provenance records, greedy ({@code argmax_a
 * Q}, first on ties) or {@code softmax(Q / temperature)}.
 */
public final class BaselinePolicies {
  private BaselinePolicies() {}

  /** Every trained baseline in {@code folder}, in {@link BaselineKind} order. */
  public static List<PolicySources.Baseline> load(String folder, Configuration hadoop) {
    List<PolicySources.Baseline> baselines = new ArrayList<>();
    for (BaselineKind kind : BaselineKind.values()) {
      Path model = new Path(folder, kind.key());
      JsonNode provenance =
          BaselineFolder.readJsonIfExists(new Path(model, "provenance.json"), hadoop);
      if (provenance == null) {
        continue;
      }
      Path file = new Path(model, "provenance.json");
      String extraction = BaselineFolder.required(provenance, "extraction", file).asText();
      double temperature = BaselineFolder.required(provenance, "temperature", file).asDouble();
      int kept = BaselineFolder.required(provenance, "kept_iteration", file).asInt();
      if (!extraction.equals("greedy") && !extraction.equals("softmax")) {
        throw new IllegalArgumentException(
            file + ": extraction must be greedy or softmax, is \"" + extraction + "\"");
      }
      Policy policy =
          of(
              BaselineFolder.qValues(model.toString(), hadoop),
              BaselineSettings.Extraction.valueOf(extraction.toUpperCase(Locale.ROOT)),
              temperature);
      String how =
          extraction.equals("greedy")
              ? "greedy on its Q"
              : "softmax(Q / " + temperature + ") of its Q";
      baselines.add(
          new PolicySources.Baseline(
              kind.row(),
              kind.description() + ", " + how + ", " + kind.unit() + " " + kept,
              policy,
              "The seed's baseline acting on its own ("
                  + how
                  + "), trained on the same train split and stopped on validation; truth: its own"
                  + " rollouts."));
    }
    return baselines;
  }

  /** Q values of batches of states ({@link BaselineFolder#qValues}) as action probabilities. */
  static Policy of(Policy qValues, BaselineSettings.Extraction extraction, double temperature) {
    return states -> {
      double[][] q = qValues.probabilities(states);
      double[][] out = new double[states.length][];
      for (int i = 0; i < states.length; i++) {
        double[] values = q[i];
        out[i] =
            extraction == BaselineSettings.Extraction.GREEDY
                ? greedy(values)
                : softmax(values, temperature);
      }
      return out;
    };
  }

  static double[] greedy(double[] values) {
    int best = 0;
    for (int a = 1; a < values.length; a++) {
      if (values[a] > values[best]) {
        best = a;
      }
    }
    double[] row = new double[values.length];
    row[best] = 1;
    return row;
  }

  static double[] softmax(double[] values, double temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (double value : values) {
      max = Math.max(max, value);
    }
    double sum = 0;
    double[] row = new double[values.length];
    for (int a = 0; a < values.length; a++) {
      row[a] = Math.exp((values[a] - max) / temperature);
      sum += row[a];
    }
    for (int a = 0; a < values.length; a++) {
      row[a] /= sum;
    }
    return row;
  }
}
