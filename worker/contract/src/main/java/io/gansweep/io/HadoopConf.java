package io.gansweep.io;

import org.apache.hadoop.conf.Configuration;

/**
 * The one way gansweep makes a Hadoop {@link Configuration}: a copy of one parsed per JVM. A
 * {@code new Configuration()} parses {@code core-default.xml} and {@code core-site.xml} again on
 * its first read; on section 12's standalone cluster (2026-12-04, 2 cores) that parse was most of
 * the 6-26 ms a trial's commit spent before writing its first file. A copy clones the parsed
 * properties instead, and stays the caller's own to change.
 */
public final class HadoopConf {

  private static final Configuration PARSED = parsed();

  private HadoopConf() {}

  /**
   * A fresh configuration with the defaults and site files of this JVM's classpath, loading
   * classes (file systems named in it) through the calling thread's context class loader, as a
   * {@code new Configuration()} made on this thread would: a Spark task's loader sees the jars
   * the job added.
   */
  public static Configuration create() {
    Configuration c = new Configuration(PARSED);
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader != null) {
      c.setClassLoader(loader);
    }
    return c;
  }

  private static Configuration parsed() {
    Configuration c = new Configuration();
    c.size(); // loads the resources now, once
    return c;
  }
}
