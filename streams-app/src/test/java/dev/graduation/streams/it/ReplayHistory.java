package dev.graduation.streams.it;

import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.it.PathTable.Route;
import dev.graduation.streams.it.SeededTraffic.Registered;
import dev.graduation.streams.it.TrafficModel.Call;
import dev.graduation.streams.it.TrafficModel.Registration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A small deterministic history for replay tests, and the catalog change it is replayed with.
 *
 * <p>The change: {@code GET .../extension/{extensionId}/call-log/export} becomes a template of its
 * own with permission ReadAccounts; before, {@code .../call-log/export} matched {@code
 * .../call-log/{callRecordId}} (ReadCallLog). Two apps call that path, all within the rules'
 * window: {@link #FLIPS} exercises ReadCallLog only through it (eligible before, failing
 * permissions-exercised after), {@link #COUNTS} also calls {@code .../call-log} (eligible either
 * way; its endpoint counts move). Four other apps, with traffic over four UTC days, are not
 * touched by the change: eligible, too few calls, throttled once, unregistered.
 */
final class ReplayHistory {

  static final String FLIPS = "replay-flips";
  static final String COUNTS = "replay-counts";
  static final List<String> UNTOUCHED =
      List.of("replay-steady-ok", "replay-steady-few", "replay-steady-throttled", "replay-unregistered");

  static final String EXT = "/restapi/v1.0/account/{accountId}/extension/{extensionId}";
  static final String OLD_ENDPOINT = EXT + "/call-log/{callRecordId}";
  static final String NEW_ENDPOINT = EXT + "/call-log/export";
  static final String CALL_LOG_ENDPOINT = EXT + "/call-log";
  static final int FLIPS_EXPORTS = 30;
  static final int COUNTS_EXPORTS = 6;
  static final int COUNTS_CALL_LOGS = 30;

  private static final Route EXPORT =
      new Route("GET", "/restapi/v1.0/account/~/extension/~/call-log/export", EXT + "/call-log/{callRecordId}", "ReadCallLog", false);
  private static final Route CALL_LOG =
      new Route("GET", "/restapi/v1.0/account/~/extension/~/call-log", EXT + "/call-log", "ReadCallLog", false);
  private static final Route PRESENCE =
      new Route("GET", "/restapi/v1.0/account/~/extension/~/presence", EXT + "/presence", "ReadPresence", false);
  private static final String DESCRIPTION = "Syncs call logs and presence into a CRM for the replay tests, nightly and on demand.";

  private ReplayHistory() {}

  /** The shipped catalog plus the new template, as a file for {@code replay run --catalog}. */
  static Path changedCatalog(Path dir) throws IOException {
    String csv = EndpointCatalog.shippedCsv().stripTrailing()
        + "\nGET," + EXT + "/call-log/export,exportUserCallLog,ReadAccounts,Heavy,false\n";
    return Files.writeString(dir.resolve("catalog-with-export.csv"), csv);
  }

  static List<Registered> registrations() {
    List<Registered> registered = new ArrayList<>();
    for (String app : List.of(FLIPS, COUNTS)) {
      registered.add(new Registered(app, new Registration(DESCRIPTION, List.of("ReadCallLog"))));
    }
    for (String app : UNTOUCHED.subList(0, 3)) {
      registered.add(new Registered(app, new Registration(DESCRIPTION, List.of("ReadPresence"))));
    }
    return registered;
  }

  /**
   * Every call, event times before {@code at}; the affected apps' within the calendar window
   * ending at {@code at}, the others' over the four UTC days up to it. Three of {@link #FLIPS}'s
   * calls are sent twice (gateway retries: counted once).
   */
  static List<Call> calls(Instant at) {
    Instant windowStart = at.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
    List<Call> calls = new ArrayList<>();
    List<Call> flips = spread(FLIPS, EXPORT, FLIPS_EXPORTS, windowStart, at, 200);
    calls.addAll(flips);
    calls.addAll(flips.subList(0, 3));
    calls.addAll(spread(COUNTS, CALL_LOG, COUNTS_CALL_LOGS, windowStart, at, 200));
    calls.addAll(spread(COUNTS, EXPORT, COUNTS_EXPORTS, windowStart, at, 200));
    Instant fourDaysAgo = at.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));
    calls.addAll(spread("replay-steady-ok", PRESENCE, 60, fourDaysAgo, at, 200));
    calls.addAll(spread("replay-steady-few", PRESENCE, 5, windowStart, at, 200));
    calls.addAll(spread("replay-steady-throttled", PRESENCE, 40, fourDaysAgo, at, 200));
    calls.addAll(spread("replay-steady-throttled", PRESENCE, 1, windowStart, at, 429));
    calls.addAll(spread("replay-unregistered", PRESENCE, 30, fourDaysAgo, at, 200));
    return calls;
  }

  /** {@code n} calls evenly between {@code from} and {@code to} (both excluded), ids derived from the app. */
  private static List<Call> spread(String app, Route route, int n, Instant from, Instant to, int status) {
    long step = Duration.between(from, to).toMillis() / (n + 1);
    List<Call> calls = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      String id = UUID.nameUUIDFromBytes((app + route.rawPath() + status + i).getBytes()).toString();
      calls.add(new Call(id, app, from.plusMillis(step * i), route, status, 40L + i, true));
    }
    return calls;
  }
}
