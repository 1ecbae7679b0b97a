package io.gansweep.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * First-wins publishing ({@link Publisher.IfPresent#KEEP}) under a race, on every store ({@link
 * Store}: local, a real HDFS, S3Proxy through S3A): two publishers of one name, released together,
 * never both win. On S3 this is S3A's conditional create (If-None-Match: *, answered by the store
 * at the upload's completion); the check-then-write it replaced let both win in most rounds
 * (docs/guide/stores.md).
 */
class PublisherStoresTest {

  /** Rounds per store: the check-then-write let both win in 39 of 40 rounds on S3 (2026-12-07), so 25 leave no doubt. */
  static final int ROUNDS = 25;

  @TempDir static java.nio.file.Path local;

  @AfterAll
  static void noSettings() {
    HadoopConf.use(HadoopConf.Settings.NONE);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void twoRacingFirstPublishersNeverBothWin(Store store) throws Exception {
    HadoopConf.use(store.settings());
    String out = store.root(local, "race");
    Publisher publisher = new Publisher(HadoopConf.create());
    if (store == Store.S3) {
      Path probe = new Path(out, "probe");
      assertTrue(probe.getFileSystem(HadoopConf.create()).hasPathCapability(probe, Publisher.CREATE_IF_ABSENT),
          "S3A offers the conditional create (hadoop-aws 3.4.2+)");
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<String> bothWon = new ArrayList<>();
    List<String> noneWon = new ArrayList<>();
    List<String> wrongContent = new ArrayList<>();
    try {
      for (int round = 0; round < ROUNDS; round++) {
        Path target = new Path(out, "sweeps/s/trials/row-" + round + ".parquet");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> won = new ArrayList<>();
        for (String who : List.of("A", "B")) {
          byte[] content = (who + " round " + round).getBytes(StandardCharsets.UTF_8);
          won.add(pool.submit(() -> {
            start.await();
            return publisher.publish(target, Publisher.IfPresent.KEEP, content);
          }));
        }
        start.countDown();
        boolean a = won.get(0).get();
        boolean b = won.get(1).get();
        if (a && b) {
          bothWon.add("round " + round);
        } else if (!a && !b) {
          noneWon.add("round " + round);
        } else {
          String expected = (a ? "A" : "B") + " round " + round;
          FileSystem fs = target.getFileSystem(HadoopConf.create());
          try (var in = fs.open(target)) {
            String got = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!got.equals(expected)) {
              wrongContent.add("round " + round + ": " + got + " (winner " + expected + ")");
            }
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of(), bothWon, "rounds where both publishers were told they won, of " + ROUNDS);
    assertEquals(List.of(), noneWon, "rounds where neither won, of " + ROUNDS);
    assertEquals(List.of(), wrongContent, "rounds whose object is not the winner's content, of " + ROUNDS);
  }

  /**
   * S3 with the conditional create turned off ({@code fs.s3a.create.conditional.enabled=false},
   * S3A's switch for stores without conditional writes): the file system no longer offers the
   * capability and {@code KEEP} checks, then writes; a second publisher after the first still
   * finds the first file and leaves it.
   */
  @Test
  void withoutConditionalCreateTheFirstStillWinsOnS3() throws Exception {
    Map<String, String> settings = new LinkedHashMap<>(Store.S3.settings().values());
    settings.put("fs.s3a.create.conditional.enabled", "false");
    settings.put("fs.s3a.impl.disable.cache", "true"); // a file system built with this setting, not the cached one
    HadoopConf.use(new HadoopConf.Settings(settings));
    Path target = new Path(Store.S3.root(local, "unconditional"), "sweeps/s/lease");
    FileSystem fs = target.getFileSystem(HadoopConf.create());
    try {
      assertFalse(fs.hasPathCapability(target, Publisher.CREATE_IF_ABSENT), "the switch turns the capability off");
      Publisher publisher = new Publisher(HadoopConf.create());
      assertTrue(publisher.publish(target, Publisher.IfPresent.KEEP, "first".getBytes(StandardCharsets.UTF_8)));
      assertFalse(publisher.publish(target, Publisher.IfPresent.KEEP, "second".getBytes(StandardCharsets.UTF_8)));
      try (var in = fs.open(target)) {
        assertEquals("first", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } finally {
      fs.close();
    }
  }
}
