package dev.graduation.loadtest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time spent between {@link #start} and {@link #stop}: by the threads whose name contains a
 * given tag (a Kafka Streams app names its stream, producer and consumer threads after its
 * application id), and by the whole process. Unlike wall-clock rates, CPU per event hardly depends
 * on what else the machine runs, so it is the steadier figure on a shared machine.
 */
public final class CpuTime {

  /** Nanoseconds of CPU: the tagged threads', and the whole process's. */
  public record Usage(long appThreadNanos, long processNanos) {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final String tag;
  private final long processStart;
  // Threads that already existed: only the CPU they use from now on counts.
  private final Map<Long, Long> before;

  private CpuTime(String tag, long processStart, Map<Long, Long> before) {
    this.tag = tag;
    this.processStart = processStart;
    this.before = before;
  }

  static CpuTime start(String tag) {
    return new CpuTime(tag, processCpuNanos(), taggedThreads(tag));
  }

  /** Call before the app closes: a thread that has ended no longer reports its CPU time. */
  Usage stop() {
    long app = 0;
    for (Map.Entry<Long, Long> thread : taggedThreads(tag).entrySet()) {
      app += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
    }
    return new Usage(app, processCpuNanos() - processStart);
  }

  private static Map<Long, Long> taggedThreads(String tag) {
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains(tag)) {
        long nanos = THREADS.getThreadCpuTime(info.getThreadId());
        if (nanos >= 0) {
          cpu.put(info.getThreadId(), nanos);
        }
      }
    }
    return cpu;
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
