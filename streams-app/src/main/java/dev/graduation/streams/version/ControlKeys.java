package dev.graduation.streams.version;

/**
 * Keys and application ids of versions. Version 1 is the application id as configured (today's
 * deployments need no migration); version N is {@code <application-id>-vN}. Keys of the control
 * topic start with the configured application id, so deployments that share a cluster do not
 * see each other's versions.
 */
public final class ControlKeys {

  private ControlKeys() {}

  /** The key whose latest record is the version every instance serves. */
  public static String active(String baseApplicationId) {
    return baseApplicationId + "/active";
  }

  /** The key of version {@code n}'s record, written when a replay of it starts. */
  public static String version(String baseApplicationId, int n) {
    return baseApplicationId + "/v" + n;
  }

  /** The application id of version {@code n}. */
  public static String applicationId(String baseApplicationId, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("versions start at 1, was " + n);
    }
    return n == 1 ? baseApplicationId : baseApplicationId + "-v" + n;
  }
}
