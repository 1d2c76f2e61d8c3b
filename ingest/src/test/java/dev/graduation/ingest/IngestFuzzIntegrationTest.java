package dev.graduation.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Thousands of random and broken requests: bad JSON, wrong types, huge strings, control characters,
 * deep nesting, bytes that are not UTF-8, random routes. Whatever comes in, the answer is JSON with
 * a 2xx or 4xx status (503 allowed: the contract's "come back later"), and the service stays up.
 * Every request is derived from its own seed, printed on failure, so a failure reproduces.
 */
@Tag("integration")
@Timeout(300)
class IngestFuzzIntegrationTest {

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  private static final String TOKEN = "fuzz-token";
  private static final long BASE_SEED = 20_260_105L;
  private static final int REQUESTS = 5_000;
  private static final Set<Integer> EVENT_STATUSES = Set.of(202, 400, 413, 415, 503);
  /**
   * What no answer may contain: a qualified class name, an exception, a method call. Seen failing
   * with Jackson's messages passed on: "(64, from `StreamReadConstraints.getMaxNestingDepth()`)" in
   * answers to deeply nested bodies.
   */
  private static final Pattern JAVA_ISH = Pattern.compile("[a-z]+\\.[a-z]+\\.[A-Z]\\w+|Exception|\\(\\)");
  /** The client's own bytes, which Jackson quotes back ("Unrecognized token 'x.y.Z()'"). */
  private static final Pattern ECHOED_INPUT = Pattern.compile("'[^']*'");
  private static final Set<Integer> APP_STATUSES = Set.of(200, 201, 400, 413, 503);
  private static final Set<Integer> OTHER_STATUSES = Set.of(400, 404, 405);
  private static final String[] FIELDS = {
    "eventId", "appId", "timestamp", "method", "path", "status", "latencyMs", "environment"
  };

  private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private static IngestServer server;
  private static IngestClient client;

  @BeforeAll
  static void start() {
    server =
        IngestServer.start(
            TestIngestConfigs.onBroker(KAFKA, TOKEN)
                // Small enough that some fuzz bodies pass it, large enough for the huge strings.
                .withMaxBodyBytes(2L * 1024 * 1024),
            CLOCK);
    client = new IngestClient(server.port(), TOKEN).awaitReady();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** One fuzz request: where it goes and what it carries. */
  private record Case(long seed, String method, String path, String contentType, byte[] body, Set<Integer> allowed) {
    String describe() {
      String text = new String(body, 0, Math.min(body.length, 200), UTF_8);
      return "seed " + seed + ": " + method + " " + path + " (" + contentType + ", " + body.length + " bytes) "
          + text.replaceAll("\\p{Cntrl}", "?");
    }
  }

  @Test
  void noBodyMakesTheServiceFailOrAnswerAnythingButJson() throws Exception {
    long eventsBefore = TopicReader.count(KAFKA.bootstrapServers(), Topics.API_CALLS);
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    AtomicLong accepted = new AtomicLong();
    ExecutorService workers = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        long seed = BASE_SEED + i;
        tasks.add(
            workers.submit(
                () -> {
                  Case fuzz = generate(seed);
                  try {
                    HttpResponse<String> response = client.send(request(fuzz));
                    statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
                    String problem = check(fuzz, response);
                    if (problem != null) {
                      failures.add(problem + " <- " + fuzz.describe());
                    } else if (response.statusCode() == 202) {
                      accepted.addAndGet(IngestClient.json(response).get("accepted").asLong());
                    }
                  } catch (RuntimeException e) {
                    failures.add("no answer (" + e + ") <- " + fuzz.describe());
                  }
                }));
      }
      for (Future<?> task : tasks) {
        task.get(120, TimeUnit.SECONDS);
      }
    } finally {
      workers.shutdownNow();
    }

    assertThat(failures).as("statuses %s", statuses).isEmpty();
    // Each kind of answer was exercised; no 500 was ever recorded, not even one the client missed.
    assertThat(statuses.keySet()).contains(200, 201, 202, 400, 404, 413, 415);
    assertThat(server.metrics().find("ingest.request").tag("status", "500").timers()).isEmpty();
    // Exactly the accepted events were written: requests refused whole (413, 400) wrote nothing.
    assertThat(accepted.get()).isPositive();
    assertThat(TopicReader.count(KAFKA.bootstrapServers(), Topics.API_CALLS) - eventsBefore)
        .isEqualTo(accepted.get());

    // Still fully alive afterwards.
    assertThat(client.get("/health/live").statusCode()).isEqualTo(200);
    assertThat(client.get("/health/ready").statusCode()).isEqualTo(200);
    HttpResponse<String> after =
        client.postJson(TestEvents.json(TestEvents.okCall("after-fuzz", "fuzz-app", CLOCK.instant())));
    assertThat(after.statusCode()).isEqualTo(202);
    assertThat(IngestClient.json(after)).isEqualTo(IngestClient.json("{\"accepted\": 1, \"rejected\": []}"));
  }

  private static HttpRequest.Builder request(Case fuzz) {
    HttpRequest.Builder request =
        client.authorized(fuzz.path()).method(fuzz.method(), BodyPublishers.ofByteArray(fuzz.body()));
    if (fuzz.contentType() != null) {
      request.header("Content-Type", fuzz.contentType());
    }
    return request;
  }

  /** Null when the answer is acceptable, else what is wrong with it. */
  private static String check(Case fuzz, HttpResponse<String> response) {
    int status = response.statusCode();
    if (status >= 500 && status != 503) {
      return "status " + status + " " + response.body();
    }
    if (!fuzz.allowed().contains(status)) {
      return "unexpected status " + status + " " + response.body();
    }
    if (JAVA_ISH.matcher(ECHOED_INPUT.matcher(response.body()).replaceAll("''")).find()) {
      return "a Java name in the answer: " + response.body();
    }
    // A declared size over the limit is refused first, before the headers about the body.
    if ("text/plain".equals(fuzz.contentType()) && fuzz.path().equals("/v1/events") && status != 415 && status != 413) {
      return "text/plain answered " + status + " instead of 415";
    }
    if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
      return "not JSON: " + response.headers().firstValue("Content-Type") + " " + response.body();
    }
    JsonNode body;
    try {
      body = IngestClient.JSON.readTree(response.body());
    } catch (IOException e) {
      return "unparseable body " + response.body();
    }
    if (body == null || !body.isObject()) {
      return "body not an object: " + response.body();
    }
    if (body.has("accepted")) {
      return checkEventsAnswer(status, body);
    }
    if (status == 200 || status == 201) {
      return body.path("appId").isTextual() && body.path("registeredAt").isTextual()
          ? null
          : "registration answer without appId/registeredAt: " + response.body();
    }
    return body.path("error").isTextual() && !body.path("error").textValue().isEmpty() && body.size() == 1
        ? null
        : "error answer not {\"error\": \"...\"}: " + response.body();
  }

  private static String checkEventsAnswer(int status, JsonNode body) {
    JsonNode accepted = body.get("accepted");
    JsonNode rejected = body.get("rejected");
    int fields = body.has("rejectedNotListed") ? 3 : 2;
    if (!accepted.isInt() || accepted.intValue() < 0 || rejected == null || !rejected.isArray() || body.size() != fields) {
      return "malformed events answer " + body;
    }
    if ((status == 202) != (accepted.intValue() > 0) || (status != 202 && status != 400)) {
      return "status " + status + " does not fit accepted " + accepted;
    }
    if (status == 400 && rejected.isEmpty()) {
      return "400 without rejections " + body;
    }
    int previous = -1;
    for (JsonNode rejection : rejected) {
      if (!rejection.path("index").isInt()
          || rejection.get("index").intValue() <= previous
          || !rejection.path("error").isTextual()
          || rejection.size() != 2) {
        return "malformed rejection " + rejection + " in " + body;
      }
      previous = rejection.get("index").intValue();
    }
    return null;
  }

  // ---------------------------------------------------------------- generation

  private static Case generate(long seed) {
    Random random = new Random(seed);
    int route = random.nextInt(100);
    if (route < 5) {
      String[] methods = {"GET", "DELETE", "PATCH", "POST", "PUT"};
      String path = "/" + randomToken(random, 1 + random.nextInt(20)) + (random.nextBoolean() ? "/v1" : "");
      return new Case(seed, methods[random.nextInt(methods.length)], path, "application/json",
          body(random, seed), OTHER_STATUSES);
    }
    if (route < 12) {
      // Mostly a few apps, so that updates (200) happen as well as creations (201).
      String appId = random.nextInt(4) > 0 ? "fuzz-app-" + random.nextInt(10) : randomToken(random, 1 + random.nextInt(64));
      return new Case(seed, "PUT", "/v1/apps/" + appId, "application/json",
          registrationBody(random), APP_STATUSES);
    }
    String[] contentTypes = {"application/json", "application/x-ndjson", "text/plain", null, "application/x-ndjson; charset=utf-8"};
    String contentType = contentTypes[random.nextInt(contentTypes.length)];
    return new Case(seed, "POST", "/v1/events", contentType, body(random, seed), EVENT_STATUSES);
  }

  private static byte[] body(Random random, long seed) {
    return switch (random.nextInt(12)) {
      case 0 -> randomBytes(random, random.nextInt(2000));
      case 1 -> mutateBytes(random, validEvent(random, seed).toString().getBytes(UTF_8));
      case 2 -> wrongTypes(random, seed).toString().getBytes(UTF_8);
      case 3 -> array(random, seed).toString().getBytes(UTF_8);
      case 4 -> ndjson(random, seed);
      case 5 -> hugeString(random, seed);
      case 6 -> controlCharacters(random, seed);
      case 7 -> deepNesting(random);
      case 8 -> notUtf8(random, seed);
      case 9 -> randomJson(random, 0).toString().getBytes(UTF_8);
      case 10 -> odd(random, seed);
      default -> mutateBytes(random, array(random, seed).toString().getBytes(UTF_8));
    };
  }

  private static ObjectNode validEvent(Random random, long seed) {
    Instant now = CLOCK.instant();
    ObjectNode event = TestEvents.okCall("fuzz-" + seed + "-" + random.nextInt(1000), "fuzz-app-" + random.nextInt(5),
        now.minusMillis(random.nextInt(86_400_000)));
    if (random.nextBoolean()) {
      event.put("timestamp", now.toEpochMilli() - random.nextInt(1_000_000));
    }
    return event;
  }

  private static ObjectNode wrongTypes(Random random, long seed) {
    ObjectNode event = validEvent(random, seed);
    int changes = 1 + random.nextInt(3);
    for (int i = 0; i < changes; i++) {
      String field = FIELDS[random.nextInt(FIELDS.length)];
      if (random.nextInt(5) == 0) {
        event.remove(field);
      } else {
        event.set(field, randomJson(random, 2));
      }
    }
    if (random.nextInt(4) == 0) {
      event.set(randomToken(random, 8), randomJson(random, 0));
    }
    return event;
  }

  private static ArrayNode array(Random random, long seed) {
    ArrayNode array = IngestClient.JSON.createArrayNode();
    int size = random.nextInt(20);
    for (int i = 0; i < size; i++) {
      int kind = random.nextInt(4);
      array.add(kind == 0 ? randomJson(random, 1) : kind == 1 ? wrongTypes(random, seed) : validEvent(random, seed));
    }
    return array;
  }

  private static byte[] ndjson(Random random, long seed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int lines = random.nextInt(20);
    for (int i = 0; i < lines; i++) {
      byte[] line =
          switch (random.nextInt(5)) {
            case 0 -> mutateBytes(random, validEvent(random, seed).toString().getBytes(UTF_8));
            case 1 -> wrongTypes(random, seed).toString().getBytes(UTF_8);
            case 2 -> randomBytes(random, random.nextInt(100));
            default -> validEvent(random, seed).toString().getBytes(UTF_8);
          };
      out.writeBytes(line);
      out.writeBytes(random.nextInt(5) == 0 ? "\r\n".getBytes(UTF_8) : random.nextInt(10) == 0 ? "\n\n".getBytes(UTF_8) : "\n".getBytes(UTF_8));
    }
    return out.toByteArray();
  }

  private static byte[] hugeString(Random random, long seed) {
    ObjectNode event = validEvent(random, seed);
    String huge = randomToken(random, 1)
        // Mostly longer than any field may be; one in ten past the body limit as well.
        .repeat(random.nextInt(10) == 0 ? 2_000_000 + random.nextInt(1_000_000) : 3_000 + random.nextInt(300_000));
    String field = random.nextBoolean() ? FIELDS[random.nextInt(FIELDS.length)] : "extra";
    event.put(field, field.equals("path") ? "/" + huge : huge);
    String json = event.toString();
    return (random.nextBoolean() ? "[" + json + "]" : json).getBytes(UTF_8);
  }

  private static byte[] controlCharacters(Random random, long seed) {
    ObjectNode event = validEvent(random, seed);
    StringBuilder value = new StringBuilder("/");
    for (int i = 0; i < 1 + random.nextInt(30); i++) {
      value.append((char) random.nextInt(32));
    }
    event.put(FIELDS[random.nextInt(FIELDS.length)], value.toString()); // escaped by Jackson: valid JSON
    String json = event.toString();
    if (random.nextBoolean()) {
      // Raw control characters inside a string: not JSON.
      int at = json.indexOf("\"path\":\"") + 9;
      json = json.substring(0, Math.max(0, at)) + (char) random.nextInt(32) + json.substring(Math.max(0, at));
    }
    return json.getBytes(UTF_8);
  }

  private static byte[] deepNesting(Random random) {
    int depth = 10 + random.nextInt(random.nextBoolean() ? 100 : 200_000);
    String open = random.nextBoolean() ? "[" : "{\"a\":";
    String close = open.equals("[") ? "]" : "}";
    String nested = open.repeat(depth) + "1" + (random.nextBoolean() ? close.repeat(depth) : "");
    return (random.nextBoolean() ? "[{\"eventId\":\"deep\",\"x\":" + nested + "}]" : nested).getBytes(UTF_8);
  }

  private static byte[] notUtf8(Random random, long seed) {
    byte[] json = validEvent(random, seed).toString().getBytes(UTF_8);
    int at = json.length / 2;
    byte[] bad = new byte[1 + random.nextInt(4)];
    for (int i = 0; i < bad.length; i++) {
      bad[i] = (byte) (0x80 + random.nextInt(128));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(json, 0, at);
    out.writeBytes(bad);
    out.write(json, at, json.length - at);
    return out.toByteArray();
  }

  private static byte[] odd(Random random, long seed) {
    String[] odd = {
      "1e400", "-0", "NaN", "Infinity", "99999999999999999999999999999999", "\"\"", "null", "true", "[null]",
      "[[]]", "{}", "[{}]", " ", "\uFEFF{}", "[1,]", "{\"eventId\":\"a\",}", "{\"eventId\" \"a\"}",
      "[" + validEvent(random, seed) + "," + validEvent(random, seed), "\"\\ud800\"",
      "{\"eventId\":\"\\ud800\",\"appId\":\"a\",\"timestamp\":1,\"method\":\"GET\",\"path\":\"/\",\"status\":200}",
      "{\"eventId\":\"e\",\"appId\":\"a\",\"timestamp\":" + CLOCK.instant().toEpochMilli() + ".5,\"method\":\"GET\",\"path\":\"/\",\"status\":200}",
      "{\"eventId\":\"e\",\"appId\":\"a\",\"timestamp\":\"+999999999-12-31T23:59:59Z\",\"method\":\"GET\",\"path\":\"/\",\"status\":200}",
      "{\"eventId\":\"e\",\"appId\":\"a\",\"timestamp\":" + Long.MIN_VALUE + ",\"method\":\"GET\",\"path\":\"/\",\"status\":200}",
    };
    return odd[random.nextInt(odd.length)].getBytes(UTF_8);
  }

  private static byte[] registrationBody(Random random) {
    ObjectNode body = IngestClient.JSON.createObjectNode();
    if (random.nextInt(4) > 0) {
      body.set("name", random.nextInt(3) > 0 ? IngestClient.JSON.getNodeFactory().textNode(randomToken(random, 1 + random.nextInt(30))) : randomJson(random, 1));
    }
    if (random.nextBoolean()) {
      body.set("description", random.nextBoolean() ? IngestClient.JSON.getNodeFactory().textNode(randomToken(random, random.nextInt(200))) : randomJson(random, 1));
    }
    if (random.nextBoolean()) {
      ArrayNode permissions = body.putArray("permissions");
      String[] names = {"ReadCallLog", "SMS", "ReadPresence", "Nope", "readcalllog"};
      for (int i = 0; i < random.nextInt(4); i++) {
        if (random.nextInt(5) == 0) {
          permissions.add(randomJson(random, 0));
        } else {
          permissions.add(names[random.nextInt(random.nextBoolean() ? 3 : names.length)]);
        }
      }
    }
    byte[] bytes = body.toString().getBytes(UTF_8);
    return random.nextInt(5) == 0 ? mutateBytes(random, bytes) : bytes;
  }

  private static JsonNode randomJson(Random random, int depth) {
    var nodes = IngestClient.JSON.getNodeFactory();
    int kind = random.nextInt(depth > 2 ? 8 : 10);
    return switch (kind) {
      case 0 -> nodes.textNode(randomToken(random, random.nextInt(20)));
      case 1 -> nodes.numberNode(random.nextInt());
      case 2 -> nodes.numberNode(random.nextLong());
      case 3 -> nodes.numberNode(random.nextDouble() * 1000);
      case 4 -> nodes.booleanNode(random.nextBoolean());
      case 5 -> nodes.nullNode();
      case 6 -> nodes.numberNode(new java.math.BigInteger(200, random));
      case 7 -> nodes.textNode(unicode(random, random.nextInt(20)));
      case 8 -> {
        ArrayNode array = nodes.arrayNode();
        for (int i = 0; i < random.nextInt(4); i++) {
          array.add(randomJson(random, depth + 1));
        }
        yield array;
      }
      default -> {
        ObjectNode object = nodes.objectNode();
        for (int i = 0; i < random.nextInt(4); i++) {
          object.set(random.nextBoolean() ? FIELDS[random.nextInt(FIELDS.length)] : randomToken(random, 5), randomJson(random, depth + 1));
        }
        yield object;
      }
    };
  }

  private static byte[] mutateBytes(Random random, byte[] input) {
    byte[] bytes = input.clone();
    int mutations = 1 + random.nextInt(5);
    for (int i = 0; i < mutations && bytes.length > 0; i++) {
      int at = random.nextInt(bytes.length);
      switch (random.nextInt(4)) {
        case 0 -> bytes[at] = (byte) random.nextInt(256);
        case 1 -> bytes = java.util.Arrays.copyOf(bytes, at);
        case 2 -> {
          byte[] syntax = "{}[],:\"\\ \n0-eE.".getBytes(UTF_8);
          bytes = ByteEdits.insert(bytes, at, syntax[random.nextInt(syntax.length)]);
        }
        default -> bytes = ByteEdits.delete(bytes, at);
      }
    }
    return bytes;
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static String randomToken(Random random, int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
    StringBuilder token = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      token.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return token.toString();
  }

  private static String unicode(Random random, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.appendCodePoint(random.nextInt(3) == 0 ? 0x1F600 + random.nextInt(80) : random.nextInt(0xD7FF));
    }
    return text.toString();
  }
}
