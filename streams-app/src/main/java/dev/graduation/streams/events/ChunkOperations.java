package dev.graduation.streams.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The distinct operations of a chunk's calls (what the catalog said, and the environment), in
 * the order they first appear: the writer stores each once, and the chunk splitter measures
 * each once per chunk.
 */
final class ChunkOperations {

  /**
   * Up to this many distinct operations (the usual case: an app calls a few dozen endpoints), a
   * call's operation is found by comparing with each, newest first: hashing a key per call cost
   * more. Beyond, by hash.
   */
  private static final int LINEAR_SEARCH_LIMIT = 32;

  /** The first call of each operation. */
  private final List<ReceivedCall> firsts = new ArrayList<>();
  private Map<OperationKey, Integer> many;

  /** The index of {@code received}'s operation, added as the next one if new. */
  int indexOf(ReceivedCall received) {
    int index = many == null ? recentIndexOf(received) : many.getOrDefault(OperationKey.of(received), -1);
    if (index >= 0) {
      return index;
    }
    index = firsts.size();
    firsts.add(received);
    if (many != null) {
      many.put(OperationKey.of(received), index);
    } else if (firsts.size() > LINEAR_SEARCH_LIMIT) {
      many = new HashMap<>();
      for (int j = 0; j < firsts.size(); j++) {
        many.put(OperationKey.of(firsts.get(j)), j);
      }
    }
    return index;
  }

  int size() {
    return firsts.size();
  }

  /** The first call of each operation, by index. */
  List<ReceivedCall> firsts() {
    return firsts;
  }

  private int recentIndexOf(ReceivedCall received) {
    for (int j = firsts.size() - 1; j >= 0; j--) {
      if (OperationKey.sameOperation(firsts.get(j), received)) {
        return j;
      }
    }
    return -1;
  }

  /** What the calls of one {@link ChunkOperation} share (the endpoint key stands for method and template). */
  private record OperationKey(
      String endpointKey, String permission, boolean oauth, boolean tokenRequest, String environment) {

    static OperationKey of(ReceivedCall received) {
      EnrichedCall call = received.call();
      return new OperationKey(
          received.endpointKey(), call.getPermission(), call.getOauth(), call.getTokenRequest(), call.getEnvironment());
    }

    /** Whether the two calls share an operation; what {@code of(a).equals(of(b))} says, without allocating. */
    static boolean sameOperation(ReceivedCall a, ReceivedCall b) {
      EnrichedCall x = a.call();
      EnrichedCall y = b.call();
      return a.endpointKey().equals(b.endpointKey())
          && Objects.equals(x.getPermission(), y.getPermission())
          && x.getOauth() == y.getOauth()
          && x.getTokenRequest() == y.getTokenRequest()
          && x.getEnvironment().equals(y.getEnvironment());
    }
  }
}
