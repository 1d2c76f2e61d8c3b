package dev.graduation.embedded;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.BasicAuthCredentials;
import dev.graduation.web.SecretDigest;
import java.util.Set;

/**
 * Optional HTTP basic auth on the registry's writes (POST, PUT, DELETE), as Confluent's {@code
 * authentication.method=BASIC} with readers left open: serdes that only read schemas by id need no
 * credentials, anything that registers, deletes or configures does. A refused request gets 401,
 * {@code WWW-Authenticate: Basic realm="SchemaRegistry"} and Confluent's error 40101.
 *
 * <p>Compared as a {@link SecretDigest}: the time taken does not tell how much of a guess was right.
 */
final class WriteAuth {

  static final String REALM = "SchemaRegistry";
  private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

  /** {@code user:password}; null when writes are open. */
  private final SecretDigest credentials;

  private WriteAuth(SecretDigest credentials) {
    this.credentials = credentials;
  }

  static WriteAuth open() {
    return new WriteAuth(null);
  }

  static WriteAuth basic(String user, String password) {
    if (user == null || user.isEmpty() || user.contains(":") || password == null || password.isEmpty()) {
      throw new IllegalArgumentException("Basic auth needs a user without ':' and a non-empty password");
    }
    return new WriteAuth(new SecretDigest(user + ":" + password));
  }

  /** Lets reads and authorised writes through; a 401 for any other write. */
  void check(Context ctx) {
    if (credentials == null || READS.contains(ctx.method()) || presented(ctx)) {
      return;
    }
    ctx.header("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
    throw RegistryException.unauthorised();
  }

  private boolean presented(Context ctx) {
    BasicAuthCredentials given;
    try {
      given = ctx.basicAuthCredentials();
    } catch (IllegalArgumentException e) {
      return false; // not Base64
    }
    return given != null && credentials.matches(given.getUsername() + ":" + given.getPassword());
  }
}
