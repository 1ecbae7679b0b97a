package io.gansweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.gansweep.io.Checksummed;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bytes of a checkpoint: a checksum of everything after its header is verified before
 * anything is deserialized, so a changed float of the state (which Java serialization alone reads
 * back without complaint) is refused; checkpoints written before checksums still read.
 */
class TrialCheckpointTest {

  static TrialCheckpoint paused;

  @BeforeAll
  static void pauseATrial() {
    TrialConfig c = TrialConfig.of(Map.of(Hyperparameter.STEPS, 40, Hyperparameter.HIDDEN, 8, Hyperparameter.LOG_EVERY, 10,
        Hyperparameter.EVAL_EVERY, 20, Hyperparameter.EVAL_SAMPLES, 100), 0);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      paused = new GanTrainer(c, m, DataType.FLOAT32, System::nanoTime, null).trainTo(20, step -> {}).checkpoint();
    }
  }

  static void assertSameState(TrialCheckpoint expected, TrialCheckpoint actual) {
    assertEquals(expected.trialId(), actual.trialId());
    assertEquals(expected.step(), actual.step());
    assertEquals(expected.state().size(), actual.state().size());
    for (int t = 0; t < expected.state().size(); t++) {
      assertArrayEquals(expected.state().get(t), actual.state().get(t), "state tensor " + t);
    }
    assertEquals(expected.streams(), actual.streams());
    assertEquals(expected.rows(), actual.rows());
  }

  @Test
  void theFileStartsWithItsFormatAndTheSha256OfWhatFollows() {
    byte[] bytes = paused.toBytes();
    String header = new String(bytes, 0, TrialCheckpoint.FORMAT.length() + 65, StandardCharsets.US_ASCII);
    assertTrue(header.startsWith("gansweep-checkpoint-2\n") && header.endsWith("\n"), header);
    byte[] payload = Arrays.copyOfRange(bytes, header.length(), bytes.length);
    assertEquals(Checksummed.sha256(payload), header.substring(TrialCheckpoint.FORMAT.length(), header.length() - 1));
    assertSameState(paused, TrialCheckpoint.fromBytes(bytes));
  }

  /**
   * One flipped bit in the middle of the file (a float of G's or D's parameters: the state is most
   * of the file) is refused with both checksums; before checksums it deserialized, and the trial
   * resumed from a state no trial ever had.
   */
  @Test
  void aFlippedByteIsRefusedWithBothChecksums() {
    byte[] bytes = paused.toBytes();
    String recorded = Checksummed.recorded(TrialCheckpoint.FORMAT, bytes);
    bytes[bytes.length / 2] ^= 0x10;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrialCheckpoint.fromBytes(bytes));
    assertTrue(e.getMessage().startsWith("Cannot read checkpoint: checksum mismatch (got ")
        && e.getMessage().contains("; allowed " + recorded), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), "one line");
  }

  /** A flipped byte in the recorded checksum itself is a mismatch too, and a truncated file is refused as before. */
  @Test
  void aChangedChecksumOrATruncatedFileIsRefused() {
    byte[] bytes = paused.toBytes();
    byte[] header = bytes.clone();
    header[TrialCheckpoint.FORMAT.length() + 3] = (byte) (header[TrialCheckpoint.FORMAT.length() + 3] == 'a' ? 'b' : 'a');
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TrialCheckpoint.fromBytes(header)).getMessage()
        .contains("checksum mismatch"));
    byte[] half = Arrays.copyOf(bytes, bytes.length / 2);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TrialCheckpoint.fromBytes(half)).getMessage()
        .contains("checksum mismatch"));
    byte[] tiny = Arrays.copyOf(bytes, 10);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TrialCheckpoint.fromBytes(tiny)).getMessage()
        .contains("not a gansweep-checkpoint-2 file (got 10 bytes"));
  }

  /** A checkpoint an older gansweep wrote (Java serialization from its first byte, no checksum) still resumes. */
  @Test
  void aCheckpointWrittenBeforeChecksumsStillReads() throws Exception {
    ByteArrayOutputStream legacy = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(legacy)) {
      out.writeUTF(TrialCheckpoint.LEGACY_FORMAT);
      out.writeObject(paused);
    }
    assertSameState(paused, TrialCheckpoint.fromBytes(legacy.toByteArray()));
  }
}
