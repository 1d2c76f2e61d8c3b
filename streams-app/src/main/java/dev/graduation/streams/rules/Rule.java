package dev.graduation.streams.rules;

/** One graduation rule: a pure function of an app's activity over the evaluation window. */
public interface Rule {

  /** The rule id of contract section 1, e.g. {@code total-successful-calls}. */
  String id();

  RuleResult evaluate(WindowActivity activity, RuleConfig config);
}
