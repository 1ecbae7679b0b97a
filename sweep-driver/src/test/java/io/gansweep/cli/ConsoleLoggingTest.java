package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's log4j2.properties sends Spark's and Hadoop's warnings to the log file, not the
 * console, and keeps those a user cannot act on out of both: a fresh JVM on the CLI's class path
 * logs them under Spark's and Hadoop's logger names, and its stderr and log file are read back.
 */
class ConsoleLoggingTest {

  static final String LOOPBACK = "Your hostname, box, resolves to a loopback address: 127.0.1.1; using 192.0.2.2 instead (on interface eth0)";
  static final String LOCAL_IP = "Set SPARK_LOCAL_IP if you need to bind to another address";
  static final String TRUNCATED = "Truncated the string representation of a plan since it was too large. This behavior can be adjusted"
      + " by setting 'spark.sql.debug.maxToStringFields'.";
  static final String NATIVE = "Unable to load native-hadoop library for your platform... using builtin-java classes where applicable";
  static final String KEPT_UTILS = "Service 'SparkUI' could not bind on port 4040. Attempting port 4041.";
  static final String KEPT_OTHER = "Lost task 0.0 in stage 1.0";

  /** Logs each message as a WARN of the logger that emits it in Spark and Hadoop. */
  public static void main(String[] args) {
    LogManager.getLogger("org.apache.spark.util.Utils").warn(LOOPBACK);
    LogManager.getLogger("org.apache.spark.util.Utils").warn(LOCAL_IP);
    LogManager.getLogger("org.apache.spark.sql.catalyst.util.SparkStringUtils").warn(TRUNCATED);
    LogManager.getLogger("org.apache.hadoop.util.NativeCodeLoader").warn(NATIVE);
    LogManager.getLogger("org.apache.spark.util.Utils").warn(KEPT_UTILS);
    LogManager.getLogger("org.apache.spark.scheduler.TaskSetManager").warn(KEPT_OTHER);
  }

  /** Before: every Spark warning and error, traces and all, on the console (276 lines for a full disk). */
  @Test
  void warningsAUserCannotActOnStayOutOfTheConsoleAndTheLog(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("gansweep.log");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-D" + LogFile.PROPERTY + "=" + log,
        "-cp", System.getProperty("java.class.path"), ConsoleLoggingTest.class.getName()).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), err);
    assertEquals("", err, "Spark's and Hadoop's logging stays off the console");
    String logged = Files.readString(log, StandardCharsets.UTF_8);
    for (String hidden : new String[] {LOOPBACK, LOCAL_IP, TRUNCATED, NATIVE}) {
      assertFalse(logged.contains(hidden), hidden + " logged:\n" + logged);
    }
    assertTrue(logged.contains(KEPT_UTILS) && logged.contains(KEPT_OTHER), "other warnings go to the log file:\n" + logged);
  }
}
