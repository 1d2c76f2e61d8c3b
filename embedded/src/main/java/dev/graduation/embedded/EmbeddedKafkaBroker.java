package dev.graduation.embedded;

import dev.graduation.schemas.Topic;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka (broker and controller in one process) running inside this JVM, for
 * the local run and for integration tests.
 *
 * <p>It is a thin wrapper around {@link KafkaRaftServer}, the class that {@code kafka-server-start}
 * runs: the data directory is formatted once (like {@code kafka-storage format}) and then reused,
 * so a {@link #stop()} followed by {@link #start()} behaves like a broker restart: same ports, same
 * cluster id, same topics and records. Internal topics (consumer offsets, transaction state, share
 * state) are configured for one replica, so transactions and exactly-once Kafka Streams work.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private final Path dataDir;
  private final Map<String, String> overrides;
  /** SASL/PLAIN users and passwords of the secured listener; empty: no such listener. */
  private final Map<String, String> plainUsers;
  // Read by bootstrapServers() without the lock; written once by the first start().
  private volatile int port;
  private volatile int controllerPort;
  private volatile int saslPort;
  private KafkaRaftServer server;

  private EmbeddedKafkaBroker(Builder builder) {
    this.dataDir = builder.dataDir;
    this.port = builder.port;
    this.controllerPort = builder.controllerPort;
    this.overrides = Map.copyOf(builder.overrides);
    this.plainUsers = Map.copyOf(builder.plainUsers);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a broker; everything has a default except the data directory. */
  public static final class Builder {
    private Path dataDir;
    private int port;
    private int controllerPort;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private final Map<String, String> plainUsers = new LinkedHashMap<>();

    private Builder() {}

    /** Where the log and metadata live; formatted on first start, reused afterwards. Required. */
    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    /** PLAINTEXT client port on 127.0.0.1; 0 (default) picks a free one, kept across restarts. */
    public Builder port(int port) {
      this.port = checkPort(port);
      return this;
    }

    /** CONTROLLER port on 127.0.0.1; 0 (default) picks a free one, kept across restarts. */
    public Builder controllerPort(int port) {
      this.controllerPort = checkPort(port);
      return this;
    }

    /**
     * Adds a second client listener, {@code SASL_PLAINTEXT} with mechanism {@code PLAIN}, on which
     * this user (and any other added) must log in: {@link #saslBootstrapServers()}. The PLAINTEXT
     * listener stays for the broker's own admin calls, the embedded registry and inter-broker
     * traffic, so a client that should be refused must be pointed at the SASL listener. Not
     * called: no SASL listener at all (the default).
     */
    public Builder saslPlainUser(String user, String password) {
      if (user.isEmpty() || password.isEmpty() || (user + password).contains("\"")) {
        throw new IllegalArgumentException("SASL/PLAIN needs a user and a password without quotes");
      }
      plainUsers.put(user, password);
      return this;
    }

    /** An extra broker setting, or an override of one of ours (see {@code serverProperties}). */
    public Builder brokerConfig(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    public EmbeddedKafkaBroker build() {
      if (dataDir == null) {
        throw new IllegalStateException("dataDir is required");
      }
      return new EmbeddedKafkaBroker(this);
    }

    private static int checkPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Not a port: " + port);
      }
      return port;
    }
  }

  /**
   * Starts the broker (formatting the data directory the first time) and returns once an admin
   * client gets an answer to describeCluster, so the caller can create topics straight away.
   */
  public synchronized EmbeddedKafkaBroker start() {
    if (server != null) {
      return this;
    }
    // Ports are chosen once and remembered, so that a restarted broker is where clients left it.
    if (port == 0) {
      port = freePort();
    }
    if (controllerPort == 0) {
      controllerPort = freePort();
    }
    if (!plainUsers.isEmpty() && saslPort == 0) {
      saslPort = freePort();
    }
    KafkaConfig config = KafkaConfig.fromProps(serverProperties(), false);
    formatIfNeeded(config);
    KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      started.startup();
    } catch (RuntimeException e) {
      shutdown(started);
      throw new IllegalStateException("Kafka broker failed to start on " + bootstrapServers(), e);
    }
    server = started;
    try {
      awaitReady();
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
    LOG.info("Kafka broker ready on {} (data in {})", bootstrapServers(), dataDir);
    return this;
  }

  /** Shuts the broker down cleanly; the data stays, and {@link #start()} brings it back. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    KafkaRaftServer stopping = server;
    server = null;
    shutdown(stopping);
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** {@code 127.0.0.1:<port>}; the port is known (chosen) once the broker has started once. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /**
   * {@code 127.0.0.1:<port>} of the SASL_PLAINTEXT listener (see {@link Builder#saslPlainUser}).
   *
   * @throws IllegalStateException when the broker has no SASL listener
   */
  public String saslBootstrapServers() {
    if (plainUsers.isEmpty()) {
      throw new IllegalStateException("This broker has no SASL listener: build it with saslPlainUser(...)");
    }
    return HOST + ":" + saslPort;
  }

  /**
   * What a client needs to log in on the SASL listener as {@code user}: {@code security.protocol},
   * {@code sasl.mechanism} and {@code sasl.jaas.config}, under Kafka's names.
   */
  public static Map<String, String> saslPlainClientSettings(String user, String password) {
    return Map.of(
        "security.protocol", "SASL_PLAINTEXT",
        "sasl.mechanism", "PLAIN",
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
            + "\" password=\"" + password + "\";");
  }

  /** The client port; 0 before the first start when it is picked freely. */
  public int port() {
    return port;
  }

  /** The controller port; 0 before the first start when it is picked freely. */
  public int controllerPort() {
    return controllerPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** {@link #createTopics(Collection)} for a few topics. */
  public void createTopics(Topic<?>... topics) {
    createTopics(List.of(topics));
  }

  /**
   * Creates the topics with one replica; a topic that already exists is left as it is. Returns once
   * every partition has a leader, so producers do not start with NOT_LEADER retries.
   */
  public void createTopics(Collection<Topic<?>> topics) {
    List<NewTopic> newTopics = topics.stream().map(topic -> topic.newTopic((short) 1)).toList();
    try (Admin admin = admin()) {
      CreateTopicsResult result = admin.createTopics(newTopics);
      for (Map.Entry<String, KafkaFuture<Void>> entry : result.values().entrySet()) {
        try {
          entry.getValue().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("Cannot create topic " + entry.getKey(), e.getCause());
          }
        }
      }
      awaitLeaders(admin, newTopics.stream().map(NewTopic::name).toList());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out creating topics on " + bootstrapServers(), e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private Properties serverProperties() {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(NODE_ID));
    // Static quorum of one voter: no dynamic-quorum bootstrapping needed for a single node.
    props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    String sasl = plainUsers.isEmpty() ? "" : ",SASL_PLAINTEXT://" + HOST + ":" + saslPort;
    props.put("listeners", "PLAINTEXT://" + HOST + ":" + port + sasl + ",CONTROLLER://" + HOST + ":" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port + sasl);
    props.put(
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT" + (sasl.isEmpty() ? "" : ",SASL_PLAINTEXT:SASL_PLAINTEXT"));
    if (!plainUsers.isEmpty()) {
      props.put("sasl.enabled.mechanisms", "PLAIN");
      StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
      plainUsers.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
      props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
    }
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", dataDir.toAbsolutePath().toString());
    // One node: every internal topic has one replica, or the coordinators never come up and
    // transactional / idempotent producers and consumer groups hang.
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "5");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "5");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("num.partitions", "1");
    // Topics are created explicitly from Topics.ALL; a typo must fail, not create a topic.
    props.put("auto.create.topics.enable", "false");
    // Tests start one consumer at a time: waiting 3 s for more members is pure delay.
    props.put("group.initial.rebalance.delay.ms", "0");
    // The cleaner's default 128 MB dedupe buffer is wasted on a laptop-sized broker.
    props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    // Few cores are shared with the apps under test.
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "4");
    props.put("num.recovery.threads.per.data.dir", "1");
    props.put("background.threads", "4");
    props.putAll(overrides);
    return props;
  }

  /** What {@code kafka-storage format} does, once: skipped when meta.properties already exists. */
  private void formatIfNeeded(KafkaConfig config) {
    Path dir = dataDir.toAbsolutePath();
    // The file kafka-storage format writes (MetaPropertiesEnsemble.META_PROPERTIES_NAME, whose
    // class changed module between Kafka releases).
    if (Files.exists(dir.resolve("meta.properties"))) {
      return;
    }
    try {
      Files.createDirectories(dir);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setControllerListenerName("CONTROLLER")
          .setMetadataLogDirectory(config.metadataLogDir())
          .addDirectory(dir.toString())
          .run();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create Kafka data directory " + dir, e);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot format Kafka data directory " + dir, e);
    }
  }

  /** Polls describeCluster until the broker answers with itself as a live node. */
  private void awaitReady() {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    try (Admin admin = admin()) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException(
                "Kafka broker on " + bootstrapServers() + " did not answer within " + STARTUP_TIMEOUT, e);
          }
        }
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "Kafka broker on " + bootstrapServers() + " has no live node after " + STARTUP_TIMEOUT);
        }
        // A retry backoff, not a synchronisation: describeCluster has no "wait until" form.
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
    }
  }

  private void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      try {
        Map<String, TopicDescription> descriptions =
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
        boolean allLed =
            descriptions.values().stream()
                .flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        if (allLed) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        // Not in the broker's metadata yet: ask again until the deadline.
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("Topics " + topics + " have no leader after 30 s");
      }
      Thread.sleep(20); // retry backoff; the admin API has no "wait for leaders" call
    }
  }

  private Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
  }

  private static void shutdown(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("Kafka broker did not shut down cleanly", e);
    }
  }

  /**
   * A port that was free a moment ago. Another process may take it between our close and the
   * broker's bind (a small race, acceptable for tests and local runs); the broker then fails to
   * start with a bind error rather than silently using another port.
   */
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on " + HOST, e);
    }
  }
}
