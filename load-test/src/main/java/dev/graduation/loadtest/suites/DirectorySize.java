package dev.graduation.loadtest.suites;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/** Bytes of the regular files under a directory: a streams app's state on disk. */
final class DirectorySize {

  private DirectorySize() {}

  static long bytes(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.mapToLong(DirectorySize::size).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return attributes.isRegularFile() ? attributes.size() : 0;
    } catch (NoSuchFileException e) {
      return 0; // RocksDB deleted it (compaction) while we walked
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
