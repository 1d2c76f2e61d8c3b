package dev.graduation.streams.replay;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /replay/status}: what the progress bar shows.
 *
 * @param phase {@code replaying} (catching up with the end offsets captured at start),
 *     {@code comparing} (caught up; the diff report is being built), {@code done}, or
 *     {@code failed}
 * @param etaSeconds null until a rate is known
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ReplayStatus(
    int version,
    String applicationId,
    String phase,
    long recordsDone,
    long recordsTotal,
    double eventsPerSecond,
    Long etaSeconds,
    String startedAt) {}
