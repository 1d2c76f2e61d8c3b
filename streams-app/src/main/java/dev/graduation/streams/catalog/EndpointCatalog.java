package dev.graduation.streams.catalog;

import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The public RingCentral API catalog (resource {@code catalog/api-catalog.csv}, see its {@code
 * SOURCE.md}) and the path normaliser of contract sections 2 and 7.
 *
 * <p>{@link #match} turns a raw request path into its endpoint:
 *
 * <ol>
 *   <li>The query string and {@code #fragment} are dropped, then one trailing {@code /}. Nothing is
 *       percent-decoded or case-folded.
 *   <li>The templates of the call's own method are tried first. Where two templates match, the one
 *       with a literal segment at the first segment where they differ wins ({@code
 *       .../greeting/hold-music} beats {@code .../greeting/{greetingId}}). A placeholder matches
 *       any non-empty segment, {@code ~} included.
 *   <li>If none matches, the best template of any other method, by the same rule. The call then
 *       exercises no permission.
 *   <li>If nothing matches, the path is generalised: numeric (ASCII digits), {@code ~} and
 *       UUID-like (8-4-4-4-12 hex) segments become {@code {id}}, and the call is an OAuth call when
 *       the path is under {@code /restapi/oauth/}.
 * </ol>
 *
 * <p>Immutable and thread-safe. A call that matches its own method's template allocates nothing.
 * Not final only so that tests can plant a failure in enrichment (a subclass whose {@link #match}
 * throws); nothing in the app subclasses it.
 */
public class EndpointCatalog {

  public static final String RESOURCE = "/catalog/api-catalog.csv";
  public static final String TOKEN_ENDPOINT = "/restapi/oauth/token";
  public static final String OAUTH_PREFIX = "/restapi/oauth/";
  public static final String GENERALISED_SEGMENT = "{id}";

  private static final String TOKEN_METHOD = "POST";

  private final List<Operation> operations;
  private final Set<String> permissions;
  /** The catalog's methods, sorted; a method's index is its bit in {@link PathTrie}. */
  private final String[] methods;
  private final int allMethods;
  private final PathTrie trie;

  protected EndpointCatalog(List<Operation> operations) {
    this.operations = List.copyOf(operations);
    Set<String> permissionNames = new TreeSet<>();
    Set<String> methodNames = new TreeSet<>(); // sorted: a lower bit is an earlier method name
    for (Operation op : this.operations) {
      validate(op);
      if (op.permission() != null) {
        permissionNames.add(op.permission());
      }
      methodNames.add(op.method());
    }
    if (methodNames.size() > Integer.SIZE - 1) {
      throw new IllegalArgumentException("at most 31 distinct methods, got " + methodNames);
    }
    this.permissions = Collections.unmodifiableSet(permissionNames);
    this.methods = methodNames.toArray(String[]::new);
    this.allMethods = (1 << methodNames.size()) - 1;
    this.trie = buildTrie();
  }

  /** The shipped catalog, parsed once. */
  public static EndpointCatalog load() {
    return Shipped.CATALOG;
  }

  /**
   * A catalog of these operations (tests, other catalogs).
   *
   * @throws IllegalArgumentException on a malformed template, or on two templates of one method
   *     that differ only in placeholder names (the normaliser could not tell them apart)
   */
  public static EndpointCatalog of(List<Operation> operations) {
    return new EndpointCatalog(operations);
  }

  /**
   * A catalog in the shipped resource's CSV format (columns by header name), e.g. a changed
   * catalog a replay is run with.
   *
   * @param source names the text in error messages (a file name)
   * @throws IllegalArgumentException on a malformed file or catalog
   */
  public static EndpointCatalog fromCsv(String csv, String source) {
    return of(CatalogCsv.parse(csv.lines().toList(), source));
  }

  /** The shipped catalog's CSV text, as {@link #fromCsv} reads it. */
  public static String shippedCsv() {
    return CatalogCsv.resourceText(RESOURCE);
  }

  /** Holder idiom: the resource is read on first use of {@link #load()}, once. */
  private static final class Shipped {
    static final EndpointCatalog CATALOG = of(CatalogCsv.readResource(RESOURCE));
  }

  public List<Operation> operations() {
    return operations;
  }

  /** Every app permission some operation names, sorted. */
  public Set<String> permissions() {
    return permissions;
  }

  /**
   * One example operation per permission, for remedies ("call GET ... to exercise ReadCallLog"): a
   * GET where there is one (reading is the harmless way to exercise a permission), then the fewest
   * placeholders (an app can call it without first creating something), then the shortest template,
   * then the alphabetically first. Sorted by permission.
   */
  public Map<String, Operation> exampleOperationByPermission() {
    Comparator<Operation> preference =
        Comparator.comparing((Operation op) -> !namesItsPermission(op))
            .thenComparing((Operation op) -> !op.method().equals("GET"))
            .thenComparingLong(op -> op.template().chars().filter(c -> c == '{').count())
            .thenComparingInt(op -> op.template().length())
            .thenComparing(Operation::template)
            .thenComparing(Operation::method);
    Map<String, Operation> examples = new TreeMap<>();
    for (Operation op : operations) {
      if (op.permission() != null) {
        examples.merge(op.permission(), op, (a, b) -> preference.compare(a, b) <= 0 ? a : b);
      }
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(examples));
  }

  /**
   * Whether the template's last literal segment is what the permission is about ({@code SMS} and
   * {@code .../sms}, {@code ReadCallLog} and {@code .../call-log}): the call a developer expects
   * to be told about, rather than some other operation that happens to need the permission.
   */
  static boolean namesItsPermission(Operation op) {
    String subject = op.permission().toLowerCase(java.util.Locale.ROOT).replaceFirst("^(read|edit)", "");
    String[] segments = op.template().split("/");
    for (int i = segments.length - 1; i >= 0; i--) {
      if (!segments[i].startsWith("{")) {
        return segments[i].replace("-", "").toLowerCase(java.util.Locale.ROOT).equals(subject);
      }
    }
    return false;
  }

  /** The endpoint, permission and OAuth flags of one call. Never null. */
  public EndpointMatch match(String method, String rawPath) {
    int end = pathEnd(rawPath);
    if (end > 1 && rawPath.charAt(end - 1) == '/') {
      end--; // one trailing slash is ignored; "/" itself stays
    }
    if (end > 0 && rawPath.charAt(0) == '/') {
      int bit = methodBit(method);
      if (bit >= 0) {
        PathTrie.Terminal own = trie.find(rawPath, end, 1 << bit);
        if (own != null) {
          return own.byMethod[bit];
        }
      }
      PathTrie.Terminal other = trie.find(rawPath, end, allMethods);
      if (other != null) {
        EndpointMatch match = other.otherMethod;
        return new EndpointMatch(
            match.endpoint(),
            EndpointMatch.key(method, match.endpoint()),
            null,
            match.oauth(),
            isTokenRequest(method, match.endpoint()),
            match.operation());
      }
    }
    String endpoint = generalise(rawPath, end);
    return new EndpointMatch(
        endpoint,
        EndpointMatch.key(method, endpoint),
        null,
        endpoint.startsWith(OAUTH_PREFIX),
        isTokenRequest(method, endpoint),
        null);
  }

  /**
   * The method's bit; -1 if no template has it. A scan of a handful of short strings, cheaper than
   * hashing the method every call has.
   */
  private int methodBit(String method) {
    for (int i = 0; i < methods.length; i++) {
      if (methods[i].equals(method)) {
        return i;
      }
    }
    return -1;
  }

  /** Where the path proper ends: at the first {@code ?} or {@code #}, else its length. */
  static int pathEnd(String rawPath) {
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c == '?' || c == '#') {
        return i;
      }
    }
    return rawPath.length();
  }

  /**
   * {@code rawPath[0, end)} with numeric, {@code ~} and UUID-like segments replaced by {@code
   * {id}}.
   */
  static String generalise(String rawPath, int end) {
    StringBuilder out = new StringBuilder(end + 8);
    int start = 0;
    while (true) {
      int stop = rawPath.indexOf('/', start);
      if (stop < 0 || stop > end) {
        stop = end;
      }
      if (isIdSegment(rawPath, start, stop)) {
        out.append(GENERALISED_SEGMENT);
      } else {
        out.append(rawPath, start, stop);
      }
      if (stop == end) {
        return out.toString();
      }
      out.append('/');
      start = stop + 1;
    }
  }

  static boolean isIdSegment(String s, int start, int stop) {
    int length = stop - start;
    if (length == 1 && s.charAt(start) == '~') {
      return true;
    }
    return length > 0 && (isDigits(s, start, stop) || isUuidLike(s, start, stop));
  }

  private static boolean isDigits(String s, int start, int stop) {
    for (int i = start; i < stop; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** 8-4-4-4-12 hex digits (either case), as in {@code 3f2b8c1e-0a4d-4e6b-9c1f-2d7e8a9b0c11}. */
  private static boolean isUuidLike(String s, int start, int stop) {
    if (stop - start != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(start + i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !isHexDigit(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isTokenRequest(String method, String endpoint) {
    return TOKEN_METHOD.equals(method) && TOKEN_ENDPOINT.equals(endpoint);
  }

  /** The trie of every operation; needs {@link #operations} and {@link #methods} set. */
  private PathTrie buildTrie() {
    PathTrie trie = new PathTrie(methods.length);
    Set<PathTrie.Terminal> terminals = new HashSet<>(); // identity: Terminal keeps Object.equals
    for (Operation op : operations) {
      int bit = methodBit(op.method());
      PathTrie.Terminal terminal = trie.insert(op.template(), bit);
      EndpointMatch existing = terminal.byMethod[bit];
      if (existing != null) {
        throw new IllegalArgumentException(
            op.call() + " is indistinguishable from " + existing.operation().call());
      }
      terminal.byMethod[bit] =
          new EndpointMatch(
              op.template(),
              op.call(),
              op.permission(),
              op.oauth(),
              isTokenRequest(op.method(), op.template()),
              op);
      terminals.add(terminal);
    }
    for (PathTrie.Terminal terminal : terminals) {
      Operation first =
          terminal.byMethod[Integer.numberOfTrailingZeros(terminal.methods)].operation();
      // A template only: match() completes it with the call's own method.
      terminal.otherMethod = new EndpointMatch(first.template(), null, null, first.oauth(), false, first);
    }
    trie.seal();
    return trie;
  }

  private static void validate(Operation op) {
    String t = op.template();
    boolean wellFormed =
        t.startsWith("/")
            && (t.length() == 1 || !t.endsWith("/"))
            && !t.contains("//")
            && t.indexOf('?') < 0
            && t.indexOf('#') < 0
            && !op.method().isEmpty();
    if (!wellFormed) {
      throw new IllegalArgumentException("malformed catalog operation " + op);
    }
  }
}
