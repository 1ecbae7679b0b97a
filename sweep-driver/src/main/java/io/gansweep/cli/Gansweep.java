package io.gansweep.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gansweep} command line. Exit status: 0 ok, 2 invalid input, 1 anything else. */
@Command(
    name = "gansweep",
    mixinStandardHelpOptions = true,
    versionProvider = Gansweep.Version.class,
    description = "Hyperparameter sweeps of GAN training on Spark, ranked by stability across seeds.",
    subcommands = {ValidateCommand.class, PlanCommand.class, TrialCommand.class, RunCommand.class, AnalyzeCommand.class, CompareCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Gansweep {

  /** Exit status for invalid input: a bad spec, a bad option, a missing file. */
  public static final int EXIT_INVALID = 2;

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
    cli.setExitCodeExceptionMapper(e -> EXIT_INVALID);
    int status = cli.execute(args);
    out.flush();
    err.flush();
    return status;
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
