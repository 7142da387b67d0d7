package org.sepsisiql.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sepsisiql.cli.Main;
import picocli.CommandLine;

/**
 * The Airflow DAGs' command lines, checked against the CLI's own parser: both DAGs build every
 * task's arguments from {@code deploy/airflow/sepsis_iql_stages.py}, so a renamed or removed option
 * fails here. Also the retry contract: every task passes {@code --skip-complete}, train {@code
 * --resume}.
 */
class AirflowDagTest {
  static final Path AIRFLOW = Path.of("..", "deploy", "airflow");
  static final String LOGICAL_DATE = "20260101";

  static PythonLiterals stages() throws IOException {
    return new PythonLiterals(Files.readString(AIRFLOW.resolve("sepsis_iql_stages.py")));
  }

  /** The arguments of every stage's task, as the DAGs build them, with the date rendered. */
  static List<List<String>> commandLines(PythonLiterals stages, boolean gpu) {
    List<List<String>> lines = new ArrayList<>();
    for (Object entry : stages.list("STAGES")) {
      List<?> pair = (List<?>) entry;
      List<String> argv = new ArrayList<>();
      argv.add((String) pair.get(0));
      for (Object arg : stages.list("COMMON")) {
        argv.add(((String) arg).replace("{{ ds_nodash }}", LOGICAL_DATE));
      }
      for (Object arg : (List<?>) pair.get(1)) {
        argv.add((String) arg);
      }
      if (gpu && argv.get(0).equals("train")) {
        stages.list("GPU_ARGUMENTS").forEach(arg -> argv.add((String) arg));
      }
      lines.add(argv);
    }
    return lines;
  }

  /** Parses one command line as the jar's main class would, returning the subcommand's name. */
  static String parse(List<String> argv) {
    CommandLine.ParseResult result = Main.commandLine().parseArgs(argv.toArray(String[]::new));
    return result.subcommand().commandSpec().name();
  }

  @Test
  void everyTaskCommandLineParsesAsItsStage() throws IOException {
    PythonLiterals stages = stages();
    List<String> names = new ArrayList<>();
    for (boolean gpu : new boolean[] {false, true}) {
      for (List<String> argv : commandLines(stages, gpu)) {
        assertEquals(argv.get(0), parse(argv), "parsed as its own stage: " + argv);
        assertTrue(argv.contains("--skip-complete"), "retry-safe: " + argv);
        if (!gpu) {
          names.add(argv.get(0));
        }
        if (argv.get(0).equals("train")) {
          assertTrue(argv.contains("--resume"), "a retried train resumes: " + argv);
        }
      }
    }
    assertEquals(
        List.of("extract-mimic", "cohort", "behavior", "train", "baselines", "evaluate", "report"),
        names,
        "every stage, in pipeline order");
  }

  @Test
  void aRenamedOptionWouldFailThisTest() throws IOException {
    List<String> argv = new ArrayList<>(commandLines(stages(), false).get(3));
    argv.set(argv.indexOf("--resume"), "--resume-from-checkpoint");
    assertThrows(CommandLine.ParameterException.class, () -> parse(argv));
  }

  @Test
  void bothDagsBuildTheirTasksFromTheStageTable() throws IOException {
    for (String dag : List.of("sepsis_iql_dag.py", "sepsis_iql_kubernetes_dag.py")) {
      String source = Files.readString(AIRFLOW.resolve(dag));
      assertTrue(source.contains("from sepsis_iql_stages import"), dag + " imports the table");
      assertTrue(source.contains("arguments(name)"), dag + " uses its command lines");
      assertTrue(source.contains("for name, _ in STAGES"), dag + " has one task per stage");
    }
    String submit = Files.readString(AIRFLOW.resolve("sepsis_iql_dag.py"));
    assertTrue(submit.contains("java_class=\"" + Main.class.getName() + "\""), "main class");
    assertTrue(submit.contains("spark.yarn.maxAppAttempts"), "one YARN attempt per task");
  }
}
