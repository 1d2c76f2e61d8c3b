package dev.graduation.streams.rules;

import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.catalog.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seven graduation rules of contract section 1, in contract order, and the verdict over them.
 */
public final class GraduationRules {

  private GraduationRules() {}

  /**
   * All rules in contract order; the permissions remedy suggests, per permission, an example call
   * from {@code catalog}, the catalog the calls are enriched with.
   */
  public static List<Rule> forCatalog(EndpointCatalog catalog) {
    return rules(exampleCalls(catalog));
  }

  /** All rules in contract order, the permissions remedy using these example calls. */
  public static List<Rule> rules(Map<String, String> exampleCallByPermission) {
    return List.of(
        new TotalSuccessfulCallsRule(),
        new SuccessfulCallsPerEndpointRule(),
        new ClientErrorRateRule(),
        new NoThrottlingRule(),
        new PermissionsExercisedRule(exampleCallByPermission),
        new TokenUsageRule(),
        new AppDescriptionRule());
  }

  /** Per permission of the catalog, one call that exercises it: {@code "GET /restapi/..."}. */
  public static Map<String, String> exampleCalls(EndpointCatalog catalog) {
    Map<String, String> calls = new LinkedHashMap<>();
    for (Map.Entry<String, Operation> e : catalog.exampleOperationByPermission().entrySet()) {
      calls.put(e.getKey(), e.getValue().call());
    }
    return calls;
  }

  public static Verdict evaluate(WindowActivity activity, RuleConfig config, List<Rule> rules) {
    List<RuleResult> results = new ArrayList<>(rules.size());
    boolean eligible = true;
    for (Rule rule : rules) {
      RuleResult result = rule.evaluate(activity, config);
      results.add(result);
      eligible &= result.passed();
    }
    return new Verdict(eligible, results);
  }

  /**
   * @param eligible every rule passed
   * @param rules one result per rule, in contract order
   */
  public record Verdict(boolean eligible, List<RuleResult> rules) {

    public Verdict {
      rules = List.copyOf(rules);
    }

    /** The result of the rule with this id. */
    public RuleResult rule(String id) {
      return rules.stream()
          .filter(r -> r.id().equals(id))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no rule " + id));
    }
  }
}
