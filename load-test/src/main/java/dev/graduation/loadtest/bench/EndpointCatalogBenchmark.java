package dev.graduation.loadtest.bench;

import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.catalog.EndpointMatch;
import dev.graduation.streams.catalog.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of {@link EndpointCatalog#match}, which the topology runs once per call event.
 *
 * <p>HOW TO RUN: {@code mvn -o -q install -pl streams-app -DskipTests && mvn -o -q package -pl
 * load-test -DskipTests}, then {@code java -jar load-test/target/load-test-*-benchmarks.jar
 * EndpointCatalogBenchmark -f 1 -wi 2 -i 3 -r 2s -prof gc}.
 *
 * <p>The input is a fixed, seeded mix of raw calls drawn from the catalog itself:
 *
 * <ul>
 *   <li>70 % catalog templates of their own method with ids filled in (numeric, {@code ~} or a
 *       UUID), half of them with a query string;
 *   <li>10 % OAuth: {@code POST /restapi/oauth/token?grant_type=...}, {@code wstoken};
 *   <li>10 % a template called with a method it does not have (the other-method fallback);
 *   <li>10 % paths no template matches (generalised).
 * </ul>
 *
 * <p>{@code regexLoopBaseline} is what the trie replaces: one precompiled regex per operation,
 * tried in catalog order until one matches the call's method and path (it does not even implement
 * the literal-beats-placeholder rule). The ratio of the two is the figure to quote.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EndpointCatalogBenchmark {

  /** A power of two, so the cursor wraps with a mask. */
  private static final int CALLS = 4096;

  private static final long SEED = 20260105L;

  private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"};

  private EndpointCatalog catalog;
  private String[] methods;
  private String[] paths;
  private List<Operation> regexOperations;
  private List<Pattern> regexes;
  private int cursor;

  @Setup
  public void setUp() {
    catalog = EndpointCatalog.load();
    List<Operation> operations = catalog.operations();
    Random random = new Random(SEED);
    methods = new String[CALLS];
    paths = new String[CALLS];
    for (int i = 0; i < CALLS; i++) {
      int kind = random.nextInt(100);
      Operation op = operations.get(random.nextInt(operations.size()));
      if (kind < 70) {
        methods[i] = op.method();
        paths[i] =
            fill(op.template(), random) + (random.nextBoolean() ? "?perPage=100&page=2" : "");
      } else if (kind < 80) {
        boolean token = random.nextInt(4) != 0;
        methods[i] = "POST";
        paths[i] =
            token ? "/restapi/oauth/token?grant_type=refresh_token" : "/restapi/oauth/wstoken";
      } else if (kind < 90) {
        methods[i] = otherMethod(op, operations, random);
        paths[i] = fill(op.template(), random);
      } else {
        methods[i] = "GET";
        paths[i] =
            "/restapi/v1.0/account/"
                + random.nextInt(1_000_000)
                + "/unknown-feature/"
                + new java.util.UUID(random.nextLong(), random.nextLong())
                + "/items";
      }
    }
    regexOperations = new ArrayList<>(operations);
    regexes = new ArrayList<>();
    for (Operation op : regexOperations) {
      regexes.add(Pattern.compile(op.template().replaceAll("\\{[^}/]+}", "[^/]+")));
    }
  }

  @Benchmark
  public EndpointMatch trieMatch() {
    int i = cursor++ & (CALLS - 1);
    return catalog.match(methods[i], paths[i]);
  }

  @Benchmark
  public Operation regexLoopBaseline() {
    int i = cursor++ & (CALLS - 1);
    String path = paths[i];
    int end = path.indexOf('?');
    String bare = end < 0 ? path : path.substring(0, end);
    for (int r = 0; r < regexes.size(); r++) {
      Operation op = regexOperations.get(r);
      if (op.method().equals(methods[i]) && regexes.get(r).matcher(bare).matches()) {
        return op;
      }
    }
    return null;
  }

  private static String fill(String template, Random random) {
    StringBuilder out = new StringBuilder();
    for (String segment : template.substring(1).split("/")) {
      out.append('/');
      if (segment.startsWith("{")) {
        switch (random.nextInt(3)) {
          case 0 -> out.append(random.nextInt(1_000_000_000));
          case 1 -> out.append('~');
          default -> out.append(new java.util.UUID(random.nextLong(), random.nextLong()));
        }
      } else {
        out.append(segment);
      }
    }
    return out.toString();
  }

  /** A method the template does not have, so the match falls back to another method's row. */
  private static String otherMethod(Operation op, List<Operation> all, Random random) {
    for (int attempt = 0; attempt < METHODS.length * 4; attempt++) {
      String method = METHODS[random.nextInt(METHODS.length)];
      boolean exists =
          all.stream()
              .anyMatch(o -> o.template().equals(op.template()) && o.method().equals(method));
      if (!exists) {
        return method;
      }
    }
    return "OPTIONS";
  }
}
