package io.gansweep.data;

import ai.djl.ndarray.types.Shape;
import io.gansweep.gan.ConvNet;
import io.gansweep.io.HadoopConf;
import io.gansweep.io.UserFileException;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code folder:<path>} form ({@link DataForm}): a folder of PNG and JPEG images, greyscale or
 * RGB, either all in the folder itself (one class) or in one subfolder per class (torchvision's
 * ImageFolder layout: classes in the sorted order of their subfolders' names).
 *
 * <p>The driver decodes the folder once ({@link #check}), in file-name order: every image is
 * read with {@code javax.imageio}; a non-square image is cropped to its centred square; with
 * {@code image_size} it is then resized to that side by <b>area averaging</b> (each output pixel the
 * exact area-weighted mean of the source pixels it covers, per channel, on the 8-bit values, then
 * rounded to 8 bits: PIL's {@code BOX} filter, and what {@code java.awt.image.AreaAveragingScaleFilter}
 * computes), with no gamma or colour-space conversion. Greyscale images become RGB by repeating the
 * grey value; RGB images become greyscale (with {@code channels: 1}) by ITU-R BT.601 luma, 0.299 R +
 * 0.587 G + 0.114 B; alpha is dropped. Pixels map to [-1, 1] by {@code v / 127.5 - 1} as IDX images
 * do. Clean-fid (Parmar, Zhang and Zhu, CVPR 2022) showed that resize filters and quantisation
 * move FID a lot; so there is exactly one resize, done once, and every trial and executor trains on
 * its same bytes.
 *
 * <p>The pinned bytes are the decoded images (this class's own small format, {@link #encode}),
 * so {@code data_file} is the checksum of exactly what trials train on: a changed image, another
 * image_size or channels is another configuration. Executors parse those bytes once per JVM.
 *
 * <p>Bad data is an error, never a skip: a file that is not a PNG or JPEG, or that does not
 * decode, names the file; so do images of different sizes without {@code image_size}.
 */
public final class ImageFolders implements DataForm {

  /** The image files read, by extension (case-insensitive). */
  public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg");

  /** Least number of images: the k = 3 nearest-neighbour radii of precision and recall need 4. */
  public static final int MIN_IMAGES = 4;

  /**
   * The most bytes the decoded pixels may take (count × channels × side², one byte each): 1 GiB by
   * default, the system property {@value #BUDGET_PROPERTY} (bytes) overrides it. Each executor JVM
   * holds one copy, shared by its trials; the driver holds it once more while it pins it.
   */
  public static final long DEFAULT_BUDGET = 1L << 30;

  /** System property that sets the memory budget in bytes. */
  public static final String BUDGET_PROPERTY = "gansweep.folder.budget";

  private static final String MAGIC = "gansweep-images/1";

  @Override
  public String prefix() {
    return Datasets.FOLDER_PREFIX;
  }

  @Override
  public String allowed() {
    return "a folder of at least " + MIN_IMAGES + " PNG or JPEG images, or of one subfolder of them per class";
  }

  @Override
  public String extension(String dataset) {
    return "images";
  }

  /** The memory budget in bytes. */
  public static long budget() {
    return Long.getLong(BUDGET_PROPERTY, DEFAULT_BUDGET);
  }

  @Override
  public Checked check(Path folder, Options options) throws IOException {
    ImageSet set = decode(folder, options.imageSize(), options.channels(), budget());
    return new Checked(encode(set), set, new Shape(set.channels(), set.rows(), set.cols()), set.labelled() ? set.classes() : 0);
  }

  @Override
  public Object parse(byte[] pinned, String dataset) {
    try {
      return decodePinned(pinned, dataset);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the pinned images of " + dataset + ": " + e.getMessage(), e);
    }
  }

  /** One image file and its class. */
  private record Entry(Path file, int label) {}

  /**
   * The images of {@code folder}, decoded, cropped, resized to {@code imageSize} (0: as they are)
   * and brought to {@code channels} (0: 3 if any image has colour, else 1).
   *
   * @throws FileNotFoundException when there is no such folder
   * @throws UserFileException for data that cannot be trained on, naming the file
   */
  public static ImageSet decode(Path folder, int imageSize, int channels, long budget) throws IOException {
    String action = "read image folder " + folder;
    String allowed = new ImageFolders().allowed();
    if (imageSize != 0 && !ConvNet.takesSide(imageSize)) {
      throw new UserFileException(action, "image_size is not a side the convnets take", Integer.toString(imageSize),
          "0 (as the images are) or " + ConvNet.SIDES + " (up to 256)");
    }
    if (channels != 0 && channels != 1 && channels != 3) {
      throw new UserFileException(action, "channels is not 1 or 3", Integer.toString(channels), "0 (from the data), 1 or 3");
    }
    FileSystem fs = folder.getFileSystem(HadoopConf.create());
    if (!fs.exists(folder)) {
      throw new FileNotFoundException(folder.toString());
    }
    if (!fs.getFileStatus(folder).isDirectory()) {
      throw new UserFileException(action, "it is a file, not a folder", folder.toString(), allowed);
    }
    FileStatus[] top = visible(fs, folder);
    List<String> classes = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    boolean subfolders = Arrays.stream(top).anyMatch(FileStatus::isDirectory);
    if (subfolders) {
      for (FileStatus s : top) {
        if (!s.isDirectory()) {
          throw new UserFileException(action, "a file lies beside the class subfolders", s.getPath().getName(),
              "images only inside the class subfolders, or no subfolders at all");
        }
        int label = classes.size();
        classes.add(s.getPath().getName());
        for (FileStatus f : visible(fs, s.getPath())) {
          if (f.isDirectory()) {
            throw new UserFileException(action, "a class subfolder holds a folder", s.getPath().getName() + "/" + f.getPath().getName(),
                "one level of class subfolders holding images");
          }
          entries.add(new Entry(f.getPath(), label));
        }
      }
    } else {
      classes.add("all");
      for (FileStatus f : top) {
        entries.add(new Entry(f.getPath(), 0));
      }
    }
    if (entries.size() < MIN_IMAGES) {
      throw new UserFileException(action, "too few images", entries.size() + (entries.size() == 1 ? " image" : " images"),
          "at least " + MIN_IMAGES + " images (the k = 3 nearest-neighbour radii of precision and recall need them)");
    }
    for (Entry e : entries) {
      if (!EXTENSIONS.contains(extensionOf(e.file().getName()))) {
        throw new UserFileException(action, "a file is not a PNG or JPEG image", relative(folder, e.file()),
            "files ending .png, .jpg or .jpeg (any case)");
      }
    }
    int side = imageSize;
    byte[][] decoded = new byte[entries.size()][];
    boolean[] colour = new boolean[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      Path file = entries.get(i).file();
      BufferedImage img;
      try (InputStream in = fs.open(file)) {
        img = ImageIO.read(in);
      } catch (IOException | RuntimeException e) {
        throw new UserFileException(action, "an image does not decode", relative(folder, file) + ": " + UserFileException.firstLine(e),
            "PNG or JPEG files that javax.imageio reads");
      }
      if (img == null) {
        throw new UserFileException(action, "an image does not decode", relative(folder, file) + ": not a PNG or JPEG inside",
            "PNG or JPEG files that javax.imageio reads");
      }
      int crop = Math.min(img.getWidth(), img.getHeight());
      if (i == 0 && side == 0) {
        if (img.getWidth() != img.getHeight() || !ConvNet.takesSide(crop)) {
          throw new UserFileException(action, "without image_size, images must be square with a side that is " + ConvNet.SIDES,
              relative(folder, file) + " is " + img.getWidth() + "x" + img.getHeight(), "such images, or an image_size (16, 32, 64) to"
                  + " crop and resize them to");
        }
        side = crop;
      } else if (imageSize == 0 && (img.getWidth() != side || img.getHeight() != side)) {
        throw new UserFileException(action, "images of different sizes and no image_size", relative(folder, file) + " is "
            + img.getWidth() + "x" + img.getHeight() + ", " + relative(folder, entries.get(0).file()) + " " + side + "x" + side,
            "images of one size, or an image_size to resize them to");
      }
      if (i == 0) {
        long need = (long) entries.size() * (channels == 0 ? 3 : channels) * side * side;
        if (need > budget) {
          throw new UserFileException(action, "its decoded images exceed the memory budget", String.format(Locale.ROOT,
              "%d images of %dx%d, up to %,d bytes", entries.size(), side, side, need), String.format(Locale.ROOT,
              "at most %,d bytes of pixels (system property %s), or a smaller image_size", budget, BUDGET_PROPERTY));
        }
      }
      colour[i] = img.getColorModel().getNumColorComponents() > 1;
      decoded[i] = resize(planes(img, crop), colour[i] ? 3 : 1, crop, side);
    }
    boolean anyColour = false;
    for (boolean c : colour) {
      anyColour |= c;
    }
    int ch = channels != 0 ? channels : anyColour ? 3 : 1;
    int size = ch * side * side;
    byte[] pixels = new byte[entries.size() * size];
    int[] labels = new int[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      byte[] img = toChannels(decoded[i], colour[i] ? 3 : 1, ch, side * side);
      System.arraycopy(img, 0, pixels, i * size, size);
      labels[i] = entries.get(i).label();
      decoded[i] = null;
    }
    return new ImageSet(Datasets.FOLDER_PREFIX + folder, entries.size(), side, side, pixels, labels, classes.size(), ch);
  }

  /** The entries of {@code dir} that are not hidden (a name starting with . or _), sorted by name. */
  private static FileStatus[] visible(FileSystem fs, Path dir) throws IOException {
    return Arrays.stream(fs.listStatus(dir)).filter(s -> !s.getPath().getName().startsWith(".") && !s.getPath().getName().startsWith("_"))
        .sorted(Comparator.comparing(s -> s.getPath().getName())).toArray(FileStatus[]::new);
  }

  private static String extensionOf(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String relative(Path folder, Path file) {
    String f = file.toUri().getPath();
    String d = folder.toUri().getPath().replaceAll("/+$", ""); // a folder named with a trailing '/'
    return f.startsWith(d + "/") ? f.substring(d.length() + 1) : file.toString();
  }

  /**
   * The centred {@code crop x crop} square of {@code img} as 8-bit planes (CHW): one plane for a
   * greyscale image (its raster's own values, 16-bit ones scaled to 8), three for colour (sRGB
   * components as {@code getRGB} gives them, alpha dropped).
   */
  static byte[] planes(BufferedImage img, int crop) {
    int x0 = (img.getWidth() - crop) / 2;
    int y0 = (img.getHeight() - crop) / 2;
    int n = crop * crop;
    if (img.getColorModel().getNumColorComponents() == 1 && !(img.getColorModel() instanceof IndexColorModel)) {
      Raster r = img.getRaster();
      int bits = img.getColorModel().getComponentSize(0);
      byte[] out = new byte[n];
      for (int y = 0; y < crop; y++) {
        for (int x = 0; x < crop; x++) {
          int v = r.getSample(x0 + x, y0 + y, 0);
          out[y * crop + x] = (byte) (bits > 8 ? v >> (bits - 8) : bits < 8 ? v * 255 / ((1 << bits) - 1) : v);
        }
      }
      return out;
    }
    byte[] out = new byte[3 * n];
    for (int y = 0; y < crop; y++) {
      for (int x = 0; x < crop; x++) {
        int rgb = img.getRGB(x0 + x, y0 + y);
        out[y * crop + x] = (byte) (rgb >> 16);
        out[n + y * crop + x] = (byte) (rgb >> 8);
        out[2 * n + y * crop + x] = (byte) rgb;
      }
    }
    return out;
  }

  /**
   * {@code ch} planes of side {@code from} resized to side {@code to} by area averaging: output
   * pixel i covers source interval [i·from/to, (i+1)·from/to) on each axis, and is the mean of the
   * source pixels weighted by the area they share with it, rounded half up to 8 bits.
   */
  static byte[] resize(byte[] planes, int ch, int from, int to) {
    if (from == to) {
      return planes;
    }
    double[][] w = weights(from, to);
    byte[] out = new byte[ch * to * to];
    double[] rows = new double[to * from];
    for (int c = 0; c < ch; c++) {
      int base = c * from * from;
      Arrays.fill(rows, 0);
      for (int i = 0; i < to; i++) { // vertical pass: to x from
        for (int y = 0; y < from; y++) {
          double wy = w[i][y];
          if (wy != 0) {
            for (int x = 0; x < from; x++) {
              rows[i * from + x] += wy * (planes[base + y * from + x] & 0xFF);
            }
          }
        }
      }
      for (int i = 0; i < to; i++) { // horizontal pass
        for (int j = 0; j < to; j++) {
          double v = 0;
          for (int x = 0; x < from; x++) {
            v += w[j][x] * rows[i * from + x];
          }
          out[c * to * to + i * to + j] = (byte) Math.min(255, (int) Math.floor(v + 0.5));
        }
      }
    }
    return out;
  }

  /** w[i][s]: the share of output pixel i's interval that source pixel s covers (each row sums to 1). */
  private static double[][] weights(int from, int to) {
    double[][] w = new double[to][from];
    double scale = (double) from / to;
    for (int i = 0; i < to; i++) {
      double lo = i * scale;
      double hi = (i + 1) * scale;
      for (int s = (int) Math.floor(lo); s < Math.min(from, (int) Math.ceil(hi)); s++) {
        w[i][s] = (Math.min(hi, s + 1) - Math.max(lo, s)) / scale;
      }
    }
    return w;
  }

  /** {@code planes} of {@code from} channels as {@code to} channels (grey repeated; RGB to BT.601 luma). */
  private static byte[] toChannels(byte[] planes, int from, int to, int n) {
    if (from == to) {
      return planes;
    }
    byte[] out = new byte[to * n];
    if (to == 3) {
      for (int c = 0; c < 3; c++) {
        System.arraycopy(planes, 0, out, c * n, n);
      }
      return out;
    }
    for (int p = 0; p < n; p++) {
      double y = 0.299 * (planes[p] & 0xFF) + 0.587 * (planes[n + p] & 0xFF) + 0.114 * (planes[2 * n + p] & 0xFF);
      out[p] = (byte) Math.min(255, (int) Math.floor(y + 0.5));
    }
    return out;
  }

  /** The pinned bytes of {@code set}: a header (count, channels, side, classes), the labels, then the pixels. */
  static byte[] encode(ImageSet set) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(set.pixels().length + 4 * set.count() + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(MAGIC);
      out.writeInt(set.count());
      out.writeInt(set.channels());
      out.writeInt(set.rows());
      out.writeInt(set.classes());
      for (int l : set.labels()) {
        out.writeInt(l);
      }
      out.write(set.pixels());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static ImageSet decodePinned(byte[] pinned, String dataset) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(pinned))) {
      String magic = in.readUTF();
      if (!MAGIC.equals(magic)) {
        throw new IOException("not gansweep's pinned images (got " + magic + "; allowed " + MAGIC + ")");
      }
      int count = in.readInt();
      int channels = in.readInt();
      int side = in.readInt();
      int classes = in.readInt();
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = in.readInt();
      }
      byte[] pixels = new byte[count * channels * side * side];
      in.readFully(pixels);
      return new ImageSet(dataset, count, side, side, pixels, labels, classes, channels);
    }
  }
}
