package io.gansweep.report;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Posts a JSON document to a webhook URL (a chat incoming webhook, an alerting endpoint). */
public final class Notifier {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Notifier() {}

  /** Why {@code url} cannot be posted to, or empty when it can: an absolute http or https URL with a host. */
  public static Optional<String> invalid(String url) {
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
        return Optional.empty();
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    return Optional.of("Cannot use --notify: not an http(s) URL (got " + url + "; allowed http://HOST[:PORT]/PATH or https://…)");
  }

  /** POSTs {@code json} (Content-Type application/json); fails, with a "Cannot notify" message, unless the answer is 2xx. */
  public static void post(String url, String json) throws IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException("Cannot notify " + url + ": the post failed (got " + e + "; allowed a server that answers within "
          + TIMEOUT.toSeconds() + " s)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Cannot notify " + url + ": interrupted (got InterruptedException; allowed an answer within " + TIMEOUT.toSeconds() + " s)", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException("Cannot notify " + url + ": the server refused the summary (got HTTP " + response.statusCode()
          + "; allowed 2xx)");
    }
  }
}
