package dev.graduation.streams.query;

import dev.graduation.events.AppRegistration;
import dev.graduation.schemas.Topics;
import dev.graduation.streams.StreamsAppConfig;
import dev.graduation.streams.activity.ActivityReader;
import dev.graduation.streams.activity.AppStateVersions;
import dev.graduation.streams.activity.EligibilityEvaluator;
import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.events.EnrichedCall;
import dev.graduation.streams.health.Readiness;
import dev.graduation.streams.rules.GraduationRules;
import dev.graduation.streams.rules.RuleConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.state.HostInfo;

/** A query server without Kafka, for tests of its HTTP layer, over a given state or none. */
public final class TestQueryServers {

  private TestQueryServers() {}

  /** On an ephemeral loopback port, ready, accepting {@code token}; every app is unknown. */
  public static QueryHttpServer withNoActivity(String token) {
    return over(token, Clock.systemUTC(), new NoActivity());
  }

  /**
   * As {@link #withNoActivity}, but answering from {@code state} (the only instance, owning every
   * partition) with {@code clock} as now; the retentions are the defaults.
   */
  public static QueryHttpServer over(String token, Clock clock, ActivityReader state) {
    StreamsAppConfig defaults = StreamsAppConfig.defaults();
    return QueryHttpServer.start(
        "127.0.0.1",
        0,
        List.of(token),
        new AppQueries(
            new EligibilityEvaluator(
                RuleConfig.DEFAULTS, GraduationRules.forCatalog(EndpointCatalog.load()), defaults.dailyRetention(), clock)),
        new AppStateVersions(),
        new QueryParams(clock, defaults.hourlyRetention(), defaults.dailyRetention(), defaults.recentCallsRetention()),
        new OneInstance(state),
        () -> new Readiness.Report("UP", "RUNNING", 0, null, null),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** The only instance, owning every partition. */
  private static final class OneInstance implements Cluster {
    private static final HostInfo SELF = new HostInfo("127.0.0.1", 0);
    private static final Set<Integer> ALL =
        IntStream.range(0, Topics.API_CALLS.partitions()).boxed().collect(Collectors.toCollection(TreeSet::new));
    private final ActivityReader state;

    OneInstance(ActivityReader state) {
      this.state = state;
    }

    @Override
    public HostInfo self() {
      return SELF;
    }

    @Override
    public KeyOwners.Route route(String appId, boolean forwarded) {
      return new KeyOwners.Serve(0, true, 0, SELF);
    }

    @Override
    public boolean stillFresh(KeyOwners.Serve serve, long readEndedNanos) {
      return true;
    }

    @Override
    public ActivityReader reader(KeyOwners.Serve serve) {
      return state;
    }

    @Override
    public List<Member> members() {
      return List.of(new Member(SELF, ALL, Set.of()));
    }

    @Override
    public List<Responses.AppSummary> localApps(Set<Integer> partitions, AppListing.Filter filter) {
      return List.of();
    }

    @Override
    public Responses.Instance localInstance() {
      return new Responses.Instance("127.0.0.1:0", true, "RUNNING", List.copyOf(ALL), List.of(), Map.of());
    }
  }

  /** No app has anything. */
  private static final class NoActivity implements ActivityReader {
    @Override
    public List<Bucket> hourly(String appId, Instant fromHour, Instant toHour) {
      return List.of();
    }

    @Override
    public List<Bucket> rolledUpDays(String appId, Instant fromDay, Instant toDay) {
      return List.of();
    }

    @Override
    public List<EnrichedCall> calls(String appId, Instant from, Instant to) {
      return List.of();
    }

    @Override
    public Optional<AppRegistration> registration(String appId) {
      return Optional.empty();
    }
  }
}
