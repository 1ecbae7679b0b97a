package io.gansweep.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
}
