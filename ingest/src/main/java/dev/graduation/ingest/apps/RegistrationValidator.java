package dev.graduation.ingest.apps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graduation.schemas.AppIds;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a {@code PUT /v1/apps/{appId}} request (contract section 4). Pure; the first problem is
 * reported, as {@code "<field>: <what is wrong>"}.
 *
 * <p>{@code name} is required; {@code description} and {@code permissions} default to empty. The
 * description is not held to the 40 characters of the app-description rule: a short one is a
 * legitimate registration that fails that rule, which is the rule's job to say. Repeated
 * permissions are stored once. Unknown fields are ignored; an {@code appId} in the body must be the
 * one in the path.
 */
public final class RegistrationValidator {

  public static final int MAX_NAME_LENGTH = 200;
  public static final int MAX_DESCRIPTION_LENGTH = 10_000;

  private final PermissionCatalog catalog;

  public RegistrationValidator(PermissionCatalog catalog) {
    this.catalog = catalog;
  }

  /** The outcome: a request to store, or the reason for a 400. */
  public sealed interface Result {
    record Valid(RegistrationRequest request) implements Result {}

    record Invalid(String error) implements Result {}
  }

  public Result validate(String appId, JsonNode body) {
    if (appId == null || !AppIds.isValid(appId)) {
      return new Result.Invalid("appId: " + AppIds.RULE);
    }
    if (body == null || !body.isObject()) {
      return new Result.Invalid("body: must be a JSON object");
    }
    JsonNode bodyAppId = field(body, "appId");
    if (bodyAppId != null && !(bodyAppId.isTextual() && bodyAppId.textValue().equals(appId))) {
      return new Result.Invalid("appId: must be the appId of the path, or absent");
    }

    JsonNode name = field(body, "name");
    if (name == null) {
      return new Result.Invalid("name: required");
    }
    if (!name.isTextual()) {
      return new Result.Invalid("name: must be a string");
    }
    if (name.textValue().isBlank()) {
      return new Result.Invalid("name: must not be blank");
    }
    if (codePoints(name.textValue()) > MAX_NAME_LENGTH) {
      return new Result.Invalid("name: longer than " + MAX_NAME_LENGTH + " characters");
    }

    String description = "";
    JsonNode descriptionNode = field(body, "description");
    if (descriptionNode != null) {
      if (!descriptionNode.isTextual()) {
        return new Result.Invalid("description: must be a string");
      }
      description = descriptionNode.textValue();
      if (codePoints(description) > MAX_DESCRIPTION_LENGTH) {
        return new Result.Invalid("description: longer than " + MAX_DESCRIPTION_LENGTH + " characters");
      }
    }

    Set<String> permissions = new LinkedHashSet<>();
    JsonNode permissionsNode = field(body, "permissions");
    if (permissionsNode != null) {
      if (!permissionsNode.isArray()) {
        return new Result.Invalid("permissions: must be an array of strings");
      }
      for (JsonNode permission : permissionsNode) {
        if (!permission.isTextual()) {
          return new Result.Invalid("permissions: must be an array of strings");
        }
        permissions.add(permission.textValue());
      }
      List<String> unknown = new ArrayList<>();
      for (String permission : permissions) {
        if (!catalog.contains(permission)) {
          unknown.add(permission);
        }
      }
      if (!unknown.isEmpty()) {
        return new Result.Invalid(
            "permissions: unknown permission"
                + (unknown.size() == 1 ? " " : "s ")
                + unknown.stream().map(p -> '"' + p + '"').collect(Collectors.joining(", ")));
      }
    }
    return new Result.Valid(
        new RegistrationRequest(appId, name.textValue(), description, List.copyOf(permissions)));
  }

  private static JsonNode field(JsonNode body, String name) {
    JsonNode value = body.get(name);
    return value == null || value.isNull() ? null : value;
  }

  private static int codePoints(String text) {
    return text.codePointCount(0, text.length());
  }
}
