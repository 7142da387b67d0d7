package org.sepsisiql.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sepsisiql.mimic.MimicExtractResult;
import org.sepsisiql.mimic.MimicSettings;
import org.sepsisiql.mimic.MimicSource;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code extract-mimic}: turns MIMIC tables (CSV, gzipped CSV or Parquet) into the canonical
 * extracts under {@code <output>/<run-id>/extracts/} and prints their counts.
 */
@Command(
    name = "extract-mimic",
    mixinStandardHelpOptions = true,
    description =
        "Writes the canonical EHR extracts (stays, measurements, fluids, vasopressors, "
            + "urine_output, infection) from a MIMIC release; see mimic/MIMIC.md.")
final class ExtractMimicCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--source",
      paramLabel = "NAME",
      defaultValue = "mimic-iii",
      description =
          "Source database: mimic-iii (v1.4, one folder of tables) or mimic-iv (v2.x, the"
              + " release's hosp/ and icu/ folders) (default: ${DEFAULT-VALUE}).")
  String source;

  @Option(
      names = "--input",
      paramLabel = "DIR",
      required = true,
      description =
          "Folder of the MIMIC tables: MIMIC-III's CHARTEVENTS.csv.gz, ... (or Parquet folders);"
              + " MIMIC-IV's hosp/ and icu/ folders of *.csv.gz (or Parquet).")
  String input;

  @Override
  public Integer call() {
    MimicSource mimic = MimicSource.fromName(source);
    return common.runStage(
        PipelineStage.SYNTHESIZE.folder(),
        Map.of(),
        MimicSettings::from,
        run -> extract(run, mimic));
  }

  private void extract(RunContext run, MimicSource mimic) {
    MimicSettings settings = MimicSettings.from(run.config());
    run.checkCanWrite(PipelineStage.SYNTHESIZE.folder());
    Console.step("extracting %s from %s", mimic.cliName(), input);
    MimicExtractResult result =
        run.runStage(
            PipelineStage.SYNTHESIZE.folder(),
            List.of(input),
            write -> mimic.extract(run.spark(), input, settings, write));
    Console.done(run.folder(), PipelineStage.SYNTHESIZE.folder(), result.counts());
  }
}
