package dev.graduation.streams.activity;

import dev.graduation.streams.rules.GraduationRules;
import dev.graduation.streams.rules.WindowActivity;
import java.time.Instant;

/** An app's verdict at an instant, with the activity it was computed from. */
public record Eligibility(
    String appId, Instant evaluatedAt, WindowActivity activity, GraduationRules.Verdict verdict) {}
