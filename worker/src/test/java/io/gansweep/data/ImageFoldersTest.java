package io.gansweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.io.UserFileException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image folder form: the area-averaging resize against sums done by hand, labels from sorted
 * class subfolders, channels from the data or asked for, the pinned bytes' round trip, and JPEG.
 */
class ImageFoldersTest {

  private static Path grey(Path file, int side, int value) throws Exception {
    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        img.getRaster().setSample(x, y, 0, (value + x * 16 + y) % 256);
      }
    }
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
    return file;
  }

  private static Path rgb(Path file, int side, int r, int g, int b, String format) throws Exception {
    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        img.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    Files.createDirectories(file.getParent());
    ImageIO.write(img, format, file.toFile());
    return file;
  }

  private static org.apache.hadoop.fs.Path at(Path dir) {
    return new org.apache.hadoop.fs.Path(dir.toUri());
  }

  /** 4 → 2 is the mean of each 2x2 block, rounded half up; 3 → 2 weighs the middle pixel half to each side. */
  @Test
  void areaAveragingIsTheAreaWeightedMean() {
    byte[] four = new byte[16];
    for (int i = 0; i < 16; i++) {
      four[i] = (byte) (i * 10);
    }
    // blocks: {0,10,40,50} -> 25, {20,30,60,70} -> 45, {80,90,120,130} -> 105, {100,110,140,150} -> 125
    assertArrayEquals(new byte[] {25, 45, 105, 125}, ImageFolders.resize(four, 1, 4, 2));
    byte[] three = {0, 30, (byte) 90, 0, 30, (byte) 90, 0, 30, (byte) 90};
    // a row 0, 30, 90 → (0 + 0.5·30) / 1.5 = 10 and (0.5·30 + 90) / 1.5 = 70, the same in every row
    assertArrayEquals(new byte[] {10, 70, 10, 70}, ImageFolders.resize(three, 1, 3, 2));
    // up: 2 → 4 repeats each pixel in a 2x2 block
    assertArrayEquals(new byte[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4},
        ImageFolders.resize(new byte[] {1, 2, 3, 4}, 1, 2, 4));
  }

  @Test
  void classSubfoldersAreLabelsInSortedOrderAndChannelsComeFromTheData(@TempDir Path dir) throws Exception {
    grey(dir.resolve("zebra/a.png"), 8, 0);
    grey(dir.resolve("zebra/b.png"), 8, 1);
    grey(dir.resolve("ant/a.png"), 8, 2);
    grey(dir.resolve("ant/b.png"), 8, 3);
    Files.writeString(dir.resolve(".DS_Store"), "hidden files are not images");
    ImageSet grey = ImageFolders.decode(at(dir), 0, 0, 1 << 20);
    assertEquals(1, grey.channels());
    assertEquals(2, grey.classes());
    assertArrayEquals(new int[] {0, 0, 1, 1}, grey.labels(), "ant before zebra");
    assertEquals(2, grey.pixels()[0] & 0xFF, "ant/a.png first, its raster values as they are");

    rgb(dir.resolve("ant/c.png"), 8, 200, 100, 50, "png");
    ImageSet colour = ImageFolders.decode(at(dir), 0, 0, 1 << 20);
    assertEquals(3, colour.channels(), "one colour image makes the folder RGB");
    int plane = 64;
    int c = 2 * 3 * plane; // ant/c.png is the third image
    assertEquals(200, colour.pixels()[c] & 0xFF);
    assertEquals(100, colour.pixels()[c + plane] & 0xFF);
    assertEquals(50, colour.pixels()[c + 2 * plane] & 0xFF);
    assertEquals(2, colour.pixels()[plane] & 0xFF, "grey repeated in every channel");

    ImageSet luma = ImageFolders.decode(at(dir), 0, 1, 1 << 20);
    assertEquals(1, luma.channels());
    assertEquals(Math.round(0.299 * 200 + 0.587 * 100 + 0.114 * 50), luma.pixels()[2 * plane] & 0xFF, "BT.601 luma");

    ImageSet back = (ImageSet) new ImageFolders().parse(ImageFolders.encode(colour), "folder:x");
    assertArrayEquals(colour.pixels(), back.pixels());
    assertArrayEquals(colour.labels(), back.labels());
    assertEquals(colour.classes(), back.classes());
    assertEquals(3, back.channels());
  }

  @Test
  void jpegReadsAndImageSizeResizesOnce(@TempDir Path dir) throws Exception {
    for (int i = 0; i < 4; i++) {
      rgb(dir.resolve(i + ".JPG"), 32, 255, 0, 0, "jpg");
    }
    ImageSet set = ImageFolders.decode(at(dir), 16, 0, 1 << 20);
    assertEquals(16, set.rows());
    assertEquals(3, set.channels());
    assertEquals(1, set.classes(), "no subfolders: one class");
    assertTrue((set.pixels()[0] & 0xFF) > 240 && (set.pixels()[256] & 0xFF) < 15, "red stays red through JPEG and the resize");
  }

  @Test
  void badFoldersSayWhichFile(@TempDir Path dir) throws Exception {
    for (int i = 0; i < 4; i++) {
      grey(dir.resolve("a/" + i + ".png"), 8, i);
    }
    grey(dir.resolve("stray.png"), 8, 0);
    UserFileException e = assertThrows(UserFileException.class, () -> ImageFolders.decode(at(dir), 0, 0, 1 << 20));
    assertEquals("a file lies beside the class subfolders", e.reason());
    assertEquals("stray.png", e.got());
    Files.delete(dir.resolve("stray.png"));
    e = assertThrows(UserFileException.class, () -> ImageFolders.decode(at(dir), 12 + 1, 0, 1 << 20));
    assertTrue(e.getMessage().startsWith("Cannot read image folder ") && e.getMessage().contains("(got 13; allowed 0 (as the images"),
        e.getMessage());
    e = assertThrows(UserFileException.class, () -> ImageFolders.decode(at(dir), 0, 0, 4 * 8 * 8 * 3 - 1));
    assertEquals("its decoded images exceed the memory budget", e.reason());
  }
}
