/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.bench;

import dev.unclog.Hub;
import dev.unclog.Monitor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a switch hook per task: nanoseconds per task for an event loop that runs {@value
 * #TASKS} trivial tasks, with
 *
 * <ul>
 *   <li>{@code none}: no hook, just {@code task.run()};
 *   <li>{@code unclog}: {@code hub.enter(task); task.run(); hub.exit();} on a hub registered with a
 *       real, running {@link Monitor} that scans it every 25 ms, as in production;
 *   <li>{@code unclogNoTask}: the same with {@code hub.enter()}, which stores no task reference and
 *       so never meets the GC's write barrier;
 *   <li>{@code nanoTimeStamp}: what Vert.x's {@code BlockedThreadChecker} needs per dispatch
 *       ({@code VertxThread.executeStart/executeEnd}): a plain store of {@code System.nanoTime()}
 *       into a per-thread field before the task and a plain store of 0 after it.
 * </ul>
 *
 * The three loops are the same except for the hook lines; the hook cost is a score minus the {@code
 * none} score.
 *
 * <p>As in a real event loop the tasks are of several classes ({@value #TASK_CLASSES}), so {@code
 * task.run()} is a megamorphic interface call that the JIT cannot inline. That matters: an inlined
 * task body would let the JIT merge or drop the hook's stores (a plain store of the stamp, for
 * instance, is dead if nothing between it and the store of 0 can read it), which no real loop would
 * see. Each task increments its own counter, a heap store that cannot be optimised away.
 *
 * <p>The {@code hub} parameter says where the hub lives in the heap, which matters for G1's write
 * barrier on the task reference that {@code enter} stores:
 *
 * <ul>
 *   <li>{@code old}: the hub is promoted to the old generation (a {@code System.gc()} after
 *       registration) and the tasks are allocated afterwards in a young region. This is what a
 *       long-running loop sees: its hub is old and its tasks are new. The reference store crosses
 *       regions into an old object, so G1 (JDK 25 and earlier) runs the full post barrier, with its
 *       StoreLoad fence.
 *   <li>{@code young}: the hub and the tasks are allocated together in one young region and no GC
 *       moves them; a store into a young object needs no card, so G1's barrier filters it out after
 *       a few instructions. This is the hook's cost without the barrier, the best case.
 * </ul>
 *
 * The parameter changes nothing for {@code none} and {@code nanoTimeStamp} (no reference store);
 * their two rows show the run-to-run noise.
 *
 * <p>Run it from the repository root (about 3.5 minutes):
 *
 * <pre>
 * JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow \
 *     mvn -B -ntp -q -DskipTests -Dstyle.color=never package -pl core,bench
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar bench/target/benchmarks.jar HookBenchmark
 * </pre>
 *
 * The annotations set 3 forks of 5 warm-up and 5 measured iterations of 1 s each. On a machine with
 * other load, {@code bench/run-hook-benchmark.sh} runs single forks in interleaved rounds and
 * compares them round by round (BENCHMARKS.md has its figures). Add {@code -jvmArgsAppend
 * -XX:+UseParallelGC} to see the hook under a collector whose card mark has no fence, and {@code
 * -prof perfnorm} for cycles and instructions per task where perf can read the hardware counters.
 */
@Fork(3)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class HookBenchmark extends NanosPerOperation {
  /** Tasks per benchmark invocation; the scores are per task. */
  static final int TASKS = 1024;

  /** Task classes in the array, enough to make the call site megamorphic (more than 2). */
  static final int TASK_CLASSES = 4;

  /** The event loop's state, owned by the benchmark thread as a loop's state is by its thread. */
  @State(Scope.Thread)
  public static class Loop {
    /** Where the hub lives in the heap; see the class comment. */
    @Param({"old", "young"})
    public String hub;

    Monitor monitor;
    Hub theHub;

    /** Stands in for VertxThread: the per-thread object that holds the task's start time. */
    ThreadStamp stamp;

    Runnable[] tasks;

    /** Starts a monitor, registers this thread's hub and builds the tasks. */
    @Setup(Level.Trial)
    public void setUp() {
      // Runs on the benchmark thread, so the hub is that thread's, and a real monitor thread
      // scans it every period (25 ms by default) for the whole trial. All three variants run
      // with the monitor started, so they differ only in the loop body.
      monitor = Monitor.builder().printTo(null).build();
      theHub = monitor.register(Thread.currentThread(), Hub.EVENT_LOOP);
      stamp = new ThreadStamp();
      switch (hub) {
        case "old" -> System.gc(); // promote the hub (and the stamp); the tasks come after
        case "young" -> {}
        default -> throw new IllegalArgumentException("hub=" + hub);
      }
      tasks = new Runnable[TASKS];
      for (int i = 0; i < TASKS; i++) {
        tasks[i] =
            switch (i % TASK_CLASSES) {
              case 0 -> new Task0();
              case 1 -> new Task1();
              case 2 -> new Task2();
              default -> new Task3();
            };
      }
    }

    /** Checks that the tasks ran and stops the monitor. */
    @TearDown(Level.Trial)
    public void tearDown() {
      long runs = 0;
      for (Runnable task : tasks) {
        runs += ((Task) task).count;
      }
      if (runs == 0) {
        throw new IllegalStateException("no task ran");
      }
      theHub.close();
      monitor.close();
    }
  }

  /*
   * The three loops. Keep them identical apart from the hook lines: same locals, same
   * iteration, same call. They are written out rather than shared through a hook interface
   * because such a call is itself a cost (a type check, at best) that would blur the
   * difference being measured.
   */

  /** The loop without a hook: the baseline. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void none(Loop loop) {
    Runnable[] tasks = loop.tasks;
    for (Runnable task : tasks) {
      task.run();
    }
  }

  /** The loop with unclog's switch hooks around each task. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void unclog(Loop loop) {
    Runnable[] tasks = loop.tasks;
    Hub hub = loop.theHub;
    for (Runnable task : tasks) {
      hub.enter(task);
      task.run();
      hub.exit();
    }
  }

  /** The loop with unclog's cheapest hooks: {@code enter()} stores no task reference. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void unclogNoTask(Loop loop) {
    Runnable[] tasks = loop.tasks;
    Hub hub = loop.theHub;
    for (Runnable task : tasks) {
      hub.enter();
      task.run();
      hub.exit();
    }
  }

  /** The loop with a Vert.x-style start-time stamp around each task. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  public void nanoTimeStamp(Loop loop) {
    Runnable[] tasks = loop.tasks;
    ThreadStamp stamp = loop.stamp;
    for (Runnable task : tasks) {
      stamp.execStart = System.nanoTime();
      task.run();
      stamp.execStart = 0;
    }
  }

  /** Vert.x's {@code VertxThread.execStart}: a plain field, read by the checker thread. */
  static final class ThreadStamp {
    long execStart;
  }

  /** A trivial task: one increment of its own counter. */
  abstract static class Task implements Runnable {
    int count;
  }

  static final class Task0 extends Task {
    @Override
    public void run() {
      count++;
    }
  }

  static final class Task1 extends Task {
    @Override
    public void run() {
      count++;
    }
  }

  static final class Task2 extends Task {
    @Override
    public void run() {
      count++;
    }
  }

  static final class Task3 extends Task {
    @Override
    public void run() {
      count++;
    }
  }
}
