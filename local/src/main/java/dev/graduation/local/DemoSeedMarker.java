package dev.graduation.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;

/**
 * A small file in the data directory saying when the demo history was first posted and whether
 * every event of it was accepted. It lives beside the broker's data so that both go together: a
 * fresh data directory gets a fresh demo.
 */
public final class DemoSeedMarker {

  private static final String STARTED_AT = "startedAt";
  private static final String COMPLETE = "complete";

  /**
   * @param startedAt when the first attempt began: the instant every eventId and event time of
   *     the history derives from
   * @param complete every event of the history was answered 202
   */
  public record State(Optional<Instant> startedAt, boolean complete) {
    static final State NONE = new State(Optional.empty(), false);
  }

  private final Path file;

  public DemoSeedMarker(Path file) {
    this.file = file;
  }

  public State read() {
    if (!Files.exists(file)) {
      return State.NONE;
    }
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
      String startedAt = properties.getProperty(STARTED_AT);
      return new State(
          startedAt == null ? Optional.empty() : Optional.of(Instant.parse(startedAt)),
          Boolean.parseBoolean(properties.getProperty(COMPLETE)));
    } catch (IOException | DateTimeParseException e) {
      throw new IllegalStateException(
          "cannot read " + file + " (delete it to post the demo history again): " + e.getMessage(), e);
    }
  }

  /** Replaces the file in one step, so that a crash leaves the old state or the new one. */
  public void write(State state) {
    Properties properties = new Properties();
    state.startedAt().ifPresent(at -> properties.setProperty(STARTED_AT, at.toString()));
    properties.setProperty(COMPLETE, Boolean.toString(state.complete()));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path next = file.resolveSibling(file.getFileName() + ".next");
      try (Writer out = Files.newBufferedWriter(next)) {
        properties.store(out, "Graduation Analytics demo history: written once per data directory");
      }
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
