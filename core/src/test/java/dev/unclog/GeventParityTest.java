/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** gevent's memory threshold events and monitoring functions. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GeventParityTest {
  @Test
  void heapOverTheLimit_isReportedOnceGrowing_andOnceRecovered() throws Exception {
    Recorder recorder = new Recorder();
    System.gc(); // earlier tests' garbage, collected later, would hide the ballast below
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long limit = used + (48L << 20);
    try (Monitor monitor =
        Monitor.builder()
            .printTo(null)
            .listener(recorder)
            .memoryLimit(limit)
            .memoryPeriod(Duration.ofMillis(10))
            .build()) {
      byte[][] ballast = new byte[96][];
      for (int i = 0; i < ballast.length; i++) {
        ballast[i] = new byte[1 << 20]; // 96 MiB, held
      }
      recorder.awaitTrue(() -> !recorder.memory.isEmpty(), "the heap over its limit");
      Recorder.awaitScans(monitor, 10); // still over: nothing more
      assertEquals(1, recorder.memory.size(), () -> "" + recorder.memory);
      MemoryEvent over = recorder.memory.get(0);
      assertEquals(MemoryEvent.Type.EXCEEDED, over.type());
      assertTrue(over.usedBytes() > limit && over.limitBytes() == limit, over.toString());
      assertTrue(ballast[95].length > 0);
      ballast = null;
      recorder.awaitTrue(
          () -> {
            System.gc();
            return recorder.memory.size() == 2;
          },
          "the heap back under its limit");
      assertEquals(MemoryEvent.Type.RECOVERED, recorder.memory.get(1).type());
    }
  }

  @Test
  void monitoringFunctions_runOnTheirOwnThread_survivingThrows_untilClosed() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger throwing = new AtomicInteger();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    Recorder waiter = new Recorder();
    try (Monitor monitor = Monitor.builder().printTo(null).build()) {
      monitor.register(Thread.currentThread(), Hub.EVENT_LOOP); // starts the monitor
      Registration counting =
          monitor.addMonitoringFunction(
              () -> {
                threads.add(Thread.currentThread().getName());
                runs.incrementAndGet();
              },
              Duration.ofMillis(10));
      Registration failing =
          monitor.addMonitoringFunction(
              () -> {
                throwing.incrementAndGet();
                throw new IllegalStateException("a check that fails");
              },
              Duration.ofMillis(10));
      waiter.awaitTrue(() -> runs.get() >= 5 && throwing.get() >= 5, "five runs of each");
      assertEquals(Set.of("unclog-functions"), threads);
      counting.close();
      failing.close();
      int after = runs.get();
      Recorder.awaitScans(monitor, 8);
      assertTrue(runs.get() <= after + 1, "stopped: " + after + " then " + runs.get());
    }
    new Recorder()
        .awaitTrue(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().equals("unclog-functions")),
            "the runner gone with the monitor");
  }
}
