package org.sepsisiql.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The study's verdict per policy x estimator, over the seeds: mean error and RMSE of the valid
 * estimates, coverage (share of valid estimates with an interval whose 95 % interval contains the
 * truth within the truth's own error), share withheld, mean ESS. Pure arithmetic on the driver over
 * a few hundred rows.
 */
public record StudyTable(List<Line> lines, long seeds) {

  /** One policy x estimator. Means are NaN where no estimate was valid. */
  public record Line(
      String policy,
      String estimator,
      long runs,
      long valid,
      long withIntervals,
      long covered,
      long rawIntervals,
      long rawCovered,
      double meanError,
      double rmse,
      double meanEss) {
    public double coverage() {
      return withIntervals == 0 ? Double.NaN : (double) covered / withIntervals;
    }

    /** Coverage of the raw intervals, shown or withheld: what showing every estimate would give. */
    public double rawCoverage() {
      return rawIntervals == 0 ? Double.NaN : (double) rawCovered / rawIntervals;
    }

    public double withheldShare() {
      return runs == 0 ? Double.NaN : 1 - (double) valid / runs;
    }
  }

  /** The Parquet schema of {@code ope-study/table}. */
  public static final StructType SCHEMA =
      new StructType()
          .add("policy", DataTypes.StringType, false)
          .add("estimator", DataTypes.StringType, false)
          .add("runs", DataTypes.LongType, false)
          .add("valid", DataTypes.LongType, false)
          .add("with_interval", DataTypes.LongType, false)
          .add("covered", DataTypes.LongType, false)
          .add("coverage", DataTypes.DoubleType, false)
          .add("raw_covered", DataTypes.LongType, false)
          .add("raw_intervals", DataTypes.LongType, false)
          .add("withheld_share", DataTypes.DoubleType, false)
          .add("mean_error", DataTypes.DoubleType, false)
          .add("rmse", DataTypes.DoubleType, false)
          .add("mean_ess", DataTypes.DoubleType, false);

  static StudyTable of(List<StudyRow> rows, long seeds) {
    Map<String, List<StudyRow>> groups = new LinkedHashMap<>();
    for (StudyRow row : rows) {
      groups
          .computeIfAbsent(row.policy() + "\u0000" + row.estimator(), k -> new ArrayList<>())
          .add(row);
    }
    List<Line> lines = new ArrayList<>();
    for (List<StudyRow> group : groups.values()) {
      lines.add(line(group));
    }
    return new StudyTable(lines, seeds);
  }

  private static Line line(List<StudyRow> group) {
    long valid = 0;
    long intervals = 0;
    long covered = 0;
    long rawIntervals = 0;
    long rawCovered = 0;
    double errors = 0;
    double squares = 0;
    double ess = 0;
    for (StudyRow row : group) {
      ess += row.ess();
      if (row.valid()) {
        valid++;
        errors += row.error();
        squares += row.error() * row.error();
      }
      if (row.covered() != null) {
        intervals++;
        covered += row.covered() ? 1 : 0;
      }
      if (row.rawCovered() != null) {
        rawIntervals++;
        rawCovered += row.rawCovered() ? 1 : 0;
      }
    }
    return new Line(
        group.get(0).policy(),
        group.get(0).estimator(),
        group.size(),
        valid,
        intervals,
        covered,
        rawIntervals,
        rawCovered,
        valid == 0 ? Double.NaN : errors / valid,
        valid == 0 ? Double.NaN : Math.sqrt(squares / valid),
        ess / group.size());
  }

  /** Valid estimates with an interval, over every policy and estimator. */
  public long validIntervals() {
    return lines.stream().mapToLong(Line::withIntervals).sum();
  }

  /** Their share that covered the truth. */
  public double overallCoverage() {
    long covered = lines.stream().mapToLong(Line::covered).sum();
    return validIntervals() == 0 ? Double.NaN : (double) covered / validIntervals();
  }

  /** The table as text, ending with the coverage line. */
  public String render() {
    String format = "%-18s %-6s %9s %12s %9s %9s %9s %9s%n";
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            format,
            "policy",
            "est.",
            "coverage",
            "raw coverage",
            "withheld",
            "mean err",
            "RMSE",
            "mean ESS"));
    for (Line line : lines) {
      text.append(
          String.format(
              Locale.ROOT,
              format,
              line.policy(),
              line.estimator(),
              line.withIntervals() == 0
                  ? "-"
                  : String.format(Locale.ROOT, "%d/%d", line.covered(), line.withIntervals()),
              line.rawIntervals() == 0
                  ? "-"
                  : String.format(Locale.ROOT, "%d/%d", line.rawCovered(), line.rawIntervals()),
              String.format(Locale.ROOT, "%.0f %%", 100 * line.withheldShare()),
              number(line.meanError()),
              number(line.rmse()),
              number(line.meanEss())));
    }
    text.append(coverageLine()).append('\n');
    return text.toString();
  }

  /** {@code coverage of valid 95% intervals: X % over K estimates (N seeds)}. */
  public String coverageLine() {
    return String.format(
        Locale.ROOT,
        "coverage of valid 95%% intervals: %s over %d estimates (%d seeds)",
        validIntervals() == 0
            ? "n/a"
            : String.format(Locale.ROOT, "%.1f %%", 100 * overallCoverage()),
        validIntervals(),
        seeds);
  }

  private static String number(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "-";
  }
}
