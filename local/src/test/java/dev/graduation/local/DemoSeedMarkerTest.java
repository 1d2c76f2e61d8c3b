package dev.graduation.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoSeedMarkerTest {

  @TempDir Path dir;

  @Test
  void aFreshDataDirectoryHasNoHistory() {
    assertThat(new DemoSeedMarker(dir.resolve("demo-seed.properties")).read())
        .isEqualTo(new DemoSeedMarker.State(Optional.empty(), false));
  }

  @Test
  void whatIsWrittenIsReadBackByAnotherInstance() {
    Instant at = Instant.parse("2026-12-07T17:45:12.345Z");
    new DemoSeedMarker(dir.resolve("sub/demo-seed.properties")).write(new DemoSeedMarker.State(Optional.of(at), false));
    assertThat(new DemoSeedMarker(dir.resolve("sub/demo-seed.properties")).read())
        .isEqualTo(new DemoSeedMarker.State(Optional.of(at), false));

    new DemoSeedMarker(dir.resolve("sub/demo-seed.properties")).write(new DemoSeedMarker.State(Optional.of(at), true));
    assertThat(new DemoSeedMarker(dir.resolve("sub/demo-seed.properties")).read())
        .isEqualTo(new DemoSeedMarker.State(Optional.of(at), true));
  }

  @Test
  void aDamagedFileSaysWhichFileAndWhatToDo() throws Exception {
    Path file = dir.resolve("demo-seed.properties");
    Files.writeString(file, "startedAt=yesterday\n");
    assertThatThrownBy(() -> new DemoSeedMarker(file).read())
        .hasMessageContaining(file.toString())
        .hasMessageContaining("delete it");
  }
}
