package io.gansweep.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinnedFilesTest {

  @Test
  void keepsPinsAndReadsBackVerified(@TempDir Path dir) throws Exception {
    PinnedFiles files = new PinnedFiles("test file");
    byte[] bytes = "some bytes".getBytes(StandardCharsets.UTF_8);
    String sum = files.keep(bytes);
    assertEquals("sha256:" + Checksummed.sha256(bytes), sum);
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir.resolve("pinned.bin").toUri());
    assertTrue(files.pin(sum, target));
    assertFalse(files.pin(sum, target), "there already: kept");
    IllegalStateException unchecked = assertThrows(IllegalStateException.class, () -> files.pin("sha256:00", target));
    assertTrue(unchecked.getMessage().startsWith("Cannot pin test file sha256:00: this JVM has not checked it"), unchecked.getMessage());

    files.forget();
    assertNull(files.kept(sum));
    assertArrayEquals(bytes, files.readPinned(sum, target));
    assertArrayEquals(bytes, files.kept(sum), "read once, then kept");

    files.forget();
    Files.writeString(dir.resolve("pinned.bin"), "other bytes");
    IllegalStateException changed = assertThrows(IllegalStateException.class, () -> files.readPinned(sum, target));
    assertTrue(changed.getMessage().contains("its checksum changed since the driver pinned it"), changed.getMessage());
    assertThrows(java.io.UncheckedIOException.class, () -> files.readPinned(sum, new org.apache.hadoop.fs.Path(dir.resolve("none").toUri())));
  }
}
