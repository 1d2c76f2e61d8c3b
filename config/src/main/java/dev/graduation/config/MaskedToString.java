package dev.graduation.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A config record's {@code toString} that is safe to log: like the record's own, except that a
 * {@link Secret} component shows only how many values it holds ({@code tokens=<2 configured>}),
 * map entries with a secret key ({@link Secrets#isSecretKey}) show {@link Secrets#MASK}, and
 * passwords in URLs are masked.
 */
public final class MaskedToString {

  private MaskedToString() {}

  public static String of(Record record) {
    StringBuilder text = new StringBuilder(record.getClass().getSimpleName()).append('[');
    RecordComponent[] components = record.getClass().getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      Object value = valueOf(component, record);
      text.append(i == 0 ? "" : ", ").append(component.getName()).append('=');
      text.append(component.isAnnotationPresent(Secret.class) ? secret(value) : shown(value));
    }
    return text.append(']').toString();
  }

  private static String secret(Object value) {
    if (value instanceof Collection<?> values) {
      return "<" + values.size() + " configured>";
    }
    return value == null ? "null" : Secrets.MASK;
  }

  private static String shown(Object value) {
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream()
          .map(e -> e.getKey() + "=" + Secrets.shown(String.valueOf(e.getKey()), String.valueOf(e.getValue())))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    return Secrets.maskUrlPasswords(String.valueOf(value));
  }

  private static Object valueOf(RecordComponent component, Record record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component.getName() + " of a " + record.getClass(), e);
    }
  }
}
