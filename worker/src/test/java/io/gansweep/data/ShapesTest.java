package io.gansweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapesTest {

  @Test
  void sameSeedSameImagesEveryClassPresentAndDrawn() {
    ImageSet a = Shapes.generate(200, 3);
    assertArrayEquals(a.pixels(), Shapes.generate(200, 3).pixels());
    assertTrue(!java.util.Arrays.equals(a.pixels(), Shapes.generate(200, 4).pixels()), "another seed, other images");
    int[] perClass = new int[Shapes.CLASSES];
    for (int i = 0; i < a.count(); i++) {
      perClass[a.labels()[i]]++;
      int lit = 0;
      for (int p = 0; p < a.imageSize(); p++) {
        lit += (a.pixels()[i * a.imageSize() + p] & 0xFF) > 64 ? 1 : 0;
      }
      // Every image shows its shape (>= 12 lit pixels) inside a dark background (< half lit).
      assertTrue(lit >= 12 && lit < a.imageSize() / 2, "image " + i + " of class " + a.labels()[i] + " has " + lit + " lit pixels");
    }
    for (int c = 0; c < Shapes.CLASSES; c++) {
      assertEquals(20, perClass[c]);
    }
  }

  /** A filled shape lights more pixels than its outline at the same size and place. */
  @Test
  void filledShapesCoverMoreThanOutlines() {
    for (int[] pair : new int[][] {{0, 1}, {2, 3}, {4, 5}}) {
      double filled = 0;
      double outlined = 0;
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          filled += Math.max(0, Math.min(1, Shapes.intensity(pair[0], x - 13.5, y - 13.5, 7)));
          outlined += Math.max(0, Math.min(1, Shapes.intensity(pair[1], x - 13.5, y - 13.5, 7)));
        }
      }
      assertTrue(filled > 1.5 * outlined, "class " + pair[0] + " " + filled + " vs " + pair[1] + " " + outlined);
    }
  }
}
