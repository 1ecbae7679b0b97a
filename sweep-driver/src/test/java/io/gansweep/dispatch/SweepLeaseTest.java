package io.gansweep.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.io.Compaction;
import io.gansweep.io.LeaseFence;
import io.gansweep.io.TrialStore;
import io.gansweep.train.TrialRunner;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialResult;
import io.gansweep.trial.TrialTask;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepLeaseTest {

  private static Map<String, String> read(String out) throws Exception {
    org.apache.hadoop.fs.Path file = SweepLease.path(out, "s-1");
    return SweepLease.read(FileSystem.get(file.toUri(), new Configuration()), file);
  }

  /** A live lease refuses a second run with one line naming its owner; closing it frees the sweep. */
  @Test
  void aSecondRunIsRefusedWhileTheFirstHoldsTheLease(@TempDir Path dir) throws Exception {
    String out = dir.toString();
    SweepLease first = SweepLease.acquire(out, "s-1");
    Map<String, String> held = read(out);
    assertEquals(first.owner(), held.get("owner"));
    assertTrue(held.get("owner").matches(".+/" + ProcessHandle.current().pid()), held.toString());
    assertTrue(held.containsKey("started_at") && held.containsKey("heartbeat_at"), held.toString());
    SweepLease.HeldException e = assertThrows(SweepLease.HeldException.class, () -> SweepLease.acquire(out, "s-1"));
    assertEquals(1, e.getMessage().lines().count());
    assertTrue(e.getMessage().startsWith("Cannot run sweep s-1: another run holds its lease in " + out + " (got owner " + first.owner()),
        e.getMessage());
    first.close();
    assertFalse(Files.exists(dir.resolve("sweeps/s-1/lease")), "released");
    SweepLease.acquire(out, "s-1").close();
  }

  /** The lease of a crashed run (no heartbeat for longer than the timeout) is taken over, never blocking a resume. */
  @Test
  void aStaleLeaseIsTakenOver(@TempDir Path dir) throws Exception {
    Path file = Files.createDirectories(dir.resolve("sweeps/s-1")).resolve("lease");
    Instant old = Instant.now().minus(SweepLease.STALE_AFTER).minusSeconds(5);
    Files.writeString(file, "owner: crashed-host/4242\ntoken: t\nstarted_at: " + old + "\nheartbeat_at: " + old + "\n");
    try (SweepLease lease = SweepLease.acquire(dir.toString(), "s-1")) {
      assertTrue(lease.tookOverFrom().startsWith("crashed-host/4242 (last heartbeat "), lease.tookOverFrom());
      assertEquals(lease.owner(), read(dir.toString()).get("owner"));
    }
    Files.writeString(file, "not a lease\n"); // unreadable heartbeat: stale
    SweepLease.acquire(dir.toString(), "s-1").close();
  }

  /** A run killed on this host (its pid gone) frees the sweep at once, heartbeat or not: kill, then resume. */
  @Test
  void aFreshLeaseOfADeadProcessOnThisHostIsTakenOverAtOnce(@TempDir Path dir) throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    String host = java.net.InetAddress.getLocalHost().getHostName();
    Path file = Files.createDirectories(dir.resolve("sweeps/s-1")).resolve("lease");
    Instant now = Instant.now();
    Files.writeString(file, "owner: " + host + "/" + gone.pid() + "\ntoken: t\nstarted_at: " + now + "\nheartbeat_at: " + now + "\n");
    try (SweepLease lease = SweepLease.acquire(dir.toString(), "s-1")) {
      assertTrue(lease.tookOverFrom().startsWith(host + "/" + gone.pid()), lease.tookOverFrom());
    }
    assertFalse(SweepLease.deadOnThisHost("other-host/" + gone.pid()), "another host's process is not judged from here");
    assertFalse(SweepLease.deadOnThisHost(host + "/" + ProcessHandle.current().pid()));
  }

  /** The running driver refreshes its heartbeat, so a long run's lease never goes stale. */
  @Test
  void theHeartbeatIsRefreshed(@TempDir Path dir) throws Exception {
    try (SweepLease lease = SweepLease.acquire(dir.toString(), "s-1", Duration.ofMillis(100), Duration.ofSeconds(60))) {
      String before = read(dir.toString()).get("heartbeat_at");
      long until = System.nanoTime() + 10_000_000_000L;
      String after = before;
      while (after.equals(before) && System.nanoTime() < until) {
        Thread.sleep(50);
        Map<String, String> now = read(dir.toString());
        after = now == null ? before : now.get("heartbeat_at");
      }
      assertNotEquals(before, after, "heartbeat refreshed");
      assertEquals(lease.owner(), read(dir.toString()).get("owner"));
    }
    assertNull(read(dir.toString()));
  }

  /** Every file under {@code dir}, relative, sorted. */
  private static List<String> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  /**
   * Issue 27, item 3: run A holds generation 1; its heartbeat stops (a pause), run B takes the
   * stale lease over (generation 2). A's next commit of a trial, its compaction and its clean-up
   * are refused with one line naming B and both generations, and leave no file; B commits; A's
   * heartbeat finds the loss and stops the run; closing A leaves B's lease in place.
   */
  @Test
  void aWriterWhoseLeaseWasTakenOverCommitsNothing(@TempDir Path dir) throws Exception {
    String out = dir.toString();
    Map<Hyperparameter<?>, Object> tiny = Map.of(Hyperparameter.STEPS, 20, Hyperparameter.HIDDEN, 8, Hyperparameter.LOG_EVERY, 10,
        Hyperparameter.EVAL_EVERY, 20, Hyperparameter.EVAL_SAMPLES, 100);
    TrialResult first = TrialRunner.run(new TrialTask("s-1", 0, TrialConfig.of(tiny, 0), 0, "cpu", 1, null));
    TrialConfig c = TrialConfig.of(tiny, 1);
    TrialResult result = TrialRunner.run(new TrialTask("s-1", 1, c, 0, "cpu", 1, null));
    SweepLease a = SweepLease.acquire(out, "s-1", Duration.ofHours(1), SweepLease.STALE_AFTER); // its heartbeat never comes: a pause
    AtomicInteger stopped = new AtomicInteger();
    a.onLost(stopped::incrementAndGet);
    assertEquals(1, a.generation());
    new TrialStore(out).fencedBy(a.fence()).commit(first); // A's commits pass while the lease is A's
    assertEquals(java.util.Set.of(first.summary().task().config().trialId()), new TrialStore(out).committedTrialIds("s-1"));

    Thread.sleep(5);
    SweepLease b = SweepLease.acquire(out, "s-1", Duration.ofHours(1), Duration.ZERO); // B judges A's heartbeat stale at once
    try {
      assertEquals(2, b.generation());
      assertTrue(b.tookOverFrom().startsWith(a.owner() + " (last heartbeat "), b.tookOverFrom());
      assertEquals("2", read(out).get("generation"));
      List<String> before = files(dir);

      String taken = "the lease of sweep s-1 was taken by " + b.owner() + " (got generation 2; allowed 1)";
      LeaseFence.FencedException e = assertThrows(LeaseFence.FencedException.class,
          () -> new TrialStore(out).fencedBy(a.fence()).commit(result));
      assertEquals("Cannot commit trial " + c.trialId() + ": " + taken, e.getMessage());
      e = assertThrows(LeaseFence.FencedException.class, () -> new Compaction(out).fencedBy(a.fence()).compact("s-1"));
      assertEquals("Cannot compact sweep s-1: " + taken, e.getMessage());
      e = assertThrows(LeaseFence.FencedException.class, () -> SparkSweep.prepare(out, "s-1", a.fence(), new PrintWriter(new StringWriter())));
      assertTrue(e.getMessage().endsWith(": " + taken), e.getMessage());
      assertEquals(before, files(dir), "a refused writer leaves no row, marker or folder");

      assertEquals(0, stopped.get());
      a.beat(); // A resumes: its heartbeat finds B's lease and stops the run instead of refreshing over B's
      assertTrue(a.lost());
      assertEquals(1, stopped.get(), "the run's listener (cancel its Spark jobs) ran once");
      assertEquals(b.owner(), read(out).get("owner"), "A's heartbeat did not write over B's lease");
      AtomicInteger late = new AtomicInteger();
      a.onLost(late::incrementAndGet);
      assertEquals(1, late.get(), "a listener added after the loss runs at once");
      a.close();
      assertEquals(b.owner(), read(out).get("owner"), "closing A leaves B's lease");

      new TrialStore(out).fencedBy(b.fence()).commit(result); // the new holder commits
      assertTrue(new TrialStore(out).committedTrialIds("s-1").contains(c.trialId()));
    } finally {
      b.close();
    }
    assertNull(read(out));
  }
}
