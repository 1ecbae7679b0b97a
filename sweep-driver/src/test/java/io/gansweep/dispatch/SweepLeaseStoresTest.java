package io.gansweep.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.io.HadoopConf;
import io.gansweep.io.LeaseFence;
import io.gansweep.io.Store;
import io.gansweep.io.TrialStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sweep's lease on every store a run writes to ({@link Store}: local, a real HDFS, a real S3
 * API): one holder at a time, a stale lease taken over with the next generation, the old holder's
 * commits refused by the fence and its heartbeat finding the loss, the lease gone on release.
 */
class SweepLeaseStoresTest {

  @TempDir static Path local;

  @AfterAll
  static void noSettings() {
    HadoopConf.use(HadoopConf.Settings.NONE);
  }

  private static Map<String, String> read(String out) throws Exception {
    org.apache.hadoop.fs.Path file = SweepLease.path(out, "s-1");
    return SweepLease.read(FileSystem.get(file.toUri(), HadoopConf.create()), file);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void oneHolderAtATimeAndATakeoverFencesTheOld(Store store) throws Exception {
    HadoopConf.use(store.settings()); // what a run's --conf spark.hadoop.* does
    String out = store.root(local, "lease");
    SweepLease a = SweepLease.acquire(out, "s-1", Duration.ofHours(1), SweepLease.STALE_AFTER); // no heartbeat: a pause
    assertEquals(1, a.generation());
    assertEquals(a.owner(), read(out).get("owner"));
    SweepLease.HeldException held = assertThrows(SweepLease.HeldException.class, () -> SweepLease.acquire(out, "s-1"));
    assertTrue(held.getMessage().startsWith("Cannot run sweep s-1: another run holds its lease in " + out + " (got owner " + a.owner()),
        held.getMessage());

    SweepLease b = SweepLease.acquire(out, "s-1", Duration.ofHours(1), Duration.ZERO); // B judges A's heartbeat stale at once
    try {
      assertEquals(2, b.generation());
      assertEquals("2", read(out).get("generation"));
      LeaseFence.FencedException e = assertThrows(LeaseFence.FencedException.class,
          () -> new TrialStore(out).fencedBy(a.fence()).markFailed("s-1", "0123456789abcdef-s0"));
      assertEquals("Cannot mark trial 0123456789abcdef-s0 FAILED: the lease of sweep s-1 was taken by " + b.owner()
          + " (got generation 2; allowed 1)", e.getMessage());
      a.beat();
      assertTrue(a.lost(), "A's heartbeat finds B's lease");
      assertEquals(b.owner(), read(out).get("owner"), "and does not write over it");
      a.close();
      assertEquals(b.owner(), read(out).get("owner"), "closing A leaves B's lease");
      new TrialStore(out).fencedBy(b.fence()).markFailed("s-1", "0123456789abcdef-s0"); // the holder writes
    } finally {
      b.close();
    }
    assertNull(read(out), "released");
    SweepLease.acquire(out, "s-1").close();
  }
}
