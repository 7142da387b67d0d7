package org.sepsisiql.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every subcommand documents itself: {@code --help} exits 0 and describes each option. */
class HelpTest {
  @Test
  void everySubcommandHasHelp() {
    CommandLine root = Main.commandLine();
    Map<String, CommandLine> subcommands = root.getSubcommands();
    assertFalse(subcommands.isEmpty(), "there are subcommands");
    for (Map.Entry<String, CommandLine> entry : subcommands.entrySet()) {
      if (entry.getKey().equals("help")) {
        continue;
      }
      StringWriter out = new StringWriter();
      int code = Main.commandLine().setOut(new PrintWriter(out)).execute(entry.getKey(), "--help");
      assertEquals(0, code, entry.getKey() + " --help exits 0");
      assertTrue(out.toString().contains("Usage: sepsis-iql " + entry.getKey()), out.toString());
      entry
          .getValue()
          .getCommandSpec()
          .options()
          .forEach(
              option ->
                  assertFalse(
                      option.description().length == 0,
                      entry.getKey() + " option " + option.longestName() + " has a description"));
    }
  }

  @Test
  void helpPrintsNoPicocliWarning() {
    java.io.PrintStream original = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true));
    try {
      for (String command : Main.commandLine().getSubcommands().keySet()) {
        Main.commandLine().setOut(new PrintWriter(new StringWriter())).execute(command, "--help");
      }
      Main.commandLine().setOut(new PrintWriter(new StringWriter())).execute("--help");
    } finally {
      System.setErr(original);
    }
    assertFalse(
        captured.toString().contains("picocli WARN"),
        "--help should print no picocli warning: " + captured);
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine().setErr(new PrintWriter(err));
    assertEquals(2, commandLine.execute("frobnicate"), "exit code 2");
    assertTrue(err.toString().contains("frobnicate"), err.toString());
  }
}
