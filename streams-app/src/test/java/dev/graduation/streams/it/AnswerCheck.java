package dev.graduation.streams.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graduation.streams.it.TrafficModel.Call;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The query API's answers held against {@link Oracle}, one line per difference ("app: what
 * expected X but was Y"), so that a failing test lists every wrong app at once.
 */
final class AnswerCheck {

  private AnswerCheck() {}

  /** An eligibility answer: the 7 totals, calls and successful per endpoint, verdict and failed rules. */
  static List<String> eligibility(Oracle.Expected expected, JsonNode body) {
    List<String> diffs = new ArrayList<>();
    String app = expected.appId();
    expected.totals().forEach((field, value) -> {
      long actual = body.path("totals").path(field).asLong(-1);
      if (actual != value) {
        diffs.add(String.format("%s: totals.%s expected %d but was %d", app, field, value, actual));
      }
    });
    diffs.addAll(endpoints(expected, body.path("endpoints")));
    List<String> failed = new ArrayList<>();
    body.path("rules").forEach(rule -> {
      if (!rule.path("passed").asBoolean()) {
        failed.add(rule.path("id").asText());
      }
    });
    List<String> wantedFailed = List.copyOf(expected.failedRules());
    boolean eligible = body.path("eligible").asBoolean();
    if (eligible != expected.eligible() || !failed.equals(wantedFailed)) {
      diffs.add(String.format("%s: eligible expected %s (failing %s) but was %s (failing %s)",
          app, expected.eligible(), wantedFailed, eligible, failed));
    }
    return diffs;
  }

  /** An {@code endpoints} array (of an eligibility or an endpoints answer): calls and successful. */
  static List<String> endpoints(Oracle.Expected expected, JsonNode endpointsArray) {
    Map<String, Oracle.Counts> wanted = new TreeMap<>();
    expected.endpoints().forEach((endpoint, row) -> wanted.put(endpoint, row.counts()));
    Map<String, Oracle.Counts> actual = new TreeMap<>();
    endpointsArray.forEach(e ->
        actual.put(e.path("endpoint").asText(), new Oracle.Counts(e.path("calls").asLong(), e.path("successful").asLong())));
    return actual.equals(wanted)
        ? List.of()
        : List.of(String.format("%s: endpoints expected %s but were %s", expected.appId(), wanted, actual));
  }

  /**
   * Per UTC day from {@code firstDay} to {@code at}'s: calls, successful, 4xx, 429, 5xx (API calls),
   * OAuth calls and token requests, as the oracle counts them from the deduplicated input.
   */
  static String expectedDays(List<Call> calls, Instant firstDay, Instant at) {
    Map<Instant, long[]> days = new TreeMap<>();
    for (Instant day = firstDay; !day.isAfter(at); day = day.plus(Duration.ofDays(1))) {
      days.put(day, new long[7]);
    }
    for (Call call : calls) {
      long[] day = days.get(call.timestamp().truncatedTo(ChronoUnit.DAYS));
      if (day == null) {
        continue; // after `at`
      }
      int status = call.status();
      if (call.route().oauth()) {
        day[5]++;
        day[6] += call.route().tokenRequest() ? 1 : 0;
      } else {
        day[0]++;
        day[1] += status / 100 == 2 ? 1 : 0;
        day[2] += status / 100 == 4 ? 1 : 0;
        day[3] += status == 429 ? 1 : 0;
        day[4] += status / 100 == 5 ? 1 : 0;
      }
    }
    List<String> lines = new ArrayList<>();
    days.forEach((start, counts) -> lines.add(start + " " + Arrays.toString(counts)));
    return String.join(", ", lines);
  }

  /** The same figures from a {@code calls?granularity=day} answer. */
  static String actualDays(JsonNode body) {
    List<String> lines = new ArrayList<>();
    for (JsonNode bucket : body.path("buckets")) {
      long[] counts = {
        bucket.path("calls").asLong(-1), bucket.path("successful").asLong(-1), bucket.path("clientErrors").asLong(-1),
        bucket.path("throttled").asLong(-1), bucket.path("serverErrors").asLong(-1), bucket.path("oauthCalls").asLong(-1),
        bucket.path("tokenRequests").asLong(-1)
      };
      lines.add(bucket.path("start").asText() + " " + Arrays.toString(counts));
    }
    return String.join(", ", lines);
  }
}
