package dev.graduation.embedded;

/**
 * A request the registry refuses, with the HTTP status and the Confluent {@code error_code} that
 * clients switch on, with Confluent's messages (its {@code rest.exceptions.Errors}): 40101
 * unauthorised, 40401 unknown subject, 40402 unknown version, 40403 unknown schema, 40404/40406
 * subject/version soft-deleted already, 40405/40407 not soft-deleted before a permanent delete,
 * 40408 no subject-level compatibility, 409 incompatible, 42201 invalid schema, 42202 invalid
 * version, 42203 invalid compatibility level, 50001 store failure.
 */
final class RegistryException extends RuntimeException {

  private final int status;
  private final int errorCode;

  RegistryException(int status, int errorCode, String message) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  static RegistryException subjectNotFound(String subject) {
    return new RegistryException(404, 40401, "Subject '" + subject + "' not found.");
  }

  static RegistryException versionNotFound(int version) {
    return new RegistryException(404, 40402, "Version " + version + " not found.");
  }

  static RegistryException schemaNotFound(String what) {
    return new RegistryException(404, 40403, what + " not found.");
  }

  static RegistryException unauthorised() {
    return new RegistryException(401, 40101, "Unauthorized");
  }

  static RegistryException subjectSoftDeleted(String subject) {
    // Confluent's message, missing space included.
    return new RegistryException(
        404, 40404, "Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently");
  }

  static RegistryException subjectNotSoftDeleted(String subject) {
    return new RegistryException(
        404, 40405, "Subject '" + subject + "' was not deleted first before being permanently deleted");
  }

  static RegistryException versionSoftDeleted(String subject, int version) {
    return new RegistryException(
        404,
        40406,
        "Subject '" + subject + "' Version " + version + " was soft deleted.Set permanent=true to delete permanently");
  }

  static RegistryException versionNotSoftDeleted(String subject, int version) {
    return new RegistryException(
        404,
        40407,
        "Subject '" + subject + "' Version " + version + " was not deleted first before being permanently deleted");
  }

  static RegistryException noSubjectLevelCompatibility(String subject) {
    return new RegistryException(
        404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
  }

  static RegistryException invalidCompatibilityLevel() {
    return new RegistryException(
        422,
        42203,
        "Invalid compatibility level. Valid values are none, backward, forward, full, "
            + "backward_transitive, forward_transitive, and full_transitive");
  }

  static RegistryException invalidSchema(String why) {
    return new RegistryException(422, 42201, "Invalid schema: " + why);
  }

  static RegistryException invalidVersion(String version) {
    return new RegistryException(
        422,
        42202,
        "The specified version '"
            + version
            + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
  }

  int status() {
    return status;
  }

  int errorCode() {
    return errorCode;
  }
}
