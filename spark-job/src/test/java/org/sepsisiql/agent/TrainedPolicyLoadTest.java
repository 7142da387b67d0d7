package org.sepsisiql.agent;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model's {@code policy.json} is read strictly: a missing or mistyped field is an error naming
 * the file and the field. The first version read a missing temperature as 0.0 (a softmax at
 * temperature 0) and a missing extraction as softmax, silently.
 */
class TrainedPolicyLoadTest {
  @TempDir Path dir;

  private String refused(String json) throws IOException {
    Files.writeString(dir.resolve("policy.json"), json);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TrainedPolicy.load(
                    dir.toString(),
                    new Configuration(),
                    StateNormalizer.identity(org.sepsisiql.data.Feature.columnNames()),
                    null));
    return e.getMessage();
  }

  @Test
  void aMissingTemperatureIsAnError() throws IOException {
    String message = refused("{\"policy\": \"softmax\", \"advantage_beta\": 1.0}");
    assertTrue(message.contains("policy.json: missing temperature (a number)"), message);
  }

  @Test
  void aMistypedExtractionIsAnError() throws IOException {
    String message = refused("{\"policy\": 3, \"temperature\": 3.0, \"advantage_beta\": 1.0}");
    assertTrue(message.contains("policy.json: invalid policy (a string)"), message);
  }
}
