package io.gansweep.io;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * The one way gansweep makes a Hadoop {@link Configuration}: a copy of one parsed per JVM, with
 * this JVM's {@link Settings} over it. A {@code new Configuration()} parses {@code
 * core-default.xml} and {@code core-site.xml} again on its first read; on section 12's standalone
 * cluster (2026-12-04, 2 cores) that parse was most of the 6-26 ms a trial's commit spent before
 * writing its first file. A copy clones the parsed properties instead, and stays the caller's own
 * to change.
 *
 * <p>The settings are how a sweep's {@code --conf spark.hadoop.*} (S3 credentials, an endpoint, a
 * file system class) reach every file-system access, not only Spark's own: the driver uses its
 * Spark settings' {@code spark.hadoop.*} from its start, and each Spark task carries what the
 * driver's Spark put into its Hadoop configuration and uses it before it touches a file, so an
 * executor commits with the driver's settings whatever its classpath's site files say.
 */
public final class HadoopConf {

  private static final Configuration PARSED = parsed();

  /** What {@link #create} sets over the classpath's defaults in this JVM ({@link #use}). */
  private static volatile Settings inUse = Settings.NONE;

  private HadoopConf() {}

  /**
   * Hadoop settings that a driver hands to its executors, key to raw value. They can hold
   * credentials ({@code fs.s3a.secret.key}), so {@link #toString} names the keys only: a settings
   * object in a log or an error message shows no value.
   */
  public record Settings(Map<String, String> values) implements Serializable {

    /** No settings: the classpath's alone. */
    public static final Settings NONE = new Settings(Map.of());

    /** The prefix of a Spark setting that Spark copies into its Hadoop configuration, prefix dropped. */
    public static final String SPARK_PREFIX = "spark.hadoop.";

    public Settings {
      for (Map.Entry<String, String> e : values.entrySet()) {
        if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
          throw new IllegalArgumentException("Cannot build Hadoop settings: a key without a name or a value (got key '" + e.getKey()
              + "'" + (e.getValue() == null ? " without a value" : "") + "; allowed a named key with a value)");
        }
      }
      values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * The {@code spark.hadoop.*} entries of Spark settings, prefix dropped: what Spark itself puts
     * into every Hadoop configuration it makes ({@code SparkHadoopUtil}).
     */
    public static Settings fromSpark(Map<String, String> spark) {
      Map<String, String> hadoop = new TreeMap<>();
      spark.forEach((k, v) -> {
        if (k.startsWith(SPARK_PREFIX) && k.length() > SPARK_PREFIX.length()) {
          hadoop.put(k.substring(SPARK_PREFIX.length()), v);
        }
      });
      return new Settings(hadoop);
    }

    /**
     * Every entry of {@code conf} whose raw value differs from this JVM's classpath defaults: for a
     * Spark driver's {@code SparkContext.hadoopConfiguration}, its {@code spark.hadoop.*} settings
     * and what Spark derived itself (S3A credentials from the driver's {@code AWS_*} environment).
     */
    public static Settings differences(Configuration conf) {
      Map<String, String> changed = new TreeMap<>();
      for (Map.Entry<String, String> e : conf) {
        if (!Objects.equals(e.getValue(), PARSED.getRaw(e.getKey()))) {
          changed.put(e.getKey(), e.getValue());
        }
      }
      return new Settings(changed);
    }

    /** The keys, never the values (which may be credentials). */
    @Override
    public String toString() {
      return "HadoopConf.Settings" + values.keySet();
    }
  }

  /**
   * Makes every later {@link #create} of this JVM set {@code settings} over the classpath's
   * defaults, in place of any earlier ones. A driver calls it before its first file-system access,
   * a Spark task before its first; a {@link org.apache.hadoop.fs.FileSystem} that this JVM cached
   * before keeps the configuration it was made with.
   */
  public static void use(Settings settings) {
    inUse = Objects.requireNonNull(settings, "settings");
  }

  /** The settings {@link #create} sets now ({@link Settings#NONE} until {@link #use}). */
  public static Settings inUse() {
    return inUse;
  }

  /**
   * A fresh configuration with the defaults and site files of this JVM's classpath and then the
   * settings in use ({@link #use}), loading classes (file systems named in it) through the calling
   * thread's context class loader, as a {@code new Configuration()} made on this thread would: a
   * Spark task's loader sees the jars the job added.
   */
  public static Configuration create() {
    Configuration c = new Configuration(PARSED);
    inUse.values().forEach(c::set);
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
