package io.gansweep.io;

import io.gansweep.trial.Hyperparameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Files a spec names that executors read from the output folder, not from the user's path (a
 * TorchScript model's files, a points dataset's file): the driver reads each once and keeps its
 * bytes by checksum ({@link #keep}), {@code run} publishes them whole under the output folder
 * ({@link #pin}), and an executor reads the pinned copy once, checksum verified ({@link
 * #readPinned}). A trial names such a file by its checksum ({@link #checksum}), part of its id.
 * One instance per kind of file.
 */
public final class PinnedFiles {

  /** What the files are, for messages ("model file", "data file"). */
  private final String kind;
  /** Files by checksum: those the driver checked, and those an executor read once from the output folder. */
  private final Map<String, byte[]> kept = new ConcurrentHashMap<>();

  public PinnedFiles(String kind) {
    this.kind = kind;
  }

  /** {@code sha256:} and the hex SHA-256 of {@code bytes}: a file's value in a trial's config. */
  public static String checksum(byte[] bytes) {
    return Hyperparameter.SHA256 + Checksummed.sha256(bytes);
  }

  /** The whole of the file at {@code file}, a local path or any Hadoop URI. */
  public static byte[] read(Path file) throws IOException {
    FileSystem fs = file.getFileSystem(HadoopConf.create());
    try (InputStream in = fs.open(file)) {
      return in.readAllBytes();
    }
  }

  /** Keeps {@code bytes} (a file the driver checked) in this JVM; returns its checksum. */
  public String keep(byte[] bytes) {
    String sum = checksum(bytes);
    kept.put(sum, bytes);
    return sum;
  }

  /** The bytes of {@code checksum} known to this JVM, or null. */
  public byte[] kept(String checksum) {
    return kept.get(checksum);
  }

  /**
   * The driver's side: publishes the file of {@code checksum} (kept in this JVM) whole at {@code
   * target} unless it is there already; returns whether it wrote it.
   */
  public boolean pin(String checksum, Path target) throws IOException {
    byte[] bytes = kept.get(checksum);
    if (bytes == null) {
      throw new IllegalStateException("Cannot pin " + kind + " " + checksum + ": this JVM has not checked it (got an unchecked file;"
          + " allowed files the spec parser checked)");
    }
    return new Publisher().publish(target, Publisher.IfPresent.KEEP, bytes);
  }

  /**
   * The bytes of {@code checksum}: known to this JVM, or read from the pinned copy {@code file},
   * verified against the checksum and kept.
   *
   * @throws UncheckedIOException when the copy cannot be read
   * @throws IllegalStateException when its checksum changed since the driver pinned it
   */
  public byte[] readPinned(String checksum, Path file) {
    byte[] known = kept.get(checksum);
    if (known != null) {
      return known;
    }
    byte[] bytes;
    try {
      bytes = read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + kind + " " + file + ": " + e.getMessage(), e);
    }
    String got = checksum(bytes);
    if (!got.equals(checksum)) {
      throw new IllegalStateException("Cannot use " + kind + " " + file + ": its checksum changed since the driver pinned it (got " + got
          + "; allowed " + checksum + ")");
    }
    kept.put(checksum, bytes);
    return bytes;
  }

  /** Forgets the bytes of {@code checksum} (an executor that keeps only what it parsed from them). */
  public void release(String checksum) {
    kept.remove(checksum);
  }

  /** Forgets every file this JVM knows, as a fresh executor would (tests of the pinned path). */
  public void forget() {
    kept.clear();
  }
}
