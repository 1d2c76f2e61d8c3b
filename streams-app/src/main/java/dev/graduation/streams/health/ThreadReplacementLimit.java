package dev.graduation.streams.health;

import java.time.Duration;

/**
 * How often a failed stream thread is replaced before the client gives up: at most {@code
 * maxReplacements} failures within {@code window} are answered with a new thread; the next one
 * shuts the Kafka Streams client down.
 *
 * <p>Why a bound: a deterministic failure (a bug, a record that cannot be written) fails the
 * replacement on the same record again, so replacing forever only loops, while readiness would
 * still say UP between the failures. A transient one (a broker hiccup outlasting the client's own
 * retries) rarely strikes more than a few times in ten minutes.
 *
 * @param maxReplacements failures within the window still answered with a new thread (default 3;
 *     0 = shut down at the first failure)
 * @param window how far back failures count (default 10 min)
 */
public record ThreadReplacementLimit(int maxReplacements, Duration window) {

  /** The defaults; the command line reads them from here (StreamsSettings). */
  public static final ThreadReplacementLimit DEFAULTS = new ThreadReplacementLimit(3, Duration.ofMinutes(10));

  public ThreadReplacementLimit {
    if (maxReplacements < 0) {
      throw new IllegalArgumentException("maxReplacements must be >= 0, was " + maxReplacements);
    }
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the thread replacement window must be positive, was " + window);
    }
  }
}
