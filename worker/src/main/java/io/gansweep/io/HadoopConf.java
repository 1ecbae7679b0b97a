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

  /** A fresh configuration with the defaults and site files of this JVM's classpath. */
  public static Configuration create() {
    return new Configuration(PARSED);
  }

  private static Configuration parsed() {
    Configuration c = new Configuration();
    c.size(); // loads the resources now, once
    return c;
  }
}
