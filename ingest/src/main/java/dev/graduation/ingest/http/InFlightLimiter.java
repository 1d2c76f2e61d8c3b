package dev.graduation.ingest.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;

/**
 * Bounds the {@code /v1/*} requests handled at once. A request that finds no free slot is answered
 * 503 at once instead of queueing: a queue would only hold more bodies in memory while the gateway
 * waits, and the gateway retries anyway.
 */
final class InFlightLimiter {

  private final int capacity;
  private final Semaphore slots;
  private final Counter shed;

  InFlightLimiter(int capacity, MeterRegistry metrics) {
    this.capacity = capacity;
    this.slots = new Semaphore(capacity);
    Gauge.builder("ingest.requests.in.flight", this, InFlightLimiter::inFlight)
        .description("Requests on /v1/* being handled right now")
        .register(metrics);
    this.shed =
        Counter.builder("ingest.requests.shed")
            .description("Requests answered 503 because " + capacity + " were already in flight")
            .register(metrics);
  }

  boolean tryAcquire() {
    if (slots.tryAcquire()) {
      return true;
    }
    shed.increment();
    return false;
  }

  void release() {
    slots.release();
  }

  int inFlight() {
    return capacity - slots.availablePermits();
  }
}
