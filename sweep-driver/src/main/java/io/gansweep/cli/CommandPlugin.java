package io.gansweep.cli;

/**
 * A command that ships in a jar of its own rather than in the runtime jar: a jar on the class path
 * whose {@code META-INF/services/io.gansweep.cli.CommandPlugin} names an implementation adds its
 * command to {@link Gansweep}'s command line, after the built-in commands and before {@code help}.
 * The benchmark is one ({@code gansweep bench}, module {@code sweep-driver/bench}), which
 * {@code bin/gansweep} puts on the class path for {@code bench} only.
 */
public interface CommandPlugin {

  /** A new picocli command object (a class annotated with {@code @Command}) for one command line. */
  Object command();
}
