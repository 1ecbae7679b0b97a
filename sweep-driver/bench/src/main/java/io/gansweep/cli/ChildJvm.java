package io.gansweep.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh JVM on this process's java, JVM options and class path: the bench's way to measure in a
 * process of its own (a real {@code gansweep run}, a long trial with a fixed heap).
 */
final class ChildJvm {

  private ChildJvm() {}

  /**
   * Runs {@code mainClass} with {@code args}, output to {@code log}, and returns its exit status.
   * {@code jvmOptions} come after this JVM's own, so they win; intra-op threads are not inherited
   * (a child sets its own).
   */
  static int run(List<String> jvmOptions, String mainClass, List<String> args, Path log) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> !a.startsWith("-Dai.djl.pytorch.num_threads")).toList());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return p.waitFor();
  }
}
