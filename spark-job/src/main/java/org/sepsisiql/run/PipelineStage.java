package org.sepsisiql.run;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every stage of the product, in the order {@code run} runs them, with the command that runs each
 * and the run sub-folder it commits: the one place these names live (DESIGN.md, "Stages"). The
 * sweep and the OPE study are stages of their own commands, not of {@code run}.
 */
public enum PipelineStage {
  SYNTHESIZE("extracts", true),
  COHORT("trajectories", true),
  BEHAVIOR("behavior", true),
  TRAIN("model", true),
  BASELINES("baselines", true),
  EVALUATE("evaluation", true),
  REPORT("report", true),
  SWEEP("sweep", false),
  OPE_STUDY("ope-study", false);

  private final String folder;
  private final boolean inRun;

  PipelineStage(String folder, boolean inRun) {
    this.folder = folder;
    this.inRun = inRun;
  }

  /** The run's sub-folder the stage commits, e.g. {@code trajectories}. */
  public String folder() {
    return folder;
  }

  /** The command that runs the stage on its own, e.g. {@code cohort}. */
  public String command() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The stages {@code run} runs, in their order. */
  public static List<PipelineStage> inRun() {
    return Arrays.stream(values()).filter(stage -> stage.inRun).toList();
  }
}
