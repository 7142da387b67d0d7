package org.sepsisiql.policy;

/**
 * A mean return with its standard error over {@code stays}: a policy's true value from simulator
 * rollouts, its paired difference from another policy's, or the observed mean of a split.
 */
public record TrueValue(double mean, double standardError, long stays) {}
