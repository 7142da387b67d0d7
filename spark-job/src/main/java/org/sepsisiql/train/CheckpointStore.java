package org.sepsisiql.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Checkpoints of a training run on any Hadoop file system, one folder per epoch:
 *
 * <pre>
 * checkpoints/epoch-00007/model.zip   online network with its Adam state and iteration counters
 *                                     (round-00007/ for the Spark trainer's rounds)
 *                        /target.zip  target network (parameters only)
 *                        /state.json  {@link TrainingState}, written last: a folder without it is
 *                                     incomplete and ignored
 * best/model.zip, best/target.zip     the networks of the best validation criterion so far
 * </pre>
 *
 * The newest {@code keep} epoch folders are kept. Any trainer (local or Spark) can use this format.
 */
public final class CheckpointStore {
  static final String MODEL = "model.zip";
  static final String TARGET = "target.zip";
  private static final String STATE = "state.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileSystem fs;
  private final Path root;
  private final int keep;

  public CheckpointStore(FileSystem fs, Path root, int keep) {
    this.fs = fs;
    this.root = root;
    this.keep = keep;
  }

  public Path checkpoints() {
    return new Path(root, "checkpoints");
  }

  public Path best() {
    return new Path(root, "best");
  }

  /** Writes one epoch's checkpoint and removes the oldest beyond {@code keep}. */
  public void save(TrainingState state, ComputationGraph online, ComputationGraph target) {
    Path folder = new Path(checkpoints(), folderName(state));
    try {
      fs.delete(folder, true);
      writeNetwork(new Path(folder, MODEL), online, true);
      writeNetwork(new Path(folder, TARGET), target, false);
      try (OutputStream out = fs.create(new Path(folder, STATE), true)) {
        out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
      }
      List<Path> complete = completeCheckpoints();
      for (int i = 0; i < complete.size() - keep; i++) {
        fs.delete(complete.get(i), true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checkpoint " + folder, e);
    }
  }

  /** {@code epoch-00007} for the local trainer, {@code round-00007} for the Spark trainer. */
  static String folderName(TrainingState state) {
    return state.round() > 0
        ? String.format("round-%05d", state.round())
        : String.format("epoch-%05d", state.epoch());
  }

  public void saveBest(ComputationGraph online, ComputationGraph target) {
    writeNetwork(new Path(best(), MODEL), online, false);
    writeNetwork(new Path(best(), TARGET), target, false);
  }

  /** The newest complete checkpoint, if any. */
  public Optional<Checkpoint> latest() {
    List<Path> complete = completeCheckpoints();
    if (complete.isEmpty()) {
      return Optional.empty();
    }
    Path folder = complete.get(complete.size() - 1);
    try (InputStream in = fs.open(new Path(folder, STATE))) {
      ObjectNode node = (ObjectNode) JSON.readTree(in);
      TrainingState state = JSON.treeToValue(node, TrainingState.class);
      return Optional.of(
          new Checkpoint(
              state,
              readNetwork(new Path(folder, MODEL), true),
              readNetwork(new Path(folder, TARGET), false)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the checkpoint " + folder, e);
    }
  }

  /**
   * The complete checkpoints' folder names (relative to {@link #checkpoints()}) and states, oldest
   * first, without reading their networks.
   */
  public List<Kept> kept() {
    List<Kept> kept = new java.util.ArrayList<>();
    for (Path folder : completeCheckpoints()) {
      try (InputStream in = fs.open(new Path(folder, STATE))) {
        kept.add(new Kept(folder.getName(), JSON.readValue(in, TrainingState.class)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the checkpoint " + folder, e);
      }
    }
    return kept;
  }

  /** A checkpoint on disk: its folder's name and its state. */
  public record Kept(String folder, TrainingState state) {
    /** The number it is recorded under: its round for the Spark trainer, else its epoch. */
    public int number() {
      return state.round() > 0 ? state.round() : state.epoch();
    }

    public String networkFile() {
      return "checkpoints/" + folder + "/" + MODEL;
    }
  }

  /** Whether any checkpoint folder exists (complete or not). */
  public boolean isEmpty() {
    return completeCheckpoints().isEmpty();
  }

  private List<Path> completeCheckpoints() {
    try {
      if (!fs.exists(checkpoints())) {
        return List.of();
      }
      FileStatus[] children = fs.listStatus(checkpoints());
      return Arrays.stream(children)
          .map(FileStatus::getPath)
          .filter(path -> isCheckpointName(path.getName()) && exists(new Path(path, STATE)))
          .sorted(Comparator.comparing(Path::getName))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + checkpoints(), e);
    }
  }

  private static boolean isCheckpointName(String name) {
    return name.startsWith("epoch-") || name.startsWith("round-");
  }

  private boolean exists(Path path) {
    try {
      return fs.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  void writeNetwork(Path path, ComputationGraph network, boolean withUpdater) {
    try (OutputStream out = fs.create(path, true)) {
      ModelSerializer.writeModel(network, out, withUpdater);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  ComputationGraph readNetwork(Path path, boolean withUpdater) {
    try (InputStream in = fs.open(path)) {
      return ModelSerializer.restoreComputationGraph(in, withUpdater);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** A restored checkpoint. */
  public record Checkpoint(TrainingState state, ComputationGraph online, ComputationGraph target) {}
}
