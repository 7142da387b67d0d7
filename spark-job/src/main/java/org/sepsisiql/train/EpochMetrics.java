package org.sepsisiql.train;

import org.sepsisiql.agent.IqlEvaluation;

/**
 * One epoch's (local) or round's (Spark) row of the training metrics: train loss, validation
 * metrics, throughput; {@code round} is 0 for the local trainer.
 */
public record EpochMetrics(
    int epoch,
    long step,
    double trainLoss,
    IqlEvaluation.Metrics validation,
    double examplesPerSecond,
    boolean best,
    int round) {}
