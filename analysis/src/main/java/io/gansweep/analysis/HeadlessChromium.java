package io.gansweep.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code chromium}, headless, driven over the Chrome DevTools Protocol (a WebSocket, the
 * JDK's client): opens a page, evaluates script in it, clicks, takes screenshots and records every
 * console error and uncaught exception. The report's test and the bench's render section read
 * report.html through it. Chromium runs without network access to anything but the page's files.
 */
public final class HeadlessChromium implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
  private final List<String> console = Collections.synchronizedList(new ArrayList<>());
  private final List<CompletableFuture<Void>> loads = Collections.synchronizedList(new ArrayList<>());
  private String session;

  /** The chromium binary: {@code $GANSWEEP_CHROMIUM}, {@code /usr/bin/chromium}, or none. */
  public static Optional<Path> executable() {
    String env = System.getenv("GANSWEEP_CHROMIUM");
    for (String p : env == null ? List.of("/usr/bin/chromium", "/usr/bin/chromium-browser") : List.of(env)) {
      if (Files.isExecutable(Path.of(p))) {
        return Optional.of(Path.of(p));
      }
    }
    return Optional.empty();
  }

  /** Starts chromium at {@code exe} with a page of the given size, ready for {@link #open}. */
  public static HeadlessChromium start(Path exe, int width, int height) throws IOException {
    Path profile = Files.createTempDirectory("gansweep-chromium");
    List<String> cmd = List.of(exe.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run", "--no-default-browser-check",
        "--hide-scrollbars", "--mute-audio", "--user-data-dir=" + profile, "--remote-debugging-port=0",
        "--window-size=" + width + "," + height, "about:blank");
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        for (String line; (line = err.readLine()) != null; ) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          }
        }
        url.completeExceptionally(new IOException("chromium exited before it listened"));
      } catch (IOException e) {
        url.completeExceptionally(e);
      }
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      return new HeadlessChromium(p, profile, url.get(60, TimeUnit.SECONDS), width, height);
    } catch (Exception e) {
      p.destroyForcibly();
      deleteTree(profile);
      throw new IOException("Cannot start chromium: " + e.getMessage() + " (got " + exe + "; allowed a chromium that serves DevTools)", e);
    }
  }

  private HeadlessChromium(Process process, Path profile, String browserUrl, int width, int height) throws Exception {
    this.process = process;
    this.profile = profile;
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(browserUrl), new Listener()).get(30, TimeUnit.SECONDS);
    String target = call("Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
    session = call("Target.attachToTarget", Map.of("targetId", target, "flatten", true)).get("sessionId").asText();
    call("Runtime.enable", Map.of());
    call("Log.enable", Map.of());
    call("Page.enable", Map.of());
    call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
  }

  /** Opens a file and waits for its load event. */
  public void open(Path file) throws IOException {
    CompletableFuture<Void> loaded = new CompletableFuture<>();
    loads.add(loaded);
    call("Page.navigate", Map.of("url", file.toAbsolutePath().toUri().toString()));
    try {
      loaded.get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("Cannot open " + file + " in chromium: no load event (got " + e + "; allowed a page that loads in 120 s)", e);
    }
  }

  /** The value of a script expression in the page, awaiting it when it is a promise (JSON-serialisable values only). */
  public JsonNode eval(String expression) throws IOException {
    JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true, "returnByValue", true));
    if (r.has("exceptionDetails")) {
      JsonNode d = r.get("exceptionDetails");
      throw new IOException("Cannot evaluate " + expression + ": " + (d.has("exception") ? d.get("exception").path("description").asText()
          : d.path("text").asText()));
    }
    return r.path("result").path("value");
  }

  /** A real mouse click (press and release) at the centre of the first element matching {@code selector}, scrolled into view. */
  public void click(String selector) throws IOException {
    JsonNode at = eval("(function(){var e=document.querySelector(" + JSON.valueToTree(selector) + ");if(!e)return null;"
        + "e.scrollIntoView({block:'center'});var r=e.getBoundingClientRect();return {x:r.left+r.width/2,y:r.top+r.height/2};})()");
    if (at.isNull() || at.isMissingNode()) {
      throw new IOException("Cannot click " + selector + ": no such element (got none; allowed a selector of the page)");
    }
    for (String type : List.of("mouseMoved", "mousePressed", "mouseReleased")) {
      call("Input.dispatchMouseEvent", Map.of("type", type, "x", at.get("x").asDouble(), "y", at.get("y").asDouble(), "button", "left",
          "clickCount", 1));
    }
  }

  /** A PNG of the page from its top, the window's width wide and at most {@code maxHeight} high. */
  public byte[] screenshot(int maxHeight) throws IOException {
    JsonNode size = call("Page.getLayoutMetrics", Map.of()).path("cssContentSize");
    Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.path("width").asDouble(), "height",
        Math.min(maxHeight, size.path("height").asDouble()), "scale", 1);
    JsonNode r = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    return Base64.getDecoder().decode(r.get("data").asText());
  }

  /**
   * The page's performance counters (Chrome DevTools' {@code Performance.getMetrics}: {@code
   * TaskDuration}, {@code ScriptDuration}, {@code ThreadTime} in seconds, …), counted since this
   * browser started measuring them, which the first call does.
   */
  public Map<String, Double> metrics() throws IOException {
    if (!measuring) {
      call("Performance.enable", Map.of());
      measuring = true;
    }
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    call("Performance.getMetrics", Map.of()).path("metrics").forEach(m -> out.put(m.path("name").asText(), m.path("value").asDouble()));
    return out;
  }

  private boolean measuring;

  /** Console errors, uncaught exceptions and error log entries so far. */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  /** Every console message so far, as "type: text". */
  public List<String> console() {
    return List.copyOf(console);
  }

  private JsonNode call(String method, Map<String, Object> params) throws IOException {
    int id = ids.incrementAndGet();
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", JSON.valueToTree(params));
    if (session != null) {
      msg.put("sessionId", session);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    synchronized (this) {
      socket.sendText(msg.toString(), true).join();
    }
    try {
      JsonNode r = reply.get(180, TimeUnit.SECONDS);
      if (r.has("error")) {
        throw new IOException("Cannot " + method + ": " + r.get("error").path("message").asText());
      }
      return r.path("result");
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("Cannot " + method + ": no answer from chromium (got " + e + "; allowed an answer in 180 s)", e);
    } finally {
      pending.remove(id);
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder part = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      part.append(data);
      if (last) {
        String text = part.toString();
        part.setLength(0);
        try {
          handle(JSON.readTree(text));
        } catch (IOException e) {
          errors.add("unreadable DevTools message: " + e.getMessage());
        }
      }
      ws.request(1);
      return null;
    }
  }

  private void handle(JsonNode m) {
    if (m.has("id")) {
      CompletableFuture<JsonNode> f = pending.get(m.get("id").asInt());
      if (f != null) {
        f.complete(m);
      }
      return;
    }
    String method = m.path("method").asText();
    JsonNode p = m.path("params");
    switch (method) {
      case "Page.loadEventFired" -> {
        synchronized (loads) {
          loads.forEach(f -> f.complete(null));
          loads.clear();
        }
      }
      case "Runtime.consoleAPICalled" -> {
        StringBuilder text = new StringBuilder();
        p.path("args").forEach(a -> text.append(text.length() == 0 ? "" : " ")
            .append(a.has("value") ? a.get("value").asText() : a.path("description").asText()));
        String type = p.path("type").asText();
        console.add(type + ": " + text);
        if (type.equals("error") || type.equals("assert")) {
          errors.add("console." + type + ": " + text);
        }
      }
      case "Runtime.exceptionThrown" -> {
        JsonNode d = p.path("exceptionDetails");
        errors.add("exception: " + d.path("text").asText() + " " + d.path("exception").path("description").asText());
      }
      case "Log.entryAdded" -> {
        if (p.path("entry").path("level").asText().equals("error")) {
          errors.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
        }
      }
      default -> { }
    }
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteTree(profile);
  }

  private static void deleteTree(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary profile left behind
    }
  }
}
