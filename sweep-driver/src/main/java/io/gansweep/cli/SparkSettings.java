package io.gansweep.cli;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.scheduler.ExternalClusterManager;

/**
 * Checks on a run's Spark master and {@code --conf} settings that are made before anything is
 * written or Spark starts, so that a typo is invalid input (exit 2, one line) rather than Spark's
 * "Error initializing SparkContext" and its trace. They follow the forms {@code SparkContext}
 * accepts (Spark 4's {@code SparkMasterRegex}); anything else must be claimed by a cluster manager
 * on the class path (yarn, k8s), asked as Spark asks it.
 */
final class SparkSettings {

  private SparkSettings() {}

  static final Pattern LOCAL_N = Pattern.compile("local\\[([0-9]+|\\*)\\]");
  static final Pattern LOCAL_N_FAILURES = Pattern.compile("local\\[([0-9]+|\\*)\\s*,\\s*([0-9]+)\\]");
  static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*([0-9]+)\\s*,\\s*([0-9]+)\\s*,\\s*([0-9]+)\\s*]");
  static final Pattern SPARK = Pattern.compile("spark://[^,/\\s]+:[0-9]+(,[^,/\\s]+:[0-9]+)*/?");

  static final String MASTERS = "local, local[N], local[*], local[N,F], local-cluster[N,C,M], spark://HOST:PORT, or a master a cluster"
      + " manager on the class path takes (yarn, k8s://URL)";

  /** Why Spark would refuse {@code master}, as one "Cannot use --master" line, or empty when it takes it. */
  static Optional<String> badMaster(String master) {
    String why = null;
    Matcher n = LOCAL_N.matcher(master);
    Matcher f = LOCAL_N_FAILURES.matcher(master);
    if (n.matches() || f.matches()) {
      String threads = n.matches() ? n.group(1) : f.group(1);
      if (!threads.equals("*") && (threads.length() > 9 || Integer.parseInt(threads) < 1)) {
        why = "no threads";
      }
    } else if (!master.equals("local") && !LOCAL_CLUSTER.matcher(master).matches() && !SPARK.matcher(master).matches()
        && !clusterManagerTakes(master)) {
      why = master.startsWith("spark://") ? "not spark://HOST:PORT" : "not a Spark master URL";
    }
    return Optional.ofNullable(why).map(w -> String.format("Cannot use --master: %s (got %s; allowed %s)", w, master, MASTERS));
  }

  /** Whether a cluster manager on the class path (Spark's yarn or kubernetes module) takes {@code master}. */
  private static boolean clusterManagerTakes(String master) {
    try {
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      ClassLoader loader = context == null ? SparkSettings.class.getClassLoader() : context;
      for (ExternalClusterManager m : ServiceLoader.load(ExternalClusterManager.class, loader)) {
        if (m.canCreate(master)) {
          return true;
        }
      }
      return false;
    } catch (RuntimeException | LinkageError e) { // a broken cluster manager jar: let Spark say what is wrong
      return true;
    }
  }

  /** Settings whose value names classes, and the type each class must have. */
  static final Map<String, String> CLASS_SETTINGS = Map.of(
      "spark.serializer", "org.apache.spark.serializer.Serializer",
      "spark.kryo.registrator", "org.apache.spark.serializer.KryoRegistrator");

  /**
   * Why Spark would refuse one of the {@code --conf} settings that name classes ({@link
   * #CLASS_SETTINGS}: the class is not on the class path or not of the type), as one "Cannot use
   * --conf" line, or empty.
   */
  static Optional<String> badConf(Map<String, String> conf) {
    for (Map.Entry<String, String> e : conf.entrySet()) {
      String type = CLASS_SETTINGS.get(e.getKey());
      if (type == null) {
        continue;
      }
      for (String name : e.getValue().split(",")) {
        String why = classProblem(name.strip(), type);
        if (why != null) {
          String example = e.getKey().equals("spark.serializer") ? ", e.g. org.apache.spark.serializer.KryoSerializer (gansweep's default)"
              : "";
          return Optional.of(String.format("Cannot use --conf %s: %s (got %s; allowed a class of type %s on the class path%s)", e.getKey(),
              why, e.getValue(), type, example));
        }
      }
    }
    return Optional.empty();
  }

  private static String classProblem(String name, String type) {
    ClassLoader loader = SparkSettings.class.getClassLoader();
    try {
      Class<?> c = Class.forName(name, false, loader);
      return Class.forName(type, false, loader).isAssignableFrom(c) ? null : "not a " + type.substring(type.lastIndexOf('.') + 1);
    } catch (ClassNotFoundException | LinkageError e) {
      return "no such class";
    }
  }
}
