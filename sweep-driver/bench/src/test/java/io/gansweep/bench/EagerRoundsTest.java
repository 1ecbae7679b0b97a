package io.gansweep.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's side of {@code examples/torchscript/bench_round.py}: which Python runs it, and the
 * lines it answers. No timing is asserted; the one test that starts the script needs a Python with
 * torch ({@code GANSWEEP_PYTHON}) and is skipped without one.
 */
class EagerRoundsTest {

  private static final Path EXAMPLES = Path.of("..", "..", "examples", "torchscript").toAbsolutePath().normalize();

  @Test
  void theOptionWinsOverTheEnvironmentAndNoneOrBlankMeansNotMeasured() {
    Map<String, String> env = Map.of(EagerRounds.ENV, "/opt/venv/bin/python");
    assertEquals("/usr/bin/python3", EagerRounds.python("/usr/bin/python3", env));
    assertEquals("/opt/venv/bin/python", EagerRounds.python(null, env));
    assertNull(EagerRounds.python(null, Map.of()));
    assertNull(EagerRounds.python("none", env), "--python none skips eager even where the variable is set");
    assertNull(EagerRounds.python(null, Map.of(EagerRounds.ENV, "  ")));
  }

  @Test
  void readsTheGreetingAndRefusesAnythingElseInOneLine() {
    assertEquals(new EagerRounds.Ready("2.13.0+cpu", 1), EagerRounds.parseReady("ready torch 2.13.0+cpu threads 1\n"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> EagerRounds.parseReady("Traceback (most recent call last):"));
    assertTrue(e.getMessage().startsWith("Cannot time PyTorch eager: the child's first line is not its greeting (got \"Traceback"),
        e.getMessage());
    assertTrue(e.getMessage().contains("allowed \"ready torch <version> threads <n>\""), e.getMessage());
    assertThrows(IllegalStateException.class, () -> EagerRounds.parseReady("ready torch 2.13 threads many"));
  }

  @Test
  void readsAResultForTheRequestAndRefusesErrorsOtherRequestsAndBadTimes() {
    assertEquals(new EagerRounds.Reply("r1", 100, 7.25, 7.5), EagerRounds.parseResult("result r1 100 7.250000 7.500000", "r1", 100));
    IllegalStateException error = assertThrows(IllegalStateException.class,
        () -> EagerRounds.parseResult("error RuntimeException: boom", "none", 100));
    assertTrue(error.getMessage().startsWith("Cannot time PyTorch eager: the child failed at round none (got \"error RuntimeException: boom\""),
        error.getMessage());
    for (String bad : new String[] {"result none 100 7.2 7.5", "result r1 99 7.2 7.5", "result r1 100 0 7.5", "result r1 100 NaN 7.5",
        "result r1 100 7.2", "result r1 100 x 7.5"}) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> EagerRounds.parseResult(bad, "r1", 100), bad);
      assertTrue(e.getMessage().contains("allowed \"result r1 100 <median ms> <mean ms>\" with positive times"), e.getMessage());
      assertEquals(1, e.getMessage().lines().count());
    }
  }

  @Test
  void aLogsLastLineNamesWhyTheChildExited(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("eager.log");
    Files.writeString(log, "Traceback (most recent call last):\n  File \"x\", line 1\nModuleNotFoundError: No module named 'torch'\n\n",
        StandardCharsets.UTF_8);
    assertEquals(": ModuleNotFoundError: No module named 'torch'", EagerRounds.lastLine(log));
    assertEquals("", EagerRounds.lastLine(dir.resolve("absent.log")));
  }

  @Test
  void aProgramThatIsNotTheScriptsPythonIsRefusedInOneLine(@TempDir Path dir) {
    assumeTrue(Files.isExecutable(Path.of("/bin/echo")), "needs /bin/echo");
    // echo answers with its arguments instead of the greeting.
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> EagerRounds.start("/bin/echo", EXAMPLES, 256, dir.resolve("eager.log")));
    assertTrue(e.getMessage().contains("the child's first line is not its greeting"), e.getMessage());
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> EagerRounds.start(dir.resolve("no-python").toString(), EXAMPLES, 256, dir.resolve("eager.log")));
    assertTrue(missing.getMessage().startsWith("Cannot time PyTorch eager: " + dir.resolve("no-python") + " does not start (got "),
        missing.getMessage());
    assertEquals(1, missing.getMessage().lines().count());
  }

  /** The script itself, end to end (two rounds of each penalty), where a Python with torch is named. */
  @Test
  void theScriptAnswersEachRequestWithOneTrial(@TempDir Path dir) throws Exception {
    String python = EagerRounds.python(null, System.getenv());
    assumeTrue(python != null, EagerRounds.ENV + " names no Python with torch: the script is not run here");
    try (EagerRounds eager = EagerRounds.start(python, EXAMPLES, 16, dir.resolve("eager.log"))) {
      assertTrue(!eager.torch().isBlank());
      for (String penalty : TorchScriptBench.PENALTIES) {
        EagerRounds.Reply r = eager.round(penalty, 1, 2);
        assertEquals(penalty, r.penalty());
        assertEquals(2, r.rounds());
      }
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> eager.round("gp", 1, 2));
      assertTrue(e.getMessage().contains("the child failed at round gp"), e.getMessage());
    }
  }
}
