package org.sepsisiql.run;

/**
 * The evaluation's summary table, printed only when the evaluation belongs to the run's current
 * model and settings ({@link RunContext#staleness}); otherwise the reason it is withheld.
 *
 * @param table the table, or null when there is none or it is withheld
 * @param withheldBecause why a written table is withheld, or null
 */
public record CurrentSummary(String table, String withheldBecause) {
  static final String STAGE = PipelineStage.EVALUATE.folder();

  public static CurrentSummary of(RunContext run) {
    String table = run.folder().readText(STAGE + "/summary.txt");
    if (table == null) {
      return new CurrentSummary(null, null);
    }
    String stale = run.staleness(STAGE);
    return stale == null ? new CurrentSummary(table, null) : new CurrentSummary(null, stale);
  }
}
