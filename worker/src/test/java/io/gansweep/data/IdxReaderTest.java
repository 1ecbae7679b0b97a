package io.gansweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {

  /** An IDX file of unsigned bytes: magic 0x0000 08 rank, the dimensions, the data. */
  static byte[] idx(int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x0800 | dims.length);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(data);
    out.flush();
    return bytes.toByteArray();
  }

  static void write(Path file, byte[] content, boolean gzip) throws IOException {
    try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      o.write(content);
    }
  }

  /** Three 4x4 images whose pixel i of image n is 16 n + i, and labels 2, 0, 1. */
  static void mnistStyle(Path dir, boolean gzip) throws IOException {
    byte[] pixels = new byte[3 * 16];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 5);
    }
    String ext = gzip ? ".gz" : "";
    write(dir.resolve("t10k-images-idx3-ubyte" + ext), idx(new int[] {3, 4, 4}, pixels), gzip);
    write(dir.resolve("t10k-labels-idx1-ubyte" + ext), idx(new int[] {3}, new byte[] {2, 0, 1}), gzip);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void readsImagesAndLabelsPlainOrGzip(boolean gzip, @TempDir Path dir) throws IOException {
    mnistStyle(dir, gzip);
    ImageSet s = IdxReader.read(dir.resolve("t10k-images-idx3-ubyte" + (gzip ? ".gz" : "")).toString());
    assertEquals(3, s.count());
    assertEquals(4, s.rows());
    assertEquals(4, s.cols());
    assertEquals(3, s.classes());
    assertArrayEquals(new int[] {2, 0, 1}, s.labels());
    assertEquals((byte) (17 * 5), s.pixels()[17]);
    // Normalised to [-1, 1]: byte 0 → -1, byte 255 → 1; pixel 17 (85) → 85/127.5 - 1.
    float[] second = s.normalized(new int[] {1});
    assertEquals(85 / 127.5f - 1f, second[1], 1e-6f);
  }

  @Test
  void readsThroughAHadoopUri(@TempDir Path dir) throws IOException {
    mnistStyle(dir, true);
    ImageSet s = IdxReader.read(dir.resolve("t10k-images-idx3-ubyte.gz").toUri().toString());
    assertEquals(3, s.count());
  }

  @Test
  void badMagicNumberSaysWhatItGotAndWhatIsAllowed(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("x-images-idx3-ubyte");
    byte[] content = idx(new int[] {1, 2, 2}, new byte[4]);
    content[2] = 0x0D; // float data: not unsigned bytes
    write(f, content, false);
    IOException e = assertThrows(IOException.class, () -> IdxReader.array(f.toString(), 3));
    assertTrue(e.getMessage().contains("Cannot read IDX file " + f + ": bad magic number (got 0x00000D03; allowed 0x00000803"),
        e.getMessage());
  }

  @Test
  void truncatedDataAndMissingLabelsAreClearErrors(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("a-images-idx3-ubyte");
    byte[] full = idx(new int[] {2, 4, 4}, new byte[32]);
    write(f, java.util.Arrays.copyOf(full, full.length - 5), false);
    IOException truncated = assertThrows(IOException.class, () -> IdxReader.array(f.toString(), 3));
    assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
    write(f, full, false);
    IOException noLabels = assertThrows(IOException.class, () -> IdxReader.read(f.toString()));
    assertTrue(noLabels.getMessage().contains("a-labels-idx1-ubyte: no such file"), noLabels.getMessage());
    IOException badName = assertThrows(IOException.class, () -> IdxReader.read(dir.resolve("digits.bin").toString()));
    assertTrue(badName.getMessage().contains("does not contain images-idx3"), badName.getMessage());
  }
}
