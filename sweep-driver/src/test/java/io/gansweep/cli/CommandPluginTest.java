package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The runtime without plug-ins, as sweep-driver's own class path is (the bench and its {@link
 * CommandPlugin} are in sweep-driver/bench, whose tests cover the other side): no bench classes, no
 * {@code bench} command, and a usage text that says where it is.
 */
class CommandPluginTest {

  @Test
  void theRuntimeHasNoBenchAndSaysWhereItIs() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.gansweep.cli.BenchCommand"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.gansweep.bench.ComputeFloor"));
    CommandLine cli = Gansweep.commandLine();
    assertFalse(cli.getSubcommands().containsKey(Gansweep.BENCH), cli.getSubcommands().keySet().toString());
    assertEquals("help", java.util.List.copyOf(cli.getSubcommands().keySet()).get(cli.getSubcommands().size() - 1));
    assertTrue(cli.getUsageMessage(CommandLine.Help.Ansi.OFF).contains("'bench', is a module of its own (sweep-driver/bench)"));
    GansweepTest.Result r = GansweepTest.run("bench", "--sections", "1");
    assertEquals(Gansweep.EXIT_INVALID, r.status());
    assertTrue(r.err().startsWith("Cannot start gansweep: unknown command (got bench --sections 1; allowed validate,"), r.err());
  }
}
