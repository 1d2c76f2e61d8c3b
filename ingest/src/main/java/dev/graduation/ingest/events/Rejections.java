package dev.graduation.ingest.events;

import dev.graduation.ingest.events.EventIngestion.Rejection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rejected events of one request: the first {@link #MAX_LISTED} with their index and reason,
 * the others only counted, so that an answer stays small however many events a body holds (a
 * reason per element made a 6 MB body of 3 million invalid elements a 169 MB answer). Also counts
 * rejections by the field at fault, for the metric, which is only moved once the request is
 * answered with its rejections.
 */
final class Rejections {

  /** Enough to see what is wrong with a batch; the rest are likely more of the same. */
  static final int MAX_LISTED = 100;

  private final List<Rejection> listed = new ArrayList<>();
  private final Map<String, Integer> byField = new HashMap<>();
  private int notListed;

  void add(int index, String field, String error) {
    if (listed.size() < MAX_LISTED) {
      listed.add(new Rejection(index, error));
    } else {
      notListed++;
    }
    byField.merge(field, 1, Integer::sum);
  }

  List<Rejection> listed() {
    return listed;
  }

  int notListed() {
    return notListed;
  }

  /** How many events were rejected, by the field at fault ("event" when not an event at all). */
  Map<String, Integer> byField() {
    return byField;
  }
}
