package dev.graduation.embedded;

/**
 * A request the registry refuses, with the HTTP status and the Confluent {@code error_code} that
 * clients switch on (40401 unknown subject, 40402 unknown version, 40403 unknown schema, 409
 * incompatible, 42201 invalid schema, 42202 invalid version, 50001 store failure).
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
