package dev.graduation.ingest.kafka;

/** Kafka (or the Schema Registry in front of it) did not take the records in time: answer 503. */
public final class PublishFailedException extends Exception {

  public PublishFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
