package org.sepsisiql.clinical;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sepsisiql.data.FeatureNormalization;
import org.sepsisiql.policy.Policy;

/**
 * The clinical validation of one policy on the test states (DESIGN.md section 7): the BP and
 * lactate dose-response sweeps ({@link DoseResponseSweep}), the diversity test, agreement with the
 * clinicians and the hazard scenarios ({@link ActionProfile}). Every threshold comes from {@link
 * ClinicalSettings}. Cost per policy: two sweeps over the shared {@link Sweeps} (map-side scoring,
 * no shuffle) and one aggregation pass for the profile.
 */
public final class ClinicalValidation {
  /** The tests counted in {@link Report#testsPassed()}: BP, lactate, diversity. */
  public static final int TESTS = 3;

  /** The diversity test's figures. */
  public record Diversity(int actionsUsed, double entropy, boolean pass) {}

  /** Sweep grids (raw values), fitted once on train and shared by every policy. */
  public record Grids(double[] bp, double[] lactate) {}

  /**
   * The swept test states of both sweeps ({@link DoseResponseSweep#sweptStates}), built once and
   * shared by every policy; {@link #close} unpersists them.
   */
  public record Sweeps(Grids grids, Dataset<Row> bp, Dataset<Row> lactate)
      implements AutoCloseable {
    @Override
    public void close() {
      bp.unpersist();
      lactate.unpersist();
    }
  }

  /** One policy's clinical figures. */
  public record Report(
      DoseResponseSweep.Result bp,
      DoseResponseSweep.Result lactate,
      Diversity diversity,
      ActionProfile profile) {
    public int testsPassed() {
      return (bp.pass() ? 1 : 0) + (lactate.pass() ? 1 : 0) + (diversity.pass() ? 1 : 0);
    }
  }

  private final ClinicalSettings settings;
  private final DoseResponseSweep sweep;

  public ClinicalValidation(
      ClinicalSettings settings, FeatureNormalization normalization, int batchSize) {
    this.settings = settings;
    this.sweep = new DoseResponseSweep(settings, normalization, batchSize);
  }

  /** The sweep grids from the train split's raw MAP and lactate percentiles. */
  public Grids grids(Dataset<Row> train) {
    return new Grids(
        sweep.grid(train, DoseResponseSweep.Kind.BP),
        sweep.grid(train, DoseResponseSweep.Kind.LACTATE));
  }

  /** The swept states of {@code states} (test transitions with {@code raw}) on both grids. */
  public Sweeps sweeps(Dataset<Row> states, Grids grids) {
    return new Sweeps(
        grids,
        sweep.sweptStates(states, grids.bp(), DoseResponseSweep.Kind.BP),
        sweep.sweptStates(states, grids.lactate(), DoseResponseSweep.Kind.LACTATE));
  }

  /**
   * @param scored test transitions with {@code choice} (the policy's argmax), {@code action},
   *     {@code map}, {@code fluid_balance_ml}
   * @param sweeps the swept states of the same test transitions ({@link #sweeps})
   */
  public Report validate(Dataset<Row> scored, Sweeps sweeps, Policy policy) {
    DoseResponseSweep.Result bp =
        sweep.run(sweeps.bp(), sweeps.grids().bp(), DoseResponseSweep.Kind.BP, policy);
    DoseResponseSweep.Result lactate =
        sweep.run(
            sweeps.lactate(), sweeps.grids().lactate(), DoseResponseSweep.Kind.LACTATE, policy);
    ActionProfile profile = ActionProfile.of(scored, settings.hazards());
    return new Report(bp, lactate, diversity(profile), profile);
  }

  /** At least {@code min-actions-used} actions used and entropy above {@code min-entropy-nats}. */
  public Diversity diversity(ActionProfile profile) {
    int used = profile.actionsUsed(settings.minActionShare());
    double entropy = profile.entropy();
    return new Diversity(
        used, entropy, used >= settings.minActionsUsed() && entropy > settings.minEntropy());
  }
}
