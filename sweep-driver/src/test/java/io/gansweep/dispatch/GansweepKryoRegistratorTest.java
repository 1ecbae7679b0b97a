package io.gansweep.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.spec.Screen;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.ScreenRow;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialStatus;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** Everything gansweep sends goes through Spark's Kryo with registration required. */
class GansweepKryoRegistratorTest {

  static SerializerInstance kryo() {
    SparkConf conf = SweepConfForTest.kryo();
    return new KryoSerializer(conf).newInstance();
  }

  static <T> T roundTrip(T value) {
    SerializerInstance k = kryo();
    ClassTag<T> tag = ClassTag$.MODULE$.apply(value.getClass());
    ByteBuffer bytes = k.serialize(value, tag);
    return k.deserialize(bytes, tag);
  }

  @Test
  void everyRecordSentToOrFromExecutorsRoundTrips() {
    TrialConfig config = TrialConfig.of(Map.of(), 2);
    DispatchedTrial t = new DispatchedTrial("s-00000000", 3, config, 0.25, 2, "file:/tmp/x");
    assertEquals(t, roundTrip(t));
    TrialReport r = new TrialReport(3, config.trialId(), TrialStatus.DIVERGED, null, null, 1.5, 1.25, 1.75, "gpu:1", "non-finite");
    assertEquals(r, roundTrip(r));
    DispatchedTrial[] array = {t, t};
    assertEquals(2, roundTrip(array).length);
    ScreenTask screen = new ScreenTask("s-00000000", "0123456789abcdef", "lr_g 10", config, new Screen(Screen.Type.G_FIT, 300, 2), 0, 1,
        "file:/tmp/x");
    assertEquals(screen, roundTrip(screen));
    ScreenRow row = new ScreenRow("0123456789abcdef", "lr_g 10", 10, 300, 3.3, 2e24, 1, false, "G-only fit diverged", 0.5);
    assertEquals(row, roundTrip(row));
  }

  /** The test a new class would fail: sending anything unregistered is refused at once. */
  @Test
  void anUnregisteredClassIsRefused() {
    record NotRegistered(int x) {}
    Exception e = assertThrows(Exception.class, () -> kryo().serialize(new NotRegistered(1), ClassTag$.MODULE$.apply(NotRegistered.class)));
    assertTrue(String.valueOf(e.getMessage()).contains("Class is not registered"), e.toString());
  }

  /** A record's invariants hold on the executor too: the canonical constructor runs on read. */
  @Test
  void deserializationRunsTheRecordConstructor() {
    SerializerInstance k = kryo();
    TrialReport ok = new TrialReport(0, "x", TrialStatus.COMPLETED, 0.1, 8, 1.0, 0.75, 1.25, "cpu", null);
    ByteBuffer bytes = k.serialize(ok, ClassTag$.MODULE$.apply(TrialReport.class));
    TrialReport back = k.deserialize(bytes, ClassTag$.MODULE$.apply(TrialReport.class));
    assertEquals(ok, back);
  }

  /**
   * An out-of-range config on the wire (lr_g 1e-4 overwritten with -1.0 in the serialized bytes)
   * is refused when the executor reads it: the record's constructor checks the catalog's ranges.
   */
  @Test
  void anOutOfRangeConfigIsRefusedOnRead() {
    SerializerInstance k = kryo();
    ClassTag<TrialConfig> tag = ClassTag$.MODULE$.apply(TrialConfig.class);
    ByteBuffer buffer = k.serialize(TrialConfig.of(Map.of(Hyperparameter.LR_G, 1.0e-4), 0), tag);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    java.nio.ByteOrder order = java.nio.ByteOrder.BIG_ENDIAN;
    if (indexOf(bytes, ByteBuffer.allocate(8).order(order).putDouble(1.0e-4).array()) < 0) {
      order = java.nio.ByteOrder.LITTLE_ENDIAN; // Kryo's unsafe output writes native order
    }
    byte[] bad = ByteBuffer.allocate(8).order(order).putDouble(-1.0).array();
    int at = indexOf(bytes, ByteBuffer.allocate(8).order(order).putDouble(1.0e-4).array());
    assertTrue(at >= 0, "lr_g's 8 bytes are in the record");
    System.arraycopy(bad, 0, bytes, at, 8);
    Exception e = assertThrows(Exception.class, () -> k.deserialize(ByteBuffer.wrap(bytes), tag));
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
      cause = cause.getCause();
    }
    assertTrue(String.valueOf(cause.getMessage()).contains("lr_g is out of range (got -1.0;"), e.toString());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
