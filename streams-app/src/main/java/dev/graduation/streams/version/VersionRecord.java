package dev.graduation.streams.version;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graduation.streams.catalog.EndpointCatalog;

/**
 * A version of the topology as the control topic records it: the application id its state and
 * consumer group live under, and the catalog it enriches calls with. {@code replay run} records
 * the version it builds under {@link ControlKeys#version}; {@code replay cutover} copies that
 * record to {@link ControlKeys#active}, which every streams-app instance serves.
 *
 * @param version 1 for the application id as configured, N for {@code <application-id>-vN}
 * @param applicationId the Kafka Streams application.id of this version
 * @param catalogSource where the catalog came from (a file name), or null for the shipped one
 * @param catalogCsv the catalog's CSV text, or null for the one the instance ships with: kept in
 *     the record so that every instance enriches with the catalog the version was replayed with
 * @param recordedAt when the record was written (ISO-8601)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record VersionRecord(
    int version, String applicationId, String catalogSource, String catalogCsv, String recordedAt) {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public VersionRecord {
    if (version < 1) {
      throw new IllegalArgumentException("version must be 1 or more, was " + version);
    }
    if (applicationId == null || applicationId.isBlank()) {
      throw new IllegalArgumentException("applicationId is missing");
    }
    if ((catalogCsv == null) != (catalogSource == null)) {
      throw new IllegalArgumentException("catalogSource and catalogCsv go together");
    }
  }

  /** Version 1: the configured application id and the catalog the instance ships with. */
  public static VersionRecord first(String baseApplicationId) {
    return new VersionRecord(1, baseApplicationId, null, null, null);
  }

  /** The catalog of this version: its own, or {@code shipped} when it has none. */
  public EndpointCatalog catalog(EndpointCatalog shipped) {
    return catalogCsv == null ? shipped : EndpointCatalog.fromCsv(catalogCsv, "catalog of " + applicationId);
  }

  /** "graduation-analytics-v2 (catalog new.csv)" for messages. */
  public String describe() {
    return applicationId + " (catalog " + (catalogSource == null ? "shipped" : catalogSource) + ")";
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a version record is always writable", e);
    }
  }

  /**
   * @throws IllegalArgumentException naming what is wrong, for a value that is not a version
   *     record (so that a hand-written record never switches instances to nonsense)
   */
  public static VersionRecord parse(String json) {
    if (json == null) {
      throw new IllegalArgumentException("no value (a deleted record)");
    }
    try {
      return JSON.readValue(json, VersionRecord.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException bad ? bad : null;
      throw new IllegalArgumentException(
          "not a version record: " + (cause != null ? cause.getMessage() : e.getOriginalMessage()), e);
    }
  }
}
