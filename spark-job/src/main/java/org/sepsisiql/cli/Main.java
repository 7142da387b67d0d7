package org.sepsisiql.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The sepsis-iql command line: one subcommand per pipeline stage. This is the only place that exits
 * the JVM, and only on failure. Errors print one line and exit non-zero (2 for invalid arguments,
 * configuration or outputs, 1 for failures while running); {@code --verbose} adds the stack trace.
 */
@Command(
    name = "sepsis-iql",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Learns and evaluates a sepsis treatment policy (IV fluids x vasopressors) "
            + "from ICU records with offline reinforcement learning, on Spark.",
    subcommands = {
      SynthesizeCommand.class,
      ExtractMimicCommand.class,
      CohortCommand.class,
      BehaviorCommand.class,
      TrainCommand.class,
      BaselinesCommand.class,
      EvaluateCommand.class,
      ReportCommand.class,
      RunCommand.class,
      OpeStudyCommand.class,
      SweepCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  private Main() {}

  /**
   * Returns normally on success, so that a cluster manager sees the application finish (YARN's
   * application master marks a driver that calls {@code System.exit} before it returns as failed,
   * and retries it); exits with the code only on failure.
   */
  public static void main(String[] args) {
    int code = execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the command line and returns the exit code, without exiting. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The command line with its error reporting, not yet executed (deploy tests parse with it). */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExecutionExceptionHandler(new ErrorReporter());
    commandLine.setParameterExceptionHandler(new ErrorReporter());
    return commandLine;
  }
}
