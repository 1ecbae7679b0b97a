package io.gansweep.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The checksummed layout that checkpoints and pinned feature networks share. */
class ChecksummedTest {

  static final String FORMAT = "gansweep-test-1\n";
  static final byte[] PAYLOAD = "any bytes at all \u0000\u00ff".getBytes(StandardCharsets.UTF_8);

  @Test
  void wrappedBytesUnwrapToThePayload() throws Exception {
    byte[] all = Checksummed.wrap(FORMAT, PAYLOAD);
    assertEquals(FORMAT + Checksummed.sha256(PAYLOAD) + "\n", new String(all, 0, FORMAT.length() + 65, StandardCharsets.US_ASCII));
    assertArrayEquals(PAYLOAD, Checksummed.unwrap(FORMAT, all));
    assertEquals(Checksummed.sha256(PAYLOAD), Checksummed.recorded(FORMAT, all));
  }

  @Test
  void everyFlippedByteAfterTheFormatIsAMismatchOrABadHeader() {
    byte[] all = Checksummed.wrap(FORMAT, PAYLOAD);
    for (int i = 0; i < all.length; i++) {
      byte[] flipped = all.clone();
      flipped[i] ^= 0x01;
      Checksummed.Corrupt e = assertThrows(Checksummed.Corrupt.class, () -> Checksummed.unwrap(FORMAT, flipped), "byte " + i);
      assertTrue(e.reason().startsWith(i < FORMAT.length() || i == FORMAT.length() + 64 ? "not a gansweep-test-1 file (got "
          : "checksum mismatch (got "), i + ": " + e.reason());
    }
  }

  @Test
  void anotherFormatOrAShortFileIsNotOneAndAFormatMustBeOneLine() {
    byte[] all = Checksummed.wrap(FORMAT, PAYLOAD);
    assertTrue(assertThrows(Checksummed.Corrupt.class, () -> Checksummed.unwrap("gansweep-other-1\n", all)).reason()
        .startsWith("not a gansweep-other-1 file (got " + all.length + " bytes"));
    assertThrows(Checksummed.Corrupt.class, () -> Checksummed.unwrap(FORMAT, new byte[0]));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checksummed.wrap("no newline", PAYLOAD));
    assertTrue(e.getMessage().startsWith("Cannot use format line: not one ASCII line"), e.getMessage());
  }
}
