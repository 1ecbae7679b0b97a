package io.gansweep.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fencing token every commit checks: what passes, and the one line of each refusal. */
class LeaseFenceTest {

  private static Path lease(Path dir, String owner, String token, long generation) throws Exception {
    Path file = Files.createDirectories(dir.resolve("sweeps/s-1")).resolve("lease");
    Files.writeString(file, "# gansweep run lease\nowner: " + owner + "\ntoken: " + token + "\ngeneration: " + generation + "\n");
    return file;
  }

  @Test
  void theHoldersOwnLeasePassesAndAnotherRunsIsRefusedInOneLine(@TempDir Path dir) throws Exception {
    Path file = lease(dir, "host-a/1", "token-a", 1);
    LeaseFence a = new LeaseFence(file.toString(), "s-1", "host-a/1", "token-a", 1);
    a.check("commit trial t-s0");

    lease(dir, "host-b/2", "token-b", 2); // run B took the sweep over
    LeaseFence.FencedException e = assertThrows(LeaseFence.FencedException.class, () -> a.check("commit trial t-s0"));
    assertEquals("Cannot commit trial t-s0: the lease of sweep s-1 was taken by host-b/2 (got generation 2; allowed 1)", e.getMessage());

    lease(dir, "host-b/2", "token-b", 1); // a new run after a release starts at 1 again: the token still tells the holders apart
    assertThrows(LeaseFence.FencedException.class, () -> a.check("commit trial t-s0"));
  }

  @Test
  void aLeaseReleasedByTheRunThatTookItOverIsRefusedToo(@TempDir Path dir) throws Exception {
    Path file = lease(dir, "host-a/1", "token-a", 1);
    LeaseFence a = new LeaseFence(file.toString(), "s-1", "host-a/1", "token-a", 1);
    Files.delete(file);
    long t0 = System.nanoTime();
    LeaseFence.FencedException e = assertThrows(LeaseFence.FencedException.class, () -> a.check("compact sweep s-1"));
    assertTrue((System.nanoTime() - t0) / 1_000_000 >= LeaseFence.ABSENT_RETRY_MS, "an absent lease is read twice");
    assertTrue(e.getMessage().startsWith("Cannot compact sweep s-1: the lease of sweep s-1 was released by a run that took it over (got no"
        + " lease at " + file + "; allowed generation 1 of host-a/1)"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  /** It travels with every Spark task, through Java serialization (the closure serializer). */
  @Test
  void itSurvivesJavaSerialization() throws Exception {
    LeaseFence f = new LeaseFence("hdfs://nn/out/sweeps/s-1/lease", "s-1", "h/1", "t", 3);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
      o.writeObject(f);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(f, in.readObject());
    }
  }

  @Test
  void aLeaseWithoutAGenerationCountsAsZero() {
    assertEquals(0, LeaseFence.generationOf(Map.of("owner", "old/1")));
    assertEquals(0, LeaseFence.generationOf(Map.of("generation", "x")));
    assertEquals(7, LeaseFence.generationOf(Map.of("generation", "7")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LeaseFence("f", "s-1", "h/1", "t", 0));
    assertEquals("Cannot build the fence of sweep s-1: generation below 1 (got 0; allowed 1 or more)", e.getMessage());
  }
}
