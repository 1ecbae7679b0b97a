package io.gansweep.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gansweep} command line. Exit status: 0 ok; 2 only for invalid input (a bad spec, flag
 * or path, found before any work starts); 1 for anything that fails at run time. An exception
 * that escapes a command is a run-time failure: it is printed as one line ({@code Cannot <command>:
 * <reason> (got <exception>; …)}), with the stack trace only under {@code -Dgansweep.stacktrace=true}.
 */
@Command(
    name = "gansweep",
    mixinStandardHelpOptions = true,
    versionProvider = Gansweep.Version.class,
    description = "Hyperparameter<?> sweeps of GAN training on Spark, ranked by stability across seeds.",
    subcommands = {ValidateCommand.class, PlanCommand.class, TrialCommand.class, RunCommand.class, AnalyzeCommand.class, CompactCommand.class, CompareCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Gansweep {

  /** Exit status for invalid input: a bad spec, a bad option, a missing file. */
  public static final int EXIT_INVALID = 2;

  /** Exit status for a failure at run time: an I/O error, a Spark job that died, a bug. */
  public static final int EXIT_FAILED = 1;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (tests call this in-process). */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with the given streams and returns its exit status. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Gansweep());
    cli.setOut(out);
    cli.setErr(err);
    // Bad flags and parameters (picocli's ParameterException) keep picocli's usage exit status, 2.
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      PrintWriter w = commandLine.getErr();
      w.println(failure(commandLine.getCommandName(), e));
      if (Boolean.getBoolean("gansweep.stacktrace")) {
        e.printStackTrace(w);
      }
      w.flush();
      return EXIT_FAILED;
    });
    int status = cli.execute(args);
    out.flush();
    err.flush();
    return status;
  }

  /**
   * The one line that reports an exception which escaped {@code command}: the innermost cause's
   * message (the outer ones usually wrap it), and the exception's class.
   */
  static String failure(String command, Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().lines().findFirst().orElse("");
    return String.format("Cannot %s: failed at run time: %s (got %s; allowed a run without errors; -Dgansweep.stacktrace=true in"
        + " GANSWEEP_JAVA_OPTS prints the stack trace)", command, message, e.getClass().getName());
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
