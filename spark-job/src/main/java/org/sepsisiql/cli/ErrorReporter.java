package org.sepsisiql.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns any failure into one line on standard error and an exit code: 2 for what the user can fix
 * before running (arguments, configuration, existing or unwritable outputs, bad input data), 1 for
 * anything else. The stack trace is printed only with {@code --verbose}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
  static final int USAGE = 2;
  static final int FAILURE = 1;

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println(
        "sepsis-iql: "
            + oneLine(e)
            + " (see '"
            + e.getCommandLine().getCommandSpec().qualifiedName()
            + " --help')");
    err.flush();
    return USAGE;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    err.println("sepsis-iql: error: " + oneLine(e));
    if (isVerbose(parsed)) {
      e.printStackTrace(err);
    }
    err.flush();
    return e instanceof IllegalArgumentException ? USAGE : FAILURE;
  }

  private static boolean isVerbose(ParseResult parsed) {
    for (ParseResult result = parsed; result != null; result = result.subcommand()) {
      if (result.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** The first line of the message (Spark appends stack traces to its own), at most 400 chars. */
  static String oneLine(Throwable e) {
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    String first = message.strip().split("\\R", 2)[0].strip();
    return first.length() <= MAX_MESSAGE ? first : first.substring(0, MAX_MESSAGE) + "...";
  }

  private static final int MAX_MESSAGE = 400;
}
