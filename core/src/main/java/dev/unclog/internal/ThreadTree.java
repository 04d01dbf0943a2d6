/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import dev.unclog.BlockingEvent;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code Info:} section of a {@code blocked} report, gevent's greenlet tree for Java: every
 * platform and virtual thread, under the thread containers that own them (executors, {@code
 * newVirtualThreadPerTaskExecutor}, structured task scopes), taken from the JDK's JSON thread dump.
 * Threads in the same state at the same frames are one line ("812 virtual threads WAITING at ..."),
 * so that thousands of virtual threads make a few lines; the blocked hub and the culprit are always
 * shown on their own.
 *
 * <p>A dump is not free (about 11 MB and a few hundred ms with 10,000 virtual threads), so it is
 * taken only here, on the thread that writes the report, never on the monitor thread; and at most
 * once per {@link #GLOBAL}'s interval: a report within it says so in one line. Without the dump
 * facility (no {@code jdk.management} module) or if it fails, the section lists the platform
 * threads, with one line saying why.
 *
 * <p>Everything taken from the dump (thread and container names, frames) is escaped and cut, so a
 * thread named with a newline cannot forge report lines; the whole section is bounded by {@link
 * #MAX_LINES} lines and {@link #MAX_CHARS} characters whatever the number of threads.
 */
public final class ThreadTree {
  /**
   * The tree of all monitors' text reports: a dump at most every second, and never more than
   * 1/{@value #COST_FACTOR} of the time (a dump that took 1 s waits 20 s for the next).
   */
  public static final ThreadTree GLOBAL =
      new ThreadTree(Duration.ofSeconds(1), Path.of(System.getProperty("java.io.tmpdir")));

  /*
   * A dump walks every thread (a handshake each), so its cost to the application grows with the
   * thread count: the wait before the next one grows with it, which keeps dumps frequent enough
   * to be useful in a small program and rare in one with 100,000 virtual threads.
   */
  static final int COST_FACTOR = 20;

  static final int MAX_LINES = 200;
  static final int MAX_CHARS = 32 * 1024;
  /* A bigger dump (about 60,000 threads) would take hundreds of MB to parse: listed without. */
  static final long MAX_DUMP_BYTES = 64L << 20;
  static final int MAX_PLATFORM_THREADS = 64;
  static final int SITE_FRAMES = 5;
  private static final int MAX_NAME = 80;
  private static final int MAX_FRAME = 240;
  private static final int EXAMPLES = 3;
  private static final int KEY_FRAMES = 8;
  private static final int MAX_DEPTH = 16;

  private final long minIntervalNanos;
  private final Path tmpDir;
  /* Guarded by this: the reporter threads of all monitors share the one rate. */
  private long lastDumpNanos;
  private long nextDumpNanos;
  private boolean dumped;

  ThreadTree(Duration minInterval, Path tmpDir) {
    this.minIntervalNanos = minInterval.toNanos();
    this.tmpDir = tmpDir;
  }

  /**
   * The {@code Info:} section of a {@code blocked} report. The text sink writes it after the rest
   * of the report, so that a slow dump (or the JVM exiting meanwhile) never holds back the blocked
   * stack.
   */
  public String info(BlockingEvent event) {
    return info(event.threadId(), event.hub());
  }

  /** The section: a fresh tree, or the rate-limit line. */
  String info(long culpritId, String hubName) {
    long now = System.nanoTime();
    long last;
    long next;
    boolean take;
    synchronized (this) { // the dump itself is outside: another monitor's reporter never waits
      last = lastDumpNanos;
      next = nextDumpNanos;
      take = !dumped || now - next >= 0;
      if (take) {
        dumped = true;
        lastDumpNanos = now;
        nextDumpNanos = now + Long.MAX_VALUE / 4; // none while this one runs, however long
      }
    }
    if (!take) {
      return now - next < -Long.MAX_VALUE / 8
          ? "Info: threads not listed: a thread dump is under way for another report\n\n"
          : "Info: threads not listed: the last thread dump was "
              + Durations.format(Duration.ofNanos(now - last))
              + " ago; the next may come in "
              + Durations.format(Duration.ofNanos(next - now))
              + " (unclog waits "
              + COST_FACTOR
              + " times as long as a dump took, and at least "
              + Durations.format(Duration.ofNanos(minIntervalNanos))
              + ")\n\n";
    }
    try {
      return render(culpritId, hubName);
    } finally {
      long took = System.nanoTime() - now;
      synchronized (this) {
        nextDumpNanos = now + Math.max(minIntervalNanos, COST_FACTOR * took);
      }
    }
  }

  /** The whole section for a culprit thread and hub, from a fresh dump or the fallback. */
  String render(long culpritId, String hubName) {
    Map<String, Object> dump;
    try {
      dump = dump();
    } catch (Exception | LinkageError e) {
      return platformThreads(culpritId, "the JDK's thread dump failed (" + e + ")");
    }
    try {
      return render(
          dump, culpritId, hubName, SpawnSites.enabled() ? SpawnSites.byThreadId() : Map.of());
    } catch (RuntimeException e) { // a dump format this code does not know
      return platformThreads(culpritId, "the JDK's thread dump could not be read (" + e + ")");
    }
  }

  /**
   * Takes a JSON thread dump. The JDK refuses to overwrite a file, so it writes into a fresh
   * directory only this user can enter (rwx------), deleted with the file afterwards.
   */
  Map<String, Object> dump() throws IOException {
    Path dir =
        FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
            ? Files.createTempDirectory(
                tmpDir,
                "unclog-threads-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
            : Files.createTempDirectory(tmpDir, "unclog-threads-");
    Path file = dir.resolve("threads.json");
    try {
      Diagnostics.BEAN.dumpThreads(
          file.toAbsolutePath().toString(),
          com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
      long size = Files.size(file);
      long cap = Math.min(MAX_DUMP_BYTES, Runtime.getRuntime().maxMemory() / 32);
      if (size > cap) { // reading it takes several times its size of the application's heap
        throw new IOException(
            "the dump is "
                + (size >> 20)
                + " MiB, over the "
                + (cap >> 20)
                + " MiB unclog reads with this heap");
      }
      return JsonReader.object(Files.readString(file));
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  /* In a class of its own: without jdk.management, only using it fails (NoClassDefFoundError). */
  private static final class Diagnostics {
    static final com.sun.management.HotSpotDiagnosticMXBean BEAN =
        ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
  }

  /** One thread of the dump; the JDK 21 format has no state, virtual flag or carrier. */
  private record Entry(
      long id, String name, String state, boolean virtual, long carrier, List<String> stack) {}

  /** One line of the tree: threads alike in kind, state, frames and spawn site. */
  private record Group(
      boolean virtual,
      String state,
      List<String> frames,
      List<StackTraceElement> site,
      List<Entry> members) {}

  private static final class Container {
    final String name;
    final List<Entry> threads = new ArrayList<>();
    final List<Container> children = new ArrayList<>();
    int total; // threads here and below

    Container(String name) {
      this.name = name;
    }
  }

  /** Renders a parsed dump: the part tests reach without taking one. */
  static String render(
      Map<String, Object> dump,
      long culpritId,
      String hubName,
      Map<Long, List<StackTraceElement>> sites) {
    Object top = dump.get("threadDump");
    if (!(top instanceof Map<?, ?> threadDump)
        || !(threadDump.get("threadContainers") instanceof List<?> containers)) {
      throw new IllegalArgumentException("no threadDump.threadContainers");
    }
    Map<String, Container> byName = new LinkedHashMap<>();
    Map<Container, String> parents = new LinkedHashMap<>();
    Entry culprit = null;
    int threads = 0;
    int virtual = 0;
    // Any shape may come (another JDK's format, a damaged file): what is not as expected is
    // refused in words, never a ClassCastException
    for (Object item : containers) {
      if (!(item instanceof Map<?, ?> fields)) {
        throw new IllegalArgumentException("a thread container that is not an object");
      }
      Container container = new Container(String.valueOf(fields.get("container")));
      byName.putIfAbsent(container.name, container);
      parents.put(container, fields.get("parent") instanceof String parent ? parent : null);
      if (!(fields.get("threads") instanceof List<?> members)) {
        throw new IllegalArgumentException("a thread container without a list of threads");
      }
      for (Object thread : members) {
        if (!(thread instanceof Map<?, ?> threadFields)) {
          throw new IllegalArgumentException("a thread that is not an object");
        }
        Entry entry = entry(threadFields);
        container.threads.add(entry);
        threads++;
        virtual += entry.virtual ? 1 : 0;
        culprit = entry.id == culpritId ? entry : culprit;
      }
    }
    long hubId = culprit == null ? -1 : culprit.virtual ? culprit.carrier : culprit.id;
    List<Entry> marked = new ArrayList<>();
    List<Container> roots = new ArrayList<>();
    for (Map.Entry<Container, String> link : parents.entrySet()) {
      Container parent = link.getValue() == null ? null : byName.get(link.getValue());
      (parent == null || parent == link.getKey() ? roots : parent.children).add(link.getKey());
    }
    Writer out = new Writer(culpritId, hubId, hubName, sites);
    out.line("Info:");
    out.line(ReportText.STARS);
    out.line(
        "* Threads: "
            + threads
            + " ("
            + virtual
            + " virtual) in "
            + parents.size()
            + " containers, from the JDK's thread dump");
    out.line(ReportText.STARS);
    Set<Container> seen = new HashSet<>();
    for (Container root : roots) {
      count(root, seen, 0);
    }
    seen.clear();
    for (Container root : roots) {
      out.container(root, seen, 0);
    }
    for (Container container : parents.keySet()) {
      for (Entry thread : container.threads) {
        if (!out.mark(thread).isEmpty()) {
          marked.add(thread);
        }
      }
    }
    out.end(threads, marked);
    return out.text.toString();
  }

  private static Entry entry(Map<?, ?> thread) {
    List<String> stack = new ArrayList<>();
    if (thread.get("stack") instanceof List<?> frames) {
      for (Object frame : frames) {
        stack.add(String.valueOf(frame)); // a frame is text; anything else is shown as text
      }
    }
    boolean virtual =
        Boolean.TRUE.equals(thread.get("virtual"))
            || (!stack.isEmpty()
                && stack
                    .get(stack.size() - 1)
                    .startsWith(
                        "java.base/java.lang.VirtualThread.run(")); // JDK 21 says nothing else
    return new Entry(
        number(thread.get("tid")),
        String.valueOf(thread.get("name")),
        thread.get("state") instanceof String state ? state : null,
        virtual,
        number(thread.get("carrier")),
        stack);
  }

  /** The JDK writes ids as strings (a long may exceed JSON's safe integers); -1 if absent. */
  private static long number(Object value) {
    if (value instanceof Number number) {
      return number.longValue();
    }
    try {
      return value instanceof String text ? Long.parseLong(text) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /* Counts each container's threads with its descendants; a container is visited once. */
  private static int count(Container container, Set<Container> seen, int depth) {
    if (!seen.add(container) || depth > MAX_DEPTH) {
      return 0;
    }
    container.total = container.threads.size();
    for (Container child : container.children) {
      container.total += count(child, seen, depth + 1);
    }
    return container.total;
  }

  /** The output, with the caps and the marks. */
  private static final class Writer {
    final StringBuilder text = new StringBuilder(4096);
    final long culpritId;
    final long hubId;
    final String hubName;
    final Map<Long, List<StackTraceElement>> sites;
    int lines;
    int shownThreads;
    boolean full;
    final Set<Long> markedShown = new HashSet<>();

    Writer(long culpritId, long hubId, String hubName, Map<Long, List<StackTraceElement>> sites) {
      this.culpritId = culpritId;
      this.hubId = hubId;
      this.hubName = hubName;
      this.sites = sites;
    }

    void line(String line) {
      text.append(line).append('\n');
      lines++;
      full = lines >= MAX_LINES || text.length() >= MAX_CHARS;
    }

    void container(Container container, Set<Container> seen, int depth) {
      if (full || container.total == 0 || depth > MAX_DEPTH || !seen.add(container)) {
        return;
      }
      String indent = "  ".repeat(depth);
      line(
          indent
              + Text.printable(container.name, MAX_NAME)
              + " ("
              + container.total
              + (container.total == 1 ? " thread)" : " threads)"));
      for (Group group : groups(container.threads)) {
        if (full) {
          return;
        }
        group(indent + "  ", group);
      }
      for (Container child : container.children) {
        container(child, seen, depth + 1);
      }
    }

    /* Marked threads get groups of their own, so their mark is never lost in a count. */
    List<Group> groups(List<Entry> threads) {
      Map<List<Object>, Group> groups = new LinkedHashMap<>();
      for (Entry thread : threads) {
        List<String> frames = keyFrames(thread.stack);
        List<StackTraceElement> site = sites.getOrDefault(thread.id, List.of());
        List<Object> key =
            mark(thread).isEmpty()
                ? List.of(thread.virtual, String.valueOf(thread.state), frames, site)
                : List.of(thread.id);
        groups
            .computeIfAbsent(
                key, k -> new Group(thread.virtual, thread.state, frames, site, new ArrayList<>()))
            .members
            .add(thread);
      }
      List<Group> sorted = new ArrayList<>(groups.values());
      sorted.sort((a, b) -> Integer.compare(b.members.size(), a.members.size()));
      return sorted;
    }

    void group(String indent, Group group) {
      StringBuilder line = new StringBuilder(indent);
      Entry first = group.members.get(0);
      int size = group.members.size();
      if (size == 1) {
        line.append(quoted(first.name))
            .append(" #")
            .append(first.id)
            .append(first.virtual ? " virtual" : "");
      } else {
        line.append(size).append(first.virtual ? " virtual threads" : " threads");
      }
      if (group.state != null) {
        line.append(' ').append(group.state);
      }
      if (first.carrier >= 0) {
        line.append(" on carrier #").append(first.carrier);
      }
      line.append(where(group.frames));
      if (size > 1) {
        line.append(", e.g.");
        for (int i = 0; i < Math.min(EXAMPLES, size); i++) {
          Entry example = group.members.get(i);
          line.append(i == 0 ? " #" : ", #").append(example.id);
          if (!example.name.isEmpty()) {
            line.append(' ').append(quoted(example.name));
          }
        }
      }
      line.append(mark(first));
      line(line.toString());
      shownThreads += size;
      if (!mark(first).isEmpty()) {
        markedShown.add(first.id);
      }
      if (!group.site.isEmpty()) {
        line(
            indent
                + "  spawned at "
                + Text.printable(Frames.culprit(group.site).toString(), MAX_FRAME));
      }
    }

    String mark(Entry thread) {
      if (thread.id == culpritId && thread.virtual) {
        return "  <- the culprit";
      }
      return thread.id == hubId || (hubId < 0 && !thread.virtual && thread.name.equals(hubName))
          ? "  <- the blocked hub"
          : "";
    }

    /* Past the caps, the marked threads still get their lines. */
    void end(int threads, List<Entry> marked) {
      if (shownThreads < threads) {
        text.append("... ")
            .append(threads - shownThreads)
            .append(" more threads not shown (")
            .append(MAX_LINES)
            .append(" lines at most)\n");
        for (Entry thread : marked) {
          if (!markedShown.contains(thread.id)) {
            group(
                "  ",
                new Group(
                    thread.virtual,
                    thread.state,
                    keyFrames(thread.stack),
                    sites.getOrDefault(thread.id, List.of()),
                    List.of(thread)));
          }
        }
      }
      text.append('\n');
    }
  }

  /** The frames that tell threads apart: the top ones, down to the first outside the JDK. */
  private static List<String> keyFrames(List<String> stack) {
    int culprit = culpritFrame(stack);
    return stack.subList(0, Math.min(stack.size(), Math.min(KEY_FRAMES, culprit + 1)));
  }

  /* Frames print as [loader/][module[@version]/]class.method(file:line): JDK modules name it. */
  private static int culpritFrame(List<String> stack) {
    for (int i = 0; i < stack.size(); i++) {
      String frame = stack.get(i);
      int paren = frame.indexOf('(');
      int slash = frame.lastIndexOf('/', paren < 0 ? frame.length() : paren);
      String module =
          slash < 0 ? "" : frame.substring(frame.lastIndexOf('/', slash - 1) + 1, slash);
      if (!(module.startsWith("java.") || module.startsWith("jdk."))) {
        return i;
      }
    }
    return 0;
  }

  /** " at <first frame outside the JDK> in <the JDK frame it called>", or no frames. */
  private static String where(List<String> frames) {
    if (frames.isEmpty()) {
      return ", no Java frames";
    }
    int culprit = culpritFrame(frames);
    String at = " at " + Text.printable(frames.get(culprit), MAX_FRAME);
    return culprit == 0 ? at : at + " in " + Text.printable(frames.get(culprit - 1), MAX_FRAME);
  }

  /**
   * Appends "Spawned at:" and a site's frames from its first frame outside the JDK, at most {@link
   * #SITE_FRAMES}; nothing for an empty site.
   */
  public static void appendSite(StringBuilder text, List<StackTraceElement> site) {
    if (site.isEmpty()) {
      return;
    }
    text.append("Spawned at:\n");
    int from = site.indexOf(Frames.culprit(site));
    for (int i = from; i < Math.min(site.size(), from + SITE_FRAMES); i++) {
      text.append("    at ").append(Text.printable(site.get(i).toString(), MAX_FRAME)).append('\n');
    }
  }

  /** The platform threads, as the JVM lists them: the fallback when no dump can be had. */
  static String platformThreads(long blockedThreadId, String why) {
    StringBuilder text =
        new StringBuilder("Info:\n")
            .append(ReportText.STARS)
            .append("\n* Threads\n")
            .append(ReportText.STARS)
            .append('\n');
    text.append("(platform threads only: ").append(Text.printable(why, MAX_FRAME)).append(")\n");
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int count = root.enumerate(threads, true);
    for (int i = 0; i < count && i < MAX_PLATFORM_THREADS; i++) {
      Thread thread = threads[i];
      text.append(quoted(thread.getName()))
          .append(" #")
          .append(thread.threadId())
          .append(thread.isDaemon() ? " daemon " : " ")
          .append(thread.getState());
      if (thread.threadId() == blockedThreadId) {
        text.append("  <- the blocked hub");
      }
      text.append('\n');
    }
    if (count > MAX_PLATFORM_THREADS) {
      text.append("... and ").append(count - MAX_PLATFORM_THREADS).append(" more\n");
    }
    return text.append('\n').toString();
  }

  /** A thread's name in quotes, its quotes and backslashes escaped: names cannot forge a line. */
  static String quoted(String name) {
    return '"' + Text.printable(name.replace("\\", "\\\\").replace("\"", "\\\""), MAX_NAME) + '"';
  }
}
