package io.gansweep.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/bin/nightly end to end on local[2] through deploy/bin/submit and the runtime jar, with a
 * webhook on 127.0.0.1 that this test starts for --notify: the first night (no earlier sweep)
 * passes and says so; the night after the spec was edited so that no configuration is comparable
 * fails (compare's exit 3) and notifies; a night whose sweep cannot run fails and notifies.
 * Before: both failing nights exited 0 ("first night?") and told no one.
 */
class NightlyIT {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Two short trials (loss nsgan, hinge) of one spec name; {@code lr_g} is the edit between nights. */
  static String spec(String lrG) {
    return "name: nightly-tiny\nreplicates: 1\nparameters:\n  steps: {value: 20}\n  hidden: {value: 8}\n  log_every: {value: 5}\n"
        + "  eval_every: {value: 10}\n  eval_samples: {value: 100}\n  lr_g: {value: " + lrG + "}\n  loss: {values: [nsgan, hinge]}\n"
        + "resources: {gpus_per_trial: 0, cpus_per_trial: 1}\n";
  }

  HttpServer server;
  final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", exchange -> {
      received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(204, -1);
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

  record Night(int status, String log) {}

  Night night(String date, Path spec, Path out, Path log, String... submitArgs) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("deploy/bin/nightly", spec.toString(), out.toString(), "--notify", url()));
    cmd.addAll(List.of(submitArgs));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("NIGHTLY_DATE", date);
    Process p = pb.start();
    assertTrue(p.waitFor(540, TimeUnit.SECONDS), "nightly did not finish:\n" + Files.readString(log));
    return new Night(p.exitValue(), Files.readString(log));
  }

  static Path summaryOf(Path out, String sweepPrefix) throws IOException {
    try (Stream<Path> dirs = Files.list(out.resolve("analysis"))) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("sweep_id=" + sweepPrefix)).findFirst().orElseThrow()
          .resolve("summary.md");
    }
  }

  @Test
  void aFirstNightPassesAndANightWithNothingComparableFailsAndNotifies(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("nightly");
    Path spec = Files.writeString(dir.resolve("nightly-tiny.yaml"), spec("1.0e-4"));
    String[] local = {"--master", "local[2]", "--conf", "spark.ui.showConsoleProgress=false"};

    Night first = night("2026-12-06", spec, out, dir.resolve("first.log"), local);
    assertEquals(0, first.status(), first.log());
    assertTrue(first.log().contains("no earlier sweep: nothing in " + out + " matches nightly-tiny-2026-12-05"), first.log());
    assertEquals(1, received.size(), received.toString());
    assertTrue(received.get(0).startsWith("{\"status\":\"no_earlier_sweep\",\"exit_code\":0,\"before\":\"nightly-tiny-2026-12-05\""),
        received.get(0));
    assertTrue(Files.readString(summaryOf(out, "nightly-tiny-2026-12-06")).contains("**no_earlier_sweep** (exit 0)"));

    Files.writeString(spec, spec("5.0e-4")); // the edit: every config_id changes
    Night edited = night("2026-12-07", spec, out, dir.resolve("edited.log"), local);
    assertEquals(3, edited.status(), edited.log());
    assertTrue(edited.log().contains(": no configuration in common (got 2 configurations only in A, 2 only in B, 0 in both;"), edited.log());
    assertEquals(2, received.size(), received.toString());
    assertTrue(received.get(1).startsWith("{\"status\":\"nothing_comparable\",\"exit_code\":3,\"before\":\"nightly-tiny-2026-12-06-"),
        received.get(1));
    assertTrue(received.get(1).contains("\"in_both\":0,\"only_before\":2,\"only_after\":2"), received.get(1));
    String md = Files.readString(summaryOf(out, "nightly-tiny-2026-12-07"));
    assertTrue(md.contains("**nothing_comparable** (exit 3): Cannot compare nightly-tiny-2026-12-06-"), md);
  }

  /** A sweep that cannot run (here: no --master for deploy/bin/submit) fails the night and is notified with curl. */
  @Test
  void aNightWhoseSweepFailsIsNotified(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl not installed");
    Path spec = Files.writeString(dir.resolve("nightly-tiny.yaml"), spec("1.0e-4"));
    Night failed = night("2026-12-08", spec, dir.resolve("nightly"), dir.resolve("failed.log"));
    assertEquals(2, failed.status(), failed.log());
    assertTrue(failed.log().contains("Cannot run nightly: tonight's sweep nightly-tiny-2026-12-08 failed (got exit status 2"), failed.log());
    assertEquals(List.of("{\"status\":\"run_failed\",\"exit_code\":2,\"before\":\"nightly-tiny-2026-12-07\",\"after\":\"nightly-tiny-2026-12-08\","
        + "\"message\":\"the sweep failed (exit 2 from deploy/bin/submit); nothing compared\",\"report\":null}"), received);
  }
}
