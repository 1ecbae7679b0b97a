package io.gansweep.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The one layout of a gansweep file that must be verified before it is trusted (a checkpoint, a
 * pinned feature network): a format line, the SHA-256 (64 hex digits) of the payload and a
 * newline, then the payload. The checksum travels inside the file that is published whole
 * ({@link Publisher}), so a reader can never pair one writer's payload with another's checksum,
 * and a flipped byte anywhere after the header (or in the checksum itself) is a mismatch.
 */
public final class Checksummed {

  private Checksummed() {}

  /** A file that is not what {@link #wrap} wrote with its format, or whose payload does not match its checksum. */
  public static final class Corrupt extends IOException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    Corrupt(String reason) {
      super("Cannot verify file: " + reason);
      this.reason = reason;
    }

    /** What is wrong, for a caller's own message: {@code checksum mismatch (got X; allowed Y)}. */
    public String reason() {
      return reason;
    }
  }

  /** {@code format} (one line, ending in a newline), the SHA-256 of {@code payload} and a newline, then {@code payload}. */
  public static byte[] wrap(String format, byte[] payload) {
    checkFormat(format);
    byte[] header = (format + sha256(payload) + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] all = Arrays.copyOf(header, header.length + payload.length);
    System.arraycopy(payload, 0, all, header.length, payload.length);
    return all;
  }

  /** Whether {@code all} starts with {@code format}'s line (whatever follows). */
  public static boolean hasFormat(String format, byte[] all) {
    byte[] magic = format.getBytes(StandardCharsets.US_ASCII);
    return all.length >= magic.length && Arrays.equals(all, 0, magic.length, magic, 0, magic.length);
  }

  /** The SHA-256 (hex) that {@code all}'s header records; call after {@link #unwrap} succeeded. */
  public static String recorded(String format, byte[] all) {
    return new String(all, format.length(), 64, StandardCharsets.US_ASCII);
  }

  /**
   * The payload of {@link #wrap}'s bytes, after checking the header and the payload's SHA-256.
   *
   * @throws Corrupt a file too short for its header, of another format, or whose payload's SHA-256
   *     differs from the one its header records (a flipped byte, a truncated copy)
   */
  public static byte[] unwrap(String format, byte[] all) throws Corrupt {
    checkFormat(format);
    int headerLength = format.length() + 64 + 1;
    if (all.length < headerLength || !hasFormat(format, all) || all[headerLength - 1] != '\n') {
      throw new Corrupt("not a " + format.strip() + " file (got " + all.length + " bytes without its header; allowed a file that"
          + " starts with '" + format.strip() + "' and a SHA-256)");
    }
    String expected = recorded(format, all);
    byte[] payload = Arrays.copyOfRange(all, headerLength, all.length);
    String got = sha256(payload);
    if (!got.equals(expected)) {
      throw new Corrupt("checksum mismatch (got " + got + "; allowed " + expected + ", the SHA-256 its header records)");
    }
    return payload;
  }

  /** SHA-256 of {@code bytes}, 64 lower-case hex digits. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot checksum: no SHA-256 in this JVM (got none; allowed any Java 17 JVM)", e);
    }
  }

  private static void checkFormat(String format) {
    if (format.isEmpty() || !format.endsWith("\n") || format.indexOf('\n') != format.length() - 1
        || !StandardCharsets.US_ASCII.newEncoder().canEncode(format)) {
      throw new IllegalArgumentException("Cannot use format line: not one ASCII line ending in a newline (got '" + format.strip()
          + "'; allowed e.g. 'gansweep-checkpoint-2\\n')");
    }
  }
}
