package dev.graduation.loadtest.suites;

import dev.graduation.loadtest.HttpLoad;

/** One {@link HttpLoad} run as figures: requests, throughput, latency percentiles in milliseconds. */
record LatencyFigures(int requests, int unexpectedStatus, double requestsPerSecond, double p50Ms, double p90Ms, double p99Ms) {

  static LatencyFigures of(HttpLoad.Result result) {
    return new LatencyFigures(
        result.requests(), result.unexpected(), result.requestsPerSecond(),
        result.millisAt(50), result.millisAt(90), result.millisAt(99));
  }
}
