package io.gansweep.data;

import io.gansweep.io.UserFileException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointsFileTest {

  @TempDir Path dir;

  private PointSet read(Path file) throws IOException {
    return PointsFile.read(Files.readAllBytes(file), file.toString());
  }

  /** One line naming the file, with the reason and what is allowed. */
  private UserFileException refused(Path file) {
    UserFileException e = assertThrows(UserFileException.class, () -> read(file));
    assertTrue(e.getMessage().startsWith("Cannot read points file " + file + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("; allowed ") && !e.getMessage().contains("\n"), e.getMessage());
    return e;
  }

  @Test
  void readsCsvWithAndWithoutLabels() throws IOException {
    PointSet p = read(PointsFixtures.csv(dir.resolve("p.csv"), "a,label,b,c", "1,x,2,3", "4,y,5,6", "\"7\",x,8,9e0", "-1.5,z,.5,+2",
        ""));
    assertEquals(List.of("a", "b", "c"), p.columns());
    assertEquals(3, p.dim());
    assertEquals(4, p.rows());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, -1.5f, 0.5f, 2}, p.values());
    assertArrayEquals(new int[] {0, 1, 0, 2}, p.labels());
    assertEquals(List.of("x", "y", "z"), p.labelNames());
    PointSet one = read(PointsFixtures.csv(dir.resolve("one.csv"), "v", "1", "2", "3", "4"));
    assertEquals(1, one.dim());
    assertNull(one.labels());
  }

  @Test
  void readsParquetOfEveryNumericType() throws IOException {
    Path file = PointsFixtures.parquet(dir.resolve("p.parquet"),
        "message m { required int32 a; required int64 b; required float c; required double d; required binary label (STRING); }",
        List.of(new Object[] {1, 2L, 3f, 4d, "u"}, new Object[] {5, 6L, 7f, 8d, "v"}, new Object[] {9, 10L, 11f, 12d, "u"},
            new Object[] {13, 14L, 15f, 16d, "w"}));
    PointSet p = read(file);
    assertEquals(List.of("a", "b", "c", "d"), p.columns());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, p.values());
    assertArrayEquals(new int[] {0, 1, 0, 2}, p.labels());
    PointSet ring = read(PointsFixtures.ring8Parquet(dir.resolve("ring.parquet"), 100, 1, true));
    assertEquals(2, ring.dim());
    assertEquals(8, ring.labelNames().size());
  }

  @Test
  void refusesAMissingOrEmptyOrUnknownFile() throws IOException {
    assertTrue(refused(PointsFixtures.csv(dir.resolve("e.csv"))).reason().contains("empty"));
    Files.write(dir.resolve("e.parquet"), new byte[0]);
    assertTrue(refused(dir.resolve("e.parquet")).reason().contains("empty"));
    assertTrue(refused(PointsFixtures.csv(dir.resolve("header.csv"), "x,y")).reason().contains("too few rows"));
    assertTrue(refused(PointsFixtures.csv(dir.resolve("p.txt"), "x", "1", "2", "3", "4")).allowed().contains(".parquet or .csv"));
    Files.writeString(dir.resolve("junk.parquet"), "not parquet at all");
    assertTrue(refused(dir.resolve("junk.parquet")).reason().contains("not a Parquet file"));
  }

  @Test
  void refusesANonNumericColumn() throws IOException {
    UserFileException csv = refused(PointsFixtures.csv(dir.resolve("n.csv"), "x,y", "1,2", "3,abc", "5,6", "7,8"));
    assertEquals("column 'y' is not numeric", csv.reason());
    assertEquals("'abc' in row 2", csv.got());
    assertTrue(csv.allowed().contains("every column but label"), csv.allowed());
    UserFileException parquet = refused(PointsFixtures.parquet(dir.resolve("n.parquet"),
        "message m { required double x; required binary name (STRING); }",
        List.of(new Object[] {1d, "a"}, new Object[] {2d, "b"}, new Object[] {3d, "c"}, new Object[] {4d, "d"})));
    assertEquals("column 'name' is not numeric", parquet.reason());
    assertTrue(parquet.allowed().contains("INT32, INT64, FLOAT or DOUBLE"), parquet.allowed());
  }

  @Test
  void refusesNonFiniteAndMissingValues() throws IOException {
    for (String bad : List.of("NaN", "nan", "inf", "-Infinity")) {
      UserFileException e = refused(PointsFixtures.csv(dir.resolve("f.csv"), "x,y", "1,2", "3," + bad, "5,6", "7,8"));
      assertEquals("column 'y' has a value that is not finite", e.reason(), bad);
    }
    assertTrue(refused(PointsFixtures.csv(dir.resolve("big.csv"), "x", "1", "2", "1e39", "4")).reason().contains("float32"));
    assertTrue(refused(PointsFixtures.csv(dir.resolve("blank.csv"), "x,y", "1,2", "3,", "5,6", "7,8")).reason().contains("not numeric"));
    UserFileException nan = refused(PointsFixtures.parquet(dir.resolve("nan.parquet"), "message m { required double x; }",
        List.of(new Object[] {1d}, new Object[] {Double.NaN}, new Object[] {3d}, new Object[] {4d})));
    assertEquals("NaN in row 2", nan.got());
    UserFileException missing = refused(PointsFixtures.parquet(dir.resolve("null.parquet"), "message m { optional double x; }",
        List.of(new Object[] {1d}, new Object[] {null}, new Object[] {3d}, new Object[] {4d})));
    assertEquals("column 'x' has a missing value", missing.reason());
  }

  @Test
  void refusesTooFewRowsAndNoCoordinateColumn() throws IOException {
    UserFileException few = refused(PointsFixtures.csv(dir.resolve("few.csv"), "x,y", "1,2", "3,4", "5,6"));
    assertEquals("3 rows", few.got());
    assertTrue(few.allowed().contains("at least " + PointsFile.MIN_ROWS + " rows"), few.allowed());
    UserFileException none = refused(PointsFixtures.csv(dir.resolve("labels.csv"), "label", "a", "b", "c", "d"));
    assertEquals("it has no coordinate column", none.reason());
    assertTrue(refused(PointsFixtures.csv(dir.resolve("ragged.csv"), "x,y", "1,2", "3", "5,6", "7,8")).reason().contains("row 2 has 1"));
    assertTrue(refused(PointsFixtures.csv(dir.resolve("twice.csv"), "x,x", "1,2", "3,4", "5,6", "7,8")).reason().contains("twice"));
  }
}
