package io.gansweep.analysis;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The analysis reads tables through the contract module (catalog, table names, publishing) and
 * never through the worker: a notebook or an analysis job carries no DJL and no PyTorch engine.
 * This fails as soon as a dependency brings the worker (or DJL) back onto the analysis's classpath.
 */
class ModuleBoundaryTest {

  @Test
  void analysisClasspathHasNoWorkerAndNoDjl() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("ai.djl.Model"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.gansweep.train.GanTrainer"));
  }
}
