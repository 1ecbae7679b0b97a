package io.gansweep.cli;

import io.gansweep.io.TrialTables;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Numbers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import picocli.CommandLine;

/**
 * The generated pages of {@code docs/reference/}, rendered from the code they describe: the
 * hyperparameter catalog ({@link Hyperparameter}), the command line (picocli's usage text of
 * {@link Gansweep} and each subcommand) and the Parquet schemas the writer uses ({@link
 * TrialTables}). {@link ReferenceDocsTest} fails when a committed page differs from its rendering
 * and rewrites the pages under {@code -Dgansweep.docs.write=true} ({@link #REGENERATE}).
 *
 * <p>Test code, not product code: the runtime jar carries none of it.
 */
final class ReferenceDocs {

  /** The command that rewrites every generated page, from the repository root. */
  static final String REGENERATE = "mvn -q -o -pl sweep-driver -am test -Dtest=ReferenceDocsTest "
      + "-Dsurefire.failIfNoSpecifiedTests=false -Dgansweep.docs.write=true";

  /** Usage text width: fixed, so the page does not depend on the terminal that renders it. */
  private static final int USAGE_WIDTH = 100;

  private ReferenceDocs() {}

  /** Every generated page, by its path relative to the repository root, in a stable order. */
  static Map<String, String> pages() {
    Map<String, String> pages = new LinkedHashMap<>();
    pages.put("docs/reference/hyperparameters.md", hyperparameters());
    pages.put("docs/reference/cli.md", cli());
    pages.put("docs/reference/tables.md", tables());
    return pages;
  }

