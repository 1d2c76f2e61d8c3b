package dev.graduation.streams.query;

/**
 * Standby copies of the state and whether they answer queries.
 *
 * <p>{@code replicas} is Kafka Streams' {@code num.standby.replicas}: how many other instances
 * keep each partition's state up to date from its changelog. Default 1 always: Kafka Streams
 * never puts a standby on the instance that has the active task, so with one instance there is
 * none and nothing is spent, and from the second instance on every partition has a warm copy that
 * takes over within a rebalance instead of after a full restore from the changelog.
 *
 * <p>Standbys answer queries for an owner that does not, when at most {@code maxLag} changelog
 * records behind (default 100: under a tenth of a second of a busy partition's changes). Until
 * the state stores were made transactional (StreamsAppConfig), exactly-once wiped a standby copy
 * without a checkpoint at every crash and most moves, and such copies were seen reporting a lag
 * of one record while an app's older buckets were missing; standbys then stayed silent by
 * default. Transactional stores keep their committed offsets, nothing is wiped, and
 * ScaleOutIntegrationTest holds with standbys answering (-1 still turns them off).
 *
 * @param replicas standby copies per partition (default 1; 0 = none)
 * @param maxLag the most changelog records a standby copy may be behind and still answer
 *     (default 100; -1: standbys never answer) for an owner that does not answer (the lag of the
 *     copy that answered is in the answer's {@code X-Standby-Lag} header)
 */
public record StandbyPolicy(int replicas, long maxLag) {

  /** The defaults; the command line reads them from here (StreamsSettings). */
  public static final StandbyPolicy DEFAULTS = new StandbyPolicy(1, 100);

  public StandbyPolicy {
    if (replicas < 0 || maxLag < -1) {
      throw new IllegalArgumentException("standby replicas must be >= 0 and the lag >= -1, were " + replicas + " and " + maxLag);
    }
  }

  /** Whether standby copies answer queries at all. */
  public boolean standbysAnswer() {
    return maxLag >= 0;
  }
}
