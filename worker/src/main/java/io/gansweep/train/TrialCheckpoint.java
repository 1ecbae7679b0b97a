package io.gansweep.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import io.gansweep.data.SeededRandom;
import io.gansweep.io.Checksummed;
import io.gansweep.metrics.Quality;
import io.gansweep.trial.MetricRow;
import io.gansweep.trial.SampleGrid;
import io.gansweep.trial.SamplePoints;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A healthy trial paused after {@code step} rounds: everything its next round reads, so that a
 * trial resumed from it trains exactly the rounds, and writes exactly the rows, it would have
 * trained uninterrupted (GanTrainerCheckpointTest). That is: G and D (parameters, spectral-norm u
 * vectors, batch-norm running statistics), both Adams (moments and update count), the position of
 * every seeded stream, and the rows, grids, latest quality and points recorded so far. The state
 * of a pack's trial is its row of each stacked tensor, in the layout a trial alone has, so a
 * checkpoint taken in a pack resumes alone or in another pack (float32 throughout).
 *
 * @param trialId the trial it belongs to (checked on restore)
 * @param trainSeconds training time so far; a resumed trial's wall times continue from it
 * @param state {@link TrialStack#state}, this trial's share of each tensor
 * @param streams {@link Streams#all}'s positions
 * @param latest the latest evaluation's quality (the rung's, when rungs are evaluation steps)
 * @param points the latest evaluation's 2-D points, null for images
 */
public record TrialCheckpoint(String trialId, int step, double trainSeconds, List<float[]> state, int adamStepsG, int adamStepsD,
    List<SeededRandom.Position> streams, List<MetricRow> rows, List<SampleGrid> grids, Quality latest, SamplePoints points,
    List<byte[]> modules) implements Serializable {

  /** The format line of a checkpoint file ({@link Checksummed}: then the payload's SHA-256). */
  static final String FORMAT = "gansweep-checkpoint-2\n";

  /** The format of checkpoints before checksums: Java serialization of this string, then of the record. */
  static final String LEGACY_FORMAT = "gansweep-checkpoint-1";

  /** Only these classes may be read back: a checkpoint holds nothing else. */
  private static final ObjectInputFilter CLASSES = ObjectInputFilter.Config.createFilter(
      "maxdepth=12;io.gansweep.**;java.lang.*;java.util.*;[F;[B;[Ljava.lang.Object;!*");

  public TrialCheckpoint {
    if (step < 1 || rows.isEmpty() || streams.size() != 4 || adamStepsG < 0 || adamStepsD < 0) {
      throw new IllegalArgumentException("Cannot build checkpoint of " + trialId + ": a paused healthy trial needs step >= 1, rows, "
          + "four stream positions and Adam counts >= 0 (got step " + step + ", " + rows.size() + " rows, " + streams.size()
          + " streams; allowed step >= 1)");
    }
    state = List.copyOf(state);
    streams = List.copyOf(streams);
    rows = List.copyOf(rows);
    grids = List.copyOf(grids);
    // G's and D's saved modules (Network#savedModule), null entries for networks without one; a
    // checkpoint written before modules were kept has none
    modules = modules == null ? java.util.Collections.emptyList() : java.util.Collections.unmodifiableList(new ArrayList<>(modules));
  }

  /** Whether G or D keeps state outside its tensors here (a TorchScript module's), which only a trial alone restores. */
  boolean hasModules() {
    return modules.stream().anyMatch(java.util.Objects::nonNull);
  }

  /** Trial {@code i} of {@code stack} after {@code step} rounds, with what the trainer recorded of it. */
  static TrialCheckpoint of(TrialStack stack, int i, int step, double trainSeconds, List<MetricRow> rows, List<SampleGrid> grids,
      Quality latest, SamplePoints points) {
    List<float[]> state = new ArrayList<>();
    try (NDScope ignored = new NDScope()) {
      for (NDArray t : stack.state()) {
        NDArray part = stack.part(t, i);
        if (part.getDataType() != DataType.FLOAT32) {
          throw new IllegalStateException("Cannot checkpoint " + stack.configs().get(i).trialId() + ": state is "
              + part.getDataType() + " (got " + part.getDataType() + "; allowed float32)");
        }
        state.add(part.toFloatArray());
      }
    }
    return new TrialCheckpoint(stack.configs().get(i).trialId(), step, trainSeconds, state,
        stack.model().adamG().steps(), stack.model().adamD().steps(),
        stack.streams(i).all().stream().map(SeededRandom::position).toList(), rows, grids, latest, points,
        java.util.Arrays.asList(stack.model().generator().savedModule(), stack.model().discriminator().savedModule()));
  }

  /**
   * Writes this state into trial {@code i} of a freshly built {@code stack} and moves its streams;
   * the Adam counts are the trainer's to set (one per Adam, shared by a pack's rows).
   */
  void restoreInto(TrialStack stack, int i) {
    String id = stack.configs().get(i).trialId();
    List<NDArray> tensors = stack.state();
    if (!trialId.equals(id) || tensors.size() != state.size()) {
      throw new IllegalArgumentException("Cannot resume " + id + ": the checkpoint is of " + trialId + " with " + state.size()
          + " state tensors (got " + trialId + "; allowed " + id + " with " + tensors.size() + ")");
    }
    try (NDScope ignored = new NDScope()) {
      for (int t = 0; t < tensors.size(); t++) {
        long size = stack.part(tensors.get(t), i).size();
        if (state.get(t).length != size) {
          throw new IllegalArgumentException("Cannot resume " + id + ": state tensor " + t + " has " + state.get(t).length
              + " values (got " + state.get(t).length + "; allowed " + size + ", the trial's network as configured)");
        }
        stack.write(tensors.get(t), i, state.get(t));
      }
    }
    List<SeededRandom> live = stack.streams(i).all();
    for (int s = 0; s < live.size(); s++) {
      live.get(s).moveTo(streams.get(s));
    }
  }

  /**
   * The checkpoint as bytes: {@link #FORMAT}'s line and the SHA-256 of the payload ({@link
   * Checksummed}), then the payload, the record in Java serialization (which revalidates it on
   * read). A reader verifies the checksum before it deserializes anything, so a flipped byte
   * anywhere (a float of the state, which deserialization alone would accept) is refused.
   */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(this);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write checkpoint of " + trialId + ": " + e.getMessage(), e);
    }
    return Checksummed.wrap(FORMAT, bytes.toByteArray());
  }

  /**
   * Reads {@link #toBytes}; anything else (a checksum mismatch, a truncated file, another format,
   * foreign classes) is refused. A checkpoint written before checksums ({@link
   * #LEGACY_FORMAT}: Java serialization from its first byte) is still read, as it was written,
   * without a checksum to verify: a sweep paused by the older version resumes, and its next rung
   * writes a verified checkpoint.
   */
  public static TrialCheckpoint fromBytes(byte[] bytes) {
    if (isLegacy(bytes)) {
      return deserialize(bytes, true);
    }
    try {
      return deserialize(Checksummed.unwrap(FORMAT, bytes), false);
    } catch (Checksummed.Corrupt e) {
      throw new IllegalArgumentException("Cannot read checkpoint: " + e.reason(), e);
    }
  }

  /** Whether {@code bytes} start as Java serialization does (0xACED), as checkpoints before {@link #FORMAT} did. */
  private static boolean isLegacy(byte[] bytes) {
    return bytes.length >= 2 && bytes[0] == (byte) 0xAC && bytes[1] == (byte) 0xED;
  }

  private static TrialCheckpoint deserialize(byte[] payload, boolean legacy) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(payload))) {
      in.setObjectInputFilter(CLASSES);
      if (legacy) {
        String format = in.readUTF();
        if (!format.equals(LEGACY_FORMAT)) {
          throw new IllegalArgumentException("Cannot read checkpoint: unknown format (got " + format + "; allowed " + FORMAT.strip()
              + " or " + LEGACY_FORMAT + ")");
        }
      }
      return (TrialCheckpoint) in.readObject();
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new IllegalArgumentException("Cannot read checkpoint: " + e.getMessage() + " (got " + payload.length
          + " bytes; allowed a file written by TrialCheckpoint.toBytes)", e);
    }
  }
}
