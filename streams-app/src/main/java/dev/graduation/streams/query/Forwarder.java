package dev.graduation.streams.query;

import dev.graduation.web.ErrorFormat;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.api.Result;
import org.eclipse.jetty.client.util.BufferingResponseListener;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks other instances: a query this one cannot answer goes to its owner's {@code
 * application.server}, and {@code GET /v1/apps} and {@code /v1/instances} gather from every
 * instance. Jetty's HTTP client (the Jetty the query API serves with) keeps a pool of keep-alive
 * connections per instance, so a forward costs a request on an open connection, not a handshake.
 *
 * <p>Every request it sends carries the caller's {@code Authorization} (instances share the query
 * tokens) and {@link #FORWARDED}, which makes the receiver answer from its own state or say 503:
 * never forward again. Timeouts are short because the caller waits for both hops: an instance
 * that does not accept a connection within a second is down (the next owner is tried), and one
 * that has not answered within five is treated as down too.
 */
public final class Forwarder implements AutoCloseable {

  /** Marks a request sent by another instance; its value names that instance. */
  public static final String FORWARDED = "X-Graduation-Forwarded";
  /** The instance whose state answered (host:port of its query API). */
  public static final String SERVED_BY = "X-Served-By";
  /** Present when a standby answered: how many changelog records its copy was behind. */
  public static final String STANDBY_LAG = "X-Standby-Lag";

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
  /** Far above any answer (an eligibility answer of an app with hundreds of endpoints is ~100 KB). */
  private static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;
  private static final List<String> PASSED_BACK = List.of(SERVED_BY, STANDBY_LAG, HttpHeader.RETRY_AFTER.asString());

  /** An answer of another instance. */
  public record Reply(int status, String contentType, byte[] body, HttpFields headers) {}

  private final HttpClient client;
  private final Supplier<HostInfo> self;

  /** @param self this instance, named in {@link #FORWARDED} of what it sends */
  public Forwarder(Supplier<HostInfo> self) {
    this.self = self;
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("query-forward");
    threads.setDaemon(true);
    this.client = new HttpClient();
    client.setExecutor(threads);
    client.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
    client.setIdleTimeout(Duration.ofSeconds(30).toMillis());
    client.setFollowRedirects(false);
    client.setUserAgentField(null);
    // No Accept-Encoding: gzip between instances: compressing each answer on one side and
    // inflating it on the other cost more than the loopback or LAN hop it saves.
    client.getContentDecoderFactories().clear();
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the HTTP client that forwards queries", e);
    }
  }

  /** Whether another instance sent this request (then it must not be forwarded again). */
  public static boolean isForwarded(Context ctx) {
    return ctx.header(FORWARDED) != null;
  }

  /**
   * Answers the request with the first of {@code targets} that answers other than 503; 503 when
   * none does (each unreachable, or each 503 itself).
   */
  public void forward(Context ctx, List<HostInfo> targets) throws InterruptedException {
    Asked asked = ask(ctx, targets);
    if (asked.answer() != null) {
      answer(ctx, asked.answer());
    } else if (asked.unavailable() != null) {
      answer(ctx, asked.unavailable());
    } else {
      throw QueryException.unavailable("the instance owning this app (" + asked.unreachable() + ") does not answer");
    }
  }

  /**
   * Answers the request with the first of {@code targets} that answers other than 503.
   *
   * @return false, with nothing answered, when none does
   */
  public boolean tryForward(Context ctx, List<HostInfo> targets) throws InterruptedException {
    Asked asked = ask(ctx, targets);
    if (asked.answer() != null) {
      answer(ctx, asked.answer());
      return true;
    }
    return false;
  }

  /** The first answer other than 503, else the last 503, else the last target that did not answer. */
  private record Asked(Reply answer, Reply unavailable, String unreachable) {}

  private Asked ask(Context ctx, List<HostInfo> targets) throws InterruptedException {
    String pathAndQuery = ctx.queryString() == null ? ctx.path() : ctx.path() + "?" + ctx.queryString();
    Reply unavailable = null;
    String unreachable = null;
    for (HostInfo target : targets) {
      try {
        Reply reply = get(target, pathAndQuery, ctx.header(HttpHeader.AUTHORIZATION.asString())).get();
        if (reply.status() != 503) {
          return new Asked(reply, null, null);
        }
        unavailable = reply;
      } catch (ExecutionException e) {
        unreachable = target.host() + ":" + target.port();
      }
    }
    return new Asked(null, unavailable, unreachable);
  }

  /** GET {@code pathAndQuery} from {@code target}, marked forwarded, with the caller's token. */
  public CompletableFuture<Reply> get(HostInfo target, String pathAndQuery, String authorization) {
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    client
        .newRequest("http://" + target.host() + ":" + target.port() + pathAndQuery)
        .method(HttpMethod.GET)
        .timeout(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .headers(headers -> {
          headers.put(FORWARDED, KafkaStreamsCluster.address(self.get()));
          if (authorization != null) {
            headers.put(HttpHeader.AUTHORIZATION, authorization);
          }
        })
        .send(
            new BufferingResponseListener(MAX_ANSWER_BYTES) {
              @Override
              public void onComplete(Result result) {
                if (result.isFailed()) {
                  reply.completeExceptionally(result.getFailure());
                } else {
                  reply.complete(
                      new Reply(
                          result.getResponse().getStatus(),
                          result.getResponse().getHeaders().get(HttpHeader.CONTENT_TYPE),
                          getContent(),
                          result.getResponse().getHeaders()));
                }
              }
            });
    return reply;
  }

  /** The other instance's answer as this one's: status, body and the headers that tell who served. */
  private static void answer(Context ctx, Reply reply) {
    for (String header : PASSED_BACK) {
      String value = reply.headers().get(header);
      if (value != null) {
        ctx.header(header, value);
      }
    }
    // An error answer is final: the skeleton's own 404/405 pages must not replace it.
    ctx.attribute(ErrorFormat.ANSWERED, Boolean.TRUE);
    ctx.status(reply.status()).contentType(reply.contentType() == null ? "application/json" : reply.contentType());
    ctx.result(reply.body());
  }

  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the HTTP client that forwards queries", e);
    }
  }
}
