package dev.graduation.streams.replay;

import dev.graduation.schemas.Topics;
import dev.graduation.streams.StreamsAppConfig;
import dev.graduation.streams.activity.AppStateVersions;
import dev.graduation.streams.activity.EligibilityEvaluator;
import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.query.AppQueries;
import dev.graduation.streams.query.LocalState;
import dev.graduation.streams.rules.GraduationRules;
import dev.graduation.streams.topology.GraduationTopology;
import dev.graduation.streams.version.ControlKeys;
import dev.graduation.streams.version.ControlTopic;
import dev.graduation.streams.version.VersionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replay run --version N}: builds version N's state from the retained input topics while
 * the live version keeps serving, then compares the two. The topology runs in this process under
 * {@code <application.id>-vN} with its own state directory, stores and changelogs, and writes its
 * verdict changes to a topic of its own ({@link InternalTopics#replayVerdicts}); it stops once its
 * committed offsets reach the end offsets captured at start. Started again after a crash, it
 * resumes from its committed offsets (exactly-once: what it counted before the crash is counted
 * once).
 */
@Command(
    name = "run",
    description = "Replay api-calls and app-registrations into version N, show progress, print the diff report.")
final class RunCommand extends VersionCommand {

  private static final Duration POLL = Duration.ofMillis(500);

  @Option(names = "--from", paramLabel = "INSTANT",
      description = "Start api-calls at the first offset of each partition at or after this instant (ISO-8601)"
          + " instead of the earliest; a resumed version ignores it.")
  Instant from;

  @Option(names = "--catalog", paramLabel = "FILE",
      description = "The endpoint catalog (CSV, the shipped api-catalog.csv's columns) this version enriches with;"
          + " default: the shipped one.")
  Path catalogFile;

  @Option(names = "--at", paramLabel = "INSTANT",
      description = "The instant both versions are compared at (ISO-8601); default: when the replay caught up.")
  Instant at;

  @Option(names = "--live-url", paramLabel = "URL",
      description = "Any live streams-app instance's query API; default: http://<advertised.host>:<http.port>.")
  String liveUrl;

  @Option(names = "--query-token", paramLabel = "TOKEN",
      description = "Bearer token for the live query API; default: the first of --query-tokens.")
  String queryToken;

  @Option(names = "--report", paramLabel = "FILE", description = "Also write the diff report as JSON to this file.")
  Path report;

  @Option(names = "--status-port", paramLabel = "PORT", defaultValue = "0",
      description = "Port of GET /replay/status and /metrics (default: a free one, printed).")
  int statusPort;

  @Override
  int execute(StreamsAppConfig config) throws Exception {
    Clock clock = Clock.systemUTC();
    String applicationId = applicationId(config);
    ControlTopic control = new ControlTopic(config.clientProperties());
    if (!dryRun) {
      control.ensureExists((short) config.replicationFactor());
    }
    ControlTopic.Snapshot snapshot = control.read();
    VersionRecord live = active(config, snapshot);
    if (live.applicationId().equals(applicationId)) {
      throw new Refused("version " + version + " (" + applicationId + ") is the live version: replay a new version number");
    }
    VersionRecord record = versionRecord(applicationId, clock);
    VersionRecord earlier = recorded(config, snapshot, version);
    if (earlier != null && !Objects.equals(earlier.catalogCsv(), record.catalogCsv())) {
      throw new Refused("version " + version + " was replayed with catalog "
          + (earlier.catalogSource() == null ? "shipped" : earlier.catalogSource()) + ", not this one: replay"
          + " another version number, or `replay cleanup --version " + version + "` first");
    }
    EndpointCatalog catalog = record.catalog(EndpointCatalog.load());
    String verdictTopic = InternalTopics.replayVerdicts(applicationId);

    try (Admin admin = Admin.create(config.clientProperties())) {
      List<TopicPartition> calls = partitions(Topics.API_CALLS.name(), Topics.API_CALLS.partitions());
      List<TopicPartition> registrations = partitions(Topics.APP_REGISTRATIONS.name(), Topics.APP_REGISTRATIONS.partitions());
      List<TopicPartition> inputs = new ArrayList<>(calls);
      inputs.addAll(registrations);
      Map<TopicPartition, Long> committed = ReplayProgress.committed(admin, applicationId);
      StartOffsets start = StartOffsets.decide(!committed.isEmpty(), from);
      Map<TopicPartition, ListOffsetsResultInfo> earliest = offsets(admin, inputs, OffsetSpec.forTimestamp(0));
      Map<TopicPartition, Long> logStart = offsetsOf(offsets(admin, inputs, OffsetSpec.earliest()));
      checkHistory(config, start, calls, earliest, logStart, committed, clock);

      step("record version " + version + " as " + record.describe() + " under " + Topics.CONTROL.name() + " key "
          + ControlKeys.version(config.applicationId(), version));
      step(start.describe(applicationId, from) + "; app-registrations from its earliest offset");
      step("write its verdict changes to " + verdictTopic + " (not eligibility-changes: the live version writes there)");
      step("run the topology under " + applicationId + ", state in " + config.stateDir().resolve(applicationId).toAbsolutePath()
          + ", until its committed offsets reach the end offsets of api-calls and app-registrations as they are at start");
      String url = liveUrl != null ? liveUrl : "http://" + config.advertisedHost() + ":" + config.httpPort();
      step("compare every app's eligibility at " + (at != null ? at : "the instant it caught up") + " with the live version "
          + live.applicationId() + " at " + url + (report != null ? ", and write the report to " + report : ""));
      if (dryRun) {
        return 0;
      }

      if (earlier == null) {
        control.write(ControlKeys.version(config.applicationId(), version), record.toJson());
      }
      createVerdictTopic(admin, verdictTopic, config);
      removeStaleMembers(admin, applicationId);
      Map<TopicPartition, Long> from = startOffsets(admin, applicationId, start, calls, registrations, committed, logStart);
      Map<TopicPartition, Long> target = offsetsOf(offsets(admin, inputs, OffsetSpec.latest()));
      return replay(config, applicationId, record, live, catalog, verdictTopic, admin, from, target, committed, url, clock);
    }
  }

  private int replay(
      StreamsAppConfig config, String applicationId, VersionRecord record, VersionRecord live, EndpointCatalog catalog,
      String verdictTopic, Admin admin, Map<TopicPartition, Long> start, Map<TopicPartition, Long> target,
      Map<TopicPartition, Long> committed, String url, Clock clock) throws Exception {
    String startedAt = clock.instant().toString();
    ReplayProgress progress = new ReplayProgress(admin, applicationId, start, target, committed);
    AtomicReference<ReplayStatus> status = new AtomicReference<>(
        new ReplayStatus(version, applicationId, "replaying", 0, ReplayProgress.total(start, target), 0, null, startedAt));
    try (StatusServer server = StatusServer.start(config.httpHost(), statusPort, status)) {
      out.println("status: http://" + config.advertisedHost() + ":" + server.port() + "/replay/status (and /metrics)");
      StreamsAppConfig versionConfig = config.toBuilder().applicationId(applicationId).httpPort(server.port()).build();
      KafkaStreams streams =
          new KafkaStreams(
              GraduationTopology.build(config.topologySettings(), catalog, clock, new AppStateVersions(), verdictTopic),
              versionConfig.streamsProperties());
      AtomicReference<Throwable> failure = new AtomicReference<>();
      streams.setUncaughtExceptionHandler(e -> {
        failure.set(e);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      });
      streams.start();
      try {
        if (!catchUp(progress, status, streams, failure)) {
          return 1;
        }
        status.set(withPhase(status.get(), "comparing"));
        Instant compareAt = at != null ? at : clock.instant().truncatedTo(ChronoUnit.SECONDS);
        AppQueries queries =
            new AppQueries(new EligibilityEvaluator(
                config.rules(), GraduationRules.forCatalog(catalog), config.dailyRetention(), clock));
        String token = queryToken != null ? queryToken : config.queryTokens().get(0);
        DiffReport diff =
            DiffReport.compare(
                live.applicationId(), new LiveAnswers(url, token), record.applicationId(),
                new LocalState(streams, Topics.API_CALLS.partitions()), queries, compareAt);
        out.println(diff.text());
        if (report != null) {
          diff.write(report);
          out.println("report written to " + report);
        }
        status.set(withPhase(status.get(), "done"));
        out.println("next: `replay cutover --version " + version + "` to serve it, then `replay cleanup --version "
            + live.version() + "`");
        return 0;
      } finally {
        // Leave the group: the live instances that take this version over need not wait for us.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
      }
    }
  }

  /** Shows progress until the replay has committed the target offsets; false if it failed. */
  private boolean catchUp(
      ReplayProgress progress, AtomicReference<ReplayStatus> status, KafkaStreams streams,
      AtomicReference<Throwable> failure) throws InterruptedException {
    ReplayStatus initial = status.get();
    try (ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("replay v" + version)
            .setInitialMax(initial.recordsTotal())
            .setUnit(" records", 1)
            .showSpeed()
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis((int) POLL.toMillis())
            .setConsumer(new ConsoleProgressBarConsumer(out))
            .build()) {
      while (true) {
        ReplayProgress.Figures figures = progress.now();
        bar.stepTo(figures.done());
        status.set(new ReplayStatus(version, initial.applicationId(), "replaying", figures.done(), figures.total(),
            figures.eventsPerSecond(), figures.etaSeconds(), initial.startedAt()));
        if (figures.caughtUp()) {
          return true;
        }
        KafkaStreams.State state = streams.state();
        if (failure.get() != null || state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
            || state == KafkaStreams.State.NOT_RUNNING) {
          status.set(withPhase(status.get(), "failed"));
          System.err.println("replay: the topology stopped (" + state + ")"
              + (failure.get() == null ? "" : ": " + failure.get().getMessage()));
          return false;
        }
        Thread.sleep(POLL.toMillis());
      }
    }
  }

  private VersionRecord versionRecord(String applicationId, Clock clock) throws IOException {
    if (catalogFile == null) {
      return new VersionRecord(version, applicationId, null, null, clock.instant().toString());
    }
    String csv = Files.readString(catalogFile);
    try {
      EndpointCatalog.fromCsv(csv, catalogFile.toString()); // refuse a bad file before anything starts
    } catch (IllegalArgumentException e) {
      throw new Refused("--catalog " + catalogFile + ": " + e.getMessage());
    }
    return new VersionRecord(version, applicationId, catalogFile.getFileName().toString(), csv, clock.instant().toString());
  }

  /** Refuses a replay that needs events api-calls no longer holds. */
  private void checkHistory(
      StreamsAppConfig config, StartOffsets start, List<TopicPartition> calls,
      Map<TopicPartition, ListOffsetsResultInfo> earliest, Map<TopicPartition, Long> logStart,
      Map<TopicPartition, Long> committed, Clock clock) {
    if (start == StartOffsets.RESUME) {
      for (TopicPartition partition : calls) {
        long resumeAt = committed.getOrDefault(partition, 0L);
        if (committed.containsKey(partition) && resumeAt < logStart.get(partition)) {
          throw new Refused(partition + ": the replay stopped at offset " + resumeAt + ", but the topic now starts at "
              + logStart.get(partition) + ": those events are gone; `replay cleanup --version " + version + "` and start again");
        }
      }
      return;
    }
    // The day buckets hold 35 days of daily data: a replay from the earliest offset must find them.
    Duration longestWindow = config.dailyRetention().minus(Duration.ofDays(1));
    Instant neededFrom = from != null ? from : clock.instant().truncatedTo(ChronoUnit.DAYS).minus(longestWindow);
    String why = from != null ? "--from " + from : "the day buckets keep " + longestWindow.toDays() + " days";
    List<HistoryCheck.Partition> history = calls.stream()
        .map(p -> {
          ListOffsetsResultInfo first = earliest.get(p);
          Instant timestamp = first.offset() < 0 || first.timestamp() < 0 ? null : Instant.ofEpochMilli(first.timestamp());
          return new HistoryCheck.Partition(p.partition(), logStart.get(p), timestamp);
        })
        .toList();
    Optional<String> missing = HistoryCheck.missing(Topics.API_CALLS.name(), history, neededFrom, why);
    if (missing.isPresent()) {
      throw new Refused(missing.get());
    }
  }

  /** Where each input partition starts for this run, after setting the group's offsets for --from. */
  private Map<TopicPartition, Long> startOffsets(
      Admin admin, String applicationId, StartOffsets start, List<TopicPartition> calls, List<TopicPartition> registrations,
      Map<TopicPartition, Long> committed, Map<TopicPartition, Long> logStart)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, Long> offsets = new HashMap<>(logStart);
    if (start == StartOffsets.RESUME) {
      offsets.putAll(committed);
    } else if (start == StartOffsets.FROM_TIME) {
      Map<TopicPartition, Long> atTime = offsetsOf(offsets(admin, calls, OffsetSpec.forTimestamp(from.toEpochMilli())));
      Map<TopicPartition, Long> end = offsetsOf(offsets(admin, calls, OffsetSpec.latest()));
      Map<TopicPartition, OffsetAndMetadata> group = new HashMap<>();
      for (TopicPartition partition : calls) {
        long offset = atTime.get(partition) < 0 ? end.get(partition) : atTime.get(partition); // -1: nothing that late
        group.put(partition, new OffsetAndMetadata(offset));
        offsets.put(partition, offset);
      }
      for (TopicPartition partition : registrations) {
        group.put(partition, new OffsetAndMetadata(logStart.get(partition)));
      }
      admin.alterConsumerGroupOffsets(applicationId, group).all().get();
    }
    return offsets;
  }

  private static void createVerdictTopic(Admin admin, String topic, StreamsAppConfig config)
      throws InterruptedException {
    try {
      admin.createTopics(List.of(
          new NewTopic(
                  topic, Optional.of(Topics.ELIGIBILITY_CHANGES.partitions()),
                  config.replicationFactor() < 0 ? Optional.empty() : Optional.of((short) config.replicationFactor()))
              .configs(Topics.ELIGIBILITY_CHANGES.configs())))
          .all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new Refused("cannot create " + topic + ": " + e.getCause().getMessage());
      }
    }
  }

  /**
   * A replay killed the hard way leaves its consumers in the group until their session times out
   * (45 s), and the run started again would wait for them. Nothing else runs this version (it is
   * not live), so its members are stale.
   */
  private void removeStaleMembers(Admin admin, String groupId) throws InterruptedException, ExecutionException {
    ConsumerGroupDescription group;
    try {
      group = admin.describeConsumerGroups(List.of(groupId)).all().get().get(groupId);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return; // a new version: no group yet
      }
      throw e;
    }
    if (group != null && !group.members().isEmpty()) {
      out.println("removing " + group.members().size() + " stale member(s) of " + groupId + " (an earlier run that died)");
      admin.removeMembersFromConsumerGroup(groupId, new RemoveMembersFromConsumerGroupOptions()).all().get();
    }
  }

  private static ReplayStatus withPhase(ReplayStatus s, String phase) {
    return new ReplayStatus(s.version(), s.applicationId(), phase, s.recordsDone(), s.recordsTotal(), s.eventsPerSecond(),
        s.etaSeconds(), s.startedAt());
  }

  private static List<TopicPartition> partitions(String topic, int count) {
    return IntStream.range(0, count).mapToObj(p -> new TopicPartition(topic, p)).toList();
  }

  private static Map<TopicPartition, ListOffsetsResultInfo> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
      throws InterruptedException, ExecutionException {
    return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec))).all().get();
  }

  private static Map<TopicPartition, Long> offsetsOf(Map<TopicPartition, ListOffsetsResultInfo> infos) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    infos.forEach((partition, info) -> offsets.put(partition, info.offset()));
    return offsets;
  }
}
