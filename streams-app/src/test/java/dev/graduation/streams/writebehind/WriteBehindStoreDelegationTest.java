package dev.graduation.streams.writebehind;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.processor.StateStore;
import org.junit.jupiter.api.Test;

/**
 * Every method of Kafka's {@link StateStore} with a default is implemented by {@link
 * WriteBehindStore} (and so given to the store underneath, as Kafka's own wrapping stores do). A
 * default left in place is how the KIP-1035 offset methods of Kafka 4.4 went missing: the wrapper
 * looked like a store managing no offsets, and under exactly-once every task move wiped and
 * restored the task from scratch. Seen failing with {@code commit(Map)}, {@code committedOffset},
 * {@code managesOffsets} and {@code approximateNumUncommittedBytes} not overridden; it fails
 * again the day Kafka adds another default.
 */
class WriteBehindStoreDelegationTest {

  @Test
  void everyDefaultMethodOfStateStoreIsOverridden() {
    List<String> notOverridden =
        Arrays.stream(StateStore.class.getMethods())
            .filter(Method::isDefault)
            .filter(method -> !Modifier.isStatic(method.getModifiers()))
            .filter(method -> !declaredBy(method))
            .map(Method::getName)
            .toList();
    assertThat(notOverridden).isEmpty();
  }

  private static boolean declaredBy(Method method) {
    try {
      WriteBehindStore.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

}
