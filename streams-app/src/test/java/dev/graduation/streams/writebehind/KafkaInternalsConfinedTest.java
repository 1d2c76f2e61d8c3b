package dev.graduation.streams.writebehind;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Kafka's internal classes carry no compatibility promise: only this package may use them, behind
 * its guard test, so that a Kafka upgrade that changes them fails a test instead of silently
 * changing what a commit means. Scans the main sources of every module of the repository. Seen
 * failing with an internals import added to {@code VerdictProcessor}.
 */
class KafkaInternalsConfinedTest {

  private static final Pattern INTERNALS_IMPORT = Pattern.compile("(?m)^import (static )?org\\.apache\\.kafka\\.\\S*\\binternals\\.");
  private static final Path ALLOWED = Path.of("dev", "graduation", "streams", "writebehind");

  @Test
  void onlyTheWriteBehindPackageImportsKafkaInternals() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    assertThat(root.resolve("pom.xml")).exists();
    List<String> offenders;
    try (Stream<Path> files = Files.walk(root)) {
      offenders =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(file -> file.toString().contains(Path.of("src", "main", "java").toString()))
              .filter(file -> !file.getParent().endsWith(ALLOWED))
              .filter(file -> INTERNALS_IMPORT.matcher(read(file)).find())
              .map(file -> root.relativize(file).toString())
              .toList();
    }
    assertThat(offenders).as("main sources importing Kafka internals outside " + ALLOWED).isEmpty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
