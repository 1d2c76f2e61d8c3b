package dev.graduation.loadtest.suites;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * This process's memory as an operator watches it: heap in use right after the latest garbage
 * collection (what the live data holds; heap in use at a random moment mostly measures how long
 * ago the last collection ran), told by the JVM's GC notifications, and the resident set size
 * from {@code /proc/self/status}.
 */
final class ProcessMemory implements AutoCloseable {

  private final AtomicLong heapAfterGc = new AtomicLong(-1);
  private final AtomicLong collections = new AtomicLong();
  private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(pool -> pool.getType() == MemoryType.HEAP)
      .map(MemoryPoolMXBean::getName)
      .collect(Collectors.toSet());
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::collected;

  static ProcessMemory watch() {
    ProcessMemory memory = new ProcessMemory();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(memory.listener, null, null);
        memory.emitters.add(emitter);
      }
    }
    return memory;
  }

  private void collected(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    heapAfterGc.set(used);
    collections.incrementAndGet();
  }

  /**
   * Heap bytes in use after the latest collection; until the first one since {@link #watch},
   * what is in use now (it can only be more).
   */
  long heapAfterGcBytes() {
    long after = heapAfterGc.get();
    return after >= 0 ? after : ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  long collections() {
    return collections.get();
  }

  /** VmRSS of this process in bytes; -1 where the OS does not tell it (not Linux). */
  static long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] fields = line.substring("VmRSS:".length()).trim().split("\\s+");
          return Long.parseLong(fields[0]) * 1024; // "VmRSS:  123456 kB"
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (javax.management.ListenerNotFoundException e) {
        // already gone
      }
    }
  }
}
