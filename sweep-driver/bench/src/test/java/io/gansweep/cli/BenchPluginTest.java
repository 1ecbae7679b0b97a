package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * This module's jar on the class path adds {@code bench} to the command line ({@link BenchPlugin},
 * found through {@code META-INF/services}), as {@code bin/gansweep bench} runs it; sweep-driver's
 * CommandPluginTest covers the runtime without it.
 */
class BenchPluginTest {

  @Test
  void theBenchJarAddsBenchBeforeHelpAndDropsTheNote() {
    CommandLine cli = Gansweep.commandLine();
    List<String> names = List.copyOf(cli.getSubcommands().keySet());
    assertEquals(List.of("validate", "plan", "trial", "run", "analyze", "status", "compact", "compare", Gansweep.BENCH, "help"), names);
    assertFalse(cli.getUsageMessage(CommandLine.Help.Ansi.OFF).contains("not in this jar"), "the note for a runtime without the bench");
  }

  /** As GansweepTest.everySubcommandHasHelp holds the runtime's commands to it. */
  @Test
  void benchHasHelpAndIsDocumented() throws Exception {
    GansweepTest.Result r = GansweepTest.run(Gansweep.BENCH, "--help");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("Usage: gansweep bench"), r.out());
    assertFalse(r.out().matches("(?s).*[a-z_]\\.\\R\\s*(parquet|csv|html|yaml|json)\\b.*"), r.out());
    GansweepTest.Result help = GansweepTest.run("help", Gansweep.BENCH);
    assertEquals(r.out(), help.out());
    String top = GansweepTest.run("--help").out();
    assertTrue(top.contains("\n  bench     Benchmark gansweep against this machine's limits.\n"), top);
    String guide = Files.readString(ReferenceDocs.repoRoot().resolve("docs/guide/command-line.md"));
    assertTrue(guide.contains("`gansweep bench "), "docs/guide/command-line.md documents bench");
  }
}
