package dev.graduation.streams.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one app's eligibility differs between the live version and the replayed one, at the same
 * instant.
 *
 * @param appId the app
 * @param eligible the verdicts, live then replayed (null where a side does not know the app)
 * @param firstRule the first rule, in contract order, whose outcome or figures differ; null if
 *     every rule agrees
 * @param firstField the first differing field of the answer (eligible, a rule, totals, endpoints,
 *     permissions, in that order), as a path such as {@code endpoints["GET /a"].calls}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AppDifference(String appId, Values eligible, RuleDifference firstRule, FieldDifference firstField) {

  /** A pair of values, live then replayed. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Values(JsonNode live, JsonNode replayed) {}

  /**
   * A rule that differs.
   *
   * @param passed live then replayed
   * @param actual the rule's actual figure, live then replayed
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record RuleDifference(String id, Values passed, Values actual) {}

  /** A field that differs, with both values. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record FieldDifference(String path, JsonNode live, JsonNode replayed) {}

  /** One line for the terminal. */
  public String describe() {
    StringBuilder line = new StringBuilder(appId).append(": eligible ")
        .append(text(eligible.live())).append(" -> ").append(text(eligible.replayed()));
    if (firstRule != null) {
      line.append("; rule ").append(firstRule.id()).append(" passed ")
          .append(text(firstRule.passed().live())).append(" -> ").append(text(firstRule.passed().replayed()))
          .append(", actual ")
          .append(text(firstRule.actual().live())).append(" -> ").append(text(firstRule.actual().replayed()));
    }
    line.append("; first difference ").append(firstField.path()).append(": ")
        .append(text(firstField.live())).append(" -> ").append(text(firstField.replayed()));
    return line.toString();
  }

  private static String text(JsonNode value) {
    return value == null || value.isNull() ? "none" : value.toString();
  }
}
