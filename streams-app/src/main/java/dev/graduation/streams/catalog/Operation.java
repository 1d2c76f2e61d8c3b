package dev.graduation.streams.catalog;

import java.util.Objects;

/**
 * One row of the API catalog: an HTTP method on a path template.
 *
 * @param method upper-case HTTP method, e.g. {@code GET}
 * @param template the spec's path template, e.g. {@code /restapi/v1.0/account/{accountId}/call-log}
 * @param operationId the spec's operation id, e.g. {@code readCompanyCallLog}
 * @param permission the app permission the operation exercises; null when it names none (an empty
 *     value is stored as null)
 * @param throttlingGroup Light, Medium, Heavy, Auth or NoThrottling
 * @param oauth whether it is an OAuth / OpenID Connect operation (never counted as an API call)
 */
public record Operation(
    String method,
    String template,
    String operationId,
    String permission,
    String throttlingGroup,
    boolean oauth) {

  public Operation {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(template, "template");
    if (permission != null && permission.isEmpty()) {
      permission = null;
    }
  }

  /** {@code "GET /restapi/..."}: how remedies and logs name an operation. */
  public String call() {
    return EndpointMatch.key(method, template);
  }
}
