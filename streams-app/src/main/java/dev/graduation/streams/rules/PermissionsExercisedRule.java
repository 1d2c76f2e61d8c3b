package dev.graduation.streams.rules;

import static dev.graduation.streams.rules.Phrases.count;

import dev.graduation.streams.rules.WindowActivity.CallCounts;
import dev.graduation.streams.rules.WindowActivity.Registration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code permissions-exercised}: every permission the registration declares has at least one
 * successful call in the window whose catalog operation names exactly that permission (no implied
 * permissions). Without a registration the rule fails ({@code actual} 0, {@code required} null); an
 * empty permission list holds it.
 *
 * <p>The remedy points at an example call per permission when it is given one, e.g. {@code
 * "ReadPresence" -> "GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/presence"}; the
 * rule itself stays a pure function of its inputs.
 */
public final class PermissionsExercisedRule implements Rule {

  public static final String ID = "permissions-exercised";

  private final Map<String, String> exampleCallByPermission;

  /** Remedies name the unexercised permissions only. */
  public PermissionsExercisedRule() {
    this(Map.of());
  }

  /**
   * @param exampleCallByPermission for a permission, a call that exercises it, as {@code "METHOD
   *     /template"}; see {@link GraduationRules#exampleCalls}
   */
  public PermissionsExercisedRule(Map<String, String> exampleCallByPermission) {
    this.exampleCallByPermission = Map.copyOf(exampleCallByPermission);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public RuleResult evaluate(WindowActivity activity, RuleConfig config) {
    Optional<Registration> registration = activity.registration();
    if (registration.isEmpty()) {
      return new RuleResult(
          ID,
          false,
          0L,
          null,
          "The app has no registration, so it declares no permissions to check.",
          "Register the app with " + Phrases.REGISTER + ", listing the permissions it uses.");
    }
    List<String> declared = new ArrayList<>(new LinkedHashSet<>(registration.get().permissions()));
    List<String> unused = new ArrayList<>();
    for (String permission : declared) {
      CallCounts counts = activity.permissions().getOrDefault(permission, CallCounts.ZERO);
      if (counts.successful() < 1) {
        unused.add(permission);
      }
    }
    long exercised = declared.size() - unused.size();
    boolean passed = unused.isEmpty();
    String message =
        declared.isEmpty()
            ? "The app declares no permissions, so it has none to exercise."
            : "The app exercised "
                + exercised
                + " of its "
                + count(declared.size(), "declared permission")
                + " with a successful call in the window.";
    return new RuleResult(
        ID, passed, exercised, (long) declared.size(), message, passed ? null : remedy(unused));
  }

  private String remedy(List<String> unused) {
    List<String> named = new ArrayList<>();
    for (String permission : unused) {
      String example = exampleCallByPermission.get(permission);
      named.add(example == null ? permission : permission + " (for example " + example + ")");
    }
    return "Make a successful call that exercises "
        + (unused.size() == 1 ? "" : "each of ")
        + Phrases.join(named)
        + ", or remove "
        + (unused.size() == 1 ? "it" : "them")
        + " from the app's registration.";
  }
}
