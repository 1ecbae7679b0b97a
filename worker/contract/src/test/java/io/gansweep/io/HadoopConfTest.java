package io.gansweep.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class HadoopConfTest {

  /** A copy holds what core-default.xml says, as a parsed {@code new Configuration()} does. */
  @Test
  void aCopyHasTheDefaults() {
    Configuration fresh = new Configuration();
    Configuration copy = HadoopConf.create();
    assertEquals(fresh.get("fs.defaultFS"), copy.get("fs.defaultFS"));
    assertEquals(fresh.get("io.file.buffer.size"), copy.get("io.file.buffer.size"));
    assertEquals(fresh.size(), copy.size());
  }

  /** Copies are each caller's own: a key set in one is in no other, nor in later copies. */
  @Test
  void copiesAreIndependent() {
    Configuration a = HadoopConf.create();
    a.set("gansweep.test.key", "a");
    assertNull(HadoopConf.create().get("gansweep.test.key"));
    assertEquals("a", a.get("gansweep.test.key"));
  }

  /**
   * A driver's {@code spark.hadoop.*} settings, prefix dropped, are in every later copy of this
   * JVM, over the classpath's defaults, until other settings replace them; other Spark settings
   * are not Hadoop's.
   */
  @Test
  void settingsInUseAreInEveryCopyUntilReplaced() {
    HadoopConf.Settings s = HadoopConf.Settings.fromSpark(Map.of("spark.hadoop.gansweep.probe", "xyz",
        "spark.hadoop.io.file.buffer.size", "65536", "spark.executor.memory", "4g", "spark.hadoop.", "nameless"));
    assertEquals(Map.of("gansweep.probe", "xyz", "io.file.buffer.size", "65536"), s.values());
    try {
      HadoopConf.use(s);
      assertEquals("xyz", HadoopConf.create().get("gansweep.probe"));
      assertEquals(65536, HadoopConf.create().getInt("io.file.buffer.size", 0));
      HadoopConf.use(HadoopConf.Settings.fromSpark(Map.of("spark.hadoop.gansweep.other", "1")));
      assertNull(HadoopConf.create().get("gansweep.probe"), "replaced, not merged");
      assertEquals(new Configuration().get("io.file.buffer.size"), HadoopConf.create().get("io.file.buffer.size"));
    } finally {
      HadoopConf.use(HadoopConf.Settings.NONE);
    }
  }

  /** What a configuration (Spark's hadoopConfiguration) changed over the classpath's defaults: set keys and changed values only. */
  @Test
  void differencesAreTheSetAndChangedKeys() {
    Configuration spark = new Configuration();
    spark.set("fs.s3a.secret.key", "do-not-print");
    spark.set("io.file.buffer.size", "65536");
    spark.set("fs.defaultFS", spark.get("fs.defaultFS")); // set, but to the default: no difference
    assertEquals(Map.of("fs.s3a.secret.key", "do-not-print", "io.file.buffer.size", "65536"),
        HadoopConf.Settings.differences(spark).values());
  }

  /** Settings may hold credentials: their text names keys, never values; a key without a value is refused in one line. */
  @Test
  void settingsShowKeysOnlyAndRefuseAKeyWithoutAValue() {
    HadoopConf.Settings s = new HadoopConf.Settings(Map.of("fs.s3a.secret.key", "do-not-print"));
    assertTrue(s.toString().contains("fs.s3a.secret.key"), s.toString());
    assertFalse(s.toString().contains("do-not-print"), s.toString());
    Map<String, String> noValue = new HashMap<>();
    noValue.put("fs.s3a.access.key", null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HadoopConf.Settings(noValue));
    assertTrue(e.getMessage().startsWith("Cannot build Hadoop settings: a key without a name or a value (got key 'fs.s3a.access.key'"),
        e.getMessage());
  }
}
