package io.gansweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.io.OutputLayout;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver checks and pins a points file; a fresh executor reads the pinned copy and verifies its checksum. */
class PointsDatasetsTest {

  @Test
  void aFreshJvmReadsThePinnedCopyAndRefusesAChangedOne(@TempDir Path dir) throws Exception {
    Path file = PointsFixtures.ring8Csv(dir.resolve("ring.csv"), 64, 3, true);
    byte[] bytes = Files.readAllBytes(file);
    DataFiles.Kept checked = PointsDatasets.check(bytes, file.toString());
    assertEquals(PointsDatasets.checksum(bytes), checked.checksum());
    String out = dir.resolve("out").toString();
    assertTrue(DataFiles.pin(checked.checksum(), out));
    assertFalse(DataFiles.pin(checked.checksum(), out), "pinned already: kept");
    Path pinned = Path.of(OutputLayout.dataFile(OutputLayout.data(out).toString(), checked.checksum(), "csv").toString());
    assertArrayEquals(bytes, Files.readAllBytes(pinned));

    TrialConfig c = TrialConfig.of(Map.of(Hyperparameter.DATASET, "points:elsewhere/ring.csv", Hyperparameter.DATA_FILE,
        checked.checksum()), 0);
    DataFiles.forget();
    assertThrows(IllegalStateException.class, () -> PointsDatasets.load(c, null), "no output folder: nothing to read");
    assertArrayEquals(((PointSet) checked.checked().data()).values(), PointsDatasets.load(c, out).values());

    DataFiles.forget();
    Files.writeString(pinned, Files.readString(pinned).replace("x,y", "y,x"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> PointsDatasets.load(c, out));
    assertTrue(e.getMessage().contains("its checksum changed since the driver pinned it"), e.getMessage());
  }
}
