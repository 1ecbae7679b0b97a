package io.gansweep.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublisherTest {

  /**
   * A replaced file never disappears: a reader polling its name during 300 replacements always
   * finds it (the earlier commit deleted the old metrics file before renaming the new one).
   */
  @Test
  void aReplacedFileIsNeverMissingForAReader(@TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path target = dir.resolve("t.parquet");
    Publisher p = new Publisher();
    p.publish(new Path(target.toUri()), Publisher.IfPresent.REPLACE, "v0".getBytes(StandardCharsets.UTF_8));
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger missing = new AtomicInteger();
    AtomicInteger reads = new AtomicInteger();
    Thread reader = new Thread(() -> {
      while (!done.get()) {
        if (!Files.exists(target)) {
          missing.incrementAndGet();
        }
        reads.incrementAndGet();
      }
    });
    reader.start();
    for (int i = 1; i <= 300; i++) {
      p.publish(new Path(target.toUri()), Publisher.IfPresent.REPLACE, ("v" + i).getBytes(StandardCharsets.UTF_8));
    }
    done.set(true);
    reader.join();
    assertTrue(reads.get() > 0);
    assertEquals(0, missing.get(), "reads that found no file, of " + reads.get());
    assertEquals("v300", Files.readString(target));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(target), files.toList(), "no temporary or .crc file left");
    }
  }

  @Test
  void keepLeavesTheFirstFileInPlace(@TempDir java.nio.file.Path dir) throws Exception {
    Path target = new Path(dir.resolve("a/b/trial.parquet").toUri());
    Publisher p = new Publisher();
    assertTrue(p.publish(target, Publisher.IfPresent.KEEP, "first".getBytes(StandardCharsets.UTF_8)));
    assertFalse(p.publish(target, Publisher.IfPresent.KEEP, "second".getBytes(StandardCharsets.UTF_8)));
    assertEquals("first", Files.readString(dir.resolve("a/b/trial.parquet")));
    try (var files = Files.list(dir.resolve("a/b"))) {
      assertEquals(1, files.count(), "the discarded copy's temporary file is gone");
    }
  }

  /** Killed writers' temporary files and staging folders go; published files and other hidden files stay. */
  @Test
  void leftoversOfKilledWritersAreRemoved(@TempDir java.nio.file.Path dir) throws Exception {
    Files.writeString(dir.resolve("t-s0.parquet"), "kept");
    Files.writeString(dir.resolve(".t-s1.parquet.1b2c.tmp"), "left");
    Files.writeString(dir.resolve(".keep-me"), "not ours");
    Files.createDirectories(dir.resolve("._ranking.parquet.9f/_temporary"));
    Files.createDirectories(dir.resolve("t-s0"));
    Files.writeString(dir.resolve("t-s0/.step-00000003.png.77.tmp"), "left");
    Files.writeString(dir.resolve("t-s0/step-00000000.png"), "kept");
    assertEquals(3, new Publisher().removeLeftovers(new Path(dir.toUri()), 1));
    try (var files = Files.walk(dir)) {
      assertEquals(List.of(".keep-me", "step-00000000.png", "t-s0", "t-s0.parquet"),
          files.filter(f -> !f.equals(dir)).map(f -> f.getFileName().toString()).sorted().toList());
    }
    assertEquals(0, new Publisher().removeLeftovers(new Path(dir.resolve("none").toUri()), 1));
  }

  @Test
  void eachFileSystemGetsItsStrategy() {
    assertEquals(Publisher.Strategy.LOCAL, Publisher.strategy("file"));
    assertEquals(Publisher.Strategy.RENAME, Publisher.strategy("hdfs"));
    assertEquals(Publisher.Strategy.DIRECT, Publisher.strategy("s3a"));
    assertEquals(Publisher.Strategy.DIRECT, Publisher.strategy("gs"));
  }

  /**
   * A directory whose name has non-ASCII characters (and a space and a percent sign), given as a
   * plain path the way {@code --out} passes it: every publish used to fail with "Bad escape"
   * (java.nio refuses the unquoted non-ASCII URI that Hadoop makes of it).
   */
  @Test
  void publishesUnderANonAsciiDirectory(@TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path local = dir.resolve("ünï côté 100%/trials");
    Path target = new Path(local.toString(), "t.parquet");
    Publisher p = new Publisher();
    assertTrue(p.publish(target, Publisher.IfPresent.KEEP, "first".getBytes(StandardCharsets.UTF_8)));
    assertFalse(p.publish(target, Publisher.IfPresent.KEEP, "second".getBytes(StandardCharsets.UTF_8)));
    assertTrue(p.publish(target, Publisher.IfPresent.REPLACE, "third".getBytes(StandardCharsets.UTF_8)));
    assertEquals("third", Files.readString(local.resolve("t.parquet")));
    try (var files = Files.list(local)) {
      assertEquals(List.of(local.resolve("t.parquet")), files.toList(), "no temporary file left");
    }
  }

  /** The shape of the AWS SDK's service exception that S3A wraps: a public {@code statusCode()}. */
  public static final class StoreAnswer extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    StoreAnswer(int status) {
      super("the store answered " + status);
      this.status = status;
    }

    public int statusCode() {
      return status;
    }
  }

  /**
   * The store's HTTP status is found however deep S3A wrapped it (412: another publisher won;
   * 409: retry; 501: no conditional writes), and none in an exception without one.
   */
  @Test
  void theStoresAnswerIsFoundBehindTheConnectorsException() {
    assertEquals(412, Publisher.httpStatus(new java.io.IOException("close", new java.io.IOException("put", new StoreAnswer(412)))));
    assertEquals(501, Publisher.httpStatus(new StoreAnswer(501)));
    assertEquals(-1, Publisher.httpStatus(new java.io.IOException("disk full")));
    assertEquals(-1, Publisher.httpStatus(new java.io.IOException("close", new StoreAnswer(0))));
  }
}
