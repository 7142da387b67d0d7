package org.sepsisiql.run;

import java.util.function.Consumer;

/**
 * The one shape of every stage: built from the configuration with its typed, validated settings
 * ({@code XStage.from(Config)}), run on a {@link RunContext} with typed inputs, returning a result
 * record. {@link #run} reads and checks its inputs before any work, writes through {@link
 * RunContext#runStage} (temporary folder, {@code _SUCCESS}, lineage, {@code run.json}) into {@link
 * PipelineStage#folder()}, and reports progress as human lines; commands only resolve inputs and
 * print.
 *
 * @param <I> where the stage reads from (folders, options)
 * @param <R> what it wrote, as recorded in {@code run.json}
 */
public interface Stage<I, R extends StageResult> {
  /** The stage's place in the pipeline and the folder it commits. */
  PipelineStage id();

  /**
   * @throws IllegalArgumentException on bad input or settings, before any work
   */
  R run(RunContext run, I inputs, Consumer<String> progress);
}
