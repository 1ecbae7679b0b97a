package io.gansweep.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;

/**
 * The log file that Spark's, Hadoop's and DJL's warnings and errors go to instead of the console
 * ({@code log4j2.properties}), so that a failure is one line on stderr that names it.
 */
final class LogFile {

  /** The system property that names the log file ({@code log4j2.properties} reads it). */
  static final String PROPERTY = "gansweep.log";

  private LogFile() {}

  /**
   * Sets {@link #PROPERTY} to a file of this process, {@code <tmp>/gansweep-<user>/gansweep-<time>-<pid>.log},
   * unless it is set already. Call before anything logs: log4j reads the property once.
   */
  static void choosePerProcess() {
    if (System.getProperty(PROPERTY) == null) {
      String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      Path dir = Path.of(System.getProperty("java.io.tmpdir"), "gansweep-" + System.getProperty("user.name"));
      System.setProperty(PROPERTY, dir.resolve("gansweep-" + time + "-" + ProcessHandle.current().pid() + ".log").toString());
    }
  }

  /** The log file, when log4j writes one (the CLI's configuration) and something has been logged to it. */
  static Optional<Path> written() {
    try {
      if (LogManager.getContext(false) instanceof LoggerContext context) {
        Appender a = context.getConfiguration().getAppender("file");
        if (a instanceof FileAppender f) {
          return Optional.of(Path.of(f.getFileName())).filter(Files::isRegularFile);
        }
      }
    } catch (RuntimeException | LinkageError e) { // another logging set-up: no file to name
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** "; details in FILE" when the log file has been written, else "". */
  static String details() {
    return written().map(p -> "; details in " + p).orElse("");
  }
}
