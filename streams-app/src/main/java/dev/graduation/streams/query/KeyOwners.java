package dev.graduation.streams.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Who answers a query about one app: the routing decision of every {@code /v1/apps/{appId}/...}
 * route, in one place and without Kafka, so that each case is a unit test ({@code
 * KeyOwnersTest}). Kafka Streams says who owns the app's partition ({@link Owners}, from {@code
 * queryMetadataForKey}); this class says what this instance does about it.
 *
 * <ol>
 *   <li>No owners known (mid-rebalance, {@code KeyQueryMetadata.NOT_AVAILABLE}): 503.
 *   <li>This instance is the active owner: read locally, active tasks only.
 *   <li>A request another instance forwarded here is never forwarded again (one hop at most:
 *       instances that disagree mid-rebalance must not bounce it between them): answered from a
 *       standby copy here within {@code maxStandbyLag} changelog records (saying the lag), else
 *       503.
 *   <li>Otherwise forward: to the active owner first, then to the other standbys; only if none of
 *       them answers (the owner dead and not yet replaced), from this instance's own standby copy
 *       within the bound.
 * </ol>
 *
 * <p>Why the owner first even when a fresh standby is here: under exactly-once, standby copies
 * are wiped and rebuilt whenever they lack a checkpoint (after a crash, after most moves), and on
 * Kafka 4.4 a copy was seen answering with an app's data missing while reporting a lag of one
 * record (ScaleOutIntegrationTest, once in a few runs, after the restart of a killed instance).
 * Standbys are the failover path, not the everyday one.
 */
public final class KeyOwners {

  /**
   * Kafka Streams' view of an app's partition.
   *
   * @param active the instance with the active task
   * @param standbys the instances with a standby task (none with {@code num.standby.replicas=0})
   */
  public record Owners(int partition, HostInfo active, Set<HostInfo> standbys) {}

  /** What to do with a query. */
  public sealed interface Route permits Serve, Forward, Unavailable {}

  /**
   * Answer from this instance's stores.
   *
   * @param active read active tasks only ({@code requireActive}); else any local copy
   * @param lag changelog records the local copy was behind when last measured (0 when active)
   * @param owner the active owner, who alone may say that an app does not exist
   * @param copyGeneration which copy the lag was measured on (the reset count of {@code
   *     StandbyResets}); what the answer read must still be read from
   */
  public record Serve(int partition, boolean active, long lag, HostInfo owner, long copyGeneration) implements Route {

    public Serve(int partition, boolean active, long lag, HostInfo owner) {
      this(partition, active, lag, owner, 0);
    }

    Serve onCopy(long generation) {
      return new Serve(partition, active, lag, owner, generation);
    }
  }

  /**
   * Ask these instances, in order, marking the request forwarded.
   *
   * @param fallback this instance's own standby copy, answered from only when none of the targets
   *     answers (null: none)
   */
  public record Forward(List<HostInfo> targets, Serve fallback) implements Route {

    public Forward(List<HostInfo> targets) {
      this(targets, null);
    }
  }

  /** 503 with {@code Retry-After}: nobody can answer from here right now. */
  public record Unavailable(String reason) implements Route {}

  private final HostInfo self;
  private final long maxStandbyLag;

  /**
   * @param self this instance's {@code application.server}
   * @param maxStandbyLag the most changelog records a standby may be behind and still answer; -1:
   *     standbys never answer
   */
  public KeyOwners(HostInfo self, long maxStandbyLag) {
    this.self = self;
    this.maxStandbyLag = maxStandbyLag;
  }

  /**
   * @param owners null while Kafka Streams cannot say (rebalancing, starting)
   * @param localLag how far this instance's copy of the partition is behind, if it has one
   * @param forwarded whether another instance sent this request here
   */
  public Route route(Owners owners, OptionalLong localLag, boolean forwarded) {
    if (owners == null) {
      return new Unavailable("the owners of this app's partition are being reassigned (rebalance)");
    }
    if (self.equals(owners.active())) {
      return new Serve(owners.partition(), true, 0, owners.active());
    }
    boolean standby = owners.standbys().contains(self);
    Serve fromStandby =
        maxStandbyLag >= 0 && standby && localLag.isPresent() && localLag.getAsLong() <= maxStandbyLag
            ? new Serve(owners.partition(), false, localLag.getAsLong(), owners.active())
            : null;
    if (fromStandby != null && forwarded) {
      return fromStandby;
    }
    if (forwarded) {
      return new Unavailable(
          "partition " + owners.partition() + " is not served here"
              + (standby ? " (standby " + lagText(localLag) + " behind, more than " + maxStandbyLag + " records)" : "")
              + " and a forwarded query is not forwarded again");
    }
    List<HostInfo> targets = new ArrayList<>();
    targets.add(owners.active());
    owners.standbys().stream()
        .filter(host -> !host.equals(self))
        .sorted(Comparator.comparing(HostInfo::host).thenComparingInt(HostInfo::port))
        .forEach(targets::add);
    return new Forward(targets, fromStandby);
  }

  private static String lagText(OptionalLong lag) {
    return lag.isPresent() ? lag.getAsLong() + " records" : "an unknown number of records";
  }
}
