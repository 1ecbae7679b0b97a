package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.data.ImageFolders;
import io.gansweep.dispatch.DuckDb;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dataset: folder:<path>} through the command line on local Spark: an RGB folder of photo
 * crops in class subfolders (src/test/resources/folders/make_photos.py: scikit-image's astronaut,
 * coffee and chelsea) trains the built-in DCGAN with three channels at image_size 16, its decoded
 * pixels pinned under OUT/data and named by checksum in every trial (read back by DuckDB), with an
 * RGB sample grid; and every bad folder exits 2 before Spark with one line naming the file, nothing
 * written.
 */
class ImageFolderSweepTest {

  private static final Path PHOTOS = Path.of("src/test/resources/folders/photos");

  private static String spec(String name, String dataset, String extra) {
    return """
        name: %s
        method: grid
        replicates: 1
        parameters:
          dataset:      {value: "%s"}
          steps:        {value: 20}
          batch_size:   {value: 16}
          latent_dim:   {value: 8}
          hidden:       {value: 8}
          eval_every:   {value: 10}
          eval_samples: {value: 64}
          log_every:    {value: 10}
          lr_g:         {values: [2.0e-4, 1.0e-3]}
        %sresources: {gpus_per_trial: 0, cpus_per_trial: 1}
        """.formatted(name, dataset, extra);
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  /** A greyscale {@code side x side} PNG at {@code file} whose pixels follow {@code seed}. */
  static Path png(Path file, int width, int height, int seed) throws Exception {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.getRaster().setSample(x, y, 0, (x * 31 + y * 17 + seed * 53) % 256);
      }
    }
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
    return file;
  }

  @Test
  void anRgbFolderWithClassSubfoldersTrainsTheDcganAndIsPinned(@TempDir Path dir) throws Exception {
    copyTree(PHOTOS, dir.resolve("photos"));
    Path spec = Files.writeString(dir.resolve("photos.yaml"), spec("photos", "folder:photos", "  image_size:   {value: 16}\n"));
    String out = dir.resolve("out").toString();
    GansweepTest.Result r = GansweepTest.run("run", spec.toString(), "--out", out, "--master", "local[2]");
    assertEquals(0, r.status(), r.err() + r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("data file ") && l.contains("photos: sha256:")
        && l.endsWith("(pinned under data/)")), r.out());
    String trials = "read_parquet('" + out + "/trials/*/*.parquet')";
    List<String> sums = List.copyOf(DuckDb.strings("SELECT DISTINCT data_file FROM " + trials));
    assertEquals(1, sums.size(), sums.toString());
    Path pinned = Path.of(out, "data", sums.get(0).substring("sha256:".length()) + ".images");
    assertTrue(Files.exists(pinned), "the decoded pixels pinned: " + pinned);
    // 24 images x 3 channels x 16 x 16 bytes of pixels, with a header and a label per image.
    assertTrue(Files.size(pinned) > 24 * 3 * 16 * 16 && Files.size(pinned) < 24 * 3 * 16 * 16 + 24 * 4 + 64, "size " + Files.size(pinned));
    assertEquals(Set.of("folder:photos|16|3|COMPLETED|2|true"), DuckDb.strings(
        "SELECT DISTINCT dataset || '|' || image_size || '|' || data_classes || '|' || status || '|' || count(*) OVER ()::VARCHAR || '|'"
            + " || (final_fd IS NOT NULL AND final_modes_covered BETWEEN 0 AND 3)::VARCHAR FROM " + trials));
    // The three class subfolders are the count coverage is judged against (labels' evidence, the ranking's why).
    assertTrue(r.out().matches("(?s).*(/| of )3 modes covered.*"), r.out());
    assertFalse(r.out().contains("/?") || r.out().contains("of ?"), r.out());
    try (var grids = Files.walk(Path.of(out, "samples"))) {
      List<Path> pngs = grids.filter(p -> p.toString().endsWith(".png")).toList();
      assertFalse(pngs.isEmpty(), "sample grids written");
      BufferedImage grid = ImageIO.read(pngs.get(0).toFile());
      assertEquals(3, grid.getColorModel().getNumColorComponents(), "an RGB grid of RGB samples");
    }
  }

  /**
   * A 32×32 RGB folder (the fixture's crops drawn at 32×32, all in the folder itself: unlabelled)
   * trains the built-in DCGAN without image_size and without a model section: three blocks from a
   * 4×4 map (the worker's ConvNetTest), RGB samples of 32×32 in the grid (8 tiles of 32 pixels and
   * 9 one-pixel gaps a side), the Fréchet distance measured. Its rows say it has no classes
   * (data_classes 0), and the console never gives it a class count: no "?/?".
   */
  @Test
  void a32PixelRgbFolderTrainsTheDeeperDcgan(@TempDir Path dir) throws Exception {
    Path folder = dir.resolve("photos32");
    try (var files = Files.walk(PHOTOS)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".png")).toList()) {
        BufferedImage src = ImageIO.read(p.toFile());
        BufferedImage big = new BufferedImage(32, 32, BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D g = big.createGraphics();
        g.drawImage(src, 0, 0, 32, 32, null);
        g.dispose();
        Path to = folder.resolve(p.getParent().getFileName() + "-" + p.getFileName());
        Files.createDirectories(to.getParent());
        ImageIO.write(big, "png", to.toFile());
      }
    }
    Path spec = Files.writeString(dir.resolve("photos32.yaml"), spec("photos32", "folder:photos32", ""));
    String out = dir.resolve("out").toString();
    GansweepTest.Result r = GansweepTest.run("run", spec.toString(), "--out", out, "--master", "local[2]");
    assertEquals(0, r.status(), r.err() + r.out());
    String trials = "read_parquet('" + out + "/trials/*/*.parquet')";
    assertEquals(Set.of("folder:photos32|0|0|COMPLETED|2|true"), DuckDb.strings(
        "SELECT DISTINCT dataset || '|' || image_size || '|' || data_classes || '|' || status || '|' || count(*) OVER ()::VARCHAR || '|'"
            + " || (final_fd IS NOT NULL)::VARCHAR FROM " + trials));
    assertFalse(r.out().contains("/?") || r.out().contains("of ?") || r.out().contains("modes covered"), "unlabelled: no class count\n" + r.out());
    try (var grids = Files.walk(Path.of(out, "samples"))) {
      List<Path> pngs = grids.filter(p -> p.toString().endsWith(".png")).toList();
      assertFalse(pngs.isEmpty(), "sample grids written");
      BufferedImage grid = ImageIO.read(pngs.get(0).toFile());
      assertEquals(3, grid.getColorModel().getNumColorComponents(), "an RGB grid of RGB samples");
      assertEquals(8 * 32 + 9, grid.getWidth(), "tiles of 32x32 samples");
    }
  }

  /** Each bad folder: exit 2 before Spark, one line naming the file and what is allowed, nothing written. */
  @Test
  void everyBadFolderExitsTwoNamingTheFileAndWritesNothing(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    for (int i = 0; i < 4; i++) {
      png(dir.resolve("corrupt/" + i + ".png"), 8, 8, i);
      png(dir.resolve("text/" + i + ".png"), 8, 8, i);
      png(dir.resolve("sizes/" + i + ".png"), 8, 8, i);
      png(dir.resolve("big/" + i + ".png"), 64, 64, i);
    }
    Files.writeString(dir.resolve("corrupt/2.png"), "not a png at all");
    Files.writeString(dir.resolve("text/notes.txt"), "hello");
    png(dir.resolve("sizes/3.png"), 12, 12, 3);
    png(dir.resolve("one/only.png"), 8, 8, 0);
    record Case(String folder, String extra, String says) {}
    List<Case> cases = List.of(new Case("missing", "", "no such folder"),
        new Case("empty", "", "too few images (got 0 images; allowed at least 4 images"),
        new Case("one", "", "too few images (got 1 image;"),
        new Case("corrupt", "", "an image does not decode (got 2.png: "),
        new Case("text", "", "a file is not a PNG or JPEG image (got notes.txt; allowed files ending .png, .jpg or .jpeg"),
        new Case("sizes", "", "images of different sizes and no image_size (got 3.png is 12x12, 0.png 8x8"),
        new Case("big", "  image_size:   {value: 64}\n", "its decoded images exceed the memory budget (got 4 images of 64x64, up to 49,152"
            + " bytes; allowed at most 40,000 bytes of pixels (system property " + ImageFolders.BUDGET_PROPERTY + ")"));
    System.setProperty(ImageFolders.BUDGET_PROPERTY, "40000");
    try {
      for (Case c : cases) {
        Path spec = Files.writeString(dir.resolve("bad.yaml"), spec("bad", "folder:" + c.folder(), c.extra()));
        Path out = dir.resolve("out-" + c.folder());
        GansweepTest.Result r = GansweepTest.run("run", spec.toString(), "--out", out.toString(), "--master", "local[2]");
        assertEquals(2, r.status(), c + ": " + r.err() + r.out());
        assertTrue(r.err().contains("parameters.dataset (line 5): Cannot read image folder ") && r.err().contains(c.folder())
            && r.err().contains(c.says()) && r.err().contains("; allowed "), c + ": " + r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("Cannot read image folder")).count(), r.err());
        assertFalse(Files.exists(out), c + ": nothing written");
      }
    } finally {
      System.clearProperty(ImageFolders.BUDGET_PROPERTY);
    }
  }

  /** image_size and channels belong to an image folder, one value for the sweep. */
  @Test
  void imageSizeAndChannelsAreAFoldersOnly(@TempDir Path dir) throws Exception {
    Path spec = Files.writeString(dir.resolve("ring.yaml"), spec("ring", "ring8", "  image_size:   {value: 16}\n"));
    GansweepTest.Result r = GansweepTest.run("validate", spec.toString());
    assertEquals(2, r.status(), r.out());
    assertTrue(r.err().contains("parameters.image_size") && r.err().contains("only an image folder takes it"), r.err());
    copyTree(PHOTOS, dir.resolve("photos"));
    Files.writeString(spec, spec("p", "folder:photos", "  image_size:   {value: 16}\n  channels:     {values: [1, 3]}\n"));
    r = GansweepTest.run("validate", spec.toString());
    assertEquals(2, r.status(), r.out());
    assertTrue(r.err().contains("parameters.channels") && r.err().contains("decoded once for the sweep"), r.err());
  }
}
