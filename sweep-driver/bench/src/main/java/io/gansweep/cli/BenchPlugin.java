package io.gansweep.cli;

/**
 * Adds {@code gansweep bench} ({@link BenchCommand}) to the command line when this module's jar is
 * on the class path (its {@code META-INF/services} entry); {@code bin/gansweep bench} puts it there.
 */
public final class BenchPlugin implements CommandPlugin {

  @Override
  public Object command() {
    return new BenchCommand();
  }
}
