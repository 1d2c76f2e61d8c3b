package dev.graduation.streams.replay;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The topics that belong to one version: Kafka Streams' internal topics ({@code <application
 * id>-<name>-changelog} and {@code -repartition}) and the replay's own verdict topic. Version 1's
 * application id is a prefix of every other version's ({@code graduation-analytics} and {@code
 * graduation-analytics-v2}), so a topic of a later version is never taken for one of version 1.
 */
public final class InternalTopics {

  /** The suffix of the topic a replay writes its verdict changes to, after the application id. */
  static final String REPLAY_VERDICTS = "-replay-eligibility-changes";

  private static final Pattern LATER_VERSION = Pattern.compile("v\\d+-.*");

  private InternalTopics() {}

  /** The topic a replay of {@code applicationId} writes verdict changes to. */
  public static String replayVerdicts(String applicationId) {
    return applicationId + REPLAY_VERDICTS;
  }

  /** Those of {@code topics} that belong to the version with this application id, sorted. */
  public static List<String> of(String applicationId, Collection<String> topics) {
    String prefix = applicationId + "-";
    return topics.stream()
        .filter(topic -> topic.startsWith(prefix))
        .filter(topic -> !LATER_VERSION.matcher(topic.substring(prefix.length())).matches())
        .filter(topic -> topic.endsWith("-changelog") || topic.endsWith("-repartition") || topic.endsWith(REPLAY_VERDICTS))
        .sorted()
        .toList();
  }
}
