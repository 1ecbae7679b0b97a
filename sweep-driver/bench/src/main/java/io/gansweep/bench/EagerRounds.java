package io.gansweep.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PyTorch eager on the same TorchScript files (bench section 13): {@code bench_round.py} of
 * {@code examples/torchscript} in a child Python process started once, asked for one trial at a
 * time ({@code round <none|r1> <warmup> <rounds>} on its stdin, {@code result ...} back), so its
 * trials interleave with gansweep's in one run and never overlap them. Its stderr goes to a log
 * file; every failure is one line naming the Python, the request and that log.
 */
public final class EagerRounds implements AutoCloseable {

  /** The timing script, in the folder of the example files. */
  public static final String SCRIPT = "bench_round.py";

  /** The environment variable naming a Python with torch, where {@code --python} is not given. */
  public static final String ENV = "GANSWEEP_PYTHON";

  /** {@code --python none}: leave the eager figures unmeasured even where {@link #ENV} is set. */
  public static final String NONE = "none";

  /** The child's first line: the torch it imported and its intra-op threads. */
  public record Ready(String torch, int threads) {}

  /** One trial's answer: the median and mean ms of its {@code rounds} timed rounds. */
  public record Reply(String penalty, int rounds, double medianMs, double meanMs) {}

  private final String python;
  private final Process process;
  private final BufferedReader in;
  private final Writer out;
  private final Path log;
  private Ready ready;

  private EagerRounds(String python, Process process, Path log) {
    this.python = python;
    this.process = process;
    this.log = log;
    this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.out = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /**
   * The Python that times the eager figures: {@code option} ({@code --python}) if given, else
   * {@code env}'s {@link #ENV}; null where neither names one (blank counts as none) or the one
   * that counts says {@link #NONE}.
   */
  public static String python(String option, Map<String, String> env) {
    String p = option != null ? option : env.get(ENV);
    return p == null || p.isBlank() || p.strip().equals(NONE) ? null : p.strip();
  }

  /**
   * Starts {@code python dir/bench_round.py --serve --batch batch --dir dir} and reads its first
   * line; it must run torch on one intra-op thread. Stderr goes to {@code log}.
   *
   * @throws IllegalStateException one line: the Python did not start, has no torch, or answered
   *     something else
   */
  public static EagerRounds start(String python, Path dir, int batch, Path log) {
    Path script = dir.resolve(SCRIPT);
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException("Cannot time PyTorch eager: " + script + " is missing (got no such file; allowed the folder of "
          + "examples/torchscript, which holds it)");
    }
    Process p;
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      p = new ProcessBuilder(List.of(python, script.toString(), "--serve", "--threads", "1", "--batch", Integer.toString(batch),
          "--dir", dir.toString())).redirectError(log.toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot time PyTorch eager: " + python + " does not start (got " + oneLine(e.getMessage())
          + "; allowed a Python with torch, given by --python or " + ENV + ")", e);
    }
    EagerRounds child = new EagerRounds(python, p, log);
    try {
      child.ready = parseReady(child.readLine("its start"));
    } catch (IOException | RuntimeException e) {
      p.destroyForcibly();
      throw e instanceof IllegalStateException ise ? ise
          : new IllegalStateException(child.failure("its start", "the child's output cannot be read (" + oneLine(e.getMessage()) + ")"), e);
    }
    if (child.ready.threads() != 1) {
      child.close();
      throw new IllegalStateException("Cannot time PyTorch eager: " + python + " runs torch on " + child.ready.threads()
          + " threads (got " + child.ready.threads() + "; allowed 1)");
    }
    return child;
  }

  /** The torch version the child imported. */
  public String torch() {
    return ready.torch();
  }

  /** The Python the child runs on. */
  public String python() {
    return python;
  }

  /** One fresh eager trial of {@code warmup} untimed and {@code rounds} timed rounds with {@code penalty} (none or r1). */
  public Reply round(String penalty, int warmup, int rounds) throws IOException {
    String request = String.format(Locale.ROOT, "round %s %d %d", penalty, warmup, rounds);
    try {
      out.write(request + "\n");
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException(failure(request, "the child no longer reads its requests (" + oneLine(e.getMessage()) + ")"), e);
    }
    return parseResult(readLine(request), penalty, rounds);
  }

  private String readLine(String request) throws IOException {
    String line = in.readLine();
    if (line == null) {
      Integer status = null;
      try {
        if (process.waitFor(10, TimeUnit.SECONDS)) {
          status = process.exitValue();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException(failure(request, "the child exited (status " + status + lastLine(log) + ")"));
    }
    return line;
  }

  private String failure(String request, String why) {
    return "Cannot time PyTorch eager: " + why + " at " + request + " (got no answer from " + python + "; allowed a Python with "
        + "torch; see " + log + ")";
  }

  /**
   * {@code ready torch <version> threads <n>}, the child's first line.
   *
   * @throws IllegalStateException one line quoting what came instead
   */
  public static Ready parseReady(String line) {
    String[] w = line.strip().split("\\s+");
    if (w.length == 5 && w[0].equals("ready") && w[1].equals("torch") && w[3].equals("threads")) {
      try {
        return new Ready(w[2], Integer.parseInt(w[4]));
      } catch (NumberFormatException e) {
        // fall through to the one-line refusal
      }
    }
    throw new IllegalStateException("Cannot time PyTorch eager: the child's first line is not its greeting (got \"" + clip(line)
        + "\"; allowed \"ready torch <version> threads <n>\")");
  }

  /**
   * {@code result <penalty> <rounds> <median ms> <mean ms>} answering a request for {@code penalty}
   * and {@code rounds}; an {@code error ...} line, another penalty or count, or times that are not
   * finite and positive are refused in one line.
   */
  public static Reply parseResult(String line, String penalty, int rounds) {
    String[] w = line.strip().split("\\s+");
    if (w.length >= 1 && w[0].equals("error")) {
      throw new IllegalStateException("Cannot time PyTorch eager: the child failed at round " + penalty + " (got \"" + clip(line)
          + "\"; allowed a result line)");
    }
    if (w.length == 5 && w[0].equals("result") && w[1].equals(penalty)) {
      try {
        int n = Integer.parseInt(w[2]);
        double median = Double.parseDouble(w[3]);
        double mean = Double.parseDouble(w[4]);
        if (n == rounds && Double.isFinite(median) && Double.isFinite(mean) && median > 0 && mean > 0) {
          return new Reply(penalty, n, median, mean);
        }
      } catch (NumberFormatException e) {
        // fall through to the one-line refusal
      }
    }
    throw new IllegalStateException("Cannot time PyTorch eager: the child's answer does not fit the request (got \"" + clip(line)
        + "\"; allowed \"result " + penalty + " " + rounds + " <median ms> <mean ms>\" with positive times)");
  }

  /** Ends the child: end of its stdin, then up to 10 s for it to exit before it is killed. */
  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      // the child is gone already
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** ": " and the last non-blank line of {@code log} (a Python traceback's last line names the error), or "". */
  static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
      return lines.isEmpty() ? "" : ": " + clip(lines.get(lines.size() - 1));
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static String clip(String s) {
    String one = oneLine(s);
    return one.length() > 200 ? one.substring(0, 200) + "..." : one;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s+", " ");
  }
}
