package dev.graduation.streams.rules;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An app's activity over one evaluation window: the only input of the rules.
 *
 * @param from window start, inclusive
 * @param to window end (the evaluation instant), inclusive
 * @param totals counts over the window (contract section 7, "Totals")
 * @param endpoints per normalised endpoint template, API calls only; sorted by template
 * @param permissions per permission: calls (API and OAuth) whose catalog operation names it
 * @param hours per UTC hour that has any traffic in the window, oldest first: the part of that
 *     hour inside the window
 * @param registration the app's registration, if it has one
 */
public record WindowActivity(
    Instant from,
    Instant to,
    Totals totals,
    Map<String, EndpointActivity> endpoints,
    Map<String, CallCounts> permissions,
    List<HourActivity> hours,
    Optional<Registration> registration) {

  /**
   * Counts over the window. calls, successful, clientErrors (4xx incl. 429), throttled (429) and
   * serverErrors (5xx) count API calls only; oauthCalls, oauthThrottled and tokenRequests count
   * OAuth traffic.
   */
  public record Totals(
      long calls,
      long successful,
      long clientErrors,
      long throttled,
      long serverErrors,
      long oauthCalls,
      long oauthThrottled,
      long tokenRequests) {

    public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** Calls and 2xx calls. */
  public record CallCounts(long calls, long successful) {

    public static final CallCounts ZERO = new CallCounts(0, 0);

    public CallCounts plus(CallCounts other) {
      return new CallCounts(calls + other.calls, successful + other.successful);
    }
  }

  /** One endpoint: its totals and the same counts per HTTP method, methods sorted. */
  public record EndpointActivity(
      String endpoint, CallCounts counts, Map<String, CallCounts> byMethod) {}

  /** One UTC hour (the part inside the window): token requests next to API calls. */
  public record HourActivity(Instant hourStart, long tokenRequests, long apiCalls) {}

  /** What the rules need of a registration. */
  public record Registration(String name, String description, List<String> permissions) {}
}
