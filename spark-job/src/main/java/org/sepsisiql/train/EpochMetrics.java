package org.sepsisiql.train;

import org.sepsisiql.agent.IqlEvaluation;

/** One epoch's row of the training metrics: train loss, validation metrics, throughput. */
public record EpochMetrics(
    int epoch,
    long step,
    double trainLoss,
    IqlEvaluation.Metrics validation,
    double examplesPerSecond,
    boolean best) {}
