package dev.graduation.streams.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graduation.streams.query.AppQueries;
import dev.graduation.streams.query.LocalState;
import dev.graduation.streams.query.QueryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What a replayed version would change, app by app: every app either version knows, its
 * eligibility at one instant from the live version (query API) and from the replayed state (the
 * same {@link AppQueries} over its stores), and for each app that differs the first differing
 * rule and field with both values ({@link EligibilityDiff}).
 *
 * @param live the live version's application id
 * @param replayed the replayed version's application id
 * @param at the instant both were asked about
 * @param appsCompared how many apps were compared
 * @param differences the apps that differ, in appId order
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DiffReport(String live, String replayed, String at, int appsCompared, List<AppDifference> differences) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static DiffReport compare(
      String liveVersion, LiveAnswers live, String replayedVersion, LocalState state, AppQueries queries, Instant at)
      throws InterruptedException {
    TreeSet<String> apps = new TreeSet<>(live.appIds());
    apps.addAll(state.appIds());
    List<AppDifference> differences = new ArrayList<>();
    for (String appId : apps) {
      JsonNode replayedAnswer = replayed(appId, state, queries, at);
      EligibilityDiff.compare(appId, live.eligibility(appId, at), replayedAnswer).ifPresent(differences::add);
    }
    return new DiffReport(liveVersion, replayedVersion, at.toString(), apps.size(), List.copyOf(differences));
  }

  /** The replayed version's answer, as the query API would write it; null for an app it does not know. */
  private static JsonNode replayed(String appId, LocalState state, AppQueries queries, Instant at) {
    try {
      return JSON.readTree(JSON.writeValueAsString(queries.eligibility(appId, at, state.reader(appId))));
    } catch (QueryException e) {
      if (e.status() == 404) {
        return null;
      }
      throw new IllegalStateException("the replayed state cannot answer for " + appId + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The report for the terminal. */
  public String text() {
    StringBuilder text = new StringBuilder()
        .append("Diff at ").append(at).append(": ").append(appsCompared).append(" apps compared, ")
        .append(differences.size()).append(" differ (live ").append(live).append(" -> replayed ").append(replayed).append(")");
    differences.forEach(d -> text.append(System.lineSeparator()).append("  ").append(d.describe()));
    return text.toString();
  }

  public String json() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void write(Path file) {
    try {
      Files.writeString(file, json());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + file, e);
    }
  }

  public static DiffReport read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), DiffReport.class);
  }
}
