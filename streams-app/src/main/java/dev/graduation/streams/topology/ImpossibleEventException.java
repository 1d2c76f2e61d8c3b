package dev.graduation.streams.topology;

/** An event that deserialised but holds values no gateway can send: it goes to the DLQ. */
public final class ImpossibleEventException extends RuntimeException {

  public ImpossibleEventException(String reason) {
    super(reason, null, false, false);
  }
}
