package io.gansweep.cli;

import static io.gansweep.cli.GansweepTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.gansweep.cli.GansweepTest.Result;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compare's outcomes and exit codes (0 ok, 1 regression or failure, 2 invalid input, 3 nothing
 * comparable), the summary.md it writes beside the later sweep's report, and the JSON it posts to
 * a --notify URL: a local HTTP server this test starts receives it.
 */
class CompareCommandTest {

  static final String TINY = "src/test/resources/specs/valid/tiny.yaml"; // index 0 and 1 differ in loss

  /** A webhook on 127.0.0.1: records every body; answers {@link #status}. */
  HttpServer server;
  final List<String> received = new CopyOnWriteArrayList<>();
  volatile int status = 204;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", exchange -> {
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      received.add(exchange.getRequestMethod() + " " + type + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  static String trial(int index, Path out) {
    Result r = run("trial", TINY, "--index", Integer.toString(index), "--out", out.toString());
    assertEquals(0, r.status(), r.err() + r.out());
    return r.out().lines().findFirst().orElseThrow().replaceAll(".* of (.*): .*", "$1");
  }

  static Path analysisDir(Path out, String sweep) {
    return out.resolve("analysis/sweep_id=" + sweep);
  }

  /**
   * The night after a spec edit: no configuration in common. Exit 3, one line saying why, the
   * summary beside B's report and the notification both say nothing_comparable.
   */
  @Test
  void nothingComparableExitsThreeWritesTheSummaryAndNotifies(@TempDir Path dir) throws Exception {
    String sweep = trial(0, dir.resolve("a"));
    trial(1, dir.resolve("b"));
    Result r = run("compare", dir.resolve("a").toString(), dir.resolve("b").toString(), "--fail-on-regression", "--summary",
        "--notify", url());
    assertEquals(Gansweep.EXIT_NOTHING_COMPARABLE, r.status(), r.err() + r.out());
    assertEquals(3, r.status());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains(": no configuration in common (got 1 configurations only in A, 1 only in B, 0 in both;"), r.err());
    assertEquals(1, received.size(), received.toString());
    String json = received.get(0);
    assertTrue(json.startsWith("POST application/json; charset=utf-8 {\"status\":\"nothing_comparable\",\"exit_code\":3,\"before\":\""
        + sweep + "\",\"after\":\"" + sweep + "\",\"message\":\"Cannot compare "), json);
    assertTrue(json.contains("\"in_both\":0,\"only_before\":1,\"only_after\":1,\"counts\":{\"new_failure\":0,"), json);
    assertTrue(json.contains("\"report\":\"" + analysisDir(dir.resolve("b"), sweep).toUri().getPath().replaceAll("/$", "")), json);
    String md = Files.readString(analysisDir(dir.resolve("b"), sweep).resolve("summary.md"));
    assertTrue(md.startsWith("# gansweep compare: " + sweep + " \u2192 " + sweep + "\n\n**nothing_comparable** (exit 3): Cannot compare"), md);
    assertTrue(md.contains("0 configurations in both, 1 only before, 1 only after."), md);
    assertTrue(!Files.exists(analysisDir(dir.resolve("a"), sweep).resolve("summary.md")), "only beside B's report");
  }

  /**
   * With --dir, a missing earlier sweep is a first night only when asked (exit 0, status
   * no_earlier_sweep); otherwise invalid input (exit 2), notified too. A compare of one
   * configuration with itself is ok; a notification the server refuses fails an ok compare (exit 1).
   */
  @Test
  void aMissingEarlierSweepIsAFirstNightOnlyWhenAskedAndARefusedNotificationFails(@TempDir Path dir) throws Exception {
    String sweep = trial(0, dir.resolve("out"));
    Result first = run("compare", "tiny-2026-12-06", sweep, "--dir", dir.resolve("out").toString(), "--allow-missing-before", "--summary",
        "--notify", url());
    assertEquals(0, first.status(), first.err() + first.out());
    assertTrue(first.out().contains("no earlier sweep: nothing in " + dir.resolve("out") + " matches tiny-2026-12-06"), first.out());
    assertTrue(received.get(0).contains("{\"status\":\"no_earlier_sweep\",\"exit_code\":0,\"before\":\"tiny-2026-12-06\""), received.get(0));
    assertTrue(Files.readString(analysisDir(dir.resolve("out"), sweep).resolve("summary.md")).contains("**no_earlier_sweep** (exit 0)"));

    Result invalid = run("compare", "tiny-2026-12-06", sweep, "--dir", dir.resolve("out").toString(), "--notify", url());
    assertEquals(2, invalid.status(), invalid.err());
    assertTrue(invalid.err().startsWith("Cannot find sweep: 0 sweeps in "), invalid.err());
    assertTrue(received.get(1).contains("{\"status\":\"invalid_input\",\"exit_code\":2,"), received.get(1));

    trial(0, dir.resolve("again"));
    status = 500;
    Result refused = run("compare", dir.resolve("out").toString(), dir.resolve("again").toString(), "--fail-on-regression",
        "--notify", url());
    assertEquals(1, refused.status(), refused.err() + refused.out());
    assertTrue(refused.out().contains("1 configurations in both"), refused.out());
    assertTrue(refused.err().startsWith("Cannot notify " + url() + ": the server refused the summary (got HTTP 500; allowed 2xx)"),
        refused.err());
    assertTrue(received.get(2).contains("{\"status\":\"ok\",\"exit_code\":0,"), received.get(2));
    assertTrue(received.get(2).contains("\"counts\":{\"new_failure\":0,\"regressed\":0,\"fixed\":0,\"improved\":0,\"unchanged\":1}"),
        received.get(2));
  }

  /** A --notify that is not an http(s) URL is invalid input, refused before anything runs. */
  @Test
  void aNotifyUrlThatIsNotHttpIsRefused(@TempDir Path dir) {
    Result r = run("compare", dir.toString(), dir.toString(), "--notify", "ftp://example.org/x");
    assertEquals(2, r.status());
    assertEquals("Cannot use --notify: not an http(s) URL (got ftp://example.org/x; allowed http://HOST[:PORT]/PATH or https://…)",
        r.err().strip());
    assertTrue(received.isEmpty());
  }
}
