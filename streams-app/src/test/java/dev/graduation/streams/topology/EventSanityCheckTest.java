package dev.graduation.streams.topology;

import static dev.graduation.streams.Calls.CALL_LOG_PATH;
import static dev.graduation.streams.Calls.DAY_1;
import static dev.graduation.streams.Calls.okCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graduation.events.ApiCallEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventSanityCheckTest {

  private static final ApiCallEvent GOOD = okCall("app-1", CALL_LOG_PATH, DAY_1);

  private static String problem(ApiCallEvent.Builder event) {
    ApiCallEvent built = event.build();
    return EventSanityCheck.problem(built.getAppId(), built);
  }

  @Test
  void aGatewayEventPasses() {
    assertThat(EventSanityCheck.requireCountable("app-1", GOOD)).isSameAs(GOOD);
  }

  @Test
  void eachImpossibleValueIsNamed() {
    assertThat(problem(ApiCallEvent.newBuilder(GOOD).setStatus(999))).isEqualTo("status 999 is not an HTTP status");
    assertThat(problem(ApiCallEvent.newBuilder(GOOD).setStatus(99))).isEqualTo("status 99 is not an HTTP status");
    assertThat(problem(ApiCallEvent.newBuilder(GOOD).setLatencyMs(-1L))).isEqualTo("latencyMs must not be negative");
    assertThat(problem(ApiCallEvent.newBuilder(GOOD).setMethod("get"))).isEqualTo("method get is not an HTTP method of the contract");
    assertThat(problem(ApiCallEvent.newBuilder(GOOD).setPath("restapi"))).isEqualTo("path must start with / and be at most 2048 characters");
    assertThat(problem(ApiCallEvent.newBuilder(GOOD).setPath("/" + "a".repeat(2048)))).isEqualTo("path must start with / and be at most 2048 characters");
    assertThat(problem(ApiCallEvent.newBuilder(GOOD).setEventId(""))).isEqualTo("eventId must be 1-128 characters");
    assertThat(problem(ApiCallEvent.newBuilder(GOOD).setEventId("e".repeat(129)))).isEqualTo("eventId must be 1-128 characters");
    assertThat(problem(ApiCallEvent.newBuilder(GOOD).setAppId("app/../other"))).isEqualTo("appId must match [A-Za-z0-9._-]{1,64}");
    assertThat(problem(ApiCallEvent.newBuilder(GOOD).setTimestamp(Instant.EPOCH))).isEqualTo("timestamp must be after 1970");
  }

  @Test
  void theKeyMustBeTheAppId() {
    assertThat(EventSanityCheck.problem("app-2", GOOD)).isEqualTo("record key must be the appId");
    assertThatThrownBy(() -> EventSanityCheck.requireCountable(null, GOOD))
        .isInstanceOf(ImpossibleEventException.class)
        .hasMessage("record key must be the appId");
  }

  @Test
  void aTombstoneIsNoCall() {
    assertThatThrownBy(() -> EventSanityCheck.requireCountable("app-1", null))
        .isInstanceOf(ImpossibleEventException.class)
        .hasMessage("a call needs a value: api-calls is not compacted, so a tombstone means nothing");
  }

  @Test
  void boundariesAreAllowed() {
    assertThat(problem(ApiCallEvent.newBuilder(GOOD).setStatus(100))).isNull();
    assertThat(problem(ApiCallEvent.newBuilder(GOOD).setStatus(599))).isNull();
    assertThat(problem(ApiCallEvent.newBuilder(GOOD).setLatencyMs(0L))).isNull();
    assertThat(problem(ApiCallEvent.newBuilder(GOOD).setEventId("e".repeat(128)))).isNull();
    assertThat(problem(ApiCallEvent.newBuilder(GOOD).setPath("/" + "a".repeat(2047)))).isNull();
  }
}
