/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.unclog.testing.Sleep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's and the JVM's accounting: schedstat on real threads, cgroup files recorded from v1
 * and v2 machines (v2 cannot be run here), and the JVM's class-loading counters.
 */
class KernelAccountingTest {
  @TempDir Path root;

  @Test
  void schedstat_parsesItsNumbers_andRejectsJunk() {
    long[] into = {7, 7};
    byte[] line = "970200664 291628 8\n".getBytes(StandardCharsets.US_ASCII);
    assertTrue(SchedStat.parse(line, line.length, into));
    assertArrayEquals(new long[] {970200664L, 291628L}, into);
    byte[] junk = "x 1 2".getBytes(StandardCharsets.US_ASCII);
    assertFalse(SchedStat.parse(junk, junk.length, into));
    byte[] one = "12".getBytes(StandardCharsets.US_ASCII);
    assertFalse(SchedStat.parse(one, one.length, into));
    assertArrayEquals(new long[] {970200664L, 291628L}, into, "left as it was");
  }

  @Test
  void schedstat_tellsASpinningThreadFromASleepingOne() throws Exception {
    SchedStat stat = new SchedStat();
    assumeTrue(stat.available(), "no /proc/<pid>/task/<tid>/schedstat here");
    AtomicLong spinner = new AtomicLong(-1);
    AtomicLong sleeper = new AtomicLong(-1);
    CountDownLatch done = new CountDownLatch(2);
    Thread spin =
        new Thread(
            () -> {
              spinner.set(SchedStat.currentTid());
              long end = System.nanoTime() + 300_000_000L;
              while (System.nanoTime() < end) {
                Thread.onSpinWait();
              }
              done.countDown();
            });
    Thread sleep =
        new Thread(
            () -> {
              sleeper.set(SchedStat.currentTid());
              Sleep.millis(300);
              done.countDown();
            });
    spin.start();
    sleep.start();
    // read while both still live: a dead thread's file is gone
    while (spinner.get() < 0 || sleeper.get() < 0) {
      Thread.onSpinWait();
    }
    long[] a = new long[2];
    long[] b = new long[2];
    Thread.sleep(250);
    assertTrue(stat.read(spinner.get(), a));
    assertTrue(stat.read(sleeper.get(), b));
    done.await();
    assertTrue(
        a[0] + a[1] >= 100_000_000L, "spun: on a CPU or waiting for one " + a[0] + " " + a[1]);
    assertTrue(b[0] < 50_000_000L, "slept: next to no CPU " + b[0]);
    assertNotEquals(spinner.get(), sleeper.get());
    assertFalse(stat.read(-1, a));
    assertFalse(stat.read(Long.MAX_VALUE, a), "no such thread");
  }

  private static void assertNotEquals(long a, long b) {
    assertTrue(a != b, a + " == " + b);
  }

  // The next three tests are alike in shape because each is data: one machine's recorded files.
  @Test
  void cgroupV1_withTheCpuControllerMountedAlone_readsThrottledTime() throws Exception {
    cpuStat(
        "sys/fs/cgroup/cpu/unclog-test",
        "nr_periods 40\nnr_throttled 12\nthrottled_time 731000000\nnr_bursts 0\n");
    cpuStat("sys/fs/cgroup/cpu", "nr_periods 0\nnr_throttled 0\nthrottled_time 0\n");
    String cgroup =
        "9:name=systemd:/\n4:memory:/process_api/f0\n2:cpuacct:/\n" + "1:cpu:/unclog-test\n0::/\n";
    String mountinfo =
        "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
            + "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
            + "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
            + "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
    CpuCgroup found = findUnderRoot(cgroup, mountinfo);
    assertEquals(2, found.statFiles().size(), "the group and the mount's top");
    assertEquals(731_000_000L, found.throttledNanos());
  }

  @Test
  void cgroupV1_cpuAndCpuacctTogether_insideAContainer() throws Exception {
    // the container sees its own group as the mount's root
    cpuStat("sys/fs/cgroup/cpu,cpuacct", "nr_periods 5\nnr_throttled 1\nthrottled_time 5000\n");
    String cgroup = "3:cpu,cpuacct:/kubepods/pod1/abc\n";
    String mountinfo =
        "40 31 0:33 /kubepods/pod1/abc /sys/fs/cgroup/cpu,cpuacct ro,nosuid"
            + " shared:9 - cgroup cgroup rw,cpu,cpuacct\n";
    CpuCgroup found = findUnderRoot(cgroup, mountinfo);
    assertEquals(5000L, found.throttledNanos());
  }

