package io.gansweep.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
