package dev.graduation.streams.activity;

import dev.graduation.streams.events.ActivityBucket;
import dev.graduation.streams.events.ActivityBuckets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An app's day buckets as the query API shows them: a day rolled up into the daily store is
 * complete and read as stored; a more recent day is the sum of its hour buckets. Days are not
 * counted call by call (that doubled the topology's counting and writing per call): they are
 * rolled up from their hours once no longer recent.
 */
final class DaysFromHours {

  private static final Duration DAY = Duration.ofDays(1);

  private DaysFromHours() {}

  static List<ActivityReader.Bucket> daily(ActivityReader reader, String appId, Instant fromDay, Instant toDay) {
    Map<Instant, ActivityBucket> days = new TreeMap<>();
    reader.rolledUpDays(appId, fromDay, toDay).forEach(day -> days.put(day.start(), day.activity()));
    Instant firstMissing = fromDay;
    while (days.containsKey(firstMissing)) {
      firstMissing = firstMissing.plus(DAY);
    }
    if (!firstMissing.isAfter(toDay)) {
      Map<Instant, List<ActivityBucket>> hoursByDay = new TreeMap<>();
      Instant lastHour = toDay.plus(DAY).minus(Duration.ofHours(1));
      for (ActivityReader.Bucket hour : reader.hourly(appId, firstMissing, lastHour)) {
        Instant day = hour.start().truncatedTo(ChronoUnit.DAYS);
        if (!days.containsKey(day)) {
          hoursByDay.computeIfAbsent(day, ignored -> new ArrayList<>()).add(hour.activity());
        }
      }
      hoursByDay.forEach((day, hours) -> days.put(day, ActivityBuckets.sum(hours)));
    }
    List<ActivityReader.Bucket> result = new ArrayList<>(days.size());
    days.forEach((start, activity) -> result.add(new ActivityReader.Bucket(start, activity)));
    return result;
  }
}
