package io.gansweep.dispatch;

import com.esotericsoftware.kryo.Kryo;
import io.gansweep.spec.Screen;
import io.gansweep.trial.ActivationKind;
import io.gansweep.trial.InitScheme;
import io.gansweep.trial.LossKind;
import io.gansweep.trial.PenaltyKind;
import io.gansweep.trial.ScreenRow;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialStatus;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * The one Kryo registrator of gansweep: every class that crosses the wire between driver and
 * executors. Spark runs with {@code spark.kryo.registrationRequired=true}, so sending anything not
 * listed here fails the job at once. Registration order decides class ids: DO NOT REORDER, only
 * append.
 */
public final class GansweepKryoRegistrator implements KryoRegistrator {

  @Override
  public void registerClasses(Kryo kryo) {
    // 1. Trial configuration (driver -> executor).
    kryo.register(TrialConfig.class, new TrialConfigSerializer());
    kryo.register(InitScheme.class);
    kryo.register(LossKind.class);
    kryo.register(PenaltyKind.class);
    kryo.register(DispatchedTrial.class, new RecordSerializer<>(DispatchedTrial.class));
    kryo.register(DispatchedTrial[].class);
    // 2. Results (executor -> driver).
    kryo.register(TrialStatus.class);
    kryo.register(TrialReport.class, new RecordSerializer<>(TrialReport.class));
    kryo.register(TrialReport[].class);
    // Append new registrations below this line.
    // 3. Packs of trials (driver -> executor), resources.pack.
    kryo.register(DispatchedPack.class, new RecordSerializer<>(DispatchedPack.class));
    // 4. Hidden activations of G and D (g_activation, d_activation).
    kryo.register(ActivationKind.class);
    // 5. Rungs of early termination (driver -> executor).
    kryo.register(DispatchedTrial.Stage.class, new RecordSerializer<>(DispatchedTrial.Stage.class));
    // 6. The G-only screen (driver -> executor, and its rows back).
    kryo.register(ScreenTask.class, new RecordSerializer<>(ScreenTask.class));
    kryo.register(Screen.class, new RecordSerializer<>(Screen.class));
    kryo.register(Screen.Type.class);
    kryo.register(ScreenRow.class, new RecordSerializer<>(ScreenRow.class));
  }
}
