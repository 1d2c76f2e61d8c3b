package dev.graduation.streams.events;

/**
 * The most bytes a value the topology stores may take, serialised: each is logged as one
 * changelog record, and a record over the producer's {@code max.request.size} (1 MiB by default,
 * which the app keeps) fails the commit and kills the stream thread, for good, since the same
 * record is rebuilt after every restart (issue 21: one app's burst made a 1.16-1.36 MB raw-call
 * chunk). A quarter of that leaves room for the key, headers and record overhead, and keeps a
 * restore's fetches small.
 *
 * <p>How each store keeps to it: raw calls are written in as many chunks as their bytes need
 * ({@link CallChunkSerde#bounded}); an activity bucket names endpoints within {@link
 * ActivityBuckets#ENDPOINT_BUDGET_BYTES} and permissions come from the catalog only; verdicts and
 * registrations have fixed fields, bounded by ingest's limits and the rule ids.
 */
public final class StoredValueLimit {

  /** 256 KiB. */
  public static final int BYTES = 256 * 1024;

  private StoredValueLimit() {}
}
