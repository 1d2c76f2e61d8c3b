package dev.graduation.streams.query;

/**
 * Standby copies of the state and when they may answer queries.
 *
 * <p>{@code replicas} is Kafka Streams' {@code num.standby.replicas}: how many other instances
 * keep each partition's state up to date from its changelog. Default 1 always: Kafka Streams
 * never puts a standby on the instance that has the active task, so with one instance there is
 * none and nothing is spent, and from the second instance on every partition has a warm copy that
 * takes over within a rebalance instead of after a restore from the changelog, and that answers
 * queries meanwhile. A deployment does not have to say how many instances it runs.
 *
 * @param replicas standby copies per partition (default 1; 0 = none)
 * @param maxLag the most changelog records a standby copy may be behind and still answer a query
 *     itself (default 100: a healthy standby is a commit or two behind; a copy that is restoring
 *     is far more). Beyond it the query goes to the active owner. The lag of the copy that
 *     answered is in the answer's {@code X-Standby-Lag} header.
 */
public record StandbyPolicy(int replicas, long maxLag) {

  /** The defaults; the command line reads them from here (StreamsSettings). */
  public static final StandbyPolicy DEFAULTS = new StandbyPolicy(1, 100);

  public StandbyPolicy {
    if (replicas < 0 || maxLag < 0) {
      throw new IllegalArgumentException("standby replicas and lag must be >= 0, were " + replicas + " and " + maxLag);
    }
  }
}
