package io.gansweep.data;

import io.gansweep.io.HadoopConf;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads IDX files (the format of MNIST, Fashion-MNIST, KMNIST, EMNIST): two zero bytes, a type
 * byte (0x08: unsigned bytes, the only type image datasets use), the number of dimensions, each
 * dimension as a big-endian int32, then the data. Plain or gzip (recognised by its magic bytes, not
 * the file name), from a local path or any Hadoop URI ({@code file:}, {@code hdfs:}, {@code s3a:}).
 */
public final class IdxReader {

  private IdxReader() {}

  /**
   * The images of {@code imagesUri} (3 dimensions: count, rows, cols) with the labels of the file
   * beside it whose name has {@code labels-idx1} for {@code images-idx3} (MNIST's naming).
   */
  public static ImageSet read(String imagesUri) throws IOException {
    String labelsUri = labelsBeside(imagesUri);
    Array images = array(imagesUri, 3);
    Array labels = array(labelsUri, 1);
    if (labels.dims()[0] != images.dims()[0]) {
      throw new IOException(String.format("Cannot read %s: label count differs from image count (got %d labels in %s; allowed %d)",
          imagesUri, labels.dims()[0], labelsUri, images.dims()[0]));
    }
    int[] y = new int[labels.data().length];
    int classes = 0;
    for (int i = 0; i < y.length; i++) {
      y[i] = labels.data()[i] & 0xFF;
      classes = Math.max(classes, y[i] + 1);
    }
    return new ImageSet(Datasets.IDX_PREFIX + imagesUri, images.dims()[0], images.dims()[1], images.dims()[2], images.data(), y, classes);
  }

  /** The labels file's URI: the images file's name with {@code images-idx3} replaced by {@code labels-idx1}. */
  static String labelsBeside(String imagesUri) throws IOException {
    int slash = imagesUri.lastIndexOf('/') + 1;
    String name = imagesUri.substring(slash);
    if (!name.contains("images-idx3")) {
      throw new IOException("Cannot find labels for " + imagesUri
          + ": the file name does not contain images-idx3 (got " + name + "; allowed MNIST-style names such as train-images-idx3-ubyte.gz, with train-labels-idx1-ubyte.gz beside it)");
    }
    return imagesUri.substring(0, slash) + name.replace("images-idx3", "labels-idx1");
  }

  /**
   * An IDX array.
   *
   * @param dims dimensions
   * @param data the unsigned bytes, row-major
   */
  public record Array(int[] dims, byte[] data) {}

  /** Reads one IDX file of unsigned bytes with {@code rank} dimensions. */
  public static Array array(String uri, int rank) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem(HadoopConf.create());
    if (!fs.exists(path)) {
      throw new IOException("Cannot read IDX file " + uri + ": no such file (got " + uri + "; allowed an existing path or Hadoop URI)");
    }
    try (InputStream raw = new BufferedInputStream(fs.open(path))) {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
      DataInputStream d = new DataInputStream(new BufferedInputStream(in, 1 << 16));
      int magic = d.readInt();
      int expected = 0x0800 | rank;
      if (magic != expected) {
        throw new IOException(String.format(
            "Cannot read IDX file %s: bad magic number (got 0x%08X; allowed 0x%08X, unsigned bytes in %d dimension%s)",
            uri, magic, expected, rank, rank == 1 ? "" : "s"));
      }
      int[] dims = new int[rank];
      long size = 1;
      for (int i = 0; i < rank; i++) {
        dims[i] = d.readInt();
        if (dims[i] <= 0) {
          throw new IOException(String.format("Cannot read IDX file %s: dimension %d is not positive (got %d; allowed 1 or more)", uri, i, dims[i]));
        }
        size *= dims[i];
      }
      if (size > Integer.MAX_VALUE - 8) {
        throw new IOException(String.format("Cannot read IDX file %s: too large (got %d bytes; allowed up to 2^31)", uri, size));
      }
      byte[] data = new byte[(int) size];
      try {
        d.readFully(data);
      } catch (java.io.EOFException e) {
        throw new IOException(String.format("Cannot read IDX file %s: truncated (got fewer than the %d data bytes its header declares; allowed a complete file)", uri, size), e);
      }
      return new Array(dims, data);
    }
  }
}
