package io.gansweep.dispatch;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local disk under a scheme no classpath knows, {@code gsprobe:///<local path>}: a Hadoop
 * configuration reaches it only with {@code fs.gsprobe.impl} set to this class, as {@code --conf
 * spark.hadoop.fs.gsprobe.impl} sets it. Every file it creates is recorded with the {@link #PROBE}
 * setting of the configuration it was made with (uncached, {@code fs.gsprobe.impl.disable.cache},
 * each use is a new instance with its caller's configuration).
 */
public class ProbeFileSystem extends RawLocalFileSystem {

  static final String SCHEME = "gsprobe";
  static final String PROBE = "gansweep.probe";

  /** The Spark settings that make a driver, and its executors, use this file system with probe {@code value}. */
  static java.util.Map<String, String> sparkSettings(String value) {
    return java.util.Map.of("spark.hadoop.fs." + SCHEME + ".impl", ProbeFileSystem.class.getName(),
        "spark.hadoop.fs." + SCHEME + ".impl.disable.cache", "true", "spark.hadoop." + PROBE, value);
  }

  /** {@code <path> probe=<value>} for every file created through this class in this JVM. */
  static final List<String> CREATED = new CopyOnWriteArrayList<>();

  private String probe;

  @Override
  public void initialize(URI uri, Configuration conf) throws IOException {
    super.initialize(uri, conf);
    probe = conf.get(PROBE);
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    CREATED.add(f.toUri().getPath() + " probe=" + probe);
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize, Progressable progress)
      throws IOException {
    CREATED.add(f.toUri().getPath() + " probe=" + probe);
    return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
  }
}
