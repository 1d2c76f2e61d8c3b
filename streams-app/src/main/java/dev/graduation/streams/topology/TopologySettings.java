package dev.graduation.streams.topology;

import dev.graduation.streams.rules.RuleConfig;
import java.time.Duration;
import java.util.Map;

/**
 * What {@link GraduationTopology} needs to know, and nothing else: the service's whole
 * configuration ({@code StreamsAppConfig}, which documents every default) makes one of these.
 *
 * @param serdeConfig settings of every Avro serde (the registry URL, its credentials)
 * @param dedupHorizon an eventId seen again within this much event time is dropped
 * @param recentCallsRetention raw calls kept to answer partial hours exactly
 * @param hourlyRetention hour buckets kept
 * @param dailyRetention day buckets kept; also how far back traffic makes an app known
 * @param liveWindowsPerStore app windows each activity store of a task keeps in memory
 * @param verdictInterval how often the apps with new calls are re-evaluated
 * @param verdictSweepInterval how often every app is re-evaluated (verdicts change with the clock)
 * @param rules rule thresholds and window mode
 */
public record TopologySettings(
    Map<String, Object> serdeConfig,
    Duration dedupHorizon,
    Duration recentCallsRetention,
    Duration hourlyRetention,
    Duration dailyRetention,
    int liveWindowsPerStore,
    Duration verdictInterval,
    Duration verdictSweepInterval,
    RuleConfig rules) {}
