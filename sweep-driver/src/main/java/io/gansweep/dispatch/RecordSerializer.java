package io.gansweep.dispatch;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * Kryo serializer for a Java record: writes each component with its class, reads them back and
 * calls the canonical constructor, so the record's invariants are checked again on the executor.
 * Needed because Spark 4.0 ships kryo-shaded 4.0.3, whose FieldSerializer writes final fields
 * through Unsafe, which Java 16+ refuses for records.
 */
final class RecordSerializer<T extends Record> extends Serializer<T> {

  private final RecordComponent[] components;
  private final Constructor<T> constructor;

  RecordSerializer(Class<T> type) {
    super(false, true);
    this.components = type.getRecordComponents();
    try {
      this.constructor = type.getDeclaredConstructor(
          Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      this.constructor.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("Cannot serialize " + type.getName() + ": no canonical constructor (got none; allowed records)", e);
    }
  }

  @Override
  public void write(Kryo kryo, Output output, T record) {
    for (RecordComponent c : components) {
      try {
        kryo.writeClassAndObject(output, c.getAccessor().invoke(record));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("Cannot serialize " + record.getClass().getName() + "." + c.getName() + ": accessor failed (got " + e + ")", e);
      }
    }
  }

  @Override
  public T read(Kryo kryo, Input input, Class<T> type) {
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = kryo.readClassAndObject(input);
    }
    try {
      return constructor.newInstance(values);
    } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw new IllegalStateException("Cannot deserialize " + type.getName() + ": constructor refused it (got " + cause + ")", cause);
    }
  }
}
