package dev.graduation.ingest.apps;

import java.util.List;

/** A validated {@code PUT /v1/apps/{appId}} body. */
public record RegistrationRequest(
    String appId, String name, String description, List<String> permissions) {

  public RegistrationRequest {
    permissions = List.copyOf(permissions);
  }
}
