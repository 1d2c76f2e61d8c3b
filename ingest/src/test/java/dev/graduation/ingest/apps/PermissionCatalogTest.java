package dev.graduation.ingest.apps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PermissionCatalogTest {

  @Test
  void theShippedCatalogHasTheFortyOneAppPermissions() {
    PermissionCatalog catalog = PermissionCatalog.load();

    assertThat(catalog.permissions()).hasSize(41);
    assertThat(catalog.permissions()).first().isEqualTo("A2PSMS");
    assertThat(catalog.permissions()).last().isEqualTo("WebSocket");
    assertThat(catalog.permissions())
        .contains("ReadCallLog", "SMS", "ReadPresence", "SubscriptionWebhook", "RingSense");
    assertThat(catalog.contains("ReadCallLog")).isTrue();
    assertThat(catalog.contains("readcalllog")).isFalse();
    assertThat(catalog.contains("permission")).isFalse();
  }
}
