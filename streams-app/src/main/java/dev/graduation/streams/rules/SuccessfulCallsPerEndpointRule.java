package dev.graduation.streams.rules;

import static dev.graduation.streams.rules.Phrases.count;

import dev.graduation.streams.rules.WindowActivity.CallCounts;
import dev.graduation.streams.rules.WindowActivity.EndpointActivity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code successful-calls-per-endpoint}: every endpoint the app called in the window, whatever the
 * status, has at least {@link RuleConfig#minSuccessfulPerEndpoint()} successful calls. An app that
 * called no endpoint holds the rule, with {@code actual} null.
 */
public final class SuccessfulCallsPerEndpointRule implements Rule {

  public static final String ID = "successful-calls-per-endpoint";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public RuleResult evaluate(WindowActivity activity, RuleConfig config) {
    long required = config.minSuccessfulPerEndpoint();
    List<EndpointActivity> endpoints =
        activity.endpoints().values().stream()
            .sorted(Comparator.comparing(EndpointActivity::endpoint))
            .toList();
    if (endpoints.isEmpty()) {
      return new RuleResult(
          ID,
          true,
          null,
          required,
          "The app called no endpoint in the window, so none is short of "
              + count(required, "successful call")
              + ".",
          null);
    }
    long fewest = endpoints.stream().mapToLong(e -> e.counts().successful()).min().orElseThrow();
    List<EndpointActivity> shortOnes =
        endpoints.stream().filter(e -> e.counts().successful() < required).toList();
    boolean passed = shortOnes.isEmpty();
    String message;
    if (endpoints.size() == 1) {
      message =
          "The one endpoint called has "
              + count(fewest, "successful call")
              + (passed ? ", at least " : ", fewer than ")
              + required
              + ".";
    } else if (passed) {
      message =
          "All "
              + endpoints.size()
              + " endpoints called have at least "
              + count(required, "successful call")
              + "; the fewest has "
              + fewest
              + ".";
    } else {
      message =
          shortOnes.size()
              + " of the "
              + endpoints.size()
              + " endpoints called "
              + (shortOnes.size() == 1 ? "has" : "have")
              + " fewer than "
              + count(required, "successful call")
              + "; the fewest has "
              + fewest
              + ".";
    }
    if (passed) {
      return new RuleResult(ID, true, fewest, required, message, null);
    }
    List<String> missing = new ArrayList<>();
    for (EndpointActivity e : shortOnes) {
      missing.add(
          count(required - e.counts().successful(), "more successful call") + " to " + call(e));
    }
    return new RuleResult(
        ID, false, fewest, required, message, "Make " + Phrases.join(missing) + ".");
  }

  /**
   * "GET /restapi/...": the endpoint with the method the app used most on it (ties go to the
   * alphabetically first method), since repeating what the app already does is the easy fix.
   */
  static String call(EndpointActivity endpoint) {
    return endpoint.byMethod().entrySet().stream()
        .min(
            Comparator.comparingLong((Map.Entry<String, CallCounts> m) -> -m.getValue().calls())
                .thenComparing(Map.Entry::getKey))
        .map(m -> m.getKey() + " " + endpoint.endpoint())
        .orElse(endpoint.endpoint());
  }
}
