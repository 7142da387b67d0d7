package org.sepsisiql.train;

/**
 * A round's minibatches for the fused workers ({@link FusedIqlWorker}): sampled and packed
 * unlabelled ({@link PackedMinibatch}); the workers compute the targets as they fit. No network is
 * restored and no forward pass is run here.
 */
final class RoundMinibatches extends RoundSampler {
  private static final long serialVersionUID = 1L;

  RoundMinibatches(int batchSize, double fraction, long roundSeed) {
    super(batchSize, fraction, roundSeed);
  }

  @Override
  Minibatch minibatch() {
    return PackedMinibatch::pack;
  }
}
