package org.sepsisiql.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sepsisiql.agent.Transitions;

/**
 * One Spark partition's train transitions as primitive arrays (the Spark trainer's cached input):
 * about {@code 8 * features + 24} bytes per transition, built once and kept in executor memory for
 * all rounds. A plain class rather than the {@link Transitions} record, because Kryo cannot set a
 * record's fields; {@link #transitions()} gives the record view without copying.
 */
public final class TransitionBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int features;
  private final float[] states;
  private final int[] actions;
  private final float[] rewards;
  private final boolean[] done;
  private final float[] nextStates;
  private final float[] nextMap;
  private final float[] nextLactate;
  private final float[] auxMaskMap;
  private final float[] auxMaskLactate;

  private TransitionBlock(Transitions t) {
    features = t.features();
    states = t.states();
    actions = t.actions();
    rewards = t.rewards();
    done = t.done();
    nextStates = t.nextStates();
    nextMap = t.nextMap();
    nextLactate = t.nextLactate();
    auxMaskMap = t.auxMaskMap();
    auxMaskLactate = t.auxMaskLactate();
  }

  /** One partition's block of the given transitions (tests build blocks this way). */
  static TransitionBlock of(Transitions t) {
    return new TransitionBlock(t);
  }

  Transitions transitions() {
    return new Transitions(
        features,
        states,
        actions,
        rewards,
        done,
        nextStates,
        nextMap,
        nextLactate,
        auxMaskMap,
        auxMaskLactate);
  }

  /**
   * The checked train rows as one block per partition, spread round-robin over {@code partitions}
   * partitions (one shuffle, once per training run). Not yet cached: the caller persists it.
   */
  public static JavaRDD<TransitionBlock> fromRows(
      Dataset<Row> rows, TrajectoryReader.AuxScaling scaling, int features, int partitions) {
    return TrajectoryReader.trainingColumns(rows)
        .repartition(partitions)
        .toJavaRDD()
        .mapPartitions(part -> block(part, scaling, features))
        .filter(block -> block.actions.length > 0);
  }

  private static Iterator<TransitionBlock> block(
      Iterator<Row> part, TrajectoryReader.AuxScaling scaling, int features) {
    List<Row> rows = new ArrayList<>();
    part.forEachRemaining(rows::add);
    Transitions t = TrajectoryReader.allocate(rows.size(), features);
    for (int i = 0; i < rows.size(); i++) {
      TrajectoryReader.copyRow(rows.get(i), t, i, scaling);
    }
    return List.of(new TransitionBlock(t)).iterator();
  }
}
