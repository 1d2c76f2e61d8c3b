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
 * <p>Standbys do not answer queries by default ({@code maxLag} -1). Under exactly-once a standby
 * copy without a checkpoint is wiped and rebuilt (after a crash, after most moves between
 * instances), and on Kafka 4.4 such copies were seen reporting a lag of one record while an
 * app's older buckets were still missing (ScaleOutIntegrationTest with {@code
 * -DscaleOutTest.maxStandbyLag=100}: "crash-app-079: totals.calls expected 9 but was 0" in about
 * one run in two). Copies restored from scratch for a promotion were always right. So a query
 * about an app whose owner is down is a 503 + Retry-After until the group has moved its
 * partition, and never a wrong number.
 *
 * @param replicas standby copies per partition (default 1; 0 = none)
 * @param maxLag -1 (default): standbys never answer queries; else the most changelog records a
 *     standby copy may be behind and still answer for an owner that does not answer (the lag of the
 *     copy that answered is in the answer's {@code X-Standby-Lag} header)
 */
public record StandbyPolicy(int replicas, long maxLag) {

  /** The defaults; the command line reads them from here (StreamsSettings). */
  public static final StandbyPolicy DEFAULTS = new StandbyPolicy(1, -1);

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
