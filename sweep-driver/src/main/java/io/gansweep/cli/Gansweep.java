package io.gansweep.cli;

import io.gansweep.dispatch.SparkSweep;
import java.io.PrintWriter;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code gansweep} command line. Exit status: 0 ok; 2 only for invalid input (a bad spec, flag
 * or path, found before any work starts); 1 for anything that fails at run time. An exception
 * that escapes a command is a run-time failure: it is printed as one line ({@code Cannot <command>:
 * <reason> (got <exception>; …; details in FILE)}), its stack trace goes to the log file ({@link
 * LogFile}) and to stderr too under {@code -Dgansweep.stacktrace=true}. A bad command line is one
 * line and a {@code see 'gansweep <command> --help'} hint.
 *
 * <p>The built-in commands are listed below; a {@link CommandPlugin} on the class path adds its own
 * ({@code bench}, from sweep-driver/bench), then comes {@code help} ({@link #commandLine}).
 */
@Command(
    name = "gansweep",
    mixinStandardHelpOptions = true,
    versionProvider = Gansweep.Version.class,
    description = "Hyperparameter sweeps of GAN training on Spark, ranked by stability across seeds.",
    subcommands = {ValidateCommand.class, PlanCommand.class, TrialCommand.class, RunCommand.class, AnalyzeCommand.class, StatusCommand.class, CompactCommand.class, CompareCommand.class})
public final class Gansweep {

  /** Exit status for invalid input: a bad spec, a bad option, a missing file. */
  public static final int EXIT_INVALID = 2;

  /** Exit status for a failure at run time: an I/O error, a Spark job that died, a bug. */
  public static final int EXIT_FAILED = 1;

  /**
   * Exit status of {@code compare} when nothing could be compared: the two sweeps share no
   * configuration (a spec edited between nights). Neither a pass nor invalid input.
   */
  public static final int EXIT_NOTHING_COMPARABLE = 3;

  public static void main(String[] args) {
    LogFile.choosePerProcess(); // before anything logs
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (tests call this in-process). */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** The benchmark's command, which the runtime jar leaves to its own module (sweep-driver/bench). */
  static final String BENCH = "bench";

  /**
   * The command line: the built-in commands, those of every {@link CommandPlugin} on the class path,
   * then {@code help}. Without the bench on the class path, the usage text says where it is.
   */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Gansweep());
    for (CommandPlugin plugin : ServiceLoader.load(CommandPlugin.class)) {
      cli.addSubcommand(plugin.command());
    }
    if (!cli.getSubcommands().containsKey(BENCH)) {
      cli.getCommandSpec().usageMessage().footer("The benchmark, '" + BENCH + "', is a module of its own (sweep-driver/bench), not in this jar: bin/gansweep "
          + BENCH + " builds and runs it.");
    }
    cli.addSubcommand(new CommandLine.HelpCommand());
    return cli;
  }

  /** Runs the command line with the given streams and returns its exit status. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    // Bad flags and parameters: one line saying what is wrong and a hint, not the whole usage; exit 2.
    cli.setParameterExceptionHandler((e, given) -> {
      PrintWriter w = e.getCommandLine().getErr();
      w.println(usageError(e));
      w.printf("see '%s --help'%n", e.getCommandLine().getCommandSpec().qualifiedName());
      w.flush();
      return EXIT_INVALID;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      PrintWriter w = commandLine.getErr();
      LogManager.getLogger(Gansweep.class).error("Cannot " + commandLine.getCommandName() + ": failed at run time", e);
      w.println(failure(commandLine.getCommandName(), e));
      if (Boolean.getBoolean("gansweep.stacktrace")) {
        e.printStackTrace(w);
      }
      w.flush();
      return EXIT_FAILED;
    });
    // Every command's file accesses use the spark.hadoop.* system properties (-D…, GANSWEEP_JAVA_OPTS)
    // as Spark's own do: analyze and compact of an hdfs:// or s3a:// DIR look at it before Spark
    // starts, and need its endpoint and credentials then; run adds its --conf over these.
    SparkSweep.useHadoopSettings(java.util.Map.of());
    int status = cli.execute(args);
    out.flush();
    err.flush();
    return status;
  }

  /**
   * The one line that reports an exception which escaped {@code command}: the innermost cause's
   * message (the outer ones usually wrap it), the exception's class, and where the details are
   * (the log file, else how to print the stack trace).
   */
  static String failure(String command, Throwable e) {
    return String.format("Cannot %s: failed at run time: %s (got %s; allowed a run without errors%s)", command, reason(e),
        e.getClass().getName(), details());
  }

  /** The first line of the innermost cause's message (the outer ones usually wrap it), or its class when it has none. */
  static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null || root.getMessage().isBlank() ? root.getClass().getSimpleName()
        : root.getMessage().strip().lines().findFirst().orElse("");
  }

  /** "; details in FILE" naming the log file, or how to print the stack trace when nothing was logged. */
  static String details() {
    String file = LogFile.details();
    return file.isEmpty() ? "; -Dgansweep.stacktrace=true in GANSWEEP_JAVA_OPTS prints the stack trace" : file;
  }

  /**
   * The one line that reports a bad command line (picocli's {@link ParameterException}): what is
   * wrong, the argument got and what is allowed there.
   */
  static String usageError(ParameterException e) {
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    String start = "Cannot start " + spec.qualifiedName() + ": ";
    if (e.getMessage().startsWith("Missing required subcommand")) {
      return start + "no command (got none; allowed " + String.join(", ", spec.subcommands().keySet()) + ")";
    }
    if (e instanceof OverwrittenOptionException o) {
      return "Cannot use " + describe(o.getOverwritten()) + ": given more than once (got " + originalArgs(e) + "; allowed it once)";
    }
    if (e instanceof MissingParameterException m) {
      return start + "missing " + m.getMissing().stream().map(Gansweep::describe).collect(Collectors.joining(", "))
          + " (got none; allowed " + m.getMissing().stream().map(Gansweep::usage).collect(Collectors.joining(" ")) + ")";
    }
    if (e instanceof UnmatchedArgumentException u) {
      List<String> unmatched = u.getUnmatched();
      String got = String.join(" ", unmatched);
      List<String> suggestions = u.getSuggestions();
      String hint = suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?";
      if (!spec.subcommands().isEmpty() && spec.parent() == null && !unmatched.isEmpty() && !unmatched.get(0).startsWith("-")) {
        return start + "unknown command (got " + got + "; allowed " + String.join(", ", spec.subcommands().keySet()) + hint + ")";
      }
      if (!unmatched.isEmpty() && unmatched.get(0).startsWith("-")) {
        return start + "unknown option (got " + got + "; allowed " + spec.options().stream().map(OptionSpec::longestName)
            .collect(Collectors.joining(", ")) + hint + ")";
      }
      return start + "unexpected argument (got " + got + "; allowed " + (spec.positionalParameters().isEmpty() ? "none"
          : spec.positionalParameters().stream().map(Gansweep::usage).collect(Collectors.joining(" ")) + " only") + ")";
    }
    ArgSpec arg = e.getArgSpec();
    if (arg != null) {
      String reason = e.getMessage();
      int colon = reason.indexOf("': ");
      if (reason.startsWith("Invalid value for ") && colon > 0) {
        reason = reason.substring(colon + 3);
      }
      String type = arg.type() == int.class || arg.type() == Integer.class || arg.type() == long.class ? "an integer"
          : arg.type() == double.class ? "a number" : "a " + arg.paramLabel();
      return "Cannot use " + describe(arg) + ": " + reason + " (got " + (e.getValue() == null ? "none" : e.getValue()) + "; allowed "
          + usage(arg) + ", " + type + (arg.isOption() && !arg.isMultiValue() ? ", once" : "") + ")";
    }
    String reason = e.getMessage().strip().replaceFirst("\\.$", "");
    return start + Character.toLowerCase(reason.charAt(0)) + reason.substring(1) + " (got " + originalArgs(e) + "; allowed what '"
        + spec.qualifiedName() + " --help' shows)";
  }

  /** The arguments as given, or "none". */
  private static String originalArgs(ParameterException e) {
    CommandLine.ParseResult parsed = e.getCommandLine().getParseResult();
    List<String> args = parsed == null ? List.of() : parsed.originalArgs();
    return args.isEmpty() ? "none" : String.join(" ", args);
  }

  /** An option by its longest name, a positional parameter by its label. */
  private static String describe(ArgSpec a) {
    return a instanceof OptionSpec o ? o.longestName() : a.paramLabel();
  }

  /** How an argument is written: {@code --out=DIR}, {@code SPEC}. */
  private static String usage(ArgSpec a) {
    return a instanceof OptionSpec o && o.arity().max() > 0 ? o.longestName() + "=" + o.paramLabel() : describe(a);
  }

  /** Prints the gansweep version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Gansweep.class.getPackage().getImplementationVersion();
      return new String[] {"gansweep " + (v == null ? "(development build)" : v)};
    }
  }
}
