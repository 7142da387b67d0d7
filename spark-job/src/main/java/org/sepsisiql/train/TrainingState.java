package org.sepsisiql.train;

/**
 * Everything besides the networks that a resumed run needs to continue exactly: completed epochs,
 * optimizer steps, the random generator's state, and early stopping's best-so-far and patience.
 * {@code fingerprint} identifies the settings and data; a checkpoint of other settings or data is
 * refused. {@code round} counts the Spark trainer's rounds (its unit of checkpoints, patience and
 * best model; {@code epoch} then counts whole passes over the train split) and is 0 for the local
 * trainer. Stored as {@code state.json} beside the networks of a checkpoint.
 */
public record TrainingState(
    int epoch,
    long step,
    long randomState,
    double bestCriterion,
    int bestEpoch,
    int epochsWithoutImprovement,
    String fingerprint,
    int round) {

  public static TrainingState initial(long randomState, String fingerprint) {
    return new TrainingState(0, 0, randomState, Double.POSITIVE_INFINITY, 0, 0, fingerprint, 0);
  }

  public boolean improvedBy(double criterion, double minImprovement) {
    return criterion < bestCriterion - minImprovement;
  }

  /**
   * The state after one more validated unit of training (an epoch, or a round for the Spark
   * trainer): counters advanced, and early stopping's best and patience updated from {@code
   * criterion}. {@code unit} is the number the best model is recorded under.
   */
  public TrainingState next(
      int epoch,
      long steps,
      long randomState,
      double criterion,
      double minImprovement,
      int unit,
      int round) {
    boolean improved = improvedBy(criterion, minImprovement);
    return new TrainingState(
        epoch,
        step + steps,
        randomState,
        improved ? criterion : bestCriterion,
        improved ? unit : bestEpoch,
        improved ? 0 : epochsWithoutImprovement + 1,
        fingerprint,
        round);
  }
}
