package dev.graduation.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.util.Arrays;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * Javalin adds its connector after the server is configured: the larger socket read buffer must
 * reach that connector anyway.
 */
class ReadBufferTest {

  @Test
  void javalinsOwnConnectorReadsIn64KiB() {
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.startupWatcherEnabled = false;
              cfg.jetty.modifyServer(server -> server.addEventListener(IngestHttp.largerReadBuffers(server)));
            });
    try {
      app.start("127.0.0.1", 0);

      assertThat(
              Arrays.stream(app.jettyServer().server().getConnectors())
                  .map(connector -> connector.getConnectionFactory(HttpConnectionFactory.class).getInputBufferSize()))
          .containsExactly(64 * 1024);
      assertThat(IngestHttp.READ_BUFFER_BYTES).isEqualTo(64 * 1024);
    } finally {
      app.stop();
    }
  }
}
