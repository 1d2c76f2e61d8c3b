package dev.graduation.streams.rules;

/**
 * The outcome of one graduation rule, as the eligibility JSON shows it (contract sections 6 and 7).
 *
 * @param id the rule id of contract section 1
 * @param passed whether the rule holds
 * @param actual the measured value (a count or a fraction); null where the contract says so
 * @param required the threshold; null where the contract says so
 * @param message one sentence saying what was measured, for people
 * @param remedy null when passed; otherwise what the app must do, in plain words
 */
public record RuleResult(
    String id, boolean passed, Number actual, Number required, String message, String remedy) {}
