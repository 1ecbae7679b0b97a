package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

/** The CLI's log4j2.properties keeps warnings a user cannot act on out of the console, and only those. */
class ConsoleLoggingTest {

  private static boolean shown(String logger, String message) {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    LoggerConfig config = ctx.getConfiguration().getLoggerConfig(logger);
    LogEvent e = Log4jLogEvent.newBuilder().setLoggerName(logger).setLevel(Level.WARN).setMessage(new SimpleMessage(message)).build();
    return config.getLevel().isLessSpecificThan(Level.WARN) && !config.isFiltered(e);
  }

  @Test
  void warningsAUserCannotActOnStayOutOfTheConsole() {
    assertFalse(shown("org.apache.spark.util.Utils",
        "Your hostname, box, resolves to a loopback address: 127.0.1.1; using 192.0.2.2 instead (on interface eth0)"));
    assertFalse(shown("org.apache.spark.util.Utils", "Set SPARK_LOCAL_IP if you need to bind to another address"));
    assertFalse(shown("org.apache.spark.sql.catalyst.util.SparkStringUtils", "Truncated the string representation of a plan since it"
        + " was too large. This behavior can be adjusted by setting 'spark.sql.debug.maxToStringFields'."));
    assertFalse(shown("org.apache.hadoop.util.NativeCodeLoader",
        "Unable to load native-hadoop library for your platform... using builtin-java classes where applicable"));
    // Other warnings of the same loggers still show.
    assertTrue(shown("org.apache.spark.util.Utils", "Service 'SparkUI' could not bind on port 4040. Attempting port 4041."));
    assertTrue(shown("org.apache.spark.scheduler.TaskSetManager", "Lost task 0.0 in stage 1.0"));
  }
}