  /** The repository root, from a module's working directory (Maven runs tests in the module). */
  static Path repoRoot() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("docs")) && Files.isRegularFile(p.resolve("README.md"))
          && Files.isDirectory(p.resolve("sweep-driver"))) {
        return p;
      }
    }
    throw new IllegalStateException("Cannot find the repository root: no README.md, docs/ and sweep-driver/ above "
        + here + " (got " + here + "; allowed a directory inside a gansweep checkout)");
  }

  private static String header(String title, String source) {
    return header(title, source, "ReferenceDocs (sweep-driver tests)", REGENERATE);
  }

  /** A generated page's title and the comment that says what it is rendered from, by what, and how to regenerate it. */
  static String header(String title, String source, String generator, String regenerate) {
    return "# " + title + "\n\n"
        + "<!-- Generated from " + source + " by " + generator + "; do not edit.\n"
        + "     Regenerate: " + regenerate + " -->\n\n";
  }

  static String hyperparameters() {
    StringBuilder b = new StringBuilder(header("Hyperparameters",
        "the typed catalog, io.gansweep.trial.Hyperparameter (worker/contract)"));
    b.append("Every trial hyperparameter, in catalog order (the column order of the `trials` table and the\n")
        .append("order hashed into `config_id`). A spec names only what it fixes or sweeps; every other key\n")
        .append("takes its default. `lr_d` is not a key of its own: it is `ttur * lr_g`, a column of the results.\n")
        .append("How to write values and distributions: [Writing specs](../guide/writing-specs.md).\n\n")
        .append("- **acts on**: the network or part of the run the key changes.\n")
        .append("- **scope**: `recipe` keys reach every model; `architecture` keys only a model that declares it\n")
        .append("  reads them (a spec that sets one for another model is refused).\n")
        .append("- **packs**: how `resources.pack` treats the key: `per trial` (each trial of a pack keeps its\n")
        .append("  own value), `shared` (equal within a pack), `alone unless default` (a trial with another\n")
        .append("  value trains alone).\n\n")
        .append("| key | type | default | allowed | acts on | scope | packs | meaning |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Hyperparameter<?> h : Hyperparameter.values()) {
      b.append("| `").append(h.key()).append("` | ")
          .append(lower(h.type().name())).append(" | `")
          .append(Numbers.exact(h.defaultValue())).append("` | ")
          .append(cell(h.allowed())).append(" | ")
          .append(target(h.target())).append(" | ")
          .append(lower(h.scope().name())).append(" | ")
          .append(lower(h.packing().name()).replace('_', ' ')).append(" | ")
          .append(cell(h.description())).append(" |\n");
    }
    return b.toString();
  }

  static String cli() {
    CommandLine root = Gansweep.commandLine();
    root.setUsageHelpWidth(USAGE_WIDTH);
    StringBuilder b = new StringBuilder(header("Command line", "picocli's usage text of io.gansweep.cli.Gansweep"));
    b.append("The usage text of `gansweep` and each of its commands, as `gansweep help COMMAND` prints it.\n")
        .append("What the commands do, their exit status and their output: [the command-line\n")
        .append("guide](../guide/command-line.md).\n\n");
    b.append("- [`gansweep`](#gansweep)\n");
    for (String name : root.getSubcommands().keySet()) {
      if (!name.equals("help")) {
        b.append("- [`gansweep ").append(name).append("`](#gansweep-").append(name).append(")\n");
      }
    }
    b.append("- [`gansweep ").append(Gansweep.BENCH).append("`](").append(Gansweep.BENCH)
        .append(".md): the benchmark, a module of its own (sweep-driver/bench), on its own page\n");
    b.append("\n## gansweep\n\n```text\n").append(usage(root)).append("```\n");
    for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
      if (!e.getKey().equals("help")) {
        b.append("\n## gansweep ").append(e.getKey()).append("\n\n```text\n").append(usage(e.getValue())).append("```\n");
      }
    }
    return b.toString();
  }

  static String usage(CommandLine c) {
    c.setUsageHelpWidth(USAGE_WIDTH);
    String text = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
    StringBuilder b = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      b.append(line.stripTrailing()).append('\n');
    }
    return b.toString().strip() + "\n";
  }

  static String tables() {
    StringBuilder b = new StringBuilder(header("Tables", "the Parquet schemas of io.gansweep.io.TrialTables (worker/contract)"));
    b.append("The columns of every table a sweep writes under its output directory, as the writer declares\n")
        .append("them. Each table is Hive-partitioned by `sweep_id` (`<table>/sweep_id=<id>/…parquet`): `sweep_id`\n")
        .append("is in the path, not in the files, and readers show it as a string column. A `nullable` column\n")
        .append("is Parquet `optional`. What the columns mean, the folders and how to read them: [Output\n")
        .append("layout](../guide/output-layout.md); the analysis's own files: [Labels and\n")
        .append("ranking](../concepts/labels-and-ranking.md#outputs).\n");
    for (MessageType t : List.of(TrialTables.TRIALS, TrialTables.METRICS, TrialTables.SAMPLES, TrialTables.RUNGS,
        TrialTables.SCREEN, io.gansweep.dispatch.Lineage.SCHEMA)) {
      b.append("\n## ").append(t.getName()).append("\n\n")
          .append("| column | type | nullable | hyperparameter |\n| --- | --- | --- | --- |\n");
      for (Type f : t.getFields()) {
        String meaning = Hyperparameter.byKey(f.getName()).map(h -> "[`" + h.key() + "`](hyperparameters.md): " + h.description()).orElse("");
        b.append("| `").append(f.getName()).append("` | ").append(type(f)).append(" | ")
            .append(f.getRepetition() == Type.Repetition.OPTIONAL ? "yes" : "no").append(" | ")
            .append(cell(meaning)).append(" |\n");
      }
    }
    b.append("\n## ").append(io.gansweep.io.OutputLayout.PROGRESS).append("\n\n")
        .append("A running trial's rows so far, `").append(io.gansweep.io.OutputLayout.PROGRESS).append("/sweep_id=<id>/<trial_id>.parquet`,")
        .append(" deleted once it commits: the columns of `").append(TrialTables.METRICS.getName()).append("`.\n");
    return b.toString();
  }

  private static String type(Type f) {
    PrimitiveType p = f.asPrimitiveType();
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    if (a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation) {
      return "string";
    }
    if (a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
      return "timestamp (" + lower(ts.getUnit().name()) + (ts.isAdjustedToUTC() ? ", UTC" : "") + ")";
    }
    String base = switch (p.getPrimitiveTypeName()) {
      case INT32 -> "int";
      case INT64 -> "long";
      case DOUBLE -> "double";
      case FLOAT -> "float";
      case BOOLEAN -> "boolean";
      default -> lower(p.getPrimitiveTypeName().name());
    };
    return a == null ? base : base + " (" + a + ")";
  }

  private static String target(Hyperparameter.Target t) {
    return switch (t) {
      case G -> "G";
      case D -> "D";
      case BOTH -> "G and D";
      case DATA -> "data";
      case RUN -> "training loop";
      case SEED -> "a random stream (not the configuration)";
    };
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Text for a table cell: pipes and angle brackets escaped ({@code idx:<path>} is no HTML tag), one line. */
  private static String cell(String s) {
    return s.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace('\n', ' ');
  }
}
