package io.gansweep.io;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The file systems a sweep's output is tested on, each a real one started by the test JVM (docs/guide/stores.md:
 * Stores): the local file system; HDFS, a {@link MiniDFSCluster} (one NameNode, one DataNode, on
 * loopback, in a temporary folder); S3, an S3Proxy server (its in-memory blob store, path-style,
 * signed requests) in a child JVM, reached through S3A as any S3 endpoint is. A server starts on
 * the first {@link #root} of its store in this JVM and stops when the JVM exits, so a test class
 * that runs on all three costs the two starts once (HDFS about 3 s, S3Proxy about 2 s on the 2-core
 * VM).
 *
 * <p>A test names its store's settings to gansweep the way a user does: {@link #settings} for
 * {@link HadoopConf#use} (what a driver's {@code --conf spark.hadoop.*} does) and {@link
 * #sparkConf} as {@code --conf} arguments of {@code gansweep run}.
 */
public enum Store {
  LOCAL,
  HDFS,
  S3;

  /** The bucket every S3 root lives in. */
  public static final String BUCKET = "gansweep-test";

  private static final String IDENTITY = "gansweep";
  private static final String CREDENTIAL = "gansweep-local-secret";

  /**
   * A fresh, empty output root on this store ({@code /tmp/…}, {@code hdfs://127.0.0.1:<port>/…},
   * {@code s3a://gansweep-test/…}), named after {@code name}; {@code localDir} holds the local one.
   */
  public String root(Path localDir, String name) throws IOException {
    String unique = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    return switch (this) {
      case LOCAL -> localDir.resolve(unique).toString();
      case HDFS -> Hdfs.URI + "/" + unique;
      case S3 -> {
        S3Server.port(); // the first S3 root of this JVM starts the server
        yield "s3a://" + BUCKET + "/" + unique;
      }
    };
  }

  /**
   * The Hadoop settings that reach this store: none for local; for HDFS (a full URI reaches it) the
   * client's first pause before it asks the NameNode again whether a closed file is complete, 20 ms
   * instead of 400 (the DataNode's report that the block is written often arrives just after the
   * first ask: a copy of a sweep's 15 files took 2.9 s on MiniDFSCluster); nothing else changes.
   */
  public HadoopConf.Settings settings() {
    if (this == HDFS) {
      return new HadoopConf.Settings(Map.of("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "20"));
    }
    if (this != S3) {
      return HadoopConf.Settings.NONE;
    }
    Map<String, String> s = new LinkedHashMap<>();
    s.put("fs.s3a.endpoint", "http://127.0.0.1:" + S3Server.port());
    s.put("fs.s3a.endpoint.region", "us-east-1");
    s.put("fs.s3a.path.style.access", "true");
    s.put("fs.s3a.connection.ssl.enabled", "false");
    s.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    s.put("fs.s3a.access.key", IDENTITY);
    s.put("fs.s3a.secret.key", CREDENTIAL);
    s.put("fs.s3a.attempts.maximum", "2");
    s.put("fs.s3a.retry.limit", "2");
    return new HadoopConf.Settings(s);
  }

  /** {@link #settings} as {@code --conf spark.hadoop.<key>=<value>} arguments. */
  public List<String> sparkConf() {
    List<String> args = new ArrayList<>();
    settings().values().forEach((k, v) -> {
      args.add("--conf");
      args.add(HadoopConf.Settings.SPARK_PREFIX + k + "=" + v);
    });
    return args;
  }

  /** A Hadoop configuration of this JVM with {@link #settings} over it. */
  public Configuration conf() {
    Configuration c = HadoopConf.create();
    settings().values().forEach(c::set);
    return c;
  }

  /** The MiniDFSCluster of this JVM, started on first use. */
  private static final class Hdfs {
    static final String URI = start();

    private static String start() {
      // The NameNode and DataNode log every call at INFO (audit, block reports): keep their warnings only.
      for (String logger : List.of("org.apache.hadoop.hdfs", "org.apache.hadoop.http", "BlockStateChange", "org.apache.hadoop.ipc",
          "org.apache.hadoop.metrics2", "org.apache.hadoop.fs.s3a")) {
        org.apache.logging.log4j.core.config.Configurator.setLevel(logger, org.apache.logging.log4j.Level.WARN);
      }
      try {
        File base = Files.createTempDirectory("gansweep-hdfs").toFile();
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.getAbsolutePath());
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, base).numDataNodes(1).build();
        cluster.waitActive();
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::shutdown));
        URI uri = cluster.getURI();
        return "hdfs://127.0.0.1:" + uri.getPort();
      } catch (IOException e) {
        throw new IllegalStateException("Cannot start HDFS for the test: " + e.getMessage(), e);
      }
    }
  }

  /** The S3Proxy child process of this JVM, started on first use, with {@link #BUCKET} created. */
  private static final class S3Server {
    private static final int PORT = start();

    static int port() {
      return PORT;
    }

    private static int start() {
      String jar = System.getProperty("gansweep.s3proxy.jar", "target/s3proxy/s3proxy.jar");
      if (!Files.isRegularFile(Path.of(jar))) {
        throw new IllegalStateException("Cannot start S3Proxy for the test: no server jar (got " + jar
            + "; allowed the jar the module's generate-test-resources phase copies)");
      }
      try {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
          port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("gansweep-s3proxy");
        Path props = dir.resolve("s3proxy.conf");
        Files.writeString(props, String.join("\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + IDENTITY,
            "s3proxy.credential=" + CREDENTIAL,
            "jclouds.provider=transient",
            "jclouds.identity=" + IDENTITY,
            "jclouds.credential=" + CREDENTIAL, ""));
        Path log = dir.resolve("s3proxy.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar,
            "--properties", props.toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!listening(port)) {
          if (!p.isAlive() || System.nanoTime() > deadline) {
            p.destroyForcibly();
            throw new IllegalStateException("Cannot start S3Proxy for the test: " + (p.isAlive() ? "not listening after 60 s" : "it exited")
                + " (got " + Files.readString(log) + "; allowed a server on port " + port + ")");
          }
          Thread.sleep(100);
        }
        try (S3Client s3 = S3Client.builder()
            .endpointOverride(java.net.URI.create("http://127.0.0.1:" + port))
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
            .build()) {
          s3.createBucket(b -> b.bucket(BUCKET));
        }
        return port;
      } catch (IOException e) {
        throw new IllegalStateException("Cannot start S3Proxy for the test: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Cannot start S3Proxy for the test: interrupted", e);
      }
    }

    private static boolean listening(int port) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return true;
      } catch (IOException e) {
        return false;
      }
    }
  }
}
