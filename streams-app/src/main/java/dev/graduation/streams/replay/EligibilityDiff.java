package dev.graduation.streams.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.graduation.streams.replay.AppDifference.FieldDifference;
import dev.graduation.streams.replay.AppDifference.RuleDifference;
import dev.graduation.streams.replay.AppDifference.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares two eligibility answers (contract section 6 JSON) of one app at one instant: the
 * verdict, each rule's outcome and figures ({@code passed}, {@code actual}, {@code required}),
 * the totals, the counts per endpoint and per permission. Messages and remedies are left out:
 * they follow from the figures. Numbers compare by value (5 and 5.0 are equal).
 */
public final class EligibilityDiff {

  private static final List<String> RULE_FIELDS = List.of("passed", "actual", "required");
  private static final List<String> TOTALS =
      List.of("calls", "successful", "clientErrors", "throttled", "serverErrors", "oauthCalls", "tokenRequests");

  private EligibilityDiff() {}

  /**
   * @param live the live version's answer, null if it does not know the app (404)
   * @param replayed the replayed version's answer, null if it does not know the app
   * @return empty when they agree
   */
  public static Optional<AppDifference> compare(String appId, JsonNode live, JsonNode replayed) {
    if (live == null || replayed == null) {
      if (live == null && replayed == null) {
        return Optional.empty();
      }
      JsonNode known = TextNode.valueOf("known");
      JsonNode unknown = TextNode.valueOf("unknown");
      return Optional.of(new AppDifference(
          appId,
          new Values(eligible(live), eligible(replayed)),
          null,
          new FieldDifference("app", live == null ? unknown : known, replayed == null ? unknown : known)));
    }
    RuleDifference firstRule = firstRule(live.path("rules"), replayed.path("rules"));
    List<FieldDifference> fields = new ArrayList<>();
    field(fields, "eligible", live.path("eligible"), replayed.path("eligible"));
    if (firstRule != null) {
      Map<String, JsonNode> liveRules = byKey(live.path("rules"), "id");
      Map<String, JsonNode> replayedRules = byKey(replayed.path("rules"), "id");
      for (String field : RULE_FIELDS) {
        field(fields, "rules[\"" + firstRule.id() + "\"]." + field,
            liveRules.getOrDefault(firstRule.id(), MissingNode.getInstance()).path(field),
            replayedRules.getOrDefault(firstRule.id(), MissingNode.getInstance()).path(field));
      }
    }
    for (String total : TOTALS) {
      field(fields, "totals." + total, live.path("totals").path(total), replayed.path("totals").path(total));
    }
    keyed(fields, "endpoints", "endpoint", List.of("calls", "successful"), live, replayed);
    keyed(fields, "permissions", "permission", List.of("declared", "calls", "successful"), live, replayed);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new AppDifference(
        appId, new Values(value(live.path("eligible")), value(replayed.path("eligible"))), firstRule, fields.get(0)));
  }

  /** The first rule, in the live answer's (contract) order, that differs in outcome or figures. */
  private static RuleDifference firstRule(JsonNode liveRules, JsonNode replayedRules) {
    Map<String, JsonNode> live = byKey(liveRules, "id");
    Map<String, JsonNode> replayed = byKey(replayedRules, "id");
    Set<String> ids = new LinkedHashSet<>(live.keySet());
    ids.addAll(replayed.keySet());
    for (String id : ids) {
      JsonNode a = live.getOrDefault(id, MissingNode.getInstance());
      JsonNode b = replayed.getOrDefault(id, MissingNode.getInstance());
      if (RULE_FIELDS.stream().anyMatch(field -> !same(a.path(field), b.path(field)))) {
        return new RuleDifference(
            id,
            new Values(value(a.path("passed")), value(b.path("passed"))),
            new Values(value(a.path("actual")), value(b.path("actual"))));
      }
    }
    return null;
  }

  /** Rows of an array keyed by one of their fields, in order: live rows first, then replayed-only ones. */
  private static void keyed(
      List<FieldDifference> fields, String array, String key, List<String> counts, JsonNode live, JsonNode replayed) {
    Map<String, JsonNode> a = byKey(live.path(array), key);
    Map<String, JsonNode> b = byKey(replayed.path(array), key);
    Set<String> keys = new LinkedHashSet<>(a.keySet());
    keys.addAll(b.keySet());
    for (String name : keys) {
      for (String count : counts) {
        field(fields, array + "[\"" + name + "\"]." + count,
            a.getOrDefault(name, MissingNode.getInstance()).path(count),
            b.getOrDefault(name, MissingNode.getInstance()).path(count));
      }
    }
  }

  private static Map<String, JsonNode> byKey(JsonNode array, String key) {
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    array.forEach(row -> rows.put(row.path(key).asText(), row));
    return rows;
  }

  private static void field(List<FieldDifference> fields, String path, JsonNode live, JsonNode replayed) {
    if (!same(live, replayed)) {
      fields.add(new FieldDifference(path, value(live), value(replayed)));
    }
  }

  private static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  private static JsonNode eligible(JsonNode answer) {
    return answer == null ? NullNode.getInstance() : value(answer.path("eligible"));
  }

  /** A field one side does not have is written as JSON null. */
  private static JsonNode value(JsonNode node) {
    return node.isMissingNode() ? NullNode.getInstance() : node;
  }
}
