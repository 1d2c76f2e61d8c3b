package dev.graduation.ingest.apps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The app permissions a registration may declare: the {@code permission} column of
 * {@code catalog/app-permissions.csv} (see {@code catalog/SOURCE.md} beside it for its origin).
 */
public final class PermissionCatalog {

  static final String RESOURCE = "/catalog/app-permissions.csv";

  private final Set<String> permissions;

  public PermissionCatalog(Set<String> permissions) {
    this.permissions = Collections.unmodifiableSet(new LinkedHashSet<>(permissions));
  }

  /** The catalog shipped in this jar. */
  public static PermissionCatalog load() {
    try (InputStream in = PermissionCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + RESOURCE);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String header = reader.readLine();
      if (header == null || !header.startsWith("permission,")) {
        throw new IllegalStateException(RESOURCE + " does not start with a 'permission' column");
      }
      Set<String> names = new LinkedHashSet<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        // The permission is the first column and never quoted (names are identifiers).
        String name = line.split(",", 2)[0].trim();
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
      return new PermissionCatalog(names);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  public boolean contains(String permission) {
    return permissions.contains(permission);
  }

  /** All permissions, in catalog order. */
  public Set<String> permissions() {
    return permissions;
  }
}
