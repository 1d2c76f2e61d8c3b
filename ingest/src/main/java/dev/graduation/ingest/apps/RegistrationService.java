package dev.graduation.ingest.apps;

import dev.graduation.events.AppRegistration;
import dev.graduation.ingest.kafka.KafkaPublisher;
import dev.graduation.ingest.kafka.PublishFailedException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Stores registrations: keeps {@code registeredAt} from the first one, writes the new version to
 * the compacted topic and waits for Kafka's acknowledgement before anyone is told it is stored.
 */
public final class RegistrationService {

  /** The result of a PUT: the stored registration, and whether the app was new. */
  public record Outcome(boolean created, AppRegistration registration) {}

  /** The registry has not finished reading the topic, so "new or not" cannot be answered yet. */
  public static final class NotReadyException extends Exception {
    public NotReadyException() {
      super("app registrations are still being loaded", null, false, false);
    }
  }

  private static final int LOCK_STRIPES = 64;

  private final AppRegistry registry;
  private final KafkaPublisher publisher;
  private final Clock clock;
  private final Object[] locks = new Object[LOCK_STRIPES];

  public RegistrationService(AppRegistry registry, KafkaPublisher publisher, Clock clock) {
    this.registry = registry;
    this.publisher = publisher;
    this.clock = clock;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  public Outcome register(RegistrationRequest request)
      throws NotReadyException, PublishFailedException, InterruptedException {
    if (!registry.isLoaded()) {
      throw new NotReadyException();
    }
    // Two PUTs of one app on this instance at once must not both answer 201, nor both pick a
    // registeredAt: the read-write-record sequence runs under the app's lock.
    synchronized (locks[Math.floorMod(request.appId().hashCode(), LOCK_STRIPES)]) {
      Optional<AppRegistration> previous = registry.get(request.appId());
      Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      AppRegistration registration =
          AppRegistration.newBuilder()
              .setAppId(request.appId())
              .setName(request.name())
              .setDescription(request.description())
              .setPermissions(request.permissions())
              .setRegisteredAt(previous.map(AppRegistration::getRegisteredAt).orElse(now))
              .setUpdatedAt(now)
              .build();
      RecordMetadata written = publisher.publishRegistration(registration);
      registry.recordWritten(registration, written.partition(), written.offset());
      return new Outcome(previous.isEmpty(), registration);
    }
  }
}