  @Test
  void cgroupV2_readsThrottledMicroseconds() throws Exception {
    cpuStat(
        "sys/fs/cgroup/system.slice/app.service",
        "usage_usec 9000\nuser_usec 6000\n"
            + "system_usec 3000\nnr_periods 50\nnr_throttled 20\nthrottled_usec 123456\n");
    String cgroup = "0::/system.slice/app.service\n";
    String mountinfo =
        "25 1 0:22 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4"
            + " - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n";
    CpuCgroup found = findUnderRoot(cgroup, mountinfo);
    assertEquals(123_456_000L, found.throttledNanos());
  }

  /** Writes {@code content} as the cpu.stat of {@code folder} under the recorded machine's root. */
  private void cpuStat(String folder, String content) throws IOException {
    Path group = Files.createDirectories(root.resolve(folder));
    Files.writeString(group.resolve("cpu.stat"), content);
  }

  /** The group that {@code cgroup} and {@code mountinfo} name under that root; fails if none. */
  private CpuCgroup findUnderRoot(String cgroup, String mountinfo) {
    CpuCgroup found = CpuCgroup.find(cgroup, mountinfo, root);
    assertNotNull(found, () -> "no group for " + cgroup);
    return found;
  }

  @Test
  void noCpuController_orNoFiles_isNull() {
    assertNull(
        CpuCgroup.find(
            "1:memory:/x\n",
            "32 31 0:29 / /sys/fs/cgroup/memory rw - cgroup" + " cgroup rw,memory\n",
            root));
    assertNull(
        CpuCgroup.find(
            "1:cpu:/gone\n",
            "32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup" + " cgroup rw,cpu\n",
            root),
        "no cpu.stat to read");
    assertNull(CpuCgroup.find("", "", root));
  }

  @Test
  void thisProcess_onLinux_hasACgroupToRead() {
    assumeTrue(Files.isReadable(Path.of("/proc/self/cgroup")), "not Linux");
    CpuCgroup mine = CpuCgroup.ofThisProcess();
    assumeTrue(mine != null, "no CPU controller mounted");
    assertTrue(mine.throttledNanos() >= 0, mine.toString());
  }

  @Test
  void jvmCounters_moveWhenAClassIsLoaded() throws Exception {
    JvmCounters counters = JvmCounters.ofThisJvm();
    assumeTrue(counters != null, "this JVM shares no perf data");
    long events = counters.classEvents();
    long loading = counters.classLoadingNanos();
    assertTrue(loading > 0 && events > 0);
    Class.forName("javax.swing.JTable", true, ClassLoader.getSystemClassLoader());
    assertTrue(counters.classEvents() > events, "loaded, linked and initialised classes");
    assertTrue(counters.classLoadingNanos() > loading);
  }

  @Test
  void jvmCounters_countTheTimeAtSafepoints() {
    JvmCounters counters = JvmCounters.ofThisJvm();
    assumeTrue(counters != null, "this JVM shares no perf data");
    long before = counters.safepointNanos();
    assertTrue(before >= 0, "HotSpot counts it");
    System.gc(); // a stop-the-world collection, at a safepoint
    assertTrue(counters.safepointNanos() > before);
  }

  @Test
  void jvmCounters_countTheGcPauses_readLiveFromTheFile() {
    JvmCounters counters = JvmCounters.ofThisJvm();
    assumeTrue(counters != null, "this JVM shares no perf data");
    long before = counters.gcNanos();
    assertTrue(before >= 0, "HotSpot counts its collectors' pauses");
    System.gc(); // a stop-the-world full collection
    assertTrue(counters.gcNanos() > before, "read from the file again, not a copy");
  }

  @Test
  void jvmCounters_rejectWhatIsNotPerfData_orAnotherJvms() throws Exception {
    assertNull(JvmCounters.parse(java.nio.ByteBuffer.allocate(64), 0));
    assertNull(JvmCounters.parse(java.nio.ByteBuffer.allocate(8), 0));
    Path mine =
        Path.of(
            "/tmp",
            "hsperfdata_" + System.getProperty("user.name"),
            Long.toString(ProcessHandle.current().pid()));
    assumeTrue(Files.isReadable(mine), "this JVM shares no perf data");
    byte[] bytes = Files.readAllBytes(mine);
    long started = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    assertNotNull(JvmCounters.parse(java.nio.ByteBuffer.wrap(bytes), started));
    assertNull(
        JvmCounters.parse(java.nio.ByteBuffer.wrap(bytes), started + 3_600_000L),
        "a JVM that started an hour apart is another one");
    java.util.Random random = new java.util.Random(42);
    for (int round = 0; round < 200; round++) { // damaged copies: null or counters, no throw
      byte[] damaged = bytes.clone();
      for (int i = 0; i < 16; i++) {
        damaged[32 + random.nextInt(damaged.length - 32)] = (byte) random.nextInt();
      }
      JvmCounters.parse(java.nio.ByteBuffer.wrap(damaged), 0);
      JvmCounters.parse(
          java.nio.ByteBuffer.wrap(damaged, 0, random.nextInt(damaged.length)).slice(), 0);
    }
  }
}
