package org.sepsisiql.cli;

import org.sepsisiql.run.OutputExistsException;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.run.RunFolder;

/**
 * What {@code --skip-complete} does with a stage's existing output, so that a retried or cleared
 * scheduler task succeeds without redoing finished work: a complete and current output (its inputs
 * and settings unchanged, {@link org.sepsisiql.run.StageLineage}) is kept and the command ends; the
 * partial output of an interrupted attempt (no {@code _SUCCESS}) is removed and the stage runs; a
 * complete output whose inputs or settings changed is an error, because replacing it is the user's
 * decision ({@code --overwrite}).
 */
final class RetriedStage {
  private RetriedStage() {}

  /** True when the stage's output is complete and current, after saying so. */
  static boolean isDone(RunContext run, String stage) {
    RunFolder folder = run.folder();
    if (!folder.exists(stage)) {
      return false;
    }
    if (!folder.isComplete(stage)) {
      Console.step(
          "%s: removing the partial output of an earlier attempt (no _SUCCESS): %s",
          stage, folder.stagePath(stage));
      folder.removePartial(stage);
      return false;
    }
    String stale = run.staleness(stage);
    if (stale != null) {
      throw new OutputExistsException(
          "output exists but is not current: "
              + folder.stagePath(stage)
              + " ("
              + stale
              + "); use --overwrite to replace it");
    }
    Console.step(
        "%s: complete and current, skipped (--skip-complete): %s", stage, folder.stagePath(stage));
    return true;
  }
}
