package io.gansweep.dispatch;

import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/** Which device a task's trial trains on. */
final class DeviceAssignment {

  static final String GPU = "gpu";

  private DeviceAssignment() {}

  /**
   * {@code cpu} when the trial asked for no GPU. Otherwise the first GPU address Spark assigned to
   * this task ({@code TaskContext.resources()}, set when the cluster schedules GPUs); in local mode,
   * which schedules no GPUs, {@code gpu:0}: the trial then fails clearly if the engine sees none.
   * A task on a GPU-scheduling cluster that got no address fails with the reason.
   */
  static String device(double gpus, TaskContext task, boolean clusterSchedulesGpus) {
    if (gpus <= 0) {
      return "cpu";
    }
    Map<String, ResourceInformation> resources = task == null ? Map.of() : task.resourcesJMap();
    ResourceInformation gpu = resources.get(GPU);
    if (gpu != null && gpu.addresses().length > 0) {
      return "gpu:" + gpu.addresses()[0];
    }
    if (clusterSchedulesGpus) {
      throw new IllegalStateException(
          "Cannot train on a GPU: the task got no GPU address from Spark (got resources " + List.copyOf(resources.keySet())
              + "; allowed a task with spark.task.resource.gpu.amount > 0 on executors that have GPUs)");
    }
    return "gpu:0";
  }
}
